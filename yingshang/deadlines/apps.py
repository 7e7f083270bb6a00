from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "yingshang.deadlines"
    label = "deadlines"
    verbose_name = "审限与期限"
