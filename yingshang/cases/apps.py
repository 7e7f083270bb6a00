from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "yingshang.cases"
    label = "cases"
    verbose_name = "案件与当事人"
