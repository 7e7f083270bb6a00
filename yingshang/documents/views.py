"""Pages: the clerk's service desk, the case's electronic dossier (and its case-page panel), a party's documents on
the portal, the public verification page, and the file downloads. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from datetime import date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yingshang.cases.permissions import access_case, can_write_case
from yingshang.cases.selectors import case_parties_list
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound
from yingshang.core.pagination import PageRequest, paginate
from yingshang.documents import domain, rendering, selectors, services
from yingshang.documents.choices import (
    ActivityKind, AppealOutcomeKind, ActivityMode, DocumentKind, ServiceMethod, Volume,
)
from yingshang.documents.models import Decision, DossierPackage, ServiceRecord
from yingshang.documents.permissions import (
    access_document, is_staff, party_ids_of_user, party_ids_of_user_in_case,
)

GENERATABLE = [(k, DocumentKind(k).label) for k in (DocumentKind.ACCEPTANCE_NOTICE, DocumentKind.PAYMENT_NOTICE,
                                                     DocumentKind.SUMMONS, DocumentKind.ENFORCEMENT_NOTICE)]
UPLOADABLE = [(k, label) for k, label in DocumentKind.choices if k not in
              ("acceptance_notice", "payment_notice", "summons", "enforcement_notice", "effectiveness_certificate")]


def _date(value: str | None, field: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DomainError("DOCUMENT_DATE_INVALID", f"{field}应为有效日期")


# --- Case page panel and the dossier page ------------------------------------------------------------------------

def case_dossier_panel(request, case):
    """The case page's 电子卷宗与送达 panel: the catalogue as the user may see it, with each document's service state."""
    documents = selectors.documents_with_services(case=case, user=request.user)
    if not documents and not is_staff(request.user):
        return None
    staff = is_staff(request.user)
    # Decisions under appeal (or back from the second instance): their result, and for the case's staff the form.
    appealed = [d for d in selectors.decisions_for_case(case=case) if d.status == "appealed"] if staff else []
    return {"title": "电子卷宗与送达", "template": "documents/partials/_case_panel.html",
            "context": {"case": case, "documents": documents[:30], "more": max(len(documents) - 30, 0),
                        "is_staff": staff, "appealed": appealed, "outcomes": AppealOutcomeKind.choices,
                        "can_write": staff and can_write_case(request.user, case), "today": court_today()}}


@login_required
def case_dossier(request, case_id: int):
    try:
        case = access_case(request.user, case_id)
    except NotFound:
        raise Http404("未找到该案件，或您无权查看")
    staff = is_staff(request.user)
    documents = selectors.documents_with_services(case=case, user=request.user)
    context = {
        "case": case, "documents": documents, "is_staff": staff,
        "can_write": staff and can_write_case(request.user, case),
        "parties": case_parties_list(case=case),
        "my_party_ids": [] if staff else party_ids_of_user_in_case(request.user, case.pk),
        "decisions": selectors.decisions_for_case(case=case),
        "consents": selectors.consents_for_case(case=case) if staff else
        selectors.consents_for_case(case=case).filter(party_id__in=party_ids_of_user_in_case(request.user, case.pk)),
        "activities": selectors.activities_for_case(case=case) if staff else [],
        "generatable": GENERATABLE, "uploadable": UPLOADABLE, "methods": ServiceMethod.choices,
        "electronic": ["sms", "email", "inbox"], "activity_kinds": ActivityKind.choices,
        "activity_modes": ActivityMode.choices, "volumes": Volume.choices, "today": court_today(),
        "outcomes": AppealOutcomeKind.choices,
    }
    return render(request, "documents/dossier.html", context)


@login_required
@require_POST
def case_action(request, case_id: int):
    """POST target of the dossier page's small forms; one service call each, errors shown beside the page."""
    action = request.POST.get("action", "")
    post, user = request.POST, request.user
    try:
        if action == "generate":
            fields = {k[2:]: v for k, v in post.items() if k.startswith("f_") and v.strip()}
            party = post.get("addressee_party_id")
            services.document_generate(case_id=case_id, kind=post.get("kind", ""), data=fields,
                                       addressee_party_id=int(party) if party else None, actor=user)
        elif action == "upload":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError("DOCUMENT_FILE_REQUIRED", "请选择要上传的文件")
            services.document_upload(case_id=case_id, kind=post.get("kind", ""), title=post.get("title", ""),
                                     file_name=upload.name, content=upload.read(),
                                     content_type=upload.content_type or "",
                                     issued_on=_date(post.get("issued_on"), "文书日期") or court_today(),
                                     volume=post.get("volume") or None,
                                     is_shared_with_parties=bool(post.get("is_shared_with_parties")),
                                     is_sealed_from_parties=bool(post.get("is_sealed_from_parties")), actor=user)
        elif action == "submit":
            upload = request.FILES.get("file")
            if upload is None:
                raise DomainError("DOCUMENT_FILE_REQUIRED", "请选择要上传的文件")
            services.document_submit(case_id=case_id, party_id=int(post.get("party_id", "0")),
                                     kind=post.get("kind", ""), title=post.get("title", ""), file_name=upload.name,
                                     content=upload.read(), content_type=upload.content_type or "", actor=user)
        elif action == "serve":
            services.service_send(document_id=int(post.get("document_id", "0")),
                                  party_id=int(post.get("party_id", "0")), method=post.get("method", ""),
                                  address=post.get("address", ""), event_on=_date(post.get("event_on"), "日期"),
                                  actor=user)
        elif action == "consent":
            services.consent_record(party_id=int(post.get("party_id", "0")), case_id=case_id,
                                    methods=post.getlist("methods"), phone=post.get("phone", ""),
                                    email=post.get("email", ""), scope=post.get("scope", "case"),
                                    covers_decisions=bool(post.get("covers_decisions")),
                                    consented_on=_date(post.get("consented_on"), "同意日期") or court_today(),
                                    actor=user)
        elif action == "seal":
            services.document_visibility_change(document_id=int(post.get("document_id", "0")),
                                                is_sealed_from_parties=post.get("sealed") == "1",
                                                reason=post.get("reason", ""), actor=user)
        elif action == "appeal":
            petition = post.get("petition_document_id")
            services.appeal_record(decision_id=int(post.get("decision_id", "0")),
                                   party_id=int(post.get("party_id", "0")),
                                   filed_on=_date(post.get("filed_on"), "上诉日期") or court_today(),
                                   petition_document_id=int(petition) if petition else None, actor=user)
        elif action == "copy_served":
            services.appeal_copy_served_register(appeal_id=int(post.get("appeal_id", "0")), actor=user)
        elif action == "transfer":
            services.appeal_transfer_send(appeal_id=int(post.get("appeal_id", "0")),
                                          receiving_court=post.get("receiving_court", ""),
                                          transferred_on=_date(post.get("transferred_on"), "移送日期") or court_today(),
                                          actor=user)
        elif action == "appeal_outcome":
            services.appeal_outcome_record(decision_id=int(post.get("decision_id", "0")),
                                           outcome=post.get("outcome", ""),
                                           second_instance_case_number=post.get("second_instance_case_number", ""),
                                           decided_on=_date(post.get("decided_on"), "二审裁判日期") or court_today(),
                                           note=post.get("note", ""), actor=user)
        elif action == "certificate":
            services.certificate_request(decision_id=int(post.get("decision_id", "0")), actor=user)
        elif action == "activity":
            services.activity_record(case_id=case_id, kind=post.get("kind", ""), mode=post.get("mode", ""),
                                     held_on=_date(post.get("held_on"), "举行日期") or court_today(),
                                     platform=post.get("platform", ""), note=post.get("note", ""), actor=user)
        else:
            raise DomainError("DOCUMENT_ACTION_UNKNOWN", "未知操作")
        messages.success(request, "已保存")
    except ValueError:
        messages.error(request, "提交的数据不正确")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("documents:dossier", case_id)


