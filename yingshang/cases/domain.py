"""Pure rules for cases and parties: case numbers, type codes, status transitions, party identifiers,
derived flags. No ORM, no settings, no clock."""

import re
from dataclasses import dataclass
from datetime import date

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumValidationError

from yingshang.cases.choices import (
    CaseCategory, CaseStatus, ClosingManner, EnterpriseSize, OrganisationKind, Procedure,
)
from yingshang.cases.errors import CaseError
from yingshang.core.errors import DomainError

# --- Case numbers (案号) ------------------------------------------------------------------------

# Type codes a county court uses, with the category a case of that type belongs to by default.
# Source: 最高人民法院关于人民法院案件案号的若干规定 (法〔2015〕137号, amended 法〔2018〕335号) and its annex
# 人民法院案件类型及其代字标准; 民诉前调 observed in practice (rules-fees-periods-case-numbers.md §4).
TYPE_CODES: dict[str, tuple[str, str]] = {
    "民初": ("民事一审", CaseCategory.CIVIL),
    "民终": ("民事二审", CaseCategory.CIVIL),
    "民特": ("民事特别程序", CaseCategory.CIVIL),
    "民督": ("督促程序", CaseCategory.CIVIL),
    "民催": ("公示催告", CaseCategory.CIVIL),
    "民辖": ("民事管辖", CaseCategory.CIVIL),
    "民撤": ("第三人撤销之诉", CaseCategory.CIVIL),
    "民申": ("民事申请再审审查", CaseCategory.CIVIL),
    "民再": ("民事再审", CaseCategory.CIVIL),
    "民监": ("民事依职权再审审查", CaseCategory.CIVIL),
    "民抗": ("民事抗诉再审审查", CaseCategory.CIVIL),
    "民保令": ("人身安全保护令", CaseCategory.CIVIL),
    "民诉前调": ("诉前调解", CaseCategory.PRE_FILING_MEDIATION),
    "财保": ("非诉财产保全审查", CaseCategory.PRESERVATION),
    "行保": ("非诉行为保全审查", CaseCategory.PRESERVATION),
    "证保": ("非诉证据保全审查", CaseCategory.PRESERVATION),
    "行保复": ("非诉行为保全复议", CaseCategory.PRESERVATION),
    "执": ("首次执行", CaseCategory.ENFORCEMENT),
    "执恢": ("恢复执行", CaseCategory.ENFORCEMENT),
    "执保": ("财产保全执行", CaseCategory.ENFORCEMENT),
    "执异": ("执行异议", CaseCategory.ENFORCEMENT),
    "执复": ("执行复议", CaseCategory.ENFORCEMENT),
    "执监": ("执行监督", CaseCategory.ENFORCEMENT),
    "执协": ("执行协调", CaseCategory.ENFORCEMENT),
    "执他": ("其他执行", CaseCategory.ENFORCEMENT),
    "破申": ("破产申请审查", CaseCategory.BANKRUPTCY),
    "破": ("破产", CaseCategory.BANKRUPTCY),
    "清申": ("强制清算申请审查", CaseCategory.BANKRUPTCY),
    "强清": ("强制清算", CaseCategory.BANKRUPTCY),
    "行初": ("行政一审", CaseCategory.ADMINISTRATIVE),
    "行终": ("行政二审", CaseCategory.ADMINISTRATIVE),
    "行审": ("非诉行政行为申请执行审查", CaseCategory.ADMINISTRATIVE),
    "行审复": ("非诉行政行为申请执行审查复议", CaseCategory.ADMINISTRATIVE),
    "行赔初": ("行政赔偿一审", CaseCategory.ADMINISTRATIVE),
    "刑初": ("刑事一审", CaseCategory.CRIMINAL),
    "刑终": ("刑事二审", CaseCategory.CRIMINAL),
    "刑更": ("刑罚变更", CaseCategory.CRIMINAL),
    "刑医": ("强制医疗", CaseCategory.CRIMINAL),
    "刑没": ("违法所得没收", CaseCategory.CRIMINAL),
    "司惩": ("司法制裁", CaseCategory.CIVIL),
    "司惩复": ("司法制裁复议", CaseCategory.CIVIL),
    "司救民": ("民事司法救助", CaseCategory.CIVIL),
    "司救执": ("执行司法救助", CaseCategory.ENFORCEMENT),
    "法赔": ("法院赔偿", CaseCategory.STATE_COMPENSATION),
}
# 专门审判代字 (since 法〔2018〕335号): one character between the court code and the type code.
SPECIALISED_CODES = {"知": "知识产权"}

