from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    name = "yingshang.enforcement"
    label = "enforcement"
    verbose_name = "执行"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.enforcement.views import case_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
