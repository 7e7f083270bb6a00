"""Triage (繁简分流), pure: suggest the procedure with the reasons that led there, the team, and the batch key.

No ORM, no settings, no clock. The editable parts (the 简案/繁案 criteria, the score thresholds, the province's
wage table) come in as values.

Sources (../shared/domain/rules-fees-periods-case-numbers.md §2.1, §2.5; causes-of-action.md "Groupings"):
- Simple procedure: 民事诉讼法 (2023) art 160 (facts clear, rights and duties clear, little dispute; the parties may
  also agree to it); excluded by 民诉法解释 art 257 (defendant missing at filing, remand, one side numerous, retrial,
  state or public interest …); no 公告送达 under the simple procedure (民诉法解释 art 140; 2019 SPC 延长审限和延期
  开庭规定 art 4). Cases up to 200% of the provincial average wage must use it unless excluded (same 2019 rules art 4).
- Small claims: CPL 165 (simple money claims; ≤ 50% of the province's previous-year average annual wage of
  employed persons → mandatory; 50%–200% only if both parties agree), CPL 166 exclusions, 民诉法解释 272 (the
  latest published figure).
- Criminal: 刑事诉讼法 (2018) arts 214–215 (simple), 222–223 (速裁).
- Administrative: 行政诉讼法 art 82 (simple).
- Civil 速裁 and team assignment are court practice: plan measures 6 (繁简分流), 8 (速裁), 9 (金融审判团队, 类案批量).
"""

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from yingshang.cases.choices import CaseCategory, Procedure
from yingshang.cases.domain import TYPE_CODES, category_for_type_code, default_procedure_for
from yingshang.core.errors import DomainError
from yingshang.core.money import fen_to_yuan
from yingshang.filing.choices import CriterionKind, CriterionOperator
from yingshang.filing.errors import FilingError
from yingshang.org.choices import TeamKind

# --- Small-claims thresholds (CPL 165; 解释 272) -------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    """One province's average annual wage of employed persons for one year, and from when courts use it."""

    province: str
    wage_year: int
    average_wage_fen: int
    effective_from: date
    is_confirmed: bool

    @property
    def limit_fen(self) -> int:
        return small_claims_limits(self.average_wage_fen)[0]

    @property
    def agreed_limit_fen(self) -> int:
        return small_claims_limits(self.average_wage_fen)[1]


def small_claims_limits(average_wage_fen: int) -> tuple[int, int]:
    """(50% limit, 200% limit) in fen. The 50% figure is rounded half-up to the whole yuan, as the High Courts
    publish it (Hunan W = 91,413 → 45,707; Jiangsu 121,724 → 60,862; Zhejiang 108,645 → 54,323)."""
    if average_wage_fen <= 0:
        raise DomainError(FilingError.THRESHOLD_INVALID, "年平均工资必须大于零")
    half_yuan = (Decimal(average_wage_fen) / 200).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(half_yuan) * 100, average_wage_fen * 2


def threshold_pick(rows: list[Threshold], *, province: str, on: date) -> Threshold | None:
    """The figure in force on ``on`` for the province: the row with the latest effective-from date not after
    ``on`` (解释 272: the latest published figure; before a new one is published the previous one applies)."""
    candidates = [r for r in rows if r.province == province and r.effective_from <= on]
    if not candidates:
        return None
    return max(candidates, key=lambda r: (r.effective_from, r.wage_year))


