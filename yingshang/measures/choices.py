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