# --- The clerk's service desk ------------------------------------------------------------------------------------

@login_required
def service_desk(request):
    if not is_staff(request.user):
        raise Http404("仅限法院工作人员")
    status = request.GET.get("status", "open")
    if status not in ("open", "failed", "served"):
        status = "open"
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.service_desk_list(user=request.user, status=status), page)
    context = {"records": items, "count": count, "status": status, "page": page.page,
               "pages": max((count + page.page_size - 1) // page.page_size, 1),
               "counts": selectors.service_desk_counts(user=request.user), "today": court_today()}
    template = "documents/partials/_desk_table.html" if request.headers.get("HX-Request") else "documents/desk.html"
    return render(request, template, context)


@login_required
@require_POST
def service_result(request, record_id: int):
    """HTMX: record a result from the desk and answer the updated row."""
    post = request.POST
    error = ""
    try:
        delivered = post.get("delivered_at")
        services.service_result_record(
            record_id=record_id, outcome=post.get("outcome", ""), event_on=_date(post.get("event_on"), "日期"),
            delivered_at=datetime.fromisoformat(delivered) if delivered else None, reason=post.get("reason", ""),
            tracking_number=post.get("tracking_number", ""), actor=request.user)
    except ValueError:
        error = "提交的数据不正确"
    except DomainError as exc:
        error = exc.message
    record = (ServiceRecord.objects.select_related("document", "document__case", "party", "fallback_of")
              .filter(pk=record_id).first())
    if record is None or not is_staff(request.user):
        raise Http404("未找到该送达记录")
    if request.headers.get("HX-Request"):
        return render(request, "documents/partials/_desk_row.html",
                      {"r": record, "error": error, "today": court_today()})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "已登记送达结果")
    return redirect("documents:desk")


