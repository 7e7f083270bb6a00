"""Filing (立案登记): one intake for every channel, its attachments, the refusal ruling, the small-claims wage table,
the editable triage criteria, the triage record (suggestion and decision) and batches of similar filings."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.cases.choices import FilingChannel, Procedure
from yingshang.core.models import TimeStampedModel
from yingshang.core.money import fen_to_yuan
from yingshang.filing.choices import (
    AlertLevel, AttachmentKind, CriterionKind, CriterionOperator, FilingStatus, PENDING_STATUSES, SequenceKind,
    TriageStatus,
)
from yingshang.filing.triage import small_claims_limits
from yingshang.org.choices import TeamKind


class FilingSequence(models.Model):
    """The last number given per court, year and register (receipts, refusal rulings)."""

    court = models.ForeignKey("org.Court", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("登记簿", max_length=20, choices=SequenceKind.choices)
    last_sequence = models.PositiveIntegerField("已分配到", default=0)

    class Meta:
        verbose_name = "立案编号序列"
        verbose_name_plural = "立案编号序列"
        constraints = [models.UniqueConstraint(fields=["court", "year", "kind"], name="filing_seq_unique")]

    def __str__(self) -> str:
        return f"{self.court_id} {self.year} {self.kind}: {self.last_sequence}"


class FilingBatch(TimeStampedModel):
    """Similar filings from one plaintiff handled together (类案批量处理, plan measure 9)."""

    court = models.ForeignKey("org.Court", verbose_name="法院", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("批次名称", max_length=200)
    plaintiff_key = models.CharField("起诉人识别码", max_length=18, help_text="统一社会信用代码或身份证号")
    plaintiff_name = models.CharField("起诉人", max_length=200)
    type_code = models.CharField("类型代字", max_length=10)
    cause = models.ForeignKey("cases.CauseOfAction", verbose_name="案由", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="创建人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "类案批次"
        verbose_name_plural = "类案批次"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.name


class FilingQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status__in=PENDING_STATUSES)


class Filing(TimeStampedModel):
    """A complaint or application received by the court through any channel, until it is registered or refused
    (登记立案规定). The proposed case is kept as entered; registration creates the Case through cases.services."""

    court = models.ForeignKey("org.Court", verbose_name="管辖法院", on_delete=models.PROTECT, related_name="filings")
    receipt_number = models.CharField("收件编号", max_length=50, unique=True,
                                      help_text="书面凭证上的编号（登记立案规定第2条：出具注明日期的书面凭证）")
    channel = models.CharField("立案渠道", max_length=20, choices=FilingChannel.choices)
    receiving_court_name = models.CharField("收件法院", max_length=100, blank=True, default="",
                                            help_text="跨域立案：代为收件的协作法院名称")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请账号", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="filings",
                                  help_text="网上或自助提交的当事人/律师账号：只有该账号能在门户看到此申请")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT,
                                     related_name="+", help_text="提交或录入此申请的账号")
    submitter_role = models.CharField("录入人角色", max_length=30, help_text="提交时的角色（当事人、代理律师、立案庭人员）")
    law_firm = models.CharField("律师事务所", max_length=100, blank=True, default="")
    type_code = models.CharField("类型代字", max_length=10, help_text="拟立案件的类型代字，如 民初")
    cause = models.ForeignKey("cases.CauseOfAction", verbose_name="案由", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    cause_text = models.CharField("案由（文字）", max_length=100, blank=True, default="")
    claim_amount_fen = models.BigIntegerField("标的额（分）", default=0)
    claims = models.TextField("诉讼请求", blank=True, default="")
    summary = models.TextField("事实与理由", blank=True, default="")
    parties = models.JSONField("当事人", default=list,
                               help_text="cases.services.PartyInput 的字段：kind, name, role, id_number, credit_code …")
    plaintiff_key = models.CharField("起诉人识别码", max_length=18, blank=True, default="", db_index=True,
                                     help_text="第一起诉人的统一社会信用代码或身份证号（用于类案归并）")
    plaintiff_name = models.CharField("起诉人", max_length=200, blank=True, default="")
    is_enterprise_involved = models.BooleanField("涉企", default=False, help_text="有企业作为当事人")
    is_priority = models.BooleanField("优先立案", default=False, help_text="涉企案件优先立案（营商环境实施方案第4项）")
    is_financial = models.BooleanField("金融案件", default=False, help_text="金融类案由（派生）")
    received_on = models.DateField("收到材料日期")
    received_at = models.DateTimeField("收件时间")
    status = models.CharField("状态", max_length=30, choices=FilingStatus.choices, default=FilingStatus.SUBMITTED)
    period_days = models.PositiveSmallIntegerField("审查期限（日）", help_text="登记立案规定第8条")
    period_basis = models.CharField("期限依据", max_length=200, blank=True, default="")
    clock_start_on = models.DateField("起算日", help_text="收到材料之日，补正后为收到补正材料之日（不计入期间）")
    decision_due_on = models.DateField("审查期限届满日", null=True, blank=True,
                                       help_text="待补正期间为空；按期间计算，届满日为休息日的顺延")
    due_unconfirmed_calendar = models.BooleanField("日历未确认", default=False,
                                                   help_text="届满日依赖尚未确认的节假日安排")
    alert_level = models.CharField("预警", max_length=20, choices=AlertLevel.choices, default=AlertLevel.NONE)
    alert_changed_on = models.DateField("预警更新日", null=True, blank=True)
    supplement_requested_on = models.DateField("告知补正日期", null=True, blank=True)
    supplement_items = models.JSONField("补正事项", default=list, blank=True)
    supplement_note = models.TextField("补正说明", blank=True, default="")
    supplement_requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="告知补正人", null=True,
                                                blank=True, on_delete=models.PROTECT, related_name="+")
    supplements_received_on = models.DateField("收到补正材料日期", null=True, blank=True)
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    is_on_spot = models.BooleanField("当场立案", default=False, help_text="收到材料当日登记立案")
    is_decided_in_time = models.BooleanField("期限内决定", null=True, blank=True)
    case = models.OneToOneField("cases.Case", verbose_name="立案案件", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="filing")
    batch = models.ForeignKey(FilingBatch, verbose_name="类案批次", null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="filings")

    objects = FilingQuerySet.as_manager()

    class Meta:
        verbose_name = "立案申请"
        verbose_name_plural = "立案申请"
        ordering = ["-is_priority", "decision_due_on", "received_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(claim_amount_fen__gte=0), name="filing_claim_nonneg"),
            models.CheckConstraint(condition=~Q(channel=FilingChannel.CROSS_COURT) | ~Q(receiving_court_name=""),
                                   name="filing_cross_court_has_receiver"),
            models.CheckConstraint(condition=~Q(status=FilingStatus.REGISTERED) | Q(case__isnull=False),
                                   name="filing_registered_has_case"),
        ]
        indexes = [
            models.Index(fields=["court", "status", "decision_due_on"], name="filing_queue_idx"),
            models.Index(fields=["status", "alert_level"], name="filing_alert_idx"),
            models.Index(fields=["applicant", "status"], name="filing_applicant_idx"),
            models.Index(fields=["received_on", "channel"], name="filing_received_idx"),
        ]

    def __str__(self) -> str:
        return self.receipt_number

    @property
    def claim_amount_yuan(self) -> str:
        return fen_to_yuan(self.claim_amount_fen)

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_STATUSES

    @property
    def claimant_names(self) -> list[str]:
        from yingshang.filing.domain import CLAIMANT_ROLES

        return [p["name"] for p in self.parties if p.get("role") in CLAIMANT_ROLES]

    @property
    def respondent_names(self) -> list[str]:
        from yingshang.filing.domain import RESPONDENT_ROLES

        return [p["name"] for p in self.parties if p.get("role") in RESPONDENT_ROLES]


def attachment_path(instance: "FilingAttachment", filename: str) -> str:
    """Stored under a random name: the uploaded name is kept in the row, never trusted as a path."""
    import uuid

    suffix = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}.get(instance.content_type, "")
    return f"filing/{instance.filing.received_on:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class FilingAttachment(models.Model):
    filing = models.ForeignKey(Filing, verbose_name="立案申请", on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField("材料类型", max_length=20, choices=AttachmentKind.choices)
    original_name = models.CharField("原文件名", max_length=255)
    file = models.FileField("文件", upload_to=attachment_path, max_length=255)
    content_type = models.CharField("文件类型", max_length=50, help_text="按文件头识别：PDF、JPEG、PNG")
    size_bytes = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    is_supplement = models.BooleanField("补正材料", default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT,
                                    related_name="+")
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "立案材料"
        verbose_name_plural = "立案材料"
        ordering = ["filing", "uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class RefusalRuling(models.Model):
    """The written 不予受理 ruling with reasons (登记立案规定 art 9; CPL 126): appealable."""

    filing = models.OneToOneField(Filing, verbose_name="立案申请", on_delete=models.PROTECT, related_name="refusal")
    court = models.ForeignKey("org.Court", verbose_name="法院", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    sequence = models.PositiveIntegerField("序号")
    number = models.CharField("文书编号", max_length=60, unique=True)
    title = models.CharField("文书名称", max_length=20, help_text="民事裁定书、行政裁定书……")
    reason = models.TextField("不予受理理由")
    legal_basis = models.CharField("法律依据", max_length=300)
    text = models.TextField("裁定书正文")
    decided_on = models.DateField("裁定日期")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "不予受理裁定"
        verbose_name_plural = "不予受理裁定"
        ordering = ["-decided_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["court", "year", "sequence"], name="filing_refusal_unique_seq")]

    def __str__(self) -> str:
        return self.number


class SmallClaimsThreshold(TimeStampedModel):
    """A province's previous-year average annual wage of employed persons, the base of the small-claims limits
    (CPL 165; 解释 272). Published yearly by each High Court; rows not checked against the publication stay
    ``is_confirmed=False`` and every suggestion using them says so."""

    province = models.CharField("省份", max_length=20, help_text="如 湖北省")
    wage_year = models.PositiveSmallIntegerField("工资统计年度", help_text="统计数据所属年度（上年度）")
    average_wage_fen = models.BigIntegerField("年平均工资（分）",
                                              help_text="就业人员年平均工资（本省高院采用的统计口径），整数分")
    effective_from = models.DateField("适用起始日", help_text="自该日起新受理的案件适用")
    is_confirmed = models.BooleanField("已核实", default=False,
                                       help_text="已与省统计局/省高级人民法院公布的数据核对；未核实的显示为 UNCONFIRMED")
    source = models.CharField("来源", max_length=300, blank=True, default="")
    note = models.TextField("备注", blank=True, default="")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "小额诉讼标的额标准"
        verbose_name_plural = "小额诉讼标的额标准"
        ordering = ["province", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["province", "wage_year"], name="filing_threshold_unique_year"),
            models.CheckConstraint(condition=Q(average_wage_fen__gt=0), name="filing_threshold_wage_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.province}{self.wage_year}年度"

    @property
    def limit_fen(self) -> int:
        return small_claims_limits(self.average_wage_fen)[0]

    @property
    def agreed_limit_fen(self) -> int:
        return small_claims_limits(self.average_wage_fen)[1]


class TriageCriterion(TimeStampedModel):
    """One editable 简案/繁案 indicator of the court's 繁简分流 identification standard (plan measure 6)."""

    code = models.SlugField("编码", max_length=50, unique=True)
    label = models.CharField("指标", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=CriterionKind.choices)
    fact = models.CharField("案件要素", max_length=50, help_text="triage.TriageFacts 的字段名")
    operator = models.CharField("判断", max_length=10, choices=CriterionOperator.choices)
    value = models.BigIntegerField("比较值", null=True, blank=True, help_text="数值要素的比较值（标的额以分计）")
    weight = models.PositiveSmallIntegerField("权重", default=1)
    is_active = models.BooleanField("启用", default=True)
    legal_basis = models.CharField("依据", max_length=200, blank=True, default="")
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="最后修改人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "繁简分流指标"
        verbose_name_plural = "繁简分流指标"
        ordering = ["kind", "sort_order", "id"]

    def __str__(self) -> str:
        return self.label


