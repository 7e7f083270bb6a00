from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "yingshang.notifications"
    label = "notifications"
    verbose_name = "通知"

    def ready(self):
        from yingshang.cases.views import CASE_PANELS

        if case_messages_panel not in CASE_PANELS:
            CASE_PANELS.append(case_messages_panel)


def case_messages_panel(request, case):
    """The case page's 通知记录 panel (court staff only; the case is already access-checked by the page)."""
    user = request.user
    if not (user.is_court_staff or user.is_superuser):
        return None
    from yingshang.notifications.selectors import messages_for_case

    return {"title": "通知记录", "template": "notifications/partials/_case_messages.html",
            "context": {"items": list(messages_for_case(case_id=case.pk)[:50])}}
