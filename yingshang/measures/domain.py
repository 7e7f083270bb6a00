"""Pure rules of the plan: read an implementation plan (实施方案) into measures, deadlines and targets, and
judge a measure's status and traffic light. No ORM, no settings, no clock: text and dates in, dataclasses out.

Source: 咸丰县人民法院《2023年优化法治化营商环境工作实施方案》 — 三、主要任务 (35 measures, each closing with
牵头领导/责任部门/协助部门/完成时限) and 四、工作要求 (二) ("对优化营商环境职责范围内的各项任务实行项目化、清单化；
对工作开展情况，督察室将定期检查、及时通报、督促落实、跟踪问效"). Other courts' plans use the variants read here
too: numbering 1. / 1、 / （一） / 一、, keys 牵头院领导 / 牵头部门 / 配合部门 / 时间节点, dates such as 2024年底 or
2024年第三季度.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Mapping

# --------------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------------

LEADER_KEYS = ("牵头院领导", "责任院领导", "分管院领导", "牵头领导", "责任领导", "分管领导", "牵头院长", "责任人")
RESPONSIBLE_KEYS = ("责任部门", "牵头部门", "责任单位", "牵头单位", "主办部门", "承办部门")
ASSISTING_KEYS = ("协助部门", "配合部门", "协办部门", "协助单位", "配合单位", "参与部门")
DEADLINE_KEYS = ("完成时限", "完成期限", "完成时间", "时间节点", "时间要求", "时限要求")
KEY_FIELDS = {**{k: "lead_leaders" for k in LEADER_KEYS}, **{k: "responsible_departments" for k in RESPONSIBLE_KEYS},
              **{k: "assisting_departments" for k in ASSISTING_KEYS}, **{k: "deadline" for k in DEADLINE_KEYS}}
_KEYS_RE = "|".join(sorted(KEY_FIELDS, key=len, reverse=True))
_KEY_RE = re.compile(rf"({_KEYS_RE})\s*[：:]")
# Where a measure's metadata starts: an opening bracket before a key, a key at a line start, or a key after
# the end of a sentence.
_META_START_RE = re.compile(rf"[（(]\s*(?:{_KEYS_RE})\s*[：:]|(?:^|(?<=[。；;！!\n]))[ \t\u3000]*(?:{_KEYS_RE})\s*[：:]",
                            re.MULTILINE)

ONGOING_WORDS = ("持续推进", "长期坚持", "长期推进", "持续开展", "长期执行", "常态化推进", "长期有效")
ONGOING_EXACT = ("长期", "持续", "常态化", "长期性工作", "持续性工作")

SECTION_KINDS = (  # (kind, words in the heading)
    ("overall_requirements", ("总体要求", "指导思想", "总体思路")),
    ("objectives", ("工作目标", "目标任务", "主要目标")),
    ("tasks", ("主要任务", "重点任务", "工作任务", "工作措施", "具体措施", "主要措施", "工作举措", "具体举措", "重点举措")),
    ("work_requirements", ("工作要求", "保障措施", "组织保障", "工作保障")),
)

# Collective department names used by plans, with the department kinds they cover (org.choices.DepartmentKind
# values; kept as plain strings so this module stays pure).
TRIAL_KINDS = frozenset({"filing", "civil", "criminal", "administrative", "bankruptcy", "tribunal", "environment"})
TRIAL_AND_ENFORCEMENT_KINDS = TRIAL_KINDS | {"enforcement"}
ALL_KINDS = frozenset({"filing", "civil", "criminal", "administrative", "enforcement", "bankruptcy",
                       "trial_management", "general_office", "information", "business_environment", "inspection",
                       "tribunal", "environment", "finance", "leadership"})
# 全院各部门 means the departments, not the court's leadership (院领导 lead measures by name instead).
ALL_DEPARTMENT_KINDS = ALL_KINDS - {"leadership"}
DEPARTMENT_ALIASES: dict[str, frozenset[str]] = {
    "立案庭": frozenset({"filing"}),
    "诉讼服务中心": frozenset({"filing"}),
    "民事审判庭": frozenset({"civil"}), "民庭": frozenset({"civil"}), "民一庭": frozenset({"civil"}),
    "刑事审判庭": frozenset({"criminal"}), "刑庭": frozenset({"criminal"}),
    "行政审判庭": frozenset({"administrative"}), "行政庭": frozenset({"administrative"}),
    "执行局": frozenset({"enforcement"}),
    "破产合议庭": frozenset({"bankruptcy"}), "破产审判庭": frozenset({"bankruptcy"}),
    "审管办": frozenset({"trial_management"}), "审判管理办公室": frozenset({"trial_management"}),
    "综合办": frozenset({"general_office"}), "综合办公室": frozenset({"general_office"}),
    "办公室": frozenset({"general_office"}),
    "信息管理部门": frozenset({"information"}), "信息技术部门": frozenset({"information"}),
    "营商办": frozenset({"business_environment"}), "营商环境办公室": frozenset({"business_environment"}),
    "督察室": frozenset({"inspection"}),
    "人民法庭": frozenset({"tribunal"}), "各人民法庭": frozenset({"tribunal"}), "基层法庭": frozenset({"tribunal"}),
    "各基层法庭": frozenset({"tribunal"}), "各派出法庭": frozenset({"tribunal"}),
    "环境资源法庭": frozenset({"environment"}), "环境资源保护法庭": frozenset({"environment"}),
    "计划财务装备科": frozenset({"finance"}), "计财科": frozenset({"finance"}),
    "各审判部门": TRIAL_KINDS, "审判部门": TRIAL_KINDS, "各业务庭": TRIAL_KINDS,
    "各审判执行部门": TRIAL_AND_ENFORCEMENT_KINDS, "审判执行部门": TRIAL_AND_ENFORCEMENT_KINDS,
    "全院各部门": ALL_DEPARTMENT_KINDS, "各部门": ALL_DEPARTMENT_KINDS, "全院": ALL_DEPARTMENT_KINDS,
}

_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
              "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_CN_NUM = "零〇一二两三四五六七八九十百"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# Characters that, right after a number at the start of a line, make it a quantity and not a measure number.
_QUANTITY_CHARS = set("年月日号个项条次倍名万亿元时分秒岁期批%％‰.．0123456789")
_BOOKMARK_RE = re.compile(r"\[bookmark:[^\]]*\]")  # Word bookmarks left by a .docx → text conversion
_SPACES = " \t\u3000\xa0\ufeff"


def cn_to_int(text: str) -> int | None:
    """一 → 1, 十二 → 12, 三十五 → 35, 二〇二三 → 2023 (digit by digit); None when not a Chinese numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        value = 0
        for ch in text:
            value = value * 10 + _CN_DIGITS[ch]
        return value
    total, digit = 0, None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


