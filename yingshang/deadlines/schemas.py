"""Explicit In/Out schemas of /api/v1 time-limit endpoints (English snake_case; Chinese labels alongside)."""

from datetime import date

from ninja import Field, Schema

from yingshang.deadlines.choices import DeductionKind, ExtensionReason, PlanStatus, TransferExemption


class RuleOut(Schema):
    code: str
    label: str
    limit_months: int
    limit_days: int
    limit_label: str
    approver: str
    approver_label: str
    extension_cap_label: str | None
    further_approver: str
    source: str
    note: str


class DeductionOut(Schema):
    id: int
    kind: str
    kind_label: str
    start_on: date
    end_on: date | None
    days: int | None = Field(description="扣除天数（首尾两日均计入）；尚未结束为空")
    reason: str | None = Field(description="说明（仅院内人员可见）")
    source: str


class ExtensionOut(Schema):
    id: int
    procedure: str
    reason_code: str
    reason_label: str
    reason: str | None = Field(description="具体理由（仅院内人员可见）")
    length_months: int
    length_days: int
    length_label: str
    approver: str
    approver_label: str
    ordinal: int
    status: str
    status_label: str
    requested_on: date
    decided_on: date | None
    decision_note: str | None
    override_reason: str | None
    higher_court_reference: str
    apply_by_on: date | None = Field(description="申请时应提出申请的最后一日（空：审限暂停计算）")
    decide_by_on: date | None = Field(description="申请时院长应作出决定的最后一日")
    is_late_request: bool = Field(description="逾期申请")
    late_reason: str | None = Field(description="逾期申请的理由（仅院内人员可见）")
    is_late_decision: bool = Field(description="逾期审批")
    decision_late_reason: str | None = Field(description="逾期审批的理由（仅院内人员可见）")


class ExtensionWindowOut(Schema):
    end_on: date = Field(description="审限届满日")
    opens_on: date | None = Field(description="最早可申请之日（执行案件：届满前5日，法发〔2006〕35号第1条）；空：不限")
    apply_by_on: date = Field(description="申请延长的最后一日（审判案件届满15日前，2019年延长审限和延期开庭规定第1条）")
    decide_by_on: date = Field(description="院长作出决定的最后一日（届满5日前）")
    apply_by_working_on: date = Field(description="申请最后一日当日或之前的最后一个工作日（建议提交日）")
    decide_by_working_on: date = Field(description="决定最后一日当日或之前的最后一个工作日")
    source: str


class TimeLimitOut(Schema):
    case_id: int
    case_number: str
    is_open: bool
    rule_code: str = Field(description="审限规则代码；空表示无法定审限")
    rule_label: str
    rule_source: str
    filed_on: date
    limit_months: int
    limit_days: int
    extension_months: int
    extension_days: int
    deducted_days: int
    time_limit_end_on: date | None = Field(description="审限届满日（含延长与扣除，按本院设置顺延节假日）")
    raw_end_on: date | None
    days_left: int | None = Field(description="距届满日的天数；负数为已超审限")
    is_paused: bool = Field(description="有尚未结束的扣除期间，审限暂停计算")
    end_if_resumed_today_on: date | None
    unconfirmed_calendar: bool
    alert_level: str
    tier: str
    tier_label: str
    approaching_months: int
    six_months_on: date
    nine_months_on: date
    twelve_months_on: date
    steps: list[str]
    deductions: list[DeductionOut]
    extensions: list[ExtensionOut] = Field(description="延长审限申请及其状态；具体理由仅院内人员可见（2019年规定第7条）")
    allowed_deduction_kinds: list[dict]
    extension_window: ExtensionWindowOut | None = Field(
        None, description="延长审限的申请与审批期限（仅院内人员；审限暂停、无法定审限或不得延长时为空）")


class DeductionIn(Schema):
    kind: DeductionKind
    start_on: date
    end_on: date | None = None
    reason: str = Field(min_length=1, max_length=500)


class DeductionEndIn(Schema):
    end_on: date


class ExtensionIn(Schema):
    reason_code: ExtensionReason
    reason: str = Field(min_length=1)
    length_months: int = Field(0, ge=0, le=12)
    length_days: int = Field(0, ge=0, le=366)
    override_reason: str = Field("", description="同一事由再次申请时，院长填写的理由（本院2023年方案第14项）")
    late_reason: str = Field("", description="超过申请期限（届满15日前）提出时的逾期理由")


class DecisionIn(Schema):
    note: str = ""
    override_reason: str = ""
    late_reason: str = Field("", description="超过审批期限（届满5日前）批准或报请时的逾期理由")


class HigherCourtDecisionIn(Schema):
    approved: bool
    higher_court_reference: str = ""
    note: str = ""


class RuleSetIn(Schema):
    rule_code: str = Field(description="审限规则代码；空字符串恢复按类别和程序确定")
    reason: str = Field(min_length=1)


class PlanStepIn(Schema):
    text: str = Field(min_length=1, max_length=300)
    due_on: date | None = None


class PlanIn(Schema):
    target_on: date
    owner_id: int
    steps: list[PlanStepIn] = Field(min_length=1)


class PlanUpdateIn(Schema):
    note: str = Field(min_length=1)
    progress_percent: int = Field(ge=0, le=100)
    done_steps: list[int] = []
    target_on: date | None = None
    status: PlanStatus | None = None


class PlanUpdateOut(Schema):
    id: int
    recorded_on: date
    note: str
    progress_percent: int
    recorded_by: str


class PlanOut(Schema):
    id: int
    case_id: int
    target_on: date
    steps: list[dict]
    owner_id: int
    owner_name: str
    status: str
    status_label: str
    progress_percent: int
    tier_at_creation: str
    updates: list[PlanUpdateOut]


class DeadlineRowOut(Schema):
    case_id: int
    case_number: str
    department_name: str
    judge_name: str
    filed_on: date
    procedure_label: str
    rule_code: str
    time_limit_end_on: date | None
    days_left: int | None
    is_paused: bool
    alert_level: str
    alert_label: str
    tier: str
    tier_label: str
    approaching_months: int


class DeadlineListOut(Schema):
    items: list[DeadlineRowOut]
    count: int


class AlertOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    level: str
    level_label: str
    reference_on: date
    audience: str
    raised_on: date
    is_acknowledged: bool


class AlertListOut(Schema):
    items: list[AlertOut]
    count: int


class TransferIn(Schema):
    appeal_filed_on: date
    served_on: date = Field(description="上诉状副本送达最后一名被上诉人之日")
    exemption: TransferExemption = TransferExemption.NONE
    note: str = ""


class TransferCompleteIn(Schema):
    transferred_on: date


class TransferOut(Schema):
    id: int
    case_id: int
    appeal_filed_on: date
    served_on: date
    answer_ends_on: date
    due_on: date | None
    exemption: str
    status: str
    status_label: str
    transferred_on: date | None
    alert_level: str
    is_late: bool
