"""Pure rules of case registration (立案登记制): which complaints are filed here, the decision period and its
clock, the one-time supplement request, refusal, the parties a complaint needs, the attachment checks and the
text of a 不予受理 ruling. No ORM, no settings, no clock: values in, result or DomainError out.

Sources (../shared/domain/rules-fees-periods-case-numbers.md §5): 最高人民法院关于人民法院登记立案若干问题的规定
(法释〔2015〕8号, "登记立案规定") arts 2–9 and 18; 民事诉讼法 (2023) arts 122, 126, 171; 行政诉讼法 arts 49, 51, 85;
刑事诉讼法 (2018) arts 210, 230; 民诉法解释 art 126. Triage (繁简分流) is in ``triage.py``.
"""

import re
from dataclasses import dataclass
from datetime import date

from yingshang.cases.choices import CaseCategory, PartyRole
from yingshang.cases.domain import TYPE_CODES, category_for_type_code
from yingshang.core.errors import DomainError
from yingshang.filing.choices import AlertLevel, FilingStatus, PENDING_STATUSES
from yingshang.filing.errors import FilingError

# --- What is filed through registration --------------------------------------------------------------------------

# Complaints and applications that go through 登记立案 (arts 1, 18): first-instance suits, special procedures,
# payment orders, public summons, preservation before suit, execution and state-compensation applications,
# bankruptcy and forced-liquidation applications, private prosecutions (刑初). Appeals, retrial applications and
# 执行复议 do not (art 18), so 民终 / 民申 / 执复 … are not filed here.
FILEABLE_TYPE_CODES: tuple[str, ...] = (
    "民初", "民特", "民督", "民催", "民撤", "民保令", "财保", "行保", "证保", "执", "执恢", "执保", "执异",
    "破申", "清申", "行初", "行审", "行赔初", "刑初", "法赔", "司救民", "司救执",
)
# Types whose complaint must name the other side (被告, 被申请人, 被执行人, 被告人).
TYPES_NEEDING_RESPONDENT = frozenset({"民初", "民撤", "民督", "民保令", "财保", "行保", "证保", "执", "执恢",
                                      "执保", "执异", "行初", "行赔初", "刑初", "行审"})

CLAIMANT_ROLES = frozenset({PartyRole.PLAINTIFF, PartyRole.APPLICANT, PartyRole.CREDITOR,
                            PartyRole.BANKRUPTCY_CREDITOR, PartyRole.VICTIM})
RESPONDENT_ROLES = frozenset({PartyRole.DEFENDANT, PartyRole.RESPONDENT, PartyRole.DEBTOR, PartyRole.ACCUSED,
                              PartyRole.BANKRUPT_DEBTOR})


def check_fileable(type_code: str) -> str:
    """A complaint of this type goes through 登记立案 here (登记立案规定 arts 1, 18)."""
    if type_code not in FILEABLE_TYPE_CODES:
        label = TYPE_CODES[type_code][0] if type_code in TYPE_CODES else type_code
        raise DomainError(FilingError.TYPE_NOT_FILEABLE,
                          f"「{label}」不通过登记立案办理（上诉、申请再审、执行复议等不适用登记立案规定，第18条）",
                          {"type_code": type_code, "allowed": list(FILEABLE_TYPE_CODES)})
    return type_code


def check_parties(type_code: str, roles: list[str]) -> None:
    """A complaint names who brings it and, for contentious types, against whom (登记立案规定 art 4: the
    complaint states the parties; CPL 122(2): a definite defendant)."""
    if not any(role in CLAIMANT_ROLES for role in roles):
        raise DomainError(FilingError.PARTIES_INCOMPLETE, "请填写起诉人/申请人（原告、申请人或申请执行人）")
    if type_code in TYPES_NEEDING_RESPONDENT and not any(role in RESPONDENT_ROLES for role in roles):
        raise DomainError(FilingError.PARTIES_INCOMPLETE,
                          "请填写被告/被申请人（有明确的被告，民事诉讼法第122条第2项）", {"type_code": type_code})


# --- The decision period (登记立案规定 art 8) ------------------------------------------------------------------


@dataclass(frozen=True)
class DecisionPeriod:
    days: int
    basis: str