# --- Facts and criteria ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageFacts:
    """What the 立案庭 knows about the case at filing. Booleans default to the simple answer."""

    type_code: str = "民初"
    claim_amount_fen: int = 0
    is_money_claim: bool = True                 # 给付金钱的诉讼请求
    facts_clear: bool = True                    # 事实清楚（刑事：证据确实、充分）
    rights_clear: bool = True                   # 权利义务关系明确
    little_dispute: bool = True                 # 争议不大
    party_count: int = 2                        # 当事人总数
    is_numerous_party: bool = False             # 一方当事人人数众多（十人以上，解释75）
    has_foreign_element: bool = False           # 涉外因素（含港澳台）
    needs_appraisal: bool = False               # 需要评估、鉴定，或对诉前评估、鉴定结果有异议
    needs_public_notice_service: bool = False   # 需要公告送达
    party_missing: bool = False                 # 一方当事人下落不明
    has_counterclaim: bool = False              # 提出反诉
    is_personal_status_or_ownership: bool = False  # 人身关系、财产确权
    is_remanded_or_retrial: bool = False        # 发回重审、再审
    involves_public_interest: bool = False      # 涉及国家利益、社会公共利益
    is_mass_dispute: bool = False               # 群体性纠纷
    is_novel_or_difficult: bool = False         # 新类型、疑难复杂
    is_typical_simple_cause: bool = False       # 常见简单案由（民间借贷、信用卡、物业服务……）
    parties_agree_small_claims: bool = False    # 双方约定适用小额诉讼程序
    parties_agree_simple: bool = False          # 双方约定适用简易程序
    is_enterprise_involved: bool = False        # 涉企
    is_financial: bool = False                  # 金融案件
    # Criminal (刑初)
    possible_sentence_over_3_years: bool = False  # 可能判处三年有期徒刑以上
    admits_guilt_and_accepts_punishment: bool = False  # 认罪认罚
    defendant_agrees_procedure: bool = False    # 被告人同意适用简易/速裁程序
    fast_track_excluded: bool = False           # 刑诉法第223条不适用速裁的情形
    # Administrative (行初)
    admin_simple_ground: bool = False           # 行诉法第82条第1款各项情形

    def as_dict(self) -> dict:
        return asdict(self)


FACT_LABELS: dict[str, str] = {
    "claim_amount_fen": "标的额（分）", "is_money_claim": "金钱给付", "facts_clear": "事实清楚",
    "rights_clear": "权利义务关系明确", "little_dispute": "争议不大", "party_count": "当事人人数",
    "is_numerous_party": "一方当事人人数众多", "has_foreign_element": "涉外因素", "needs_appraisal": "需要评估、鉴定",
    "needs_public_notice_service": "需要公告送达", "party_missing": "一方当事人下落不明", "has_counterclaim": "提出反诉",
    "is_personal_status_or_ownership": "人身关系或财产确权", "is_remanded_or_retrial": "发回重审或再审",
    "involves_public_interest": "涉及国家利益或社会公共利益", "is_mass_dispute": "群体性纠纷",
    "is_novel_or_difficult": "新类型或疑难复杂", "is_typical_simple_cause": "常见简单案由",
    "parties_agree_small_claims": "双方约定适用小额诉讼", "parties_agree_simple": "双方约定适用简易程序",
    "is_enterprise_involved": "涉企", "is_financial": "金融案件",
    "possible_sentence_over_3_years": "可能判处三年有期徒刑以上刑罚",
    "admits_guilt_and_accepts_punishment": "认罪认罚", "defendant_agrees_procedure": "被告人同意适用该程序",
    "fast_track_excluded": "有不适用速裁程序的情形", "admin_simple_ground": "属行政诉讼法第82条规定的情形",
}
INTEGER_FACTS = frozenset({"claim_amount_fen", "party_count"})
BOOLEAN_FACTS = frozenset(f.name for f in fields(TriageFacts)) - INTEGER_FACTS - {"type_code"}

# Typical simple-procedure / small-claims causes (causes-of-action.md, "Simple procedure / small claims").
TYPICAL_SIMPLE_CAUSE_NAMES = frozenset({
    "民间借贷纠纷", "金融借款合同纠纷", "小额借款合同纠纷", "信用卡纠纷", "借记卡纠纷", "买卖合同纠纷", "房屋租赁合同纠纷",
    "物业服务合同纠纷", "供用电合同纠纷", "供用水合同纠纷", "供用气合同纠纷", "供用热力合同纠纷", "电信服务合同纠纷",
    "网络服务合同纠纷", "服务合同纠纷", "劳务合同纠纷", "承揽合同纠纷", "追偿权纠纷", "保证合同纠纷",
})


