"""seed_demo / demo_logins: the demo court, its people and a small generated docket (200 cases).

The plan is pure (same seed and day → same plan); the seeded database matches it; identifiers are valid;
case numbers are gap-free per (year, type code) and later registrations continue them; derived flags agree
with the parties; every role has an account; --if-empty leaves an existing database alone.
"""

from collections import defaultdict
from datetime import date, datetime, timedelta
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.hashers import check_password
from django.core.management import CommandError, call_command
from stdnum.cn import ric, uscc

from yingshang.audit.models import AuditEvent
from yingshang.cases import domain, services
from yingshang.cases.choices import (
    CaseEventKind, CaseLinkKind, CaseStatus, ClosingManner, FilingChannel, OrganisationKind, PartyKind, PartyRole,
    Procedure,
)
from yingshang.cases.demo import identifiers
from yingshang.cases.demo.generator import generate_plan
from yingshang.cases.demo.organisation import ACCOUNTS, DEMO_PASSWORD, DEPARTMENTS, REAL_NAMES_TO_AVOID, TEAMS
from yingshang.cases.models import Case, CaseAgent, CaseEvent, CaseLink, CaseNumberSequence, CaseParty, Party
from yingshang.cases.permissions import case_scope_q
from yingshang.cases.tests.factories import id_number_for
from yingshang.org.choices import COURT_ROLES, DepartmentKind, Role
from yingshang.org.models import Court, Department, Team, User

TODAY = date(2026, 11, 26)
NOW = datetime(2026, 11, 26, 10, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
SEED = 7
N = 200


# --- the plan (no database) ---------------------------------------------------------------------------

def test_same_seed_and_day_give_the_same_plan():
    first = generate_plan(seed=SEED, cases=300, today=TODAY)
    second = generate_plan(seed=SEED, cases=300, today=TODAY)
    assert [c.case_number for c in first.cases] == [c.case_number for c in second.cases]
    assert [(p.name, p.id_number, p.credit_code) for p in first.parties] == \
        [(p.name, p.id_number, p.credit_code) for p in second.parties]
    assert first == second


def test_another_seed_gives_another_plan():
    first = generate_plan(seed=SEED, cases=300, today=TODAY)
    other = generate_plan(seed=SEED + 1, cases=300, today=TODAY)
    assert [(c.case_number, c.filed_on) for c in first.cases] != [(c.case_number, c.filed_on) for c in other.cases]
    assert {p.id_number for p in first.parties} != {p.id_number for p in other.parties}


def test_plan_has_exactly_the_requested_number_of_cases_within_the_range():
    plan = generate_plan(seed=SEED, cases=N, today=TODAY)
    assert len(plan.cases) == N
    assert min(c.filed_on for c in plan.cases) >= date(2023, 1, 1)
    assert max(c.filed_on for c in plan.cases) <= TODAY
    assert generate_plan(seed=SEED, cases=0, today=TODAY).cases == []


@pytest.fixture(scope="module")
def big_plan():
    return generate_plan(seed=SEED, cases=3000, today=TODAY)


def test_the_mix_looks_like_a_county_court(big_plan):
    cases = big_plan.cases
    by_type = big_plan.case_counts_by_type()
    assert max(by_type, key=by_type.get) == "民初"
    assert by_type["民初"] > len(cases) * 0.45
    assert by_type["执"] > len(cases) * 0.15
    assert "民终" not in by_type
    first = [c for c in cases if c.type_code == "民初"]
    light = sum(c.procedure in (Procedure.SIMPLE, Procedure.SMALL_CLAIMS) for c in first)
    assert light > len(first) / 2
    assert any(c.procedure == Procedure.ORDINARY for c in first)
    online = sum(c.channel == FilingChannel.ONLINE for c in cases)
    assert online >= len(cases) * 0.40
    assert {c.channel for c in cases} == set(FilingChannel.values)
    assert {ClosingManner.JUDGMENT, ClosingManner.MEDIATION, ClosingManner.WITHDRAWAL} <= \
        {c.closing_manner for c in first}
    enforcement = {c.closing_manner for c in cases if c.type_code == "执"}
    assert {ClosingManner.FULLY_ENFORCED, ClosingManner.ROUND_CLOSURE} <= enforcement
    assert not {ClosingManner.JUDGMENT, ClosingManner.MEDIATION} & enforcement
    assert {c.filed_on.year for c in cases} == {2023, 2024, 2025, 2026}


def test_most_cases_close_some_stay_open_some_past_6_9_12_months(big_plan):
    cases = big_plan.cases
    open_ages = [(TODAY - c.filed_on).days for c in cases if c.closed_on is None]
    assert 0.03 * len(cases) < len(open_ages) < 0.15 * len(cases)
    assert any(183 <= age < 274 for age in open_ages)
    assert any(274 <= age < 366 for age in open_ages)
    assert any(age >= 366 for age in open_ages)
    for case in cases:
        if case.closed_on:
            assert case.filed_on <= case.closed_on <= TODAY
            assert case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED)
            assert case.closing_manner
        else:
            assert case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED)
            assert case.closing_manner == ""
    simple = [c for c in cases if c.type_code == "民初" and c.closed_on and c.procedure == Procedure.SMALL_CLAIMS]
    within = sum((c.closed_on - c.filed_on).days <= 60 for c in simple)
    assert within > len(simple) * 0.7


