"""Time limits of cases: one CaseDeadline row per case (kept after closing for the on-time statistics), the
deductions and extensions that move it, the alerts the daily scan raises, 一案一策 plans and appeal transfers."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.core.models import TimeStampedModel
from yingshang.deadlines.choices import (
    AlertKind, AlertLevel, Approver, Audience, DeductionKind, ExtensionReason, ExtensionStatus, PlanStatus, Tier,
    TransferExemption, TransferStatus,
)


class CaseDeadline(TimeStampedModel):
    """The computed time limit and escalation state of one case, maintained by the daily scan (scan.py).

    The scan copies the inputs it used (category, procedure, type code, filing date, extension and deduction
    sums) so it can tell, set-based, which rows need recomputing; it writes a row only when something changed.
    """

    case = models.OneToOneField("cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="deadline")
    is_open = models.BooleanField("未结", default=True, help_text="案件是否未结；结案后保留本行用于审限内结案统计")
    is_stale = models.BooleanField("待重算", default=True, help_text="输入已变化，下一次扫描重新计算届满日")
    category = models.CharField("案件类别", max_length=30, help_text="计算时的案件类别")
    procedure = models.CharField("审理程序", max_length=30, help_text="计算时的审理程序")
    type_code = models.CharField("类型代字", max_length=10, blank=True, default="")
    filed_on = models.DateField("立案日期", help_text="计算时的立案日期；审限自次日起算")
    rule_override = models.CharField("指定审限规则", max_length=40, blank=True, default="",
                                     help_text="按案件情形指定的规则（如不服裁定的二审、司法确认）；空则按类别和程序")
    rule_code = models.CharField("审限规则", max_length=40, blank=True, default="", help_text="空：无法定审限")
    limit_months = models.PositiveSmallIntegerField("法定审限（月）", default=0)
    limit_days = models.PositiveSmallIntegerField("法定审限（日）", default=0)
    extension_months = models.PositiveSmallIntegerField("已批准延长（月）", default=0)
    extension_days = models.PositiveSmallIntegerField("已批准延长（日）", default=0)
    deducted_days = models.PositiveIntegerField("已扣除（日）", default=0, help_text="已结束的扣除期间合计")
    is_paused = models.BooleanField("暂停计算", default=False, help_text="有尚未结束的扣除期间（如中止）")
    raw_end_on = models.DateField("届满日（未顺延）", null=True, blank=True)
    time_limit_end_on = models.DateField("审限届满日", null=True, blank=True,
                                         help_text="含延长与扣除；按本院设置顺延节假日")
    unconfirmed_calendar = models.BooleanField("日历未确认", default=False,
                                               help_text="届满日所在年度的放假安排尚未确认")
    six_months_on = models.DateField("满6个月日", null=True, blank=True)
    nine_months_on = models.DateField("满9个月日", null=True, blank=True)
    twelve_months_on = models.DateField("满12个月日", null=True, blank=True)
    tier = models.CharField("长期未结等级", max_length=20, choices=Tier.choices, default=Tier.NONE)
    tier_since_on = models.DateField("等级变更日", null=True, blank=True)
    approaching_months = models.PositiveSmallIntegerField("即将满（月）", default=0,
                                                          help_text="6、9 或 12：即将满该月数；0：无")
    approaching_since_on = models.DateField("即将满变更日", null=True, blank=True)
    alert_level = models.CharField("审限预警", max_length=20, choices=AlertLevel.choices, default=AlertLevel.NONE)
    alert_since_on = models.DateField("预警变更日", null=True, blank=True)
    next_change_on = models.DateField("下次变化日", null=True, blank=True,
                                      help_text="等级、即将满或审限预警下一次可能变化的日期；每日扫描只读到期的行")
    changed_on = models.DateField("最近变化日", null=True, blank=True, help_text="最近一次扫描改变本行等级或预警的日期")
    computed_on = models.DateField("计算日", null=True, blank=True, help_text="最近一次重算届满日的日期")
    closed_on = models.DateField("结案日期", null=True, blank=True)

    class Meta:
        verbose_name = "案件审限"
        verbose_name_plural = "案件审限"
        indexes = [
            models.Index(fields=["is_stale"], name="deadlines_stale_idx", condition=Q(is_stale=True)),
            models.Index(fields=["next_change_on"], name="deadlines_next_change_idx", condition=Q(is_open=True)),
            models.Index(fields=["changed_on"], name="deadlines_changed_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 审限至 {self.time_limit_end_on}"


class Deduction(TimeStampedModel):
    """A period not counted in the time limit (审限扣除): only the kinds the law allows for the case
    (解释 243; TermProv 9; 行诉解释 50; 刑诉解释 211). Both ends count; an open end pauses the limit."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="deductions")
    kind = models.CharField("扣除事由", max_length=40, choices=DeductionKind.choices)
    start_on = models.DateField("开始日期")
    end_on = models.DateField("结束日期", null=True, blank=True, help_text="空：尚未结束，审限暂停计算")
    reason = models.CharField("说明", max_length=500)
    source = models.CharField("依据", max_length=200, blank=True, default="", help_text="允许扣除的法律依据")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "审限扣除"
        verbose_name_plural = "审限扣除"
        ordering = ["case", "start_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(end_on__isnull=True) | Q(end_on__gte=models.F("start_on")),
                                              name="deadlines_deduction_dates")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.get_kind_display()} {self.start_on}–{self.end_on or '…'}"

    @property
    def days(self) -> int | None:
        return (self.end_on - self.start_on).days + 1 if self.end_on else None


