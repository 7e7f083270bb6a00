"""Explicit In/Out schemas of /api/v1/preservation. Money as yuan strings in *_yuan fields."""

from datetime import date, datetime

from ninja import Field, Schema


class ApplicationIn(Schema):
    case_id: int
    kind: str = Field(description="litigation 诉讼保全 / pre_litigation 诉前保全 / pre_enforcement 执行前保全")
    applicant_id: int = Field(description="申请人（本案当事人 id）")
    respondent_id: int = Field(description="被申请人（本案当事人 id）")
    amount_yuan: str = Field(description="请求保全数额（元）")
    costs_yuan: str = Field("0", description="与请求一并计算保全范围的费用（元）")
    is_urgent: bool = False
    applied_at: datetime | None = Field(None, description="法院接受申请的时刻，默认现在")
    performance_ends_on: date | None = Field(None, description="执行前保全：生效法律文书指定的履行期间届满日")


class SecurityIn(Schema):
    is_required: bool = Field(description="是否责令提供担保")
    security_yuan: str | None = Field(None, description="担保数额（元）")
    waiver_ground: str = Field("", description="免除担保的理由（《财产保全规定》第9条）")
    note: str = Field("", max_length=300, description="担保方式，或调整担保数额的理由")


class SecurityProvidedIn(Schema):
    provided_at: datetime | None = None


class RulingIn(Schema):
    grant: bool
    ruled_on: date
    granted_amount_yuan: str | None = Field(None, description="裁定保全数额（元），默认为请求数额")
    reason: str = Field("", max_length=300)


class MeasureIn(Schema):
    property_kind: str = Field(description="bank_deposit / movable / real_estate / other_right")
    method: str = Field(description="seal 查封 / seize 扣押 / freeze 冻结")
    description: str = Field(max_length=300)
    value_yuan: str
    taken_on: date
    expires_on: date | None = Field(None, description="裁定或协助执行通知书载明的届满日；不填按民诉法解释第485条计算")
    is_divisible: bool = True
    is_factory_or_machinery: bool = False
    is_live_seal: bool = False


class RenewalRequestIn(Schema):
    requested_on: date


class RenewIn(Schema):
    renewed_on: date
    new_expires_on: date | None = None


class LiftIn(Schema):
    reason: str = Field(description="no_suit / applicant_request / counter_security / case_concluded / substituted / other")
    lifted_on: date


class ReleaseIn(Schema):
    release_yuan: str
    released_on: date


class SuitIn(Schema):
    filed_on: date
    suit_case_id: int | None = None


class EnforcementAppliedIn(Schema):
    applied_on: date
    enforcement_case_id: int | None = None
