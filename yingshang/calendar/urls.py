from django.urls import path

from yingshang.calendar import views

app_name = "calendar"
urlpatterns = [
    path("calendar/", views.manage, name="manage"),
    path("calendar/calculator/", views.calculator, name="calculator"),
    path("calendar/days/<str:day>/", views.day_edit, name="day_edit"),
    path("calendar/years/<int:year>/confirm/", views.year_confirm, name="year_confirm"),
]
