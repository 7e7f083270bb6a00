"""API schemas for fees: explicit In/Out, English snake_case, money as yuan strings with two decimals."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field, field_validator

from yingshang.core.schemas import check_yuan
from yingshang.fees.choices import AllocationManner, FeeOutcome, FeeProcedure, FeeType, ReliefGround, ReliefKind


class QuoteIn(Schema):
    fee_type: FeeType = Field(description="acceptance 财产案件受理费 / execution 申请执行费 / preservation 保全费 / "
                                          "payment_order 支付令 / bankruptcy 破产申请费；另有 divorce、"
                                          "personality_rights、non_property、ip、labour、administrative、"
                                          "administrative_special、jurisdiction_objection、public_summons、"
                                          "arbitration_review")
    amount_yuan: str | None = Field(None, description="金额（元，最多两位小数）：诉讼请求金额、执行金额、实际保全数额、"
                                                      "破产财产总额；离婚为分割财产总额，人格权为请求赔偿额",
                                    examples=["123456.78"])
    procedure: FeeProcedure | None = Field(None, description="仅案件受理费：ordinary / simple / small_claims")
    outcome: FeeOutcome | None = Field(None, description="仅案件受理费：null / mediated 调解 / withdrawn 撤诉")
    is_counterclaim: bool = Field(False, description="仅案件受理费：反诉与本诉合并审理（减半）")

    @field_validator("amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class QuoteOut(Schema):
    fee_type: str
    fee_type_label: str
    fee_yuan: str = Field(description="应交纳金额（元，两位小数，四舍五入）")
    full_fee_yuan: str = Field(description="减半或封顶前的金额")
    is_halved: bool
    is_capped: bool
    steps: list[str] = Field(description="中文计算步骤")
    basis: str = Field(description="法律依据（《诉讼费用交纳办法》条文）")
    unconfirmed: list[str] = Field(description="使用了未经核实的本地标准或做法")


def _money_field(description: str, required: bool = False):
    return Field(... if required else None, description=description, examples=["1380.00"])


class ChargeIn(Schema):
    fee_type: FeeType = Field(description="费用类型")
    payer_case_party_id: int = Field(description="预交人（案件当事人ID）")
    amount_yuan: str | None = _money_field("计费金额（元）；按件收费的不填")
    is_counterclaim: bool = False

    @field_validator("amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class MoneyIn(Schema):
    amount_yuan: str = _money_field("金额（元，大于零，最多两位小数）", required=True)
    received_on: date = Field(description="到账日期 YYYY-MM-DD")
    note: str = Field("", max_length=200)

    @field_validator("amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class OverrideShareIn(Schema):
    case_party_id: int
    borne_yuan: str

    @field_validator("borne_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class AllocationIn(Schema):
    manner: AllocationManner = Field(description="judgment 判决 / mediation 调解 / withdrawal 撤诉")
    awarded_yuan: str | None = _money_field("判决支持金额（元），按比例分担时填写")
    plaintiff_prevails: bool | None = Field(None, description="非财产案件判决：原告是否胜诉")
    override: list[OverrideShareIn] | None = Field(None, description="法院另行决定（或调解协议约定）的各方负担金额")
    reason: str = Field("", description="另行决定的理由（必填）")

    @field_validator("awarded_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class RefundPaidIn(Schema):
    paid_on: date = Field(description="退付日期 YYYY-MM-DD")


class ReliefIn(Schema):
    case_party_id: int
    kind: ReliefKind = Field(description="waiver 免交 / reduction 减交 / deferral 缓交")
    ground: ReliefGround = Field(description="withdrawal 撤诉 / bankruptcy 破产企业 / hardship 确有困难")
    reason: str = Field(min_length=1, max_length=2000, description="申请理由")
    amount_yuan: str | None = _money_field("减交金额（元），仅减交")
    deferred_until: date | None = Field(None, description="缓交期限，仅缓交")

    @field_validator("amount_yuan")
    @classmethod
    def _check_amount(cls, value):
        return check_yuan(value)


class ReliefDecisionIn(Schema):
    approve: bool
    reason: str = Field("", max_length=2000, description="不予准许的须写明理由")


class ChargeOut(Schema):
    id: int
    fee_type: str
    fee_type_label: str
    payer_case_party_id: int
    payer_name: str
    basis_amount_yuan: str | None
    procedure: str
    fee_yuan: str
    full_fee_yuan: str
    prepaid_yuan: str
    outstanding_yuan: str
    requires_prepayment: bool
    steps: list[str]
    basis: str


class EntryOut(Schema):
    id: int
    kind: str
    kind_label: str
    case_party_id: int
    party_name: str
    amount_yuan: str
    occurred_on: date
    recorded_by: str
    note: str


class ShareOut(Schema):
    id: int
    case_party_id: int
    party_name: str
    role_label: str
    borne_yuan: str
    prepaid_yuan: str
    refund_yuan: str
    receivable_yuan: str
    relieved_yuan: str
    paid_yuan: str
    owing_yuan: str


class AllocationOut(Schema):
    id: int
    manner: str
    manner_label: str
    total_fee_yuan: str
    is_override: bool
    reason: str
    steps: list[str]
    basis: str
    decided_by: str
    shares: list[ShareOut]


class RefundOut(Schema):
    id: int
    case_id: int
    case_number: str
    case_party_id: int
    party_name: str
    kind: str
    kind_label: str
    amount_yuan: str
    due_on: date
    status: str
    status_label: str
    paid_on: date | None
    is_overdue: bool
    is_on_time: bool | None = Field(description="已退付的：是否在应退付日期前退付")
    note: str


class RefundListOut(Schema):
    items: list[RefundOut]
    count: int


class ReliefOut(Schema):
    id: int
    case_id: int
    case_party_id: int
    party_name: str
    kind: str
    kind_label: str
    ground: str
    ground_label: str
    amount_yuan: str | None
    deferred_until: date | None
    application_reason: str
    status: str
    status_label: str
    decided_by: str | None
    decided_at: datetime | None
    decision_reason: str


class LedgerOut(Schema):
    case_id: int
    case_number: str
    charges: list[ChargeOut]
    entries: list[EntryOut]
    allocation: AllocationOut | None
    refunds: list[RefundOut]
    reliefs: list[ReliefOut]
    totals: dict[str, str | int] = Field(description="合计（元）：charged、prepaid、receivable、received、owing、"
                                                     "refund_ordered、refunded、refund_pending；pending_reliefs 件数")


class TimelinessOut(Schema):
    paid: int = Field(description="期间内已退付的胜诉退费件数")
    on_time: int = Field(description="其中1个工作日内退付的件数")
    on_time_rate: float | None = Field(description="1个工作日内退付率（%）")
    paid_yuan: str
