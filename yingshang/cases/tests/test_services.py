"""Services of yingshang.cases: every write validated first, refused with a coded error and no trace, and written
with its audit event and timeline event in the same transaction."""

import threading
from datetime import date

import pytest
from django.db import connection, connections

from yingshang.audit.models import AuditEvent
from yingshang.cases import services
from yingshang.cases.choices import (
    CaseCategory, CaseEventKind, CaseLinkKind, CaseStatus, ClosingManner, EnterpriseSize, FilingChannel,
    OrganisationKind, PartyKind, PartyRole, Procedure,
)
from yingshang.cases.errors import CaseError
from yingshang.cases.models import Case, CaseAgent, CaseEvent, CaseLink, CaseNumberSequence, CaseParty, Party
from yingshang.cases.tests.conftest import FILED_ON, cause_named, enterprise, person, register
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, credit_code_for, id_number_for
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, TeamFactory, UserFactory, president


def footprint() -> dict:
    """Everything a case service can write."""
    return {
        "cases": list(Case.objects.order_by("pk").values_list("pk", "status", "procedure", "closed_on",
                                                                "closing_manner", "claim_amount_fen",
                                                                "department_id", "judge_id", "summary",
                                                                "family_root_id")),
        "parties": Party.objects.count(),
        "case_parties": CaseParty.objects.count(),
        "agents": CaseAgent.objects.count(),
        "links": CaseLink.objects.count(),
        "events": CaseEvent.objects.count(),
        "audit": AuditEvent.objects.count(),
        "sequences": list(CaseNumberSequence.objects.order_by("pk").values_list("type_code", "last_sequence")),
    }


def assert_refused(call, code: str, status: int | None = None) -> DomainError:
    """Run call; it must raise a DomainError with this code and leave the database exactly as it was."""
    before = footprint()
    with pytest.raises(DomainError) as refused:
        call()
    assert refused.value.code == code, refused.value.message
    if status is not None:
        assert refused.value.status == status
    assert footprint() == before
    return refused.value


# --- Registration (立案) ----------------------------------------------------------------------------

def test_registration_allocates_the_number_and_writes_case_parties_timeline_and_audit(court, clerk):
    case = register(clerk, court, parties=[person(1, phone="138 0013 8000"),
                                           enterprise(1, enterprise_size=EnterpriseSize.MICRO)],
                    claim_amount_fen=12_345_678, channel=FilingChannel.ONLINE, accepted_on=date(2025, 5, 30))

    case.refresh_from_db()
    assert case.case_number == "（2025）鄂2826民初1号"
    assert (case.year, case.type_code, case.sequence) == (2025, "民初", 1)
    assert case.category == CaseCategory.CIVIL
    assert case.procedure == Procedure.ORDINARY
    assert case.channel == FilingChannel.ONLINE
    assert case.status == CaseStatus.REGISTERED
    assert case.filed_on == FILED_ON and case.accepted_on == date(2025, 5, 30)
    assert case.claim_amount_fen == 12_345_678
    assert (case.is_enterprise_involved, case.is_sme_involved, case.has_government_party, case.is_financial) == \
        (True, True, False, False)

    links = list(CaseParty.objects.filter(case=case).select_related("party").order_by("pk"))
    assert [(cp.party.name, cp.role) for cp in links] == [("自然人1", PartyRole.PLAINTIFF),
                                                          ("咸丰县企业1有限公司", PartyRole.DEFENDANT)]
    plaintiff, defendant = links[0].party, links[1].party
    assert (plaintiff.kind, plaintiff.id_number, plaintiff.phone) == (PartyKind.PERSON, id_number_for(1),
                                                                      "13800138000")
    assert (defendant.kind, defendant.credit_code, defendant.organisation_kind, defendant.enterprise_size) == \
        (PartyKind.ORGANISATION, credit_code_for(1), OrganisationKind.ENTERPRISE, EnterpriseSize.MICRO)

    events = list(CaseEvent.objects.filter(case=case))
    assert [(e.kind, e.occurred_on, e.actor_id, e.description) for e in events] == [
        (CaseEventKind.REGISTERED, FILED_ON, clerk.pk, "网上立案，案号（2025）鄂2826民初1号")]

    audit = AuditEvent.objects.get(case_id=case.pk)
    assert (audit.action, audit.actor_id, audit.target_type, audit.target_id) == \
        ("cases.case_registered", clerk.pk, "cases.case", str(case.pk))
    assert audit.before is None
    assert audit.after == {
        "case_number": "（2025）鄂2826民初1号", "status": "registered", "procedure": "ordinary",
        "department_id": None, "judge_id": None, "team_id": None, "closed_on": None, "closing_manner": "",
        "claim_amount_fen": 12_345_678, "cause_id": None, "summary": "",
        "parties": [{"party_id": plaintiff.pk, "role": "plaintiff"}, {"party_id": defendant.pk, "role": "defendant"}],
    }
    assert CaseNumberSequence.objects.get(court=court, year=2025, type_code="民初").last_sequence == 1