# --------------------------------------------------------------------------------------------------
# Deadlines
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Deadline:
    """A measure's 完成时限. ``on`` is the last day to finish; ``is_ongoing`` for 持续推进 / 长期坚持 (no date)."""

    text: str
    on: date | None
    is_ongoing: bool
    is_recognised: bool


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _to_int(text: str) -> int | None:
    text = text.strip()
    if text.isdigit():
        return int(text)
    return cn_to_int(text)


_NUM = rf"[0-9{_CN_NUM}]+"
_DATE_PATTERNS = (
    # 2024年6月30日(前) / 2024-06-30 / 2024.6.30 / 2024/6/30
    (re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*({_NUM})\s*[日号]"), "day"),
    (re.compile(r"(\d{4})[-./](\d{1,2})[-./](\d{1,2})"), "day"),
    # 2024年第三季度(末/底)(前)
    (re.compile(rf"({_NUM})\s*年\s*第?\s*([一二三四1-4])\s*季度"), "quarter"),
    (re.compile(rf"({_NUM})\s*年\s*(上半年|下半年)"), "half"),
    # 2023年12月(底)(前) / 2023年5月中旬 / 2023年5月上旬
    (re.compile(rf"({_NUM})\s*年\s*({_NUM})\s*月\s*(上旬|中旬|下旬)?"), "month"),
    # 2024年底 / 2024年年底前 / 2024年末 / 2024年全年
    (re.compile(rf"({_NUM})\s*年\s*(?:年\s*)?(?:底|末|全年|年内)"), "year"),
    (re.compile(r"(\d{4})[-./](\d{1,2})(?![\d])"), "month"),
)


def _date_candidates(text: str) -> list[tuple[int, date]]:
    found: list[tuple[int, date]] = []
    taken: list[tuple[int, int]] = []
    for pattern, kind in _DATE_PATTERNS:
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in taken):
                continue
            try:
                year = _to_int(match.group(1))
                if year is None or year < 1900:
                    continue
                if kind == "day":
                    value = date(year, _to_int(match.group(2)), _to_int(match.group(3)))
                elif kind == "quarter":
                    quarter = _to_int(match.group(2))
                    value = _month_end(year, quarter * 3)
                elif kind == "half":
                    value = date(year, 6, 30) if match.group(2) == "上半年" else date(year, 12, 31)
                elif kind == "month":
                    month = _to_int(match.group(2))
                    part = match.group(3) if match.lastindex and match.lastindex >= 3 else None
                    value = (date(year, month, 10) if part == "上旬" else date(year, month, 20) if part == "中旬"
                             else _month_end(year, month))
                else:
                    value = date(year, 12, 31)
            except (TypeError, ValueError):
                continue
            taken.append((match.start(), match.end()))
            found.append((match.start(), value))
    return sorted(found)


