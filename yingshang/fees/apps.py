from django.apps import AppConfig


class FeesConfig(AppConfig):
    name = "yingshang.fees"
    label = "fees"
    verbose_name = "诉讼费用"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.fees.views import case_fee_panel

        if case_fee_panel not in CASE_PANELS:
            CASE_PANELS.append(case_fee_panel)

        from yingshang.cases.services import CASE_STATUS_HOOKS
        from yingshang.fees.services import refund_on_judgment_hook

        if refund_on_judgment_hook not in CASE_STATUS_HOOKS:
            CASE_STATUS_HOOKS.append(refund_on_judgment_hook)
