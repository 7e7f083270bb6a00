"""API schemas for cases and parties: explicit In/Out, English snake_case, Chinese labels alongside codes."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from yingshang.cases.choices import (
    CaseCategory, CaseEventKind, CaseLinkKind, CaseStatus, ClosingManner, EnterpriseSize, FilingChannel,
    OrganisationKind, PartyKind, PartyRole, Procedure,
)
from yingshang.core.schemas import check_yuan, yuan_or_zero_fen


class PartyIn(Schema):
    kind: PartyKind = Field(description="person 自然人 / organisation 单位")
    name: str = Field(min_length=1, max_length=200, description="姓名或单位名称")
    role: PartyRole = Field(description="诉讼地位")
    id_number: str | None = Field(None, description="自然人身份证号（校验位校验）")
    credit_code: str | None = Field(None, description="单位统一社会信用代码（校验位校验）")
    organisation_kind: OrganisationKind | None = Field(None, description="单位性质，默认企业")
    enterprise_size: EnterpriseSize | None = None
    legal_representative: str = Field("", max_length=50)
    phone: str = Field("", max_length=20, description="11位手机号")
    address: str = Field("", max_length=200)
    has_domicile_in_china: bool = True


class PartyUpdateIn(Schema):
    """Particulars that can be corrected; the identifier (ID number / credit code) cannot."""

    name: str | None = Field(None, min_length=1, max_length=200)
    phone: str | None = Field(None, max_length=20)
    address: str | None = Field(None, max_length=200)
    legal_representative: str | None = Field(None, max_length=50)
    organisation_kind: OrganisationKind | None = None
    enterprise_size: EnterpriseSize | None = None
    has_domicile_in_china: bool | None = None
    reason: str = Field("", max_length=500)


class CaseIn(Schema):
    type_code: str = Field(description="类型代字，如 民初、执、破申", examples=["民初"])
    filed_on: date = Field(description="立案日期 YYYY-MM-DD")
    channel: FilingChannel = FilingChannel.WINDOW
    category: CaseCategory | None = Field(None, description="不填则按类型代字确定")
    procedure: Procedure | None = Field(None, description="不填则按类型代字确定（民初默认普通程序）")
    cause_id: int | None = Field(None, description="民事案由ID（/api/v1/causes），须属于立案日期适用的版本")
    cause_text: str = Field("", max_length=100)
    accepted_on: date | None = None
    claim_amount_yuan: str | None = Field(None, description="标的额，元，最多两位小数", examples=["123456.78"])
    department_id: int | None = None
    judge_id: int | None = None
    summary: str = ""
    parties: list[PartyIn] = Field(default_factory=list)

    @field_validator("claim_amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)

    @property
    def claim_amount_fen(self) -> int:
        return yuan_or_zero_fen(self.claim_amount_yuan)


class CaseUpdateIn(Schema):
    summary: str | None = None
    claim_amount_yuan: str | None = None
    cause_id: int | None = None
    reason: str = ""

    @field_validator("claim_amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class AssignIn(Schema):
    department_id: int
    judge_id: int
    team_id: int | None = None


class StatusIn(Schema):
    status: CaseStatus
    on: date | None = Field(None, description="生效日期，默认今天")
    reason: str = ""
    closing_manner: ClosingManner | None = None


class ProcedureIn(Schema):
    procedure: Procedure
    reason: str = Field(min_length=1)


class EventIn(Schema):
    kind: CaseEventKind
    occurred_on: date
    description: str = Field("", max_length=500)


class LinkIn(Schema):
    to_case_id: int
    kind: CaseLinkKind


class AgentIn(Schema):
    agent_id: int
    law_firm: str = Field("", max_length=100)


class PartyOut(Schema):
    id: int
    kind: str
    kind_label: str
    name: str
    id_number_masked: str | None
    credit_code: str | None
    organisation_kind: str
    enterprise_size: str
    is_enterprise: bool


class CasePartyOut(Schema):
    id: int
    role: str
    role_label: str
    party: PartyOut
    agents: list[str]


class CaseOut(Schema):
    id: int
    case_number: str
    court_code: str
    year: int
    type_code: str
    sequence: int
    category: str
    category_label: str
    cause_id: int | None
    cause_name: str
    procedure: str
    procedure_label: str
    channel: str
    channel_label: str
    filed_on: date
    accepted_on: date | None
    closed_on: date | None
    closing_manner: str
    closing_manner_label: str
    claim_amount_yuan: str
    department_id: int | None
    department_name: str
    judge_id: int | None
    judge_name: str
    status: str
    status_label: str
    is_enterprise_involved: bool
    is_sme_involved: bool
    is_financial: bool
    has_government_party: bool
    parties: list[CasePartyOut]


class CaseListOut(Schema):
    items: list[CaseOut]
    count: int


class EventOut(Schema):
    id: int
    kind: str
    kind_label: str
    occurred_on: date
    recorded_at: datetime
    actor: str | None
    description: str


class AuditOut(Schema):
    id: int
    occurred_at: datetime
    actor: str | None
    action: str
    target_type: str
    target_id: str
    before: dict | None
    after: dict | None
    reason: str


class LinkOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    kind_label: str
    direction: str


class CauseOut(Schema):
    id: int
    revision: int
    level: int
    code: str
    number: int | None
    name: str
    family: str
    is_financial: bool


class CauseListOut(Schema):
    items: list[CauseOut]
    count: int


class PartyListOut(Schema):
    items: list[PartyOut]
    count: int
