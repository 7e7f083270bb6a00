"""The court's working-day table: one row per date, and one row per year saying whether its schedule is confirmed.

``working_ordinal`` makes working-day arithmetic expressible in SQL: the n-th working day after d is the working day
whose ordinal is ordinal(d) + n (selectors.working_day_after_subquery).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from yingshang.calendar.choices import DaySource
from yingshang.core.models import TimeStampedModel


class CalendarDay(TimeStampedModel):
    day = models.DateField("日期", unique=True)
    is_working_day = models.BooleanField(
        "工作日", help_text="周一至周五且非法定节假日，或调休上班的周六、周日（国务院关于职工工作时间的规定第7条；"
                          "全国年节及纪念日放假办法；国务院办公厅当年部分节假日安排通知）")
    is_adjusted_workday = models.BooleanField(
        "调休上班日", default=False, help_text="按国务院办公厅通知调休上班的周六或周日，按工作日计算")
    holiday_name = models.CharField(
        "节假日名称", max_length=100, blank=True, default="",
        help_text="休息日所属的节日（如 国庆节；节日连休中的周末亦同），或调休上班日所属的节日；普通周末为空")
    note = models.CharField("说明", max_length=200, blank=True, default="",
                            help_text="来源中的原始标注，如 国庆节（补假）、休息日（由 2024-09-29 调休）")
    source = models.CharField("来源", max_length=20, choices=DaySource.choices, default=DaySource.PACKAGE)
    working_ordinal = models.IntegerField(
        "工作日序号", help_text="自日历表首日起至本日（含）的工作日数；d 之后第 n 个工作日即序号为 序号(d)+n 的工作日")

    class Meta:
        verbose_name = "日历日"
        verbose_name_plural = "日历日"
        ordering = ["day"]
        indexes = [models.Index(fields=["working_ordinal"], condition=Q(is_working_day=True),
                                name="calendar_day_working_ord_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(is_adjusted_workday=False) | Q(is_working_day=True),
                                   name="calendar_day_adjusted_is_working"),
            models.CheckConstraint(condition=Q(working_ordinal__gte=0), name="calendar_day_ordinal_not_negative"),
        ]

    def __str__(self) -> str:
        kind = "调休上班" if self.is_adjusted_workday else ("工作日" if self.is_working_day else "休息日")
        return f"{self.day:%Y-%m-%d} {kind}{' ' + self.holiday_name if self.holiday_name else ''}"


class CalendarYear(TimeStampedModel):
    year = models.PositiveSmallIntegerField("年度", unique=True)
    is_confirmed = models.BooleanField(
        "已确认", default=False,
        help_text="本年度节假日安排已依国务院办公厅通知确认；未确认年度内的期间计算结果均提示可能变化")
    source = models.CharField("来源", max_length=20, choices=DaySource.choices, default=DaySource.PACKAGE)
    note = models.TextField("说明", blank=True, default="", help_text="依据（如通知文号）或暂定说明")
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="确认人", null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "日历年度"
        verbose_name_plural = "日历年度"
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}年（{'已确认' if self.is_confirmed else '未确认'}）"
