"""Pure rules of yingshang.cases.domain — no database."""

from datetime import date

import pytest

from yingshang.cases import domain
from yingshang.cases.choices import (
    CaseCategory, CaseStatus, ClosingManner, EnterpriseSize, OrganisationKind, PartyKind, Procedure,
)
from yingshang.cases.domain import CaseNumber, format_case_number, parse_case_number
from yingshang.cases.errors import CaseError
from yingshang.core.errors import DomainError

# --- Case numbers (法〔2015〕137号, amended 法〔2018〕335号) -----------------------------------------

ROUND_TRIPS = [
    "（2023）鄂2826民初123号",
    "（2023）鄂2826民终1号",
    "（2024）鄂2826民特45号",
    "（2024）鄂2826民诉前调1024号",
    "（2023）鄂2826财保7号",
    "（2023）鄂2826执1号",
    "（2023）鄂2826执恢12号",
    "（2023）鄂2826执保3号",
    "（2023）鄂2826执异9号",
    "（2023）鄂2826破申2号",
    "（2023）鄂2826破1号",
    "（2023）鄂2826行初5号",
    "（2023）鄂2826行审11号",
    "（2022）鄂2826行赔初1号",
    "（2023）鄂2826刑初88号",
    "（2023）鄂2826民保令2号",
    "（2023）鄂2826司救民1号",
    "（2023）鄂28民终456号",       # intermediate court: province + 2 digits
    "（2023）鄂民终7号",           # high court: province only
    "（2023）最高法民终1号",        # Supreme People's Court
    "（2023）鄂2826知民初3号",      # specialised 知识产权 code before the type code
    "（2019）鄂28知民终10号",
    "（2021）鄂2826法赔1号",
]


@pytest.mark.parametrize("text", ROUND_TRIPS)
def test_case_number_round_trips(text):
    parsed = parse_case_number(text)
    assert str(parsed) == text
    assert format_case_number(parsed.year, parsed.court_code, parsed.type_code, parsed.sequence,
                              parsed.specialised_code) == text


@pytest.mark.parametrize("type_code", sorted(domain.TYPE_CODES))
def test_every_type_code_round_trips(type_code):
    text = f"（2024）鄂2826{type_code}17号"
    parsed = parse_case_number(text)
    assert parsed == CaseNumber(year=2024, court_code="鄂2826", type_code=type_code, sequence=17)
    assert format_case_number(2024, "鄂2826", type_code, 17) == text


def test_parse_splits_every_part():
    assert parse_case_number("（2023）鄂2826民诉前调1024号") == CaseNumber(
        year=2023, court_code="鄂2826", type_code="民诉前调", sequence=1024)
    assert parse_case_number("（2023）鄂2826知民初3号") == CaseNumber(
        year=2023, court_code="鄂2826", type_code="民初", sequence=3, specialised_code="知")
    assert parse_case_number("（2022）鄂2826行赔初1号").type_code == "行赔初"
    assert parse_case_number("（2023）鄂2826执恢12号").type_code == "执恢"


@pytest.mark.parametrize("text", [
    "(2023)鄂2826民初123号",
    "（2023)鄂2826民初123号",
    "(2023）鄂2826民初123号",
    " ( 2023 )鄂2826民初123号 ",
])
def test_ascii_parentheses_are_accepted_and_formatted_full_width(text):
    assert str(parse_case_number(text)) == "（2023）鄂2826民初123号"


def test_full_width_digits_are_normalised_everywhere_including_the_court_code():
    parsed = parse_case_number("（２０２３）鄂２８２６民初１２３号")
    assert parsed == CaseNumber(year=2023, court_code="鄂2826", type_code="民初", sequence=123)
    assert str(parsed) == "（2023）鄂2826民初123号"