def parse_deadline(text: str) -> Deadline:
    """Read a 完成时限. A date means the last day to finish: 2023年12月底前 and 2023年12月 → 2023-12-31,
    2023年8月底 → 2023-08-31, 2024年6月30日前 → 2024-06-30, 2024年底 / 2024年年底前 → 2024-12-31,
    2024年第三季度 → 2024-09-30, 2024年上半年 → 2024-06-30, 5月中旬 → the 20th. 持续推进 and 长期坚持 mean
    ongoing, with no date. Where several dates are named the latest one is the deadline."""
    clean = "".join(ch for ch in (text or "") if ch not in _SPACES)
    dates = _date_candidates(clean)
    bare = clean.strip("。.；;，,")
    is_ongoing = bare in ONGOING_EXACT or any(word in clean for word in ONGOING_WORDS)
    on = max(d for _, d in dates) if dates else None
    return Deadline(text=clean, on=on, is_ongoing=is_ongoing, is_recognised=bool(dates) or is_ongoing)


# --------------------------------------------------------------------------------------------------
# Targets
# --------------------------------------------------------------------------------------------------

class Comparator:
    GTE = "gte"  # ≥ — 达到、以上、不低于
    LTE = "lte"  # ≤ — 控制在…以下、不得超过、…日内


class Unit:
    PERCENT = "percent"
    WORKING_DAYS = "working_days"
    DAYS = "days"
    MONTHS = "months"


COMPARATOR_SIGNS = {Comparator.GTE: "≥", Comparator.LTE: "≤"}
UNIT_LABELS = {Unit.PERCENT: "%", Unit.WORKING_DAYS: "个工作日", Unit.DAYS: "日", Unit.MONTHS: "个月"}


@dataclass(frozen=True)
class Target:
    """A measurable commitment in a measure's text: ``metric`` ``comparator`` ``value`` ``unit``, e.g.
    涉企速裁案件调撤率 ≥ 60 percent. ``phrase`` is the words of the plan; ``basis`` the base of a ratio
    (不得超过保全标的额的20% → 保全标的额); ``indicator_code`` the live indicator it is measured by, if mapped."""

    metric: str
    comparator: str
    value: Decimal
    unit: str
    phrase: str
    basis: str = ""
    indicator_code: str | None = None

    @property
    def label(self) -> str:
        value = format(self.value.normalize(), "f")
        return f"{self.metric} {COMPARATOR_SIGNS[self.comparator]} {value}{UNIT_LABELS[self.unit]}"

    def as_json(self) -> dict:
        return {"metric": self.metric, "comparator": self.comparator, "value": format(self.value.normalize(), "f"),
                "unit": self.unit, "phrase": self.phrase, "basis": self.basis, "indicator_code": self.indicator_code}


_GTE_VERBS = ("提高到", "提高至", "提升到", "提升至", "保持在", "不低于", "达到", "高于", "达", "到")
_LTE_VERBS = ("控制在", "降低到", "降低至", "压缩到", "压缩至", "不得超过", "不得高于", "不超过", "不高于", "降至", "降到",
              "低于")
_VERB_RE = "|".join(sorted(_GTE_VERBS + _LTE_VERBS, key=len, reverse=True))
_PERCENT_RE = re.compile(
    rf"(?P<verb>{_VERB_RE})?(?P<basis>(?<=超过)[^，。；、%\d]{{1,15}}?的)?(?P<value>\d+(?:\.\d+)?)\s*[%％]"
    r"(?P<note>\s*[（(][^）)]*[）)])?\s*(?P<suffix>以上|以下|以内)?")
_TIME_RE = re.compile(r"(?<![\d.])(?P<value>\d+)\s*个?\s*(?P<unit>工作日|日|天|月)\s*(?:以内|之内|内)")
_MONTHS_RE = re.compile(r"超过?(?P<value>\d+)\s*个月|(?<![\d.])(?P<value2>\d+)\s*个月以上")
_METRIC_STOP = "，,。；;：:\n！!？?"
_LEADING_VERBS = ("力争实现", "实现", "确保", "保证", "力争", "推动", "做到", "使", "其中", "全年")
_TIME_UNITS = {"工作日": Unit.WORKING_DAYS, "日": Unit.DAYS, "天": Unit.DAYS, "月": Unit.MONTHS}


def _metric_before(text: str, end: int) -> tuple[str, int]:
    start = end
    while start > 0 and text[start - 1] not in _METRIC_STOP:
        start -= 1
    metric = text[start:end].strip()
    for verb in _LEADING_VERBS:
        if metric.startswith(verb) and len(metric) > len(verb) + 1:
            metric = metric[len(verb):]
            break
    return metric, start


