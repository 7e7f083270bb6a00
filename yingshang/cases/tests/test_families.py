"""Case.family_root — the first case of each dispute (案-件比's 案): kept by services.case_link one link at a time,
rebuilt set-based from the links (demo, benchmarks) and backfilled by migration 0004 with the same statement."""

import importlib

import pytest
from django.db import connection

from yingshang.cases import services
from yingshang.cases.choices import CaseLinkKind, PartyRole
from yingshang.cases.errors import CaseError
from yingshang.cases.models import Case, CaseLink
from yingshang.cases.tests.conftest import person, register
from yingshang.cases.tests.factories import CaseFactory
from yingshang.cases.tests.test_services import assert_refused

pytestmark = pytest.mark.django_db


def roots(cases: dict) -> dict:
    """{name: name of the stored root or None} for the named cases."""
    by_id = {case.pk: name for name, case in cases.items()}
    stored = dict(Case.objects.filter(pk__in=by_id).values_list("pk", "family_root_id"))
    return {name: by_id.get(stored[case.pk], stored[case.pk]) for name, case in cases.items()}


@pytest.fixture
def make(court, judge):
    def make(name, type_code="民初"):
        return CaseFactory(court=court, department=judge.department, judge=judge, type_code=type_code,
                           summary=name)
    return make


def link(judge, from_case, to_case, kind):
    return services.case_link(from_case_id=from_case.pk, to_case_id=to_case.pk, kind=kind, actor=judge)


def test_a_registered_case_starts_its_own_dispute(court, clerk):
    case = register(clerk, court, parties=[person(1), person(2, role=PartyRole.DEFENDANT)])
    assert Case.objects.get(pk=case.pk).family_root_id is None


def test_each_family_link_puts_the_later_case_under_the_disputes_first_case(make, judge):
    c = {name: make(name, type_code) for name, type_code in
         (("A", "民初"), ("A2", "民终"), ("AE", "执"), ("AR", "执恢"), ("AB", "破申"), ("AS", "民再"))}
    link(judge, c["A"], c["A2"], CaseLinkKind.APPEAL)
    link(judge, c["A2"], c["AE"], CaseLinkKind.ENFORCEMENT)
    link(judge, c["AE"], c["AR"], CaseLinkKind.RESUMED_ENFORCEMENT)
    link(judge, c["AR"], c["AB"], CaseLinkKind.BANKRUPTCY)
    link(judge, c["A2"], c["AS"], CaseLinkKind.RETRIAL)
    assert roots(c) == {"A": None, "A2": "A", "AE": "A", "AR": "A", "AB": "A", "AS": "A"}


def test_links_outside_the_family_change_no_root(make, judge):
    c = {name: make(name, type_code) for name, type_code in
         (("M", "民诉前调"), ("L", "民初"), ("P", "财保"), ("X", "民初"))}
    link(judge, c["M"], c["L"], CaseLinkKind.MEDIATION_TO_LITIGATION)
    link(judge, c["L"], c["P"], CaseLinkKind.PRESERVATION)
    link(judge, c["L"], c["X"], CaseLinkKind.RELATED)
    link(judge, c["X"], c["L"], CaseLinkKind.RELATED)  # a cycle of "related" links is harmless
    assert roots(c) == {"M": None, "L": None, "P": None, "X": None}


def test_a_family_attached_under_another_is_re_rooted_whole(make, judge):
    c = {name: make(name, type_code) for name, type_code in
         (("A", "民初"), ("B", "民终"), ("B1", "执"), ("B2", "执恢"), ("C", "执"), ("C1", "执恢"), ("Z", "民初"))}
    link(judge, c["B"], c["B1"], CaseLinkKind.ENFORCEMENT)
    link(judge, c["B1"], c["B2"], CaseLinkKind.RESUMED_ENFORCEMENT)
    link(judge, c["C"], c["C1"], CaseLinkKind.RESUMED_ENFORCEMENT)
    assert roots(c) == {"A": None, "B": None, "B1": "B", "B2": "B", "C": None, "C1": "C", "Z": None}
    link(judge, c["A"], c["B"], CaseLinkKind.APPEAL)          # B's family goes under A
    assert roots(c) == {"A": None, "B": "A", "B1": "A", "B2": "A", "C": None, "C1": "C", "Z": None}
    link(judge, c["B2"], c["C"], CaseLinkKind.BANKRUPTCY)     # attached under a case deep in A's family
    assert roots(c) == {"A": None, "B": "A", "B1": "A", "B2": "A", "C": "A", "C1": "A", "Z": None}
    link(judge, c["Z"], c["A"], CaseLinkKind.RETRIAL)         # the whole of A's family goes under Z
    assert roots(c) == {"A": "Z", "B": "Z", "B1": "Z", "B2": "Z", "C": "Z", "C1": "Z", "Z": None}
    # The set-based rebuild from the links gives the same roots.
    assert services.case_family_roots_rebuild() == 6
    assert roots(c) == {"A": "Z", "B": "Z", "B1": "Z", "B2": "Z", "C": "Z", "C1": "Z", "Z": None}


