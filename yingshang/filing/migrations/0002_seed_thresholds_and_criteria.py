"""Seed data: Hubei's small-claims wage rows (amounts UNCONFIRMED placeholders) and the default 繁简分流 criteria.

Hubei: the rule book (rules-fees-periods-case-numbers.md §2.5) found no published Hubei figure for 2022–2024; the
Hubei High Court publishes the limit every year. The rows carry a round PLACEHOLDER wage (100,000.00 yuan) and an
assumed effective date (1 July of the following year), both UNCONFIRMED, so that triage works and says so; the
立案庭 head replaces them with the published figures and ticks 已核实.

Criteria: the court's identification standard (plan measure 6), editable on the criteria page. The CPL 160 / 166
and 解释 257 tests are law and stay in code (filing/triage.py); these are the weighed indicators."""

from datetime import date

from django.db import migrations

PLACEHOLDER_WAGE_FEN = 100_000_00
HUBEI_NOTE = ("占位数额，未核实（UNCONFIRMED）：请立案庭按湖北省高级人民法院公布的小额诉讼标的额标准"
              "（上年度就业人员年平均工资）核对后修改，并勾选「已核实」。适用起始日亦为假定。")

CRITERIA = [
    # code, label, kind, fact, operator, value, weight, basis
    ("few_parties", "当事人不超过2人", "simple", "party_count", "at_most", 2, 1, "繁简分流识别标准（本院）"),
    ("money_claim", "单纯金钱给付", "simple", "is_money_claim", "is_true", None, 1, "民事诉讼法第165条"),
    ("typical_cause", "常见简单案由（民间借贷、金融借款、信用卡、买卖、租赁、物业服务等）", "simple",
     "is_typical_simple_cause", "is_true", None, 1, "审判实践（案由分组）"),
    ("many_parties", "当事人5人以上", "complex", "party_count", "at_least", 5, 1, "繁简分流识别标准（本院）"),
    ("foreign", "有涉外因素", "complex", "has_foreign_element", "is_true", None, 2, "繁简分流识别标准（本院）"),
    ("appraisal", "需要评估、鉴定", "complex", "needs_appraisal", "is_true", None, 1, "繁简分流识别标准（本院）"),
    ("counterclaim", "被告提出反诉", "complex", "has_counterclaim", "is_true", None, 1, "繁简分流识别标准（本院）"),
    ("mass_dispute", "群体性纠纷", "complex", "is_mass_dispute", "is_true", None, 2, "繁简分流识别标准（本院）"),
    ("novel", "新类型或疑难复杂", "complex", "is_novel_or_difficult", "is_true", None, 2, "繁简分流识别标准（本院）"),
    ("large_amount", "标的额500万元以上", "complex", "claim_amount_fen", "at_least", 500_000_000, 1,
     "繁简分流识别标准（本院）"),
]


def seed(apps, schema_editor):
    Threshold = apps.get_model("filing", "SmallClaimsThreshold")
    Criterion = apps.get_model("filing", "TriageCriterion")
    for wage_year in (2022, 2023, 2024):
        Threshold.objects.get_or_create(
            province="湖北省", wage_year=wage_year,
            defaults={"average_wage_fen": PLACEHOLDER_WAGE_FEN, "effective_from": date(wage_year + 1, 7, 1),
                      "is_confirmed": False, "source": "占位（UNCONFIRMED）", "note": HUBEI_NOTE})
    for order, (code, label, kind, fact, operator, value, weight, basis) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(code=code, defaults={
            "label": label, "kind": kind, "fact": fact, "operator": operator, "value": value, "weight": weight,
            "is_active": True, "legal_basis": basis, "sort_order": order})


def unseed(apps, schema_editor):
    apps.get_model("filing", "SmallClaimsThreshold").objects.filter(province="湖北省", is_confirmed=False,
                                                                    source="占位（UNCONFIRMED）").delete()
    apps.get_model("filing", "TriageCriterion").objects.filter(code__in=[c[0] for c in CRITERIA]).delete()


class Migration(migrations.Migration):
    dependencies = [("filing", "0001_filing_tables")]
    operations = [migrations.RunPython(seed, unseed)]
