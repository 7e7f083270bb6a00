from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo activity across the apps (nothing depends on this app; it depends on all of them)."""

    name = "yingshang.demo"
    label = "demo"
    verbose_name = "演示数据"