def _clause_after(text: str, start: int) -> str:
    end = start
    while end < len(text) and text[end] not in _METRIC_STOP:
        end += 1
    return text[start:end].strip()


def match_indicator(metric: str, indicator_map: Mapping[str, str] | None) -> str | None:
    """The indicator code of the first mapping phrase contained in the metric (mapping order decides)."""
    for phrase, code in (indicator_map or {}).items():
        if phrase and phrase in metric:
            return code
    return None


def extract_targets(text: str, indicator_map: Mapping[str, str] | None = None) -> list[Target]:
    """Measurable commitments in a measure's text, in order of appearance, without repeats:
    - rates: 调撤率达到60% (≥), 成本控制在14.91%（…）以下 (≤), 不得超过保全标的额的20% (≤), 利用率达40%以上 (≥);
    - time limits: 在3个工作日内回复, 1个工作日内退还, 答辩期满5日内移送 (≤, working days / days / months);
    - age thresholds: 超6个月 / 9个月以上未结案件 (≥ months)."""
    found: list[tuple[int, Target]] = []
    for m in _PERCENT_RE.finditer(text):
        verb, suffix = m.group("verb"), m.group("suffix")
        if not verb and not suffix:
            continue
        if suffix == "以上":
            comparator = Comparator.GTE
        elif suffix in ("以下", "以内"):
            comparator = Comparator.LTE
        else:
            comparator = Comparator.GTE if verb in _GTE_VERBS else Comparator.LTE
        metric, start = _metric_before(text, m.start())
        basis = (m.group("basis") or "").removesuffix("的")
        found.append((m.start(), Target(metric=metric, comparator=comparator, value=Decimal(m.group("value")),
                                         unit=Unit.PERCENT, phrase=text[start:m.end()].strip(), basis=basis)))
    for m in _TIME_RE.finditer(text):
        _, start = _metric_before(text, m.start())
        phrase = (text[start:m.end()] + _clause_after(text, m.end())).strip()
        metric = _clause_after(text, m.end())
        if len(metric) < 4:  # 「鉴定期限控制在30日以内」「到账后10个工作日内发放」: the subject comes first
            subject = re.sub(r"(?:控制在|应当在|应在|须在|必须在|在|于)$", "", text[start:m.start()].strip())
            metric = (subject + metric) or phrase
        found.append((m.start(), Target(metric=metric, comparator=Comparator.LTE, value=Decimal(m.group("value")),
                                         unit=_TIME_UNITS[m.group("unit")], phrase=phrase.strip())))
    for m in _MONTHS_RE.finditer(text):
        rest = re.sub(r"^(?:[和及与、或]超?过?\d+\s*个月(?:以上)?)+", "", text[m.end():])
        rest = re.sub(r"^以上", "", rest)
        metric = re.split(r"[的由等（(“”\"，,。；;、\n]", rest, maxsplit=1)[0].strip()
        if "案件" in metric:
            metric = metric[: metric.index("案件") + 2]
        value = m.group("value") or m.group("value2")
        found.append((m.start(), Target(metric=metric, comparator=Comparator.GTE, value=Decimal(value),
                                         unit=Unit.MONTHS, phrase=m.group(0) + metric)))
    targets: list[Target] = []
    seen = set()
    for _, target in sorted(found, key=lambda item: item[0]):
        key = (target.metric, target.comparator, target.value, target.unit)
        if key in seen:
            continue
        seen.add(key)
        code = match_indicator(target.metric, indicator_map)
        targets.append(target if code is None else Target(**{**target.__dict__, "indicator_code": code}))
    return targets


# --------------------------------------------------------------------------------------------------
# The plan
# --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ParsedMeasure:
    number: int
    label: str
    title: str
    text: str
    source_text: str
    line_number: int
    lead_leaders: tuple[str, ...]
    responsible_departments: tuple[str, ...]
    assisting_departments: tuple[str, ...]
    deadline: Deadline
    targets: tuple[Target, ...] = ()
    group: str = ""
    extra: dict = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def as_json(self) -> dict:
        return {
            "number": self.number, "title": self.title, "lead_leaders": list(self.lead_leaders),
            "responsible_departments": list(self.responsible_departments),
            "assisting_departments": list(self.assisting_departments),
            "deadline": self.deadline.on.isoformat() if self.deadline.on else None,
            "is_ongoing": self.deadline.is_ongoing, "targets": [t.as_json() for t in self.targets],
        }


@dataclass(frozen=True)
class UnparsedBlock:
    """A block the parser could not read as a measure: kept word for word with its first line number."""

    line_number: int
    text: str
    reason: str

    def as_json(self) -> dict:
        return {"line": self.line_number, "text": self.text, "reason": self.reason}


@dataclass(frozen=True)
class RequirementItem:
    heading: str
    text: str
    line_number: int


