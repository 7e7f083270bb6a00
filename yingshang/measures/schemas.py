"""API schemas for the plan: explicit In/Out, English snake_case, Chinese labels next to codes."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field


class PlanOut(Schema):
    id: int
    title: str
    year: int | None
    started_on: date
    preamble: str
    overall_requirements: str
    objectives: str
    work_requirements: list[dict] = Field(description="[{heading, text, line}] 工作要求各项")
    warnings: list[str]
    source_name: str
    imported_at: datetime | None
    measure_count: int
    unparsed: list[dict] = Field(description="[{line, text, reason}] 未能识别的段落（行号从 1 起）")


class PlanListOut(Schema):
    items: list[PlanOut]
    count: int


class ImportOut(Schema):
    plan_id: int | None = Field(description="试运行时为空")
    title: str
    dry_run: bool
    is_new_plan: bool
    measures: int = Field(description="方案中识别出的举措数")
    created: list[int] = Field(description="新增的举措序号")
    updated: list[int] = Field(description="内容有变化而更新的举措序号")
    unchanged: list[int]
    deactivated: list[int] = Field(description="方案中已不存在、被停用的举措序号")
    unparsed: list[dict]
    warnings: list[str]


class TargetOut(Schema):
    metric: str
    comparator: str = Field(description="gte ≥ / lte ≤")
    comparator_label: str
    value: str = Field(description="目标值（十进制字符串）")
    unit: str = Field(description="percent / working_days / days / months")
    unit_label: str
    label: str = Field(description="如 涉企速裁案件调撤率 ≥ 60%")
    phrase: str
    basis: str
    indicator_code: str
    live_value: str = Field(description="实时值；指标尚未接入时为 暂无数据")


class MeasureOut(Schema):
    id: int
    plan_id: int
    number: int
    title: str
    group: str
    lead_leaders: list[str]
    responsible_departments: list[str]
    assisting_departments: list[str]
    deadline_on: date | None
    deadline_text: str
    is_ongoing: bool
    is_active: bool
    progress_percent: int
    last_reported_on: date | None
    completed_on: date | None
    status: str = Field(description="not_started / in_progress / completed / overdue / ongoing")
    status_label: str
    light: str = Field(description="green / amber / red / grey")
    light_label: str
    light_text: str
    days_left: int | None
    open_inspections: int
    targets: list[TargetOut]


class MeasureListOut(Schema):
    items: list[MeasureOut]
    count: int


class EvidenceOut(Schema):
    id: int
    original_name: str
    size_bytes: int
    sha256: str
    download_url: str


class ReportIn(Schema):
    progress_percent: int = Field(ge=0, le=100, description="完成比例 0–100")
    summary: str = Field(min_length=1, max_length=5000, description="工作进展")
    is_completed: bool = Field(False, description="已全部完成（完成比例须为 100）")
    problems: str = Field("", max_length=5000)
    next_steps: str = Field("", max_length=5000)
    reported_on: date | None = Field(None, description="报告日期，默认今天，不得晚于今天")


class ReportOut(Schema):
    id: int
    measure_id: int
    reform_id: int | None = Field(description="报告的是改革事项时为该事项")
    department: str
    author: str
    reported_on: date
    progress_percent: int
    is_completed: bool
    summary: str
    problems: str
    next_steps: str
    evidence: list[EvidenceOut]


class FollowUpOut(Schema):
    id: int
    noted_on: date
    note: str
    author: str


class InspectionIn(Schema):
    findings: str = Field(min_length=1, max_length=5000, description="发现问题")
    inspected_on: date | None = Field(None, description="检查日期，默认今天")
    rectification_required: bool = True
    rectification_deadline_on: date | None = Field(None, description="整改期限；需整改时必填")


class FollowUpIn(Schema):
    note: str = Field(min_length=1, max_length=5000)
    noted_on: date | None = None


class CloseIn(Schema):
    closure_note: str = Field(min_length=1, max_length=5000, description="销号意见")
    closed_on: date | None = None


class InspectionOut(Schema):
    id: int
    measure_id: int
    inspected_on: date
    inspector: str
    findings: str
    rectification_required: bool
    rectification_deadline_on: date | None
    status: str
    status_label: str
    closed_on: date | None
    closure_note: str
    follow_ups: list[FollowUpOut]


class MeasureDetailOut(MeasureOut):
    text: str
    source_text: str
    line_number: int
    reports: list[ReportOut]
    inspections: list[InspectionOut]
    can_report: bool
    can_manage: bool


class DepartmentMeasuresOut(Schema):
    department: str
    responsible: list[MeasureOut] = Field(description="本部门为责任部门的举措（含以统称写明的）")
    assisting: list[MeasureOut] = Field(description="本部门为协助部门的举措")


class ReportUpdateIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="修改原因（记入审计）")
    progress_percent: int | None = Field(None, ge=0, le=100)
    summary: str | None = Field(None, min_length=1, max_length=5000)
    is_completed: bool | None = None
    problems: str | None = Field(None, max_length=5000)
    next_steps: str | None = Field(None, max_length=5000)
    reported_on: date | None = Field(None, description="不得晚于今天")


class AlertOut(Schema):
    id: int
    kind: str = Field(description="reminder 到期提醒 / escalation 逾期督办")
    kind_label: str
    subject: str = Field(description="measure / rectification / reform")
    subject_label: str
    measure_id: int
    measure_number: int
    inspection_id: int | None
    reform_id: int | None
    due_on: date
    raised_on: date
    recipients: list[str]
    note: str


class AlertListOut(Schema):
    items: list[AlertOut]
    count: int


class MeetingIn(Schema):
    kind: str = Field(description="party_group 党组季度研究 / liaison 联席会议")
    held_on: date
    title: str = Field(min_length=1, max_length=200)
    minutes: str = Field(min_length=1, max_length=20000)
    attendees: list[str] = Field(default_factory=list, max_length=200)
    decisions: list[str] = Field(default_factory=list, max_length=200)
    measure_ids: list[int] = Field(default_factory=list, max_length=200, description="涉及的举措 id")
    plan_id: int | None = Field(None, description="默认为现行方案")


class MeetingUpdateIn(Schema):
    reason: str = Field("", max_length=500)
    kind: str | None = None
    held_on: date | None = None
    title: str | None = Field(None, max_length=200)
    minutes: str | None = Field(None, max_length=20000)
    attendees: list[str] | None = Field(None, max_length=200)
    decisions: list[str] | None = Field(None, max_length=200)
    measure_ids: list[int] | None = Field(None, max_length=200)


class MeetingOut(Schema):
    id: int
    plan_id: int
    kind: str
    kind_label: str
    held_on: date
    title: str
    attendees: list[str]
    minutes: str
    decisions: list[str]
    measure_numbers: list[int]
    measure_ids: list[int]
    recorded_by: str


class MeetingListOut(Schema):
    items: list[MeetingOut]
    count: int


class ReformIn(Schema):
    kind: str = Field(description="practice 可复制推广举措（第32项） / pilot 小切口改革试点（第33项）")
    title: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1, max_length=5000)
    source: str = Field("", max_length=200)
    expected_effect: str = Field("", max_length=5000)
    measure_id: int | None = Field(None, description="默认为现行方案中对应的举措")
    proposed_on: date | None = None


class ReformAdoptIn(Schema):
    responsible_department_id: int
    deadline_on: date | None = Field(None, description="完成时限；持续推进的留空并设 is_ongoing")
    is_ongoing: bool = False
    review_note: str = Field("", max_length=5000)
    meeting_id: int | None = Field(None, description="研究确定的会议")
    implementation_plan: str = Field("", max_length=20000)
    reviewed_on: date | None = None


class ReformRejectIn(Schema):
    review_note: str = Field(min_length=1, max_length=5000, description="不予采纳的理由")
    meeting_id: int | None = None
    reviewed_on: date | None = None


class ReformPlanIn(Schema):
    implementation_plan: str = Field(min_length=1, max_length=20000, description="落实方案")


class ReformOut(Schema):
    id: int
    measure_id: int
    measure_number: int
    kind: str
    kind_label: str
    title: str
    description: str
    source: str
    expected_effect: str
    proposed_on: date
    proposed_by: str
    proposing_department: str
    status: str = Field(description="proposed / adopted / rejected")
    status_label: str = Field(description="待审议、未采纳，或采纳后的 未开始/推进中/已完成/逾期/持续推进")
    tracking_status: str | None = Field(description="采纳后：not_started / in_progress / completed / overdue / ongoing")
    light: str
    light_text: str
    reviewed_on: date | None
    review_note: str
    meeting_id: int | None
    responsible_department_id: int | None
    responsible_department: str
    deadline_on: date | None
    is_ongoing: bool
    implementation_plan: str
    plan_submitted_on: date | None
    progress_percent: int
    last_reported_on: date | None
    completed_on: date | None


class ReformListOut(Schema):
    items: list[ReformOut]
    count: int


class ReformDetailOut(ReformOut):
    reports: list[ReportOut]


class ReviewRowOut(Schema):
    measure_id: int
    number: int
    title: str
    lead_leaders: list[str]
    responsible_departments: list[str]
    deadline_on: date | None
    progress_at_start: int
    progress_at_end: int
    status: str
    status_label: str
    light: str
    light_text: str
    reports_in_quarter: int
    latest_summary: str
    open_findings: int
    targets: list[TargetOut]


class OverdueOut(Schema):
    subject: str
    subject_label: str
    measure_number: int
    title: str
    department: str
    due_on: date
    days_overdue: int


class FindingOut(Schema):
    inspection_id: int
    measure_number: int
    inspected_on: date
    findings: str
    rectification_deadline_on: date | None
    is_open: bool
    closed_on: date | None


class ReviewReformOut(Schema):
    id: int
    kind: str
    title: str
    measure_number: int
    status_label: str
    progress_percent: int


class ReviewPackOut(Schema):
    plan_id: int
    year: int
    quarter: int
    label: str = Field(description="如 2023年第三季度")
    as_of: date = Field(description="季度已结束为季末，否则为今天")
    is_closed: bool
    counts: dict
    has_party_group_meeting: bool
    measures: list[ReviewRowOut]
    overdue: list[OverdueOut]
    findings: list[FindingOut]
    meetings: list[MeetingOut]
    reforms: list[ReviewReformOut]