# --- A party's documents -----------------------------------------------------------------------------------------

@login_required
def my_documents(request):
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.party_documents(user=request.user), page)
    mine = party_ids_of_user(request.user)
    decisions = (Decision.objects.filter(case__case_parties__party_id__in=mine).select_related("case", "document",
                                                                                              "certificate")
                 .distinct().order_by("-id")[:50]) if mine else []
    return render(request, "documents/my_documents.html", {
        "documents": items, "count": count, "page": page.page,
        "pages": max((count + page.page_size - 1) // page.page_size, 1), "decisions": decisions})


# --- Files -------------------------------------------------------------------------------------------------------

@login_required
def download(request, document_id: int):
    try:
        document = access_document(request.user, document_id)
    except NotFound:
        raise Http404("未找到该文书，或您无权查看")
    if not is_staff(request.user):
        services.service_read_by_party(document=document, actor=request.user)
    return FileResponse(document.file.open("rb"), as_attachment=request.GET.get("inline") != "1",
                        filename=document.file_name, content_type=document.content_type)


@login_required
def dossier_zip(request, case_id: int):
    try:
        case = access_case(request.user, case_id)
    except NotFound:
        raise Http404("未找到该案件，或您无权查看")
    content = rendering.dossier_zip(case=case, documents=selectors.dossier_list(case=case, user=request.user),
                                    heading="电子卷宗", generated_on=court_today())
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="dossier-{case.pk}.zip"'
    return response


@login_required
def mailing_pack(request, record_id: int):
    record = ServiceRecord.objects.filter(pk=record_id).select_related("document").first()
    if record is None or not record.mailing_pack or not is_staff(request.user):
        raise Http404("未找到邮寄材料")
    try:
        access_document(request.user, record.document_id)
    except NotFound:
        raise Http404("未找到邮寄材料")
    return FileResponse(record.mailing_pack.open("rb"), filename=f"邮寄材料-{record.pk}.pdf",
                        content_type="application/pdf")


@login_required
def package(request, package_id: int):
    pkg = DossierPackage.objects.filter(pk=package_id).first()
    if pkg is None or not is_staff(request.user):
        raise Http404("未找到卷宗包")
    try:
        access_case(request.user, pkg.case_id)
    except NotFound:
        raise Http404("未找到卷宗包")
    return FileResponse(pkg.file.open("rb"), as_attachment=True, filename=f"卷宗包-{pkg.pk}.zip",
                        content_type="application/zip")


# --- Public verification -----------------------------------------------------------------------------------------

def verify(request, code: str | None = None):
    """Public: enter (or scan) a code, see the document's number, case number, date and hash; upload the file or paste
    its SHA-256 to check it is the same document. Altered or forged codes are refused."""
    code = code or request.GET.get("code") or request.POST.get("code") or ""
    result, error = None, ""
    if code:
        try:
            upload = request.FILES.get("file") if request.method == "POST" else None
            sha = request.POST.get("sha256", "").strip() if request.method == "POST" else ""
            result = selectors.document_verify(code=code, sha256=sha or None,
                                               content=upload.read() if upload else None)
        except DomainError as exc:
            error = exc.message
    status = 404 if error and code else 200
    return render(request, "documents/verify.html", {
        "code": code, "result": result, "error": error,
        "code_display": domain.verification_code_display(result.code) if result else ""}, status=status)
