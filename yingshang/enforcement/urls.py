from django.urls import path

from yingshang.enforcement import views

app_name = "enforcement"
urlpatterns = [
    path("enforcement/", views.workbench, name="workbench"),
    path("enforcement/reconciliation.xlsx", views.reconciliation_export, name="reconciliation_export"),
    path("enforcement/cases/<int:case_id>/action/", views.case_action, name="case_action"),
    path("enforcement/sanctions/", views.sanctions_page, name="sanctions"),
    path("grid/", views.grid_tasks, name="grid"),
]
