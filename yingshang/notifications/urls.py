from django.urls import path

from yingshang.notifications import views

app_name = "notifications"
urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/badge/", views.inbox_badge, name="inbox_badge"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:item_id>/read/", views.inbox_read, name="inbox_read"),
    path("notifications/follow-ups/", views.followups, name="followups"),
    path("notifications/follow-ups/<int:task_id>/close/", views.followup_close, name="followup_close"),
    path("notifications/preferences/", views.preferences, name="preferences"),
]
