from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "yingshang.deadlines"
    label = "deadlines"
    verbose_name = "审限与期限"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.deadlines.views import case_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