def is_typical_simple_cause(name: str) -> bool:
    return (name or "").strip() in TYPICAL_SIMPLE_CAUSE_NAMES


@dataclass(frozen=True)
class Criterion:
    """One editable 简案/繁案 indicator: ``fact`` compared with ``operator`` (and ``value`` for numbers)."""

    code: str
    label: str
    kind: str            # CriterionKind
    fact: str
    operator: str        # CriterionOperator
    value: int | None = None
    weight: int = 1
    basis: str = ""


def check_criterion(criterion: Criterion) -> Criterion:
    """A criterion names a known fact with an operator that fits it."""
    if criterion.kind not in CriterionKind.values:
        raise DomainError(FilingError.CRITERION_INVALID, "指标类型应为简案指标或繁案指标", {"kind": criterion.kind})
    if criterion.fact in BOOLEAN_FACTS:
        if criterion.operator not in (CriterionOperator.IS_TRUE, CriterionOperator.IS_FALSE):
            raise DomainError(FilingError.CRITERION_INVALID, f"「{FACT_LABELS[criterion.fact]}」只能用「为是/为否」判断",
                              {"fact": criterion.fact})
    elif criterion.fact in INTEGER_FACTS:
        if criterion.operator not in (CriterionOperator.AT_MOST, CriterionOperator.AT_LEAST):
            raise DomainError(FilingError.CRITERION_INVALID, f"「{FACT_LABELS[criterion.fact]}」只能用「不超过/不少于」判断",
                              {"fact": criterion.fact})
        if criterion.value is None or criterion.value < 0:
            raise DomainError(FilingError.CRITERION_INVALID, "数值指标须填写不小于零的比较值", {"fact": criterion.fact})
    else:
        raise DomainError(FilingError.CRITERION_INVALID, f"未知的案件要素：{criterion.fact}", {"fact": criterion.fact})
    if criterion.weight < 1 or criterion.weight > 10:
        raise DomainError(FilingError.CRITERION_INVALID, "权重应为1至10的整数", {"weight": criterion.weight})
    return criterion


def criterion_matches(criterion: Criterion, facts: TriageFacts) -> bool:
    value = getattr(facts, criterion.fact)
    if criterion.operator == CriterionOperator.IS_TRUE:
        return bool(value)
    if criterion.operator == CriterionOperator.IS_FALSE:
        return not value
    if criterion.operator == CriterionOperator.AT_MOST:
        return value <= criterion.value
    return value >= criterion.value


def check_facts(facts: TriageFacts) -> TriageFacts:
    if facts.type_code not in TYPE_CODES:
        raise DomainError(FilingError.TRIAGE_FACT_INVALID, f"未知的类型代字：{facts.type_code}")
    if facts.claim_amount_fen < 0:
        raise DomainError(FilingError.TRIAGE_FACT_INVALID, "标的额不能为负数")
    if facts.party_count < 1:
        raise DomainError(FilingError.TRIAGE_FACT_INVALID, "当事人人数至少为1")
    return facts


# --- The suggestion ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    basis: str = ""
    effect: str = "info"     # "simple" (towards a simpler track), "complex", "info"

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Suggestion:
    procedure: str
    reasons: tuple[Reason, ...]
    team_kind: str
    is_fast_track: bool = False
    simple_score: int = 0
    complex_score: int = 0
    threshold: Threshold | None = None
    matched_criteria: tuple[str, ...] = field(default_factory=tuple)

    @property
    def procedure_label(self) -> str:
        return Procedure(self.procedure).label


