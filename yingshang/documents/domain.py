"""Pure rules of service, appeal periods, legal effect and document verification. No ORM, no settings, no clock:
values in, result or DomainError out. Sources: ../shared/domain/rules-fees-periods-case-numbers.md §3
(民事诉讼法 2023 "CPL", 民诉法解释 2022 "解释", 行政诉讼法 "ALL", 刑事诉讼法 2018 "CrPL")."""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from datetime import date, timedelta

from yingshang.cases.domain import parse_case_number
from yingshang.core.errors import DomainError
from yingshang.documents.choices import (
    ELECTRONIC_METHODS, SECOND_INSTANCE_TYPE_CODES, AppealOutcomeKind, DocumentKind, ServiceMethod,
)
from yingshang.documents.errors import DocumentError

# --- Service dates (CPL 87–95) -------------------------------------------------------------------------------

PUBLIC_NOTICE_DAYS = 30  # CPL 95 (since 2021; was 60)
PUBLIC_NOTICE_ABROAD_DAYS = 60  # CPL 283 (since 2023; was 3 months): party without domicile in China


def public_notice_days(*, has_domicile_in_china: bool) -> int:
    """Days after publication after which a public notice is deemed served: 30 (CPL 95), 60 for a party without
    a domicile in China (CPL 283)."""
    return PUBLIC_NOTICE_DAYS if has_domicile_in_china else PUBLIC_NOTICE_ABROAD_DAYS


def deemed_served_on(*, method: str, event_on: date, has_domicile_in_china: bool = True) -> date:
    """The date the law deems a document served, from the date of the event that completes the method:

    - direct service, 留置送达, service through a unit, grid-assisted (a grid worker hands it over): the date
      signed on the 送达回证 or the date left at the residence (CPL 87–89, 94);
    - electronic service: the date the message reached the recipient's system (CPL 90);
    - post: the date on the return receipt (CPL 91);
    - public notice: ``event_on`` is the publication date; deemed served 30 days later (CPL 95), 60 for a party
      without a domicile in China (CPL 283). The 30 days "elapse" (经过): the date is not moved off a holiday —
      the holiday rule of CPL 85 governs the last day for a party's act, not a deemed event.
    """
    if method not in ServiceMethod.values:
        raise DomainError(DocumentError.METHOD_UNKNOWN, "未知的送达方式", {"method": method})
    if method == ServiceMethod.PUBLIC_NOTICE:
        return event_on + timedelta(days=public_notice_days(has_domicile_in_china=has_domicile_in_china))
    return event_on


def method_allowed_for(*, method: str, kind: str) -> None:
    """A mediation agreement is served on the party in person and never left at the residence (解释 133); public
    notice cannot bring a mediation agreement into effect either (it takes effect on signature, CPL 100)."""
    if method not in ServiceMethod.values:
        raise DomainError(DocumentError.METHOD_UNKNOWN, "未知的送达方式", {"method": method})
    if kind == DocumentKind.MEDIATION_AGREEMENT and method in (ServiceMethod.LEFT_AT_RESIDENCE,
                                                               ServiceMethod.PUBLIC_NOTICE):
        raise DomainError(DocumentError.METHOD_NOT_ALLOWED, "调解书应当直接送达当事人本人，不适用留置送达或公告送达"
                          "（民诉法解释第133条）", {"method": method, "kind": kind})


# --- Consent to electronic service (CPL 90) ------------------------------------------------------------------

@dataclass(frozen=True)
class ConsentFacts:
    """A party's consent as recorded (送达地址确认书): methods agreed, whether judgments, rulings and mediation
    agreements are included, when given, when withdrawn."""

    methods: tuple[str, ...]
    covers_decisions: bool
    consented_on: date
    withdrawn_on: date | None = None


