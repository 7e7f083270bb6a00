from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.assessments.choices import AssessmentStatus, GateOutcome, ImpactLevel, Stage
from yingshang.core.models import TimeStampedModel


class TemplateDomain(models.TextChoices):
    COURT = "court", "审判执行"
    ADMINISTRATIVE = "administrative", "行政执法"


class AssessmentTemplate(TimeStampedModel):
    """A versioned form for one stage. Editing publishes a new version; old assessments keep theirs."""

    stage = models.CharField("环节", max_length=20, choices=Stage.choices)
    domain = models.CharField("适用领域", max_length=20, choices=TemplateDomain.choices, default=TemplateDomain.COURT,
                              help_text="审判执行，或行政执法（措施12）")
    version = models.PositiveIntegerField("版本")
    title = models.CharField("名称", max_length=200)
    guidance = models.TextField("填写指引", blank=True, default="")
    questions = models.JSONField("问题", help_text="[{code, text, kind, required, options:[{value,label,score}], section}]")
    medium_from = models.PositiveIntegerField("中等影响起点分", help_text="总分达到此值为「中」")
    high_from = models.PositiveIntegerField("高影响起点分", help_text="总分达到此值为「高」")
    gated_actions = models.JSONField("须先评估的操作", default=list, blank=True,
                                     help_text="操作代码，如 preservation.order、enforcement.seize、"
                                               "deadlines.extension_request、documents.publish_judgment")
    is_active = models.BooleanField("现行版本", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "评估模板"
        verbose_name_plural = "评估模板"
        ordering = ["domain", "stage", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["domain", "stage", "version"], name="assess_tpl_unique_version"),
            models.UniqueConstraint(fields=["domain", "stage"], condition=Q(is_active=True),
                                    name="assess_tpl_one_active"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"


class Assessment(TimeStampedModel):
    """The current state of one case's assessment for one stage. Every version is kept in AssessmentRevision."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="assessments")
    stage = models.CharField("环节", max_length=20, choices=Stage.choices)
    template = models.ForeignKey(AssessmentTemplate, verbose_name="模板版本", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField("状态", max_length=20, choices=AssessmentStatus.choices)
    revision = models.PositiveIntegerField("修订次数", default=1)
    answers = models.JSONField("答案", default=dict, blank=True)
    score = models.PositiveIntegerField("得分", default=0)
    impact_level = models.CharField("影响程度", max_length=10, choices=ImpactLevel.choices, blank=True, default="")
    tags = models.JSONField("采取的措施", default=list, blank=True, help_text="活封、预留流动资金、分期履行 …")
    not_applicable_reason = models.TextField("不适用理由", blank=True, default="")
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", null=True,
                                     on_delete=models.PROTECT, related_name="+")
    completed_at = models.DateTimeField("填写时间", null=True)

    class Meta:
        verbose_name = "经济影响评估"
        verbose_name_plural = "经济影响评估"
        ordering = ["case", "stage"]
        constraints = [
            models.UniqueConstraint(fields=["case", "stage"], name="assess_one_per_stage"),
            models.CheckConstraint(condition=~Q(status="not_applicable") | ~Q(not_applicable_reason=""),
                                   name="assess_na_needs_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.case} {self.get_stage_display()} {self.get_status_display()}"


class AssessmentRevision(models.Model):
    """Every version of every assessment (可倒查), part of the case's internal file (副卷). Append-only."""

    assessment = models.ForeignKey(Assessment, verbose_name="评估", on_delete=models.PROTECT, related_name="revisions")
    revision = models.PositiveIntegerField("版本号")
    template = models.ForeignKey(AssessmentTemplate, verbose_name="模板版本", null=True, on_delete=models.PROTECT,
                                 related_name="+")
    status = models.CharField("状态", max_length=20, choices=AssessmentStatus.choices)
    answers = models.JSONField("答案", default=dict)
    score = models.PositiveIntegerField("得分", default=0)
    impact_level = models.CharField("影响程度", max_length=10, choices=ImpactLevel.choices, blank=True, default="")
    tags = models.JSONField("采取的措施", default=list)
    reason = models.TextField("理由/说明", blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "评估版本"
        verbose_name_plural = "评估版本（副卷）"
        ordering = ["assessment", "revision"]
        constraints = [models.UniqueConstraint(fields=["assessment", "revision"], name="assess_rev_unique")]

    def __str__(self) -> str:
        return f"{self.assessment} v{self.revision}"


class GateCheck(models.Model):
    """One gated action that passed the gate, with the assessment it relied on (可统计: actions without an
    assessment on enterprise cases should be none)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    stage = models.CharField("环节", max_length=20, choices=Stage.choices, blank=True, default="")
    action = models.CharField("操作", max_length=80)
    outcome = models.CharField("结果", max_length=20, choices=GateOutcome.choices)
    assessment = models.ForeignKey(Assessment, verbose_name="所依据的评估", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="gate_checks")
    assessment_revision = models.PositiveIntegerField("评估版本号", null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT,
                              related_name="+")
    checked_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "评估关口记录"
        verbose_name_plural = "评估关口记录"
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["action", "outcome"], name="assess_gate_action_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.action} {self.get_outcome_display()}"


class SampleAudit(TimeStampedModel):
    """审管办's periodic sampling of assessments: reproducible from (period, size, seed)."""

    period_start = models.DateField("期间起")
    period_end = models.DateField("期间止")
    size = models.PositiveIntegerField("抽查数量")
    seed = models.CharField("随机种子", max_length=50)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="抽取人", on_delete=models.PROTECT,
                                 related_name="+")
    summary = models.TextField("通报意见", blank=True, default="")
    is_published = models.BooleanField("已通报", default=False)

    class Meta:
        verbose_name = "评估抽查"
        verbose_name_plural = "评估抽查"
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return f"{self.period_start}～{self.period_end} 抽查{self.size}件"


class SampleItem(models.Model):
    sample = models.ForeignKey(SampleAudit, verbose_name="抽查批次", on_delete=models.CASCADE, related_name="items")
    assessment = models.ForeignKey(Assessment, verbose_name="评估", on_delete=models.PROTECT, related_name="+")
    department_name = models.CharField("部门", max_length=100, blank=True, default="")
    checklist = models.JSONField("评查项得分", default=dict, blank=True)
    quality_score = models.PositiveIntegerField("质量得分", null=True, blank=True)
    comments = models.TextField("评查意见", blank=True, default="")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="评查人", null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField("评查时间", null=True, blank=True)

    class Meta:
        verbose_name = "抽查案件"
        verbose_name_plural = "抽查案件"
        ordering = ["sample", "id"]
        constraints = [models.UniqueConstraint(fields=["sample", "assessment"], name="assess_sample_item_unique")]


class TypicalCaseKind(models.TextChoices):
    GOOD = "good", "正面典型"
    BAD = "bad", "反面典型"


class TypicalCaseStatus(models.TextChoices):
    NOMINATED = "nominated", "已推荐"
    APPROVED = "approved", "已审定"
    PUBLISHED = "published", "已发布"


class TypicalCase(TimeStampedModel):
    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类型", max_length=10, choices=TypicalCaseKind.choices)
    title = models.CharField("标题", max_length=200)
    text = models.TextField("案例正文（已隐名）")
    status = models.CharField("状态", max_length=20, choices=TypicalCaseStatus.choices,
                              default=TypicalCaseStatus.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="推荐人", on_delete=models.PROTECT,
                                     related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审定人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    published_on = models.DateField("发布日期", null=True, blank=True)

    class Meta:
        verbose_name = "正反典型案例"
        verbose_name_plural = "正反典型案例"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Agency(TimeStampedModel):
    """An administrative enforcement agency that uses the assessment for its own decisions (plan measure 12)."""

    name = models.CharField("机关名称", max_length=100, unique=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name="工作人员", blank=True,
                                     related_name="enforcement_agencies")

    class Meta:
        verbose_name = "行政执法机关"
        verbose_name_plural = "行政执法机关"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class AdministrativeDecision(TimeStampedModel):
    """An agency's enforcement decision against an enterprise (e.g. 责令停产整顿, 查封扣押)."""

    agency = models.ForeignKey(Agency, verbose_name="行政执法机关", on_delete=models.PROTECT, related_name="decisions")
    number = models.CharField("决定书文号", max_length=100)
    enterprise = models.ForeignKey("cases.Party", verbose_name="涉及企业", on_delete=models.PROTECT, related_name="+")
    measure = models.CharField("执法措施", max_length=200, help_text="如 查封扣押、责令停产整顿、罚款")
    decided_on = models.DateField("决定日期")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "行政执法决定"
        verbose_name_plural = "行政执法决定"
        ordering = ["-decided_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="assess_admin_decision_unique")]

    def __str__(self) -> str:
        return self.number


class AdministrativeAssessment(models.Model):
    """Each version of the assessment of an administrative decision (append-only; the latest is current)."""

    decision = models.ForeignKey(AdministrativeDecision, verbose_name="执法决定", on_delete=models.PROTECT,
                                 related_name="assessments")
    revision = models.PositiveIntegerField("版本号")
    template = models.ForeignKey(AssessmentTemplate, verbose_name="模板版本", on_delete=models.PROTECT,
                                 related_name="+")
    answers = models.JSONField("答案", default=dict)
    score = models.PositiveIntegerField("得分")
    impact_level = models.CharField("影响程度", max_length=10, choices=ImpactLevel.choices)
    tags = models.JSONField("采取的措施", default=list)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填写人", on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField("时间")

    class Meta:
        verbose_name = "行政执法经济影响评估"
        verbose_name_plural = "行政执法经济影响评估"
        ordering = ["decision", "revision"]
        constraints = [models.UniqueConstraint(fields=["decision", "revision"], name="assess_admin_rev_unique")]


class GuidanceNote(TimeStampedModel):
    """行政审判庭's guidance to agencies on using the assessment (measure 12)."""

    title = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    published_on = models.DateField("发布日期")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        verbose_name = "执法指导意见"
        verbose_name_plural = "执法指导意见"
        ordering = ["-published_on", "-id"]

    def __str__(self) -> str:
        return self.title


class TrainingRecord(TimeStampedModel):
    """A training session for administrative enforcement staff held by the court (measure 12)."""

    held_on = models.DateField("培训日期")
    topic = models.CharField("主题", max_length=200)
    agencies = models.ManyToManyField(Agency, verbose_name="参训机关", related_name="trainings")
    attendees = models.PositiveIntegerField("参训人数")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="授课人", on_delete=models.PROTECT,
                                related_name="+")

    class Meta:
        verbose_name = "行政执法培训"
        verbose_name_plural = "行政执法培训"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.topic}"
