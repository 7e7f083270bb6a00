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

        from yingshang.cases.services import CASE_STATUS_HOOKS
        from yingshang.deadlines.services import case_status_hook

        if case_status_hook not in CASE_STATUS_HOOKS:
            CASE_STATUS_HOOKS.append(case_status_hook)

        from yingshang.deadlines import conf

        conf.enforcement_extension_approvers()  # fail fast on a bad approver setting (ImproperlyConfigured)