def decision_period_for(*, type_code: str, cause_name: str = "") -> DecisionPeriod:
    """How long the court has to decide when it cannot register on the spot (登记立案规定 art 8): civil and
    administrative complaints 7 days from receipt (also CPL 126, ALL 51; execution and state-compensation
    applications the same, art 18); criminal private prosecution 15 days; third-party revocation suits 30 days;
    suits objecting to execution 15 days. Counted as a period of days (CPL 85): the day of receipt is not counted,
    a last day on a rest day moves to the next working day."""
    if type_code == "刑初":
        return DecisionPeriod(15, "登记立案规定第8条第1款第2项（刑事自诉，十五日）")
    if type_code == "民撤":
        return DecisionPeriod(30, "登记立案规定第8条第1款第3项（第三人撤销之诉，三十日）")
    if "执行异议之诉" in (cause_name or ""):
        return DecisionPeriod(15, "登记立案规定第8条第1款第4项（执行异议之诉，十五日）")
    if category_for_type_code(type_code) == CaseCategory.ADMINISTRATIVE:
        return DecisionPeriod(7, "登记立案规定第8条第1款第1项；行政诉讼法第51条（七日）")
    return DecisionPeriod(7, "登记立案规定第8条第1款第1项；民事诉讼法第126条（七日）")


@dataclass(frozen=True)
class Clock:
    """A filing's registration clock as the queue shows it."""

    level: str                 # AlertLevel: none / due_soon / overdue
    is_running: bool           # False while waiting for supplements or once decided
    due_on: date | None
    days_left: int | None      # calendar days from today to the deadline (negative once past)
    label: str
    must_register: bool        # 先行立案: undecided at the end of the period


def format_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def filing_clock(*, status: str, due_on: date | None, today: date, due_soon_days: int) -> Clock:
    """Where a filing stands against its decision period (登记立案规定 arts 7–8).

    Waiting for supplements the clock is paused: the period runs again, from the start, from receipt of the
    supplements (art 7; 民诉法解释 126). Past the deadline and still undecided the court must register first
    (先行立案, art 8 para 2)."""
    if status == FilingStatus.SUPPLEMENT_REQUESTED:
        return Clock(AlertLevel.NONE, False, None, None, "等待补正材料（收到补正材料后重新计算）", False)
    if status not in PENDING_STATUSES or due_on is None:
        return Clock(AlertLevel.NONE, False, due_on, None, "已作出决定", False)
    days_left = (due_on - today).days
    if days_left < 0:
        return Clock(AlertLevel.OVERDUE, True, due_on, days_left,
                     f"已于{format_date(due_on)}届满，超期{-days_left}日，应当先行立案", True)
    if days_left == 0:
        label = f"今日（{format_date(due_on)}）届满"
    else:
        label = f"剩余{days_left}日（{format_date(due_on)}届满）"
    level = AlertLevel.DUE_SOON if days_left <= due_soon_days else AlertLevel.NONE
    return Clock(level, True, due_on, days_left, label, False)


# --- Decisions ---------------------------------------------------------------------------------------------------

_ACTION_LABELS = {"register": "立案", "refuse": "裁定不予受理", "supplement": "要求补正",
                  "supplement_submit": "提交补正材料"}


def check_pending(status: str, action: str) -> None:
    """Only an undecided filing can be registered, refused or sent back for supplements."""
    if status not in PENDING_STATUSES:
        raise DomainError(FilingError.NOT_PENDING,
                          f"该立案申请当前状态为「{FilingStatus(status).label}」，不能再{_ACTION_LABELS.get(action, action)}",
                          {"status": status}, status=409)


def _check_not_overdue(*, status: str, due_on: date | None, today: date, action: str) -> None:
    if status == FilingStatus.SUBMITTED and due_on is not None and today > due_on:
        raise DomainError(FilingError.MUST_REGISTER,
                          f"法定审查期限已于{format_date(due_on)}届满，不能再{_ACTION_LABELS[action]}，"
                          "应当先行立案（登记立案规定第8条第2款）",
                          {"decision_due_on": due_on.isoformat()}, status=409)