@dataclass(frozen=True)
class PlanSection:
    heading: str
    kind: str  # overall_requirements / objectives / tasks / work_requirements / other
    text: str
    items: tuple[RequirementItem, ...]
    line_number: int


@dataclass(frozen=True)
class ParsedPlan:
    title: str
    year: int | None
    preamble: str
    sections: tuple[PlanSection, ...]
    measures: tuple[ParsedMeasure, ...]
    unparsed: tuple[UnparsedBlock, ...]
    warnings: tuple[str, ...] = ()

    def section_text(self, kind: str) -> str:
        """All text of the sections of one kind, items as 「heading。text」 paragraphs."""
        parts = []
        for section in self.sections:
            if section.kind == kind:
                parts.extend(p for p in [section.text] if p)
                parts.extend(_item_paragraph(item) for item in section.items)
        return "\n".join(parts)

    @property
    def overall_requirements(self) -> str:
        return self.section_text("overall_requirements")

    @property
    def objectives(self) -> str:
        return self.section_text("objectives")

    @property
    def work_requirements(self) -> tuple[RequirementItem, ...]:
        return tuple(item for s in self.sections if s.kind == "work_requirements" for item in s.items)

    def as_json(self) -> dict:
        return {"title": self.title, "measures": [m.as_json() for m in self.measures],
                "unparsed": [u.as_json() for u in self.unparsed]}


def _item_paragraph(item: RequirementItem) -> str:
    if item.heading and item.text:
        return f"{item.heading}。{item.text}"
    return item.heading or item.text


@dataclass(frozen=True)
class _Numbered:
    style: str
    number: int
    label: str
    rest: str


def _numbering(line: str) -> _Numbered | None:
    """Recognise a numbered line: （一） (1) 一、 1. 1、 1． 13␣ 13加强 ①."""
    m = re.match(rf"^([（(]\s*([{_CN_NUM}]+)\s*[）)])\s*[、.．，,]?\s*(.*)$", line, re.S)
    if m:
        return _Numbered("cn_paren", cn_to_int(m.group(2)), m.group(1), m.group(3))
    m = re.match(r"^([（(]\s*(\d{1,3})\s*[）)])\s*[、.．，,]?\s*(.*)$", line, re.S)
    if m:
        return _Numbered("arabic_paren", int(m.group(2)), m.group(1), m.group(3))
    m = re.match(rf"^([{_CIRCLED}])\s*(.*)$", line, re.S)
    if m:
        return _Numbered("circled", _CIRCLED.index(m.group(1)) + 1, m.group(1), m.group(2))
    m = re.match(rf"^(([{_CN_NUM}]+)\s*(?:[、.．，,]|[ \t\u3000]+))\s*(.*)$", line, re.S)
    if m and cn_to_int(m.group(2)) and m.group(3):
        return _Numbered("cn", cn_to_int(m.group(2)), m.group(1).strip(), m.group(3))
    m = re.match(r"^((\d{1,3})\s*(?:[、.．，,]|[ \t\u3000]+|(?=[^\d\s])))\s*(.*)$", line, re.S)
    if m and m.group(3) and m.group(3)[0] not in _QUANTITY_CHARS and int(m.group(2)) > 0:
        return _Numbered("arabic", int(m.group(2)), m.group(1).strip(), m.group(3))
    return None


def _section_kind(heading: str) -> str | None:
    for kind, words in SECTION_KINDS:
        if any(word in heading for word in words):
            return kind
    return None


