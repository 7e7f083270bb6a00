from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.credit.choices import (
    CorrectionReason, CorrectionStatus, DeletionGround, HonourList, LiftGround, ListingGround, ListingStatus,
    PushStatus, RepairDecisionKind, RepairStatus, ReorganisationRepairKind, RequestStatus, RestrictedRole,
)

USER = settings.AUTH_USER_MODEL


class Listing(TimeStampedModel):
    """A decision to put a debtor on the dishonest-debtor list (失信被执行人名单)."""

    case = models.ForeignKey("cases.Case", verbose_name="执行案件", on_delete=models.PROTECT, related_name="listings")
    debtor = models.ForeignKey("cases.Party", verbose_name="失信被执行人", on_delete=models.PROTECT,
                               related_name="listings")
    ground = models.CharField("纳入情形", max_length=40, choices=ListingGround.choices)
    facts = models.TextField("事实与理由")
    decided_on = models.DateField("决定日期")
    decided_by = models.ForeignKey(USER, verbose_name="批准人（院长）", on_delete=models.PROTECT, related_name="+")
    is_on_creditor_application = models.BooleanField("依申请执行人申请", default=False)
    has_fixed_term = models.BooleanField("有期限", default=True)
    term_years = models.PositiveSmallIntegerField("期限（年）", null=True, blank=True)
    ends_on = models.DateField("期限届满日", null=True, blank=True)
    publish_on = models.DateField("公布日期", help_text="有宽限期的，为宽限期届满之日")
    status = models.CharField("状态", max_length=20, choices=ListingStatus.choices)
    is_shielded = models.BooleanField("已屏蔽", default=False, help_text="信用修复决定屏蔽的，不再公开")
    deletion_ground = models.CharField("删除事由", max_length=40, choices=DeletionGround.choices, blank=True,
                                       default="")
    deletion_event_on = models.DateField("删除事由发生日", null=True, blank=True)
    deletion_due_on = models.DateField("删除期限", null=True, blank=True, help_text="事由发生后3个工作日")
    deleted_on = models.DateField("删除日期", null=True, blank=True)

    class Meta:
        verbose_name = "失信被执行人名单"
        verbose_name_plural = "失信被执行人名单"
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["status", "publish_on"], name="credit_listing_pub_idx")]
        constraints = [models.UniqueConstraint(fields=["case", "debtor"], condition=Q(status__in=["grace", "published"]),
                                               name="credit_one_active_listing")]

    def __str__(self) -> str:
        return f"{self.debtor} · {self.case}"

    @property
    def is_active(self) -> bool:
        return self.status in (ListingStatus.GRACE, ListingStatus.PUBLISHED)