@pytest.mark.parametrize("text", [
    "",
    "   ",
    "2023鄂2826民初123号",            # no parentheses
    "【2023】鄂2826民初123号",          # wrong brackets
    "（23）鄂2826民初123号",            # two-digit year
    "（20234）鄂2826民初123号",
    "（2023）鄂2826民初123",            # no 号
    "（2023）鄂2826民初号",             # no sequence
    "（2023）鄂2826民初-1号",
    "（2023）鄂2826民初1.5号",
    "（2023）鄂2826民初12a号",
    "（2023）2826民初123号",            # no province abbreviation
    "（2023）鄂282民初123号",           # three-digit division code
    "（2023）鄂2826123号",              # no type code
    "（2023）ABC民初1号",
    "（2023）鄂2826民初123号号",
    "x（2023）鄂2826民初123号",
    "（2023）鄂2826民初٣号",            # Arabic-Indic digit
])
def test_malformed_case_numbers_are_refused(text):
    with pytest.raises(DomainError) as refused:
        parse_case_number(text)
    assert refused.value.code == CaseError.CASE_NUMBER_MALFORMED
    assert refused.value.message.startswith("案号格式不正确")


@pytest.mark.parametrize("text", ["（2023）鄂2826民初0123号", "（2023）鄂2826民初0号", "（2023）鄂2826执恢007号"])
def test_zero_padded_or_zero_sequence_is_refused(text):
    with pytest.raises(DomainError) as refused:
        parse_case_number(text)
    assert refused.value.code == CaseError.CASE_NUMBER_MALFORMED
    assert refused.value.message == "案件编号不应补零或为零"


@pytest.mark.parametrize("year", [1900, 1948, 2101, 9999, 0])
def test_impossible_year_is_refused(year):
    with pytest.raises(DomainError) as refused:
        parse_case_number(f"（{year:04d}）鄂2826民初1号")
    assert refused.value.code == CaseError.CASE_NUMBER_MALFORMED
    assert refused.value.message == "案号年份不正确"


@pytest.mark.parametrize("text, type_code", [
    ("（2023）鄂2826民乙1号", "民乙"),
    ("（2023）鄂2826刑赔初1号", "刑赔初"),
    ("（2023）鄂2826知知1号", "知知"),
    ("（2023）鄂2826民初民初1号", "民初民初"),
    ("（2023）鄂2826商初1号", "商初"),
])
def test_unknown_type_code_is_refused(text, type_code):
    with pytest.raises(DomainError) as refused:
        parse_case_number(text)
    assert refused.value.code == CaseError.CASE_NUMBER_UNKNOWN_TYPE
    assert refused.value.message == f"未知的类型代字：{type_code}"
    assert refused.value.detail["type_code"] == type_code


@pytest.mark.parametrize("value", [None, 123, b"(2023)"])
def test_non_text_is_malformed(value):
    with pytest.raises(DomainError) as refused:
        parse_case_number(value)
    assert refused.value.code == CaseError.CASE_NUMBER_MALFORMED


def test_format_refuses_unknown_type_and_non_positive_sequence():
    with pytest.raises(DomainError) as unknown:
        format_case_number(2023, "鄂2826", "民乙", 1)
    assert unknown.value.code == CaseError.CASE_NUMBER_UNKNOWN_TYPE
    for sequence in (0, -3):
        with pytest.raises(DomainError) as bad:
            format_case_number(2023, "鄂2826", "民初", sequence)
        assert bad.value.code == CaseError.CASE_NUMBER_MALFORMED


