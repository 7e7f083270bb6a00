"""Pure rules of the enterprise economic-impact assessment (涉企案件经济影响评估).

Source: the court's 2023 plan, measure 5 (the form is rigidly embedded in 立案、保全、审理、执行、司法公开、审限管理;
its use is markable, traceable and countable; 审管办 samples and reports) and measure 12 (extension to
administrative enforcement). No statute fixes the questions or the scoring: they are data (versioned templates
edited by 审管办); these functions only apply them.
"""

import random
import re
from dataclasses import dataclass

from yingshang.assessments.choices import GateOutcome, ImpactLevel, MeasureTag, QuestionKind
from yingshang.assessments.errors import AssessmentError
from yingshang.core.errors import DomainError


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    score: int = 0


@dataclass(frozen=True)
class Question:
    code: str
    text: str
    kind: str
    required: bool = True
    options: tuple[Option, ...] = ()
    section: str = ""


@dataclass(frozen=True)
class TemplateSpec:
    questions: tuple[Question, ...]
    medium_from: int
    high_from: int


def template_spec(questions: list[dict], medium_from: int, high_from: int) -> TemplateSpec:
    """Validate a template's question list (as stored JSON) and thresholds; raise TEMPLATE_INVALID on error."""
    def invalid(message, **detail):
        raise DomainError(AssessmentError.TEMPLATE_INVALID, message, detail)

    if not isinstance(questions, list) or not questions:
        invalid("评估模板至少需要一个问题")
    parsed, seen = [], set()
    for index, raw in enumerate(questions, start=1):
        if not isinstance(raw, dict):
            invalid(f"第{index}个问题格式不正确", index=index)
        code, text, kind = str(raw.get("code", "")).strip(), str(raw.get("text", "")).strip(), raw.get("kind")
        if not re.fullmatch(r"[a-z][a-z0-9_]{0,39}", code):
            invalid(f"第{index}个问题的编码应为小写英文、数字或下划线", index=index)
        if code in seen:
            invalid(f"问题编码重复：{code}", code=code)
        seen.add(code)
        if not text:
            invalid(f"第{index}个问题缺少题目", index=index)
        if kind not in QuestionKind.values:
            invalid(f"第{index}个问题的类型不正确", index=index, kind=kind)
        options = tuple(Option(value=str(o["value"]), label=str(o.get("label", o["value"])),
                               score=int(o.get("score", 0))) for o in raw.get("options", []))
        if kind == QuestionKind.CHOICE and len(options) < 2:
            invalid(f"单选题「{text}」至少需要两个选项", code=code)
        parsed.append(Question(code=code, text=text, kind=kind, required=bool(raw.get("required", True)),
                               options=options, section=str(raw.get("section", ""))))
    if not 0 < medium_from < high_from:
        invalid("评分阈值应满足 0 < 中 < 高", medium_from=medium_from, high_from=high_from)
    return TemplateSpec(questions=tuple(parsed), medium_from=medium_from, high_from=high_from)


@dataclass(frozen=True)
class Scored:
    answers: dict
    score: int
    impact_level: str


