from django.urls import path

from yingshang.assessments import views

app_name = "assessments"
urlpatterns = [
    path("cases/<int:case_id>/assessments/<str:stage>/", views.stage_form, name="stage_form"),
    path("assessments/statistics/", views.statistics_page, name="statistics"),
    path("typical-cases/", views.typical_cases_page, name="typical_cases"),
]
