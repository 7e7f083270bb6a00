"""The per-case fee ledger, in integer fen: what is charged (FeeCharge), what came in and went out (FeeEntry,
append-only), who bears what at closing (FeeAllocation, FeeShare), refund orders (RefundOrder) and
applications for deferral, reduction or waiver (FeeRelief). Written only by services.py."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.core.money import fen_to_yuan
from yingshang.fees.choices import (
    AllocationManner, EntryKind, FeeProcedure, FeeType, RefundKind, RefundStatus, ReliefGround, ReliefKind,
    ReliefStatus,
)


class FeeCharge(TimeStampedModel):
    """One fee charged in a case (案件受理费, 保全费, 执行费 …), computed by the calculator when the fee notice is
    issued. The inputs are kept so the fee can be recomputed at closing (mediation or withdrawal halves it)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="fee_charges")
    payer = models.ForeignKey("cases.CaseParty", verbose_name="预交人", on_delete=models.PROTECT,
                              related_name="fee_charges", help_text="应预交该费用的当事人（原告、上诉人、申请人）")
    fee_type = models.CharField("费用类型", max_length=30, choices=FeeType.choices)
    basis_amount_fen = models.BigIntegerField("计费金额（分）", null=True, blank=True,
                                              help_text="诉讼请求金额、执行金额、保全数额等；按件收费的为空")
    procedure = models.CharField("计费时审理程序", max_length=20, choices=FeeProcedure.choices,
                                 default=FeeProcedure.ORDINARY)
    is_counterclaim = models.BooleanField("反诉合并审理", default=False)
    fee_fen = models.BigIntegerField("应交金额（分）", help_text="按《诉讼费用交纳办法》计算的应预交（应交）金额")
    full_fee_fen = models.BigIntegerField("全额（分）", help_text="减半、封顶前的金额")
    steps = models.JSONField("计算步骤", default=list)
    basis = models.CharField("法律依据", max_length=500)
    requires_prepayment = models.BooleanField("须预交", default=True,
                                              help_text="申请执行费、破产申请费不预交（《办法》第二十条）")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="开具人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "收费项目"
        verbose_name_plural = "收费项目"
        ordering = ["case", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(fee_fen__gte=0) & Q(full_fee_fen__gte=0), name="fees_charge_nonneg"),
            models.CheckConstraint(condition=Q(basis_amount_fen__isnull=True) | Q(basis_amount_fen__gte=0),
                                   name="fees_charge_basis_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_fee_type_display()} {fen_to_yuan(self.fee_fen)}元"


class FeeEntry(models.Model):
    """Money received or paid out, append-only: 预交 (prepayment against a charge), 交纳 (the losing party paying
    what it owes), 退费 (a refund order paid)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="fee_entries")
    case_party = models.ForeignKey("cases.CaseParty", verbose_name="当事人", on_delete=models.PROTECT,
                                   related_name="fee_entries")
    kind = models.CharField("类型", max_length=20, choices=EntryKind.choices)
    amount_fen = models.BigIntegerField("金额（分）")
    charge = models.ForeignKey(FeeCharge, verbose_name="收费项目", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="entries")
    share = models.ForeignKey("fees.FeeShare", verbose_name="负担份额", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="entries")
    refund_order = models.OneToOneField("fees.RefundOrder", verbose_name="退费单", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="entry")
    occurred_on = models.DateField("日期", help_text="到账或退付日期")
    recorded_at = models.DateTimeField("记录时间")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")
    note = models.CharField("备注", max_length=200, blank=True, default="")

    class Meta:
        verbose_name = "收退费流水"
        verbose_name_plural = "收退费流水"
        ordering = ["occurred_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount_fen__gt=0), name="fees_entry_positive")]
        indexes = [models.Index(fields=["case", "kind"], name="fees_entry_case_kind_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {fen_to_yuan(self.amount_fen)}元"


class FeeAllocation(TimeStampedModel):
    """Who bears the acceptance fee, fixed once per case at closing (FM 29–34; stated in the judgment, FM 53)."""

    case = models.OneToOneField("cases.Case", verbose_name="案件", on_delete=models.PROTECT,
                                related_name="fee_allocation")
    manner = models.CharField("结案方式", max_length=20, choices=AllocationManner.choices)
    total_fee_fen = models.BigIntegerField("应负担诉讼费合计（分）", help_text="调解、撤诉已减半")
    claimed_fen = models.BigIntegerField("诉讼请求金额（分）", null=True, blank=True)
    awarded_fen = models.BigIntegerField("判决支持金额（分）", null=True, blank=True)
    plaintiff_prevails = models.BooleanField("原告胜诉", null=True, blank=True, help_text="非财产案件判决")
    is_override = models.BooleanField("法院另行决定", default=False)
    reason = models.TextField("理由", blank=True, default="", help_text="法院另行决定负担的理由")
    steps = models.JSONField("计算步骤", default=list)
    basis = models.CharField("法律依据", max_length=500, blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "诉讼费负担"
        verbose_name_plural = "诉讼费负担"
        constraints = [models.CheckConstraint(condition=Q(total_fee_fen__gte=0), name="fees_allocation_nonneg")]

    def __str__(self) -> str:
        return f"{self.case} 诉讼费负担"


class FeeShare(models.Model):
    """One party's share: what it bears, prepaid, gets back (退费) and still owes (应收)."""

    allocation = models.ForeignKey(FeeAllocation, verbose_name="负担方案", on_delete=models.PROTECT,
                                   related_name="shares")
    case_party = models.ForeignKey("cases.CaseParty", verbose_name="当事人", on_delete=models.PROTECT,
                                   related_name="fee_shares")
    borne_fen = models.BigIntegerField("负担（分）")
    prepaid_fen = models.BigIntegerField("已预交（分）")
    refund_fen = models.BigIntegerField("应退（分）")
    receivable_fen = models.BigIntegerField("应收（分）", help_text="该当事人应向法院交纳的金额")
    relieved_fen = models.BigIntegerField("减免（分）", default=0)

    class Meta:
        verbose_name = "负担份额"
        verbose_name_plural = "负担份额"
        ordering = ["allocation", "id"]
        constraints = [
            models.UniqueConstraint(fields=["allocation", "case_party"], name="fees_share_unique_party"),
            models.CheckConstraint(condition=Q(borne_fen__gte=0) & Q(prepaid_fen__gte=0) & Q(refund_fen__gte=0)
                                   & Q(receivable_fen__gte=0) & Q(relieved_fen__gte=0), name="fees_share_nonneg"),
        ]

    def __str__(self) -> str:
        return f"{self.case_party} 负担 {fen_to_yuan(self.borne_fen)}元"


class RefundOrder(TimeStampedModel):
    """退费单: an amount the court owes a party, with the day it must be paid by. A winning party's refund is one
    order per party per case (胜诉即退费: 一次、全案、全额, plan measure 34), due one working day later."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="refund_orders")
    case_party = models.ForeignKey("cases.CaseParty", verbose_name="收款当事人", on_delete=models.PROTECT,
                                   related_name="refund_orders")
    kind = models.CharField("退费类型", max_length=20, choices=RefundKind.choices)
    share = models.OneToOneField(FeeShare, verbose_name="负担份额", null=True, blank=True, on_delete=models.PROTECT,
                                 related_name="refund_order", help_text="结案分担产生的退费：每个份额只退一次")
    amount_fen = models.BigIntegerField("金额（分）")
    due_on = models.DateField("应退付日期")
    status = models.CharField("状态", max_length=20, choices=RefundStatus.choices, default=RefundStatus.PENDING)
    paid_on = models.DateField("退付日期", null=True, blank=True)
    paid_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="退付经办人", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT,
                                   related_name="+")
    note = models.CharField("说明", max_length=300, blank=True, default="")

    class Meta:
        verbose_name = "退费单"
        verbose_name_plural = "退费单"
        ordering = ["due_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="fees_refund_positive"),
            models.UniqueConstraint(fields=["case", "case_party"], condition=Q(kind=RefundKind.WINNING),
                                    name="fees_refund_winning_once"),
            models.CheckConstraint(condition=Q(status=RefundStatus.PENDING, paid_on__isnull=True)
                                   | Q(status=RefundStatus.PAID, paid_on__isnull=False), name="fees_refund_paid_on"),
        ]
        indexes = [models.Index(fields=["status", "due_on"], name="fees_refund_status_due_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {fen_to_yuan(self.amount_fen)}元"

    @property
    def amount_yuan(self) -> str:
        return fen_to_yuan(self.amount_fen)


class FeeRelief(TimeStampedModel):
    """An application for 缓交 / 减交 / 免交 (FM 44–51; plan measure 35) and its decision."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="fee_reliefs")
    case_party = models.ForeignKey("cases.CaseParty", verbose_name="申请人", on_delete=models.PROTECT,
                                   related_name="fee_reliefs")
    kind = models.CharField("类型", max_length=20, choices=ReliefKind.choices)
    ground = models.CharField("事由", max_length=20, choices=ReliefGround.choices)
    amount_fen = models.BigIntegerField("减交金额（分）", null=True, blank=True, help_text="仅减交")
    deferred_until = models.DateField("缓交至", null=True, blank=True, help_text="仅缓交")
    application_reason = models.TextField("申请理由")
    status = models.CharField("状态", max_length=20, choices=ReliefStatus.choices, default=ReliefStatus.APPLIED)
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                   related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)
    decision_reason = models.TextField("决定理由", blank=True, default="",
                                       help_text="不予准许的须书面说明理由（《办法》第四十八条）")

    class Meta:
        verbose_name = "缓减免申请"
        verbose_name_plural = "缓减免申请"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__isnull=True) | Q(amount_fen__gt=0),
                                   name="fees_relief_amount_positive"),
        ]
        indexes = [models.Index(fields=["status"], name="fees_relief_status_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.case_party.party} {self.get_kind_display()}（{self.get_status_display()}）"
