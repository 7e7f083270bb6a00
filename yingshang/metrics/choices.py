"""Stable English codes for the indicator catalogue and the agency-head appearance records; Chinese labels."""

from django.db import models


class IndicatorGroup(models.TextChoices):
    PLAN = "plan", "营商环境实施方案目标"
    SPC = "spc", "审判质量管理指标（最高法）"
    INTERNATIONAL = "international", "国际通行指标（CEPEJ / NJDG）"


class Direction(models.TextChoices):
    HIGHER = "higher", "越高越好"
    LOWER = "lower", "越低越好"


class Unit(models.TextChoices):
    PERCENT = "percent", "%"
    DAYS = "days", "天"
    CASES = "cases", "件"
    RATIO = "ratio", "比值"


class Comparator(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"


class Status(models.TextChoices):
    """The traffic light of a value against its target — always shown with its text."""

    MET = "met", "达标"
    NEAR = "near", "接近目标"
    MISSED = "missed", "未达标"
    NO_TARGET = "no_target", "监测（无目标值）"
    NO_DATA = "no_data", "暂无数据"


class ScopeKind(models.TextChoices):
    ALL = "all", "全部法院"
    COURT = "court", "全院"
    DEPARTMENT = "department", "部门"
    TEAM = "team", "审判团队"
    JUDGE = "judge", "承办法官"


class PeriodKind(models.TextChoices):
    MONTH = "month", "月"
    QUARTER = "quarter", "季度"
    YEAR = "year", "年度"
    YEAR_TO_DATE = "ytd", "年初至今"
    CUSTOM = "custom", "自定义"


class Appearance(models.TextChoices):
    """Who answered in court for the defendant agency (行政诉讼法第3条第3款; 最高法《关于行政机关负责人出庭应诉若干问题的
    规定》(法释〔2020〕3号) 第2条: 负责人 = 正职、副职负责人，参与分管被诉行政行为实施工作的副职级别的负责人以及其他参与分管的负责人)."""

    PRINCIPAL_HEAD = "principal_head", "正职负责人出庭"
    DEPUTY_HEAD = "deputy_head", "副职（分管）负责人出庭"
    STAFF_ONLY = "staff_only", "仅委托工作人员出庭"
    ABSENT = "absent", "无人出庭"


# Appearances that count as 负责人出庭应诉 (法释〔2020〕3号 第2条 includes deputies).
HEAD_APPEARANCES = (Appearance.PRINCIPAL_HEAD, Appearance.DEPUTY_HEAD)
