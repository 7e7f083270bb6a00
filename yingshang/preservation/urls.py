from django.urls import path

from yingshang.preservation import views

app_name = "preservation"
urlpatterns = [
    path("preservation/", views.application_list, name="list"),
    path("preservation/export.xlsx", views.application_export, name="export"),
    path("preservation/cases/<int:case_id>/applications/", views.case_action, name="case_action"),
    path("preservation/<int:application_id>/action/", views.application_action, name="action"),
]