def test_a_case_already_in_a_dispute_keeps_it(make, judge):
    c = {name: make(name, type_code) for name, type_code in
         (("A", "民初"), ("AE", "执"), ("D", "民初"), ("DE", "执"), ("K", "破申"))}
    link(judge, c["A"], c["AE"], CaseLinkKind.ENFORCEMENT)
    link(judge, c["D"], c["DE"], CaseLinkKind.ENFORCEMENT)
    link(judge, c["AE"], c["K"], CaseLinkKind.BANKRUPTCY)
    link(judge, c["DE"], c["K"], CaseLinkKind.BANKRUPTCY)     # a second creditor's enforcement: K stays in A's
    assert roots(c) == {"A": None, "AE": "A", "D": None, "DE": "D", "K": "A"}
    link(judge, c["D"], c["AE"], CaseLinkKind.RELATED)
    assert roots(c)["AE"] == "A"


def test_a_family_link_into_the_first_case_of_its_own_dispute_is_refused(make, judge):
    c = {name: make(name, type_code) for name, type_code in (("A", "民初"), ("A2", "民终"), ("AE", "执"))}
    link(judge, c["A"], c["A2"], CaseLinkKind.APPEAL)
    link(judge, c["A2"], c["AE"], CaseLinkKind.ENFORCEMENT)
    error = assert_refused(lambda: link(judge, c["AE"], c["A"], CaseLinkKind.RETRIAL), CaseError.LINK_CYCLE, 409)
    assert error.detail == {"from_case_id": c["AE"].pk, "to_case_id": c["A"].pk}
    assert CaseLink.objects.count() == 2
    assert roots(c) == {"A": None, "A2": "A", "AE": "A"}


def _hand_built(make):
    """Links inserted without the service (as an existing database or a bulk insert holds them): roots all empty."""
    c = {name: make(name, type_code) for name, type_code in
         (("A", "民初"), ("A2", "民终"), ("AE", "执"), ("AR", "执恢"), ("D", "民初"), ("DE", "执"), ("K", "破申"),
          ("M", "民诉前调"), ("L", "民初"), ("LP", "财保"), ("S", "民初"), ("Y1", "民初"), ("Y2", "民初"))}
    for from_name, to_name, kind in (("A", "A2", "appeal"), ("A2", "AE", "enforcement"),
                                     ("AE", "AR", "resumed_enforcement"), ("D", "DE", "enforcement"),
                                     ("AR", "K", "bankruptcy"), ("DE", "K", "bankruptcy"),
                                     ("M", "L", "mediation_to_litigation"), ("L", "LP", "preservation"),
                                     ("L", "S", "retrial"), ("Y1", "Y2", "appeal"), ("Y2", "Y1", "appeal")):
        CaseLink.objects.create(from_case=c[from_name], to_case=c[to_name], kind=kind)
    return c


EXPECTED = {"A": None, "A2": "A", "AE": "A", "AR": "A", "D": None, "DE": "D",
            "K": "A",  # reached from A and from D: the first case with the lower id (A, registered first)
            "M": None, "L": None, "LP": None, "S": "L",
            "Y1": None, "Y2": None}  # a cycle with no first case: no root can be stored (the service refuses these)


def test_the_migration_backfills_the_roots_of_a_hand_built_set(make):
    c = _hand_built(make)
    assert c["A"].pk < c["D"].pk
    assert set(roots(c).values()) == {None}
    migration = importlib.import_module("yingshang.cases.migrations.0004_case_family_root")
    with connection.cursor() as cursor:
        cursor.execute(migration.BACKFILL, migration.FAMILY_LINK_KINDS * 3)
    assert roots(c) == EXPECTED


def test_the_rebuild_sets_the_same_roots_and_resets_stale_ones(make):
    c = _hand_built(make)
    Case.objects.filter(pk__in=[c["M"].pk, c["Y1"].pk]).update(family_root=c["A"])  # stale rows to reset
    assert services.case_family_roots_rebuild() == 6
    assert roots(c) == EXPECTED
    assert services.case_family_roots_rebuild() == 6  # idempotent
    assert roots(c) == EXPECTED


def test_the_statement_is_the_one_the_migration_froze():
    migration = importlib.import_module("yingshang.cases.migrations.0004_case_family_root")
    assert services.family_roots_rebuild_sql() == (migration.BACKFILL, migration.FAMILY_LINK_KINDS * 3)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_links_of_one_family_leave_every_case_under_the_top_root(make, judge):
    """Z → A (A's family goes under Z) and B → C (C's family goes under A's root) at the same time: whichever commits
    first, every case ends under Z — the parent's root is locked before its family is read."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serializes all writers, so there is no concurrency to test")
    import threading

    from django.db import connections

    for _round in range(4):
        c = {name: make(name, type_code) for name, type_code in
             (("Z", "民初"), ("A", "民初"), ("B", "民终"), ("C", "执"), ("C1", "执恢"))}
        link(judge, c["A"], c["B"], CaseLinkKind.APPEAL)
        link(judge, c["C"], c["C1"], CaseLinkKind.RESUMED_ENFORCEMENT)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def work(from_name, to_name, kind):
            try:
                barrier.wait()
                link(judge, c[from_name], c[to_name], kind)
            except BaseException as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=("Z", "A", CaseLinkKind.RETRIAL)),
                   threading.Thread(target=work, args=("B", "C", CaseLinkKind.ENFORCEMENT))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        assert errors == []
        assert roots(c) == {"Z": None, "A": "Z", "B": "Z", "C": "Z", "C1": "Z"}
