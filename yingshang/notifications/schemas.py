"""API schemas of the notifications app: explicit In/Out, English snake_case, Chinese labels alongside codes."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from yingshang.notifications.choices import Channel


class InboxItemOut(Schema):
    id: int
    title: str = Field(description="标题")
    body: str = Field(description="内容")
    case_id: int | None = None
    case_number: str = ""
    created_at: datetime
    read_at: datetime | None = None
    is_read: bool


class InboxListOut(Schema):
    items: list[InboxItemOut]
    count: int
    unread_count: int = Field(description="未读条数（不受分页与筛选影响）")


class MarkedOut(Schema):
    updated: int


class FollowUpOut(Schema):
    id: int
    kind: str
    kind_label: str
    status: str
    status_label: str
    case_id: int
    case_number: str
    message_id: int | None = None
    channel: str = ""
    template_code: str
    recipient_label: str = Field(description="未能通知到的收件人")
    reason: str
    assignee_id: int | None = None
    assignee_name: str = ""
    outcome: str = ""
    created_at: datetime
    closed_at: datetime | None = None
    closed_by_name: str = ""


class FollowUpListOut(Schema):
    items: list[FollowUpOut]
    count: int


class FollowUpCloseIn(Schema):
    outcome: str = Field(min_length=1, max_length=2000, description="处理结果，如：已电话告知当事人")


class PreferenceIn(Schema):
    channels: list[Channel] = Field(description="接收渠道：sms 短信 / email 电子邮件 / inbox 站内消息，至少一项")
    phone: str = Field("", description="接收短信的手机号；为空则用档案中的手机号")
    email: str = Field("", description="接收邮件的邮箱")


class PreferenceOut(Schema):
    channels: list[str]
    channel_labels: list[str]
    phone: str
    email: str
    is_default: bool = Field(description="尚未选择，按默认渠道通知")


class DeliveryLogOut(Schema):
    event: str
    event_label: str
    occurred_at: datetime
    attempt: int
    reason: str
    gateway_message_id: str
    raw_code: str


class MessageOut(Schema):
    id: int
    channel: str
    channel_label: str
    template_code: str
    subject: str
    body: str
    recipient_label: str
    status: str
    status_label: str
    attempts: int
    next_attempt_at: datetime | None = None
    gateway_message_id: str
    last_error: str
    created_at: datetime
    sent_at: datetime | None = None
    delivered_at: datetime | None = None
    log: list[DeliveryLogOut]


class MessageListOut(Schema):
    items: list[MessageOut]
    count: int


class TemplateOut(Schema):
    code: str
    title: str
    text: str
    fields: list[str] = Field(description="必填的模板变量（日期传 date，金额传 *_yuan 字符串）")
    audience: str


class ChannelStatusOut(Schema):
    channel: str
    channel_label: str
    enabled: bool
    reason: str


class ReceiptAckOut(Schema):
    ok: bool
    applied: int = 0
    duplicate: int = 0
    unmatched: int = 0
