from django.urls import path

from yingshang.measures import views

app_name = "measures"
urlpatterns = [
    path("measures/", views.board, name="board"),
    path("measures/export.xlsx", views.board_export, name="export"),
    path("measures/import/", views.plan_upload, name="import"),
    path("measures/<int:measure_id>/", views.measure_detail, name="detail"),
    path("measures/<int:measure_id>/reports/", views.report_create, name="report_create"),
    path("measures/<int:measure_id>/inspections/", views.inspection_create, name="inspection_create"),
    path("measures/inspections/<int:inspection_id>/follow-up/", views.inspection_follow_up, name="follow_up"),
    path("measures/inspections/<int:inspection_id>/close/", views.inspection_close, name="inspection_close"),
    path("measures/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
]