def split_names(value: str) -> tuple[str, ...]:
    """刘燕君、胡磊 → (刘燕君, 胡磊); spaces inside a name (胡　磊) are padding and dropped."""
    parts = re.split(r"[、，,／/;；]", value)
    names = []
    for part in parts:
        name = "".join(ch for ch in part if ch not in _SPACES).strip("。.")
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _closing_bracket(text: str, start: int) -> int | None:
    """Index of the bracket closing the one at ``start``, or None."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] in "（(":
            depth += 1
        elif text[i] in "）)":
            depth -= 1
            if depth == 0:
                return i
    return None


def _split_parts(meta: str) -> list[str]:
    """Split metadata at ；; and newlines that are not inside brackets."""
    parts, depth, current = [], 0, []
    for ch in meta:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if ch in "；;\n" and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p.strip(_SPACES + "，,。") for p in parts if p.strip(_SPACES + "，,。")]


@dataclass
class _Meta:
    values: dict[str, str] = field(default_factory=dict)
    extra: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)  # text without a key: reported as unparsed


def parse_metadata(meta: str) -> _Meta:
    """Read 「牵头领导：胡磊；责任部门：各审判部门；协助部门：审管办、立案庭；完成时限：持续推进」 (brackets already
    removed) into field → raw value. Keys may also be separated by commas, spaces or new lines; unknown keys are
    kept in ``extra`` with a warning; text without any key is returned in ``leftovers``."""
    result = _Meta()
    for part in _split_parts(meta):
        matches = list(_KEY_RE.finditer(part))
        prefix = part[: matches[0].start()] if matches else part
        prefix = prefix.strip(_SPACES + "，,")
        if prefix:
            m = re.match(r"^([^：:]{1,12})[：:](.*)$", prefix, re.S)
            if m:
                key, value = m.group(1).strip(), m.group(2).strip(_SPACES + "，,")
                result.extra[key] = value
                result.warnings.append(f"未识别的项目「{key}」：{value}")
            else:
                result.leftovers.append(prefix)
        for i, m in enumerate(matches):
            end = matches[i + 1].start() if i + 1 < len(matches) else len(part)
            value = part[m.end():end].strip(_SPACES + "，,")
            fld = KEY_FIELDS[m.group(1)]
            if fld in result.values and result.values[fld]:
                result.values[fld] += "、" + value
            else:
                result.values[fld] = value
    return result


@dataclass
class _Block:
    numbered: _Numbered | None
    lines: list[tuple[int, str]]  # (line number, text) — the first is the numbered line itself

    @property
    def line_number(self) -> int:
        return self.lines[0][0]

    @property
    def raw(self) -> str:
        return "\n".join(text for _, text in self.lines)

    @property
    def content(self) -> str:
        """The block without its number."""
        first = self.numbered.rest if self.numbered else self.lines[0][1]
        return "\n".join([first] + [text for _, text in self.lines[1:]])


def _meta_span(content: str) -> tuple[int, int | None, bool] | None:
    """(start, end, bracketed) of the metadata in a block's content; end None means to the end."""
    m = _META_START_RE.search(content)
    if not m:
        return None
    start = m.start()
    while content[start] in _SPACES:
        start += 1
    if content[start] in "（(":
        close = _closing_bracket(content, start)
        return start, close, True
    return start, None, False


def _line_of(block: _Block, fragment: str) -> int:
    for number, line in reversed(block.lines):
        if fragment[:20] in line:
            return number
    return block.line_number


def _first_sentence(text: str) -> str:
    m = re.search(r"[。！!？?]", text)
    sentence = text[: m.start()] if m else text
    return sentence.strip(_SPACES + "，,；;：:")


def _measure_from_block(block: _Block, group: str, indicator_map) -> tuple[ParsedMeasure | None, list[UnparsedBlock]]:
    content = block.content
    span = _meta_span(content)
    if span is None:
        return None, [UnparsedBlock(block.line_number, block.raw, "未找到牵头领导、责任部门或完成时限")]
    start, end, bracketed = span
    body = content[:start].strip(_SPACES + "\n")
    unparsed: list[UnparsedBlock] = []
    if bracketed:
        meta = content[start + 1: end] if end is not None else content[start + 1:]
        after = content[end + 1:] if end is not None else ""
        trailing = after.lstrip(_SPACES + "\n。.")
        if trailing.strip(_SPACES + "\n"):
            # Text after the closing bracket: keep it as an unparsed block at its own line.
            offset = content[: end + 1 + len(after) - len(trailing)].count("\n")
            unparsed.append(UnparsedBlock(block.lines[offset][0], trailing.rstrip(_SPACES + "\n"),
                                          "举措责任信息之后的文字无法归属"))
    else:
        meta = content[start:]
    info = parse_metadata(meta)
    for leftover in info.leftovers:
        unparsed.append(UnparsedBlock(_line_of(block, leftover), leftover, "举措责任信息中无法归属的文字"))
    warnings = list(info.warnings)
    leaders = split_names(info.values.get("lead_leaders", ""))
    responsible = split_names(info.values.get("responsible_departments", ""))
    assisting = split_names(info.values.get("assisting_departments", ""))
    deadline = parse_deadline(info.values.get("deadline", ""))
    if not leaders:
        warnings.append("未写明牵头领导")
    if not responsible:
        warnings.append("未写明责任部门")
    if "deadline" not in info.values:
        warnings.append("未写明完成时限")
    elif not deadline.is_recognised:
        warnings.append(f"无法识别的完成时限：{deadline.text}")
    body_lines = [line for line in body.split("\n") if line.strip(_SPACES)]
    first = body_lines[0].strip(_SPACES) if body_lines else ""
    if len(body_lines) > 1 and not re.search(r"[。！!？?]", first):
        title = first.strip(_SPACES + "，,；;：:。")  # a heading line, the text below it
    else:
        title = _first_sentence(" ".join(body_lines))
    text = "\n".join(line.strip(_SPACES) for line in body_lines)
    measure = ParsedMeasure(
        number=block.numbered.number, label=block.numbered.label, title=title, text=text, source_text=block.raw,
        line_number=block.line_number, lead_leaders=leaders, responsible_departments=responsible,
        assisting_departments=assisting, deadline=deadline, targets=tuple(extract_targets(text, indicator_map)),
        group=group, extra=info.extra, warnings=tuple(warnings),
    )
    return measure, unparsed


