"""The indicator catalogue (versioned data, seeded by a data migration) and the one input this app records itself:
whether the defendant agency's head appeared in court (行政机关负责人出庭应诉), which nobody recorded before."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.metrics.choices import HEAD_APPEARANCES, Appearance, Comparator, Direction, IndicatorGroup, Unit


class IndicatorDefinitionQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True)


class IndicatorDefinition(TimeStampedModel):
    """One version of one indicator's definition. A change of definition or target is a new version (the old one
    stays, with is_current off), so every published figure can be traced to the definition it was computed with
    (indicators.md §0.5: "every rate needs a stored, versioned definition")."""

    code = models.CharField("指标代码", max_length=80, help_text="稳定的英文代码，API 与实施方案目标映射使用")
    version = models.PositiveSmallIntegerField("版本", default=1)
    is_current = models.BooleanField("现行版本", default=True)
    valid_from = models.DateField("启用日期", help_text="本版本定义开始适用之日")
    group = models.CharField("指标类别", max_length=20, choices=IndicatorGroup.choices)
    sort_order = models.PositiveSmallIntegerField("排序", default=0)
    plan_measure = models.PositiveSmallIntegerField("实施方案举措序号", null=True, blank=True,
                                                    help_text="2023年实施方案中对应的举措（如 8、22）")
    name_zh = models.CharField("指标名称", max_length=100)
    name_en = models.CharField("英文名称", max_length=150)
    unit = models.CharField("单位", max_length=10, choices=Unit.choices)
    direction = models.CharField("方向", max_length=10, choices=Direction.choices)
    numerator_definition = models.TextField("分子定义", help_text="计入分子的案件（或事项）及其筛选条件")
    denominator_definition = models.TextField("分母定义", blank=True, default="", help_text="件数类指标为空")
    period_rule = models.TextField("期间规则", help_text="按哪个日期落入统计期间；存量指标取哪一天")
    exclusions = models.TextField("排除情形", blank=True, default="")
    target_comparator = models.CharField("目标比较", max_length=5, choices=Comparator.choices, blank=True, default="")
    target_value = models.DecimalField("目标值", max_digits=12, decimal_places=4, null=True, blank=True,
                                       help_text="空：无目标值，仅监测")
    target_source = models.CharField("目标来源", max_length=300, blank=True, default="")
    source = models.TextField("定义来源", help_text="实施方案举措、最高法指标体系或国际口径，及公开出处")
    unconfirmed_note = models.TextField("未确认事项", blank=True, default="",
                                        help_text="官方口径未能确认之处（页面醒目显示）；为空表示口径已确认")
    data_sources = models.CharField("数据来源", max_length=300, help_text="计算所用的模块与数据表")
    change_reason = models.CharField("修订理由", max_length=300, blank=True, default="")

    objects = IndicatorDefinitionQuerySet.as_manager()

    class Meta:
        verbose_name = "指标定义"
        verbose_name_plural = "指标目录"
        ordering = ["sort_order", "code", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="metrics_definition_code_version"),
            models.UniqueConstraint(fields=["code"], condition=Q(is_current=True), name="metrics_definition_one_current"),
            models.CheckConstraint(condition=Q(target_value__isnull=True, target_comparator="")
                                   | Q(target_value__isnull=False, target_comparator__in=["gte", "lte"]),
                                   name="metrics_definition_target_complete"),
        ]

    def __str__(self) -> str:
        return f"{self.name_zh}（{self.code} v{self.version}）"

    @property
    def is_unconfirmed(self) -> bool:
        return bool(self.unconfirmed_note)

    @property
    def target_label(self) -> str:
        if self.target_value is None:
            return "无目标值"
        value = format(self.target_value.normalize(), "f")
        suffix = {Unit.PERCENT: "%", Unit.DAYS: " 天", Unit.CASES: " 件", Unit.RATIO: ""}.get(self.unit, "")
        return f"{Comparator(self.target_comparator).label} {value}{suffix}"


class AgencyHeadAppearance(TimeStampedModel):
    """One hearing of an administrative case and who answered for the defendant agency (行政诉讼法第3条第3款;
    法释〔2020〕3号). The input of 行政机关负责人出庭应诉率 (2023 plan measure 11)."""

    case = models.ForeignKey("cases.Case", verbose_name="行政案件", on_delete=models.PROTECT,
                             related_name="agency_head_appearances")
    hearing_on = models.DateField("开庭日期")
    defendant_agency = models.CharField("被诉行政机关", max_length=100)
    appearance = models.CharField("出庭情况", max_length=20, choices=Appearance.choices)
    head_name = models.CharField("出庭负责人姓名", max_length=50, blank=True, default="")
    head_title = models.CharField("职务", max_length=50, blank=True, default="", help_text="如 局长、分管副局长")
    note = models.CharField("备注", max_length=300, blank=True, default="", help_text="如 未出庭的理由")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "行政机关负责人出庭应诉记录"
        verbose_name_plural = "行政机关负责人出庭应诉记录"
        ordering = ["-hearing_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "hearing_on", "defendant_agency"],
                                    name="metrics_appearance_unique"),
            models.CheckConstraint(condition=~Q(appearance__in=list(HEAD_APPEARANCES)) | ~Q(head_name=""),
                                   name="metrics_appearance_head_named"),
        ]
        indexes = [models.Index(fields=["hearing_on"], name="metrics_appearance_hearing_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.hearing_on} {self.get_appearance_display()}"

    @property
    def is_head(self) -> bool:
        return self.appearance in HEAD_APPEARANCES