def test_category_and_default_procedure_by_type_code():
    assert domain.category_for_type_code("民初") == CaseCategory.CIVIL
    assert domain.category_for_type_code("民诉前调") == CaseCategory.PRE_FILING_MEDIATION
    assert domain.category_for_type_code("执恢") == CaseCategory.ENFORCEMENT
    assert domain.category_for_type_code("财保") == CaseCategory.PRESERVATION
    assert domain.category_for_type_code("破申") == CaseCategory.BANKRUPTCY
    assert domain.category_for_type_code("行赔初") == CaseCategory.ADMINISTRATIVE
    assert domain.default_procedure_for("民初") == Procedure.ORDINARY
    assert domain.default_procedure_for("民终") == Procedure.SECOND_INSTANCE
    assert domain.default_procedure_for("民再") == Procedure.RETRIAL
    assert domain.default_procedure_for("执恢") == Procedure.ENFORCEMENT
    assert domain.default_procedure_for("民特") == Procedure.SPECIAL
    assert domain.default_procedure_for("破") == Procedure.BANKRUPTCY
    assert domain.default_procedure_for("民诉前调") == Procedure.NON_LITIGATION
    assert domain.default_procedure_for("刑初") == Procedure.ORDINARY


# --- Status transitions ---------------------------------------------------------------------------

ALLOWED = {
    (CaseStatus.REGISTERED, CaseStatus.ASSIGNED), (CaseStatus.REGISTERED, CaseStatus.CLOSED),
    (CaseStatus.ASSIGNED, CaseStatus.IN_PROGRESS), (CaseStatus.ASSIGNED, CaseStatus.SUSPENDED),
    (CaseStatus.ASSIGNED, CaseStatus.CLOSED),
    (CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED), (CaseStatus.IN_PROGRESS, CaseStatus.CLOSED),
    (CaseStatus.SUSPENDED, CaseStatus.IN_PROGRESS), (CaseStatus.SUSPENDED, CaseStatus.CLOSED),
    (CaseStatus.CLOSED, CaseStatus.ARCHIVED),
}
ALL_PAIRS = [(a, b) for a in CaseStatus for b in CaseStatus]


@pytest.mark.parametrize("current, target", sorted(ALLOWED))
def test_allowed_transitions_pass(current, target):
    assert domain.check_transition(current, target) is None


@pytest.mark.parametrize("current, target", [p for p in ALL_PAIRS if p not in ALLOWED])
def test_every_other_transition_is_refused_with_409(current, target):
    with pytest.raises(DomainError) as refused:
        domain.check_transition(current, target)
    assert refused.value.status == 409
    assert refused.value.detail == {"from": current, "to": target}
    if current in (CaseStatus.CLOSED, CaseStatus.ARCHIVED) and target != CaseStatus.ARCHIVED:
        assert refused.value.code == CaseError.CASE_ALREADY_CLOSED
        assert refused.value.message == "案件已结案，不能再变更状态"
    else:
        assert refused.value.code == CaseError.TRANSITION_NOT_ALLOWED
        assert refused.value.message == (f"案件状态不能从「{CaseStatus(current).label}」"
                                         f"变更为「{CaseStatus(target).label}」")


def test_transition_table_covers_every_status():
    assert set(domain.STATUS_TRANSITIONS) == set(CaseStatus)


# --- Closing --------------------------------------------------------------------------------------

FILED = date(2024, 3, 15)


@pytest.mark.parametrize("category, manner", [
    (CaseCategory.CIVIL, ClosingManner.JUDGMENT),
    (CaseCategory.CIVIL, ClosingManner.MEDIATION),
    (CaseCategory.CIVIL, ClosingManner.WITHDRAWAL),
    (CaseCategory.ENFORCEMENT, ClosingManner.FULLY_ENFORCED),
    (CaseCategory.ENFORCEMENT, ClosingManner.ROUND_CLOSURE),
    (CaseCategory.ENFORCEMENT, ClosingManner.SETTLEMENT),
    (CaseCategory.PRE_FILING_MEDIATION, ClosingManner.JUDICIAL_CONFIRMATION),
])
def test_closing_with_a_fitting_manner_passes(category, manner):
    assert domain.check_closing(category=category, closing_manner=manner, filed_on=FILED, closed_on=FILED) is None


