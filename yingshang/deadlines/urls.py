from django.urls import path

from yingshang.deadlines import views

app_name = "deadlines"

urlpatterns = [
    path("deadlines/", views.my_deadlines, name="my"),
    path("deadlines/board/", views.board, name="board"),
    path("deadlines/weekly/", views.weekly, name="weekly"),
    path("deadlines/rules/", views.rules_table, name="rules"),
    path("deadlines/cases/<int:case_id>/deductions/", views.deduction_add, name="deduction_add"),
    path("deadlines/cases/<int:case_id>/deductions/<int:deduction_id>/end/", views.deduction_close,
         name="deduction_end"),
    path("deadlines/cases/<int:case_id>/extensions/", views.extension_add, name="extension_add"),
    path("deadlines/cases/<int:case_id>/extensions/<int:extension_id>/decide/", views.extension_decide,
         name="extension_decide"),
    path("deadlines/cases/<int:case_id>/plans/", views.plan_add, name="plan_add"),
    path("deadlines/cases/<int:case_id>/plans/<int:plan_id>/progress/", views.plan_progress, name="plan_progress"),
]
