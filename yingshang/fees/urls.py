from django.urls import path

from yingshang.fees import views

app_name = "fees"
urlpatterns = [
    path("fees/calculator/", views.calculator, name="calculator"),
]