def consent_check(*, consent: ConsentFacts | None, method: str, is_decision: bool, on: date) -> None:
    """Electronic service needs the recipient's consent (CPL 90: 经受送达人同意); the consent must be in force on
    the day of service, name the method, and — for a judgment, ruling or mediation agreement — include those
    (the party may limit its consent; CPL 90 para 2 lets it ask for paper copies in any case).
    Non-electronic methods need no consent."""
    if method not in ELECTRONIC_METHODS:
        return
    if consent is None or consent.consented_on > on or (consent.withdrawn_on is not None
                                                         and consent.withdrawn_on <= on):
        raise DomainError(DocumentError.CONSENT_REQUIRED,
                          "受送达人未同意电子送达，不能采用电子方式送达（民事诉讼法第90条），请改用其他方式或先记录其同意",
                          {"method": method})
    if method not in consent.methods:
        raise DomainError(DocumentError.CONSENT_METHOD, "受送达人同意的电子送达方式不包括该方式",
                          {"method": method, "consented_methods": list(consent.methods)})
    if is_decision and not consent.covers_decisions:
        raise DomainError(DocumentError.CONSENT_DECISIONS, "受送达人未同意以电子方式送达判决书、裁定书、调解书",
                          {"method": method})


# --- Appeal periods and legal effect (CPL 158, 171, 182, 286; 解释 244) ------------------------------------

def appeal_days(*, decision_kind: str, has_domicile_in_china: bool, is_criminal: bool = False) -> int:
    """Appeal period from the party's own service: judgment 15 days, ruling 10 (CPL 171; ALL 85); a party with
    no domicile in China 30 days for either (CPL 286); criminal 10 / 5 (CrPL 230)."""
    if decision_kind not in (DocumentKind.JUDGMENT, DocumentKind.RULING):
        raise DomainError(DocumentError.NOT_APPEALABLE, "只有判决书、裁定书有上诉期", {"kind": decision_kind})
    if is_criminal:
        return 10 if decision_kind == DocumentKind.JUDGMENT else 5
    if not has_domicile_in_china:
        return 30
    return 15 if decision_kind == DocumentKind.JUDGMENT else 10


def appeal_in_time(*, filed_on: date, last_day_on: date | None) -> bool:
    """An appeal is in time when filed (or posted: CPL 85, travel time not counted) on or before the appellant's
    own last day. A party not yet served is in time: its period has not started (解释 244)."""
    return last_day_on is None or filed_on <= last_day_on


@dataclass(frozen=True)
class PartyClock:
    """One party's appeal period: served_on None while the decision is not served on it."""

    party_id: int
    served_on: date | None
    last_day_on: date | None


@dataclass(frozen=True)
class EffectOutcome:
    is_effective: bool
    last_appeal_day: date | None
    effective_on: date | None
    unserved_party_ids: tuple[int, ...]
    reason: str


def decision_effect(*, is_appealable: bool, clocks: list[PartyClock], has_appeal_in_time: bool, today: date,
                    offset_days: int) -> EffectOutcome:
    """Whether a first-instance decision has taken legal effect on ``today``.

    Appealable (CPL 158, 171; 解释 244): each party's period runs from its own service; the decision takes effect
    only when every party has been served and every period has expired without an appeal. An appeal by any party in
    time stops the whole decision (partial effect for severable co-party claims is UNCONFIRMED: not applied).
    The recorded effective date is the last expiry + ``offset_days`` (a court setting; §3.3 UNCONFIRMED).
    Not appealable (second instance CPL 182, small claims CPL 165, mediation agreement on signature CPL 100):
    effective on the last service (signature) on a party.
    """
    unserved = tuple(c.party_id for c in clocks if c.served_on is None)
    if not clocks:
        return EffectOutcome(False, None, None, (), "本案没有应送达的当事人")
    if unserved:
        return EffectOutcome(False, None, None, unserved, "尚有当事人未送达")
    if not is_appealable:
        last = max(c.served_on for c in clocks)
        effective = last <= today
        return EffectOutcome(effective, None, last if effective else None, (), "不准上诉，送达即生效")
    if has_appeal_in_time:
        return EffectOutcome(False, None, None, (), "当事人已在上诉期内上诉")
    last = max(c.last_day_on for c in clocks)
    if last < today:
        return EffectOutcome(True, last, last + timedelta(days=offset_days), (), "上诉期届满无人上诉")
    return EffectOutcome(False, last, None, (), "上诉期尚未届满")