class ExtensionRequest(TimeStampedModel):
    """A request to extend a case's time limit (延长审限), decided by the 院长 (or reported to the higher court)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="extensions")
    procedure = models.CharField("申请时程序", max_length=30, help_text="延长只对该程序的审限有效（解释 258：转普通程序后重算）")
    rule_code = models.CharField("审限规则", max_length=40)
    reason_code = models.CharField("延长事由", max_length=30, choices=ExtensionReason.choices)
    reason = models.TextField("具体理由")
    length_months = models.PositiveSmallIntegerField("延长（月）", default=0)
    length_days = models.PositiveSmallIntegerField("延长（日）", default=0)
    approver = models.CharField("审批机关", max_length=20, choices=Approver.choices, default=Approver.PRESIDENT)
    ordinal = models.PositiveSmallIntegerField("第几次延长", default=1)
    status = models.CharField("状态", max_length=30, choices=ExtensionStatus.choices,
                              default=ExtensionStatus.REQUESTED)
    override_reason = models.TextField("同一事由再次延长的理由", blank=True, default="",
                                       help_text="本院规定同一事由原则上不得再次延长；院长准许时记录理由")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT,
                                     related_name="+")
    requested_on = models.DateField("申请日期")
    end_on_at_request = models.DateField("申请时届满日", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="决定人", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_on = models.DateField("决定日期", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True, default="")
    higher_court_reference = models.CharField("上级法院批复文号", max_length=100, blank=True, default="")
    apply_by_on = models.DateField("申请期限", null=True, blank=True,
                                   help_text="申请时应提出申请的最后一日（审判案件届满15日前；执行案件届满前）；空：审限暂停计算")
    decide_by_on = models.DateField("审批期限", null=True, blank=True,
                                    help_text="申请时院长应作出决定的最后一日（审判案件届满5日前）")
    is_late_request = models.BooleanField("逾期申请", default=False, help_text="在申请期限之后提出")
    late_reason = models.TextField("逾期申请理由", blank=True, default="")
    is_late_decision = models.BooleanField("逾期审批", default=False, help_text="在审批期限之后批准或报请")
    decision_late_reason = models.TextField("逾期审批理由", blank=True, default="")

    class Meta:
        verbose_name = "延长审限申请"
        verbose_name_plural = "延长审限申请"
        ordering = ["case", "requested_on", "id"]
        constraints = [models.CheckConstraint(condition=Q(length_months__gt=0) | Q(length_days__gt=0),
                                              name="deadlines_extension_positive")]
        indexes = [models.Index(fields=["case", "status"], name="deadlines_ext_case_status_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} 延长{self.length_label}（{self.get_status_display()}）"

    @property
    def length_label(self) -> str:
        return (f"{self.length_months}个月" if self.length_months else "") + (
            f"{self.length_days}日" if self.length_days else "")


class Alert(models.Model):
    """One alert raised by the scan: a time-limit level, a long-pending tier, an approaching threshold or an
    appeal transfer. Unique per (case, kind, level, reference date), so re-running the scan adds nothing."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="deadline_alerts",
                             db_index=False)  # the unique (case, kind, level, reference_on) index serves case lookups
    kind = models.CharField("类型", max_length=20, choices=AlertKind.choices)
    level = models.CharField("级别", max_length=20,
                             help_text="审限：days_30/days_15/days_7/overdue；长期未结：reminder/warning/supervision/"
                                       "committee；即将满：approaching_9/approaching_12；移送：due_soon/overdue")
    reference_on = models.DateField("基准日期", help_text="审限届满日、立案日或移送期限")
    audience = models.CharField("通知对象", max_length=20, choices=Audience.choices)
    raised_on = models.DateField("发出日期")
    created_at = models.DateTimeField("创建时间")
    is_dispatched = models.BooleanField("通知已处理", default=False,
                                        help_text="已为本预警排入通知（无通知模板的类型只在页面显示）")
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+", db_index=False)
    acknowledged_at = models.DateTimeField("确认时间", null=True, blank=True)

    class Meta:
        verbose_name = "审限预警"
        verbose_name_plural = "审限预警"
        ordering = ["-raised_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["case", "kind", "level", "reference_on"],
                                               name="deadlines_alert_unique")]
        indexes = [models.Index(fields=["id"], name="deadlines_alert_undispatched",
                                condition=Q(is_dispatched=False))]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}:{self.level} {self.raised_on}"

    @property
    def level_label(self) -> str:
        return ALERT_LEVEL_LABELS.get((self.kind, self.level), self.level)