def test_sequences_run_per_court_year_and_type_code_without_gaps(court, clerk):
    numbers = [register(clerk, court).case_number for _ in range(3)]
    numbers.append(register(clerk, court, type_code="执恢").case_number)
    numbers.append(register(clerk, court, type_code="民诉前调").case_number)
    numbers.append(register(clerk, court, filed_on=date(2024, 12, 31)).case_number)
    numbers.append(register(clerk, court, type_code="执恢").case_number)
    assert numbers == ["（2025）鄂2826民初1号", "（2025）鄂2826民初2号", "（2025）鄂2826民初3号",
                       "（2025）鄂2826执恢1号", "（2025）鄂2826民诉前调1号", "（2024）鄂2826民初1号",
                       "（2025）鄂2826执恢2号"]
    other_court = CourtFactory(name="来凤县人民法院", code="鄂2827")
    other_clerk = UserFactory(role=Role.CLERK, court=other_court,
                              department=DepartmentFactory(court=other_court, kind=DepartmentKind.FILING))
    assert register(other_clerk, other_court).case_number == "（2025）鄂2827民初1号"


def test_a_refused_registration_leaves_no_gap(court, clerk):
    register(clerk, court)
    assert_refused(lambda: register(clerk, court, parties=[person(1), person(1)]), CaseError.PARTY_ALREADY_IN_CASE)
    assert register(clerk, court).case_number == "（2025）鄂2826民初2号"


def test_type_code_decides_category_and_procedure(court, clerk):
    enforcement = register(clerk, court, type_code="执", parties=[person(1, PartyRole.CREDITOR),
                                                                   enterprise(1, PartyRole.DEBTOR)])
    assert (enforcement.category, enforcement.procedure) == (CaseCategory.ENFORCEMENT, Procedure.ENFORCEMENT)
    mediation = register(clerk, court, type_code="民诉前调")
    assert (mediation.category, mediation.procedure) == (CaseCategory.PRE_FILING_MEDIATION,
                                                         Procedure.NON_LITIGATION)
    explicit = register(clerk, court, category=CaseCategory.FINANCIAL, procedure=Procedure.SMALL_CLAIMS)
    assert (explicit.category, explicit.procedure, explicit.is_financial) == \
        (CaseCategory.FINANCIAL, Procedure.SMALL_CLAIMS, True)


def test_registration_with_department_and_judge_is_assigned_at_once(court, clerk, civil, judge):
    case = register(clerk, court, department_id=civil.pk, judge_id=judge.pk)
    assert case.status == CaseStatus.ASSIGNED
    assert [(e.kind, e.description) for e in CaseEvent.objects.filter(case=case).order_by("pk")] == [
        (CaseEventKind.REGISTERED, "现场立案，案号（2025）鄂2826民初1号"),
        (CaseEventKind.ASSIGNED, "分配至民事审判庭，承办法官民庭法官甲"),
    ]
    audit = AuditEvent.objects.get(case_id=case.pk)
    assert (audit.after["status"], audit.after["department_id"], audit.after["judge_id"]) == \
        ("assigned", civil.pk, judge.pk)


def test_one_organisation_is_one_party_across_cases(court, clerk):
    first = register(clerk, court, parties=[enterprise(7, PartyRole.PLAINTIFF)])
    second = register(clerk, court, parties=[services.PartyInput(
        kind=PartyKind.ORGANISATION, name="另一个名字", role=PartyRole.DEFENDANT,
        credit_code=credit_code_for(7).lower())])
    assert Party.objects.filter(credit_code=credit_code_for(7)).count() == 1
    party = Party.objects.get(credit_code=credit_code_for(7))
    assert party.name == "咸丰县企业7有限公司"
    assert set(CaseParty.objects.filter(party=party).values_list("case_id", "role")) == {
        (first.pk, PartyRole.PLAINTIFF), (second.pk, PartyRole.DEFENDANT)}


