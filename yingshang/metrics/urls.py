from django.urls import path

from yingshang.metrics import views

app_name = "metrics"

urlpatterns = [
    path("metrics/", views.dashboard, name="dashboard"),
    path("metrics/departments/<int:department_id>/", views.department_dashboard, name="department"),
    path("metrics/judges/<int:judge_id>/", views.judge_dashboard, name="judge"),
    path("metrics/trend/", views.trend_partial, name="trend"),
    path("metrics/comparison/", views.comparison_partial, name="comparison"),
    path("metrics/export/", views.export, name="export"),
    path("metrics/catalogue/", views.catalogue, name="catalogue"),
    path("metrics/indicators/<slug:code>/", views.indicator_detail, name="indicator"),
    path("metrics/indicators/<slug:code>/cases/", views.drilldown, name="drilldown"),
    path("metrics/indicators/<slug:code>/cases/export/", views.drilldown_export, name="drilldown_export"),
    path("metrics/agency-appearances/", views.appearances, name="appearances"),
]
