from django.apps import AppConfig


class PreservationConfig(AppConfig):
    name = "yingshang.preservation"
    label = "preservation"
    verbose_name = "财产保全"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS
        from yingshang.core.context_processors import NAV_ITEMS
        from yingshang.preservation.views import case_panel

        if case_panel not in CASE_PANELS:
            CASE_PANELS.append(case_panel)
        entry = ("preservation:list", "财产保全", "yingshang.preservation.permissions.can_list_court_applications")
        if entry not in NAV_ITEMS:
            NAV_ITEMS.append(entry)
