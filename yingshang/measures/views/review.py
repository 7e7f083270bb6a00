"""The quarterly review pack as a page, a PDF (WeasyPrint, Noto CJK) and an Excel workbook (plan 四(一))."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from yingshang.core.clock import court_today
from yingshang.core.excel import Sheet, excel_response, workbook
from yingshang.core.pdf import render_pdf
from yingshang.measures import domain, selectors
from yingshang.measures.choices import MeetingKind
from yingshang.measures.views.common import require_reader


def _pack(request, year: int, quarter: int) -> selectors.ReviewPack:
    require_reader(request.user)
    try:
        period = domain.Quarter(int(year), int(quarter))
    except ValueError:
        raise Http404("没有这个季度")
    plan_id = request.GET.get("plan", "")
    plan = selectors.plan_list().filter(pk=plan_id).first() if plan_id.isdigit() else selectors.plan_current()
    if plan is None:
        raise Http404("尚未导入实施方案")
    return selectors.review_pack(plan=plan, quarter=period, today=court_today())


@login_required
def review_current(request):
    """The review pack of the quarter that has just ended (the Party group reviews it at the start of the next)."""
    require_reader(request.user)
    last = domain.quarter_of(court_today()).previous
    return redirect("measures:review", last.year, last.number)


@login_required
def review(request, year: int, quarter: int):
    pack = _pack(request, year, quarter)
    return render(request, "measures/review.html", {"pack": pack, "query": request.GET.urlencode()})


@login_required
def review_pdf(request, year: int, quarter: int):
    pack = _pack(request, year, quarter)
    response = HttpResponse(render_pdf("measures/pdf/review_pack.html", {"pack": pack}),
                            content_type="application/pdf")
    name = f"review-{pack.quarter.year}-Q{pack.quarter.number}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


def _date(value) -> str:
    return value.isoformat() if value else ""


def review_workbook(pack: selectors.ReviewPack):
    """The pack as sheets: 举措进展, 逾期事项, 目标与实时值, 督察发现, 会议纪要, 改革事项."""
    progress = Sheet("举措进展", ["序号", "举措", "牵头领导", "责任部门", "完成时限", "季初进度（%）", "季末进度（%）", "状态",
                              "红绿灯", "说明", "本季度报告数", "最新进展", "未销号督察"])
    for row in pack.rows:
        m = row.measure
        progress.rows.append([
            m.number, m.title, "、".join(row.leaders), "、".join(row.responsible),
            _date(m.deadline_on) or m.deadline_text, row.progress_at_start, row.progress_at_end,
            row.state.status_label, domain.LIGHT_LABELS[row.state.light], row.state.light_text, len(row.reports),
            row.latest_summary, row.open_findings])
    overdue = Sheet("逾期事项", ["事项", "举措序号", "名称", "责任部门", "期限", "逾期天数"],
                    [[i.subject_label, i.measure_number, i.title, i.department, _date(i.due_on), i.days_overdue]
                     for i in pack.overdue])
    targets = Sheet("目标与实时值", ["举措序号", "指标", "目标", "实时值", "指标代码"],
                    [[row.measure.number, t.target.metric, t.target.goal, t.live_label, t.target.indicator_code]
                     for row, t in pack.targets])
    findings = Sheet("督察发现", ["举措序号", "检查日期", "发现问题", "整改期限", "状态", "销号日期"],
                     [[f.inspection.measure.number, _date(f.inspection.inspected_on), f.inspection.findings,
                       _date(f.inspection.rectification_deadline_on), f.status_label,
                       "" if f.is_open else _date(f.inspection.closed_on)] for f in pack.findings])
    meetings = Sheet("会议纪要", ["日期", "类型", "会议名称", "参会人员", "会议纪要", "议定事项", "涉及举措"],
                     [[_date(m.held_on), MeetingKind(m.kind).label, m.title, "、".join(m.attendees), m.minutes,
                       "\n".join(m.decisions), "、".join(str(x.number) for x in m.measures.all())]
                      for m in pack.meetings])
    reforms = Sheet("改革事项", ["类型", "名称", "所属举措", "提出部门", "提出日期", "状态", "责任部门", "完成时限", "进度（%）"],
                    [[line.reform.get_kind_display(), line.reform.title, line.reform.measure.number,
                      line.reform.proposing_department.name if line.reform.proposing_department_id else "",
                      _date(line.reform.proposed_on), line.status_label,
                      line.reform.responsible_department.name if line.reform.responsible_department_id else "",
                      _date(line.reform.deadline_on) or ("持续推进" if line.reform.is_ongoing else ""), line.progress]
                     for line in pack.reforms])
    return workbook([progress, overdue, targets, findings, meetings, reforms])


@login_required
def review_xlsx(request, year: int, quarter: int):
    pack = _pack(request, year, quarter)
    return excel_response(review_workbook(pack), f"{pack.quarter.label}营商环境工作审查.xlsx")
