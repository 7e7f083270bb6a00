from django.db import models


class DeductionKind(models.TextChoices):
    """Periods not counted in the time limit (审限扣除). Which kinds a case may use depends on its category:
    see domain.DEDUCTION_KINDS_BY_FAMILY."""

    PUBLIC_NOTICE = "public_notice", "公告期间"
    APPRAISAL = "appraisal", "鉴定期间"
    AUDIT_VALUATION = "audit_valuation", "审计、评估、资产清理期间"
    SETTLEMENT = "settlement", "双方当事人和解期间"
    MEDIATION = "mediation", "调解期间"
    ENTRUSTED_MEDIATION = "entrusted_mediation", "委托调解延长期间"
    JURISDICTION_OBJECTION = "jurisdiction_objection", "审理管辖权异议期间"
    JURISDICTION_DISPUTE = "jurisdiction_dispute", "处理管辖争议期间"
    SUSPENSION = "suspension", "中止诉讼（审理）期间"
    ENFORCEMENT_SUSPENSION = "enforcement_suspension", "中止执行期间"
    ENFORCEMENT_DEFERRAL = "enforcement_deferral", "暂缓执行期间（执行和解或提供担保）"
    HIGHER_COURT_SUSPENSION = "higher_court_suspension", "上级法院通知暂缓执行期间"
    AUCTION_SALE = "auction_sale", "拍卖、变卖期间"
    PSYCHIATRIC_APPRAISAL = "psychiatric_appraisal", "被告人精神病鉴定期间"


class ExtensionReason(models.TextChoices):
    """Coded reasons for an extension request; the court's rule (2023 plan measure 14) compares these codes."""

    COMPLEX_FACTS = "complex_facts", "案情重大、疑难、复杂"
    MANY_PARTIES = "many_parties", "当事人众多"
    EVIDENCE = "evidence", "需要补充调查取证"
    APPRAISAL_PENDING = "appraisal_pending", "鉴定、评估尚未完成"
    SETTLEMENT_TALKS = "settlement_talks", "当事人正在和解、调解"
    SERVICE_DIFFICULT = "service_difficult", "送达困难"
    ASSET_DISPOSAL = "asset_disposal", "财产处置尚未完成"
    RELATED_CASE = "related_case", "需以其他案件审理结果为依据"
    OTHER = "other", "其他特殊情况"


class ExtensionStatus(models.TextChoices):
    REQUESTED = "requested", "待院长审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "不予批准"
    REPORTED_TO_HIGHER_COURT = "reported_to_higher_court", "已报上级法院"


class ExtensionDecision(models.TextChoices):
    APPROVE = "approve", "批准"
    REJECT = "reject", "不予批准"
    REPORT = "report", "报请上级法院批准"
    HIGHER_COURT_APPROVED = "higher_court_approved", "上级法院已批准"
    HIGHER_COURT_REJECTED = "higher_court_rejected", "上级法院不予批准"


class Approver(models.TextChoices):
    PRESIDENT = "president", "本院院长"
    HIGHER_COURT = "higher_court", "上级人民法院"
    HIGH_COURT = "high_court", "高级人民法院"
    NONE = "none", "不得延长"


class Tier(models.TextChoices):
    """Long-pending escalation (2023 plan measure 13), counted from filing."""

    NONE = "none", "正常"
    REMINDER = "reminder", "提醒（即将超6个月）"
    WARNING = "warning", "警告（超6个月，分管院长督办）"
    SUPERVISION = "supervision", "督办（超9个月，院长督办）"
    COMMITTEE = "committee", "审委会（超12个月，逐案讨论）"


TIER_RANK = {Tier.NONE: 0, Tier.REMINDER: 1, Tier.WARNING: 2, Tier.SUPERVISION: 3, Tier.COMMITTEE: 4}


class AlertLevel(models.TextChoices):
    """Time-limit alert levels: 30, 15 and 7 days before expiry, and overdue."""

    NONE = "none", "正常"
    DAYS_30 = "days_30", "30日内届满"
    DAYS_15 = "days_15", "15日内届满"
    DAYS_7 = "days_7", "7日内届满"
    OVERDUE = "overdue", "已超审限"
    PAUSED = "paused", "扣除期间（暂停计算）"
    NO_LIMIT = "no_limit", "无法定审限"


class AlertKind(models.TextChoices):
    TIME_LIMIT = "time_limit", "审限预警"
    LONG_PENDING = "long_pending", "长期未结"
    APPROACHING = "approaching", "即将超期限"
    APPEAL_TRANSFER = "appeal_transfer", "上诉移送"


class Audience(models.TextChoices):
    """Who an alert is addressed to (plan measure 13: 提醒 → judge and division head; 警告 → supervising
    vice-president; 督办 → president; 12 months → adjudication committee)."""

    JUDGE_AND_HEAD = "judge_and_head", "承办法官、庭长"
    SUPERVISING_VP = "supervising_vp", "分管院长"
    PRESIDENT = "president", "院长"
    COMMITTEE = "committee", "审判委员会"
    TRIAL_MANAGEMENT = "trial_management", "审管办"


class PlanStatus(models.TextChoices):
    ACTIVE = "active", "执行中"
    COMPLETED = "completed", "已完成"
    CANCELLED = "cancelled", "已撤销"


class TransferStatus(models.TextChoices):
    PENDING = "pending", "待移送"
    TRANSFERRED = "transferred", "已移送"
    EXEMPT = "exempt", "不适用5日移送（公告、涉外送达等）"


class TransferExemption(models.TextChoices):
    NONE = "", "无"
    PUBLIC_NOTICE = "public_notice", "公告送达"
    FOREIGN_SERVICE = "foreign_service", "涉外送达"
    OTHER = "other", "其他特殊情况"
