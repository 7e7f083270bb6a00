from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "yingshang.filing"
    label = "filing"
    verbose_name = "立案登记与繁简分流"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.filing.views import case_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
