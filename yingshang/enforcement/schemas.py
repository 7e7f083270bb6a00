from datetime import date

from ninja import Schema
from pydantic import Field, field_validator

from yingshang.core.schemas import check_yuan, yuan_or_zero_fen
from yingshang.enforcement.choices import (
    DeferralReason, FriendlyMeasureKind, GridTaskKind, MessageKind, NodeKind, ReceiptSource, SanctionKind,
    SanctionOutcome,
)


class _Money(Schema):
    amount_yuan: str = Field(description="金额，元，最多两位小数")

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)

    @property
    def amount_fen(self) -> int:
        return yuan_or_zero_fen(self.amount_yuan)


class OpenIn(Schema):
    amount_applied_yuan: str
    source_case_id: int | None = None

    @field_validator("amount_applied_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


class NodeIn(Schema):
    kind: NodeKind
    occurred_on: date
    description: str = Field("", max_length=500)


class ReceiptIn(_Money):
    source: ReceiptSource
    received_on: date
    second_officer_id: int | None = None
    memo: str = ""


class PayoutIn(_Money):
    creditor_id: int
    note: str = ""


class DecisionIn(Schema):
    note: str = ""


class OutflowIn(_Money):
    kind: str = Field(description="fee_deduction 扣收执行费 / refund 退还被执行人")
    party_id: int | None = None
    memo: str = ""


class DeferralIn(Schema):
    reason: DeferralReason
    explanation: str
    deferred_until: date


class ApproveIn(Schema):
    approve: bool


class MessageIn(Schema):
    kind: MessageKind = MessageKind.MESSAGE
    body: str = Field(min_length=1, max_length=2000)


class ReplyIn(Schema):
    reply: str = Field(min_length=1)


class FriendlyIn(Schema):
    kind: FriendlyMeasureKind
    description: str
    decided_on: date
    amount_yuan: str | None = None
    outcome: str = ""

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


class InstalmentIn(Schema):
    due_on: date
    amount_yuan: str

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


class PlanIn(Schema):
    agreed_on: date
    schedule: list[InstalmentIn]


class PaidIn(Schema):
    paid_on: date


class SanctionIn(Schema):
    target_id: int
    kind: SanctionKind
    decided_on: date
    grounds: str
    amount_yuan: str | None = None
    days: int = Field(0, ge=0)
    is_public: bool = True

    @field_validator("amount_yuan")
    @classmethod
    def _check(cls, value):
        return check_yuan(value)


class OutcomeIn(Schema):
    outcome: SanctionOutcome
    outcome_on: date


class GridTaskIn(Schema):
    worker_id: int
    kind: GridTaskKind
    instructions: str = Field(min_length=1)
    due_on: date


class GridDoneIn(Schema):
    done: bool
    outcome: str = Field(min_length=1)