# ASCII digits only ([0-9], not \d, which also matches Arabic-Indic and other digits); full-width digits are
# folded to ASCII before matching so the court code comes out canonical (鄂２８２６ → 鄂2826).
_CASE_NUMBER_RE = re.compile(
    r"^[（(]\s*(?P<year>[0-9]{4})\s*[）)]\s*"
    r"(?P<court>最高法|[\u4e00-\u9fff](?:[0-9]{2}|[0-9]{4}|[0-9]{6})?)"
    r"(?P<rest>[\u4e00-\u9fff]{1,5})"
    r"(?P<seq>[0-9]+)号$"
)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    type_code: str
    sequence: int
    specialised_code: str = ""

    def __str__(self) -> str:
        return format_case_number(self.year, self.court_code, self.type_code, self.sequence, self.specialised_code)


def format_case_number(year: int, court_code: str, type_code: str, sequence: int, specialised_code: str = "") -> str:
    """（2023）鄂2826民初123号 — year in full-width parentheses, no zero padding (法〔2015〕137号 arts 4–10)."""
    if type_code not in TYPE_CODES:
        raise DomainError(CaseError.CASE_NUMBER_UNKNOWN_TYPE, f"未知的类型代字：{type_code}", {"type_code": type_code})
    if sequence < 1:
        raise DomainError(CaseError.CASE_NUMBER_MALFORMED, "案件编号必须为正整数", {"sequence": sequence})
    return f"（{year}）{court_code}{specialised_code}{type_code}{sequence}号"


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number such as （2023）鄂2826民初123号 or (2023)鄂2826民初123号.

    Rules (法〔2015〕137号, amended 法〔2018〕335号): year + court code (province abbreviation plus 2 or 4 digits of the
    division code; 最高法 for the SPC) + optional specialised code + type code + sequence + 号. Full-width and
    ASCII parentheses are accepted; no zero padding. Malformed text raises CASE_NUMBER_MALFORMED; an unknown type
    code raises CASE_NUMBER_UNKNOWN_TYPE.
    """
    if not isinstance(text, str):
        raise DomainError(CaseError.CASE_NUMBER_MALFORMED, "案号格式不正确", {"text": str(text)})
    cleaned = text.strip().translate(_FULL_WIDTH_DIGITS)
    match = _CASE_NUMBER_RE.match(cleaned)
    if not match:
        raise DomainError(CaseError.CASE_NUMBER_MALFORMED,
                          "案号格式不正确，应如：（2023）鄂2826民初123号", {"text": text})
    year = int(match["year"])
    if not 1949 <= year <= 2100:
        raise DomainError(CaseError.CASE_NUMBER_MALFORMED, "案号年份不正确", {"text": text, "year": year})
    seq_text = match["seq"]
    if seq_text.startswith("0"):
        raise DomainError(CaseError.CASE_NUMBER_MALFORMED, "案件编号不应补零或为零", {"text": text})
    rest = match["rest"]
    specialised = ""
    if rest not in TYPE_CODES and rest[:1] in SPECIALISED_CODES and rest[1:] in TYPE_CODES:
        specialised, rest = rest[:1], rest[1:]
    if rest not in TYPE_CODES:
        raise DomainError(CaseError.CASE_NUMBER_UNKNOWN_TYPE, f"未知的类型代字：{rest}",
                          {"text": text, "type_code": rest})
    return CaseNumber(year=year, court_code=match["court"], type_code=rest, sequence=int(seq_text),
                      specialised_code=specialised)


def category_for_type_code(type_code: str) -> str:
    return TYPE_CODES[type_code][1]


# --- Status transitions ---------------------------------------------------------------------------

# from status -> statuses it may move to. Closing is final for the case: resumed enforcement or a retrial is
# a new case with its own number (执恢, 民再), linked to this one.
STATUS_TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.REGISTERED: frozenset({CaseStatus.ASSIGNED, CaseStatus.CLOSED}),
    CaseStatus.ASSIGNED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.CLOSED}),
    CaseStatus.IN_PROGRESS: frozenset({CaseStatus.SUSPENDED, CaseStatus.CLOSED}),
    CaseStatus.SUSPENDED: frozenset({CaseStatus.IN_PROGRESS, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ARCHIVED}),
    CaseStatus.ARCHIVED: frozenset(),
}


def check_transition(current: str, target: str) -> None:
    """Refuse a status change that the transition table does not allow."""
    if current in (CaseStatus.CLOSED, CaseStatus.ARCHIVED) and target != CaseStatus.ARCHIVED:
        raise DomainError(CaseError.CASE_ALREADY_CLOSED, "案件已结案，不能再变更状态",
                          {"from": current, "to": target}, status=409)
    if target not in STATUS_TRANSITIONS.get(current, frozenset()):
        raise DomainError(CaseError.TRANSITION_NOT_ALLOWED,
                          f"案件状态不能从「{CaseStatus(current).label}」变更为「{CaseStatus(target).label}」",
                          {"from": current, "to": target}, status=409)


# Which closing manners fit which category (a first-instance case is not 执行完毕; an enforcement case is not 判决).
ENFORCEMENT_CLOSINGS = {ClosingManner.FULLY_ENFORCED, ClosingManner.ROUND_CLOSURE, ClosingManner.TERMINATION,
                        ClosingManner.SETTLEMENT, ClosingManner.WITHDRAWAL, ClosingManner.RULING,
                        ClosingManner.TRANSFER, ClosingManner.OTHER}


def check_closing(*, category: str, closing_manner: str | None, filed_on: date, closed_on: date) -> None:
    """A case closes with a manner that fits its category, on or after its filing date."""
    if not closing_manner:
        raise DomainError(CaseError.CLOSING_MANNER_REQUIRED, "结案必须选择结案方式")
    if closed_on < filed_on:
        raise DomainError(CaseError.CLOSING_DATE_BEFORE_FILING, "结案日期不能早于立案日期",
                          {"filed_on": filed_on.isoformat(), "closed_on": closed_on.isoformat()})
    is_enforcement = category == CaseCategory.ENFORCEMENT
    if is_enforcement and closing_manner not in ENFORCEMENT_CLOSINGS:
        raise DomainError(CaseError.TRANSITION_NOT_ALLOWED,
                          f"执行案件不能以「{ClosingManner(closing_manner).label}」方式结案",
                          {"closing_manner": closing_manner})
    if not is_enforcement and closing_manner in {ClosingManner.FULLY_ENFORCED, ClosingManner.ROUND_CLOSURE,
                                                 ClosingManner.TERMINATION}:
        raise DomainError(CaseError.TRANSITION_NOT_ALLOWED,
                          f"非执行案件不能以「{ClosingManner(closing_manner).label}」方式结案",
                          {"closing_manner": closing_manner})


# --- Party identifiers ----------------------------------------------------------------------------

_PHONE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalise_id_number(value: str) -> str:
    """Validate a resident identity card number (GB 11643, check digit) with python-stdnum cn.ric."""
    try:
        return ric.validate(value)
    except StdnumValidationError:
        raise DomainError(CaseError.ID_NUMBER_INVALID, "身份证号码不正确（校验位、出生日期或地区码有误）",
                          {"id_number": value})


def normalise_credit_code(value: str) -> str:
    """Validate a unified social credit code (GB 32100-2015, check character) with python-stdnum cn.uscc."""
    try:
        return uscc.validate(value)
    except StdnumValidationError:
        raise DomainError(CaseError.CREDIT_CODE_INVALID, "统一社会信用代码不正确（长度、字符或校验位有误）",
                          {"credit_code": value})


def normalise_phone(value: str) -> str:
    """Mainland mobile number: 11 digits starting 13–19; spaces, dashes and +86 are dropped."""
    digits = re.sub(r"[\s-]", "", value or "")
    if digits.startswith("+86"):
        digits = digits[3:]
    if not _PHONE_RE.match(digits):
        raise DomainError(CaseError.PHONE_INVALID, "手机号码不正确，应为11位大陆手机号", {"phone": value})
    return digits


# --- Derived flags ------------------------------------------------------------------------------

@dataclass(frozen=True)
class PartyFacts:
    kind: str
    organisation_kind: str = ""
    enterprise_size: str = ""


@dataclass(frozen=True)
class CaseFlags:
    is_enterprise_involved: bool
    is_sme_involved: bool
    has_government_party: bool
    is_financial: bool


SME_SIZES = {EnterpriseSize.MEDIUM, EnterpriseSize.SMALL, EnterpriseSize.MICRO}


def derive_flags(*, parties: list[PartyFacts], category: str, cause_is_financial: bool) -> CaseFlags:
    """涉企 / 中小微 / 机关作为当事人 / 金融 flags, from the parties and the cause.

    涉企 is keyed on the parties (an enterprise is a party), not on the cause; 金融 on the category or a
    financial cause (causes-of-action.md, "Groupings for triage": court practice, not law).
    """
    enterprises = [p for p in parties if p.organisation_kind == OrganisationKind.ENTERPRISE]
    return CaseFlags(
        is_enterprise_involved=bool(enterprises),
        is_sme_involved=any(p.enterprise_size in SME_SIZES for p in enterprises),
        has_government_party=any(p.organisation_kind == OrganisationKind.GOVERNMENT for p in parties),
        is_financial=category == CaseCategory.FINANCIAL or cause_is_financial,
    )


# Financial causes by name (causes-of-action.md, 金融 grouping): matched on level-3/level-4 names in both revisions.
FINANCIAL_CAUSE_NAMES = frozenset({
    "金融借款合同纠纷", "同业拆借纠纷", "小额借款合同纠纷", "金融不良债权转让合同纠纷", "金融不良债权追偿纠纷",
    "进出口押汇纠纷", "储蓄存款合同纠纷", "银行卡纠纷", "借记卡纠纷", "信用卡纠纷", "融资租赁合同纠纷",
    "保理合同纠纷", "典当纠纷", "金融委托理财合同纠纷", "银行结算合同纠纷",
})
FINANCIAL_CAUSE_FAMILIES = ("证券", "期货", "信托", "保险", "票据", "信用证", "独立保函")


def is_financial_cause(name: str, family_name: str = "") -> bool:
    """A cause in the 金融 grouping of causes-of-action.md (by its own name or its level-2 family)."""
    if name in FINANCIAL_CAUSE_NAMES:
        return True
    return any(family_name.startswith(prefix) or family_name.startswith("与" + prefix) for prefix in
               FINANCIAL_CAUSE_FAMILIES) if family_name else False


def cause_revision_for(filed_on: date) -> int:
    """Which SPC 民事案件案由规定 applies: the 2020 revision for cases filed up to 2025-12-31, the 2025 revision
    from 2026-01-01 (causes-of-action.md)."""
    return 2025 if filed_on >= date(2026, 1, 1) else 2020


def default_procedure_for(type_code: str) -> str:
    """The procedure a newly registered case starts in, by type code (triage may change it)."""
    if type_code in {"民终", "行终", "刑终"}:
        return Procedure.SECOND_INSTANCE
    if type_code in {"民再", "民申", "民监", "民抗"}:
        return Procedure.RETRIAL
    if type_code.startswith("执"):
        return Procedure.ENFORCEMENT
    if type_code in {"民特", "民督", "民催"}:
        return Procedure.SPECIAL
    if type_code in {"破申", "破", "清申", "强清"}:
        return Procedure.BANKRUPTCY
    if type_code in {"财保", "行保", "证保", "行审", "民诉前调"}:
        return Procedure.NON_LITIGATION
    return Procedure.ORDINARY
