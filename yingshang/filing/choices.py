from django.db import models


class FilingStatus(models.TextChoices):
    SUBMITTED = "submitted", "待审查"
    SUPPLEMENT_REQUESTED = "supplement_requested", "待补正"
    REGISTERED = "registered", "已立案"
    REFUSED = "refused", "不予受理"


# Statuses in which the court has not yet decided (the 立案庭 queue).
PENDING_STATUSES = (FilingStatus.SUBMITTED, FilingStatus.SUPPLEMENT_REQUESTED)


class AlertLevel(models.TextChoices):
    """Where a pending filing stands against its decision period (set by scan_filing_deadlines)."""

    NONE = "none", "期限内"
    DUE_SOON = "due_soon", "即将届满"
    OVERDUE = "overdue", "已届满·应先行立案"


class AttachmentKind(models.TextChoices):
    COMPLAINT = "complaint", "起诉状/申请书"
    IDENTITY = "identity", "身份证明材料"
    EVIDENCE = "evidence", "证据材料"
    AUTHORISATION = "authorisation", "授权委托书"
    OTHER = "other", "其他材料"


class SequenceKind(models.TextChoices):
    RECEIPT = "receipt", "收件编号"
    REFUSAL = "refusal", "不予受理裁定书编号"


class CriterionKind(models.TextChoices):
    SIMPLE = "simple", "简案指标"
    COMPLEX = "complex", "繁案指标"


class CriterionOperator(models.TextChoices):
    IS_TRUE = "is_true", "为是"
    IS_FALSE = "is_false", "为否"
    AT_MOST = "at_most", "不超过"
    AT_LEAST = "at_least", "不少于"


class TriageStatus(models.TextChoices):
    SUGGESTED = "suggested", "已建议"
    DECIDED = "decided", "已决定"