def test_one_person_is_one_party_across_cases(court, clerk):
    register(clerk, court, parties=[person(3)])
    register(clerk, court, parties=[person(3, PartyRole.DEFENDANT)])
    assert Party.objects.filter(id_number=id_number_for(3)).count() == 1


def test_flags_derive_from_government_parties_and_financial_causes(court, clerk):
    bureau = enterprise(2, organisation_kind=OrganisationKind.GOVERNMENT, name="咸丰县某局")
    case = register(clerk, court, parties=[person(1), bureau], cause_id=cause_named("金融借款合同纠纷").pk)
    assert (case.is_enterprise_involved, case.is_sme_involved, case.has_government_party, case.is_financial) == \
        (False, False, True, True)
    assert Party.objects.get(credit_code=credit_code_for(2)).enterprise_size == ""


def test_the_2025_catalogue_applies_from_2026(court, clerk):
    cause_2025 = cause_named("买卖合同纠纷", revision=2025)
    case = register(clerk, court, filed_on=date(2026, 1, 5), cause_id=cause_2025.pk)
    assert case.cause_id == cause_2025.pk
    refusal = assert_refused(lambda: register(clerk, court, cause_id=cause_2025.pk), CaseError.CAUSE_WRONG_REVISION)
    assert refusal.message == "立案日期适用2020年版《民事案件案由规定》，所选案由属于2025年版"


@pytest.mark.parametrize("make_party, code, message", [
    (lambda: services.PartyInput(kind=PartyKind.ORGANISATION, name="某公司", role=PartyRole.DEFENDANT,
                                 credit_code="91110108551385082A"),
     CaseError.CREDIT_CODE_INVALID, "统一社会信用代码不正确（长度、字符或校验位有误）"),
    (lambda: services.PartyInput(kind=PartyKind.PERSON, name="张某", role=PartyRole.PLAINTIFF,
                                 id_number="110105194912310021"),
     CaseError.ID_NUMBER_INVALID, "身份证号码不正确（校验位、出生日期或地区码有误）"),
    (lambda: services.PartyInput(kind=PartyKind.PERSON, name="张某", role=PartyRole.PLAINTIFF,
                                 id_number="42282619630230003X"),
     CaseError.ID_NUMBER_INVALID, "身份证号码不正确（校验位、出生日期或地区码有误）"),
    (lambda: services.PartyInput(kind=PartyKind.PERSON, name="张某", role=PartyRole.PLAINTIFF,
                                 credit_code=credit_code_for(1)),
     CaseError.PARTY_KIND_MISMATCH, "自然人不应填写统一社会信用代码"),
    (lambda: services.PartyInput(kind=PartyKind.ORGANISATION, name="某公司", role=PartyRole.DEFENDANT,
                                 id_number=id_number_for(1), credit_code=credit_code_for(1)),
     CaseError.PARTY_KIND_MISMATCH, "单位不应填写身份证号"),
    (lambda: services.PartyInput(kind=PartyKind.ORGANISATION, name="某公司", role=PartyRole.DEFENDANT),
     CaseError.PARTY_IDENTIFIER_REQUIRED, "单位当事人须填写统一社会信用代码"),
    (lambda: services.PartyInput(kind=PartyKind.PERSON, name="  ", role=PartyRole.PLAINTIFF),
     CaseError.PARTY_NAME_REQUIRED, "当事人名称不能为空"),
    (lambda: person(4, phone="12345"), CaseError.PHONE_INVALID, "手机号码不正确，应为11位大陆手机号"),
    (lambda: services.PartyInput(kind="robot", name="某", role=PartyRole.PLAINTIFF),
     CaseError.PARTY_KIND_MISMATCH, "当事人类型应为自然人或单位"),
])
def test_invalid_parties_refuse_the_whole_registration(court, clerk, make_party, code, message):
    # The valid party comes first: its row must be rolled back with the rest.
    refusal = assert_refused(lambda: register(clerk, court, parties=[person(9), make_party()]), code, 400)
    assert refusal.message == message