def _criteria_scores(facts: TriageFacts, criteria: list[Criterion]) -> tuple[int, int, list[Reason], list[str]]:
    simple = complex_ = 0
    reasons, matched = [], []
    for criterion in criteria:
        if not criterion_matches(criterion, facts):
            continue
        matched.append(criterion.code)
        if criterion.kind == CriterionKind.SIMPLE:
            simple += criterion.weight
            reasons.append(Reason(f"criterion:{criterion.code}", f"简案指标：{criterion.label}（权重{criterion.weight}）",
                                  criterion.basis, "simple"))
        else:
            complex_ += criterion.weight
            reasons.append(Reason(f"criterion:{criterion.code}", f"繁案指标：{criterion.label}（权重{criterion.weight}）",
                                  criterion.basis, "complex"))
    return simple, complex_, reasons, matched


def team_kind_for(*, category: str, procedure: str, is_financial: bool, is_fast_track: bool) -> str:
    """The team a case goes to by rule: financial cases to the 金融审判团队 (plan measure 9; 金融执行团队 for
    enforcement), simple civil cases to the 速裁团队 (measures 6 and 8), the rest to a general trial team."""
    if category == CaseCategory.ENFORCEMENT:
        return TeamKind.ENFORCEMENT_FINANCIAL if is_financial else TeamKind.ENFORCEMENT
    if is_financial:
        return TeamKind.FINANCIAL
    if is_fast_track or procedure == Procedure.FAST_TRACK:
        return TeamKind.FAST_TRACK
    return TeamKind.GENERAL


def suggest(facts: TriageFacts, *, criteria: list[Criterion], threshold: Threshold | None,
            complex_threshold: int, fast_track_min_score: int) -> Suggestion:
    """Suggest the procedure for a case, with every reason that led there (see the module docstring for the law).

    ``criteria``: the active 简案/繁案 indicators; a total 繁案 weight ≥ ``complex_threshold`` sends a civil case to
    the ordinary procedure, any matched 繁案 indicator keeps it out of small claims (CPL 166(6) 其他不宜). A simple
    civil case with a 简案 weight ≥ ``fast_track_min_score`` and no 繁案 indicator is suggested for the 速裁团队."""
    check_facts(facts)
    category = category_for_type_code(facts.type_code)
    if facts.type_code == "刑初":
        return _suggest_criminal(facts)
    if facts.type_code in ("行初", "行赔初"):
        return _suggest_administrative(facts)
    if facts.type_code != "民初":
        procedure = default_procedure_for(facts.type_code)
        reason = Reason("type_code", f"「{TYPE_CODES[facts.type_code][0]}」按类型适用{Procedure(procedure).label}，"
                                     "不作繁简分流", "法〔2015〕137号 案件类型及其代字标准")
        return Suggestion(procedure, (reason,), team_kind_for(category=category, procedure=procedure,
                                                              is_financial=facts.is_financial, is_fast_track=False))
    return _suggest_civil(facts, criteria=criteria, threshold=threshold, complex_threshold=complex_threshold,
                          fast_track_min_score=fast_track_min_score)


