"""Pages for the people who carry the plan: a leader's measures, a department's measures and reports, editing a
report, liaison meetings, replicable reforms and pilots (measures 32, 33)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.measures import domain, selectors, services
from yingshang.measures.choices import ReformKind, ReformStatus
from yingshang.measures.forms import (
    MeetingForm, ReformAdoptForm, ReformPlanForm, ReformProposeForm, ReformRejectForm, ReportEditForm, ReportForm,
)
from yingshang.measures.permissions import (
    access_meeting, access_reform, access_report, can_edit_report, can_record_meetings, can_review_reforms,
    can_work_on_reform, leader_name,
)
from yingshang.measures.views.common import form_error, or_404, require_reader
from yingshang.org.models import Department


def _plan(request):
    plan_id = request.GET.get("plan")
    plan = selectors.plan_list().filter(pk=plan_id).first() if plan_id and plan_id.isdigit() else None
    return plan or selectors.plan_current()


@login_required
def led(request):
    """我牵头的举措: the measures the user leads, matched by name (牵头领导 / 责任领导)."""
    require_reader(request.user)
    plan = _plan(request)
    view = selectors.leader_view(user=request.user, plan=plan, today=court_today())
    return render(request, "measures/led.html", {
        "plan": plan, "view": view, "rows": view.rows, "counts": selectors.board_counts(view.rows),
        "today": court_today(),
        "leader_name": leader_name(request.user), "status_labels": domain.STATUS_LABELS})


@login_required
def department(request):
    """本部门举措: what the user's department carries, its reports (editable), rectifications, reforms."""
    require_reader(request.user)
    plan = _plan(request)
    view = selectors.department_view(user=request.user, plan=plan, today=court_today())
    return render(request, "measures/department.html", {
        "plan": plan, "view": view, "today": court_today(), "status_labels": domain.STATUS_LABELS,
        "responsible_counts": selectors.board_counts(view.responsible),
        "assisting_counts": selectors.board_counts(view.assisting)})


