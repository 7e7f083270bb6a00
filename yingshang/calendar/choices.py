from django.db import models


class DaySource(models.TextChoices):
    PACKAGE = "package", "国务院通知（holidays 软件包）"
    MANUAL = "manual", "法院录入"
    PROVISIONAL = "provisional", "暂定（尚无国务院通知）"


class PeriodUnit(models.TextChoices):
    DAYS = "days", "日"
    MONTHS = "months", "月"
    YEARS = "years", "年"
    WORKING_DAYS = "working_days", "工作日"