def _clean_lines(text: str) -> list[tuple[int, str]]:
    lines = []
    for number, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        line = _BOOKMARK_RE.sub("", line).strip(_SPACES)
        if line:
            lines.append((number, line))
    return lines


def _looks_like_heading(line: str) -> bool:
    return len(line) <= 20 and not re.search(r"[。；;，,]", line) and _section_kind(line) is not None


def parse_plan(text: str, *, indicator_map: Mapping[str, str] | None = None) -> ParsedPlan:
    """Read an implementation plan into its title, preamble, sections, measures and unparsed blocks.

    Measures are the numbered blocks carrying 牵头领导/责任部门/完成时限 (in brackets at the end, on the lines
    below, or after the last sentence); the numbering style most of them share is the measure style, the other
    styles are section and group headings. A measure-style block without that information inside the task
    section, or prose after a measure's information, is reported with its line number and kept as text."""
    lines = _clean_lines(text)
    blocks: list[_Block] = []
    for number, line in lines:
        numbered = _numbering(line)
        if numbered is None and blocks and _looks_like_heading(line):  # the first line is the title
            numbered = _Numbered("heading", 0, "", line)
        if numbered is not None or not blocks:
            blocks.append(_Block(numbered, [(number, line)]))
        else:
            blocks[-1].lines.append((number, line))

    with_meta: dict[str, int] = {}
    for block in blocks:
        if block.numbered and block.numbered.style != "heading" and _meta_span(block.content):
            with_meta[block.numbered.style] = with_meta.get(block.numbered.style, 0) + 1
    measure_style = max(with_meta, key=lambda s: with_meta[s]) if with_meta else None

    title, preamble_parts, warnings = "", [], []
    sections: list[dict] = []
    measures: list[ParsedMeasure] = []
    unparsed: list[UnparsedBlock] = []
    group = ""
    for block in blocks:
        if block.numbered is None:  # text before the first numbered line: title and preamble
            body_lines = list(block.lines)
            first_no, first = body_lines[0]
            if len(first) <= 60 and not re.search(r"[。；;]$", first):
                title = first
                body_lines = body_lines[1:]
            preamble_parts.extend(line for _, line in body_lines)
            continue
        style = block.numbered.style
        heading_lines = block.content.split("\n")
        heading, rest = heading_lines[0], heading_lines[1:]
        if style == measure_style:
            in_tasks = bool(sections) and (sections[-1]["kind"] == "tasks" or sections[-1]["has_measures"])
            is_heading = _section_kind(heading) is not None and len(heading) <= 20
            if _meta_span(block.content) or (in_tasks and not is_heading):
                measure, extra_unparsed = _measure_from_block(block, group, indicator_map)
                if measure is not None:
                    measures.append(measure)
                    if sections:
                        sections[-1]["has_measures"] = True
                unparsed.extend(extra_unparsed)
                continue
        if style != "heading" and sections and sections[-1]["kind"] == "tasks" and sections[-1]["style"] != style \
                and re.search(r"[。；;]", block.content):
            unparsed.append(UnparsedBlock(block.line_number, block.raw, "未找到牵头领导、责任部门或完成时限"))
            continue
        if style in ("cn", "heading") or not sections or sections[-1]["style"] == style:
            kind = _section_kind(heading)
            sections.append({"heading": heading, "kind": kind, "text": "\n".join(rest), "items": [], "style": style,
                             "line": block.line_number, "has_measures": False})
            group = heading if kind is None else ""
            continue
        # A sub-heading: an item of 工作要求, or a group of measures within the tasks.
        item_heading, item_text = _split_heading(heading)
        item_text = "\n".join([p for p in [item_text] + rest if p])
        sections[-1]["items"].append(RequirementItem(item_heading, item_text, block.line_number))
        if sections[-1]["kind"] in ("tasks", None):
            group = item_heading

    numbers = [m.number for m in measures]
    if len(set(numbers)) != len(numbers):
        warnings.append("举措编号重复，已按出现顺序重新编号")
        measures = [ParsedMeasure(**{**m.__dict__, "number": i}) for i, m in enumerate(measures, start=1)]
    else:
        expected = set(range(1, max(numbers) + 1)) if numbers else set()
        missing = sorted(expected - set(numbers))
        if missing:
            warnings.append("举措编号不连续，缺少：" + "、".join(str(n) for n in missing))
    year_match = re.search(r"(\d{4})\s*年", title)
    plan_sections = tuple(
        PlanSection(heading=s["heading"], kind=s["kind"] or "other", text=s["text"], items=tuple(s["items"]),
                    line_number=s["line"]) for s in sections)
    return ParsedPlan(title=title, year=int(year_match.group(1)) if year_match else None,
                      preamble="\n".join(preamble_parts), sections=plan_sections, measures=tuple(measures),
                      unparsed=tuple(sorted(unparsed, key=lambda u: u.line_number)), warnings=tuple(warnings))