def test_closing_needs_a_manner():
    for manner in ("", None):
        with pytest.raises(DomainError) as refused:
            domain.check_closing(category=CaseCategory.CIVIL, closing_manner=manner, filed_on=FILED,
                                 closed_on=date(2024, 4, 1))
        assert refused.value.code == CaseError.CLOSING_MANNER_REQUIRED
        assert refused.value.message == "结案必须选择结案方式"


def test_closing_before_filing_is_refused():
    with pytest.raises(DomainError) as refused:
        domain.check_closing(category=CaseCategory.CIVIL, closing_manner=ClosingManner.JUDGMENT, filed_on=FILED,
                             closed_on=date(2024, 3, 14))
    assert refused.value.code == CaseError.CLOSING_DATE_BEFORE_FILING
    assert refused.value.detail == {"filed_on": "2024-03-15", "closed_on": "2024-03-14"}


@pytest.mark.parametrize("category, manner, message", [
    (CaseCategory.ENFORCEMENT, ClosingManner.JUDGMENT, "执行案件不能以「判决」方式结案"),
    (CaseCategory.ENFORCEMENT, ClosingManner.MEDIATION, "执行案件不能以「调解」方式结案"),
    (CaseCategory.CIVIL, ClosingManner.FULLY_ENFORCED, "非执行案件不能以「执行完毕」方式结案"),
    (CaseCategory.CIVIL, ClosingManner.ROUND_CLOSURE, "非执行案件不能以「终结本次执行」方式结案"),
    (CaseCategory.BANKRUPTCY, ClosingManner.TERMINATION, "非执行案件不能以「终结执行」方式结案"),
])
def test_closing_manner_must_fit_the_category(category, manner, message):
    with pytest.raises(DomainError) as refused:
        domain.check_closing(category=category, closing_manner=manner, filed_on=FILED, closed_on=date(2024, 5, 1))
    assert refused.value.code == CaseError.TRANSITION_NOT_ALLOWED
    assert refused.value.message == message


# --- Party identifiers (GB 11643 / GB 32100 via python-stdnum) ------------------------------------

@pytest.mark.parametrize("value, normalised", [
    ("11010519491231002X", "11010519491231002X"),
    ("11010519491231002x", "11010519491231002X"),
    ("422826196304040031", "422826196304040031"),
    (" 422826196304040031 ", "422826196304040031"),
    ("４２２８２６１９６３０４０４００３１", "422826196304040031"),
])
def test_valid_id_numbers(value, normalised):
    assert domain.normalise_id_number(value) == normalised


@pytest.mark.parametrize("value", [
    "110105194912310021",     # wrong check digit
    "42282619630404003",      # 17 characters
    "4228261963040400311",    # 19 characters
    "42282619630230003X",     # 30 February
    "999999196304040031",     # no such division code
    "42282A196304040031",
    "",
])
def test_invalid_id_numbers(value):
    with pytest.raises(DomainError) as refused:
        domain.normalise_id_number(value)
    assert refused.value.code == CaseError.ID_NUMBER_INVALID
    assert refused.value.message == "身份证号码不正确（校验位、出生日期或地区码有误）"
    assert refused.value.detail == {"id_number": value}


def test_generated_id_numbers_are_valid():
    from yingshang.cases.tests.factories import VALID_ID_NUMBERS, id_number_for

    for n in range(200):
        assert domain.normalise_id_number(id_number_for(n)) == id_number_for(n)
    for value in VALID_ID_NUMBERS:
        assert domain.normalise_id_number(value) == value


@pytest.mark.parametrize("value, normalised", [
    ("91110108551385082Q", "91110108551385082Q"),
    ("91110108551385082q", "91110108551385082Q"),
    ("91110108-551385082Q", "91110108551385082Q"),
    ("91422826MA0000003T", "91422826MA0000003T"),
])
def test_valid_credit_codes(value, normalised):
    assert domain.normalise_credit_code(value) == normalised


