from datetime import date

from ninja import Schema
from pydantic import Field

from yingshang.credit.choices import (
    CorrectionReason, DeletionGround, LiftGround, ListingGround, PushStatus, RepairDecisionKind, RestrictedRole,
)


class ListingIn(Schema):
    case_id: int
    debtor_id: int
    ground: ListingGround
    facts: str = Field(min_length=1)
    decided_on: date | None = None
    extra_years: int = Field(0, ge=0, le=3)
    grace_months: int = Field(0, ge=0, le=3)
    security_provided: bool = False
    seized_property_sufficient: bool = False
    ranks_later: bool = False
    on_creditor_application: bool = False


class ListingOut(Schema):
    id: int
    case_number: str
    debtor: str
    ground: str
    ground_label: str
    decided_on: date
    has_fixed_term: bool
    term_years: int | None
    ends_on: date | None
    publish_on: date
    status: str
    status_label: str
    is_shielded: bool
    deletion_ground: str
    deletion_due_on: date | None
    deleted_on: date | None


class DeleteIn(Schema):
    ground: DeletionGround
    event_on: date
    note: str = ""


class CorrectionIn(Schema):
    reason: CorrectionReason
    statement: str = Field(min_length=1)


class DecideIn(Schema):
    accept: bool
    decision_text: str = Field(min_length=1)


class PersonIn(Schema):
    name: str
    role: RestrictedRole
    id_number: str = ""


class RestrictionIn(Schema):
    case_id: int
    debtor_id: int
    persons: list[PersonIn] = Field(default_factory=list)
    ordered_on: date | None = None


class LiftIn(Schema):
    ground: LiftGround
    person_id: int | None = None


class RepairIn(Schema):
    listing_id: int | None = None
    restriction_id: int | None = None
    requested: RepairDecisionKind
    statement: str = Field(min_length=1)


class RepairDecideIn(Schema):
    approve: bool
    decision: RepairDecisionKind
    decision_text: str = Field(min_length=1)
    shorten_to: date | None = None


class PushStatusIn(Schema):
    status: PushStatus