def score_answers(spec: TemplateSpec, answers: dict) -> Scored:
    """Check every answer against its question and add up the option scores.

    Required questions must be answered; a choice must be one of its options; numbers are non-negative
    integers; booleans are true/false. The impact level is 高 at or above ``high_from``, 中 at or above
    ``medium_from``, else 低. Unknown answer keys are refused (they would not be countable).
    """
    if not isinstance(answers, dict):
        raise DomainError(AssessmentError.ANSWER_INVALID, "评估答案应为对象")
    known = {q.code for q in spec.questions}
    unknown = sorted(set(answers) - known)
    if unknown:
        raise DomainError(AssessmentError.ANSWER_INVALID, f"存在模板中没有的问题：{'、'.join(unknown)}",
                          {"unknown": unknown})
    clean, score, missing = {}, 0, []
    for q in spec.questions:
        value = answers.get(q.code)
        if value in (None, ""):
            if q.required:
                missing.append(q.text)
            continue
        if q.kind == QuestionKind.CHOICE:
            option = next((o for o in q.options if o.value == str(value)), None)
            if option is None:
                raise DomainError(AssessmentError.ANSWER_INVALID, f"「{q.text}」的选项不正确",
                                  {"question": q.code, "value": value})
            clean[q.code] = option.value
            score += option.score
        elif q.kind == QuestionKind.NUMBER:
            if isinstance(value, bool) or not re.fullmatch(r"\d{1,9}", str(value)):
                raise DomainError(AssessmentError.ANSWER_INVALID, f"「{q.text}」应为非负整数",
                                  {"question": q.code, "value": value})
            clean[q.code] = int(value)
        elif q.kind == QuestionKind.BOOLEAN:
            if value not in (True, False, "true", "false"):
                raise DomainError(AssessmentError.ANSWER_INVALID, f"「{q.text}」应为是或否",
                                  {"question": q.code, "value": value})
            clean[q.code] = value in (True, "true")
        else:
            text = str(value).strip()
            if len(text) > 2000:
                raise DomainError(AssessmentError.ANSWER_INVALID, f"「{q.text}」超过2000字",
                                  {"question": q.code})
            clean[q.code] = text
    if missing:
        raise DomainError(AssessmentError.ANSWER_MISSING, f"以下问题未填写：{'、'.join(missing)}",
                          {"missing": missing})
    level = (ImpactLevel.HIGH if score >= spec.high_from else
             ImpactLevel.MEDIUM if score >= spec.medium_from else ImpactLevel.LOW)
    return Scored(answers=clean, score=score, impact_level=level)


def check_tags(tags: list[str]) -> list[str]:
    """Tags must come from the MeasureTag list (so they can be counted); duplicates collapse, order kept."""
    unknown = [t for t in tags if t not in MeasureTag.values]
    if unknown:
        raise DomainError(AssessmentError.TAG_UNKNOWN, f"未知的标注：{'、'.join(map(str, unknown))}",
                          {"unknown": unknown})
    return list(dict.fromkeys(tags))


def gate_decision(*, is_enterprise_involved: bool, stage: str | None, assessment_status: str | None) -> str:
    """Whether a gated action may proceed (plan measure 5: the form is rigidly embedded in each stage).

    ``stage`` is the stage whose active template names the action (None: the action is not gated).
    Returns a GateOutcome; raises nothing — the caller turns a None outcome into a refusal.
    """
    if stage is None:
        return GateOutcome.NOT_GATED
    if not is_enterprise_involved:
        return GateOutcome.NOT_ENTERPRISE
    if assessment_status == "completed":
        return GateOutcome.ASSESSED
    if assessment_status == "not_applicable":
        return GateOutcome.NOT_APPLICABLE
    return ""


def stratified_sample(population: dict[str, list[int]], size: int, seed: str) -> list[int]:
    """Draw a reproducible sample of ``size`` ids, stratified by key (department), proportional allocation
    with largest remainders; each stratum sorted before drawing so the result depends only on the ids and
    the seed."""
    total = sum(len(ids) for ids in population.values())
    if size < 1:
        raise DomainError(AssessmentError.SAMPLE_SIZE_INVALID, "抽查数量应为正整数", {"size": size})
    if total == 0:
        return []
    size = min(size, total)
    quotas = {key: size * len(ids) / total for key, ids in population.items()}
    allocation = {key: int(q) for key, q in quotas.items()}
    remainder = size - sum(allocation.values())
    for key in sorted(quotas, key=lambda k: (-(quotas[k] - allocation[k]), k))[:remainder]:
        allocation[key] += 1
    rng = random.Random(seed)
    chosen = []
    for key in sorted(population):
        ids = sorted(population[key])
        chosen.extend(rng.sample(ids, allocation[key]))
    return sorted(chosen)


_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_PHONE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def anonymise(text: str, names: list[str]) -> str:
    """Remove party names, ID numbers, credit codes and mobile numbers from a typical-case text.

    Names become 某某 placeholders in order of appearance (甲公司/乙公司 style is court practice; we use 当事人A, B …
    so that roles stay distinguishable). Longest names are replaced first so that 某某有限公司 does not leave a stem.
    """
    result = text
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for index, name in enumerate(sorted({n for n in names if n}, key=len, reverse=True)):
        result = result.replace(name, f"当事人{letters[index % 26]}")
    result = _ID_NUMBER.sub("[身份证号已隐去]", result)
    result = _CREDIT_CODE.sub("[信用代码已隐去]", result)
    result = _PHONE.sub("[电话已隐去]", result)
    return result
