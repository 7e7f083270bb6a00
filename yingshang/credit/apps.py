from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "yingshang.credit"
    label = "credit"
    verbose_name = "信用"
