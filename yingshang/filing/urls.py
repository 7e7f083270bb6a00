from django.urls import path

from yingshang.filing import views

app_name = "filing"
urlpatterns = [
    path("filing/new/", views.filing_new, name="new"),
    path("filing/new/party-row/", views.party_row, name="party_row"),
    path("filing/mine/", views.my_filings, name="mine"),
    path("filing/queue/", views.queue, name="queue"),
    path("filing/queue/export.xlsx", views.queue_export, name="queue_export"),
    path("filing/<int:filing_id>/", views.filing_detail, name="detail"),
    path("filing/<int:filing_id>/register/", views.filing_register_view, name="register"),
    path("filing/<int:filing_id>/supplement-request/", views.filing_supplement_view, name="supplement_request"),
    path("filing/<int:filing_id>/refuse/", views.filing_refuse_view, name="refuse"),
    path("filing/<int:filing_id>/supplements/", views.filing_supplements_submit, name="supplements"),
    path("filing/<int:filing_id>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("filing/<int:filing_id>/receipt/", views.receipt, name="receipt"),
    path("filing/<int:filing_id>/ruling.pdf", views.ruling_pdf, name="ruling_pdf"),
    path("filing/<int:filing_id>/triage/", views.triage_page, name="triage"),
    path("cases/<int:case_id>/triage/", views.triage_page, name="case_triage"),
    path("filing/triage/", views.triage_page, name="triage_preview"),
    path("filing/triage/<int:record_id>/decide/", views.triage_decide_view, name="triage_decide"),
    path("filing/small-claims-thresholds/", views.thresholds_page, name="thresholds"),
    path("filing/criteria/", views.criteria_page, name="criteria"),
    path("filing/batches/", views.batches_page, name="batches"),
    path("filing/statistics/", views.statistics_page, name="statistics"),
    path("filing/statistics/export.xlsx", views.statistics_export, name="statistics_export"),
]