def test_registration_refusals_write_nothing(court, clerk, civil):
    other_court = CourtFactory(name="来凤县人民法院", code="鄂2827")
    foreign_department = DepartmentFactory(court=other_court, kind=DepartmentKind.CIVIL)
    clerk_as_judge = UserFactory(role=Role.CLERK, court=court, department=civil)
    assert_refused(lambda: register(clerk, court, type_code="民乙"), CaseError.CASE_NUMBER_UNKNOWN_TYPE)
    assert_refused(lambda: register(clerk, court, accepted_on=date(2025, 6, 3)), CaseError.DATE_ORDER)
    assert_refused(lambda: register(clerk, court, claim_amount_fen=-1), "AMOUNT_NEGATIVE")
    assert_refused(lambda: register(clerk, court, cause_id=999_999), CaseError.CAUSE_NOT_FOUND)
    assert_refused(lambda: register(clerk, court, department_id=foreign_department.pk),
                   CaseError.DEPARTMENT_NOT_FOUND)
    assert_refused(lambda: register(clerk, court, judge_id=clerk_as_judge.pk), CaseError.JUDGE_NOT_FOUND)
    assert_refused(lambda: register(clerk, court, parties=[person(1), person(1)]), CaseError.PARTY_ALREADY_IN_CASE)


def test_filing_date_in_the_future_is_refused(court, clerk, time_machine):
    time_machine.move_to("2025-06-01 23:30:00+08:00")
    assert_refused(lambda: register(clerk, court, filed_on=date(2025, 6, 2)), CaseError.DATE_ORDER)
    # Half past midnight in Beijing is still the previous day in UTC: the court's date decides.
    time_machine.move_to("2025-06-02 00:30:00+08:00")
    assert register(clerk, court, filed_on=date(2025, 6, 2)).filed_on == date(2025, 6, 2)


@pytest.mark.parametrize("role", [Role.JUDGE, Role.DIVISION_HEAD, Role.PRESIDENT, Role.PARTY, Role.LAWYER])
def test_only_the_filing_division_registers(court, civil, role):
    actor = UserFactory(role=role)
    refusal = assert_refused(lambda: register(actor, court), "CASE_REGISTER_DENIED", 403)
    assert refusal.message == "只有立案庭工作人员可以立案"
    assert isinstance(refusal, PermissionDenied)


def test_a_superuser_may_register(court):
    admin = UserFactory(role=Role.ADMIN_STAFF, is_superuser=True)
    assert register(admin, court).case_number == "（2025）鄂2826民初1号"


# --- Status changes -------------------------------------------------------------------------------

def _events(case) -> list[tuple]:
    return [(e.kind, e.occurred_on, e.description, e.data)
            for e in CaseEvent.objects.filter(case=case).order_by("pk")]


def test_a_case_walks_the_transition_table_with_timeline_and_audit(court, clerk, civil, judge):
    case = register(clerk, court)
    services.case_assign(case_id=case.pk, department_id=civil.pk, judge_id=judge.pk, actor=clerk,
                         on=date(2025, 6, 3))
    services.case_status_change(case_id=case.pk, status=CaseStatus.IN_PROGRESS, actor=judge, on=date(2025, 6, 4))
    services.case_status_change(case_id=case.pk, status=CaseStatus.SUSPENDED, actor=judge, on=date(2025, 7, 1),
                                reason="等待另案审理结果")
    services.case_status_change(case_id=case.pk, status=CaseStatus.IN_PROGRESS, actor=judge, on=date(2025, 8, 1),
                                reason="中止事由消除")
    services.case_status_change(case_id=case.pk, status=CaseStatus.CLOSED, actor=judge, on=date(2025, 9, 1),
                                closing_manner=ClosingManner.MEDIATION)
    services.case_status_change(case_id=case.pk, status=CaseStatus.ARCHIVED, actor=judge, on=date(2025, 9, 20))

    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closing_manner) == (CaseStatus.ARCHIVED, date(2025, 9, 1),
                                                                  ClosingManner.MEDIATION)
    events = _events(case)
    # the deadlines app records the suspension as a period not counted in the time limit (its own timeline notes)
    assert [e[3]["action"] for e in events if e[3].get("app") == "deadlines"] == ["deduction_recorded",
                                                                                  "deduction_ended"]
    assert [e for e in events if e[3].get("app") != "deadlines"] == [
        (CaseEventKind.REGISTERED, FILED_ON, "现场立案，案号（2025）鄂2826民初1号", {}),
        (CaseEventKind.ASSIGNED, date(2025, 6, 3), "分配至民事审判庭，承办法官民庭法官甲", {}),
        (CaseEventKind.NOTE, date(2025, 6, 4), "状态变更为审理/执行中", {"from": "assigned", "to": "in_progress"}),
        (CaseEventKind.SUSPENDED, date(2025, 7, 1), "等待另案审理结果", {"from": "in_progress", "to": "suspended"}),
        (CaseEventKind.RESUMED, date(2025, 8, 1), "中止事由消除", {"from": "suspended", "to": "in_progress"}),
        (CaseEventKind.CLOSED, date(2025, 9, 1), "结案方式：调解", {"from": "in_progress", "to": "closed"}),
        (CaseEventKind.ARCHIVED, date(2025, 9, 20), "状态变更为已归档", {"from": "closed", "to": "archived"}),
    ]
    audit = list(AuditEvent.objects.filter(case_id=case.pk, action__startswith="cases.").order_by("pk"))
    assert [a.action for a in audit] == ["cases.case_registered", "cases.case_assigned"] + \
        ["cases.case_status_changed"] * 5
    assert [(a.before["status"], a.after["status"], a.reason) for a in audit[2:]] == [
        ("assigned", "in_progress", ""), ("in_progress", "suspended", "等待另案审理结果"),
        ("suspended", "in_progress", "中止事由消除"), ("in_progress", "closed", ""), ("closed", "archived", "")]
    closing = audit[5]
    assert (closing.before["closed_on"], closing.before["closing_manner"]) == (None, "")
    assert (closing.after["closed_on"], closing.after["closing_manner"]) == ("2025-09-01", "mediation")
    assert closing.actor_id == judge.pk
    assert audit[1].before == {"status": "registered", "procedure": "ordinary", "department_id": None,
                               "judge_id": None, "team_id": None, "closed_on": None, "closing_manner": "",
                               "claim_amount_fen": 0, "cause_id": None, "summary": ""}
    assert (audit[1].after["status"], audit[1].after["department_id"], audit[1].after["judge_id"]) == \
        ("assigned", civil.pk, judge.pk)


