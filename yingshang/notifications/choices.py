from django.db import models


class Channel(models.TextChoices):
    SMS = "sms", "短信"
    EMAIL = "email", "电子邮件"
    INBOX = "inbox", "站内消息"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "待发送"
    SENDING = "sending", "发送中"
    RETRY_WAIT = "retry_wait", "等待重试"
    SENT = "sent", "已发送"
    DELIVERED = "delivered", "已送达"
    FAILED = "failed", "发送失败"
    DISABLED = "disabled", "通道未启用"


# A message in one of these states is finished: the dispatcher never touches it again
# (SENT may still become DELIVERED or FAILED through a delivery report).
FINAL_STATUSES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.DISABLED)


class DeliveryEvent(models.TextChoices):
    QUEUED = "queued", "已入队"
    SENDING = "sending", "开始发送"
    SENT = "sent", "已提交网关"
    DELIVERED = "delivered", "已送达"
    RETRY_SCHEDULED = "retry_scheduled", "安排重试"
    FAILED = "failed", "发送失败"
    DISABLED = "disabled", "通道未启用"
    STALE_RESULT = "stale_result", "过期结果（租约已被他人接管）"
    RECEIPT = "receipt", "收到回执"


class FollowUpKind(models.TextChoices):
    DELIVERY_FAILED = "delivery_failed", "通知发送失败"
    OUTCOME_UNCERTAIN = "outcome_uncertain", "发送结果不明"
    CHANNEL_DISABLED = "channel_disabled", "通知通道未启用"
    NO_CONTACT = "no_contact", "无可用联系方式"


class FollowUpStatus(models.TextChoices):
    OPEN = "open", "待处理"
    CLOSED = "closed", "已办结"
