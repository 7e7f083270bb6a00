"""The outbox (Message + its DeliveryLog), the in-app inbox, contact preferences and follow-up tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.json import ReadableJSONEncoder
from yingshang.core.models import TimeStampedModel
from yingshang.notifications.choices import (
    Channel, DeliveryEvent, FollowUpKind, FollowUpStatus, MessageStatus,
)


class Message(TimeStampedModel):
    """One notice on one channel to one recipient: written in the same transaction as the change that causes
    it (the outbox), sent after commit by the dispatcher."""

    group_key = models.CharField("通知键", max_length=200, db_index=True,
                                 help_text="调用方的幂等键（一次通知，各渠道共用）；未提供时自动生成")
    idempotency_key = models.CharField("幂等键", max_length=220, unique=True,
                                       help_text="通知键:渠道；随每次网关调用发送，保证不重复发送")
    channel = models.CharField("渠道", max_length=10, choices=Channel.choices)
    template_code = models.CharField("模板", max_length=80, db_index=True)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文", help_text="按模板生成的中文正文（短信内容、邮件正文、站内消息）")
    values = models.JSONField("模板变量", default=dict, blank=True, encoder=ReadableJSONEncoder,
                              help_text="已格式化的模板变量（日期为中文）")
    params = models.JSONField("模板参数", default=list, blank=True, encoder=ReadableJSONEncoder,
                              help_text="按占位符顺序的变量（云MAS 模板短信）")
    recipient_user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="收件用户", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+")
    recipient_party = models.ForeignKey("cases.Party", verbose_name="收件当事人", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    phone = models.CharField("手机号", max_length=20, blank=True, default="", help_text="入队时校验过的手机号")
    email = models.CharField("电子邮箱", max_length=254, blank=True, default="")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    status = models.CharField("状态", max_length=12, choices=MessageStatus.choices, default=MessageStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    max_attempts = models.PositiveSmallIntegerField("最多尝试次数", default=5)
    next_attempt_at = models.DateTimeField("下次尝试时间", help_text="到时才会被发送程序领取")
    lease_expires_at = models.DateTimeField("领取租约到期", null=True, blank=True,
                                            help_text="发送中的消息在此之后可被其他发送程序重新领取")
    claim_token = models.CharField("领取标记", max_length=32, blank=True, default="")
    is_in_flight = models.BooleanField("已交网关", default=False,
                                       help_text="本次尝试已交给网关但结果尚未记录（进程中断时据此判断是否可能已发出）")
    gateway_message_id = models.CharField("网关消息号", max_length=64, blank=True, default="", db_index=True,
                                          help_text="如云MAS 的 msgGroup")
    raw_code = models.CharField("网关代码", max_length=64, blank=True, default="")
    last_error = models.TextField("失败原因", blank=True, default="")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    delivered_at = models.DateTimeField("送达时间", null=True, blank=True)
    failed_at = models.DateTimeField("失败时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知消息"
        verbose_name_plural = "通知消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_msg_due_idx"),
            models.Index(fields=["status", "lease_expires_at"], name="notif_msg_lease_idx"),
            models.Index(fields=["case", "created_at"], name="notif_msg_case_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(recipient_user__isnull=False) | Q(recipient_party__isnull=False) | ~Q(phone="")
                | ~Q(email=""), name="notif_msg_has_recipient"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_channel_display()} {self.template_code} [{self.get_status_display()}]"


class DeliveryLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("投递日志不可修改")

    def delete(self):
        raise PermissionError("投递日志不可删除")


class DeliveryLog(models.Model):
    """Append-only history of one message: queued, sending, sent, delivered, retry, failed (with reason and the
    gateway's message id)."""

    message = models.ForeignKey(Message, verbose_name="消息", on_delete=models.PROTECT, related_name="log")
    occurred_at = models.DateTimeField("时间")
    event = models.CharField("事件", max_length=20, choices=DeliveryEvent.choices)
    attempt = models.PositiveSmallIntegerField("第几次尝试", default=0)
    reason = models.TextField("说明", blank=True, default="")
    gateway_message_id = models.CharField("网关消息号", max_length=64, blank=True, default="")
    raw_code = models.CharField("网关代码", max_length=64, blank=True, default="")
    detail = models.JSONField("附加数据", default=dict, blank=True)

    objects = DeliveryLogQuerySet.as_manager()

    class Meta:
        verbose_name = "投递日志"
        verbose_name_plural = "投递日志"
        ordering = ["occurred_at", "id"]
        indexes = [models.Index(fields=["message", "occurred_at"], name="notif_log_msg_idx")]

    def __str__(self) -> str:
        return f"#{self.message_id} {self.get_event_display()} {self.occurred_at:%Y-%m-%d %H:%M:%S}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("投递日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("投递日志不可删除")


class InboxItem(models.Model):
    """A notice in a user's in-app inbox (消息中心)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE,
                             related_name="inbox_items")
    message = models.ForeignKey(Message, verbose_name="来源消息", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="inbox_items")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="+")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    created_at = models.DateTimeField("收到时间", db_index=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notif_inbox_unread_idx")]
        constraints = [models.UniqueConstraint(fields=["message", "user"], name="notif_inbox_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user} · {self.title}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class ContactPreference(TimeStampedModel):
    """The channels a user or a party chose for notices, with an optional phone/e-mail for them."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name="用户", null=True, blank=True,
                                on_delete=models.CASCADE, related_name="contact_preference")
    party = models.OneToOneField("cases.Party", verbose_name="当事人", null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="contact_preference")
    channels = models.JSONField("接收渠道", default=list, help_text="sms / email / inbox 的列表；空列表表示不接收")
    phone = models.CharField("接收短信的手机号", max_length=20, blank=True, default="",
                             help_text="为空则用档案中的手机号")
    email = models.CharField("接收邮件的邮箱", max_length=254, blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "通知偏好"
        verbose_name_plural = "通知偏好"
        constraints = [
            models.CheckConstraint(condition=(Q(user__isnull=False, party__isnull=True)
                                              | Q(user__isnull=True, party__isnull=False)),
                                   name="notif_pref_user_xor_party"),
        ]

    def __str__(self) -> str:
        return f"{self.user or self.party}: {','.join(self.channels)}"


class FollowUpTask(TimeStampedModel):
    """A notice that could not be delivered, handed to the case's clerk to notify the party another way."""

    source_key = models.CharField("来源键", max_length=240, unique=True,
                                  help_text="msg:<消息ID> 或 nocontact:<通知键>：同一原因只生成一个任务")
    kind = models.CharField("类型", max_length=20, choices=FollowUpKind.choices)
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    message = models.ForeignKey(Message, verbose_name="消息", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="follow_ups")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="承办书记员", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="notification_follow_ups",
                                 help_text="案件团队/部门的书记员；无书记员时为承办法官")
    department = models.ForeignKey("org.Department", verbose_name="部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    template_code = models.CharField("通知模板", max_length=80, blank=True, default="")
    recipient_label = models.CharField("收件人", max_length=200, blank=True, default="")
    reason = models.TextField("原因")
    status = models.CharField("状态", max_length=10, choices=FollowUpStatus.choices, default=FollowUpStatus.OPEN)
    outcome = models.TextField("处理结果", blank=True, default="", help_text="如：已电话告知当事人")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="办结人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "通知跟进任务"
        verbose_name_plural = "通知跟进任务"
        ordering = ["status", "-created_at", "-id"]
        indexes = [models.Index(fields=["assignee", "status"], name="notif_followup_assignee_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(status=FollowUpStatus.OPEN, closed_at__isnull=True)
                                   | Q(status=FollowUpStatus.CLOSED, closed_at__isnull=False),
                                   name="notif_followup_closed_has_time"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()} [{self.get_status_display()}]"