ALERT_LEVEL_LABELS = {
    (AlertKind.TIME_LIMIT, AlertLevel.DAYS_30): "审限30日内届满",
    (AlertKind.TIME_LIMIT, AlertLevel.DAYS_15): "审限15日内届满",
    (AlertKind.TIME_LIMIT, AlertLevel.DAYS_7): "审限7日内届满",
    (AlertKind.TIME_LIMIT, AlertLevel.OVERDUE): "已超审限",
    (AlertKind.LONG_PENDING, Tier.REMINDER): "提醒：即将超6个月未结",
    (AlertKind.LONG_PENDING, Tier.WARNING): "警告：超6个月未结（分管院长督办）",
    (AlertKind.LONG_PENDING, Tier.SUPERVISION): "督办：超9个月未结（院长督办）",
    (AlertKind.LONG_PENDING, Tier.COMMITTEE): "超12个月未结：提交审委会逐案讨论",
    (AlertKind.APPROACHING, "approaching_9"): "即将超9个月未结",
    (AlertKind.APPROACHING, "approaching_12"): "即将超12个月未结",
    (AlertKind.APPEAL_TRANSFER, "due_soon"): "上诉案卷即将到移送期限",
    (AlertKind.APPEAL_TRANSFER, "overdue"): "上诉案卷超期未移送",
}


class CasePlan(TimeStampedModel):
    """一案一策: a per-case plan for a long-pending case — target closing date, steps, owner, progress
    (2023 plan measure 13)."""

    case = models.ForeignKey("cases.Case", verbose_name="案件", on_delete=models.CASCADE, related_name="plans")
    target_on = models.DateField("目标结案日期")
    steps = models.JSONField("工作步骤", default=list,
                             help_text='[{"text": "…", "due_on": "YYYY-MM-DD" 或 null, "done": false}]')
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="责任人", on_delete=models.PROTECT,
                              related_name="case_plans")
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    progress_percent = models.PositiveSmallIntegerField("进度（%）", default=0)
    tier_at_creation = models.CharField("制定时等级", max_length=20, choices=Tier.choices, default=Tier.NONE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="制定人", on_delete=models.PROTECT,
                                   related_name="+")

    class Meta:
        verbose_name = "一案一策"
        verbose_name_plural = "一案一策"
        ordering = ["case", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["case"], condition=Q(status="active"), name="deadlines_one_active_plan"),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="deadlines_plan_progress_max"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} 一案一策（目标{self.target_on}）"


