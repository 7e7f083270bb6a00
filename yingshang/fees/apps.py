from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "yingshang.fees"
    label = "fees"
    verbose_name = "诉讼费用"
