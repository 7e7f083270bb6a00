"""Reads of yingshang.cases: scoped to the user (permissions.case_scope_q / access_case), filtered, no N+1."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from yingshang.cases import selectors
from yingshang.cases.choices import (
    CaseCategory, CaseLinkKind, CaseStatus, FilingChannel, PartyRole, Procedure,
)
from yingshang.cases.models import CaseAgent, CaseLink
from yingshang.cases.permissions import access_case, access_case_for_write, can_register_cases, can_write_case
from yingshang.cases.selectors import CaseFilters, case_list_for_user
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.core.errors import NotFound, PermissionDenied
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, TeamFactory, UserFactory, filing_clerk


def visible(user, **filters) -> set[int]:
    return set(case_list_for_user(user=user, filters=CaseFilters(**filters)).values_list("pk", flat=True))


@pytest.fixture
def world(court, civil, criminal, judge, criminal_judge):
    """Two civil cases, one criminal case, one case of another court; a party and a lawyer on civil_a."""
    civil_a = CaseFactory(court=court, department=civil, judge=judge)
    civil_b = CaseFactory(court=court, department=civil, judge=judge)
    criminal_case = CaseFactory(court=court, department=criminal, judge=criminal_judge, type_code="刑初",
                                category=CaseCategory.CRIMINAL)
    other_court = CourtFactory(name="来凤县人民法院", code="鄂2827")
    foreign = CaseFactory(court=other_court)
    party_user = UserFactory(role=Role.PARTY)
    plaintiff = CasePartyFactory(case=civil_a, role=PartyRole.PLAINTIFF)
    plaintiff.party.users.add(party_user)
    lawyer = UserFactory(role=Role.LAWYER)
    defendant = CasePartyFactory(case=civil_b, party=EnterpriseFactory(), role=PartyRole.DEFENDANT)
    CaseAgent.objects.create(case_party=defendant, agent=lawyer, law_firm="某律所")
    return {"civil_a": civil_a, "civil_b": civil_b, "criminal": criminal_case, "foreign": foreign,
            "party_user": party_user, "lawyer": lawyer}


def test_a_party_sees_only_its_own_cases(world):
    assert visible(world["party_user"]) == {world["civil_a"].pk}
    assert visible(UserFactory(role=Role.PARTY)) == set()


def test_a_lawyer_sees_the_cases_where_they_are_an_agent(world):
    assert visible(world["lawyer"]) == {world["civil_b"].pk}


def test_a_judge_sees_their_division_and_their_own_cases(world, judge, criminal_judge, court, civil):
    assert visible(judge) == {world["civil_a"].pk, world["civil_b"].pk}
    assert visible(criminal_judge) == {world["criminal"].pk}
    # A case of another division where the judge sits is theirs too.
    borrowed = CaseFactory(court=court, department=DepartmentFactory(court=court, kind=DepartmentKind.TRIBUNAL,
                                                                     name="高乐山人民法庭"), judge=criminal_judge)
    assert visible(criminal_judge) == {world["criminal"].pk, borrowed.pk}


def test_a_team_member_sees_the_team_cases(world, court, criminal):
    team = TeamFactory(department=DepartmentFactory(court=court, kind=DepartmentKind.ENVIRONMENT))
    team_case = CaseFactory(court=court, department=team.department, team=team)
    assistant = UserFactory(role=Role.JUDGE_ASSISTANT, court=court, department=criminal, team=team)
    assert visible(assistant) == {world["criminal"].pk, team_case.pk}


def test_a_vice_president_sees_the_supervised_divisions(world, court, criminal):
    vice = UserFactory(role=Role.VICE_PRESIDENT, court=court)
    assert visible(vice) == set()
    vice.supervised_departments.add(criminal)
    assert visible(vice) == {world["criminal"].pk}


@pytest.mark.parametrize("make_user", [
    lambda court: UserFactory(role=Role.PRESIDENT, court=court),
    lambda court: UserFactory(role=Role.TRIAL_MANAGEMENT, court=court,
                              department=DepartmentFactory(court=court, kind=DepartmentKind.TRIAL_MANAGEMENT)),
    lambda court: UserFactory(role=Role.INSPECTOR, court=court,
                              department=DepartmentFactory(court=court, kind=DepartmentKind.INSPECTION)),
    lambda court: UserFactory(role=Role.FINANCE, court=court,
                              department=DepartmentFactory(court=court, kind=DepartmentKind.FINANCE)),
    lambda court: UserFactory(role=Role.JUDGE, court=court, is_committee_member=True,
                              department=DepartmentFactory(court=court, kind=DepartmentKind.ADMINISTRATIVE)),
    lambda court: filing_clerk(),
])
def test_court_wide_roles_see_every_case_of_their_court_only(world, court, make_user):
    assert visible(make_user(court)) == {world["civil_a"].pk, world["civil_b"].pk, world["criminal"].pk}


def test_inactive_and_anonymous_users_see_nothing(world, judge):
    judge.is_active = False
    judge.save()
    assert visible(judge) == set()
    assert visible(AnonymousUser()) == set()


def test_a_superuser_without_a_court_sees_every_court(world):
    admin = UserFactory(role=Role.ADMIN_STAFF, is_superuser=True, court=None, department=None)
    assert visible(admin) == {world["civil_a"].pk, world["civil_b"].pk, world["criminal"].pk, world["foreign"].pk}


def test_access_case_answers_not_found_for_absent_and_not_yours(world, criminal_judge):
    assert access_case(world["party_user"], world["civil_a"].pk) == world["civil_a"]
    for user, case_id in [(world["party_user"], world["civil_b"].pk), (criminal_judge, world["civil_a"].pk),
                          (world["party_user"], 999_999), (world["party_user"], "abc"), (criminal_judge, None)]:
        with pytest.raises(NotFound) as refused:
            access_case(user, case_id)
        assert (refused.value.code, refused.value.message, refused.value.status) == \
            ("CASE_NOT_FOUND", "未找到该案件，或您无权查看", 404)


def test_write_access(world, court, judge, civil):
    civil_a = world["civil_a"]
    assert can_write_case(judge, civil_a)
    assert not can_write_case(world["party_user"], civil_a)
    assert not can_write_case(world["lawyer"], world["civil_b"])
    vice = UserFactory(role=Role.VICE_PRESIDENT, court=court)
    vice.supervised_departments.add(civil)
    assert access_case(vice, civil_a.pk) == civil_a
    with pytest.raises(PermissionDenied):
        access_case_for_write(vice, civil_a.pk)
    trial_management = UserFactory(role=Role.TRIAL_MANAGEMENT, court=court)
    assert not can_write_case(trial_management, civil_a)
    assert can_write_case(UserFactory(role=Role.PRESIDENT, court=court), civil_a)
    assert can_register_cases(filing_clerk())
    assert not can_register_cases(judge)
    assert not can_register_cases(AnonymousUser())


# --- Filters ---------------------------------------------------------------------------------------

@pytest.fixture
def catalogue(court, civil, criminal, judge):
    a = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 1, 10), sequence=501,
                    procedure=Procedure.SMALL_CLAIMS, channel=FilingChannel.ONLINE, is_enterprise_involved=True)
    b = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 2, 20), sequence=502,
                    status=CaseStatus.CLOSED, closed_on=date(2024, 4, 1), closing_manner="judgment")
    c = CaseFactory(court=court, department=criminal, filed_on=date(2024, 3, 30), sequence=9, type_code="刑初",
                    category=CaseCategory.CRIMINAL, procedure=Procedure.ORDINARY, status=CaseStatus.SUSPENDED)
    CasePartyFactory(case=a, party=EnterpriseFactory(name="咸丰县唐崖茶业有限公司", credit_code="91422826MA0000003T"),
                     role=PartyRole.DEFENDANT)
    CasePartyFactory(case=a, party=PersonFactory(name="田某某"))
    CasePartyFactory(case=b, party=PersonFactory(name="向某"))
    return a, b, c


def test_filters(catalogue, civil, judge):
    a, b, c = catalogue
    admin = UserFactory(role=Role.PRESIDENT, court=judge.court)
    assert visible(admin) == {a.pk, b.pk, c.pk}
    assert visible(admin, q="(2024)鄂2826民初501号") == {a.pk}
    assert visible(admin, q="唐崖茶业") == {a.pk}
    assert visible(admin, q="91422826ma0000003t") == {a.pk}
    assert visible(admin, q="刑初") == {c.pk}
    assert visible(admin, case_number="民初50") == {a.pk, b.pk}
    assert visible(admin, party_name="向") == {b.pk}
    assert visible(admin, credit_code="91422826MA0000003T") == {a.pk}
    assert visible(admin, department_id=civil.pk) == {a.pk, b.pk}
    assert visible(admin, judge_id=judge.pk) == {a.pk, b.pk}
    assert visible(admin, status=CaseStatus.SUSPENDED) == {c.pk}
    assert visible(admin, procedure=Procedure.SMALL_CLAIMS) == {a.pk}
    assert visible(admin, category=CaseCategory.CRIMINAL) == {c.pk}
    assert visible(admin, channel=FilingChannel.ONLINE) == {a.pk}
    assert visible(admin, filed_from=date(2024, 2, 20)) == {b.pk, c.pk}
    assert visible(admin, filed_to=date(2024, 2, 20)) == {a.pk, b.pk}
    assert visible(admin, filed_from=date(2024, 2, 1), filed_to=date(2024, 2, 29)) == {b.pk}
    assert visible(admin, is_enterprise_involved=True) == {a.pk}
    assert visible(admin, is_open=True) == {a.pk, c.pk}
    assert visible(admin, is_open=False) == {b.pk}
    # Filters narrow within the user's scope, never widen it.
    assert visible(judge, category=CaseCategory.CRIMINAL) == set()


def test_list_is_newest_first(catalogue, judge):
    a, b, c = catalogue
    admin = UserFactory(role=Role.PRESIDENT, court=judge.court)
    assert list(case_list_for_user(user=admin)) == [c, b, a]


def test_list_does_not_query_per_case(court, civil, judge, django_assert_num_queries):
    lawyer = UserFactory(role=Role.LAWYER)
    for n in range(6):
        case = CaseFactory(court=court, department=civil, judge=judge)
        CasePartyFactory(case=case)
        agent_on = CasePartyFactory(case=case, party=EnterpriseFactory(), role=PartyRole.DEFENDANT)
        CaseAgent.objects.create(case_party=agent_on, agent=lawyer)
    # 1 cases (with department, judge, cause) + 1 case parties (with party) + 1 agents (with agent user)
    with django_assert_num_queries(3):
        cases = list(case_list_for_user(user=judge))
        rendered = [(c.department.name, str(c.judge), [(cp.party.name, [str(a.agent) for a in cp.agents.all()])
                                                      for cp in c.case_parties.all()]) for c in cases]
    assert len(rendered) == 6 and all(len(parties) == 2 for _, _, parties in rendered)


def test_family_collects_linked_cases_in_both_directions_within_scope(court, civil, criminal, judge):
    first = CaseFactory(court=court, department=civil, judge=judge)
    appeal = CaseFactory(court=court, department=civil, judge=judge, type_code="民终")
    enforcement = CaseFactory(court=court, department=civil, judge=judge, type_code="执")
    unseen = CaseFactory(court=court, department=criminal, type_code="破申")
    CaseLink.objects.create(from_case=first, to_case=appeal, kind=CaseLinkKind.APPEAL)
    CaseLink.objects.create(from_case=appeal, to_case=enforcement, kind=CaseLinkKind.ENFORCEMENT)
    CaseLink.objects.create(from_case=enforcement, to_case=unseen, kind=CaseLinkKind.BANKRUPTCY)
    assert [c.pk for c in selectors.case_family(case=enforcement, user=judge)] == [first.pk, appeal.pk,
                                                                                   enforcement.pk]
    president = UserFactory(role=Role.PRESIDENT, court=court)
    assert len(selectors.case_family(case=first, user=president)) == 4
    assert {(link.from_case_id, link.to_case_id) for link in selectors.case_links_list(case=appeal)} == {
        (first.pk, appeal.pk), (appeal.pk, enforcement.pk)}


def test_party_and_cause_lists(db):
    company = EnterpriseFactory(name="咸丰县某建材有限公司")
    person = PersonFactory(name="彭某")
    assert list(selectors.party_list(q="建材")) == [company]
    assert list(selectors.party_list(q=company.credit_code.lower())) == [company]
    assert list(selectors.party_list(q=person.id_number)) == [person]
    financial = selectors.cause_list(revision=2020, q="金融借款合同纠纷")
    assert [(c.name, c.level, c.is_financial) for c in financial] == [("金融借款合同纠纷", 4, True)]
    assert selectors.cause_list(revision=2020, level=1).count() == 11
    assert selectors.cause_list(revision=2020, level=3).count() == 473
    securities = selectors.cause_list(revision=2020, q="证券虚假陈述责任纠纷").get()
    assert securities.is_financial


def test_factory_parties_never_take_the_published_or_small_generated_identifiers(db):
    from yingshang.cases.tests.factories import VALID_CREDIT_CODES, VALID_ID_NUMBERS, credit_code_for, id_number_for

    made = [PersonFactory() for _ in range(12)] + [EnterpriseFactory() for _ in range(12)]
    taken = {p.id_number for p in made} | {p.credit_code for p in made}
    assert not taken & (set(VALID_ID_NUMBERS) | set(VALID_CREDIT_CODES))
    assert not taken & ({id_number_for(n) for n in range(1000)} | {credit_code_for(n) for n in range(1000)})
    PersonFactory(id_number=VALID_ID_NUMBERS[1])
    EnterpriseFactory(credit_code=VALID_CREDIT_CODES[1])