@login_required
def report_edit(request, report_id: int):
    """Correct a progress report (the reporting department or 审管办/督察室/营商办), with the reason."""
    report = or_404(access_report, request.user, report_id)
    back = ("measures:reform_detail", report.reform_id) if report.reform_id else ("measures:detail", report.measure_id)
    if not can_edit_report(request.user, report):
        return render(request, "measures/report_edit.html", {"report": report, "denied": True, "back": back},
                      status=403)
    form = ReportEditForm.for_report(report, request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.progress_report_update(
                    report_id=report.pk, actor=request.user, reason=data["reason"], evidence=data["evidence"],
                    progress_percent=data["progress_percent"], is_completed=data["is_completed"],
                    summary=data["summary"], problems=data["problems"], next_steps=data["next_steps"],
                    reported_on=data["reported_on"])
                messages.success(request, "进展报告已修改")
                return redirect(*back)
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
    return render(request, "measures/report_edit.html", {"report": report, "form": form, "back": back},
                  status=status)


# ---------------------------------------------------------------------------------------------- meetings

@login_required
def meetings(request):
    """营商环境会议: the Party group's quarterly studies and liaison meetings; managers record them here."""
    require_reader(request.user)
    plan = _plan(request)
    can_record = can_record_meetings(request.user)
    form = MeetingForm(request.POST or None, plan=plan)
    status = 200
    if request.method == "POST":
        status = 400
        if not can_record:
            return render(request, "measures/meetings.html", {"denied": True, "plan": plan}, status=403)
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_record(
                    plan_id=plan.pk if plan else None, kind=data["kind"], held_on=data["held_on"],
                    title=data["title"], minutes=data["minutes"], attendees=data["attendees"],
                    decisions=data["decisions"], measure_ids=data["measures"], actor=request.user)
                messages.success(request, "会议已记录")
                return redirect("measures:meeting_detail", meeting.pk)
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
    return render(request, "measures/meetings.html", {
        "plan": plan, "meetings": selectors.meeting_list(user=request.user, plan=plan), "form": form,
        "can_record": can_record}, status=status)


@login_required
def meeting_detail(request, meeting_id: int):
    meeting = or_404(access_meeting, request.user, meeting_id)
    can_record = can_record_meetings(request.user)
    form = MeetingForm.for_meeting(meeting, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if not can_record:
            status = 403
            form.add_error(None, "只有审管办、督察室或营商办可以修改会议记录")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_update(
                    meeting_id=meeting.pk, actor=request.user, reason=data["reason"], kind=data["kind"],
                    held_on=data["held_on"], title=data["title"], minutes=data["minutes"],
                    attendees=data["attendees"], decisions=data["decisions"], measure_ids=data["measures"])
                messages.success(request, "会议记录已修改")
                return redirect("measures:meeting_detail", meeting.pk)
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
    return render(request, "measures/meeting_detail.html", {
        "meeting": meeting, "linked": meeting.measures.order_by("number"), "reforms": meeting.reforms.all(),
        "form": form, "can_record": can_record}, status=status)


# ---------------------------------------------------------------------------------------------- reforms

@login_required
def reforms(request):
    """可复制推广举措与小切口改革试点: the board of reforms, and the proposal form for every court staff member."""
    require_reader(request.user)
    kind = request.GET.get("kind", "")
    status_filter = request.GET.get("status", "")
    form = ReformProposeForm(request.POST or None, initial={"kind": kind or ReformKind.PILOT})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                reform = services.reform_propose(actor=request.user, **data)
                messages.success(request, "已提交，待院领导研究确定")
                return redirect("measures:reform_detail", reform.pk)
            except DomainError as exc:
                form_error(form, exc)
                status = exc.status
    rows = selectors.reform_list(user=request.user, today=court_today(), filters=selectors.ReformFilters(
        kind=kind if kind in ReformKind.values else "", status=status_filter))
    return render(request, "measures/reforms.html", {
        "rows": rows, "form": form, "kind": kind, "status_filter": status_filter, "kinds": ReformKind.choices,
        "statuses": list(ReformStatus.choices) + list(domain.STATUS_LABELS.items()),
        "today": court_today()}, status=status)


def _departments(user):
    """Departments a reform can be given to: those of the user's court."""
    departments = Department.objects.order_by("sort_order", "id")
    return departments.filter(court_id=user.court_id) if user.court_id else departments


def _reform_context(request, reform, **forms) -> dict:
    detail = selectors.reform_detail(reform=reform, user=request.user, today=court_today())
    user = request.user
    departments = _departments(user)
    meetings = selectors.meeting_list(user=user, plan=reform.measure.plan)
    return {
        **detail, "reform": reform, "today": court_today(),
        "can_review": can_review_reforms(user) and reform.status == ReformStatus.PROPOSED,
        "can_work": can_work_on_reform(user, reform),
        "can_report": can_work_on_reform(user, reform) and reform.completed_on is None and reform.measure.is_active,
        "adopt_form": forms.get("adopt_form") or ReformAdoptForm(departments=departments, meetings=meetings),
        "reject_form": forms.get("reject_form") or ReformRejectForm(),
        "plan_form": forms.get("plan_form") or ReformPlanForm(initial={
            "implementation_plan": reform.implementation_plan}),
        "report_form": forms.get("report_form") or ReportForm(),
    }


def _load_reform(request, reform_id):
    return or_404(access_reform, request.user, reform_id)


@login_required
def reform_detail(request, reform_id: int):
    reform = _load_reform(request, reform_id)
    return render(request, "measures/reform_detail.html", _reform_context(request, reform))


def _reform_action(request, reform_id, form_key: str, build_form, act, success: str):
    reform = _load_reform(request, reform_id)
    form = build_form(reform)
    status = 400
    if form.is_valid():
        try:
            act(reform, form.cleaned_data)
            messages.success(request, success)
            return redirect("measures:reform_detail", reform.pk)
        except DomainError as exc:
            form_error(form, exc)
            status = exc.status
    return render(request, "measures/reform_detail.html", _reform_context(request, reform, **{form_key: form}),
                  status=status)


@login_required
@require_POST
def reform_adopt(request, reform_id: int):
    def build(reform):
        return ReformAdoptForm(request.POST, departments=_departments(request.user),
                               meetings=selectors.meeting_list(user=request.user, plan=reform.measure.plan))

    return _reform_action(request, reform_id, "adopt_form", build, lambda reform, d: services.reform_adopt(
        reform_id=reform.pk, responsible_department_id=d["responsible_department"], deadline_on=d["deadline_on"],
        is_ongoing=d["is_ongoing"], reviewed_on=d["reviewed_on"], meeting_id=d["meeting"],
        review_note=d["review_note"], implementation_plan=d["implementation_plan"], actor=request.user),
        "已采纳并交办责任部门")


@login_required
@require_POST
def reform_reject(request, reform_id: int):
    return _reform_action(request, reform_id, "reject_form", lambda reform: ReformRejectForm(request.POST),
                          lambda reform, d: services.reform_reject(
                              reform_id=reform.pk, review_note=d["review_note"], reviewed_on=d["reviewed_on"],
                              actor=request.user), "已记录不予采纳")


@login_required
@require_POST
def reform_plan(request, reform_id: int):
    return _reform_action(request, reform_id, "plan_form", lambda reform: ReformPlanForm(request.POST),
                          lambda reform, d: services.reform_plan_submit(
                              reform_id=reform.pk, implementation_plan=d["implementation_plan"], actor=request.user),
                          "落实方案已报送")


@login_required
@require_POST
def reform_report(request, reform_id: int):
    return _reform_action(request, reform_id, "report_form", lambda reform: ReportForm(request.POST, request.FILES),
                          lambda reform, d: services.reform_report_file(
                              reform_id=reform.pk, progress_percent=d["progress_percent"], summary=d["summary"],
                              is_completed=d["is_completed"], problems=d["problems"], next_steps=d["next_steps"],
                              reported_on=d["reported_on"], evidence=d["evidence"], actor=request.user),
                          "进展报告已报送")
