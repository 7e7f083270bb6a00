"""Append-only audit events. Written only by audit_record(), inside the service's transaction.

Nothing in the application can edit or delete an event: save() refuses an update, delete() and
queryset update()/delete() refuse, the admin is read-only.
"""

from django.conf import settings
from django.db import models


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("审计日志不可修改")

    def delete(self):
        raise PermissionError("审计日志不可删除")


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField("时间", help_text="变更发生的时刻（北京时间）", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True,
        on_delete=models.PROTECT, related_name="+", help_text="执行变更的用户；系统任务为空",
    )
    action = models.CharField("动作", max_length=80, db_index=True, help_text="如 cases.case_registered")
    target_type = models.CharField("对象类型", max_length=80, help_text="app_label.model")
    target_id = models.CharField("对象ID", max_length=64, help_text="被变更记录的主键")
    case_id = models.BigIntegerField("案件ID", null=True, blank=True, db_index=True,
                                     help_text="涉及的案件，便于按案件回溯全部变更")
    before = models.JSONField("变更前", null=True, blank=True)
    after = models.JSONField("变更后", null=True, blank=True)
    reason = models.TextField("理由", blank=True, default="")

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        ordering = ["-occurred_at", "-id"]
        # Django's own escape hatch (Model._base_manager) must refuse edits too, not only .objects.
        base_manager_name = "objects"
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target_idx")]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise PermissionError("审计日志不可修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("审计日志不可删除")
