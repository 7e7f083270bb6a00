from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "yingshang.documents"
    label = "documents"
    verbose_name = "送达与电子卷宗"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.documents.views import case_dossier_panel

        if case_dossier_panel not in CASE_PANELS:
            CASE_PANELS.append(case_dossier_panel)

        from yingshang.calendar.signals import calendar_changed
        from yingshang.documents.services.decisions import on_calendar_changed

        calendar_changed.connect(on_calendar_changed, dispatch_uid="documents.appeal_clocks")