def test_families_first_instance_to_enforcement_to_bankruptcy(big_plan):
    cases = {c.index: c for c in big_plan.cases}
    links = big_plan.links
    kinds = {link.kind for link in links}
    assert {CaseLinkKind.ENFORCEMENT, CaseLinkKind.BANKRUPTCY, CaseLinkKind.RESUMED_ENFORCEMENT,
            CaseLinkKind.PRESERVATION, CaseLinkKind.MEDIATION_TO_LITIGATION} <= kinds
    parent_of = {link.to_index: link for link in links}
    chains = 0
    for link in links:
        if link.kind == CaseLinkKind.BANKRUPTCY:
            enforcement = cases[link.from_index]
            assert enforcement.type_code in ("执", "执恢")
            assert enforcement.closing_manner == ClosingManner.ROUND_CLOSURE
            assert cases[link.to_index].type_code == "破申"
            assert cases[link.to_index].filed_on > enforcement.closed_on
            origin = parent_of.get(enforcement.index)
            if origin and cases[origin.from_index].type_code == "民初":
                chains += 1
        if link.kind == CaseLinkKind.ENFORCEMENT:
            judgment, enforcement = cases[link.from_index], cases[link.to_index]
            assert judgment.closing_manner in (ClosingManner.JUDGMENT, ClosingManner.MEDIATION,
                                               ClosingManner.JUDICIAL_CONFIRMATION)
            assert enforcement.filed_on > judgment.closed_on
            assert enforcement.claim_amount_fen <= judgment.claim_amount_fen
            debtors = {i for i, role in enforcement.parties if role == PartyRole.DEBTOR}
            assert debtors <= {i for i, _ in judgment.parties}
    assert chains >= 1  # 民初 → 执 → 破申 at least once
    assert any(cases[link.from_index].type_code == "破申" and cases[link.to_index].type_code == "破" for link in links)


def test_the_same_enterprise_appears_across_several_cases(big_plan):
    appearances = defaultdict(int)
    for case in big_plan.cases:
        for index, _ in case.parties:
            appearances[index] += 1
    ordinary = [i for i, p in enumerate(big_plan.parties) if p.group == "enterprise"]
    assert max(appearances[i] for i in ordinary) >= 5
    assert sum(appearances[i] >= 3 for i in ordinary) >= 10


def test_identifier_builders_compute_the_check_characters():
    # GB 11714 example: organisation code 60003734-1 inside USCC 91110000600037341L.
    assert identifiers.organisation_code_check("60003734") == "1"
    assert identifiers.credit_code(authority="9", category="1", division="110000", org_body="60003734") == \
        "91110000600037341L"
    assert identifiers.id_number(division="422826", born_on=date(1963, 4, 4), sequence=3) == "422826196304040031"
    with pytest.raises(ValueError):  # 利川市 (422802) did not exist in 1960
        identifiers.id_number(division="422802", born_on=date(1960, 1, 1), sequence=1)
    with pytest.raises(ValueError):
        identifiers.credit_code(authority="9", category="1", division="422826", org_body="MA4OOOOO")


# --- the seeded database -------------------------------------------------------------------------

