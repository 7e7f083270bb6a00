"""Pages: the board of measures (status, traffic light, targets), a measure's page (reports, evidence, inspections
and their forms), the plan upload page, the board as an Excel 台账, evidence downloads."""

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.measures import domain, selectors, services
from yingshang.measures.forms import (
    BoardFilterForm, CloseForm, FollowUpForm, InspectionForm, PlanImportForm, ReportForm,
)
from yingshang.measures.permissions import (
    access_evidence, access_inspection, access_measure, can_manage_measures,
)
from yingshang.measures.views.common import form_error as _form_error
from yingshang.measures.views.common import or_404
from yingshang.measures.views.common import require_reader as _require_reader


def _board_rows(request, form: BoardFilterForm):
    data = form.cleaned_data if form.is_valid() else {}
    plan = None
    if data.get("plan"):
        plan = selectors.plan_list().filter(pk=data["plan"]).first()
    plan = plan or selectors.plan_current()
    filters = selectors.BoardFilters(status=data.get("status") or "", light=data.get("light") or "",
                                     department=data.get("department") or "", leader=data.get("leader") or "",
                                     mine=bool(data.get("mine")))
    return plan, selectors.measure_board(user=request.user, plan=plan, today=court_today(), filters=filters)


@login_required
def board(request):
    _require_reader(request.user)
    form = BoardFilterForm(request.GET or None)
    plan, rows = _board_rows(request, form)
    context = {"form": form, "plan": plan, "rows": rows, "counts": selectors.board_counts(rows),
               "choices": selectors.board_choices(plan), "plans": selectors.plan_list(), "today": court_today(),
               "can_manage": can_manage_measures(request.user), "status_labels": domain.STATUS_LABELS,
               "query": request.GET.urlencode()}
    template = "measures/partials/_board_table.html" if request.headers.get("HX-Request") else "measures/board.html"
    return render(request, template, context)