def check_supplement_request(*, status: str, already_requested_on: date | None, due_on: date | None,
                             today: date, items: list[str]) -> list[str]:
    """One written notice listing everything to supplement, once (登记立案规定 art 7: 一次性书面告知); not after
    the period ran out (then the court must register first, art 8). Returns the cleaned items."""
    check_pending(status, "supplement")
    if already_requested_on is not None or status == FilingStatus.SUPPLEMENT_REQUESTED:
        when = f"（{format_date(already_requested_on)}）" if already_requested_on else ""
        raise DomainError(FilingError.SUPPLEMENT_ALREADY_REQUESTED,
                          f"已经一次性告知过补正内容{when}，不能再次要求补正（登记立案规定第7条）", status=409)
    _check_not_overdue(status=status, due_on=due_on, today=today, action="supplement")
    cleaned = [item.strip() for item in items if item and item.strip()]
    if not cleaned:
        raise DomainError(FilingError.SUPPLEMENT_ITEMS_REQUIRED,
                          "请逐项列明需要补正的材料或内容（登记立案规定第7条：一次性书面告知）")
    return cleaned


def check_refusal(*, status: str, reason: str, due_on: date | None, today: date) -> str:
    """A refusal is a written ruling with reasons (登记立案规定 art 9; CPL 126), made inside the period; once the
    period has run out undecided, the court must register first (art 8 para 2). Returns the cleaned reason."""
    check_pending(status, "refuse")
    cleaned = (reason or "").strip()
    if not cleaned:
        raise DomainError(FilingError.REFUSAL_REASON_REQUIRED, "不予受理必须写明理由（登记立案规定第9条）")
    _check_not_overdue(status=status, due_on=due_on, today=today, action="refuse")
    return cleaned


def check_registration(*, status: str, received_on: date, filed_on: date, today: date) -> None:
    """Registration of an undecided filing, dated between receipt and today."""
    check_pending(status, "register")
    if filed_on < received_on:
        raise DomainError(FilingError.REGISTER_DATE_INVALID,
                          f"立案日期不能早于收到材料之日（{format_date(received_on)}）",
                          {"filed_on": filed_on.isoformat(), "received_on": received_on.isoformat()})
    if filed_on > today:
        raise DomainError(FilingError.REGISTER_DATE_INVALID, "立案日期不能晚于今天", {"filed_on": filed_on.isoformat()})


# --- Attachments -------------------------------------------------------------------------------------------------

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
TYPE_LABELS = {PDF: "PDF 文档", JPEG: "JPEG 图片", PNG: "PNG 图片"}
EXTENSIONS = {".pdf": PDF, ".jpg": JPEG, ".jpeg": JPEG, ".png": PNG}
ALLOWED_LABEL = "PDF 文档或 JPG、PNG 图片"
_ENCRYPT_RE = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")


def sniff_content_type(head: bytes) -> str | None:
    """The file type from its first bytes (magic numbers), whatever its name says."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    return None


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.1f}".rstrip("0").rstrip(".") + " MB"


def _extension(name: str) -> str:
    dot = name.rfind(".")
    return name[dot:].lower() if dot >= 0 else ""


def check_attachment(*, name: str, size: int, head: bytes, max_bytes: int) -> str:
    """Accept a PDF or a JPEG/PNG image: not empty, not over the size limit, the content (by magic bytes) one of
    the accepted types and matching the extension. Returns the content type."""
    shown = name or "（未命名文件）"
    if size <= 0:
        raise DomainError(FilingError.ATTACHMENT_EMPTY, f"文件「{shown}」是空文件，请重新选择", {"name": name})
    if size > max_bytes:
        raise DomainError(FilingError.ATTACHMENT_TOO_LARGE,
                          f"文件「{shown}」大小为{_megabytes(size)}，超过单个文件上限{_megabytes(max_bytes)}，"
                          "请压缩或拆分后上传", {"name": name, "size": size, "max_bytes": max_bytes})
    extension = _extension(name)
    if extension not in EXTENSIONS:
        raise DomainError(FilingError.ATTACHMENT_TYPE,
                          f"文件「{shown}」的类型不支持：只接受{ALLOWED_LABEL}（.pdf、.jpg、.jpeg、.png）",
                          {"name": name, "extension": extension})
    detected = sniff_content_type(head)
    if detected is None:
        raise DomainError(FilingError.ATTACHMENT_TYPE,
                          f"文件「{shown}」的内容不是{ALLOWED_LABEL}（按文件头识别），请勿仅修改扩展名",
                          {"name": name})
    if detected != EXTENSIONS[extension]:
        raise DomainError(FilingError.ATTACHMENT_EXTENSION_MISMATCH,
                          f"文件「{shown}」的扩展名为{extension}，内容却是{TYPE_LABELS[detected]}，请核对后重新上传",
                          {"name": name, "extension": extension, "detected": detected})
    return detected


def pdf_is_encrypted(data: bytes) -> bool:
    """A PDF with an /Encrypt entry in its trailer or cross-reference stream (ISO 32000-1 §7.6): password-protected
    or restricted. Trailer and xref-stream dictionaries are never compressed, so a byte search finds it."""
    return _ENCRYPT_RE.search(data) is not None


def check_pdf_body(*, name: str, data: bytes) -> None:
    """An encrypted PDF cannot be read, stamped or archived by the court: refused. A PDF without its end-of-file
    marker is truncated: refused."""
    shown = name or "（未命名文件）"
    if pdf_is_encrypted(data):
        raise DomainError(FilingError.ATTACHMENT_ENCRYPTED,
                          f"文件「{shown}」是加密或设置了密码保护的 PDF，法院无法读取和归档，请取消密码后重新上传",
                          {"name": name})
    if b"%%EOF" not in data[-2048:]:
        raise DomainError(FilingError.ATTACHMENT_DAMAGED,
                          f"文件「{shown}」不是完整的 PDF（缺少文件结束标记），可能已损坏或未下载完整", {"name": name})


# --- Numbers and the refusal ruling ------------------------------------------------------------------------------


def format_number(template: str, *, year: int, court_code: str, sequence: int) -> str:
    """A register number from the court's format, e.g. （2024）鄂2826收12号."""
    return template.format(year=year, court_code=court_code, sequence=sequence)


