from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yingshang.notifications"
    label = "notifications"
    verbose_name = "通知"