def _suggest_civil(facts: TriageFacts, *, criteria, threshold, complex_threshold, fast_track_min_score) -> Suggestion:
    reasons: list[Reason] = []
    simple_score, complex_score, criteria_reasons, matched = _criteria_scores(facts, criteria)

    def done(procedure: str, fast_track: bool = False) -> Suggestion:
        team = team_kind_for(category=CaseCategory.CIVIL, procedure=procedure, is_financial=facts.is_financial,
                             is_fast_track=fast_track)
        if facts.is_financial:
            reasons.append(Reason("team_financial", "金融案件，建议分至金融审判团队专案专审", "营商环境实施方案第9项"))
        elif fast_track:
            reasons.append(Reason("team_fast_track",
                                  f"简案指标合计{simple_score}分（≥{fast_track_min_score}）且无繁案指标，建议由速裁团队快速审理",
                                  "营商环境实施方案第6项、第8项", "simple"))
        return Suggestion(procedure, tuple(reasons), team, fast_track, simple_score, complex_score, threshold,
                          tuple(matched))

    # 1. Legal exclusions from the simple procedure (解释 257; 解释 140).
    exclusions = [
        (facts.party_missing, "party_missing", "起诉时被告下落不明", "民诉法解释第257条第1项"),
        (facts.is_remanded_or_retrial, "remanded_or_retrial", "发回重审或按照审判监督程序再审", "民诉法解释第257条第2、4项"),
        (facts.is_numerous_party, "numerous_party", "当事人一方人数众多", "民诉法解释第257条第3项"),
        (facts.involves_public_interest, "public_interest", "涉及国家利益、社会公共利益", "民诉法解释第257条第5项"),
        (facts.needs_public_notice_service, "public_notice", "需要公告送达，而简易程序不适用公告送达",
         "民诉法解释第140条；最高法延长审限和延期开庭规定第4条"),
    ]
    hits = [(code, text, basis) for flag, code, text, basis in exclusions if flag]
    if hits:
        for code, text, basis in hits:
            reasons.append(Reason(code, f"不得适用简易程序：{text}", basis, "complex"))
        reasons.extend(criteria_reasons)
        return done(Procedure.ORDINARY)

    # 2. CPL 160: simple cases, or the parties' agreement.
    triad = facts.facts_clear and facts.rights_clear and facts.little_dispute
    if triad:
        reasons.append(Reason("cpl160", "事实清楚、权利义务关系明确、争议不大", "民事诉讼法第160条第1款", "simple"))
    else:
        missing = [label for ok, label in ((facts.facts_clear, "事实清楚"), (facts.rights_clear, "权利义务关系明确"),
                                           (facts.little_dispute, "争议不大")) if not ok]
        if not facts.parties_agree_simple:
            reasons.append(Reason("cpl160_not_met", f"不符合简易程序条件：不满足{'、'.join(missing)}",
                                  "民事诉讼法第160条第1款", "complex"))
            reasons.extend(criteria_reasons)
            return done(Procedure.ORDINARY)
        reasons.append(Reason("agreed_simple", f"虽不满足{'、'.join(missing)}，但双方约定适用简易程序",
                              "民事诉讼法第160条第2款", "simple"))
    reasons.extend(criteria_reasons)

    # 3. The editable complexity criteria.
    if complex_score >= complex_threshold:
        reasons.append(Reason("complex_score", f"繁案指标合计{complex_score}分，达到{complex_threshold}分，建议适用普通程序",
                              "繁简分流识别标准（本院）", "complex"))
        return done(Procedure.ORDINARY)

    # 4. Small claims (CPL 165–166).
    small = _small_claims(facts, threshold=threshold, triad=triad, complex_score=complex_score, reasons=reasons)
    if small:
        return done(Procedure.SMALL_CLAIMS, fast_track=complex_score == 0 and simple_score >= fast_track_min_score)
    if threshold is not None and facts.claim_amount_fen <= threshold.agreed_limit_fen and facts.is_money_claim \
            and facts.claim_amount_fen > 0:
        reasons.append(Reason("mandatory_simple", "标的额未超过上年度就业人员年平均工资二倍，除法律另有规定外应当适用简易程序",
                              "最高法延长审限和延期开庭规定第4条", "simple"))
    return done(Procedure.SIMPLE, fast_track=complex_score == 0 and simple_score >= fast_track_min_score)