class CasePlanUpdate(models.Model):
    """A progress update of a 一案一策 plan (清案推进会 records)."""

    plan = models.ForeignKey(CasePlan, verbose_name="计划", on_delete=models.CASCADE, related_name="updates")
    recorded_on = models.DateField("日期")
    recorded_at = models.DateTimeField("记录时间")
    note = models.TextField("进展情况")
    progress_percent = models.PositiveSmallIntegerField("进度（%）")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "一案一策进展"
        verbose_name_plural = "一案一策进展"
        ordering = ["plan", "recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.plan_id} {self.recorded_on} {self.progress_percent}%"


class MonthlySummaryRun(models.Model):
    """One row per month summarised: the monthly summary of long-pending cases sent to the leadership (issue 3 §8),
    who received it and the court-wide figures. A re-run for the same month queues only for new leaders."""

    month_on = models.DateField("月份", unique=True, help_text="所汇总月份的第一日")
    first_run_at = models.DateTimeField("首次发送时间")
    last_run_at = models.DateTimeField("最近补发时间")
    recipient_ids = models.JSONField("已通知人员", default=list, help_text="已排入通知的用户ID")
    figures = models.JSONField("全院数据", default=dict, help_text="各法院全院口径的月度数据，按法院ID")

    class Meta:
        verbose_name = "长期未结月度调度发送记录"
        verbose_name_plural = "长期未结月度调度发送记录"
        ordering = ["-month_on"]

    def __str__(self) -> str:
        return f"{self.month_on:%Y-%m} 月度调度（{len(self.recipient_ids)}人）"


class AppealTransfer(TimeStampedModel):
    """The transfer of an appealed case's file to the second-instance court: due 5 days after the answer period
    ends, unless service was by public notice or abroad (2023 plan measure 14; CPL 174–175)."""

    case = models.OneToOneField("cases.Case", verbose_name="一审案件", on_delete=models.CASCADE,
                                related_name="appeal_transfer")
    appeal_filed_on = models.DateField("收到上诉状日期")
    served_on = models.DateField("上诉状副本送达日期", help_text="送达最后一名被上诉人之日")
    answer_days = models.PositiveSmallIntegerField("答辩期（日）", default=15)
    answer_ends_on = models.DateField("答辩期满日")
    due_on = models.DateField("应移送日期", null=True, blank=True, help_text="免于5日移送的为空")
    exemption = models.CharField("特殊情况", max_length=20, choices=TransferExemption.choices, blank=True, default="")
    status = models.CharField("状态", max_length=20, choices=TransferStatus.choices, default=TransferStatus.PENDING)
    transferred_on = models.DateField("移送日期", null=True, blank=True)
    alert_level = models.CharField("预警", max_length=20, default="none", help_text="none / due_soon / overdue")
    alert_since_on = models.DateField("预警变更日", null=True, blank=True)
    unconfirmed_calendar = models.BooleanField("日历未确认", default=False)
    note = models.CharField("备注", max_length=500, blank=True, default="")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="登记人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "上诉案卷移送"
        verbose_name_plural = "上诉案卷移送"
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"], name="deadlines_transfer_due_idx")]

    def __str__(self) -> str:
        return f"{self.case_id} 移送期限 {self.due_on}"

    @property
    def is_late(self) -> bool:
        return bool(self.due_on and self.transferred_on and self.transferred_on > self.due_on)


class ScanRun(models.Model):
    """One row per scan day: when the daily scan ran and what it wrote (re-running the same day updates it)."""

    ran_on = models.DateField("扫描日", unique=True)
    started_at = models.DateTimeField("开始时间")
    finished_at = models.DateTimeField("结束时间")
    runs = models.PositiveIntegerField("当日运行次数", default=1)
    counts = models.JSONField("写入行数", default=dict)

    class Meta:
        verbose_name = "审限扫描记录"
        verbose_name_plural = "审限扫描记录"
        ordering = ["-ran_on"]

    def __str__(self) -> str:
        return f"{self.ran_on} ×{self.runs}"
