from django.db import models


class CaseCategory(models.TextChoices):
    CIVIL = "civil", "民事"
    COMMERCIAL = "commercial", "商事"
    FINANCIAL = "financial", "金融"
    ADMINISTRATIVE = "administrative", "行政"
    CRIMINAL = "criminal", "刑事"
    ENFORCEMENT = "enforcement", "执行"
    BANKRUPTCY = "bankruptcy", "破产"
    PRE_FILING_MEDIATION = "pre_filing_mediation", "诉前调解"
    PRESERVATION = "preservation", "保全"
    STATE_COMPENSATION = "state_compensation", "国家赔偿"


class Procedure(models.TextChoices):
    ORDINARY = "ordinary", "普通程序"
    SIMPLE = "simple", "简易程序"
    SMALL_CLAIMS = "small_claims", "小额诉讼程序"
    FAST_TRACK = "fast_track", "速裁程序"
    SPECIAL = "special", "特别程序"
    SECOND_INSTANCE = "second_instance", "二审程序"
    RETRIAL = "retrial", "再审程序"
    ENFORCEMENT = "enforcement", "执行程序"
    NON_LITIGATION = "non_litigation", "非诉程序"
    BANKRUPTCY = "bankruptcy", "破产程序"


class FilingChannel(models.TextChoices):
    WINDOW = "window", "现场立案"
    SELF_SERVICE = "self_service", "自助立案"
    CROSS_COURT = "cross_court", "跨域立案"
    ONLINE = "online", "网上立案"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", "已立案"
    ASSIGNED = "assigned", "已分案"
    IN_PROGRESS = "in_progress", "审理/执行中"
    SUSPENDED = "suspended", "中止"
    CLOSED = "closed", "已结案"
    ARCHIVED = "archived", "已归档"


OPEN_STATUSES = (CaseStatus.REGISTERED, CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED)


class ClosingManner(models.TextChoices):
    JUDGMENT = "judgment", "判决"
    MEDIATION = "mediation", "调解"
    WITHDRAWAL = "withdrawal", "撤诉"
    DISMISSAL = "dismissal", "驳回起诉"
    TRANSFER = "transfer", "移送"
    RULING = "ruling", "裁定"
    JUDICIAL_CONFIRMATION = "judicial_confirmation", "司法确认"
    FULLY_ENFORCED = "fully_enforced", "执行完毕"
    ROUND_CLOSURE = "round_closure", "终结本次执行"
    TERMINATION = "termination", "终结执行"
    SETTLEMENT = "settlement", "和解"
    OTHER = "other", "其他"


class PartyKind(models.TextChoices):
    PERSON = "person", "自然人"
    ORGANISATION = "organisation", "单位"


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    GOVERNMENT = "government", "机关"
    PUBLIC_INSTITUTION = "public_institution", "事业单位"
    OTHER = "other", "其他组织"


class EnterpriseSize(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class PartyRole(models.TextChoices):
    PLAINTIFF = "plaintiff", "原告"
    DEFENDANT = "defendant", "被告"
    THIRD_PARTY = "third_party", "第三人"
    APPELLANT = "appellant", "上诉人"
    APPELLEE = "appellee", "被上诉人"
    APPLICANT = "applicant", "申请人"
    RESPONDENT = "respondent", "被申请人"
    CREDITOR = "creditor", "申请执行人"
    DEBTOR = "debtor", "被执行人"
    BANKRUPT_DEBTOR = "bankrupt_debtor", "债务人"
    BANKRUPTCY_CREDITOR = "bankruptcy_creditor", "债权人"
    PROSECUTOR = "prosecutor", "公诉机关"
    ACCUSED = "accused", "被告人"
    VICTIM = "victim", "被害人"


class CaseLinkKind(models.TextChoices):
    APPEAL = "appeal", "上诉"
    ENFORCEMENT = "enforcement", "申请执行"
    RESUMED_ENFORCEMENT = "resumed_enforcement", "恢复执行"
    BANKRUPTCY = "bankruptcy", "执转破"
    RETRIAL = "retrial", "再审"
    PRESERVATION = "preservation", "保全"
    MEDIATION_TO_LITIGATION = "mediation_to_litigation", "调解转诉讼"
    RELATED = "related", "关联案件"


# The links that make one dispute's family (案-件比, indicators.md): appeal, enforcement, resumed enforcement,
# bankruptcy, retrial. Not: pre-filing mediation → litigation (the mediation is not a 件 in the statistics),
# preservation, "related". Case.family_root follows these links up to the dispute's first case.
FAMILY_LINK_KINDS = (CaseLinkKind.APPEAL, CaseLinkKind.ENFORCEMENT, CaseLinkKind.RESUMED_ENFORCEMENT,
                     CaseLinkKind.BANKRUPTCY, CaseLinkKind.RETRIAL)


class CaseEventKind(models.TextChoices):
    REGISTERED = "registered", "立案"
    ASSIGNED = "assigned", "分案"
    SERVED = "served", "送达"
    HEARING = "hearing", "开庭"
    SUSPENDED = "suspended", "中止"
    RESUMED = "resumed", "恢复"
    PROCEDURE_CHANGED = "procedure_changed", "程序变更"
    CLOSED = "closed", "结案"
    APPEALED = "appealed", "上诉"
    TRANSFERRED = "transferred", "移送"
    ARCHIVED = "archived", "归档"
    PARTY_ADDED = "party_added", "追加当事人"
    AGENT_ADDED = "agent_added", "委托代理人"
    UPDATED = "updated", "信息变更"
    LINKED = "linked", "关联案件"
    NOTE = "note", "备注"