def _small_claims(facts: TriageFacts, *, threshold: Threshold | None, triad: bool, complex_score: int,
                  reasons: list[Reason]) -> bool:
    """Whether small claims applies; appends the reasons either way."""
    if not facts.is_money_claim or facts.claim_amount_fen <= 0:
        reasons.append(Reason("sc_not_money", "不是给付金钱的案件，不适用小额诉讼程序", "民事诉讼法第165条"))
        return False
    if not triad:
        reasons.append(Reason("sc_not_simple", "小额诉讼须为简单的金钱给付案件，不能仅凭约定适用", "民事诉讼法第165条"))
        return False
    exclusions = [
        (facts.is_personal_status_or_ownership, "人身关系、财产确权案件", "民事诉讼法第166条第1项"),
        (facts.has_foreign_element, "涉外案件", "民事诉讼法第166条第2项"),
        (facts.needs_appraisal, "需要评估、鉴定或者对诉前评估、鉴定结果有异议", "民事诉讼法第166条第3项"),
        (facts.party_missing, "一方当事人下落不明", "民事诉讼法第166条第4项"),
        (facts.has_counterclaim, "当事人提出反诉", "民事诉讼法第166条第5项"),
    ]
    hits = [(text, basis) for flag, text, basis in exclusions if flag]
    for text, basis in hits:
        reasons.append(Reason("sc_excluded", f"不适用小额诉讼程序：{text}", basis, "complex"))
    if complex_score > 0:
        reasons.append(Reason("sc_unsuitable", "存在繁案指标，不宜适用小额诉讼程序", "民事诉讼法第166条第6项", "complex"))
    if hits or complex_score > 0:
        return False
    if threshold is None:
        reasons.append(Reason("sc_no_threshold", "未找到本省适用的上年度就业人员年平均工资标准，无法判断是否适用小额诉讼程序，"
                                                 "请人工核对", "民诉法解释第272条"))
        return False
    amount, limit, agreed = facts.claim_amount_fen, threshold.limit_fen, threshold.agreed_limit_fen
    wage = (f"{threshold.province}{threshold.wage_year}年度就业人员年平均工资{fen_to_yuan(threshold.average_wage_fen)}元"
            f"（自{threshold.effective_from.year}年{threshold.effective_from.month}月{threshold.effective_from.day}日起适用）")
    if not threshold.is_confirmed:
        reasons.append(Reason("sc_unconfirmed", f"注意：{wage}尚未核实（UNCONFIRMED），请人工核对标准后再作决定",
                              "民诉法解释第272条"))
    if amount <= limit:
        reasons.append(Reason("sc_within_50", f"标的额{fen_to_yuan(amount)}元，未超过{wage}的50%即{fen_to_yuan(limit)}元，"
                                              "应当适用小额诉讼程序，一审终审", "民事诉讼法第165条第1款", "simple"))
        return True
    if amount <= agreed:
        if facts.parties_agree_small_claims:
            reasons.append(Reason("sc_agreed", f"标的额{fen_to_yuan(amount)}元，超过50%（{fen_to_yuan(limit)}元）但未超过"
                                               f"200%（{fen_to_yuan(agreed)}元），双方约定适用小额诉讼程序",
                                  "民事诉讼法第165条第2款", "simple"))
            return True
        reasons.append(Reason("sc_needs_agreement", f"标的额{fen_to_yuan(amount)}元，超过50%（{fen_to_yuan(limit)}元）但未超过"
                                                    f"200%（{fen_to_yuan(agreed)}元），双方未约定适用小额诉讼程序",
                              "民事诉讼法第165条第2款"))
        return False
    reasons.append(Reason("sc_over_200", f"标的额{fen_to_yuan(amount)}元，超过{wage}的200%即{fen_to_yuan(agreed)}元，"
                                         "不适用小额诉讼程序", "民事诉讼法第165条"))
    return False