def test_a_registered_case_may_be_closed_directly(court, clerk):
    case = register(clerk, court, type_code="民诉前调")
    services.case_status_change(case_id=case.pk, status=CaseStatus.CLOSED, actor=clerk, on=date(2025, 6, 20),
                                closing_manner=ClosingManner.WITHDRAWAL)
    case.refresh_from_db()
    assert (case.status, case.closed_on, case.closing_manner) == (CaseStatus.CLOSED, date(2025, 6, 20), "withdrawal")


@pytest.fixture
def running_case(judge):
    """An IN_PROGRESS civil case of the judge's division, filed 2024-03-15."""
    return CaseFactory(court=judge.court, department=judge.department, judge=judge)


@pytest.mark.parametrize("status, kwargs, code", [
    (CaseStatus.REGISTERED, {}, CaseError.TRANSITION_NOT_ALLOWED),
    (CaseStatus.ASSIGNED, {}, CaseError.TRANSITION_NOT_ALLOWED),
    (CaseStatus.IN_PROGRESS, {}, CaseError.TRANSITION_NOT_ALLOWED),
    (CaseStatus.ARCHIVED, {}, CaseError.TRANSITION_NOT_ALLOWED),
    (CaseStatus.SUSPENDED, {"reason": "  "}, "CASE_REASON_REQUIRED"),
    (CaseStatus.CLOSED, {}, CaseError.CLOSING_MANNER_REQUIRED),
    (CaseStatus.CLOSED, {"closing_manner": ClosingManner.FULLY_ENFORCED}, CaseError.TRANSITION_NOT_ALLOWED),
    (CaseStatus.CLOSED, {"closing_manner": ClosingManner.JUDGMENT, "on": date(2024, 3, 14)},
     CaseError.CLOSING_DATE_BEFORE_FILING),
    (CaseStatus.CLOSED, {"closing_manner": ClosingManner.JUDGMENT, "on": date(2099, 1, 1)}, CaseError.DATE_ORDER),
    (CaseStatus.SUSPENDED, {"reason": "鉴定", "on": date(2024, 3, 1)}, CaseError.DATE_ORDER),
])
def test_refused_status_changes_write_nothing(running_case, judge, status, kwargs, code):
    assert_refused(lambda: services.case_status_change(case_id=running_case.pk, status=status, actor=judge,
                                                       **kwargs), code)
    running_case.refresh_from_db()
    assert running_case.status == CaseStatus.IN_PROGRESS
    assert not CaseEvent.objects.exists() and not AuditEvent.objects.exists()


