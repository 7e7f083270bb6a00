from django.db import models

from yingshang.measures import domain


class DepartmentRole(models.TextChoices):
    RESPONSIBLE = "responsible", "责任部门"
    ASSISTING = "assisting", "协助部门"


class Comparator(models.TextChoices):
    GTE = domain.Comparator.GTE, "≥（不低于）"
    LTE = domain.Comparator.LTE, "≤（不超过）"


class TargetUnit(models.TextChoices):
    PERCENT = domain.Unit.PERCENT, "%"
    WORKING_DAYS = domain.Unit.WORKING_DAYS, "个工作日"
    DAYS = domain.Unit.DAYS, "日"
    MONTHS = domain.Unit.MONTHS, "个月"


class MeasureStatus(models.TextChoices):
    NOT_STARTED = domain.MeasureStatus.NOT_STARTED, "未开始"
    IN_PROGRESS = domain.MeasureStatus.IN_PROGRESS, "推进中"
    COMPLETED = domain.MeasureStatus.COMPLETED, "已完成"
    OVERDUE = domain.MeasureStatus.OVERDUE, "逾期"
    ONGOING = domain.MeasureStatus.ONGOING, "持续推进"


class InspectionStatus(models.TextChoices):
    OPEN = "open", "待整改"
    CLOSED = "closed", "已销号"


class MeetingKind(models.TextChoices):
    PARTY_GROUP = "party_group", "党组季度研究"
    LIAISON = "liaison", "联席会议"


class ReformKind(models.TextChoices):
    PRACTICE = domain.ReformKind.PRACTICE, "可复制推广举措"
    PILOT = domain.ReformKind.PILOT, "小切口改革试点"


class ReformStatus(models.TextChoices):
    PROPOSED = "proposed", "待审议"
    ADOPTED = "adopted", "已采纳"
    REJECTED = "rejected", "未采纳"


class AlertKind(models.TextChoices):
    REMINDER = domain.AlertKind.REMINDER, "到期提醒"
    ESCALATION = domain.AlertKind.ESCALATION, "逾期督办"


class AlertSubject(models.TextChoices):
    MEASURE = "measure", "举措完成时限"
    RECTIFICATION = "rectification", "督察整改期限"
    REFORM = "reform", "改革事项完成时限"