class TriageRecord(TimeStampedModel):
    """The triage of one filing or case: the suggestion with its reasons, and the human decision (who, why)."""

    filing = models.ForeignKey(Filing, verbose_name="立案申请", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="triage_records")
    case = models.ForeignKey("cases.Case", verbose_name="案件", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="triage_records")
    facts = models.JSONField("案件要素")
    threshold = models.ForeignKey(SmallClaimsThreshold, verbose_name="适用的工资标准", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")
    threshold_snapshot = models.JSONField("标准快照", null=True, blank=True)
    suggested_procedure = models.CharField("建议程序", max_length=30, choices=Procedure.choices)
    suggested_team_kind = models.CharField("建议团队类型", max_length=30, choices=TeamKind.choices)
    is_fast_track = models.BooleanField("建议速裁", default=False)
    reasons = models.JSONField("建议理由", default=list)
    simple_score = models.PositiveSmallIntegerField("简案得分", default=0)
    complex_score = models.PositiveSmallIntegerField("繁案得分", default=0)
    suggested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="建议请求人", on_delete=models.PROTECT,
                                     related_name="+")
    suggested_at = models.DateTimeField("建议时间")
    status = models.CharField("状态", max_length=20, choices=TriageStatus.choices, default=TriageStatus.SUGGESTED)
    decided_procedure = models.CharField("决定程序", max_length=30, choices=Procedure.choices, blank=True, default="")
    decided_team = models.ForeignKey("org.Team", verbose_name="决定团队", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField("决定理由", blank=True, default="")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField("决定时间", null=True, blank=True)

    class Meta:
        verbose_name = "繁简分流记录"
        verbose_name_plural = "繁简分流记录"
        ordering = ["-suggested_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(filing__isnull=False) | Q(case__isnull=False),
                                   name="filing_triage_has_target"),
        ]

    def __str__(self) -> str:
        return f"繁简分流 #{self.pk}"

    @property
    def follows_suggestion(self) -> bool | None:
        if not self.decided_procedure:
            return None
        return self.decided_procedure == self.suggested_procedure
