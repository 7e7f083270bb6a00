from django.db import models


class ListingGround(models.TextChoices):
    """失信被执行人名单 grounds, DishonestProv 2017 art. 1 (1)–(6)."""

    ABLE_BUT_REFUSES = "able_but_refuses", "有履行能力而拒不履行"
    OBSTRUCTION = "obstruction", "以伪造证据、暴力、威胁等方法妨碍、抗拒执行"
    EVASION = "evasion", "以虚假诉讼、虚假仲裁或者隐匿、转移财产等方法规避执行"
    PROPERTY_REPORT_BREACH = "property_report_breach", "违反财产报告制度"
    CONSUMPTION_ORDER_BREACH = "consumption_order_breach", "违反限制消费令"
    SETTLEMENT_BREACH = "settlement_breach", "无正当理由拒不履行执行和解协议"


class ListingStatus(models.TextChoices):
    GRACE = "grace", "宽限期内（未公布）"
    PUBLISHED = "published", "已公布"
    DELETED = "deleted", "已删除"
    REVOKED = "revoked", "已撤销（错误纳入）"


class DeletionGround(models.TextChoices):
    """DishonestProv art. 10 ¶1 and art. 2 (term expiry)."""

    PERFORMED = "performed", "已履行完毕或执行完毕"
    SETTLEMENT_PERFORMED = "settlement_performed", "执行和解协议已履行完毕"
    CREDITOR_REQUEST = "creditor_request", "申请执行人书面申请删除且法院同意"
    NO_PROPERTY_AFTER_CLOSURE = "no_property_after_closure", "终本后两次以上网络查询均无财产且无人提供线索"
    SUSPENDED_RETRIAL_BANKRUPTCY = "suspended_retrial_bankruptcy", "因再审或破产中止执行"
    NOT_ENFORCED = "not_enforced", "裁定不予执行"
    TERMINATED = "terminated", "终结执行"
    TERM_EXPIRED = "term_expired", "失信期限届满"
    EARLY_END = "early_end", "履行或纠正违法行为后提前删除"
    CREDIT_REPAIR = "credit_repair", "信用修复决定删除"


class CorrectionReason(models.TextChoices):
    SHOULD_NOT_LIST = "should_not_list", "不应纳入"
    DATA_WRONG = "data_wrong", "记载有误"
    SHOULD_DELETE = "should_delete", "应当删除"


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", "审查中"
    ACCEPTED = "accepted", "理由成立，已纠正"
    REJECTED = "rejected", "理由不成立，驳回"


class RestrictedRole(models.TextChoices):
    """ConsumptionProv art. 3 ¶2: the persons bound when the debtor is a unit."""

    LEGAL_REPRESENTATIVE = "legal_representative", "法定代表人"
    MAIN_PERSON = "main_person", "主要负责人"
    RESPONSIBLE_PERSON = "responsible_person", "影响债务履行的直接责任人员"
    ACTUAL_CONTROLLER = "actual_controller", "实际控制人"


class LiftGround(models.TextChoices):
    FULL_PERFORMANCE = "full_performance", "全部履行"
    SECURITY = "security", "提供确实有效的担保"
    CREDITOR_CONSENT = "creditor_consent", "申请执行人同意"
    PERSON_CHANGED = "person_changed", "法定代表人/主要负责人变更"
    CREDIT_REPAIR = "credit_repair", "信用修复"


class RepairDecisionKind(models.TextChoices):
    SHIELD = "shield", "屏蔽失信信息"
    SHORTEN = "shorten", "缩短失信期限"
    LIFT_RESTRICTION = "lift_restriction", "解除限制消费"
    DELETE = "delete", "删除失信信息"


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", "已提交"
    APPROVED = "approved", "已决定修复"
    REJECTED = "rejected", "不予修复"


class ReorganisationRepairKind(models.TextChoices):
    TAX = "tax", "纳税信用修复"
    MARKET = "market", "市场监管信用修复（移出经营异常名录/严重违法失信名单）"
    JUDICIAL = "judicial", "司法信用修复（删除失信、解除限消）"
    FINANCIAL = "financial", "金融信用修复（征信异议、正常融资对待）"


class RequestStatus(models.TextChoices):
    DRAFTED = "drafted", "函件已生成"
    SENT = "sent", "已发函"
    DONE = "done", "已修复"
    REFUSED = "refused", "未修复"


class PushStatus(models.TextChoices):
    PUSHED = "pushed", "已推送"
    ACKNOWLEDGED = "acknowledged", "已签收"
    PERFORMED = "performed", "已履行"


class HonourList(models.TextChoices):
    RED = "red", "红榜"
    BLACK = "black", "黑榜"