@pytest.fixture
def seeded(db):
    """The command, run at a fixed moment; returns (stdout, stderr)."""
    out, err = StringIO(), StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", cases=N, seed=SEED, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_seeded_database_matches_the_plan(seeded):
    plan = generate_plan(seed=SEED, cases=N, today=TODAY)
    assert sorted(Case.objects.values_list("case_number", flat=True)) == sorted(c.case_number for c in plan.cases)
    assert sorted(Party.objects.values_list("name", "id_number", "credit_code")) == \
        sorted((p.name, p.id_number, p.credit_code) for p in plan.parties)
    assert CaseLink.objects.count() == len(plan.links)
    assert CaseEvent.objects.count() == sum(len(c.events) for c in plan.cases)


def test_command_reports_and_draws_a_progress_bar(seeded):
    out, err = seeded
    assert "已创建 咸丰县人民法院（鄂2826）" in out and f"{N} 件案件" in out and "用时" in out
    assert "[" + "#" * 30 + "] 100%" in err


def test_court_departments_and_teams(seeded):
    court = Court.objects.get(code="鄂2826")
    assert court.name == "咸丰县人民法院" and court.level == "basic"
    assert (court.parent.code, court.parent.name, court.parent.level) == \
        ("鄂28", "恩施土家族苗族自治州中级人民法院", "intermediate")
    departments = {d.name: d for d in Department.objects.filter(court=court)}
    assert set(departments) == {spec.name for spec in DEPARTMENTS}
    kinds = {d.kind for d in departments.values()}
    assert kinds == set(DepartmentKind.values) - {DepartmentKind.LEADERSHIP}
    tribunals = [d for d in departments.values() if d.kind == DepartmentKind.TRIBUNAL]
    assert len(tribunals) == 2 and all(d.seat for d in tribunals)
    teams = {(t.department.name, t.name) for t in Team.objects.select_related("department")}
    names = {spec.key: spec.name for spec in DEPARTMENTS}
    assert teams == {(names[spec.department], spec.name) for spec in TEAMS}
    assert ("民事审判庭", "金融审判团队") in teams and ("执行局", "金融执行团队") in teams
    assert ("民事审判庭", "速裁团队") in teams


def test_every_role_has_an_account_that_logs_in_with_the_demo_password(seeded):
    users = list(User.objects.all())
    assert {u.role for u in users} == set(Role.values)
    assert {u.username for u in users} == {spec.username for spec in ACCOUNTS}
    for user in users:
        assert check_password(DEMO_PASSWORD, user.password), user.username
        assert user.groups.filter(name=Role(user.role).label).exists()
        if user.role in COURT_ROLES:
            assert user.court.code == "鄂2826", user.username
        else:
            assert user.court is None, user.username
    for vp in User.objects.filter(role=Role.VICE_PRESIDENT):
        assert vp.supervised_departments.exists()
    assert User.objects.filter(is_committee_member=True).count() >= 5
    assert User.objects.get(username="filing").department.kind == DepartmentKind.FILING
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.filter(is_superuser=True).count() == 1
    assert AuditEvent.objects.filter(action="org.user_created").count() == len(ACCOUNTS)


def test_a_vice_president_outside_the_committee_sees_the_supervised_departments_only(seeded):
    vp = User.objects.get(username="vp_filing")
    assert vp.role == Role.VICE_PRESIDENT and not vp.is_committee_member
    supervised = set(vp.supervised_departments.values_list("name", flat=True))
    assert {"立案庭", "高乐山人民法庭", "忠建河人民法庭"} <= supervised
    visible = Case.objects.filter(case_scope_q(vp))
    assert visible.exists()
    assert set(visible.values_list("department__name", flat=True)) <= supervised
    assert visible.count() == Case.objects.filter(department__name__in=supervised).count()


def test_portal_accounts_see_their_own_cases_only(seeded):
    total = Case.objects.count()
    for username, kind in (("party1", PartyKind.PERSON), ("party2", OrganisationKind.ENTERPRISE),
                           ("party3", OrganisationKind.GOVERNMENT)):
        user = User.objects.get(username=username)
        party = Party.objects.get(users=user)
        assert kind in (party.kind, party.organisation_kind)
        visible = Case.objects.filter(case_scope_q(user))
        assert 1 <= visible.count() < total
        assert set(visible.values_list("pk", flat=True)) == \
            set(CaseParty.objects.filter(party=party).values_list("case_id", flat=True))
    lawyer = User.objects.get(username="lawyer1")
    assert CaseAgent.objects.filter(agent=lawyer).exists()
    party1_cases = CaseParty.objects.filter(party__users__username="party1").values_list("case_id", flat=True)
    assert CaseAgent.objects.filter(agent=lawyer, case_party__case_id__in=list(party1_cases)).exists()
    assert set(CaseAgent.objects.values_list("agent__role", flat=True)) == {Role.LAWYER}