def _suggest_criminal(facts: TriageFacts) -> Suggestion:
    """速裁 (CrPL 222–223): possible sentence up to 3 years, facts clear and evidence sufficient, the defendant
    admits guilt and accepts punishment and agrees, no exclusion. Simple (CrPL 214): facts clear, the defendant
    admits the crime and does not object. Otherwise ordinary."""
    reasons: list[Reason] = []
    team = TeamKind.GENERAL
    if (facts.facts_clear and not facts.possible_sentence_over_3_years and facts.admits_guilt_and_accepts_punishment
            and facts.defendant_agrees_procedure and not facts.fast_track_excluded):
        reasons.append(Reason("crpl222", "可能判处三年有期徒刑以下刑罚，事实清楚、证据确实充分，被告人认罪认罚并同意适用速裁程序",
                              "刑事诉讼法第222条", "simple"))
        return Suggestion(Procedure.FAST_TRACK, tuple(reasons), TeamKind.FAST_TRACK, True)
    if facts.possible_sentence_over_3_years:
        reasons.append(Reason("crpl222_sentence", "可能判处三年有期徒刑以上刑罚，不适用速裁程序", "刑事诉讼法第222条"))
    if facts.fast_track_excluded:
        reasons.append(Reason("crpl223", "有不适用速裁程序的情形", "刑事诉讼法第223条", "complex"))
    if facts.facts_clear and facts.admits_guilt_and_accepts_punishment and facts.defendant_agrees_procedure:
        reasons.append(Reason("crpl214", "事实清楚、证据充分，被告人承认所指控的犯罪事实，对适用简易程序没有异议",
                              "刑事诉讼法第214条", "simple"))
        return Suggestion(Procedure.SIMPLE, tuple(reasons), team)
    missing = [label for ok, label in ((facts.facts_clear, "事实清楚、证据充分"),
                                       (facts.admits_guilt_and_accepts_punishment, "被告人认罪"),
                                       (facts.defendant_agrees_procedure, "被告人同意")) if not ok]
    reasons.append(Reason("crpl214_not_met", f"不满足简易程序条件：{'、'.join(missing)}", "刑事诉讼法第214条", "complex"))
    return Suggestion(Procedure.ORDINARY, tuple(reasons), team)


def _suggest_administrative(facts: TriageFacts) -> Suggestion:
    """Simple procedure in administrative first instance (ALL 82): facts clear, rights clear, little dispute, and
    one of the listed grounds or the parties' agreement; never for remands or retrials."""
    reasons: list[Reason] = []
    if facts.is_remanded_or_retrial:
        reasons.append(Reason("all82_excluded", "发回重审、按照审判监督程序再审的案件不适用简易程序", "行政诉讼法第82条第3款",
                              "complex"))
        return Suggestion(Procedure.ORDINARY, tuple(reasons), TeamKind.GENERAL)
    triad = facts.facts_clear and facts.rights_clear and facts.little_dispute
    if triad and facts.admin_simple_ground:
        reasons.append(Reason("all82_1", "事实清楚、权利义务关系明确、争议不大，且属法定可以适用简易程序的情形",
                              "行政诉讼法第82条第1款", "simple"))
        return Suggestion(Procedure.SIMPLE, tuple(reasons), TeamKind.GENERAL)
    if facts.parties_agree_simple:
        reasons.append(Reason("all82_2", "当事人各方同意适用简易程序", "行政诉讼法第82条第2款", "simple"))
        return Suggestion(Procedure.SIMPLE, tuple(reasons), TeamKind.GENERAL)
    reasons.append(Reason("all82_not_met", "不属于行政诉讼法第82条可以适用简易程序的情形", "行政诉讼法第82条", "complex"))
    return Suggestion(Procedure.ORDINARY, tuple(reasons), TeamKind.GENERAL)


# --- Batches (类案批量处理, measure 9) -----------------------------------------------------------------------------


def batch_key(*, plaintiff_key: str, type_code: str, cause_key: str) -> str:
    """Similar cases from one plaintiff: the same claimant (credit code or ID number), type and cause, e.g. one
    bank's credit-card debts (plan measure 9: 类案批量处理)."""
    return f"{plaintiff_key}|{type_code}|{cause_key}"