@login_required
def board_export(request):
    """The board as an Excel 台账 (same filters as the page)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    _require_reader(request.user)
    plan, rows = _board_rows(request, BoardFilterForm(request.GET or None))
    book = Workbook()
    sheet = book.active
    sheet.title = "举措督办台账"
    sheet.append([plan.title if plan else "", "", "", f"截至{court_today():%Y年%m月%d日}"])
    sheet.append(["序号", "举措", "牵头领导", "责任部门", "协助部门", "完成时限", "进度（%）", "状态", "红绿灯", "说明",
                  "目标", "实时值", "未销号督察"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        m = row.measure
        sheet.append([m.number, m.title, "、".join(row.leaders), "、".join(row.responsible), "、".join(row.assisting),
                      m.deadline_on.strftime("%Y-%m-%d") if m.deadline_on else m.deadline_text, m.progress_percent,
                      row.state.status_label, domain.LIGHT_LABELS[row.state.light], row.state.light_text,
                      "；".join(t.target.label for t in row.targets), "；".join(t.live_label for t in row.targets),
                      row.open_inspections])
    for column, width in zip("ABCDEFGHIJKLM", (6, 50, 14, 22, 26, 14, 10, 10, 8, 24, 40, 14, 10)):
        sheet.column_dimensions[column].width = width
    for line in sheet.iter_rows(min_row=3):
        line[1].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = "attachment; filename*=UTF-8''measures-board.xlsx"
    return response


def _detail_context(request, measure, **forms) -> dict:
    detail = selectors.measure_detail(user=request.user, measure=measure, today=court_today())
    return {**detail, "measure": detail["row"].measure, "today": court_today(),
            "report_form": forms.get("report_form") or ReportForm(),
            "inspection_form": forms.get("inspection_form") or InspectionForm(initial={"rectification_required": True}),
            "follow_up_form": forms.get("follow_up_form") or FollowUpForm(),
            "close_form": forms.get("close_form") or CloseForm(), "form_inspection_id": forms.get("inspection_id")}


def _load(request, measure_id):
    return or_404(access_measure, request.user, measure_id)


@login_required
def measure_detail(request, measure_id: int):
    measure = _load(request, measure_id)
    return render(request, "measures/measure_detail.html", _detail_context(request, measure))


@login_required
@require_POST
def report_create(request, measure_id: int):
    measure = _load(request, measure_id)
    form = ReportForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_report_file(
                measure_id=measure.pk, progress_percent=data["progress_percent"], summary=data["summary"],
                is_completed=data["is_completed"], problems=data["problems"], next_steps=data["next_steps"],
                reported_on=data["reported_on"], evidence=data["evidence"], actor=request.user)
            messages.success(request, "进展报告已报送")
            return redirect("measures:detail", measure.pk)
        except DomainError as exc:
            _form_error(form, exc)
            status = exc.status
    return render(request, "measures/measure_detail.html", _detail_context(request, measure, report_form=form),
                  status=status)


@login_required
@require_POST
def inspection_create(request, measure_id: int):
    measure = _load(request, measure_id)
    form = InspectionForm(request.POST)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.inspection_record(
                measure_id=measure.pk, findings=data["findings"], inspected_on=data["inspected_on"],
                rectification_required=data["rectification_required"],
                rectification_deadline_on=data["rectification_deadline_on"], actor=request.user)
            messages.success(request, "督察记录已保存")
            return redirect("measures:detail", measure.pk)
        except DomainError as exc:
            _form_error(form, exc)
            status = exc.status
    return render(request, "measures/measure_detail.html", _detail_context(request, measure, inspection_form=form),
                  status=status)


def _inspection_action(request, inspection_id: int, form_class, action, success: str, form_key: str):
    inspection = or_404(access_inspection, request.user, inspection_id)
    form = form_class(request.POST)
    status = 400
    if form.is_valid():
        try:
            action(inspection, form.cleaned_data)
            messages.success(request, success)
            return redirect("measures:detail", inspection.measure_id)
        except DomainError as exc:
            _form_error(form, exc)
            status = exc.status
    context = _detail_context(request, inspection.measure, **{form_key: form, "inspection_id": inspection.pk})
    return render(request, "measures/measure_detail.html", context, status=status)


@login_required
@require_POST
def inspection_follow_up(request, inspection_id: int):
    return _inspection_action(
        request, inspection_id, FollowUpForm,
        lambda i, d: services.inspection_follow_up(inspection_id=i.pk, note=d["note"], actor=request.user),
        "跟踪情况已记录", "follow_up_form")


@login_required
@require_POST
def inspection_close(request, inspection_id: int):
    return _inspection_action(
        request, inspection_id, CloseForm,
        lambda i, d: services.inspection_close(inspection_id=i.pk, closure_note=d["closure_note"], actor=request.user),
        "督察事项已销号", "close_form")


@login_required
def evidence_download(request, evidence_id: int):
    evidence = or_404(access_evidence, request.user, evidence_id)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name)


@login_required
def plan_upload(request):
    """审管办、督察室、营商办 upload the plan; a dry run previews what would change."""
    _require_reader(request.user)
    if not can_manage_measures(request.user):
        return render(request, "measures/plan_upload.html", {"denied": True}, status=403)
    form = PlanImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = services.plan_import(file=form.cleaned_data["file"], actor=request.user,
                                          dry_run=form.cleaned_data["dry_run"])
            if not result.dry_run:
                messages.success(request, f"已导入《{result.parsed.title}》：新增 {len(result.created)} 项，"
                                          f"更新 {len(result.updated)} 项，未变 {len(result.unchanged)} 项")
        except DomainError as exc:
            _form_error(form, exc)
    status = 400 if request.method == "POST" and (form.errors or result is None) else 200
    return render(request, "measures/plan_upload.html", {"form": form, "result": result, "plans": selectors.plan_list()},
                  status=status)
