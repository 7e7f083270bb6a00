"""Property preservation (财产保全): applications with their security, ruling clock and pre-litigation suit clock, and
the measures taken (seal, seize, freeze) with their terms, renewals, 活封 and the claim-matching check."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.preservation.choices import (
    AlertLevel, ApplicationStatus, LiftReason, MeasureMethod, MeasureStatus, PreservationKind, PropertyKind,
    WaiverGround,
)


class PreservationApplication(TimeStampedModel):
    """One application to preserve the respondent's property, handled in ``case`` (the litigation case, or the 财保
    case registered for a pre-litigation or pre-enforcement application)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.PROTECT,
                             related_name="preservation_applications",
                             help_text="诉讼保全为本诉案件；诉前、执行前保全为登记的财保案件")
    kind = models.CharField("保全类型", max_length=20, choices=PreservationKind.choices,
                            help_text="诉讼保全（民事诉讼法第103条）、诉前保全（第104条）、执行前保全（民诉法解释第163条）")
    is_urgent = models.BooleanField("情况紧急", default=False, help_text="紧急的须在48小时内裁定（民事诉讼法第103条）")
    applicant = models.ForeignKey("cases.Party", verbose_name="申请人", on_delete=models.PROTECT, related_name="+",
                                  help_text="本案当事人；其门户账号和代理人可以查看本申请")
    respondent = models.ForeignKey("cases.Party", verbose_name="被申请人", on_delete=models.PROTECT, related_name="+",
                                   help_text="被申请人为企业的，裁定保全前须完成保全环节的涉企案件经济影响评估")
    amount_fen = models.BigIntegerField("请求保全数额（分）", help_text="申请保全的数额，即保全标的额")
    costs_fen = models.BigIntegerField("费用（分）", default=0,
                                       help_text="与请求一并计算保全范围的费用（《查封规定》第19条：债权额及执行费用）")
    applied_at = models.DateTimeField("申请时间", help_text="法院接受申请的时刻；48小时从此起算")
    applied_on = models.DateField("申请日期", help_text="申请时间在法院所在时区的日期；5日期间自次日起算")
    status = models.CharField("状态", max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.APPLIED, help_text="只由服务变更：待裁定、待提供担保、已裁定保全、驳回、已解除")
    # Security (PresProv 5, 9)
    security_decided = models.BooleanField("已决定担保", default=False, help_text="法院已决定责令提供担保或免除担保")
    security_required = models.BooleanField("须提供担保", default=False,
                                            help_text="诉前保全必须提供担保；诉讼中由法院决定（《财产保全规定》第5、9条）")
    security_fen = models.BigIntegerField("担保数额（分）", default=0,
                                          help_text="诉讼中不超过请求保全数额的30%；诉前保全相当于请求保全数额")
    waiver_ground = models.CharField("免除担保理由", max_length=30, choices=WaiverGround.choices, blank=True, default="",
                                     help_text="《财产保全规定》第9条规定的情形；诉前保全不得免除")
    security_note = models.CharField("担保说明", max_length=300, blank=True, default="",
                                     help_text="担保方式（财产、保证、保全责任险、独立保函），或调整担保数额的理由")
    security_provided_at = models.DateTimeField("提供担保时间", null=True, blank=True,
                                                help_text="责令提供担保的，裁定期限自此起算（《财产保全规定》第4条）")
    # Ruling (CPL 103–104; PresProv 4)
    ruling_due_on = models.DateField("裁定期限", null=True, blank=True,
                                     help_text="5日期间的最后一日（遇休息日顺延），或48小时届满之日")
    ruling_due_at = models.DateTimeField("裁定时限（48小时）", null=True, blank=True,
                                         help_text="情况紧急或诉前保全：受理（或提供担保）后48小时届满的时刻")
    ruled_on = models.DateField("裁定日期", null=True, blank=True, help_text="指标“保全财产超标的比例”按此日期归入期间")
    granted_amount_fen = models.BigIntegerField("裁定保全数额（分）", null=True, blank=True,
                                                help_text="不超过请求保全数额（民事诉讼法第105条）；驳回的为空")
    ruling_reason = models.CharField("裁定理由", max_length=300, blank=True, default="", help_text="驳回申请的必须写明")
    fee_fen = models.BigIntegerField("申请保全费（分）", null=True, blank=True,
                                     help_text="按《诉讼费用交纳办法》第14条由诉讼费计算器计算")
    fee_charge_id = models.PositiveBigIntegerField("收费项目", null=True, blank=True, help_text="fees.FeeCharge 的 id")
    # Claim matching (SealProv 19)
    preserved_value_fen = models.BigIntegerField("已保全财产价值（分）", default=0, help_text="现存保全措施的财产价值合计")
    excess_fen = models.BigIntegerField("超标的数额（分）", default=0, help_text="现存保全财产价值超出保全数额与费用之和的部分")
    peak_excess_fen = models.BigIntegerField("最高超标的数额（分）", default=0,
                                             help_text="采取措施时出现过的最大超标的数额（指标“保全财产超标的比例”的分子）")
    released_excess_fen = models.BigIntegerField("已解除超标的（分）", default=0,
                                                 help_text="依《查封规定》第19条解除的超标的部分合计")
    # Pre-litigation suit (CPL 104 ¶3)
    suit_due_on = models.DateField("起诉期限", null=True, blank=True, help_text="采取保全措施后30日内起诉或申请仲裁")
    suit_filed_on = models.DateField("起诉日期", null=True, blank=True, help_text="诉前保全申请人起诉或申请仲裁之日")
    suit_case = models.ForeignKey("cases.Case", verbose_name="起诉案件", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", help_text="起诉后登记的本诉案件（保全措施自动转为诉讼保全）")
    # Before enforcement (CPL-Interp 163)
    performance_ends_on = models.DateField("履行期间届满日", null=True, blank=True,
                                           help_text="执行前保全：生效法律文书指定的履行期间届满之日")
    enforcement_due_on = models.DateField("申请执行期限", null=True, blank=True,
                                          help_text="履行期间届满后5日内申请执行，否则应当解除保全（民诉法解释第163条）")
    enforcement_applied_on = models.DateField("申请执行日期", null=True, blank=True)
    enforcement_case = models.ForeignKey("cases.Case", verbose_name="执行案件", null=True, blank=True,
                                         on_delete=models.PROTECT, related_name="+",
                                         help_text="申请执行后立案的执行案件")
    lifted_on = models.DateField("解除日期", null=True, blank=True, help_text="全部保全措施解除之日")
    # Alerts set by the daily scan
    ruling_alert = models.CharField("裁定期限预警", max_length=10, choices=AlertLevel.choices, blank=True, default="",
                                    help_text="每日扫描设置：即将届满、已届满")
    suit_alert = models.CharField("起诉期限预警", max_length=10, choices=AlertLevel.choices, blank=True, default="",
                                  help_text="每日扫描设置：诉前保全30日起诉期限即将届满、已届满")
    enforcement_alert = models.CharField("申请执行期限预警", max_length=10, choices=AlertLevel.choices, blank=True,
                                         default="", help_text="每日扫描设置：执行前保全5日申请执行期限即将届满、已届满")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+", help_text="登记申请的法院工作人员")

    class Meta:
        verbose_name = "财产保全申请"
        verbose_name_plural = "财产保全申请"
        ordering = ["-applied_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_fen__gt=0), name="preservation_amount_positive"),
            models.CheckConstraint(condition=Q(costs_fen__gte=0, security_fen__gte=0, preserved_value_fen__gte=0,
                                               excess_fen__gte=0, peak_excess_fen__gte=0,
                                               released_excess_fen__gte=0), name="preservation_money_not_negative"),
            models.CheckConstraint(condition=Q(granted_amount_fen__isnull=True) | Q(granted_amount_fen__gt=0),
                                   name="preservation_granted_positive"),
            models.CheckConstraint(condition=~Q(applicant=models.F("respondent")),
                                   name="preservation_applicant_not_respondent"),
        ]
        indexes = [models.Index(fields=["status", "ruling_due_on"], name="preservation_ruling_due_idx"),
                   models.Index(fields=["ruled_on"], name="preservation_ruled_on_idx"),
                   models.Index(fields=["kind", "suit_due_on"], name="preservation_suit_due_idx")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {self.applied_on}"

    @property
    def is_over_limit(self) -> bool:
        return self.excess_fen > 0

    @property
    def is_pending_ruling(self) -> bool:
        return self.status in (ApplicationStatus.APPLIED, ApplicationStatus.AWAITING_SECURITY)


class PreservationMeasure(TimeStampedModel):
    """One measure taken under a granted application: a seal, seizure or freeze of one item of property, its value,
    its term (CPL-Interp 485), renewals, 活封 and lifting."""

    application = models.ForeignKey(PreservationApplication, verbose_name="保全申请", on_delete=models.PROTECT,
                                    related_name="measures", help_text="裁定准许保全的申请")
    property_kind = models.CharField("财产类别", max_length=20, choices=PropertyKind.choices,
                                     help_text="决定保全期限：银行存款1年、动产2年、不动产及其他财产权3年（民诉法解释第485条）")
    method = models.CharField("措施", max_length=10, choices=MeasureMethod.choices, help_text="查封、扣押或冻结")
    description = models.CharField("财产", max_length=300, help_text="如 某银行账户、某处房产（不动产权证号）、车辆号牌")
    value_fen = models.BigIntegerField("保全价值（分）", help_text="现仍保全的财产价值；部分解除后减少")
    original_value_fen = models.BigIntegerField("采取时价值（分）", help_text="采取措施时的财产价值，部分解除后不变")
    is_divisible = models.BooleanField("可分", default=True, help_text="整体不可分的财产不能部分解除（《查封规定》第19条）")
    is_factory_or_machinery = models.BooleanField("厂房、机器设备", default=False,
                                                  help_text="由被申请人继续使用的厂房、机器设备应当活封（《财产保全规定》第13条第2款）")
    is_live_seal = models.BooleanField("活封", default=False, help_text="被保全财产由被申请人继续使用")
    taken_on = models.DateField("采取日期", help_text="保全期限自次日起算；诉前保全的30日起诉期限自此起算")
    expires_on = models.DateField("保全期限届满日", help_text="以裁定或协助执行通知书载明的日期为准")
    renewal_requested_on = models.DateField("申请续行日期", null=True, blank=True,
                                            help_text="申请人申请续行之日；续行后清空（历史见审计日志）")
    renewal_request_is_late = models.BooleanField("续行申请逾期", default=False,
                                                  help_text="届满前不足7日才申请（《财产保全规定》第18条，风险由申请人承担）")
    renewals = models.PositiveSmallIntegerField("续行次数", default=0, help_text="每次续行期限不超过同一上限，次数不限")
    status = models.CharField("状态", max_length=10, choices=MeasureStatus.choices, default=MeasureStatus.ACTIVE,
                              help_text="保全中、期满失效（《查封规定》第27条）、已解除")
    lifted_on = models.DateField("解除日期", null=True, blank=True, help_text="解除保全措施之日")
    lift_reason = models.CharField("解除事由", max_length=30, choices=LiftReason.choices, blank=True, default="",
                                   help_text="如 诉前保全未按期起诉、被申请人提供担保、以等值财产置换")
    lapsed_on = models.DateField("失效日期", null=True, blank=True, help_text="届满日的次日，由每日扫描记录")
    renewal_alert_for = models.DateField("已预警的届满日", null=True, blank=True,
                                         help_text="每日扫描已就该届满日提醒续行（幂等）")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+", help_text="登记措施的法院工作人员")

    class Meta:
        verbose_name = "保全措施"
        verbose_name_plural = "保全措施"
        ordering = ["application", "taken_on", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(value_fen__gte=0, original_value_fen__gt=0),
                                   name="preservation_measure_value"),
            models.CheckConstraint(condition=Q(expires_on__gt=models.F("taken_on")),
                                   name="preservation_measure_term"),
            models.CheckConstraint(condition=Q(is_factory_or_machinery=False) | Q(is_live_seal=True),
                                   name="preservation_factory_live_seal"),
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="preservation_expiry_idx")]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.description}"