@dataclass(frozen=True)
class RulingForm:
    title: str
    basis: str
    remedy: str


def refusal_ruling_form(*, type_code: str, appeal_court_name: str) -> RulingForm:
    """Title, default legal basis and remedy of a 不予受理 ruling by case category.

    Civil: CPL 122, 126 — appeal within 10 days of service (CPL 171). Administrative: ALL 49, 51 — appeal 10 days
    (ALL 85). Private prosecution: CrPL 210–211, 刑诉解释 320 — appeal 5 days (CrPL 230). Enforcement applications:
    reconsideration by the higher court within 10 days (court practice; UNCONFIRMED in the rule book)."""
    category = category_for_type_code(type_code)
    if category == CaseCategory.ADMINISTRATIVE:
        return RulingForm("行政裁定书", "《中华人民共和国行政诉讼法》第四十九条、第五十一条",
                          f"如不服本裁定，可以在裁定书送达之日起十日内，向本院递交上诉状，上诉于{appeal_court_name}。")
    if category == CaseCategory.CRIMINAL:
        return RulingForm("刑事裁定书", "《中华人民共和国刑事诉讼法》第二百一十条、第二百一十一条",
                          f"如不服本裁定，可以在接到裁定书的第二日起五日内，通过本院或者直接向{appeal_court_name}提出上诉。")
    if category == CaseCategory.ENFORCEMENT:
        return RulingForm("执行裁定书", "《最高人民法院关于人民法院登记立案若干问题的规定》第十八条",
                          f"如不服本裁定，可以自本裁定送达之日起十日内向{appeal_court_name}申请复议。")
    return RulingForm("民事裁定书", "《中华人民共和国民事诉讼法》第一百二十二条、第一百二十六条",
                      f"如不服本裁定，可以在裁定书送达之日起十日内，向本院递交上诉状，上诉于{appeal_court_name}。")


def refusal_ruling_text(*, court_name: str, number: str, form: RulingForm, claimants: list[str],
                        respondents: list[str], received_on: date, claims: str, reason: str, legal_basis: str,
                        decided_on: date) -> str:
    """The text of a 不予受理 ruling: court, title, number, parties, what was filed and when, the reasons, the
    legal basis, the order and the remedy (登记立案规定 art 9: a written ruling with reasons)."""
    who = "、".join(claimants) or "起诉人"
    lines = [court_name, form.title, number, f"起诉人：{who}。"]
    if respondents:
        lines.append(f"被起诉人：{'、'.join(respondents)}。")
    request = f"，请求：{claims.strip().rstrip('。')}" if claims and claims.strip() else ""
    lines.append(f"{format_date(received_on)}，本院收到{who}的起诉材料{request}。")
    lines.append(f"本院经审查认为，{reason.strip().rstrip('。')}。")
    lines.append(f"依照{legal_basis or form.basis}之规定，裁定如下：")
    lines.append(f"对{who}的起诉，本院不予受理。")
    lines.append(form.remedy)
    lines.append(format_date(decided_on))
    return "\n".join(lines)