def test_every_credit_code_and_id_number_is_valid(seeded):
    persons = Party.objects.filter(kind=PartyKind.PERSON)
    organisations = Party.objects.filter(kind=PartyKind.ORGANISATION)
    assert persons.exists() and organisations.exists()
    assert all(ric.is_valid(n) for n in persons.values_list("id_number", flat=True))
    assert all(uscc.is_valid(c) for c in organisations.values_list("credit_code", flat=True))
    assert not persons.filter(id_number__isnull=True).exists()
    assert not organisations.filter(credit_code__isnull=True).exists()
    assert {OrganisationKind.ENTERPRISE, OrganisationKind.GOVERNMENT, OrganisationKind.PUBLIC_INSTITUTION} <= \
        set(organisations.values_list("organisation_kind", flat=True))
    sizes = set(organisations.filter(organisation_kind=OrganisationKind.ENTERPRISE)
                .values_list("enterprise_size", flat=True))
    assert {"large", "medium", "small", "micro"} <= sizes


def test_no_real_names(seeded):
    for name in REAL_NAMES_TO_AVOID:
        assert not User.objects.filter(display_name__contains=name).exists()
        assert not Party.objects.filter(name__contains=name).exists()
        assert not Party.objects.filter(legal_representative__contains=name).exists()


def test_case_numbers_are_gap_free_and_registration_continues_them(seeded):
    court = Court.objects.get(code="鄂2826")
    sequences = defaultdict(list)
    for case in Case.objects.all():
        sequences[(case.year, case.type_code)].append(case.sequence)
        assert case.case_number == domain.format_case_number(case.year, "鄂2826", case.type_code, case.sequence)
        assert case.year == case.filed_on.year
    counters = {(s.year, s.type_code): s.last_sequence for s in CaseNumberSequence.objects.filter(court=court)}
    assert set(counters) == set(sequences)
    for key, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), key
        assert counters[key] == len(numbers), key

    last = counters[(2026, "民初")]
    with time_machine.travel(NOW, tick=False):
        case = services.case_register(court=court, actor=User.objects.get(username="filing"), data=services.CaseInput(
            type_code="民初", filed_on=TODAY, parties=[services.PartyInput(
                kind=PartyKind.PERSON, name="新当事人", role=PartyRole.PLAINTIFF, id_number=id_number_for(999))]))
    assert case.case_number == f"（2026）鄂2826民初{last + 1}号"


def test_derived_flags_agree_with_the_parties(seeded):
    parties = defaultdict(list)
    for link in CaseParty.objects.select_related("party"):
        parties[link.case_id].append(link.party)
    cases = list(Case.objects.select_related("cause"))
    for case in cases:
        facts = [domain.PartyFacts(kind=p.kind, organisation_kind=p.organisation_kind,
                                   enterprise_size=p.enterprise_size) for p in parties[case.pk]]
        expected = domain.derive_flags(parties=facts, category=case.category,
                                       cause_is_financial=bool(case.cause and case.cause.is_financial))
        assert (case.is_enterprise_involved, case.is_sme_involved, case.is_financial, case.has_government_party) == \
            (expected.is_enterprise_involved, expected.is_sme_involved, expected.is_financial,
             expected.has_government_party), case.case_number
        assert parties[case.pk], case.case_number
    for flag in ("is_enterprise_involved", "is_sme_involved", "is_financial", "has_government_party"):
        assert any(getattr(c, flag) for c in cases), flag
        assert not all(getattr(c, flag) for c in cases), flag


def test_causes_use_the_revision_in_force_on_the_filing_date(seeded):
    with_cause = Case.objects.filter(cause__isnull=False).select_related("cause")
    assert with_cause.exists()
    for case in with_cause:
        assert case.cause.revision == domain.cause_revision_for(case.filed_on), case.case_number
    assert with_cause.filter(filed_on__year=2026, cause__revision=2025).exists()
    assert with_cause.filter(filed_on__year=2025, cause__revision=2020).exists()
    assert not Case.objects.filter(type_code="刑初", cause_text="").exists()


