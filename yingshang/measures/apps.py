from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "yingshang.measures"
    label = "measures"
    verbose_name = "营商环境举措"