def _split_heading(line: str) -> tuple[str, str]:
    """（一）加强组织领导。把促进… → ("加强组织领导", "把促进…")."""
    m = re.search(r"[。！!？?]", line)
    if not m:
        return line.strip(_SPACES + "：:"), ""
    return line[: m.start()].strip(_SPACES), line[m.end():].strip(_SPACES)


# --------------------------------------------------------------------------------------------------
# Departments
# --------------------------------------------------------------------------------------------------

def department_names_covering(*, kind: str, name: str) -> set[str]:
    """The names under which a plan may assign work to a department of this kind and name: its own name, the
    short and long names of its kind (审管办 / 审判管理办公室), and the collective names that include it
    (各审判部门 for the divisions, 全院各部门 for everyone)."""
    names = {name} if name else set()
    names.update(alias for alias, kinds in DEPARTMENT_ALIASES.items() if kind in kinds)
    return names


# --------------------------------------------------------------------------------------------------
# Status and traffic light
# --------------------------------------------------------------------------------------------------

class MeasureStatus:
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    OVERDUE = "overdue"
    ONGOING = "ongoing"


STATUS_LABELS = {MeasureStatus.NOT_STARTED: "未开始", MeasureStatus.IN_PROGRESS: "推进中",
                 MeasureStatus.COMPLETED: "已完成", MeasureStatus.OVERDUE: "逾期", MeasureStatus.ONGOING: "持续推进"}


class Light:
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


LIGHT_LABELS = {Light.GREEN: "绿灯", Light.AMBER: "黄灯", Light.RED: "红灯", Light.GREY: "灰灯"}


@dataclass(frozen=True)
class MeasureState:
    status: str
    light: str
    light_text: str
    days_left: int | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def measure_state(*, deadline_on: date | None, is_ongoing: bool, progress_percent: int, completed_on: date | None,
                  last_reported_on: date | None, started_on: date, today: date, warning_days: int = 30,
                  stale_days: int = 90, lag_tolerance: int = 20) -> MeasureState:
    """Status and traffic light of one measure on ``today`` (the plan's 项目化、清单化 supervision, 四(二)).

    - 已完成 when the department reported it complete (green; "逾期完成" when after the deadline);
    - 逾期 the day after the deadline when not complete (red). The deadline day itself is still in time;
    - 持续推进 for ongoing measures without a date: green, amber when nothing was reported for ``stale_days``
      (the Party group reviews every quarter: 90 days by default);
    - otherwise 未开始 (nothing reported) or 推进中; amber when the deadline is within ``warning_days`` or the
      reported progress lags the share of time used by more than ``lag_tolerance`` points, else green.
    """
    if completed_on is not None:
        late = deadline_on is not None and completed_on > deadline_on
        return MeasureState(MeasureStatus.COMPLETED, Light.GREEN, "逾期后完成" if late else "已完成")
    if deadline_on is not None and today > deadline_on:
        overdue = (today - deadline_on).days
        return MeasureState(MeasureStatus.OVERDUE, Light.RED, f"已逾期{overdue}日", -overdue)
    has_reports = last_reported_on is not None
    if deadline_on is None:
        last = last_reported_on or started_on
        idle = (today - last).days
        status = MeasureStatus.ONGOING if is_ongoing else (
            MeasureStatus.IN_PROGRESS if has_reports else MeasureStatus.NOT_STARTED)
        if idle >= stale_days:
            return MeasureState(status, Light.AMBER, f"已{idle}日未报送进展")
        if not is_ongoing:
            return MeasureState(status, Light.GREY, "未写明完成时限")
        return MeasureState(status, Light.GREEN, "持续推进")
    status = MeasureStatus.IN_PROGRESS if has_reports else MeasureStatus.NOT_STARTED
    days_left = (deadline_on - today).days
    total = max((deadline_on - started_on).days, 1)
    expected = min(max((today - started_on).days * 100 // total, 0), 100)
    if progress_percent + lag_tolerance < expected:
        return MeasureState(status, Light.AMBER, f"进度滞后：应达{expected}%，实报{progress_percent}%", days_left)
    if days_left == 0:
        return MeasureState(status, Light.AMBER, "今日到期", days_left)
    if days_left <= warning_days:
        return MeasureState(status, Light.AMBER, f"距完成时限{days_left}日", days_left)
    return MeasureState(status, Light.GREEN, f"按期推进，距完成时限{days_left}日", days_left)
