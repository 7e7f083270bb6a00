from django.apps import AppConfig


class MetricsConfig(AppConfig):
    name = "yingshang.metrics"
    label = "metrics"
    verbose_name = "质效指标"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.metrics.views import agency_head_case_panel

        if agency_head_case_panel not in CASE_PANELS:
            CASE_PANELS.append(agency_head_case_panel)
