from django.urls import path

from yingshang.credit import views

app_name = "credit"
urlpatterns = [
    path("credit/query/", views.public_query_page, name="public_query"),
    path("credit/", views.desk, name="desk"),
    path("credit/integrity/", views.integrity_page, name="integrity"),
    path("credit/integrity.xlsx", views.integrity_export, name="integrity_export"),
    path("credit/community.xlsx", views.community_export, name="community_export"),
    path("credit/honour/<str:month>/", views.honour_page, name="honour"),
    path("credit/reorganisation-repairs/<int:request_id>/letter.docx", views.repair_letter_docx, name="letter"),
]
