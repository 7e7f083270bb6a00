from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "yingshang.assessments"
    label = "assessments"
    verbose_name = "涉企案件经济影响评估"

    def ready(self):
        from yingshang.assessments.views import case_panel
        from yingshang.cases.views import CASE_PANELS

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