# --- Verification codes ------------------------------------------------------------------------------------

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32: no I, L, O, U
CODE_BODY_LENGTH = 8
CODE_CHECK_LENGTH = 2
_CODE_RE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_BODY_LENGTH + CODE_CHECK_LENGTH}}}$")


def _check_chars(body: str, key: bytes) -> str:
    digest = hmac.new(key, body.encode(), hashlib.sha256).digest()
    return "".join(CODE_ALPHABET[b % 32] for b in digest[:CODE_CHECK_LENGTH])


def verification_code_make(*, body: str, key: bytes) -> str:
    """A short code printed on a document: 8 random characters (Crockford base32, chosen by the caller) and 2
    check characters (HMAC-SHA256 with the court's key), so a mistyped, altered or made-up code is refused
    before any lookup."""
    body = body.upper()
    if len(body) != CODE_BODY_LENGTH or any(ch not in CODE_ALPHABET for ch in body):
        raise DomainError(DocumentError.CODE_INVALID, "验证码主体不正确")
    return body + _check_chars(body, key)


def verification_code_normalise(raw: str) -> str:
    """What a person typed → the canonical code: upper case, without spaces and hyphens, O→0 and I/L→1 (Crockford).
    Refused when it is not 10 characters of the alphabet."""
    text = re.sub(r"[\s\-–—_]", "", str(raw or "")).upper().translate(str.maketrans("OIL", "011"))
    if not _CODE_RE.match(text):
        raise DomainError(DocumentError.CODE_INVALID, "验证码格式不正确，应为10位字母或数字", {"code": str(raw)[:40]})
    return text


def verification_code_check(*, raw: str, key: bytes) -> str:
    """The canonical code when its check characters match, else a coded refusal (altered or forged)."""
    code = verification_code_normalise(raw)
    body, check = code[:CODE_BODY_LENGTH], code[CODE_BODY_LENGTH:]
    if not hmac.compare_digest(_check_chars(body, key), check):
        raise DomainError(DocumentError.CODE_INVALID, "验证码无效：校验位不符，文书可能被篡改或伪造", {"code": code})
    return code


def verification_code_display(code: str) -> str:
    """ABCD-EFGH-JK: grouped for reading aloud and typing."""
    return f"{code[:4]}-{code[4:8]}-{code[8:]}"


def sha256_normalise(raw: str) -> str:
    text = str(raw or "").strip().lower()
    if not re.fullmatch(r"[0-9a-f]{64}", text):
        raise DomainError(DocumentError.HASH_INVALID, "SHA-256 摘要应为64位十六进制字符")
    return text


# --- Numbers -------------------------------------------------------------------------------------------------

def document_number(*, court_code: str, year: int, sequence: int) -> str:
    """The platform's serial of a document of the court in a year, e.g. （2024）鄂2826文书第000123号. It is not an
    SPC case number (法〔2015〕137号 governs those); documents also carry their case number."""
    return f"（{year}）{court_code}文书第{sequence:06d}号"


# --- Indicators (2023 plan measure 22) ------------------------------------------------------------------------

@dataclass(frozen=True)
class IndicatorDefinition:
    """A stored, versioned definition of a rate (../shared/domain/indicators.md: every rate needs its numerator,
    denominator and period rule recorded with it, because local definitions differ)."""

    code: str
    version: int
    name: str
    numerator: str
    denominator: str
    period_rule: str
    target: str
    source: str


ELECTRONIC_SERVICE_RATE = IndicatorDefinition(
    code="electronic_service_rate", version=1, name="电子送达率",
    numerator="期间内以电子方式（短信链接、电子邮件、诉讼服务平台）完成送达的文书送达人次（每份文书对每名受送达人计一次）",
    denominator="期间内完成送达的全部文书送达人次（任何方式；电子送达失败后改邮寄送达的，按邮寄计）",
    period_rule="按法律视为送达之日（送达日期）落在期间内统计；期间为闭区间[起, 止]",
    target="≥ 70%", source="2023年营商环境实施方案第22项；indicators.md §3.5（口径待省法院确认）")