def test_statuses_dates_and_closings_are_consistent(seeded):
    for case in Case.objects.all():
        if case.status in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
            assert case.closed_on and case.filed_on <= case.closed_on <= TODAY
            domain.check_closing(category=case.category, closing_manner=case.closing_manner,
                                 filed_on=case.filed_on, closed_on=case.closed_on)
        else:
            assert case.closed_on is None and case.closing_manner == ""
        if case.status == CaseStatus.REGISTERED:
            assert case.judge_id is None and case.department_id is None
        else:
            assert case.judge_id and case.department_id
            assert case.judge.department_id == case.department_id
            assert case.team_id is None or case.team.department_id == case.department_id
        assert case.claim_amount_fen >= 0
        if case.accepted_on:
            assert case.accepted_on <= case.filed_on
    assert Case.objects.filter(status__in=[CaseStatus.IN_PROGRESS, CaseStatus.SUSPENDED, CaseStatus.ASSIGNED,
                                           CaseStatus.REGISTERED]).exists()
    assert Case.objects.filter(closed_on__isnull=True, filed_on__lt=TODAY - timedelta(days=183)).exists()


def test_timelines(seeded):
    events = defaultdict(list)
    for event in CaseEvent.objects.all():
        events[event.case_id].append(event)
    for case in Case.objects.all():
        kinds = [e.kind for e in events[case.pk]]
        assert kinds.count(CaseEventKind.REGISTERED) == 1
        registered = next(e for e in events[case.pk] if e.kind == CaseEventKind.REGISTERED)
        assert registered.occurred_on == case.filed_on and case.case_number in registered.description
        assert all(case.filed_on <= e.occurred_on <= TODAY for e in events[case.pk]), case.case_number
        assert (CaseEventKind.ASSIGNED in kinds) == (case.status != CaseStatus.REGISTERED)
        closed = [e for e in events[case.pk] if e.kind == CaseEventKind.CLOSED]
        assert [e.occurred_on for e in closed] == ([case.closed_on] if case.closed_on else [])
        assert (CaseEventKind.ARCHIVED in kinds) == (case.status == CaseStatus.ARCHIVED)
        assert (CaseEventKind.SUSPENDED in kinds) == (case.status == CaseStatus.SUSPENDED)
    all_kinds = {e.kind for evs in events.values() for e in evs}
    assert {CaseEventKind.SERVED, CaseEventKind.HEARING, CaseEventKind.LINKED} <= all_kinds
    for link in CaseLink.objects.select_related("from_case", "to_case"):
        assert link.to_case.filed_on >= link.from_case.filed_on


def test_one_summary_audit_event_not_one_per_row(seeded):
    seeded_events = AuditEvent.objects.filter(action="demo.seeded")
    assert seeded_events.count() == 1
    summary = seeded_events.get().after
    assert summary["cases"] == N and summary["seed"] == SEED
    assert summary["parties"] == Party.objects.count()
    assert summary["events"] == CaseEvent.objects.count()
    assert sum(summary["cases_by_type_code"].values()) == N
    assert not AuditEvent.objects.filter(action__startswith="cases.").exists()


def _counts():
    return (Court.objects.count(), User.objects.count(), Party.objects.count(), Case.objects.count(),
            CaseEvent.objects.count(), AuditEvent.objects.count())


def test_if_empty_does_nothing_when_a_court_exists(seeded):
    before = _counts()
    out = StringIO()
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", cases=N, seed=SEED + 1, if_empty=True, stdout=out, stderr=StringIO())
        call_command("seed_demo", cases=N, seed=SEED + 1, if_empty=True, stdout=StringIO(), stderr=StringIO())
    assert "跳过" in out.getvalue()
    assert _counts() == before


def test_seeding_again_is_refused_and_writes_nothing(seeded):
    before = _counts()
    with time_machine.travel(NOW, tick=False), pytest.raises(CommandError, match="已存在"):
        call_command("seed_demo", cases=N, seed=SEED, stdout=StringIO(), stderr=StringIO())
    assert _counts() == before


@pytest.mark.django_db
def test_if_empty_seeds_an_empty_database():
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", cases=20, seed=SEED, if_empty=True, no_progress=True, stdout=StringIO(),
                     stderr=StringIO())
    assert Case.objects.count() == 20


def test_demo_logins_lists_every_account(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    for spec in ACCOUNTS:
        assert f"\n{spec.username} " in text, spec.username
    assert text.count(DEMO_PASSWORD) >= len(ACCOUNTS)
    assert "分管院长" in text and "网格员" in text and "金融审判团队" in text


@pytest.mark.django_db
def test_demo_logins_on_an_empty_database_says_what_to_do():
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "seed_demo" in out.getvalue()