class Correction(TimeStampedModel):
    """A listed party's correction request (DishonestProv arts 11–12)."""

    listing = models.ForeignKey(Listing, verbose_name="失信名单", on_delete=models.PROTECT, related_name="corrections")
    applicant = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("理由", max_length=30, choices=CorrectionReason.choices)
    statement = models.TextField("申请内容")
    filed_on = models.DateField("申请日期")
    review_due_on = models.DateField("审查期限", help_text="收到书面申请之日起15日")
    status = models.CharField("状态", max_length=20, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_text = models.TextField("决定理由", blank=True, default="")
    reconsideration_due_on = models.DateField("复议申请期限", null=True, blank=True,
                                              help_text="驳回的，送达之日起10日内可向上一级法院申请复议")

    class Meta:
        verbose_name = "失信纠正申请"
        verbose_name_plural = "失信纠正申请"
        ordering = ["-filed_on", "-id"]


class Restriction(TimeStampedModel):
    """A consumption-restriction order (限制消费令)."""

    case = models.ForeignKey("cases.Case", verbose_name="执行案件", on_delete=models.PROTECT,
                             related_name="restrictions")
    debtor = models.ForeignKey("cases.Party", verbose_name="被执行人", on_delete=models.PROTECT, related_name="+")
    ordered_on = models.DateField("决定日期")
    ordered_by = models.ForeignKey(USER, verbose_name="决定人", on_delete=models.PROTECT, related_name="+")
    lifted_on = models.DateField("解除日期", null=True, blank=True)
    lift_ground = models.CharField("解除事由", max_length=30, choices=LiftGround.choices, blank=True, default="")

    class Meta:
        verbose_name = "限制消费令"
        verbose_name_plural = "限制消费令"
        ordering = ["-ordered_on", "-id"]


class RestrictedPerson(models.Model):
    restriction = models.ForeignKey(Restriction, verbose_name="限制消费令", on_delete=models.CASCADE,
                                    related_name="persons")
    name = models.CharField("姓名", max_length=50)
    id_number = models.CharField("身份证号", max_length=18, blank=True, default="")
    role = models.CharField("身份", max_length=30, choices=RestrictedRole.choices)
    lifted_on = models.DateField("个人解除日期", null=True, blank=True)

    class Meta:
        verbose_name = "受限制人员"
        verbose_name_plural = "受限制人员"


class RepairApplication(TimeStampedModel):
    """An enterprise's application for credit repair (measures 19 and 29)."""

    listing = models.ForeignKey(Listing, verbose_name="失信名单", null=True, blank=True, on_delete=models.PROTECT,
                                related_name="repairs")
    restriction = models.ForeignKey(Restriction, verbose_name="限制消费令", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="repairs")
    applicant = models.ForeignKey(USER, verbose_name="申请人", on_delete=models.PROTECT, related_name="+")
    statement = models.TextField("申请理由（愿意履行但暂时无力履行的情况）")
    requested = models.CharField("申请事项", max_length=20, choices=RepairDecisionKind.choices)
    filed_on = models.DateField("申请日期")
    status = models.CharField("状态", max_length=20, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED)
    decision = models.CharField("决定事项", max_length=20, choices=RepairDecisionKind.choices, blank=True, default="")
    decision_text = models.TextField("决定理由", blank=True, default="")
    shorten_to = models.DateField("缩短后的期限届满日", null=True, blank=True)
    decided_by = models.ForeignKey(USER, verbose_name="决定人", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    decided_on = models.DateField("决定日期", null=True, blank=True)

    class Meta:
        verbose_name = "信用修复申请"
        verbose_name_plural = "信用修复申请"
        ordering = ["-filed_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(listing__isnull=False) | Q(restriction__isnull=False),
                                              name="credit_repair_has_target")]


class ReorganisationRepair(TimeStampedModel):
    """Credit repair for an enterprise in court-approved reorganisation or settlement, across four kinds, tracked
    as requests (with generated letters) to the bodies concerned (发改财金规〔2021〕274号)."""

    case = models.ForeignKey("cases.Case", verbose_name="破产案件", on_delete=models.PROTECT, related_name="+")
    enterprise = models.ForeignKey("cases.Party", verbose_name="企业", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("修复类别", max_length=20, choices=ReorganisationRepairKind.choices)
    addressee = models.CharField("致函单位", max_length=100)
    letter_number = models.CharField("函号", max_length=60)
    letter_text = models.TextField("函件正文")
    status = models.CharField("状态", max_length=20, choices=RequestStatus.choices, default=RequestStatus.DRAFTED)
    status_on = models.DateField("状态日期")
    created_by = models.ForeignKey(USER, verbose_name="经办人", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "重整企业信用修复"
        verbose_name_plural = "重整企业信用修复"
        constraints = [models.UniqueConstraint(fields=["case", "enterprise", "kind"], name="credit_reorg_unique")]


class IntegrityPush(TimeStampedModel):
    """A government or public-institution debtor pushed to the government-integrity lead department (measure 23)."""

    period = models.CharField("推送期次", max_length=7, help_text="YYYY-MM")
    case = models.ForeignKey("cases.Case", verbose_name="执行案件", on_delete=models.PROTECT, related_name="+")
    debtor = models.ForeignKey("cases.Party", verbose_name="被执行机关/事业单位", on_delete=models.PROTECT,
                               related_name="+")
    outstanding_fen = models.BigIntegerField("未履行金额（分）")
    status = models.CharField("状态", max_length=20, choices=PushStatus.choices, default=PushStatus.PUSHED)
    status_on = models.DateField("状态日期")
    webhook_status = models.CharField("接口推送结果", max_length=100, blank=True, default="")

    class Meta:
        verbose_name = "政务诚信推送"
        verbose_name_plural = "政务诚信推送"
        ordering = ["-period", "id"]
        constraints = [models.UniqueConstraint(fields=["period", "case", "debtor"], name="credit_push_unique")]


class HonourEntry(models.Model):
    """One line of the monthly red or black list (红黑榜)."""

    month = models.CharField("月份", max_length=7)
    kind = models.CharField("榜单", max_length=10, choices=HonourList.choices)
    party = models.ForeignKey("cases.Party", verbose_name="当事人", on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField("上榜理由", max_length=200)
    is_published = models.BooleanField("已发布", default=False)

    class Meta:
        verbose_name = "红黑榜"
        verbose_name_plural = "红黑榜"
        ordering = ["month", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["month", "kind", "party", "case"], name="credit_honour_unique")]
