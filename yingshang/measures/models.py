"""The plan as rows: Plan → Measure (leaders, departments, targets), the blocks the importer could not read,
departments' progress reports with evidence, 督察室 inspections with their follow-ups, liaison meetings, replicable
reforms and pilots (measures 32, 33), and the deadline reminders/escalations raised by the daily scan."""

from django.conf import settings
from django.db import models

from yingshang.core.models import TimeStampedModel
from yingshang.measures import domain
from yingshang.measures.choices import (
    AlertKind, AlertSubject, Comparator, DepartmentRole, InspectionStatus, MeetingKind, ReformKind, ReformStatus,
    TargetUnit,
)
from yingshang.measures.storage import evidence_storage


class Plan(TimeStampedModel):
    """One implementation plan (实施方案). Re-importing a plan with the same title updates it."""

    title = models.CharField("方案名称", max_length=200, unique=True,
                             help_text="如 2023年优化法治化营商环境工作实施方案；重复导入同名方案时更新而非新建")
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="方案名称中的年份")
    started_on = models.DateField("起算日期", help_text="进度按时间比例测算的起点；默认为方案年度的1月1日")
    preamble = models.TextField("前言", blank=True, default="")
    overall_requirements = models.TextField("总体要求", blank=True, default="")
    objectives = models.TextField("工作目标", blank=True, default="")
    work_requirements = models.JSONField("工作要求", default=list, blank=True,
                                         help_text="[{heading, text, line}]：如 加强组织领导、强化责任落实")
    sections = models.JSONField("章节", default=list, blank=True,
                                help_text="方案全部章节 [{heading, kind, text, items, line}]，原文保留")
    warnings = models.JSONField("导入提示", default=list, blank=True, help_text="如 编号不连续")
    source_name = models.CharField("来源文件", max_length=255, blank=True, default="")
    source_sha256 = models.CharField("来源摘要", max_length=64, blank=True, default="",
                                     help_text="最近一次导入文本的 SHA-256")
    source_text = models.TextField("原文", blank=True, default="", help_text="最近一次导入的全文")
    imported_at = models.DateTimeField("最近导入时间", null=True, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="导入人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "实施方案"
        verbose_name_plural = "实施方案"
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Measure(TimeStampedModel):
    """One measure (举措) of a plan, numbered as in the plan."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.PROTECT, related_name="measures")
    number = models.PositiveSmallIntegerField("序号", help_text="方案中的编号，1 起")
    label = models.CharField("原编号", max_length=20, blank=True, default="", help_text="如 1. 、（一）")
    group = models.CharField("分组", max_length=100, blank=True, default="", help_text="方案中举措所属的小标题")
    title = models.CharField("举措名称", max_length=300, help_text="举措的第一句或其标题")
    text = models.TextField("举措内容", help_text="举措全文（不含编号和责任信息）")
    source_text = models.TextField("原文", help_text="方案中的原文，含编号和括号内的责任信息")
    line_number = models.PositiveIntegerField("行号", help_text="在导入文本中的起始行")
    deadline_on = models.DateField("完成时限", null=True, blank=True, help_text="最后完成日；持续推进的为空")
    deadline_text = models.CharField("完成时限原文", max_length=100, blank=True, default="",
                                     help_text="如 2023年12月底前、持续推进")
    is_ongoing = models.BooleanField("持续推进", default=False, help_text="持续推进、长期坚持等无固定日期的举措")
    extra = models.JSONField("其他事项", default=dict, blank=True, help_text="方案中无法归类的责任信息")
    warnings = models.JSONField("导入提示", default=list, blank=True)
    is_active = models.BooleanField("有效", default=True, help_text="重新导入的方案不再包含该举措时置为无效，历史保留")
    progress_percent = models.PositiveSmallIntegerField("最新进度（%）", default=0,
                                                        help_text="最近一次进展报告填报的完成比例")
    last_reported_on = models.DateField("最近报告日期", null=True, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True, help_text="报告已完成的日期")

    class Meta:
        verbose_name = "举措"
        verbose_name_plural = "举措"
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measures_measure_unique_number"),
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100), name="measures_measure_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class MeasureLeader(models.Model):
    """A lead leader (牵头领导 / 责任领导) of a measure, by name as written in the plan."""

    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField("姓名", max_length=50, db_index=True, help_text="与用户的姓名（display_name）对应")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "牵头领导"
        verbose_name_plural = "牵头领导"
        ordering = ["measure", "position"]
        constraints = [models.UniqueConstraint(fields=["measure", "name"], name="measures_leader_unique")]

    def __str__(self) -> str:
        return self.name


class MeasureDepartment(models.Model):
    """A responsible or assisting department of a measure, by the name the plan uses. Collective names such as
    各审判部门 or 全院各部门 are kept as written and cover every department of their kinds."""

    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.CASCADE, related_name="departments")
    role = models.CharField("职责", max_length=20, choices=DepartmentRole.choices)
    name = models.CharField("部门", max_length=100, db_index=True, help_text="方案原文中的部门名称")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "举措部门"
        verbose_name_plural = "举措部门"
        ordering = ["measure", "role", "position"]
        constraints = [models.UniqueConstraint(fields=["measure", "role", "name"], name="measures_department_unique")]

    def __str__(self) -> str:
        return f"{self.get_role_display()}：{self.name}"


class Target(models.Model):
    """A measurable commitment of a measure: metric, comparator, value and unit (调撤率 ≥ 60%)."""

    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField("顺序", default=0)
    metric = models.CharField("指标", max_length=200, help_text="如 涉企速裁案件调撤率")
    comparator = models.CharField("比较", max_length=5, choices=Comparator.choices)
    value = models.DecimalField("目标值", max_digits=9, decimal_places=2)
    unit = models.CharField("单位", max_length=20, choices=TargetUnit.choices)
    phrase = models.CharField("原文", max_length=300, help_text="方案中的表述")
    basis = models.CharField("基数", max_length=100, blank=True, default="", help_text="比例的基数，如 保全标的额")
    indicator_code = models.CharField("指标代码", max_length=100, blank=True, default="",
                                      help_text="对应的实时指标（MEASURES_INDICATOR_MAP 配置）；为空则无实时数据")

    class Meta:
        verbose_name = "目标"
        verbose_name_plural = "目标"
        ordering = ["measure", "position"]

    def __str__(self) -> str:
        return self.label

    @property
    def goal(self) -> str:
        """≥ 60%, ≤ 3个工作日."""
        value = format(self.value.normalize(), "f")
        return f"{domain.COMPARATOR_SIGNS[self.comparator]} {value}{domain.UNIT_LABELS[self.unit]}"

    @property
    def label(self) -> str:
        return domain.Target(metric=self.metric, comparator=self.comparator, value=self.value, unit=self.unit,
                             phrase=self.phrase).label


class UnparsedBlock(models.Model):
    """A block of the plan the importer could not read as a measure, kept word for word with its line."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.CASCADE, related_name="unparsed_blocks")
    line_number = models.PositiveIntegerField("行号")
    text = models.TextField("原文")
    reason = models.CharField("原因", max_length=200)

    class Meta:
        verbose_name = "未识别段落"
        verbose_name_plural = "未识别段落"
        ordering = ["plan", "line_number"]

    def __str__(self) -> str:
        return f"第{self.line_number}行：{self.text[:30]}"


class ProgressReport(TimeStampedModel):
    """A department's progress report on a measure (进展报告), with its evidence."""

    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.PROTECT, related_name="reports")
    reform = models.ForeignKey("Reform", verbose_name="改革事项", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="reports",
                               help_text="报告的是第32、33项下已采纳的改革事项时填写；此时举措为该事项所属举措")
    department = models.ForeignKey("org.Department", verbose_name="报送部门", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    reported_on = models.DateField("报告日期")
    progress_percent = models.PositiveSmallIntegerField("完成比例（%）", help_text="0–100")
    is_completed = models.BooleanField("已完成", default=False, help_text="报告该举措已全部完成")
    summary = models.TextField("工作进展")
    problems = models.TextField("存在问题", blank=True, default="")
    next_steps = models.TextField("下一步打算", blank=True, default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="填报人", on_delete=models.PROTECT,
                               related_name="+")

    class Meta:
        verbose_name = "进展报告"
        verbose_name_plural = "进展报告"
        ordering = ["measure", "-reported_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100), name="measures_report_progress_le_100"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}号举措 {self.reported_on} {self.progress_percent}%"


def evidence_upload_to(instance, filename: str) -> str:
    return f"measures/evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    """An evidence file attached to a progress report (佐证材料). Kept outside MEDIA_ROOT (storage.py) and served
    only through the permission-checked download view."""

    report = models.ForeignKey(ProgressReport, verbose_name="进展报告", on_delete=models.PROTECT,
                               related_name="evidence")
    file = models.FileField("文件", upload_to=evidence_upload_to, storage=evidence_storage, max_length=255)
    original_name = models.CharField("文件名", max_length=255)
    content_type = models.CharField("类型", max_length=100, blank=True, default="")
    size_bytes = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField("上传时间")

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["report", "id"]

    def __str__(self) -> str:
        return self.original_name


class Inspection(TimeStampedModel):
    """A 督察室 inspection of a measure: findings, a rectification deadline, follow-ups and closure (销号)."""

    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.PROTECT, related_name="inspections")
    inspected_on = models.DateField("检查日期")
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="检查人", on_delete=models.PROTECT,
                                  related_name="+")
    findings = models.TextField("发现问题")
    rectification_required = models.BooleanField("需整改", default=True)
    rectification_deadline_on = models.DateField("整改期限", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=InspectionStatus.choices, default=InspectionStatus.OPEN)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closure_note = models.TextField("销号意见", blank=True, default="")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="销号人", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "督察记录"
        verbose_name_plural = "督察记录"
        ordering = ["measure", "-inspected_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rectification_required=False) | models.Q(rectification_deadline_on__isnull=False),
                name="measures_inspection_deadline_when_rectifying"),
            models.CheckConstraint(
                condition=models.Q(status=InspectionStatus.OPEN, closed_on__isnull=True)
                | models.Q(status=InspectionStatus.CLOSED, closed_on__isnull=False),
                name="measures_inspection_closed_has_date"),
        ]

    def __str__(self) -> str:
        return f"{self.measure.number}号举措 督察 {self.inspected_on}"


class InspectionFollowUp(models.Model):
    """A follow-up on an inspection (跟踪问效): what the department did, what the inspector saw."""

    inspection = models.ForeignKey(Inspection, verbose_name="督察记录", on_delete=models.PROTECT,
                                   related_name="follow_ups")
    noted_on = models.DateField("日期")
    note = models.TextField("跟踪情况")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                               related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "督察跟踪"
        verbose_name_plural = "督察跟踪"
        ordering = ["inspection", "noted_on", "id"]

    def __str__(self) -> str:
        return f"{self.noted_on} {self.note[:20]}"


class LiaisonMeeting(TimeStampedModel):
    """A meeting on the plan (plan 四(一)): the Party group's quarterly study (院党组每季度…统筹谋划、调查研究和安排部署)
    or a liaison meeting (联席会议: 集体研判、分析和通报营商环境工作的现状、问题和进展), with its minutes, decisions
    and the measures it dealt with."""

    plan = models.ForeignKey(Plan, verbose_name="方案", on_delete=models.PROTECT, related_name="meetings")
    kind = models.CharField("会议类型", max_length=20, choices=MeetingKind.choices)
    held_on = models.DateField("会议日期")
    title = models.CharField("会议名称", max_length=200, help_text="如 2023年第三季度党组会研究营商环境工作")
    attendees = models.JSONField("参会人员", default=list, blank=True, help_text="姓名列表（含院外参会人员）")
    minutes = models.TextField("会议纪要")
    decisions = models.JSONField("议定事项", default=list, blank=True, help_text="每项一条")
    measures = models.ManyToManyField(Measure, verbose_name="涉及举措", blank=True, related_name="meetings")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="记录人", on_delete=models.PROTECT,
                                    related_name="+")

    class Meta:
        verbose_name = "营商环境会议"
        verbose_name_plural = "营商环境会议"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["plan", "held_on"], name="measures_meeting_held_idx")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Reform(TimeStampedModel):
    """A replicable practice (可复制推广举措, measure 32) or a 小切口 pilot proposal (measure 33): registered,
    reviewed; once adopted it has a responsible department, a deadline and an implementation plan (落实方案) and
    is tracked like a measure (progress reports, status, reminders)."""

    measure = models.ForeignKey(Measure, verbose_name="所属举措", on_delete=models.PROTECT, related_name="reforms",
                                help_text="方案中的第32项（复制推广）或第33项（小切口改革）")
    kind = models.CharField("类型", max_length=20, choices=ReformKind.choices)
    title = models.CharField("名称", max_length=200)
    description = models.TextField("主要内容", help_text="做法、要解决的问题")
    source = models.CharField("经验来源", max_length=200, blank=True, default="",
                              help_text="借鉴的经验或去年的改革事项（再回顾、再互鉴、再发力）")
    expected_effect = models.TextField("预期成效", blank=True, default="")
    proposed_on = models.DateField("提出日期")
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT,
                                    related_name="+")
    proposing_department = models.ForeignKey("org.Department", verbose_name="提出部门", null=True, blank=True,
                                             on_delete=models.PROTECT, related_name="+")
    status = models.CharField("状态", max_length=20, choices=ReformStatus.choices, default=ReformStatus.PROPOSED)
    reviewed_on = models.DateField("审议日期", null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="审议记录人", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    review_note = models.TextField("审议意见", blank=True, default="")
    meeting = models.ForeignKey(LiaisonMeeting, verbose_name="研究会议", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="reforms",
                                help_text="经院领导研究确定的会议")
    responsible_department = models.ForeignKey("org.Department", verbose_name="责任部门", null=True, blank=True,
                                               on_delete=models.PROTECT, related_name="+")
    deadline_on = models.DateField("完成时限", null=True, blank=True)
    is_ongoing = models.BooleanField("持续推进", default=False)
    implementation_plan = models.TextField("落实方案", blank=True, default="")
    plan_submitted_on = models.DateField("落实方案报送日期", null=True, blank=True)
    progress_percent = models.PositiveSmallIntegerField("最新进度（%）", default=0)
    last_reported_on = models.DateField("最近报告日期", null=True, blank=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = "改革事项"
        verbose_name_plural = "改革事项"
        ordering = ["-proposed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress_percent__lte=100),
                                   name="measures_reform_progress_le_100"),
            models.CheckConstraint(
                condition=~models.Q(status=ReformStatus.ADOPTED)
                | (models.Q(responsible_department__isnull=False, reviewed_on__isnull=False)
                   & (models.Q(deadline_on__isnull=False) | models.Q(is_ongoing=True))),
                name="measures_reform_adopted_has_department_and_deadline"),
            models.CheckConstraint(
                condition=models.Q(status=ReformStatus.ADOPTED) | models.Q(completed_on__isnull=True),
                name="measures_reform_completed_only_when_adopted"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class DeadlineAlert(models.Model):
    """A reminder before, or an escalation after, the deadline of a measure, a 督察 rectification or an adopted
    reform — raised once per (item, deadline, kind) by the daily scan, then notified through the outbox."""

    kind = models.CharField("类型", max_length=20, choices=AlertKind.choices)
    subject = models.CharField("事项", max_length=20, choices=AlertSubject.choices)
    measure = models.ForeignKey(Measure, verbose_name="举措", on_delete=models.PROTECT, related_name="alerts",
                                help_text="事项所属的举措")
    inspection = models.ForeignKey(Inspection, verbose_name="督察记录", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="alerts")
    reform = models.ForeignKey(Reform, verbose_name="改革事项", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="alerts")
    due_on = models.DateField("期限")
    raised_on = models.DateField("发出日期", db_index=True)
    created_at = models.DateTimeField("创建时间")
    is_dispatched = models.BooleanField("通知已处理", default=False)
    recipients = models.JSONField("通知对象", default=list, blank=True, help_text="已排入通知的人员姓名")
    note = models.CharField("说明", max_length=300, blank=True, default="",
                            help_text="如 牵头领导未匹配到用户，改由督察室督办")

    class Meta:
        verbose_name = "到期提醒与逾期督办"
        verbose_name_plural = "到期提醒与逾期督办"
        ordering = ["-raised_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "measure", "due_on"], condition=models.Q(subject="measure"),
                                    name="measures_alert_unique_measure"),
            models.UniqueConstraint(fields=["kind", "inspection", "due_on"],
                                    condition=models.Q(subject="rectification"),
                                    name="measures_alert_unique_rectification"),
            models.UniqueConstraint(fields=["kind", "reform", "due_on"], condition=models.Q(subject="reform"),
                                    name="measures_alert_unique_reform"),
            models.CheckConstraint(
                condition=(models.Q(subject="measure", inspection__isnull=True, reform__isnull=True)
                           | models.Q(subject="rectification", inspection__isnull=False, reform__isnull=True)
                           | models.Q(subject="reform", inspection__isnull=True, reform__isnull=False)),
                name="measures_alert_subject_matches"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.get_subject_display()} {self.due_on}"
