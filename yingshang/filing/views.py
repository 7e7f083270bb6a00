"""Pages: the online filing form (parties and lawyers; the 立案庭 enters window and cross-court filings), the
applicant's own filings, the 立案庭 review queue (clock, priority, filters, Excel), the filing page with the
register / supplement / refuse actions, the triage screen, the wage table, the criteria table, batches, the
registration figures, the receipt and the refusal ruling (PDF)."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from yingshang.cases.choices import (
    CaseCategory, EnterpriseSize, FilingChannel, OrganisationKind, PartyKind, PartyRole, Procedure,
)
from yingshang.cases.domain import TYPE_CODES, category_for_type_code, cause_revision_for
from yingshang.cases.models import CauseOfAction
from yingshang.cases.permissions import access_case, can_write_case
from yingshang.cases.services import PartyInput
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.money import fen_to_yuan, yuan_to_fen
from yingshang.core.pagination import PageRequest, paginate
from yingshang.core.pdf import render_pdf
from yingshang.filing import conf, domain, selectors, services, triage
from yingshang.filing.choices import AttachmentKind
from yingshang.filing.forms import (
    TRIAGE_BOOLEAN_GROUPS, CriterionForm, DecideForm, QueueFilterForm, RefuseForm, RegisterForm,
    SupplementRequestForm, ThresholdForm, facts_from_post,
)
from yingshang.filing.models import FilingAttachment, TriageRecord
from yingshang.filing.permissions import (
    access_filing, can_edit_triage_tables, can_read_court_filings, can_review_filings, can_submit_online,
)
from yingshang.org.models import Team
from yingshang.org.selectors import court_get_home

MAX_PARTIES = 200


def _load(user, filing_id):
    try:
        return access_filing(user, filing_id)
    except NotFound:
        raise Http404("未找到该立案申请，或您无权查看")


def _field_for(exc: DomainError) -> str:
    """Which form field a service refusal belongs beside."""
    code = exc.code
    if "ATTACHMENT" in code:
        return "attachments"
    if code.startswith("PARTY") or "PARTIES" in code:
        return "parties"
    for needle, field in (("CLAIMS", "claims"), ("CAUSE", "cause"), ("RECEIVING_COURT", "receiving_court_name"),
                          ("RECEIVED_DATE", "received_on"), ("AMOUNT", "claim_amount_yuan"),
                          ("TYPE", "type_code"), ("CHANNEL", "channel")):
        if needle in code:
            return field
    return "general"


# --- The filing form ---------------------------------------------------------------------------------------------

PARTY_FIELDS = ("role", "kind", "name", "id_number", "credit_code", "organisation_kind", "enterprise_size", "phone",
                "address", "legal_representative")


def parties_from_post(post) -> list[dict]:
    try:
        total = min(int(post.get("party_total", "0")), MAX_PARTIES)
    except ValueError:
        total = 0
    rows = []
    for i in range(total):
        row = {name: (post.get(f"party-{i}-{name}") or "").strip() for name in PARTY_FIELDS}
        row["abroad"] = post.get(f"party-{i}-abroad") == "on"
        if any(row[name] for name in ("name", "id_number", "credit_code")):
            rows.append(row)
    return rows


def _party_inputs(rows: list[dict]) -> list[PartyInput]:
    return [PartyInput(kind=r["kind"], name=r["name"], role=r["role"], id_number=r["id_number"] or None,
                       credit_code=r["credit_code"] or None, organisation_kind=r["organisation_kind"],
                       enterprise_size=r["enterprise_size"], phone=r["phone"], address=r["address"],
                       legal_representative=r["legal_representative"], has_domicile_in_china=not r["abroad"])
            for r in rows]


def _form_context(request, values: dict, parties: list[dict], errors: dict) -> dict:
    is_staff = can_review_filings(request.user)
    channels = [(c, FilingChannel(c).label) for c in (
        [FilingChannel.WINDOW, FilingChannel.CROSS_COURT, FilingChannel.SELF_SERVICE] if is_staff
        else [FilingChannel.ONLINE, FilingChannel.SELF_SERVICE])]
    revision = cause_revision_for(court_today())
    return {
        "values": values, "parties": parties or [{"role": PartyRole.PLAINTIFF, "kind": PartyKind.PERSON},
                                                 {"role": PartyRole.DEFENDANT, "kind": PartyKind.ORGANISATION}],
        "errors": errors, "is_staff": is_staff, "channels": channels,
        "type_codes": [(code, TYPE_CODES[code][0]) for code in domain.FILEABLE_TYPE_CODES],
        "causes": CauseOfAction.objects.filter(revision=revision, level__gte=3).values_list("name", flat=True)
        .order_by("sort_order"),
        "attachment_kinds": AttachmentKind.choices, "party_roles": PartyRole.choices,
        "party_kinds": PartyKind.choices, "organisation_kinds": OrganisationKind.choices,
        "enterprise_sizes": EnterpriseSize.choices, "max_mb": conf.attachment_max_bytes() // (1024 * 1024),
    }


def _resolve_cause(type_code: str, name: str, on: date) -> tuple[int | None, str]:
    name = (name or "").strip()
    if not name:
        return None, ""
    if type_code in TYPE_CODES and category_for_type_code(type_code) == CaseCategory.CIVIL:
        cause = (CauseOfAction.objects.filter(revision=cause_revision_for(on), name=name, level__gte=3)
                 .order_by("-level").first())
        if cause is None:
            raise DomainError("CAUSE_NOT_FOUND", f"案由「{name}」不在适用的《民事案件案由规定》目录中，请从列表中选择")
        return cause.pk, ""
    return None, name


@login_required
def filing_new(request):
    if not (can_submit_online(request.user) or can_review_filings(request.user)):
        raise Http404("网上立案须以当事人或代理律师账号登录")
    values, parties, errors = {}, [], {}
    if request.method == "POST":
        values = {k: request.POST.get(k, "").strip() for k in (
            "type_code", "channel", "receiving_court_name", "received_on", "cause_name", "claim_amount_yuan",
            "claims", "summary", "law_firm")}
        parties = parties_from_post(request.POST)
        try:
            received_on = date.fromisoformat(values["received_on"]) if values["received_on"] else None
        except ValueError:
            errors["received_on"] = "日期格式不正确"
            received_on = None
        try:
            amount = yuan_to_fen(values["claim_amount_yuan"]) if values["claim_amount_yuan"] else 0
        except DomainError as exc:
            errors["claim_amount_yuan"] = exc.message
            amount = 0
        if not errors:
            try:
                cause_id, cause_text = _resolve_cause(values["type_code"], values["cause_name"],
                                                      received_on or court_today())
                default_channel = FilingChannel.WINDOW if can_review_filings(request.user) else FilingChannel.ONLINE
                court = request.user.court if request.user.is_court_staff and request.user.court_id \
                    else court_get_home()
                filing = services.filing_submit(
                    court=court,
                    data=services.FilingInput(
                        type_code=values["type_code"], channel=values["channel"] or default_channel,
                        parties=_party_inputs(parties), cause_id=cause_id, cause_text=cause_text,
                        claim_amount_fen=amount, claims=values["claims"], summary=values["summary"],
                        receiving_court_name=values["receiving_court_name"], received_on=received_on,
                        law_firm=values["law_firm"]),
                    attachments=[services.AttachmentInput(name=f.name, kind=kind, file=f, size=f.size)
                                 for kind in AttachmentKind.values for f in request.FILES.getlist(f"file-{kind}")],
                    actor=request.user)
                messages.success(request, f"立案申请已提交，收件编号{filing.receipt_number}。法院将在法定期限内审查，"
                                          f"审查期限届满日为{domain.format_date(filing.decision_due_on)}。")
                return redirect("filing:detail", filing.pk)
            except DomainError as exc:
                errors[_field_for(exc)] = exc.message
                if "party_index" in exc.detail:
                    errors["party_index"] = exc.detail["party_index"] - 1
    return render(request, "filing/new.html", _form_context(request, values, parties, errors))


@login_required
def party_row(request):
    try:
        index = max(min(int(request.GET.get("index", "0")), MAX_PARTIES - 1), 0)
    except ValueError:
        index = 0
    return render(request, "filing/partials/_party_row.html",
                  {"i": index, "p": {"role": PartyRole.DEFENDANT, "kind": PartyKind.PERSON},
                   **{k: v for k, v in _form_context(request, {}, [], {}).items()
                      if k in ("party_roles", "party_kinds", "organisation_kinds", "enterprise_sizes")}})


# --- Lists -------------------------------------------------------------------------------------------------------

def _rows(filings, today):
    return [{"filing": f, "clock": selectors.filing_clock(f, today=today)} for f in filings]


@login_required
def my_filings(request):
    if request.user.is_court_staff:
        return redirect("filing:queue")
    today = court_today()
    filings = selectors.filing_list_for_user(user=request.user, filters=selectors.FilingFilters(status="all"),
                                             today=today).order_by("-received_at", "-id")[:200]
    return render(request, "filing/mine.html", {"rows": _rows(filings, today)})


def _queue_filters(form: QueueFilterForm) -> selectors.FilingFilters:
    if not form.is_valid():
        return selectors.FilingFilters()
    data = form.cleaned_data
    priority = {"1": True, "0": False}.get(data.get("priority") or "")
    return selectors.FilingFilters(status=data.get("status") or "pending", channel=data.get("channel") or "",
                                   alert=data.get("alert") or "", is_priority=priority,
                                   type_code=data.get("type_code") or "", q=data.get("q") or "")


@login_required
def queue(request):
    if not can_read_court_filings(request.user):
        raise Http404("立案审查队列仅供立案庭及院领导、审管办查看")
    today = court_today()
    form = QueueFilterForm(request.GET or None)
    filters = _queue_filters(form)
    page = PageRequest.of(request.GET.get("page"), request.GET.get("page_size"))
    items, count = paginate(selectors.filing_list_for_user(user=request.user, filters=filters, today=today), page)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "rows": _rows(items, today), "count": count, "page": page.page,
               "pages": max((count + page.page_size - 1) // page.page_size, 1), "query": query.urlencode(),
               "can_review": can_review_filings(request.user), "today": today}
    template = "filing/partials/_queue_table.html" if request.headers.get("HX-Request") else "filing/queue.html"
    return render(request, template, context)


@login_required
def queue_export(request):
    if not can_read_court_filings(request.user):
        raise Http404("无权查看")
    today = court_today()
    filters = _queue_filters(QueueFilterForm(request.GET or None))
    filings = selectors.filing_list_for_user(user=request.user, filters=filters, today=today)[:5000]
    rows = []
    for f in filings:
        clock = selectors.filing_clock(f, today=today)
        rows.append([f.receipt_number, f.get_channel_display(), f.receiving_court_name, f.type_code,
                     f.plaintiff_name, f.cause.name if f.cause_id else f.cause_text, fen_to_yuan(f.claim_amount_fen),
                     "是" if f.is_priority else "", domain.format_date(f.received_on), f.get_status_display(),
                     domain.format_date(f.decision_due_on) if f.decision_due_on else "", clock.label,
                     f.case.case_number if f.case_id else ""])
    sheet = Sheet("立案审查台账", ["收件编号", "渠道", "收件法院", "类型", "起诉人", "案由", "标的额（元）", "涉企优先",
                              "收件日期", "状态", "审查期限届满日", "期限状态", "案号"], rows)
    return excel_response(workbook([sheet]), f"立案审查台账{today:%Y%m%d}.xlsx")


# --- The filing page and its actions -----------------------------------------------------------------------------

def _detail_context(request, filing, **extra) -> dict:
    today = court_today()
    triage_records = list(selectors.triage_records_for_filing(filing=filing)) if request.user.is_court_staff else []
    return {"filing": filing, "clock": selectors.filing_clock(filing, today=today),
            "attachments": selectors.filing_attachments(filing=filing),
            "refusal": selectors.filing_refusal(filing=filing), "can_review": can_review_filings(request.user),
            "is_owner": filing.applicant_id == request.user.pk, "triage_records": triage_records,
            "register_form": RegisterForm(), "supplement_form": SupplementRequestForm(), "refuse_form": RefuseForm(),
            "action_error": None, "max_mb": conf.attachment_max_bytes() // (1024 * 1024),
            "party_rows": [{**p, "role_label": PartyRole(p["role"]).label,
                            "id_masked": (p["id_number"][:4] + "*" * 10 + p["id_number"][-4:]) if p.get("id_number")
                            else ""} for p in filing.parties],
            **extra}


@login_required
def filing_detail(request, filing_id: int):
    filing = _load(request.user, filing_id)
    return render(request, "filing/detail.html", _detail_context(request, filing))


def _action(request, filing_id: int, action: str):
    filing = _load(request.user, filing_id)
    if request.method != "POST":
        return redirect("filing:detail", filing.pk)
    forms_by_action = {"register": RegisterForm, "supplement": SupplementRequestForm, "refuse": RefuseForm}
    form = forms_by_action[action](request.POST)
    error = None
    if form.is_valid():
        data = form.cleaned_data
        try:
            if action == "register":
                services.filing_register(filing_id=filing.pk, actor=request.user, filed_on=data.get("filed_on"))
                messages.success(request, "已登记立案")
            elif action == "supplement":
                services.filing_supplement_request(filing_id=filing.pk, items=(data["items"] or "").splitlines(),
                                                   note=data["note"], actor=request.user)
                messages.success(request, "已一次性告知补正内容，审查期限自收到补正材料之日起重新计算")
            else:
                ruling = services.filing_refuse(filing_id=filing.pk, reason=data["reason"],
                                                legal_basis=data["legal_basis"], actor=request.user)
                messages.success(request, f"已作出不予受理裁定（{ruling.number}）")
            if request.headers.get("HX-Request"):
                response = HttpResponse(status=204)
                response["HX-Redirect"] = reverse("filing:detail", args=[filing.pk])
                return response
            return redirect("filing:detail", filing.pk)
        except DomainError as exc:
            error = exc.message
    else:
        error = "；".join(e for errs in form.errors.values() for e in errs)
    context = _detail_context(request, filing, action_error=error, failed_action=action,
                              **{f"{action}_form": form})
    if request.headers.get("HX-Request"):
        return render(request, "filing/partials/_actions.html", context)
    return render(request, "filing/detail.html", context, status=400)


@login_required
def filing_register_view(request, filing_id: int):
    return _action(request, filing_id, "register")


@login_required
def filing_supplement_view(request, filing_id: int):
    return _action(request, filing_id, "supplement")


@login_required
def filing_refuse_view(request, filing_id: int):
    return _action(request, filing_id, "refuse")


@login_required
def filing_supplements_submit(request, filing_id: int):
    filing = _load(request.user, filing_id)
    if request.method != "POST":
        return redirect("filing:detail", filing.pk)
    try:
        services.filing_supplement_submit(
            filing_id=filing.pk, note=request.POST.get("note", ""), actor=request.user,
            attachments=[services.AttachmentInput(name=f.name, kind=AttachmentKind.OTHER, file=f, size=f.size)
                         for f in request.FILES.getlist("files")])
        messages.success(request, "补正材料已提交，审查期限自今日起重新计算")
        return redirect("filing:detail", filing.pk)
    except DomainError as exc:
        return render(request, "filing/detail.html",
                      _detail_context(request, filing, supplement_error=exc.message), status=400)


@login_required
def attachment_download(request, filing_id: int, attachment_id: int):
    filing = _load(request.user, filing_id)
    row = FilingAttachment.objects.filter(pk=attachment_id, filing=filing).first()
    if row is None:
        raise Http404("未找到该材料")
    return FileResponse(row.file.open("rb"), content_type=row.content_type, as_attachment=False,
                        filename=row.original_name)


@login_required
def receipt(request, filing_id: int):
    """The written receipt with the date (登记立案规定 art 2), printable."""
    filing = _load(request.user, filing_id)
    return render(request, "filing/receipt.html", {"filing": filing,
                                                   "attachments": selectors.filing_attachments(filing=filing)})


@login_required
def ruling_pdf(request, filing_id: int):
    filing = _load(request.user, filing_id)
    ruling = selectors.filing_refusal(filing=filing)
    if ruling is None:
        raise Http404("该申请没有不予受理裁定")
    pdf = render_pdf("filing/ruling_pdf.html", {"ruling": ruling, "paragraphs": ruling.text.split("\n")})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="refusal-{filing.pk}.pdf"'
    return response


# --- Triage ------------------------------------------------------------------------------------------------------

def _teams_for(court_id):
    return Team.objects.filter(department__court_id=court_id).select_related("department").order_by("kind", "id")


def _triage_target(request, filing_id=None, case_id=None):
    if not (request.user.is_court_staff or request.user.is_superuser):
        raise Http404("繁简分流仅供院内人员使用")
    filing = _load(request.user, filing_id) if filing_id else None
    case = None
    if case_id:
        try:
            case = access_case(request.user, case_id)
        except NotFound:
            raise Http404("未找到该案件，或您无权查看")
    return filing, case


@login_required
def triage_page(request, filing_id: int | None = None, case_id: int | None = None):
    filing, case = _triage_target(request, filing_id, case_id)
    if filing is not None:
        facts = selectors.triage_facts_for_filing(filing)
        records = selectors.triage_records_for_filing(filing=filing)
        court_id = filing.court_id
    elif case is not None:
        facts = triage.TriageFacts(type_code=case.type_code, claim_amount_fen=case.claim_amount_fen,
                                   is_money_claim=case.claim_amount_fen > 0,
                                   party_count=max(case.case_parties.count(), 1),
                                   is_enterprise_involved=case.is_enterprise_involved, is_financial=case.is_financial,
                                   is_typical_simple_cause=triage.is_typical_simple_cause(
                                       case.cause.name if case.cause_id else case.cause_text))
        records = selectors.triage_records_for_case(case=case)
        court_id = case.court_id
    else:
        facts, records = triage.TriageFacts(), []
        court_id = request.user.court_id
    context = {"filing": filing, "case": case, "facts": facts, "groups": _groups(facts), "records": records,
               "suggestion": None, "record": None, "error": None, "teams": _teams_for(court_id),
               "type_codes": [(code, label) for code, (label, _) in TYPE_CODES.items()],
               "decide_form": DecideForm(), "amount_yuan": fen_to_yuan(facts.claim_amount_fen)}
    if request.method == "POST":
        try:
            amount = yuan_to_fen(request.POST.get("claim_amount_yuan") or "0")
            party_count = int(request.POST.get("party_count") or "1")
            facts = facts_from_post(request.POST, type_code=request.POST.get("type_code", "民初"),
                                    claim_amount_fen=amount, party_count=party_count)
            suggestion, record = services.triage_suggest(facts=facts, actor=request.user,
                                                         filing_id=filing.pk if filing else None,
                                                         case_id=case.pk if case else None)
            context.update(facts=facts, groups=_groups(facts), suggestion=suggestion, record=record,
                           amount_yuan=fen_to_yuan(amount),
                           suggested_team=_teams_for(court_id).filter(kind=suggestion.team_kind).first())
        except ValueError:
            context["error"] = "当事人人数应为整数"
        except DomainError as exc:
            context["error"] = exc.message
        if request.headers.get("HX-Request"):
            return render(request, "filing/partials/_suggestion.html", context)
    return render(request, "filing/triage.html", context)


def _groups(facts: triage.TriageFacts):
    return [(title, [(name, triage.FACT_LABELS[name], getattr(facts, name)) for name in names])
            for title, names in TRIAGE_BOOLEAN_GROUPS]


@login_required
def triage_decide_view(request, record_id: int):
    record = TriageRecord.objects.filter(pk=record_id).first()
    if record is None or request.method != "POST":
        raise Http404("繁简分流记录不存在")
    form = DecideForm(request.POST)
    target = reverse("filing:triage", args=[record.filing_id]) if record.filing_id else \
        reverse("filing:case_triage", args=[record.case_id])
    if not form.is_valid():
        messages.error(request, "请选择决定适用的程序")
        return redirect(target)
    try:
        services.triage_decide(record_id=record.pk, procedure=form.cleaned_data["procedure"],
                               reason=form.cleaned_data["reason"], team_id=form.cleaned_data["team_id"],
                               actor=request.user)
        messages.success(request, f"已决定适用{Procedure(form.cleaned_data['procedure']).label}")
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(target)


# --- Tables ------------------------------------------------------------------------------------------------------

@login_required
def thresholds_page(request):
    if not request.user.is_court_staff and not request.user.is_superuser:
        raise Http404("仅供院内人员查看")
    can_edit = can_edit_triage_tables(request.user)
    form, edit_id = ThresholdForm(initial={"province": conf.province()}), None
    if request.method == "POST":
        if not can_edit:
            raise Http404("无权修改")
        edit_id = request.POST.get("threshold_id") or None
        form = ThresholdForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.threshold_save(actor=request.user, threshold_id=int(edit_id) if edit_id else None,
                                        province=data["province"], wage_year=data["wage_year"],
                                        average_wage_fen=yuan_to_fen(data["average_wage_yuan"]),
                                        effective_from=data["effective_from"], is_confirmed=data["is_confirmed"],
                                        source=data["source"], note=data["note"])
                messages.success(request, "已保存")
                return redirect("filing:thresholds")
            except DomainError as exc:
                form.add_error(None, exc.message)
    rows = [{"row": r, "limit": fen_to_yuan(r.limit_fen), "agreed": fen_to_yuan(r.agreed_limit_fen),
             "wage": fen_to_yuan(r.average_wage_fen)} for r in selectors.thresholds_list()]
    current = services.threshold_row_for(province=conf.province(), on=court_today())
    return render(request, "filing/thresholds.html", {"rows": rows, "form": form, "can_edit": can_edit,
                                                      "edit_id": edit_id, "current": current,
                                                      "province": conf.province()})


@login_required
def criteria_page(request):
    if not request.user.is_court_staff and not request.user.is_superuser:
        raise Http404("仅供院内人员查看")
    can_edit = can_edit_triage_tables(request.user)
    form, edit_id = CriterionForm(), None
    if request.method == "POST":
        if not can_edit:
            raise Http404("无权修改")
        edit_id = request.POST.get("criterion_id") or None
        form = CriterionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.criterion_save(actor=request.user, criterion_id=int(edit_id) if edit_id else None,
                                        code=data["code"], label=data["label"], kind=data["kind"], fact=data["fact"],
                                        operator=data["operator"], value=data["value"], weight=data["weight"],
                                        is_active=data["is_active"], legal_basis=data["legal_basis"],
                                        sort_order=data["sort_order"] or 0)
                messages.success(request, "已保存")
                return redirect("filing:criteria")
            except DomainError as exc:
                form.add_error(None, exc.message)
    rows = [{"row": c, "fact_label": triage.FACT_LABELS.get(c.fact, c.fact)} for c in selectors.criteria_list()]
    return render(request, "filing/criteria.html", {"rows": rows, "form": form, "can_edit": can_edit,
                                                    "edit_id": edit_id,
                                                    "complex_threshold": conf.triage_complex_threshold(),
                                                    "fast_track_score": conf.triage_fast_track_min_simple_score()})


# --- Batches and figures -----------------------------------------------------------------------------------------

@login_required
def batches_page(request):
    if not can_review_filings(request.user):
        raise Http404("类案批量处理仅供立案庭使用")
    if request.method == "POST":
        try:
            if request.POST.get("batch_id"):
                filings = services.filing_batch_register(batch_id=int(request.POST["batch_id"]), actor=request.user)
                messages.success(request, f"已批量登记立案{len(filings)}件")
            else:
                cause_id = request.POST.get("cause_id") or None
                ids = selectors.batch_candidate_ids(user=request.user, plaintiff_key=request.POST.get("plaintiff_key", ""),
                                                    type_code=request.POST.get("type_code", ""),
                                                    cause_id=int(cause_id) if cause_id else None)
                batch = services.filing_batch_create(filing_ids=ids, actor=request.user)
                messages.success(request, f"已建立类案批次「{batch.name}」")
        except (DomainError, ValueError) as exc:
            messages.error(request, getattr(exc, "message", "参数不正确"))
        return redirect("filing:batches")
    return render(request, "filing/batches.html", {"candidates": selectors.batch_candidates(user=request.user),
                                                   "batches": selectors.batch_list(user=request.user)})


def _period(request) -> tuple[date, date]:
    today = court_today()
    try:
        date_from = date.fromisoformat(request.GET.get("date_from") or f"{today.year}-01-01")
        date_to = date.fromisoformat(request.GET.get("date_to") or today.isoformat())
    except ValueError:
        date_from, date_to = date(today.year, 1, 1), today
    if date_to < date_from:
        date_from, date_to = date_to, date_from
    return date_from, date_to


@login_required
def statistics_page(request):
    if not can_read_court_filings(request.user):
        raise Http404("无权查看立案统计")
    date_from, date_to = _period(request)
    stats = selectors.filing_statistics(court=request.user.court or court_get_home(), date_from=date_from,
                                        date_to=date_to)
    return render(request, "filing/statistics.html", {"stats": stats, "channels": FilingChannel.choices})


@login_required
def statistics_export(request):
    if not can_read_court_filings(request.user):
        raise Http404("无权查看立案统计")
    date_from, date_to = _period(request)
    stats = selectors.filing_statistics(court=request.user.court or court_get_home(), date_from=date_from,
                                        date_to=date_to)
    headers = ["期间", "立案数", "现场", "自助", "跨域", "网上", "网上立案率", "民事行政一审网上立案率",
               "首执网上立案率", "收件数", "登记立案（经审查）", "不予受理", "当场立案率", "法定期限内立案率"]
    rows = []
    for m in stats["months"] + [stats["total"]]:
        rows.append([m["period"], m["cases_total"], m["cases"]["window"], m["cases"]["self_service"],
                     m["cases"]["cross_court"], m["cases"]["online"], m["online_rate"] or "—",
                     m["first_instance_online_rate"] or "—", m["enforcement_online_rate"] or "—",
                     m["received_total"], m["registered"], m["refused"], m["on_spot_rate"] or "—",
                     m["in_time_rate"] or "—"])
    return excel_response(workbook([Sheet("立案渠道统计", headers, rows)]),
                          f"立案渠道统计{date_from:%Y%m%d}-{date_to:%Y%m%d}.xlsx")


# --- Case-page panel ---------------------------------------------------------------------------------------------

def case_panel(request, case):
    """On the case page: how the case came in (channel, receipt, clock) and its triage, for court staff."""
    if not (request.user.is_court_staff or request.user.is_superuser):
        return None
    filing = getattr(case, "filing", None)  # reverse one-to-one: absent → None
    records = list(selectors.triage_records_for_case(case=case)[:5])
    if filing is None and not records and not can_write_case(request.user, case):
        return None
    return {"title": "立案登记与繁简分流", "template": "filing/partials/_case_panel.html",
            "context": {"case": case, "filing": filing, "records": records,
                        "can_triage": can_write_case(request.user, case)}}
