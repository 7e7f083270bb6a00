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