def test_an_enforcement_case_does_not_close_by_judgment(court, enforcement):
    officer = UserFactory(role=Role.ENFORCEMENT_OFFICER, court=court, department=enforcement)
    case = CaseFactory(court=court, department=enforcement, judge=officer, type_code="执",
                       category=CaseCategory.ENFORCEMENT, procedure=Procedure.ENFORCEMENT)
    refusal = assert_refused(lambda: services.case_status_change(
        case_id=case.pk, status=CaseStatus.CLOSED, actor=officer, on=date(2024, 6, 1),
        closing_manner=ClosingManner.JUDGMENT), CaseError.TRANSITION_NOT_ALLOWED)
    assert refusal.message == "执行案件不能以「判决」方式结案"
    services.case_status_change(case_id=case.pk, status=CaseStatus.CLOSED, actor=officer, on=date(2024, 6, 1),
                                closing_manner=ClosingManner.ROUND_CLOSURE)
    case.refresh_from_db()
    assert (case.status, case.closing_manner) == (CaseStatus.CLOSED, ClosingManner.ROUND_CLOSURE)


def test_a_closed_case_stays_closed(running_case, judge):
    services.case_status_change(case_id=running_case.pk, status=CaseStatus.CLOSED, actor=judge,
                                on=date(2024, 5, 1), closing_manner=ClosingManner.JUDGMENT)
    for status in (CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.CLOSED):
        refusal = assert_refused(lambda: services.case_status_change(
            case_id=running_case.pk, status=status, actor=judge, reason="再审", closing_manner="mediation"),
            CaseError.CASE_ALREADY_CLOSED, 409)
        assert refusal.message == "案件已结案，不能再变更状态"
    assert_refused(lambda: services.case_procedure_change(case_id=running_case.pk, procedure=Procedure.ORDINARY,
                                                          reason="复杂", actor=judge), CaseError.CASE_ALREADY_CLOSED)
    assert_refused(lambda: services.case_update(case_id=running_case.pk, summary="x", actor=judge),
                   CaseError.CASE_ALREADY_CLOSED)
    assert_refused(lambda: services.case_party_add(case_id=running_case.pk, party=person(5), actor=judge),
                   CaseError.CASE_ALREADY_CLOSED)
    assert_refused(lambda: services.case_assign(case_id=running_case.pk, department_id=judge.department_id,
                                                judge_id=judge.pk, actor=judge), CaseError.CASE_ALREADY_CLOSED)


def test_who_may_change_a_case(court, running_case, judge, criminal_judge, civil):
    party_user = UserFactory(role=Role.PARTY)
    CasePartyFactory(case=running_case).party.users.add(party_user)
    vice = UserFactory(role=Role.VICE_PRESIDENT, court=court)
    vice.supervised_departments.add(civil)
    assistant = UserFactory(role=Role.JUDGE_ASSISTANT, court=court, department=civil)

    def suspend(actor):
        return lambda: services.case_status_change(case_id=running_case.pk, status=CaseStatus.SUSPENDED,
                                                   actor=actor, reason="鉴定", on=date(2024, 4, 1))

    assert isinstance(assert_refused(suspend(criminal_judge), "CASE_NOT_FOUND", 404), NotFound)
    assert isinstance(assert_refused(suspend(UserFactory(role=Role.PARTY)), "CASE_NOT_FOUND", 404), NotFound)
    assert isinstance(assert_refused(suspend(party_user), "CASE_WRITE_DENIED", 403), PermissionDenied)
    assert isinstance(assert_refused(suspend(vice), "CASE_WRITE_DENIED", 403), PermissionDenied)
    services.case_status_change(case_id=running_case.pk, status=CaseStatus.SUSPENDED, actor=assistant,
                                reason="鉴定", on=date(2024, 4, 1))
    services.case_status_change(case_id=running_case.pk, status=CaseStatus.IN_PROGRESS, actor=president(),
                                reason="鉴定完成", on=date(2024, 4, 20))
    running_case.refresh_from_db()
    assert running_case.status == CaseStatus.IN_PROGRESS


# --- Assignment, procedure, update ---------------------------------------------------------------

def test_assignment_refusals(court, clerk, civil, criminal, judge):
    case = register(clerk, court)
    other_team = TeamFactory(department=criminal)
    assert_refused(lambda: services.case_assign(case_id=case.pk, department_id=civil.pk, judge_id=judge.pk,
                                                team_id=other_team.pk, actor=clerk), "TEAM_NOT_FOUND")
    assert_refused(lambda: services.case_assign(case_id=case.pk, department_id=civil.pk, judge_id=clerk.pk,
                                                actor=clerk), CaseError.JUDGE_NOT_FOUND)
    assert_refused(lambda: services.case_assign(case_id=case.pk, department_id=999_999, judge_id=judge.pk,
                                                actor=clerk), CaseError.DEPARTMENT_NOT_FOUND)
    team = TeamFactory(department=civil, name="金融审判团队")
    services.case_assign(case_id=case.pk, department_id=civil.pk, judge_id=judge.pk, team_id=team.pk, actor=clerk)
    case.refresh_from_db()
    assert (case.status, case.department_id, case.judge_id, case.team_id) == \
        (CaseStatus.ASSIGNED, civil.pk, judge.pk, team.pk)


