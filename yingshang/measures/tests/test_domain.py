"""The parser on the court's real plan (all 35 measures, every field, checked against the plan by reading it),
on variant plans, deadlines, targets, and the status / traffic light around month ends. No database."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from yingshang.measures import domain
from yingshang.measures.domain import Deadline, Light, MeasureStatus, parse_deadline, parse_plan

DATA = Path(__file__).parent / "data"
REAL_PLAN = DATA / "2023-business-environment-plan.txt"
SHARED_PLAN = Path(__file__).resolve().parents[3] / ".." / "shared" / "plan" / "2023-business-environment-plan.txt"

ONGOING = None
# (lead leaders, responsible departments, assisting departments, deadline or ONGOING) — read off the plan.
EXPECTED = {
    1: (["刘燕君"], ["人民法庭", "立案庭"], ["审管办", "信息管理部门"], date(2023, 12, 31)),
    2: (["胡磊"], ["各审判部门"], ["审管办", "立案庭"], ONGOING),
    3: (["刘光辉"], ["立案庭"], ["综合办", "信息管理部门"], ONGOING),
    4: (["刘光辉"], ["立案庭"], ["各审判部门"], ONGOING),
    5: (["刘光辉"], ["审管办"], ["各审判部门", "执行局"], ONGOING),
    6: (["刘光辉"], ["立案庭"], ["综合办", "信息管理部门"], ONGOING),
    7: (["瞿红光"], ["刑事审判庭"], ["审管办"], ONGOING),
    8: (["胡磊"], ["民事审判庭", "人民法庭"], ["审管办"], date(2023, 8, 31)),
    9: (["胡磊"], ["各审判部门"], ["审管办", "信息管理部门"], ONGOING),
    10: (["胡磊"], ["各审判部门"], ["审管办", "立案庭"], ONGOING),
    11: (["胡磊"], ["行政审判庭"], ["审管办"], date(2023, 12, 31)),
    12: (["胡磊"], ["行政审判庭"], ["审管办"], ONGOING),
    13: (["刘光辉"], ["各审判部门"], ["审管办"], ONGOING),
    14: (["刘光辉"], ["审管办"], ["各审判部门", "立案庭"], ONGOING),
    15: (["熊国华"], ["执行局"], ["审管办", "信息管理部门"], date(2023, 9, 30)),
    16: (["熊国华"], ["执行局"], ["综合办"], ONGOING),
    17: (["熊国华"], ["执行局"], ["审管办", "信息管理部门"], date(2023, 6, 30)),
    18: (["熊国华"], ["执行局", "刑事审判庭"], ["综合办"], ONGOING),
    19: (["熊国华"], ["执行局"], ["破产合议庭", "综合办", "营商办"], ONGOING),
    20: (["刘光辉"], ["审管办"], ["各审判部门"], date(2023, 5, 31)),
    21: (["熊国华"], ["执行局"], ["审管办", "信息管理部门"], date(2023, 9, 30)),
    22: (["胡磊"], ["各审判部门"], ["审管办", "信息管理部门"], ONGOING),
    23: (["熊国华"], ["执行局"], ["信息管理部门"], date(2023, 9, 30)),
    24: (["刘光辉"], ["综合办", "审管办"], ["执行局"], date(2023, 11, 30)),
    25: (["瞿红光"], ["破产合议庭"], ["综合办", "执行局"], date(2023, 12, 31)),
    26: (["瞿红光"], ["破产合议庭"], ["立案庭", "审管办"], ONGOING),
    27: (["瞿红光"], ["破产合议庭"], ["立案庭", "审管办", "执行局"], date(2023, 6, 30)),
    28: (["瞿红光"], ["破产合议庭"], ["立案庭", "审管办", "执行局"], date(2023, 6, 30)),
    29: (["瞿红光"], ["破产合议庭"], ["审管办"], date(2023, 9, 30)),
    30: (["瞿红光"], ["破产合议庭"], ["执行局"], date(2023, 12, 31)),
    31: (["瞿红光"], ["破产合议庭"], ["审管办", "综合办", "信息管理部门"], date(2023, 9, 30)),
    32: (["胡磊"], ["营商办", "各审判部门"], ["综合办"], ONGOING),
    33: (["胡磊"], ["全院各部门"], ["营商办"], ONGOING),
    34: (["胡磊"], ["各审判部门"], ["审管办", "信息管理部门"], ONGOING),
    35: (["胡磊", "熊国华"], ["民事审判庭", "执行局", "各基层法庭"], ["综合办"], ONGOING),
}
TITLES = [
    "创新发展新时代“枫桥经验”", "推动矛盾纠纷调处中心建设", "健全一站式多元解纷机制", "打造多元诉讼服务体系",
    "严格落实涉企案件经济影响评估制度", "健全繁简分流机制", "贯彻谦抑审慎的刑事审判理念",
    "优化涉市场主体案件办理机制，涉企速裁案件调撤率达到60%，解决纠纷成本控制在14.91%（2022立案全省营商环境评价最优）以下",
    "强化金融案件专业化审判", "规范民商事财产保全", "推进行政争议实质性化解", "持续推进涉企案件经济影响评估向行政执法领域延伸",
    "加强长期未结案件清理", "严格规范审限管理", "推动执行一站式办理改革", "采取“刚柔相济”执行方式方法",
    "做好执行局金融工作室创建改革", "加大拒执犯罪打击力度", "完善企业信用修复", "确立以竞争方式选择鉴定机构",
    "优化网上诉讼执行服务平台建设", "推动信息技术和司法办案深度融合", "建立健全政务诚信诉讼执行协调机制",
    "强化对审判执行案件数据信息与政府网格化数据的共享对接", "便利破产管理人查询破产企业财产信息",
    "简化破产案件审理机制，建立破产案件简易审理机制", "推动未注销企业强制退出机制", "协助完善破产管理人选任制度",
    "健全企业重整期间信用修复机制", "加快执转破推进力度", "深化府院联动机制", "持续推进优秀经验复制推广工作",
    "持续推进“小切口”改革创新工作", "继续深化“胜诉即退费”改革", "依法依规缓减免涉诉企业的诉讼费和执行费",
]
DEADLINE_TEXTS = {1: "2023年12月底前", 8: "2023年8月底", 11: "2023年12月", 20: "2023年5月底前", 24: "2023年11月底前",
                  2: "持续推进"}


@pytest.fixture(scope="module")
def real_plan():
    return parse_plan(REAL_PLAN.read_text(encoding="utf-8"))


def test_the_copy_in_tests_data_is_the_shared_plan():
    if not SHARED_PLAN.exists():
        pytest.skip("../shared is not beside this clone")
    assert REAL_PLAN.read_bytes() == SHARED_PLAN.read_bytes()


def test_real_plan_has_its_35_measures_numbered_1_to_35_without_leftovers(real_plan):
    assert [m.number for m in real_plan.measures] == list(range(1, 36))
    assert [m.line_number for m in real_plan.measures] == list(range(9, 44))
    assert real_plan.unparsed == ()
    assert real_plan.warnings == ()
    assert all(m.warnings == () and m.extra == {} for m in real_plan.measures)


def test_real_plan_every_measure_leaders_departments_and_deadline(real_plan):
    for measure in real_plan.measures:
        leaders, responsible, assisting, deadline = EXPECTED[measure.number]
        assert list(measure.lead_leaders) == leaders, measure.number
        assert list(measure.responsible_departments) == responsible, measure.number
        assert list(measure.assisting_departments) == assisting, measure.number
        assert measure.deadline.on == deadline, measure.number
        assert measure.deadline.is_ongoing is (deadline is ONGOING), measure.number
        assert measure.deadline.is_recognised


def test_real_plan_counts(real_plan):
    assert sum(len(m.lead_leaders) for m in real_plan.measures) == 36
    assert sum(len(m.responsible_departments) for m in real_plan.measures) == 42
    assert sum(m.deadline.is_ongoing for m in real_plan.measures) == 20
    assert sum(m.deadline.on is not None for m in real_plan.measures) == 15


def test_real_plan_titles_are_the_first_sentences(real_plan):
    assert [m.title for m in real_plan.measures] == TITLES


def test_real_plan_deadline_texts_are_kept_as_written(real_plan):
    by_number = {m.number: m for m in real_plan.measures}
    for number, text in DEADLINE_TEXTS.items():
        assert by_number[number].deadline.text == text


def test_real_plan_measure_1_full_text_and_source(real_plan):
    first = real_plan.measures[0]
    lines = REAL_PLAN.read_text(encoding="utf-8").splitlines()
    assert first.label == "1."
    assert first.source_text == lines[8]
    assert first.text == (
        "创新发展新时代“枫桥经验”。做好基层矛盾化解工作，积极参与社会治理，加强基层治理体系和治理能力现代化建设，"
        "实现诉讼与和解、调解、仲裁、公证等工作有机衔接，完善联调联动机制，强化司法确认，持续深化诉源治理工作，"
        "大力开展巡回审判，持续创新在线诉讼模式，提升“互联网+社会治理”能力，使大量简易纠纷化解在诉前。")


def test_real_plan_odd_numberings_7_with_a_space_and_13_without_punctuation(real_plan):
    seventh, thirteenth = real_plan.measures[6], real_plan.measures[12]
    assert (seventh.label, seventh.text[:14]) == ("7.", "贯彻谦抑审慎的刑事审判理念。")
    assert (thirteenth.label, thirteenth.text[:11]) == ("13", "加强长期未结案件清理。")


def test_real_plan_measure_8_keeps_the_bracket_inside_its_text(real_plan):
    eighth = real_plan.measures[7]
    assert eighth.text == ("优化涉市场主体案件办理机制，涉企速裁案件调撤率达到60%，解决纠纷成本控制在14.91%"
                           "（2022立案全省营商环境评价最优）以下。")


def test_real_plan_title_preamble_and_requirements(real_plan):
    assert real_plan.title == "2023年优化法治化营商环境工作实施方案"
    assert real_plan.year == 2023
    assert real_plan.preamble.startswith("为深入贯彻党的二十大关于“支持中小微企业发展”")
    assert real_plan.preamble.endswith("特制定如下实施方案。")
    assert "[bookmark" not in real_plan.preamble
    assert [(s.heading, s.kind, s.line_number) for s in real_plan.sections] == [
        ("总体要求", "overall_requirements", 4), ("工作目标", "objectives", 6), ("主要任务", "tasks", 8),
        ("工作要求", "work_requirements", 44)]
    assert real_plan.overall_requirements.startswith("坚持以习近平新时代中国特色社会主义思想为指导")
    assert real_plan.overall_requirements.endswith("为县域经济社会发展提供坚实的司法保障。")
    assert real_plan.objectives.startswith("解放思想，改革创新")
    assert [(i.heading, i.line_number) for i in real_plan.work_requirements] == [
        ("加强组织领导", 45), ("强化责任落实", 46), ("营造良好氛围", 47)]
    assert real_plan.work_requirements[1].text.endswith("督察室将定期检查、及时通报、督促落实、跟踪问效。")


def test_json_shape_is_exactly_the_documented_one(real_plan):
    data = real_plan.as_json()
    assert list(data) == ["title", "measures", "unparsed"]
    assert list(data["measures"][0]) == ["number", "title", "lead_leaders", "responsible_departments",
                                         "assisting_departments", "deadline", "is_ongoing", "targets"]
    assert data["measures"][7]["deadline"] == "2023-08-31"
    assert data["measures"][1]["deadline"] is None and data["measures"][1]["is_ongoing"] is True


# ---------------------------------------------------------------------------------------------- targets

def _targets(plan):
    return [(m.number, t.metric, t.comparator, t.value, t.unit) for m in plan.measures for t in m.targets]


def test_targets_of_the_real_plan(real_plan):
    gte, lte = domain.Comparator.GTE, domain.Comparator.LTE
    assert _targets(real_plan) == [
        (8, "涉企速裁案件调撤率", gte, Decimal("60"), "percent"),
        (8, "解决纠纷成本", lte, Decimal("14.91"), "percent"),
        (10, "保全财产范围", lte, Decimal("20"), "percent"),
        (13, "未结案件", gte, Decimal("6"), "months"),
        (13, "未结案件", gte, Decimal("9"), "months"),
        (13, "未结案件", gte, Decimal("12"), "months"),
        (14, "将案卷移送至二审法院", lte, Decimal("5"), "days"),
        (21, "通过APP进行回复", lte, Decimal("3"), "working_days"),
        (22, "在线服务平台综合利用率", gte, Decimal("40"), "percent"),
        (22, "电子送达率", gte, Decimal("70"), "percent"),
        (34, "将应退费用退还至指定账户", lte, Decimal("1"), "working_days"),
    ]


def test_target_phrases_and_basis(real_plan):
    eighth = real_plan.measures[7]
    assert [t.phrase for t in eighth.targets] == [
        "涉企速裁案件调撤率达到60%", "解决纠纷成本控制在14.91%（2022立案全省营商环境评价最优）以下"]
    preservation = real_plan.measures[9].targets[0]
    assert (preservation.phrase, preservation.basis) == ("保全财产范围不得超过保全标的额的20%", "保全标的额")
    assert preservation.label == "保全财产范围 ≤ 20%"
    assert real_plan.measures[20].targets[0].label == "通过APP进行回复 ≤ 3个工作日"


def test_targets_get_indicator_codes_from_the_mapping_in_order():
    mapping = {"调撤率": "mwr", "成本": "cost"}
    targets = domain.extract_targets("涉企速裁案件调撤率达到60%，解决纠纷成本控制在14.91%以下。", mapping)
    assert [(t.metric, t.indicator_code) for t in targets] == [("涉企速裁案件调撤率", "mwr"), ("解决纠纷成本", "cost")]
    assert domain.extract_targets("电子送达率到70%以上。")[0].indicator_code is None


@pytest.mark.parametrize("text, expected", [
    ("网上立案率不低于80%。", ("网上立案率", "gte", "80", "percent")),
    ("实现结案率提高到95.5%。", ("结案率", "gte", "95.5", "percent")),
    ("上诉率降至10%以下。", ("上诉率", "lte", "10", "percent")),
    ("鉴定期限控制在30日以内。", ("鉴定期限", "lte", "30", "days")),
    ("执行款到账后10个工作日内发放。", ("执行款到账后发放", "lte", "10", "working_days")),
    ("审计报告在3个月内出具完毕。", ("出具完毕", "lte", "3", "months")),
    ("超12个月未结案件逐案督办。", ("未结案件", "gte", "12", "months")),
])
def test_target_variants(text, expected):
    [target] = domain.extract_targets(text)
    assert (target.metric, target.comparator, format(target.value, "f"), target.unit) == expected


def test_numbers_that_are_not_commitments_are_not_targets():
    assert domain.extract_targets("2023年12月底前完成，每周滚动通报，每月初调度，依托“金融执行一二三”模式。") == []


# ---------------------------------------------------------------------------------------------- deadlines

@pytest.mark.parametrize("text, on, ongoing", [
    ("2023年12月底前", date(2023, 12, 31), False),
    ("2023年8月底", date(2023, 8, 31), False),
    ("2023年12月", date(2023, 12, 31), False),
    ("2023年5月底前", date(2023, 5, 31), False),
    ("2023年2月底前", date(2023, 2, 28), False),
    ("2024年2月底前", date(2024, 2, 29), False),
    ("2024年6月30日前", date(2024, 6, 30), False),
    ("2024年底", date(2024, 12, 31), False),
    ("2024年年底前", date(2024, 12, 31), False),
    ("2024年末", date(2024, 12, 31), False),
    ("2024年第三季度", date(2024, 9, 30), False),
    ("2024年第一季度末前", date(2024, 3, 31), False),
    ("2024年上半年", date(2024, 6, 30), False),
    ("2024年5月中旬", date(2024, 5, 20), False),
    ("二〇二三年十二月底前", date(2023, 12, 31), False),
    ("2024-06-30", date(2024, 6, 30), False),
    ("持续推进", None, True),
    ("长期坚持", None, True),
    ("长期", None, True),
    ("2023年6月底前建立机制，长期坚持", date(2023, 6, 30), True),
])
def test_parse_deadline(text, on, ongoing):
    deadline = parse_deadline(text)
    assert (deadline.on, deadline.is_ongoing, deadline.is_recognised) == (on, ongoing, True)


def test_unreadable_deadline_is_kept_as_text_and_flagged():
    assert parse_deadline("视情况而定") == Deadline(text="视情况而定", on=None, is_ongoing=False, is_recognised=False)
    assert parse_deadline("2023年13月底前").is_recognised is False


def test_cn_to_int():
    assert [domain.cn_to_int(s) for s in ("一", "十", "十二", "二十", "三十五", "二〇二三", "甲")] == [
        1, 10, 12, 20, 35, 2023, None]


# ---------------------------------------------------------------------------------------------- variants

VARIANT = DATA / "variant-plan-2024.txt"


def test_variant_plan_numberings_keys_brackets_and_dates():
    plan = parse_plan(VARIANT.read_text(encoding="utf-8"))
    assert plan.title == "某县人民法院2024年持续优化法治化营商环境实施方案"
    assert plan.year == 2024
    assert plan.preamble == "（2024年2月20日院党组会议审议通过）\n为巩固2023年优化营商环境成果，结合本院实际，制定本方案。"
    rows = [(m.number, m.label, m.group, m.title, list(m.lead_leaders), list(m.responsible_departments),
             list(m.assisting_departments), m.deadline.on, m.deadline.is_ongoing, m.line_number)
            for m in plan.measures]
    assert rows == [
        (1, "1、", "提升诉讼服务质效", "推进网上立案", ["张三"], ["立案庭"], ["审管办", "信息管理部门"],
         date(2024, 6, 30), False, 10),
        (2, "2", "提升诉讼服务质效", "加快案件审理", ["李四", "王五"], ["民事审判庭", "各人民法庭"], ["审管办"],
         date(2024, 12, 31), False, 11),
        (3, "3．", "提升诉讼服务质效", "规范鉴定评估", ["王五"], ["审管办"], ["各审判执行部门"],
         date(2024, 12, 31), False, 16),
        (4, "4.", "优化执行工作", "强化执行案款发放", ["赵六"], ["执行局"], [], date(2024, 9, 30), False, 18),
        (5, "5", "优化执行工作", "长期未结案件清理", ["赵六"], ["全院各部门"], [], None, True, 19),
        (7, "7.", "优化执行工作", "推进府院联动", ["张三"], ["营商办"], ["综合办"], date(2024, 6, 30), False, 21),
    ]
    assert plan.unparsed == (domain.UnparsedBlock(
        20, "6.这是一条没有写明责任信息的举措，需要人工补录。", "未找到牵头领导、责任部门或完成时限"),)
    assert plan.warnings == ("举措编号不连续，缺少：6",)
    assert plan.overall_requirements == "以习近平新时代中国特色社会主义思想为指导，坚持以控制成本为核心。"
    assert [(i.heading, i.text) for i in plan.work_requirements] == [
        ("加强组织领导", "成立以院长为组长的领导小组。"), ("严格督查问效", "督察室每季度开展一次专项督查。")]
    assert [t.label for t in plan.measures[0].targets] == ["网上立案率 ≥ 80%"]


def test_measures_numbered_with_chinese_numerals_in_brackets_and_information_on_own_lines():
    plan = parse_plan(
        "XX法院2024年优化营商环境工作方案\n一、工作目标\n提升质效。\n二、工作措施\n"
        "（一）推行电子送达。电子送达率提升至75%。（牵头院领导：张三；牵头部门：立案庭；配合部门：信息管理部门；"
        "时间节点：2024年9月30日前）\n"
        "（二）压缩审理周期\n牵头领导：李四\n责任部门：各审判部门\n完成时限：持续推进\n"
        "（三）无信息的一条。\n三、工作要求\n（一）加强领导。各部门要高度重视。\n")
    assert [(m.number, m.label, m.title, m.lead_leaders, m.deadline.on, m.deadline.is_ongoing) for m in plan.measures] == [
        (1, "（一）", "推行电子送达", ("张三",), date(2024, 9, 30), False),
        (2, "（二）", "压缩审理周期", ("李四",), None, True)]
    assert [(u.line_number, u.text) for u in plan.unparsed] == [(10, "（三）无信息的一条。")]
    assert [(i.heading, i.text) for i in plan.work_requirements] == [("加强领导", "各部门要高度重视。")]


def test_measures_numbered_yi_dun_under_an_unnumbered_heading_with_ascii_punctuation():
    plan = parse_plan(
        "XX法院优化营商环境措施\n主要任务\n"
        "一、推行电子送达。(牵头领导:张三;责任部门:立案庭,审管办;完成时限:2024年12月)\n"
        "二 压缩审理周期（牵头领导：李四 责任部门：各审判部门 完成时限：2024年底）\n"
        "三.规范保全。（责任领导：王　五；责任部门：立案庭；协助部门：审管办；完成时限：2024年5月底前）\n"
        "工作要求\n各部门要高度重视。\n")
    assert [(m.number, m.title, m.lead_leaders, m.responsible_departments, m.deadline.on) for m in plan.measures] == [
        (1, "推行电子送达", ("张三",), ("立案庭", "审管办"), date(2024, 12, 31)),
        (2, "压缩审理周期", ("李四",), ("各审判部门",), date(2024, 12, 31)),
        (3, "规范保全", ("王五",), ("立案庭",), date(2024, 5, 31))]
    assert plan.unparsed == ()
    assert [s.kind for s in plan.sections] == ["tasks", "work_requirements"]


def test_unknown_keys_are_kept_and_text_after_the_information_is_reported():
    plan = parse_plan(
        "某方案\n三、主要任务\n"
        "1.推进改革。（牵头领导：张三；责任部门：立案庭；备注：与市中院协调；完成时限：另行通知）另行说明的文字。\n"
        "2.规范审限。（牵头领导：李四；责任部门：审管办；完成时限：2024年底）\n"
        "审管办每月通报一次。\n")
    first, second = plan.measures
    assert first.extra == {"备注": "与市中院协调"}
    assert first.warnings == ("未识别的项目「备注」：与市中院协调", "无法识别的完成时限：另行通知")
    assert (first.deadline.on, first.deadline.is_ongoing) == (None, False)
    assert second.text == "规范审限。"
    assert [(u.line_number, u.text) for u in plan.unparsed] == [(3, "另行说明的文字。"), (5, "审管办每月通报一次。")]


def test_prose_below_line_by_line_information_is_reported_not_swallowed():
    plan = parse_plan("某方案\n1.推进改革。\n牵头领导：张三\n责任部门：立案庭\n完成时限：2024年底\n"
                      "以上工作纳入年度考核。\n")
    [measure] = plan.measures
    assert (measure.deadline.on, measure.deadline.text) == (date(2024, 12, 31), "2024年底")
    assert [(u.line_number, u.text) for u in plan.unparsed] == [(6, "以上工作纳入年度考核")]


def test_duplicate_numbers_are_renumbered_in_order_with_a_warning():
    plan = parse_plan("某方案\n（一）立案\n1.甲。（牵头领导：张三；责任部门：立案庭；完成时限：2024年底）\n"
                      "（二）执行\n1.乙。（牵头领导：李四；责任部门：执行局；完成时限：2024年底）\n")
    assert [(m.number, m.title, m.group) for m in plan.measures] == [(1, "甲", "立案"), (2, "乙", "执行")]
    assert plan.warnings == ("举措编号重复，已按出现顺序重新编号",)


def test_quantities_at_a_line_start_are_not_numbers():
    plan = parse_plan("某方案\n1.推进改革。\n2023年底前完成。\n12个月以上未结案件逐案督办。\n"
                      "（牵头领导：张三；责任部门：立案庭；完成时限：2024年底）\n")
    [measure] = plan.measures
    assert measure.text == "推进改革。\n2023年底前完成。\n12个月以上未结案件逐案督办。"
    assert measure.deadline.on == date(2024, 12, 31)


def test_a_plan_without_any_measure_reports_every_numbered_block():
    plan = parse_plan("某方案\n主要任务\n1.甲。\n2.乙。\n")
    assert plan.measures == ()
    assert [(u.line_number, u.text) for u in plan.unparsed] == [(3, "1.甲。"), (4, "2.乙。")]


# ---------------------------------------------------------------------------------------------- departments

def test_department_names_covering_a_kind_include_collective_names():
    names = domain.department_names_covering(kind="civil", name="民事审判庭")
    assert {"民事审判庭", "各审判部门", "全院各部门", "各审判执行部门"} <= names
    assert "执行局" not in names
    enforcement = domain.department_names_covering(kind="enforcement", name="执行局")
    assert "各审判部门" not in enforcement and "各审判执行部门" in enforcement
    assert {"审管办", "审判管理办公室", "全院各部门"} <= domain.department_names_covering(
        kind="trial_management", name="审判管理办公室")
    assert domain.department_names_covering(kind="leadership", name="院领导") == {"院领导"}


def test_alias_kinds_are_department_kinds():
    from yingshang.org.choices import DepartmentKind

    assert domain.ALL_KINDS == set(DepartmentKind.values)
    assert all(kinds <= domain.ALL_KINDS for kinds in domain.DEPARTMENT_ALIASES.values())


# ---------------------------------------------------------------------------------------------- status

START = date(2023, 1, 1)


def _state(today, deadline_on=date(2023, 8, 31), *, progress=0, reported=None, completed=None, ongoing=False):
    return domain.measure_state(deadline_on=deadline_on, is_ongoing=ongoing, progress_percent=progress,
                                completed_on=completed, last_reported_on=reported, started_on=START, today=today)


def test_deadline_day_is_still_in_time_and_the_next_day_is_overdue():
    on_the_day = _state(date(2023, 8, 31), progress=95, reported=date(2023, 8, 1))
    assert (on_the_day.status, on_the_day.light, on_the_day.light_text) == (MeasureStatus.IN_PROGRESS, Light.AMBER,
                                                                           "今日到期")
    next_day = _state(date(2023, 9, 1), progress=95, reported=date(2023, 8, 1))
    assert (next_day.status, next_day.light, next_day.light_text, next_day.days_left) == (
        MeasureStatus.OVERDUE, Light.RED, "已逾期1日", -1)


@pytest.mark.parametrize("deadline_text, last_day, first_late_day", [
    ("2023年2月底前", date(2023, 2, 28), date(2023, 3, 1)),
    ("2024年2月底前", date(2024, 2, 29), date(2024, 3, 1)),
    ("2023年4月底前", date(2023, 4, 30), date(2023, 5, 1)),
    ("2023年12月", date(2023, 12, 31), date(2024, 1, 1)),
])
def test_month_end_deadlines(deadline_text, last_day, first_late_day):
    deadline_on = parse_deadline(deadline_text).on
    assert deadline_on == last_day
    assert _state(last_day, deadline_on, progress=100, reported=START).status == MeasureStatus.IN_PROGRESS
    assert _state(first_late_day, deadline_on, progress=100, reported=START).status == MeasureStatus.OVERDUE


def test_not_started_far_from_deadline_is_green_then_amber_within_warning_days():
    early = _state(date(2023, 1, 10))
    assert (early.status, early.light, early.light_text) == (MeasureStatus.NOT_STARTED, Light.GREEN,
                                                             "按期推进，距完成时限233日")
    late = _state(date(2023, 8, 1), progress=90, reported=date(2023, 7, 31))
    assert (late.light, late.light_text) == (Light.AMBER, "距完成时限30日")


def test_progress_lagging_the_time_used_is_amber():
    # 2023-05-02 is 121 of 242 days: half the time used, 50% expected; 25% reported is more than 20 points behind.
    lagging = _state(date(2023, 5, 2), progress=25, reported=date(2023, 5, 1))
    assert (lagging.light, lagging.light_text) == (Light.AMBER, "进度滞后：应达50%，实报25%")
    keeping_up = _state(date(2023, 5, 2), progress=30, reported=date(2023, 5, 1))
    assert keeping_up.light == Light.GREEN


def test_completed_is_green_also_after_the_deadline():
    done = _state(date(2023, 12, 1), completed=date(2023, 8, 30), progress=100, reported=date(2023, 8, 30))
    assert (done.status, done.light, done.light_text) == (MeasureStatus.COMPLETED, Light.GREEN, "已完成")
    late = _state(date(2023, 12, 1), completed=date(2023, 9, 5), progress=100, reported=date(2023, 9, 5))
    assert (late.status, late.light_text) == (MeasureStatus.COMPLETED, "逾期后完成")


def test_ongoing_measure_is_green_until_a_quarter_passes_without_a_report():
    fresh = _state(date(2023, 3, 31), None, ongoing=True)
    assert (fresh.status, fresh.light, fresh.light_text) == (MeasureStatus.ONGOING, Light.GREEN, "持续推进")
    stale = _state(date(2023, 4, 1), None, ongoing=True)
    assert (stale.status, stale.light, stale.light_text) == (MeasureStatus.ONGOING, Light.AMBER, "已90日未报送进展")
    reported = _state(date(2023, 6, 1), None, ongoing=True, reported=date(2023, 5, 1), progress=40)
    assert (reported.status, reported.light) == (MeasureStatus.ONGOING, Light.GREEN)


def test_measure_without_a_readable_deadline_is_grey():
    state = _state(date(2023, 2, 1), None)
    assert (state.status, state.light, state.light_text) == (MeasureStatus.NOT_STARTED, Light.GREY, "未写明完成时限")
