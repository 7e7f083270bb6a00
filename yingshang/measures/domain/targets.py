"""Measurable commitments (目标) in a measure's text: metric, comparator, value, unit."""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

class Comparator:
    GTE = "gte"  # ≥ — 达到、以上、不低于
    LTE = "lte"  # ≤ — 控制在…以下、不得超过、…日内


class Unit:
    PERCENT = "percent"
    WORKING_DAYS = "working_days"
    DAYS = "days"
    MONTHS = "months"


COMPARATOR_SIGNS = {Comparator.GTE: "≥", Comparator.LTE: "≤"}
UNIT_LABELS = {Unit.PERCENT: "%", Unit.WORKING_DAYS: "个工作日", Unit.DAYS: "日", Unit.MONTHS: "个月",
               "cases": "件"}  # "cases": live counts from the indicators (e.g. open cases past 12 months)


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
