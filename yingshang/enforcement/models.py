from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.enforcement.choices import (
    DeferralReason, DeferralStatus, FriendlyMeasureKind, GridTaskKind, GridTaskStatus, LedgerAccount, MessageKind,
    NodeKind, PayoutStatus, ReceiptSource, SanctionKind, SanctionOutcome, TransactionKind,
)

USER = settings.AUTH_USER_MODEL


class EnforcementCase(TimeStampedModel):
    """The enforcement side of a case whose category is 执行: what was applied for and its per-case account."""

    case = models.OneToOneField("cases.Case", verbose_name="执行案件", on_delete=models.PROTECT,
                                related_name="enforcement")
    source_case = models.ForeignKey("cases.Case", verbose_name="执行依据案件", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    amount_applied_fen = models.BigIntegerField("申请执行标的（分）", help_text="申请执行的金额，实际执行到位率的分母")
    account_number = models.CharField("案件子账户号", max_length=40, unique=True, help_text="一案一账号")
    balance_fen = models.BigIntegerField("子账户余额（分）", default=0)
    received_fen = models.BigIntegerField("累计到账（分）", default=0)
    paid_out_fen = models.BigIntegerField("累计发放（分）", default=0)

    class Meta:
        verbose_name = "执行案件"
        verbose_name_plural = "执行案件"
        constraints = [
            models.CheckConstraint(condition=Q(balance_fen__gte=0), name="enf_balance_nonneg"),
            models.CheckConstraint(condition=Q(amount_applied_fen__gte=0), name="enf_applied_nonneg"),
            models.CheckConstraint(condition=Q(paid_out_fen__lte=models.F("received_fen")), name="enf_paid_le_received"),
        ]

    def __str__(self) -> str:
        return f"{self.case} · {self.account_number}"


class CreditorClaim(models.Model):
    """What each creditor applied to enforce when a case has several (参与分配 shares money pro rata to these)."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.CASCADE,
                                    related_name="claims")
    creditor = models.ForeignKey("cases.Party", verbose_name="申请执行人", on_delete=models.PROTECT, related_name="+")
    amount_fen = models.BigIntegerField("申请执行金额（分）")

    class Meta:
        verbose_name = "申请执行债权"
        verbose_name_plural = "申请执行债权"
        constraints = [
            models.UniqueConstraint(fields=["enforcement", "creditor"], name="enf_claim_unique"),
            models.CheckConstraint(condition=Q(amount_fen__gte=0), name="enf_claim_nonneg"),
        ]


class Node(models.Model):
    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="nodes")
    kind = models.CharField("节点", max_length=40, choices=NodeKind.choices)
    occurred_on = models.DateField("日期")
    description = models.CharField("说明", max_length=500, blank=True, default="")
    actor = models.ForeignKey(USER, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("记录时间")

    class Meta:
        verbose_name = "执行节点"
        verbose_name_plural = "执行节点"
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["enforcement", "kind"], name="enf_node_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"


class Payout(TimeStampedModel):
    """A payout to a creditor: made by one officer, checked by another (maker-checker)."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="payouts")
    creditor = models.ForeignKey("cases.Party", verbose_name="申请执行人", on_delete=models.PROTECT, related_name="+")
    amount_fen = models.BigIntegerField("金额（分）")
    status = models.CharField("状态", max_length=20, choices=PayoutStatus.choices, default=PayoutStatus.PENDING)
    maker = models.ForeignKey(USER, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")
    checker = models.ForeignKey(USER, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    note = models.CharField("说明", max_length=500, blank=True, default="")

    class Meta:
        verbose_name = "执行款发放"
        verbose_name_plural = "执行款发放"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="enf_payout_positive"),
            models.CheckConstraint(condition=Q(checker__isnull=True) | ~Q(checker=models.F("maker")),
                                   name="enf_payout_maker_not_checker"),
        ]


class LedgerTransaction(models.Model):
    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="transactions")
    kind = models.CharField("类型", max_length=20, choices=TransactionKind.choices)
    amount_fen = models.BigIntegerField("金额（分）")
    occurred_on = models.DateField("发生日期")
    source = models.CharField("到账方式", max_length=20, choices=ReceiptSource.choices, blank=True, default="")
    counterparty = models.ForeignKey("cases.Party", verbose_name="对方当事人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    payout = models.OneToOneField(Payout, verbose_name="发放单", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="transaction")
    second_officer = models.ForeignKey(USER, verbose_name="第二收款干警", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+", help_text="现金收取须两名干警")
    memo = models.CharField("摘要", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(USER, verbose_name="记账人", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记账时间")

    class Meta:
        verbose_name = "执行款流水"
        verbose_name_plural = "执行款流水"
        ordering = ["occurred_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="enf_tx_positive")]


class LedgerPosting(models.Model):
    transaction = models.ForeignKey(LedgerTransaction, verbose_name="流水", on_delete=models.PROTECT,
                                    related_name="postings")
    account = models.CharField("科目", max_length=20, choices=LedgerAccount.choices)
    amount_fen = models.BigIntegerField("金额（分，借正贷负）")

    class Meta:
        verbose_name = "记账分录"
        verbose_name_plural = "记账分录"


class Deferral(TimeStampedModel):
    """Deferred payout (延缓发放): only on a listed ground and with a leader's approval."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="deferrals")
    reason = models.CharField("事由", max_length=40, choices=DeferralReason.choices)
    explanation = models.TextField("说明")
    deferred_until = models.DateField("延缓至")
    status = models.CharField("状态", max_length=20, choices=DeferralStatus.choices, default=DeferralStatus.PENDING)
    requested_by = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(USER, verbose_name="审批人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "延缓发放"
        verbose_name_plural = "延缓发放"


class PartyMessage(TimeStampedModel):
    """A party's message, asset clue or suggestion on its case; answered within 3 working days (measure 21)."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="messages")
    author = models.ForeignKey(USER, verbose_name="留言人", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=20, choices=MessageKind.choices, default=MessageKind.MESSAGE)
    body = models.TextField("内容")
    received_on = models.DateField("留言日期")
    due_on = models.DateField("答复期限", help_text="留言之日起3个工作日")
    reply = models.TextField("答复", blank=True, default="")
    replied_on = models.DateField("答复日期", null=True, blank=True)
    replied_by = models.ForeignKey(USER, verbose_name="答复人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    escalation = models.PositiveSmallIntegerField("催办级别", default=0, help_text="0 无；1 已提醒承办人；2 已报庭长")

    class Meta:
        verbose_name = "当事人留言"
        verbose_name_plural = "当事人留言"
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["replied_on", "due_on"], name="enf_msg_due_idx")]


class FriendlyMeasure(TimeStampedModel):
    """Enterprise-friendly measures recorded per case (measure 16)."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="friendly_measures")
    kind = models.CharField("措施", max_length=40, choices=FriendlyMeasureKind.choices)
    description = models.TextField("内容")
    amount_fen = models.BigIntegerField("涉及金额（分）", default=0, help_text="如预留的流动资金")
    decided_on = models.DateField("日期")
    outcome = models.CharField("效果", max_length=300, blank=True, default="")
    created_by = models.ForeignKey(USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "善意文明执行措施"
        verbose_name_plural = "善意文明执行措施"


class InstalmentPlan(TimeStampedModel):
    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="instalment_plans")
    agreed_on = models.DateField("协议日期")
    total_fen = models.BigIntegerField("约定总额（分）")
    is_active = models.BooleanField("履行中", default=True)
    created_by = models.ForeignKey(USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "分期履行计划"
        verbose_name_plural = "分期履行计划"


class InstalmentItem(models.Model):
    plan = models.ForeignKey(InstalmentPlan, verbose_name="计划", on_delete=models.CASCADE, related_name="items")
    due_on = models.DateField("应履行日期")
    amount_fen = models.BigIntegerField("金额（分）")
    paid_on = models.DateField("实际履行日期", null=True, blank=True)

    class Meta:
        verbose_name = "分期"
        verbose_name_plural = "分期"
        ordering = ["due_on"]


class Sanction(TimeStampedModel):
    """Refusal to enforce (拒执, measure 18): fines, detention, referrals, tracked to their outcome."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="sanctions")
    target = models.ForeignKey("cases.Party", verbose_name="对象", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("措施", max_length=20, choices=SanctionKind.choices)
    decided_on = models.DateField("决定日期")
    amount_fen = models.BigIntegerField("罚款金额（分）", default=0)
    days = models.PositiveSmallIntegerField("拘留天数", default=0)
    grounds = models.TextField("事实与理由")
    outcome = models.CharField("结果", max_length=20, choices=SanctionOutcome.choices, default=SanctionOutcome.PENDING)
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    is_public = models.BooleanField("公开曝光", default=True)
    created_by = models.ForeignKey(USER, verbose_name="记录人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "拒执惩戒"
        verbose_name_plural = "拒执惩戒"
        ordering = ["-decided_on", "-id"]


class GridTask(TimeStampedModel):
    """A task for a grid worker (网格员, measure 24): find a party, deliver a document, check an asset clue."""

    enforcement = models.ForeignKey(EnforcementCase, verbose_name="执行案件", on_delete=models.PROTECT,
                                    related_name="grid_tasks")
    worker = models.ForeignKey(USER, verbose_name="网格员", on_delete=models.PROTECT, related_name="grid_tasks")
    kind = models.CharField("任务", max_length=30, choices=GridTaskKind.choices)
    instructions = models.TextField("任务说明")
    due_on = models.DateField("完成期限")
    status = models.CharField("状态", max_length=20, choices=GridTaskStatus.choices, default=GridTaskStatus.OPEN)
    outcome = models.TextField("办理结果", blank=True, default="")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by = models.ForeignKey(USER, verbose_name="派发人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "网格协助任务"
        verbose_name_plural = "网格协助任务"
        ordering = ["status", "due_on"]
