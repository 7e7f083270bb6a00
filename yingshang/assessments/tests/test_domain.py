"""Pure rules of the impact assessment: no database."""

import pytest

from yingshang.assessments import domain
from yingshang.assessments.choices import GateOutcome, ImpactLevel
from yingshang.assessments.defaults import HIGH_FROM, MEDIUM_FROM, default_templates
from yingshang.core.errors import DomainError

SPEC = domain.template_spec(default_templates()[0]["questions"], MEDIUM_FROM, HIGH_FROM)
FULL = {"enterprise_size": "small", "employees": "35", "production_status": "difficult",
        "operations_effect": "serious", "jobs_effect": "minor", "supply_chain_effect": "minor",
        "tax_effect": "none", "alternatives_considered": "true", "failure_risk": "medium",
        "mitigation": "活封厂房设备，预留工资账户"}


def test_scores_add_up_option_points_and_set_the_level():
    scored = domain.score_answers(SPEC, FULL)
    # small 3 + difficult 3 + serious 5 + minor 2 + minor 2 + none 0 + medium risk 3 = 18 → 中 (12 ≤ 18 < 22)
    assert scored.score == 18
    assert scored.impact_level == ImpactLevel.MEDIUM
    assert scored.answers["employees"] == 35
    assert scored.answers["alternatives_considered"] is True


def test_level_thresholds_are_inclusive():
    low = {**FULL, "operations_effect": "none", "jobs_effect": "none", "supply_chain_effect": "none",
           "failure_risk": "low", "production_status": "normal", "enterprise_size": "large"}
    assert domain.score_answers(SPEC, low).score == 2
    assert domain.score_answers(SPEC, low).impact_level == ImpactLevel.LOW
    high = {**FULL, "jobs_effect": "serious", "supply_chain_effect": "serious", "failure_risk": "high"}
    assert domain.score_answers(SPEC, high).score == 3 + 3 + 5 + 5 + 5 + 0 + 6
    assert domain.score_answers(SPEC, high).impact_level == ImpactLevel.HIGH


def test_missing_required_answers_are_named():
    answers = dict(FULL)
    del answers["mitigation"], answers["employees"]
    with pytest.raises(DomainError) as refused:
        domain.score_answers(SPEC, answers)
    assert refused.value.code == "ASSESSMENT_ANSWER_MISSING"
    assert refused.value.detail["missing"] == ["在职职工人数", "拟采取的减损措施（活封、预留流动资金、分期履行等）"]


@pytest.mark.parametrize("key,value", [("enterprise_size", "giant"), ("employees", "-3"), ("employees", "3.5"),
                                       ("alternatives_considered", "maybe"), ("unknown_question", "x")])
def test_invalid_answers_are_refused(key, value):
    with pytest.raises(DomainError) as refused:
        domain.score_answers(SPEC, {**FULL, key: value})
    assert refused.value.code == "ASSESSMENT_ANSWER_INVALID"


def test_template_validation():
    with pytest.raises(DomainError) as refused:
        domain.template_spec([{"code": "a", "text": "x", "kind": "choice", "options": [{"value": "1"}]}], 1, 2)
    assert refused.value.code == "ASSESSMENT_TEMPLATE_INVALID"
    with pytest.raises(DomainError):
        domain.template_spec([{"code": "a", "text": "x", "kind": "text"}], 5, 5)
    with pytest.raises(DomainError):
        domain.template_spec([{"code": "a", "text": "x", "kind": "text"}, {"code": "a", "text": "y", "kind": "text"}],
                             1, 2)


def test_gate_decision_table():
    assert domain.gate_decision(is_enterprise_involved=True, stage=None, assessment_status=None) == GateOutcome.NOT_GATED
    assert domain.gate_decision(is_enterprise_involved=False, stage="preservation",
                                assessment_status=None) == GateOutcome.NOT_ENTERPRISE
    assert domain.gate_decision(is_enterprise_involved=True, stage="preservation", assessment_status=None) == ""
    assert domain.gate_decision(is_enterprise_involved=True, stage="preservation",
                                assessment_status="completed") == GateOutcome.ASSESSED
    assert domain.gate_decision(is_enterprise_involved=True, stage="preservation",
                                assessment_status="not_applicable") == GateOutcome.NOT_APPLICABLE


def test_sample_is_reproducible_and_stratified():
    population = {"民事审判庭": list(range(1, 61)), "执行局": list(range(100, 130)), "立案庭": list(range(200, 210))}
    first = domain.stratified_sample(population, 10, "2024Q1")
    assert first == domain.stratified_sample(population, 10, "2024Q1")
    assert len(first) == 10
    # proportional: 60/100*10 = 6, 30/100*10 = 3, 10/100*10 = 1
    assert sum(1 for i in first if i < 100) == 6
    assert sum(1 for i in first if 100 <= i < 130) == 3
    assert sum(1 for i in first if i >= 200) == 1
    assert domain.stratified_sample(population, 10, "2024Q2") != first
    assert domain.stratified_sample(population, 500, "x") == sorted(sum(population.values(), []))


def test_anonymise_removes_names_ids_codes_and_phones():
    text = ("咸丰县明珠茶业有限公司（统一社会信用代码91422826MA0000003T）诉张三（身份证号422826196304040031，"
            "电话13800138000）买卖合同纠纷，张三同意分期履行。")
    out = domain.anonymise(text, ["咸丰县明珠茶业有限公司", "张三"])
    assert out == ("当事人A（统一社会信用代码[信用代码已隐去]）诉当事人B（身份证号[身份证号已隐去]，"
                   "电话[电话已隐去]）买卖合同纠纷，当事人B同意分期履行。")
