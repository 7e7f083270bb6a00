from django.db import models


class PreservationKind(models.TextChoices):
    """When the application is made (CPL 103, 104; 解释 163)."""

    LITIGATION = "litigation", "诉讼保全"
    PRE_LITIGATION = "pre_litigation", "诉前保全"
    PRE_ENFORCEMENT = "pre_enforcement", "执行前保全"


class ApplicationStatus(models.TextChoices):
    APPLIED = "applied", "待裁定"
    AWAITING_SECURITY = "awaiting_security", "待提供担保"
    GRANTED = "granted", "已裁定保全"
    REJECTED = "rejected", "驳回申请"
    LIFTED = "lifted", "已解除"


PENDING_RULING = (ApplicationStatus.APPLIED, ApplicationStatus.AWAITING_SECURITY)


class WaiverGround(models.TextChoices):
    """Grounds on which the court may dispense with security (PresProv Art 9)."""

    SUPPORT_CLAIM = "support_claim", "追索赡养费、扶养费、抚养费、抚恤金、医疗费用、劳动报酬、工伤赔偿、交通事故人身损害赔偿"
    DOMESTIC_VIOLENCE = "domestic_violence", "婚姻家庭纠纷中遭遇家庭暴力且经济确有困难"
    PUBLIC_INTEREST = "public_interest", "人民检察院提起的公益诉讼涉及损害赔偿"
    GOOD_SAMARITAN = "good_samaritan", "因见义勇为遭受侵害请求损害赔偿"
    CLEAR_FACTS = "clear_facts", "案件事实清楚、权利义务关系明确，发生保全错误可能性较小"
    FINANCIAL_INSTITUTION = "financial_institution", "申请人为商业银行、保险公司等金融机构或其分支机构"
    EFFECTIVE_DOCUMENT = "effective_document", "法律文书生效后、进入执行程序前申请保全（第9条第2款）"


# Art 9 ¶1 grounds apply in litigation; ¶2 (and ¶1) before enforcement; never before litigation (CPL 104).
LITIGATION_WAIVER_GROUNDS = tuple(g for g in WaiverGround.values if g != WaiverGround.EFFECTIVE_DOCUMENT)


class PropertyKind(models.TextChoices):
    """What is preserved; the maximum term per kind is CPL-Interp Art 485 ¶1."""

    BANK_DEPOSIT = "bank_deposit", "银行存款"
    MOVABLE = "movable", "动产"
    REAL_ESTATE = "real_estate", "不动产"
    OTHER_RIGHT = "other_right", "其他财产权（股权、知识产权、债权等）"


class MeasureMethod(models.TextChoices):
    SEAL = "seal", "查封"
    SEIZE = "seize", "扣押"
    FREEZE = "freeze", "冻结"


class MeasureStatus(models.TextChoices):
    ACTIVE = "active", "保全中"
    LAPSED = "lapsed", "期满失效"
    LIFTED = "lifted", "已解除"


class LiftReason(models.TextChoices):
    NO_SUIT = "no_suit", "诉前保全后未在30日内起诉或申请仲裁"
    APPLICANT_REQUEST = "applicant_request", "申请人申请解除"
    COUNTER_SECURITY = "counter_security", "被申请人提供担保"
    CASE_CONCLUDED = "case_concluded", "案件审结、申请被驳回或撤诉"
    SUBSTITUTED = "substituted", "以其他等值财产置换"
    OTHER = "other", "其他依法应当解除的情形"


class AlertLevel(models.TextChoices):
    NONE = "", "无"
    DUE_SOON = "due_soon", "即将届满"
    OVERDUE = "overdue", "已届满"