ONLINE_SERVICE_UTILISATION = IndicatorDefinition(
    code="online_service_utilisation", version=1, name="在线服务平台综合利用率",
    numerator="期间内在线完成的诉讼服务事项数：网上立案、电子送达、在线调解、在线证据交换、在线调查询问、在线庭审、"
              "网上上诉、网上申请生效证明",
    denominator="期间内同类诉讼服务事项总数（线上与线下合计）",
    period_rule="立案按立案日期、送达按送达日期、庭审等按举行日期、申请按申请日期；期间为闭区间[起, 止]；"
                "各事项的计数分别给出，综合权重由指标模块按省法院口径确定",
    target="≥ 40%", source="2023年营商环境实施方案第22项；indicators.md §3.7（权重未确认）")


def rate_percent(numerator: int, denominator: int) -> str | None:
    """A rate as a percentage string with two decimals ("72.50"), None when nothing was counted."""
    if denominator <= 0:
        return None
    from decimal import ROUND_HALF_UP, Decimal

    return str((Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


# --- Generated documents: what each needs -------------------------------------------------------------------

@dataclass(frozen=True)
class GeneratedSpec:
    title: str
    required: tuple[str, ...]
    optional: tuple[str, ...]
    needs_addressee: bool
    source: str


GENERATED_SPECS: dict[str, GeneratedSpec] = {
    DocumentKind.ACCEPTANCE_NOTICE: GeneratedSpec(
        "受理案件通知书", (), ("evidence_period", "notes", "judge_name", "contact_phone"), True,
        "民事诉讼法第126条（立案后5日内发送受理案件通知书）"),
    DocumentKind.PAYMENT_NOTICE: GeneratedSpec(
        "交纳诉讼费用通知书", ("amount_yuan",), ("fee_label", "due_days", "account"), True,
        "诉讼费用交纳办法第20–22条"),
    DocumentKind.SUMMONS: GeneratedSpec(
        "传票", ("hearing_at", "place"), ("reason",), True, "民事诉讼法第139条；民诉法解释第227条（开庭3日前送达）"),
    DocumentKind.ENFORCEMENT_NOTICE: GeneratedSpec(
        "执行通知书", ("basis", "obligation"), ("amount_yuan", "creditor_name"), True, "民事诉讼法第251条"),
    DocumentKind.EFFECTIVENESS_CERTIFICATE: GeneratedSpec(
        "裁判文书生效证明", (), (), False, "民事诉讼法第158条、第171条；民诉法解释第244条"),
}

_MAX_FIELD = 500


def generation_input_check(*, kind: str, data: dict, has_addressee: bool) -> dict:
    """The fields a generated document needs, cleaned: strings trimmed and bounded, ``amount_yuan`` a valid yuan
    amount (two decimals), ``hearing_at`` an ISO moment (the caller makes it aware), ``due_days`` 1–30. Unknown keys
    are refused, so a typo does not silently vanish from the printed document."""
    from yingshang.core.money import fen_to_yuan, yuan_to_fen

    spec = GENERATED_SPECS.get(kind)
    if spec is None:
        raise DomainError(DocumentError.KIND_NOT_GENERATED, "该类文书不能由系统生成", {"kind": kind})
    if spec.needs_addressee and not has_addressee:
        raise DomainError(DocumentError.FIELD_REQUIRED, f"请选择{spec.title}的受文当事人", {"field": "addressee_party_id"})
    data = dict(data or {})
    unknown = sorted(set(data) - set(spec.required) - set(spec.optional))
    if unknown:
        raise DomainError(DocumentError.FIELD_REQUIRED, "含有该文书不使用的字段", {"unknown": unknown})
    cleaned: dict = {}
    for key in spec.required + spec.optional:
        value = data.get(key)
        text = "" if value is None else str(value).strip()
        if not text:
            if key in spec.required:
                raise DomainError(DocumentError.FIELD_REQUIRED, f"缺少必填项：{key}", {"field": key})
            continue
        if len(text) > _MAX_FIELD:
            raise DomainError(DocumentError.FIELD_REQUIRED, f"{key} 过长（不超过{_MAX_FIELD}字）", {"field": key})
        if key == "amount_yuan":
            text = fen_to_yuan(yuan_to_fen(text))
        elif key == "due_days":
            if not text.isdigit() or not 1 <= int(text) <= 30:
                raise DomainError(DocumentError.FIELD_REQUIRED, "缴费期限应为1–30日", {"field": key})
        elif key == "hearing_at":
            from datetime import datetime

            try:
                datetime.fromisoformat(text)
            except ValueError:
                raise DomainError(DocumentError.DATE_INVALID, "开庭时间应为 YYYY-MM-DDTHH:MM 格式", {"field": key})
        cleaned[key] = text
    return cleaned


def decision_is_appealable(*, kind: str, procedure: str) -> bool:
    """Default for a new decision: a mediation agreement is never appealed (effective on signature, CPL 100);
    second-instance decisions (CPL 182) and small-claims decisions (CPL 165) are final. The clerk can override
    (e.g. a ruling that the law does not allow to be appealed, CPL 158)."""
    if kind == DocumentKind.MEDIATION_AGREEMENT:
        return False
    return procedure not in ("second_instance", "small_claims")


# --- Second-instance outcome --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class OutcomeCheck:
    outcome: str
    second_instance_case_number: str  # canonical form, as format_case_number writes it


def appeal_outcome_check(*, outcome: str, second_instance_case_number: str, decided_on: date,
                         first_instance_type_code: str, appealed_on: date, today: date) -> OutcomeCheck:
    """Validate the result of an appeal as the second-instance court sends it back.

    - ``outcome`` is one of AppealOutcomeKind: 维持 / 改判 / 部分改判 / 发回重审 (CPL 177), 撤回上诉 / 按撤回上诉处理
      (CPL 180; 解释 336–337), 调解 (CPL 179 — civil cases only: a criminal or administrative appeal is not closed
      by a mediation agreement, ALL 60; CrPL 288 reconciliation is not an appellate disposition);
    - the second-instance case number is parsed with the cases app's parser (法〔2015〕137号) and must be a
      second-instance number of the same kind of case: 民终 for 民初, 行终 for 行初/行赔初, 刑终 for 刑初, of a year not
      before the appeal;
    - the decision date lies between the earliest appeal in time and today.
    Returns the canonical case number; raises DomainError (nothing is written by the caller)."""
    if outcome not in AppealOutcomeKind.values:
        raise DomainError(DocumentError.OUTCOME_INVALID, "二审结果取值不正确", {"outcome": outcome}, status=422)
    expected = SECOND_INSTANCE_TYPE_CODES.get((first_instance_type_code or "")[:1])
    if outcome == AppealOutcomeKind.MEDIATED and expected != "民终":
        raise DomainError(DocumentError.OUTCOME_MEDIATION, "只有民事案件的二审可以调解结案",
                          {"type_code": first_instance_type_code}, status=422)
    number = parse_case_number(second_instance_case_number or "")
    if number.type_code != expected or number.specialised_code:
        raise DomainError(DocumentError.OUTCOME_CASE_NUMBER,
                          f"二审案号应为{expected or '二审'}字号（一审为{first_instance_type_code}）",
                          {"type_code": number.type_code, "expected": expected}, status=422)
    if number.year < appealed_on.year:
        raise DomainError(DocumentError.OUTCOME_CASE_NUMBER, "二审案号的年份早于上诉年份",
                          {"year": number.year, "appealed_on": appealed_on.isoformat()}, status=422)
    if decided_on < appealed_on or decided_on > today:
        raise DomainError(DocumentError.OUTCOME_DATE_INVALID, "二审裁判日期应在上诉之后、今天之前",
                          {"decided_on": decided_on.isoformat(), "appealed_on": appealed_on.isoformat()}, status=422)
    return OutcomeCheck(outcome=outcome, second_instance_case_number=str(number))