@pytest.mark.parametrize("value", [
    "91110108551385082A",     # wrong check character
    "9111010855138508",       # too short
    "91110108551385082QQ",    # too long
    "9111010A551385082Q",     # letters in the first eight positions
    "91110108551385O82Q",     # O is not in the GB 32100 alphabet
    "",
])
def test_invalid_credit_codes(value):
    with pytest.raises(DomainError) as refused:
        domain.normalise_credit_code(value)
    assert refused.value.code == CaseError.CREDIT_CODE_INVALID
    assert refused.value.message == "统一社会信用代码不正确（长度、字符或校验位有误）"
    assert refused.value.detail == {"credit_code": value}


def test_generated_credit_codes_are_valid():
    from yingshang.cases.tests.factories import VALID_CREDIT_CODES, credit_code_for

    for n in range(200):
        assert domain.normalise_credit_code(credit_code_for(n)) == credit_code_for(n)
    for value in VALID_CREDIT_CODES:
        assert domain.normalise_credit_code(value) == value


@pytest.mark.parametrize("value, normalised", [
    ("13800138000", "13800138000"), ("+86 138-0013-8000", "13800138000"), ("199 0000 0000", "19900000000"),
])
def test_valid_phones(value, normalised):
    assert domain.normalise_phone(value) == normalised


@pytest.mark.parametrize("value", ["12800138000", "1380013800", "138001380001", "0718-1234567", "", "abc"])
def test_invalid_phones(value):
    with pytest.raises(DomainError) as refused:
        domain.normalise_phone(value)
    assert refused.value.code == CaseError.PHONE_INVALID


# --- Derived flags and causes ---------------------------------------------------------------------

def test_flags_follow_the_parties_and_the_cause():
    person = domain.PartyFacts(kind=PartyKind.PERSON)
    large = domain.PartyFacts(kind=PartyKind.ORGANISATION, organisation_kind=OrganisationKind.ENTERPRISE,
                              enterprise_size=EnterpriseSize.LARGE)
    micro = domain.PartyFacts(kind=PartyKind.ORGANISATION, organisation_kind=OrganisationKind.ENTERPRISE,
                              enterprise_size=EnterpriseSize.MICRO)
    bureau = domain.PartyFacts(kind=PartyKind.ORGANISATION, organisation_kind=OrganisationKind.GOVERNMENT)
    assert domain.derive_flags(parties=[person], category=CaseCategory.CIVIL, cause_is_financial=False) == \
        domain.CaseFlags(is_enterprise_involved=False, is_sme_involved=False, has_government_party=False,
                         is_financial=False)
    assert domain.derive_flags(parties=[person, large], category=CaseCategory.CIVIL, cause_is_financial=False) == \
        domain.CaseFlags(is_enterprise_involved=True, is_sme_involved=False, has_government_party=False,
                         is_financial=False)
    assert domain.derive_flags(parties=[micro, bureau], category=CaseCategory.CIVIL, cause_is_financial=True) == \
        domain.CaseFlags(is_enterprise_involved=True, is_sme_involved=True, has_government_party=True,
                         is_financial=True)
    assert domain.derive_flags(parties=[], category=CaseCategory.FINANCIAL, cause_is_financial=False).is_financial


def test_financial_causes():
    assert domain.is_financial_cause("金融借款合同纠纷")
    assert domain.is_financial_cause("信用卡纠纷")
    assert domain.is_financial_cause("财产保险合同纠纷", "保险纠纷")
    assert domain.is_financial_cause("证券虚假陈述责任纠纷", "证券纠纷")
    assert not domain.is_financial_cause("买卖合同纠纷", "合同纠纷")
    assert not domain.is_financial_cause("民间借贷纠纷")


def test_cause_revision_switches_on_1_january_2026():
    assert domain.cause_revision_for(date(2025, 12, 31)) == 2020
    assert domain.cause_revision_for(date(2026, 1, 1)) == 2025
