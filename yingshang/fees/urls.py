from django.urls import path

from yingshang.fees import views

app_name = "fees"
urlpatterns = [
    path("fees/calculator/", views.calculator, name="calculator"),
    path("fees/refunds/", views.refund_ledger, name="refunds"),
    path("fees/refunds/export.xlsx", views.refund_ledger_export, name="refunds_export"),
    path("fees/refunds/<int:refund_id>/paid/", views.refund_mark_paid, name="refund_paid"),
    path("fees/charges/<int:charge_id>/prepayment/", views.prepayment_record, name="prepayment"),
    path("fees/reliefs/<int:relief_id>/decide/", views.relief_decide, name="relief_decide"),
]
