from django.urls import path

from yingshang.measures import views

app_name = "measures"
urlpatterns = [
    path("measures/", views.board, name="board"),
    path("measures/export.xlsx", views.board_export, name="export"),
    path("measures/import/", views.plan_upload, name="import"),
    path("measures/led/", views.led, name="led"),
    path("measures/department/", views.department, name="department"),
    path("measures/<int:measure_id>/", views.measure_detail, name="detail"),
    path("measures/<int:measure_id>/reports/", views.report_create, name="report_create"),
    path("measures/reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path("measures/<int:measure_id>/inspections/", views.inspection_create, name="inspection_create"),
    path("measures/inspections/<int:inspection_id>/follow-up/", views.inspection_follow_up, name="follow_up"),
    path("measures/inspections/<int:inspection_id>/close/", views.inspection_close, name="inspection_close"),
    path("measures/evidence/<int:evidence_id>/", views.evidence_download, name="evidence"),
    path("measures/meetings/", views.meetings, name="meetings"),
    path("measures/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("measures/reforms/", views.reforms, name="reforms"),
    path("measures/reforms/<int:reform_id>/", views.reform_detail, name="reform_detail"),
    path("measures/reforms/<int:reform_id>/adopt/", views.reform_adopt, name="reform_adopt"),
    path("measures/reforms/<int:reform_id>/reject/", views.reform_reject, name="reform_reject"),
    path("measures/reforms/<int:reform_id>/plan/", views.reform_plan, name="reform_plan"),
    path("measures/reforms/<int:reform_id>/reports/", views.reform_report, name="reform_report"),
    path("measures/review/", views.review_current, name="review_current"),
    path("measures/review/<int:year>/<int:quarter>/", views.review, name="review"),
    path("measures/review/<int:year>/<int:quarter>/pack.pdf", views.review_pdf, name="review_pdf"),
    path("measures/review/<int:year>/<int:quarter>/pack.xlsx", views.review_xlsx, name="review_xlsx"),
]
