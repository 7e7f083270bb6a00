from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yingshang.documents"
    label = "documents"
    verbose_name = "送达与电子卷宗"
