from django.db import models


class Stage(models.TextChoices):
    """The stages into which plan measure 5 embeds the assessment form (立案、保全、审理、执行、司法公开、审限管理)."""

    FILING = "filing", "立案"
    PRESERVATION = "preservation", "保全"
    TRIAL = "trial", "审理"
    ENFORCEMENT = "enforcement", "执行"
    PUBLICITY = "publicity", "司法公开"
    TIME_LIMIT = "time_limit", "审限管理"


class ImpactLevel(models.TextChoices):
    LOW = "low", "低"
    MEDIUM = "medium", "中"
    HIGH = "high", "高"


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    COMPLETED = "completed", "已完成"
    NOT_APPLICABLE = "not_applicable", "不适用"


class QuestionKind(models.TextChoices):
    CHOICE = "choice", "单选"
    NUMBER = "number", "数字"
    TEXT = "text", "文字"
    BOOLEAN = "boolean", "是否"


class MeasureTag(models.TextChoices):
    """What was done to soften the impact (可标注): plan measures 5 and 16."""

    USE_PRESERVING_SEAL = "use_preserving_seal", "活封"
    WORKING_CAPITAL_RESERVED = "working_capital_reserved", "预留流动资金"
    INSTALMENTS = "instalments", "分期履行"
    SEAL_LIFTED = "seal_lifted", "解除查封"
    SUBSTITUTE_SECURITY = "substitute_security", "置换担保"
    DEFERRED_ACTION = "deferred_action", "暂缓执行"
    SETTLEMENT = "settlement", "促成和解"
    CREDIT_REPAIR = "credit_repair", "信用修复"


class GateOutcome(models.TextChoices):
    ASSESSED = "assessed", "已评估"
    NOT_APPLICABLE = "not_applicable", "经说明不适用"
    NOT_ENTERPRISE = "not_enterprise", "非涉企案件"
    NOT_GATED = "not_gated", "该动作无需评估"