def test_procedure_change_writes_a_chinese_timeline_entry_and_audit(running_case, judge):
    services.case_procedure_change(case_id=running_case.pk, procedure=Procedure.ORDINARY, actor=judge,
                                   reason="案情复杂", on=date(2024, 4, 2))
    running_case.refresh_from_db()
    assert running_case.procedure == Procedure.ORDINARY
    assert _events(running_case) == [(CaseEventKind.PROCEDURE_CHANGED, date(2024, 4, 2),
                                      "简易程序 → 普通程序：案情复杂", {"from": "simple", "to": "ordinary"})]
    audit = AuditEvent.objects.get()
    assert (audit.action, audit.before["procedure"], audit.after["procedure"], audit.reason) == \
        ("cases.case_procedure_changed", "simple", "ordinary", "案情复杂")


def test_procedure_change_refusals(running_case, judge):
    assert_refused(lambda: services.case_procedure_change(case_id=running_case.pk, procedure=Procedure.ORDINARY,
                                                          actor=judge, reason=" "), "CASE_REASON_REQUIRED")
    assert_refused(lambda: services.case_procedure_change(case_id=running_case.pk, procedure=Procedure.SIMPLE,
                                                          actor=judge, reason="无"), "CASE_PROCEDURE_UNCHANGED")
    assert_refused(lambda: services.case_procedure_change(case_id=running_case.pk, procedure="summary",
                                                          actor=judge, reason="无"), "CASE_PROCEDURE_UNKNOWN")


def test_update_audits_before_and_after(running_case, judge):
    cause = cause_named("买卖合同纠纷")
    services.case_update(case_id=running_case.pk, actor=judge, summary="货款纠纷", claim_amount_fen=500_000,
                         cause_id=cause.pk, reason="补正起诉状")
    audit = AuditEvent.objects.get()
    assert audit.action == "cases.case_updated"
    assert (audit.before["summary"], audit.before["claim_amount_fen"], audit.before["cause_id"]) == ("", 0, None)
    assert (audit.after["summary"], audit.after["claim_amount_fen"], audit.after["cause_id"]) == \
        ("货款纠纷", 500_000, cause.pk)
    assert audit.reason == "补正起诉状"
    assert [(e.kind, e.description) for e in CaseEvent.objects.all()] == [(CaseEventKind.UPDATED, "补正起诉状")]
    assert_refused(lambda: services.case_update(case_id=running_case.pk, actor=judge, claim_amount_fen=-5),
                   "AMOUNT_NEGATIVE")
    assert_refused(lambda: services.case_update(case_id=running_case.pk, actor=judge,
                                                cause_id=cause_named("买卖合同纠纷", 2025).pk),
                   CaseError.CAUSE_WRONG_REVISION)


# --- Parties, agents, links, events -----------------------------------------------------------------

def test_adding_an_enterprise_party_sets_the_flags(running_case, judge, time_machine):
    time_machine.move_to("2024-04-10 10:00:00+08:00")
    link = services.case_party_add(case_id=running_case.pk, actor=judge,
                                   party=enterprise(3, PartyRole.THIRD_PARTY, enterprise_size=EnterpriseSize.LARGE))
    running_case.refresh_from_db()
    assert (running_case.is_enterprise_involved, running_case.is_sme_involved) == (True, False)
    assert _events(running_case) == [(CaseEventKind.PARTY_ADDED, date(2024, 4, 10), "第三人：咸丰县企业3有限公司", {})]
    audit = AuditEvent.objects.get()
    assert (audit.action, audit.case_id, audit.target_type, audit.target_id) == \
        ("cases.party_added", running_case.pk, "cases.caseparty", str(link.pk))
    assert audit.after == {"party_id": link.party_id, "name": "咸丰县企业3有限公司", "role": "third_party"}
    refusal = assert_refused(lambda: services.case_party_add(case_id=running_case.pk, actor=judge,
                                                             party=enterprise(3, PartyRole.THIRD_PARTY)),
                             CaseError.PARTY_ALREADY_IN_CASE, 409)
    assert refusal.message == "「咸丰县企业3有限公司」已是本案第三人"


