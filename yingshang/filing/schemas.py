"""API schemas of the filing app: explicit In/Out, English snake_case, Chinese labels beside codes, money in yuan
strings (integer fen stays inside)."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from yingshang.cases.choices import FilingChannel, Procedure
from yingshang.cases.schemas import PartyIn
from yingshang.core.schemas import check_yuan, yuan_or_zero_fen
from yingshang.filing.choices import CriterionKind, CriterionOperator


class FilingIn(Schema):
    """The proposed case. Sent as the JSON text of the multipart field ``data`` (files in the other fields)."""

    type_code: str = Field(description="类型代字，如 民初、执、行初、刑初（自诉）", examples=["民初"])
    channel: FilingChannel = Field(FilingChannel.ONLINE, description="online 网上 / self_service 自助 / window 现场 / "
                                                                     "cross_court 跨域（后两者由立案庭录入）")
    receiving_court_name: str = Field("", max_length=100, description="跨域立案：代为收件的协作法院")
    received_on: date | None = Field(None, description="现场、跨域立案：收到材料之日（默认今天）")
    cause_id: int | None = Field(None, description="民事案由ID（/api/v1/causes），须属于收件日期适用的版本")
    cause_text: str = Field("", max_length=100)
    claim_amount_yuan: str | None = Field(None, description="标的额，元，最多两位小数", examples=["35000.00"])
    claims: str = Field(min_length=1, max_length=5000, description="诉讼请求（申请事项）")
    summary: str = Field("", max_length=20000, description="事实与理由")
    law_firm: str = Field("", max_length=100)
    parties: list[PartyIn] = Field(min_length=1)

    @field_validator("claim_amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)

    @property
    def claim_amount_fen(self) -> int:
        return yuan_or_zero_fen(self.claim_amount_yuan)


class ClockOut(Schema):
    level: str
    level_label: str
    is_running: bool
    due_on: date | None
    days_left: int | None
    label: str
    must_register: bool


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    original_name: str
    content_type: str
    size_bytes: int
    sha256: str
    is_supplement: bool
    uploaded_at: datetime
    download_url: str


class FilingPartyOut(Schema):
    kind: str
    name: str
    role: str
    role_label: str
    id_number_masked: str | None
    credit_code: str | None
    organisation_kind: str


class RefusalOut(Schema):
    id: int
    number: str
    title: str
    reason: str
    legal_basis: str
    text: str
    decided_on: date


class FilingOut(Schema):
    id: int
    receipt_number: str
    channel: str
    channel_label: str
    receiving_court_name: str
    type_code: str
    type_label: str
    cause_id: int | None
    cause_name: str
    claim_amount_yuan: str
    claims: str
    summary: str
    parties: list[FilingPartyOut]
    plaintiff_name: str
    law_firm: str
    is_enterprise_involved: bool
    is_priority: bool
    is_financial: bool
    received_on: date
    received_at: datetime
    status: str
    status_label: str
    period_days: int
    period_basis: str
    clock_start_on: date
    decision_due_on: date | None
    due_unconfirmed_calendar: bool
    clock: ClockOut
    supplement_requested_on: date | None
    supplement_items: list[str]
    supplement_note: str
    supplements_received_on: date | None
    decided_on: date | None
    is_on_spot: bool
    is_decided_in_time: bool | None
    case_id: int | None
    case_number: str | None
    batch_id: int | None
    attachments: list[AttachmentOut] = []
    refusal: RefusalOut | None = None


class FilingListOut(Schema):
    items: list[FilingOut]
    count: int


class RegisterIn(Schema):
    filed_on: date | None = Field(None, description="立案日期，默认今天；不早于收到材料之日")
    department_id: int | None = None
    judge_id: int | None = None


class SupplementRequestIn(Schema):
    items: list[str] = Field(min_length=1, description="逐项列明需要补正的材料或内容（一次性告知）")
    note: str = Field("", max_length=2000)


class RefuseIn(Schema):
    reason: str = Field("", max_length=5000, description="不予受理的理由（必填）")
    legal_basis: str = Field("", max_length=300, description="法律依据；不填则按案件类型使用默认条文")


class TriageIn(Schema):
    """Case facts for the triage suggestion. With ``filing_id`` or ``case_id`` the suggestion is recorded."""

    filing_id: int | None = None
    case_id: int | None = None
    type_code: str = "民初"
    claim_amount_yuan: str | None = Field(None, examples=["30000.00"])
    is_money_claim: bool = True
    facts_clear: bool = True
    rights_clear: bool = True
    little_dispute: bool = True
    party_count: int = Field(2, ge=1, le=100000)
    is_numerous_party: bool = False
    has_foreign_element: bool = False
    needs_appraisal: bool = False
    needs_public_notice_service: bool = False
    party_missing: bool = False
    has_counterclaim: bool = False
    is_personal_status_or_ownership: bool = False
    is_remanded_or_retrial: bool = False
    involves_public_interest: bool = False
    is_mass_dispute: bool = False
    is_novel_or_difficult: bool = False
    is_typical_simple_cause: bool = False
    parties_agree_small_claims: bool = False
    parties_agree_simple: bool = False
    is_enterprise_involved: bool = False
    is_financial: bool = False
    possible_sentence_over_3_years: bool = False
    admits_guilt_and_accepts_punishment: bool = False
    defendant_agrees_procedure: bool = False
    fast_track_excluded: bool = False
    admin_simple_ground: bool = False
    on: date | None = Field(None, description="适用标准的日期（预览时使用；有立案申请或案件时取其收案日期）")

    @field_validator("claim_amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class ReasonOut(Schema):
    code: str
    text: str
    basis: str
    effect: str


class ThresholdOut(Schema):
    id: int | None = None
    province: str
    wage_year: int
    average_wage_yuan: str
    limit_yuan: str
    agreed_limit_yuan: str
    effective_from: date
    is_confirmed: bool
    confirmation_label: str
    source: str = ""
    note: str = ""


class SuggestionOut(Schema):
    record_id: int | None
    procedure: str
    procedure_label: str
    team_kind: str
    team_kind_label: str
    is_fast_track: bool
    simple_score: int
    complex_score: int
    reasons: list[ReasonOut]
    threshold: ThresholdOut | None


class DecideIn(Schema):
    procedure: Procedure
    reason: str = Field("", max_length=2000, description="决定理由；与建议不同时必填")
    team_id: int | None = None
    judge_id: int | None = Field(None, description="同时分案给该团队的法官（案件已立案时）")


class TriageRecordOut(Schema):
    id: int
    filing_id: int | None
    case_id: int | None
    status: str
    suggested_procedure: str
    suggested_procedure_label: str
    suggested_team_kind: str
    reasons: list[ReasonOut]
    decided_procedure: str
    decided_procedure_label: str
    decided_team_id: int | None
    decision_reason: str
    decided_by: str | None
    decided_at: datetime | None
    suggested_by: str
    suggested_at: datetime


class ThresholdIn(Schema):
    province: str = Field(min_length=1, max_length=20)
    wage_year: int = Field(ge=2000, le=2100)
    average_wage_yuan: str = Field(description="就业人员年平均工资，元", examples=["91413.00"])
    effective_from: date
    is_confirmed: bool = False
    source: str = Field("", max_length=300)
    note: str = ""

    @field_validator("average_wage_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class ThresholdListOut(Schema):
    items: list[ThresholdOut]
    count: int


class CriterionIn(Schema):
    code: str = Field(min_length=1, max_length=50, pattern=r"^[a-z0-9_\-]+$")
    label: str = Field(min_length=1, max_length=100)
    kind: CriterionKind
    fact: str
    operator: CriterionOperator
    value: int | None = None
    weight: int = Field(1, ge=1, le=10)
    is_active: bool = True
    legal_basis: str = Field("", max_length=200)
    sort_order: int = Field(0, ge=0, le=32767)


class CriterionOut(Schema):
    id: int
    code: str
    label: str
    kind: str
    kind_label: str
    fact: str
    fact_label: str
    operator: str
    operator_label: str
    value: int | None
    weight: int
    is_active: bool
    legal_basis: str


class BatchIn(Schema):
    filing_ids: list[int] = Field(min_length=2)
    name: str = Field("", max_length=200)


class BatchOut(Schema):
    id: int
    name: str
    plaintiff_name: str
    type_code: str
    cause_name: str
    filing_ids: list[int]


class StatisticsOut(Schema):
    court: str
    date_from: date
    date_to: date
    months: list[dict]
    total: dict
