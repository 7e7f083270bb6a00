from django.urls import path

from yingshang.documents import views

app_name = "documents"
urlpatterns = [
    path("documents/desk/", views.service_desk, name="desk"),
    path("documents/my/", views.my_documents, name="my"),
    path("documents/cases/<int:case_id>/", views.case_dossier, name="dossier"),
    path("documents/cases/<int:case_id>/action/", views.case_action, name="case_action"),
    path("documents/cases/<int:case_id>/dossier.zip", views.dossier_zip, name="dossier_zip"),
    path("documents/<int:document_id>/download/", views.download, name="download"),
    path("documents/services/<int:record_id>/result/", views.service_result, name="service_result"),
    path("documents/services/<int:record_id>/mailing-pack/", views.mailing_pack, name="mailing_pack"),
    path("documents/packages/<int:package_id>/", views.package, name="package"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
]
