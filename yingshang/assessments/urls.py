from django.urls import path

from yingshang.assessments import views

app_name = "assessments"
urlpatterns = [
    path("cases/<int:case_id>/assessments/<str:stage>/", views.stage_form, name="stage_form"),
    path("assessments/statistics/", views.statistics_page, name="statistics"),
    path("assessments/statistics/export.xlsx", views.statistics_export, name="statistics_export"),
    path("assessments/samples/", views.samples_page, name="samples"),
    path("assessments/samples/<int:sample_id>/", views.sample_page, name="sample"),
    path("assessments/samples/<int:sample_id>/report.pdf", views.sample_pdf, name="sample_pdf"),
    path("typical-cases/", views.typical_cases_page, name="typical_cases"),
    path("agency/", views.agency_page, name="agency"),
    path("agency/decisions/<int:decision_id>/assess/", views.agency_assess, name="agency_assess"),
]