def test_agents_must_be_lawyers_and_are_recorded_once(running_case, judge):
    case_party = CasePartyFactory(case=running_case)
    lawyer = UserFactory(role=Role.LAWYER, organisation_name="湖北某律师事务所", display_name="李律师")
    not_a_lawyer = UserFactory(role=Role.PARTY)
    assert_refused(lambda: services.case_agent_add(case_party_id=case_party.pk, agent_id=not_a_lawyer.pk,
                                                   actor=judge), CaseError.AGENT_NOT_LAWYER)
    assert_refused(lambda: services.case_agent_add(case_party_id=999_999, agent_id=lawyer.pk, actor=judge),
                   "CASE_PARTY_NOT_FOUND", 404)
    agent = services.case_agent_add(case_party_id=case_party.pk, agent_id=lawyer.pk, actor=judge)
    assert agent.law_firm == "湖北某律师事务所"
    assert AuditEvent.objects.get().after == {"agent_id": lawyer.pk, "case_party_id": case_party.pk}
    assert_refused(lambda: services.case_agent_add(case_party_id=case_party.pk, agent_id=lawyer.pk, actor=judge),
                   "AGENT_EXISTS", 409)


def test_links_build_a_family(court, judge):
    first = CaseFactory(court=court, department=judge.department, judge=judge)
    appeal = CaseFactory(court=court, department=judge.department, judge=judge, type_code="民终")
    enforcement = CaseFactory(court=court, department=judge.department, judge=judge, type_code="执")
    services.case_link(from_case_id=first.pk, to_case_id=appeal.pk, kind=CaseLinkKind.APPEAL, actor=judge)
    services.case_link(from_case_id=appeal.pk, to_case_id=enforcement.pk, kind=CaseLinkKind.ENFORCEMENT, actor=judge)
    assert AuditEvent.objects.filter(action="cases.case_linked").count() == 2
    assert [e.description for e in CaseEvent.objects.filter(case=first)] == [f"上诉：{appeal.case_number}"]
    assert_refused(lambda: services.case_link(from_case_id=first.pk, to_case_id=first.pk,
                                              kind=CaseLinkKind.RELATED, actor=judge), CaseError.LINK_TO_SELF)
    assert_refused(lambda: services.case_link(from_case_id=first.pk, to_case_id=appeal.pk,
                                              kind=CaseLinkKind.RELATED, actor=judge), CaseError.LINK_EXISTS, 409)


def test_recording_a_procedural_event(running_case, judge, time_machine):
    time_machine.move_to("2024-05-01 09:00:00+08:00")
    event = services.case_event_record(case_id=running_case.pk, kind=CaseEventKind.HEARING,
                                       occurred_on=date(2024, 4, 28), description="第一次开庭", actor=judge)
    assert (event.kind, event.occurred_on, event.actor_id) == (CaseEventKind.HEARING, date(2024, 4, 28), judge.pk)
    audit = AuditEvent.objects.get()
    assert (audit.action, audit.case_id, audit.after) == (
        "cases.event_recorded", running_case.pk,
        {"kind": "hearing", "occurred_on": "2024-04-28", "description": "第一次开庭"})
    assert_refused(lambda: services.case_event_record(case_id=running_case.pk, kind=CaseEventKind.CLOSED,
                                                      occurred_on=date(2024, 4, 28), description="", actor=judge),
                   CaseError.EVENT_KIND_RESERVED)
    assert_refused(lambda: services.case_event_record(case_id=running_case.pk, kind=CaseEventKind.SERVED,
                                                      occurred_on=date(2024, 3, 14), description="", actor=judge),
                   CaseError.DATE_ORDER)
    assert_refused(lambda: services.case_event_record(case_id=running_case.pk, kind=CaseEventKind.SERVED,
                                                      occurred_on=date(2024, 5, 2), description="", actor=judge),
                   CaseError.DATE_ORDER)


# --- Concurrent allocation (PostgreSQL) --------------------------------------------------------------

@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_get_every_number_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes all writers, so there is no concurrency to test")
    from yingshang.org.tests.factories import filing_clerk

    clerk = filing_clerk()
    court = clerk.court
    threads_count, per_thread = 8, 10
    barrier = threading.Barrier(threads_count)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                register(clerk, court, parties=[person(n * 100 + i)])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(threads_count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    sequences = sorted(Case.objects.filter(court=court, year=2025, type_code="民初").values_list("sequence", flat=True))
    assert sequences == list(range(1, threads_count * per_thread + 1))
    assert CaseNumberSequence.objects.get(court=court, year=2025, type_code="民初").last_sequence == 80
    assert AuditEvent.objects.filter(action="cases.case_registered").count() == 80
