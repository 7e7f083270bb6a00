"""Stable English codes for fee types, outcomes and ledger states; Chinese labels for the pages."""

from django.db import models


class FeeType(models.TextChoices):
    """What is charged. Acceptance fees (案件受理费, FM 13) and application fees (申请费, FM 14)."""

    ACCEPTANCE = "acceptance", "案件受理费（财产案件）"
    DIVORCE = "divorce", "离婚案件受理费"
    PERSONALITY_RIGHTS = "personality_rights", "人格权案件受理费"
    NON_PROPERTY = "non_property", "其他非财产案件受理费"
    IP = "ip", "知识产权案件受理费（无争议金额）"
    LABOUR = "labour", "劳动争议案件受理费"
    ADMINISTRATIVE = "administrative", "行政案件受理费"
    ADMINISTRATIVE_SPECIAL = "administrative_special", "商标、专利、海事行政案件受理费"
    JURISDICTION_OBJECTION = "jurisdiction_objection", "管辖权异议不成立案件受理费"
    EXECUTION = "execution", "申请执行费"
    PRESERVATION = "preservation", "申请保全费"
    PAYMENT_ORDER = "payment_order", "申请支付令费"
    PUBLIC_SUMMONS = "public_summons", "申请公示催告费"
    ARBITRATION_REVIEW = "arbitration_review", "申请撤销仲裁裁决或认定仲裁协议效力费"
    BANKRUPTCY = "bankruptcy", "破产申请费"


# Acceptance fees: halved for simple procedure, mediation, withdrawal (FM 15, 16) and shared at closing (FM 29–34).
ACCEPTANCE_FEE_TYPES = frozenset({
    FeeType.ACCEPTANCE, FeeType.DIVORCE, FeeType.PERSONALITY_RIGHTS, FeeType.NON_PROPERTY, FeeType.IP,
    FeeType.LABOUR, FeeType.ADMINISTRATIVE, FeeType.ADMINISTRATIVE_SPECIAL,
})
# Fee types computed on an amount that must be given.
AMOUNT_REQUIRED_FEE_TYPES = frozenset({FeeType.ACCEPTANCE, FeeType.PAYMENT_ORDER, FeeType.BANKRUPTCY})


class FeeProcedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"
    SMALL_CLAIMS = "small_claims", "小额诉讼程序"


class FeeOutcome(models.TextChoices):
    MEDIATED = "mediated", "调解结案"
    WITHDRAWN = "withdrawn", "撤诉"


class AllocationManner(models.TextChoices):
    """How the case ended, for sharing the acceptance fee (FM 29–34)."""

    JUDGMENT = "judgment", "判决"
    MEDIATION = "mediation", "调解"
    WITHDRAWAL = "withdrawal", "撤诉"


class EntryKind(models.TextChoices):
    PREPAYMENT = "prepayment", "预交"
    PAYMENT = "payment", "败诉方交纳（应收）"
    REFUND = "refund", "退费"


class RefundKind(models.TextChoices):
    WINNING = "winning", "胜诉退费"
    HALVING = "halving", "调解/撤诉减半退费"
    WAIVER = "waiver", "免交/减交退费"
    OTHER = "other", "其他退费"


class RefundStatus(models.TextChoices):
    PENDING = "pending", "待退付"
    PAID = "paid", "已退付"


class ReliefKind(models.TextChoices):
    WAIVER = "waiver", "免交"
    REDUCTION = "reduction", "减交"
    DEFERRAL = "deferral", "缓交"


class ReliefGround(models.TextChoices):
    WITHDRAWAL = "withdrawal", "因撤诉申请免交案件受理费"
    BANKRUPTCY = "bankruptcy", "进入破产程序的企业"
    HARDSHIP = "hardship", "确有困难（院长办公会审批）"


class ReliefStatus(models.TextChoices):
    APPLIED = "applied", "待审批"
    APPROVED = "approved", "已准许"
    REFUSED = "refused", "不予准许"
