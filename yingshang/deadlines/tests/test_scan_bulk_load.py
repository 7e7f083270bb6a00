"""The first load of a large case base (PostgreSQL): the deadline and alert tables are filled bare and their
indexes and constraints rebuilt afterwards. The rows must be exactly those of the ordinary path, and the tables
must end with exactly the indexes and constraints the migrations made."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from yingshang.deadlines import scan
from yingshang.deadlines.models import Alert, CaseDeadline
from yingshang.deadlines.services import deadlines_scan
from yingshang.deadlines.tests.test_scan import TODAY, court_set  # noqa: F401 - the hand-built set (fixture)

pytestmark = pytest.mark.django_db

TABLES = (CaseDeadline._meta.db_table, Alert._meta.db_table)


def schema(table: str) -> tuple[list, list]:
    with connection.cursor() as cur:
        cur.execute("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s::regclass", [table])
        indexes = sorted(row[0] for row in cur.fetchall())
        cur.execute("SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass",
                    [table])
        constraints = sorted(cur.fetchall())
    return indexes, constraints


def snapshot() -> tuple[list, list]:
    rows = sorted(CaseDeadline.objects.values_list(
        "case_id", "is_open", "is_stale", "category", "procedure", "type_code", "filed_on", "rule_code",
        "limit_months", "limit_days", "extension_months", "extension_days", "deducted_days", "is_paused",
        "raw_end_on", "time_limit_end_on", "unconfirmed_calendar", "six_months_on", "nine_months_on",
        "twelve_months_on", "tier", "tier_since_on", "approaching_months", "approaching_since_on", "alert_level",
        "alert_since_on", "next_change_on", "changed_on", "computed_on"))
    alerts = sorted(Alert.objects.values_list("case_id", "kind", "level", "reference_on", "audience", "raised_on",
                                              "is_dispatched"))
    return rows, alerts


class Discard(Exception):
    pass


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("bulk first load: PostgreSQL only (transactional DDL)")


def foreign_keys() -> int:
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                    [list(TABLES)])
        return cur.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_a_bulk_first_load_writes_the_same_rows_and_restores_every_index(court_set, postgres_only, monkeypatch):
    """The cases are committed (as when the daily task runs in its own transaction)."""
    before = {table: schema(table) for table in TABLES}
    monkeypatch.setattr(scan, "BULK_LOAD_MIN_ROWS", 10**9)
    try:
        with transaction.atomic():
            ordinary = deadlines_scan(today=TODAY, notify=False)
            expected = snapshot()
            raise Discard
    except Discard:
        pass
    assert ordinary.counts.bulk_load is False and CaseDeadline.objects.count() == 0
    monkeypatch.setattr(scan, "BULK_LOAD_MIN_ROWS", 1)
    bulk = deadlines_scan(today=TODAY, notify=False)
    assert bulk.counts.bulk_load is True
    assert (bulk.counts.inserted, bulk.counts.alerts_created) == (8, 10)
    assert snapshot() == expected
    assert {table: schema(table) for table in TABLES} == before
    # Both tables: primary key, unique key, foreign keys (deadline → case; alert → case, acknowledging user) and
    # the indexes (deadline: stale, next change, changed on; alert: undispatched).
    assert len([s for s in bulk.counts.rebuilt if "FOREIGN KEY" in s]) == foreign_keys() == 3
    assert len(bulk.counts.rebuilt) == 11
    assert "indexes" in bulk.counts.seconds and "alert_indexes" in bulk.counts.seconds
    # The rebuilt unique key holds again.
    row = CaseDeadline.objects.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseDeadline.objects.create(case_id=row.case_id, category=row.category, procedure=row.procedure,
                                    filed_on=row.filed_on)
    # And the next runs behave as after an ordinary first load.
    again = deadlines_scan(today=TODAY, notify=False)
    assert again.counts.by_statement == {name: 0 for name in again.counts.by_statement}
    assert deadlines_scan(today=TODAY + timedelta(days=5)).counts.levels_changed == 3


def test_cases_written_earlier_in_the_same_transaction_keep_the_ordinary_path(court_set, postgres_only,
                                                                              monkeypatch):
    """Here the set's cases were written in this (test) transaction: their deferred foreign-key checks are
    pending, so the foreign keys cannot be dropped; the scan loads the ordinary way, with the same result."""
    before = {table: schema(table) for table in TABLES}
    monkeypatch.setattr(scan, "BULK_LOAD_MIN_ROWS", 1)
    result = deadlines_scan(today=TODAY, notify=False)
    assert (result.counts.bulk_load, result.counts.rebuilt, result.counts.inserted) == (False, [], 8)
    assert {table: schema(table) for table in TABLES} == before


def test_a_table_already_holding_rows_is_never_loaded_bare(court_set, monkeypatch):  # noqa: F811
    from yingshang.cases.tests.factories import CaseFactory

    monkeypatch.setattr(scan, "BULK_LOAD_MIN_ROWS", 1)
    deadlines_scan(today=TODAY)
    CaseFactory(court=court_set["fresh"].court, filed_on=TODAY)
    later = deadlines_scan(today=TODAY + timedelta(days=1), full=True)
    assert (later.counts.inserted, later.counts.bulk_load, later.counts.rebuilt) == (1, False, [])
