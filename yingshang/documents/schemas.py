"""Explicit In/Out shapes of the documents API. Enum values are stable English codes; labels in Chinese alongside."""

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from yingshang.documents.choices import ActivityKind, ActivityMode, ConsentScope, DocumentKind, ServiceMethod


class GenerateIn(Schema):
    kind: DocumentKind = Field(description="acceptance_notice 受理通知书 / payment_notice 缴费通知书 / summons 传票 / "
                                           "enforcement_notice 执行通知书")
    addressee_party_id: int | None = Field(None, description="受文当事人（本案当事人）")
    issued_on: date | None = Field(None, description="文书日期，默认今天")
    data: dict[str, str] = Field(default_factory=dict,
                                 description="各类文书的字段：缴费通知书 amount_yuan（必填）、fee_label、due_days、account；"
                                             "传票 hearing_at（YYYY-MM-DDTHH:MM）、place（必填）、reason；执行通知书 basis、"
                                             "obligation（必填）、amount_yuan、creditor_name；受理通知书 evidence_period、notes、"
                                             "judge_name、contact_phone")


class VisibilityIn(Schema):
    is_sealed_from_parties: bool | None = None
    is_shared_with_parties: bool | None = None
    reason: str = Field(max_length=300)


class ServiceIn(Schema):
    party_id: int
    method: ServiceMethod
    address: str = Field("", max_length=300, description="邮寄地址、公告媒体等；电子送达用同意书中的地址")
    event_on: date | None = Field(None, description="签收日/留置日（直接送达等）或公告发布日（公告送达）")


class ServiceResultIn(Schema):
    outcome: str = Field(description="served 已送达 / failed 失败")
    event_on: date | None = Field(None, description="签收日或邮寄回执日期")
    delivered_at: datetime | None = Field(None, description="电子送达到达时刻，默认现在")
    reason: str = Field("", max_length=500, description="失败原因（失败时必填）")
    tracking_number: str = Field("", max_length=40)


class ConsentIn(Schema):
    party_id: int
    methods: list[ServiceMethod] = Field(description="sms / email / inbox")
    consented_on: date
    scope: ConsentScope = ConsentScope.CASE
    phone: str = Field("", max_length=20)
    email: str = Field("", max_length=254)
    covers_decisions: bool = True


class WithdrawIn(Schema):
    withdrawn_on: date


class AppealIn(Schema):
    party_id: int
    filed_on: date
    petition_document_id: int | None = None


class AppealOutcomeIn(Schema):
    outcome: str = Field(description="upheld 维持 / reversed 改判 / partly_reversed 部分改判 / remanded 发回重审 / "
                                     "withdrawn 撤回上诉 / deemed_withdrawn 按撤回上诉处理 / mediated 调解")
    second_instance_case_number: str = Field(max_length=60, description="二审案号，如（2024）鄂28民终123号")
    decided_on: date = Field(description="二审裁判日期")
    note: str = Field("", max_length=300)


class TransferIn(Schema):
    receiving_court: str = Field(max_length=100)
    transferred_on: date


class ActivityIn(Schema):
    kind: ActivityKind
    mode: ActivityMode
    held_on: date
    platform: str = Field("", max_length=100)
    note: str = Field("", max_length=500)
    recording_document_id: int | None = None


class VerifyIn(Schema):
    sha256: str = Field(max_length=64, description="待核验文件的 SHA-256（十六进制）")


class PeriodQuery(Schema):
    start: date
    end: date


class DocumentOut(Schema):
    id: int
    case_id: int
    case_number: str
    kind: str
    kind_label: str
    title: str
    number: str
    volume: str
    volume_label: str
    sequence: int
    issued_on: date
    source: str
    file_name: str
    size_bytes: int
    sha256: str
    verification_code: str
    is_shared_with_parties: bool
    is_sealed_from_parties: bool
    is_revoked: bool
    download_url: str


class ServiceOut(Schema):
    id: int
    document_id: int
    party_id: int
    party_name: str
    method: str
    method_label: str
    status: str
    status_label: str
    address: str
    sent_at: datetime | None
    delivered_at: datetime | None
    read_at: datetime | None
    event_on: date | None
    served_on: date | None
    failure_reason: str
    fallback_of_id: int | None
    mailing_pack_url: str


class VerificationOut(Schema):
    code: str
    number: str
    title: str
    case_number: str
    issued_on: date
    sha256: str
    is_revoked: bool
    revoked_reason: str
    hash_checked: bool
    hash_matches: bool | None

