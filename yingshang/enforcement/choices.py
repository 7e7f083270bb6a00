from django.db import models


class NodeKind(models.TextChoices):
    """Lifecycle nodes of an enforcement case (plan measure 15: each is told to the parties)."""

    REGISTERED = "registered", "立案"
    NOTICE_SERVED = "notice_served", "执行通知"
    PROPERTY_REPORT_ORDERED = "property_report_ordered", "报告财产令"
    ASSET_SEARCH = "asset_search", "网络查控"
    SEAL = "seal", "查封"
    SEIZE = "seize", "扣押"
    FREEZE = "freeze", "冻结"
    VALUATION = "valuation", "询价/评估"
    AUCTION = "auction", "拍卖/变卖"
    MONEY_RECEIVED = "money_received", "款项到账"
    MONEY_PAID_OUT = "money_paid_out", "款项发放"
    SETTLEMENT = "settlement", "执行和解"
    INSTALMENT = "instalment", "分期履行"
    CONSUMPTION_RESTRICTION = "consumption_restriction", "限制消费"
    CREDITOR_INTERVIEW = "creditor_interview", "约谈申请执行人"
    DEBTOR_SEARCH = "debtor_search", "查找被执行人"
    ROUND_CLOSURE = "round_closure", "终结本次执行"
    FULLY_ENFORCED = "fully_enforced", "执行完毕"
    RESUMED = "resumed", "恢复执行"


class ReceiptSource(models.TextChoices):
    ONLINE = "online", "网络查控划拨"
    BANK_TRANSFER = "bank_transfer", "银行转账"
    CASH = "cash", "现金（两名干警收取）"


class TransactionKind(models.TextChoices):
    RECEIPT = "receipt", "执行款到账"
    FEE_DEDUCTION = "fee_deduction", "扣收执行费"
    PAYOUT = "payout", "发放申请执行人"
    REFUND = "refund", "退还被执行人"


class LedgerAccount(models.TextChoices):
    """Double-entry accounts: the court's enforcement-money account (专户), the case sub-account, fee income,
    money paid out to creditors, money refunded to debtors."""

    BANK = "bank", "执行款专户"
    CASE = "case", "案件子账户"
    FEES = "fees", "执行费收入"
    PAID_OUT = "paid_out", "已发放"
    REFUNDED = "refunded", "已退还"


class PayoutStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    PAID = "paid", "已发放"
    REJECTED = "rejected", "已退回"


class DeferralReason(models.TextChoices):
    """Listed grounds for deferring a payout (延缓发放), rules-enforcement-credit-bankruptcy.md §2.3 [R]."""

    PENDING_DISTRIBUTION = "pending_distribution", "待参与分配"
    FROZEN_IN_OTHER_CASE = "frozen_in_other_case", "另案冻结"
    PAYMENT_NOT_COLLECTED = "payment_not_collected", "款项尚未实际到账"
    CASE_SUSPENDED = "case_suspended", "案件中止执行"
    DISPUTED = "disputed", "款项存在争议"


class DeferralStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class MessageKind(models.TextChoices):
    MESSAGE = "message", "留言"
    CLUE = "clue", "财产线索"
    SUGGESTION = "suggestion", "意见建议"


class FriendlyMeasureKind(models.TextChoices):
    USE_PRESERVING_SEAL = "use_preserving_seal", "活封"
    WORKING_CAPITAL_RESERVED = "working_capital_reserved", "预留流动资金"
    INSTALMENT_PLAN = "instalment_plan", "分期履行"
    SETTLEMENT = "settlement", "执行和解"
    VOLUNTARY_PERFORMANCE_CERTIFICATE = "voluntary_performance_certificate", "自动履行证明"


class SanctionKind(models.TextChoices):
    FINE = "fine", "罚款"
    DETENTION = "detention", "拘留"
    REFERRAL = "referral", "移送公安/检察机关（拒执罪）"


class SanctionOutcome(models.TextChoices):
    PENDING = "pending", "办理中"
    PERFORMED = "performed", "已履行"
    EXECUTED = "executed", "已执行完毕"
    PROSECUTED = "prosecuted", "已立案追诉"
    CONVICTED = "convicted", "已判决"
    DECLINED = "declined", "不予立案/撤销"


class GridTaskKind(models.TextChoices):
    LOCATE_PARTY = "locate_party", "查找当事人"
    DELIVER_DOCUMENT = "deliver_document", "协助送达"
    VERIFY_PROPERTY = "verify_property", "核实财产线索"


class GridTaskStatus(models.TextChoices):
    OPEN = "open", "待办理"
    DONE = "done", "已完成"
    FAILED = "failed", "未能完成"
