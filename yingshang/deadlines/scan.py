"""The daily deadline scan as a handful of set-based SQL statements (SQLite ≥ 3.33 and PostgreSQL).

No Python loop over cases: every statement works on a set of rows at once, and each writes only rows whose inputs,
tier, approaching threshold or alert level changed. Running it twice on the same day writes nothing new.

Two ideas keep the daily run close to (or below) one read pass over the open cases:

- ``next_change_on``: each row stores the first future day on which its tier, approaching threshold or alert level
  can change (6/9/12 months passed, a threshold coming within the look-ahead, 30/15/7 days before the end, the day
  after the end). The daily levels statement reads only the rows due (an index), not every open case.
- the cases watermark: a daily (incremental) run looks only at cases whose ``updated_at`` moved since the previous
  run began (less a safety margin): closures, procedure changes, new cases. Every write through the cases services
  saves ``updated_at``. A full run (every row compared with its case) happens on the first run, when the settings
  change, on the weekly reconciliation day, when scanning an earlier day than the last run, or on request
  (``scan_deadlines --full``), so a change made behind the services' back is caught within a week.

Statements, in order (``case_ids`` restricts all of them to a few cases: used by the services after a change):

1. sync      — rows whose case closed or reopened; rows whose inputs changed in the cases app (category, procedure,
               type code, filing date) become stale.
2. insert    — one complete row per open case that has none yet (ids collected first into a temporary table, so
               the anti-join never reads the table it inserts into). The first load of a large case base
               (PostgreSQL, at least BULK_LOAD_MIN_ROWS cases, empty deadline table) locks the empty deadline and
               alert tables, drops their keys, foreign keys and indexes, inserts plain rows (no ON CONFLICT, no
               per-row index insertion, no deferred foreign-key check queued per row) and rebuilds them from their
               catalogue definitions afterwards — one sort per index, one join per foreign key. PostgreSQL DDL is
               transactional: a failure restores everything; readers of the two tables wait for the commit.
3. recompute — stale rows: rule (override → (category, procedure, type code) → (category, procedure)), limit,
               approved extensions under the current procedure, finished deductions, running ones (pause); raw end
               = filed_on + months (month end when no corresponding day) + days; the rest-day rollover through the
               working-day table (working_ordinal); the calendar flag; the 6/9/12-month dates; levels.
4. levels    — rows due (next_change_on ≤ today; every open row on a full run): tier, approaching, alert level.
5. alerts    — INSERT … SELECT for the rows whose level changed today; the unique key (case, kind, level,
               reference date) makes a second run add nothing.
6. transfers — appeal-transfer alert levels, and their alerts.

The formula is domain.compute_time_limit's; tests check the two agree on a hand-built set.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError, connection, transaction

from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.cases.choices import OPEN_STATUSES
from yingshang.cases.models import Case
from yingshang.deadlines import domain
from yingshang.deadlines.choices import AlertKind, AlertLevel, Audience, ExtensionStatus, Tier, TransferStatus
from yingshang.deadlines.models import Alert, AppealTransfer, CaseDeadline, Deduction, ExtensionRequest

ADVISORY_LOCK_KEY = 7_262_826_03  # any constant: serialises full-court scans on PostgreSQL
FAR_FUTURE = date(9999, 12, 31)
# A first load of at least this many cases into an empty table builds the secondary indexes and constraints after
# the insert (PostgreSQL): one sort per index instead of a million index insertions and deferred foreign-key checks.
BULK_LOAD_MIN_ROWS = 20_000
# Memory for the sorts, hashes and materialised layers of a full-court run (SET LOCAL: this transaction only).
SCAN_WORK_MEM = "64MB"
BULK_LOAD_WORK_MEM = "256MB"
BULK_LOAD_MAINTENANCE_WORK_MEM = "256MB"


@dataclass
class ScanParams:
    today: date
    now: datetime
    rollover: bool
    lookahead_days: int
    alert_days: tuple[int, int, int]
    transfer_warning_days: int
    case_ids: list[int] | None = None
    full: bool = True                 # compare every row with its case and re-level every open row
    cases_since: datetime | None = None  # incremental runs: cases whose updated_at is at or after this moment
    alerts_dispatched: bool = False   # record new alerts as already dispatched (a silent first load, or a run
    #                                   whose caller queues their notices in the same transaction)
    return_alert_ids: bool = False    # collect the ids of the new alerts (ScanCounts.new_alert_ids)
    closed_since: date | None = None  # also give a row to each case closed on or after this day that has none
    #                                   (installing over an existing case base: this year's closures count)


@dataclass
class ScanCounts:
    synced: int = 0
    inserted: int = 0
    recomputed: int = 0
    levels_changed: int = 0
    alerts_created: int = 0
    transfers_changed: int = 0
    full: bool = True
    bulk_load: bool = False           # a first load that built the indexes after the insert
    closed_loaded: int = 0            # rows given to closed cases (ScanParams.closed_since)
    rebuilt: list = field(default_factory=list)  # the indexes and constraints it rebuilt (statements)
    new_alert_ids: list = field(default_factory=list)  # with ScanParams.return_alert_ids
    by_statement: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"synced": self.synced, "inserted": self.inserted, "recomputed": self.recomputed,
                "levels_changed": self.levels_changed, "alerts_created": self.alerts_created,
                "transfers_changed": self.transfers_changed, "full": self.full}


def _q(value: str) -> str:
    """A constant from our own tables as an SQL string literal (never user input)."""
    return "'" + str(value).replace("'", "''") + "'"


class _Dialect:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        if vendor not in ("sqlite", "postgresql"):
            raise ImproperlyConfigured(f"deadline scan supports SQLite and PostgreSQL, not {vendor}")
        self.pg = vendor == "postgresql"

    def add_months(self, d: str, m: str) -> str:
        """d + m months; the month's last day when there is no corresponding day (民法典 202)."""
        if self.pg:
            # PostgreSQL's date + interval clamps to the month's last day: 2023-08-31 + 6 months = 2024-02-29.
            return f"(({d}) + make_interval(months => ({m})::int))::date"
        first = f"date({d}, 'start of month', '+' || ({m}) || ' months')"
        last_day = (f"CAST(strftime('%%d', date({d}, 'start of month', '+' || (({m}) + 1) || ' months', '-1 day'))"
                    f" AS INTEGER)")
        day = f"CAST(strftime('%%d', {d}) AS INTEGER)"
        return f"date({first}, '+' || (MIN({day}, {last_day}) - 1) || ' days')"

    def add_days(self, d: str, n: str) -> str:
        if self.pg:
            return f"(({d}) + ({n})::int)"
        return f"date({d}, ({n}) || ' days')"

    def days_between(self, later: str, earlier: str) -> str:
        if self.pg:
            return f"(({later}) - ({earlier}))"
        return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"

    def year_of(self, d: str) -> str:
        if self.pg:
            return f"EXTRACT(YEAR FROM {d})::int"
        return f"CAST(strftime('%%Y', {d}) AS INTEGER)"

    def weekend_shift(self, d: str) -> str:
        """Days to the next Monday for a Saturday (2) or Sunday (1), else 0: the calendar's fallback outside its
        table (Mon–Fri working)."""
        if self.pg:
            return f"(CASE EXTRACT(ISODOW FROM {d})::int WHEN 6 THEN 2 WHEN 7 THEN 1 ELSE 0 END)"
        return f"(CASE strftime('%%w', {d}) WHEN '6' THEN 2 WHEN '0' THEN 1 ELSE 0 END)"

    def least(self, *exprs: str) -> str:
        return ("LEAST(" if self.pg else "MIN(") + ", ".join(exprs) + ")"


def _rule_values() -> tuple[str, str]:
    keys = ", ".join(f"({_q(c)}, {_q(p)}, {_q(t)}, {_q(code)})" for (c, p, t), code in domain.RULE_KEYS.items())
    rules = ", ".join(f"({_q(r.code)}, {r.limit.months}, {r.limit.days})" for r in domain.RULES.values())
    return keys, rules


class _Levels:
    """SQL for tier, approaching threshold, alert level and next change day, over given column expressions
    (mirrors domain.long_pending_tier and domain.alert_level)."""

    def __init__(self, sql: _Dialect, six: str, nine: str, twelve: str, end: str, paused: str):
        self.sql, self.six, self.nine, self.twelve, self.end, self.paused = sql, six, nine, twelve, end, paused

    def tier(self) -> str:
        return (f"CASE WHEN %(today)s > {self.twelve} THEN {_q(Tier.COMMITTEE)} "
                f"WHEN %(today)s > {self.nine} THEN {_q(Tier.SUPERVISION)} "
                f"WHEN %(today)s > {self.six} THEN {_q(Tier.WARNING)} "
                f"WHEN {self.six} <= %(horizon)s THEN {_q(Tier.REMINDER)} ELSE {_q(Tier.NONE)} END")

    def approaching(self) -> str:
        parts = " ".join(f"WHEN {col} >= %(today)s AND {col} <= %(horizon)s THEN {months}"
                         for months, col in ((6, self.six), (9, self.nine), (12, self.twelve)))
        return f"CASE {parts} ELSE 0 END"

    def level(self) -> str:
        return (f"CASE WHEN {self.paused} THEN {_q(AlertLevel.PAUSED)} "
                f"WHEN {self.end} IS NULL THEN {_q(AlertLevel.NO_LIMIT)} "
                f"WHEN {self.end} < %(today)s THEN {_q(AlertLevel.OVERDUE)} "
                f"WHEN {self.end} <= %(t_narrow)s THEN {_q(AlertLevel.DAYS_7)} "
                f"WHEN {self.end} <= %(t_mid)s THEN {_q(AlertLevel.DAYS_15)} "
                f"WHEN {self.end} <= %(t_wide)s THEN {_q(AlertLevel.DAYS_30)} ELSE {_q(AlertLevel.NONE)} END")

    def next_change(self) -> str:
        """The first day after today on which one of the above can change; 9999-12-31 when none can."""
        sql = self.sql

        def after_today(expr: str, *, end_based: bool = False) -> str:
            guard = f"{self.end} IS NULL OR {self.paused} OR " if end_based else ""
            return f"(CASE WHEN {guard}{expr} <= %(today)s THEN %(far)s ELSE {expr} END)"

        candidates = []
        for col in (self.six, self.nine, self.twelve):
            candidates.append(after_today(sql.add_days(col, "1")))                       # passes the threshold
            candidates.append(after_today(sql.add_days(col, "-%(lookahead)s")))          # comes within look-ahead
        for offset in ("-%(wide)s", "-%(mid)s", "-%(narrow)s", "1"):
            candidates.append(after_today(sql.add_days(self.end, offset), end_based=True))
        return sql.least(*candidates)


def _computed_sql(sql: _Dialect, base: str, p: ScanParams, t: dict, *, filter_aggregates: bool = True) -> str:
    """A SELECT yielding every computed column for the rows of ``base`` (case_id, rule_override and the case's
    category, proc, type_code, filed_on).

    The layers are MATERIALIZED common table expressions (PostgreSQL ≥ 12, SQLite ≥ 3.35): without them the
    planner inlines the end-date expression into each of the dozen places that use it. ``filter_aggregates``
    limits the extension and deduction sums to the base's cases (few rows); a first load sums them all at once.
    """
    keys, rules = _rule_values()
    only_base = " AND case_id IN (SELECT case_id FROM base)" if filter_aggregates else ""
    raw_end = sql.add_days(sql.add_months("a.filed_on", "a.limit_months + a.ext_months"),
                           "a.limit_days + a.ext_days + a.deducted")
    if p.rollover:
        end = (f"CASE WHEN b.raw_end_on IS NULL THEN NULL "
               f"WHEN c1.day IS NULL THEN {sql.add_days('b.raw_end_on', sql.weekend_shift('b.raw_end_on'))} "
               f"WHEN c1.is_working_day THEN c1.day ELSE c2.day END")
    else:
        end = "b.raw_end_on"
    levels = _Levels(sql, "e.six_months_on", "e.nine_months_on", "e.twelve_months_on", "e.time_limit_end_on",
                     "(e.is_paused = 1)")
    return f"""
    WITH rk(category, proc, type_code, code) AS (VALUES {keys}),
         rl(code, months, days) AS (VALUES {rules}),
         base AS ({base}),
         a AS (
          SELECT s.case_id, s.category, s.proc, s.type_code, s.filed_on, s.rule_code,
                 COALESCE(rl.months, 0) AS limit_months, COALESCE(rl.days, 0) AS limit_days,
                 COALESCE(x.months, 0) AS ext_months, COALESCE(x.days, 0) AS ext_days,
                 COALESCE(dd.days, 0) AS deducted,
                 CASE WHEN COALESCE(dd.running, 0) > 0 THEN 1 ELSE 0 END AS is_paused
          FROM (
            SELECT base.case_id, base.category, base.proc, base.type_code, base.filed_on,
                   COALESCE(NULLIF(base.rule_override, ''), k1.code, k2.code, '') AS rule_code
            FROM base
            LEFT JOIN rk AS k1 ON k1.category = base.category AND k1.proc = base.proc AND k1.type_code = base.type_code
            LEFT JOIN rk AS k2 ON k2.category = base.category AND k2.proc = base.proc AND k2.type_code = '*'
          ) AS s
          LEFT JOIN rl ON rl.code = s.rule_code
          LEFT JOIN (
            SELECT case_id, "procedure" AS proc, SUM(length_months) AS months, SUM(length_days) AS days
            FROM {t['ext']}
            WHERE status = {_q(ExtensionStatus.APPROVED)}{only_base}
            GROUP BY case_id, "procedure"
          ) AS x ON x.case_id = s.case_id AND x.proc = s.proc
          LEFT JOIN (
            SELECT case_id,
                   SUM(CASE WHEN end_on IS NULL THEN 0 ELSE {sql.days_between('end_on', 'start_on')} + 1 END) AS days,
                   SUM(CASE WHEN end_on IS NULL THEN 1 ELSE 0 END) AS running
            FROM {t['ded']}
            WHERE 1 = 1{only_base}
            GROUP BY case_id
          ) AS dd ON dd.case_id = s.case_id
         ),
         b AS MATERIALIZED (
          SELECT a.*, CASE WHEN a.rule_code = '' THEN NULL ELSE {raw_end} END AS raw_end_on,
                 {sql.add_months('a.filed_on', '6')} AS six_months_on,
                 {sql.add_months('a.filed_on', '9')} AS nine_months_on,
                 {sql.add_months('a.filed_on', '12')} AS twelve_months_on
          FROM a
         ),
         e AS MATERIALIZED (
          SELECT b.*, {end} AS time_limit_end_on
          FROM b
          LEFT JOIN {t['day']} AS c1 ON c1.day = b.raw_end_on
          LEFT JOIN {t['day']} AS c2 ON c2.is_working_day AND c2.working_ordinal = c1.working_ordinal + 1
         )
    SELECT e.*,
           CASE WHEN e.time_limit_end_on IS NULL THEN 0
                WHEN y1.year IS NOT NULL AND y2.year IS NOT NULL THEN 0 ELSE 1 END AS unconfirmed,
           {levels.tier()} AS tier, {levels.approaching()} AS approaching, {levels.level()} AS alert_level,
           {levels.next_change()} AS next_change_on
    FROM e
    LEFT JOIN {t['year']} AS y1 ON y1.is_confirmed AND y1.year = {sql.year_of('e.raw_end_on')}
    LEFT JOIN {t['year']} AS y2 ON y2.is_confirmed AND y2.year = {sql.year_of('e.time_limit_end_on')}
    """


def _lock_if_empty(cur, table: str) -> bool:
    """On PostgreSQL: whether ``table`` is empty, and if so lock it (ACCESS EXCLUSIVE, until the transaction
    ends) so that it stays empty until this transaction has filled it. Checked again under the lock."""
    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
    if cur.fetchone()[0]:
        return False
    cur.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
    cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table})")
    return not cur.fetchone()[0]


def _drop_secondary(cur, table: str) -> list[str]:
    """Drop the indexes, primary-key, unique and foreign-key constraints of a locked, empty ``table``
    (PostgreSQL), answering the statements that recreate them exactly as they were (definitions read from the
    catalogue, so a new migration needs no change here). Check constraints, and a key another table's foreign key
    depends on, are kept. DDL is transactional in PostgreSQL: a failure rolls the drops back
    with everything else."""
    cur.execute("""
        SELECT con.conname, pg_get_constraintdef(con.oid), con.contype
        FROM pg_constraint AS con
        WHERE con.conrelid = %s::regclass AND con.contype IN ('p', 'u', 'f')
          AND NOT (con.contype IN ('p', 'u') AND EXISTS (
                   SELECT 1 FROM pg_constraint AS ref
                   WHERE ref.contype = 'f' AND ref.confrelid = con.conrelid AND ref.conindid = con.conindid))
        ORDER BY con.contype DESC, con.conname""", [table])
    constraints = cur.fetchall()
    cur.execute("""
        SELECT ic.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index AS i JOIN pg_class AS ic ON ic.oid = i.indexrelid
        WHERE i.indrelid = %s::regclass
          AND NOT EXISTS (SELECT 1 FROM pg_constraint AS con WHERE con.conindid = i.indexrelid
                          AND con.conrelid = i.indrelid)
        ORDER BY ic.relname""", [table])
    indexes = cur.fetchall()
    quote = connection.ops.quote_name
    recreate = []
    for name, definition, _kind in constraints:
        cur.execute(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
        recreate.append(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
    for name, definition in indexes:
        cur.execute(f"DROP INDEX {quote(name)}")
        recreate.append(definition)
    return recreate


def _load_bare(cur, table: str) -> list[str]:
    """Drop what _drop_secondary drops, in a savepoint, answering the statements that rebuild it. A foreign key
    cannot be dropped while the table it references has trigger events pending in this transaction (rows the
    caller wrote before the scan, in the same transaction): then nothing is dropped (empty answer) and the table
    is loaded the ordinary way."""
    try:
        with transaction.atomic():
            return _drop_secondary(cur, table)
    except OperationalError:
        return []


def run_scan(p: ScanParams) -> ScanCounts:
    """Run the statements in the caller's transaction and answer how many rows each wrote."""
    t = {"case": Case._meta.db_table, "dl": CaseDeadline._meta.db_table, "ded": Deduction._meta.db_table,
         "ext": ExtensionRequest._meta.db_table, "alert": Alert._meta.db_table, "tr": AppealTransfer._meta.db_table,
         "day": CalendarDay._meta.db_table, "year": CalendarYear._meta.db_table}
    t_dl, t_case, t_alert, t_tr = t["dl"], t["case"], t["alert"], t["tr"]
    sql = _Dialect(connection.vendor)
    T, F = "TRUE", "FALSE"
    open_list = ", ".join(_q(s) for s in OPEN_STATUSES)
    ops = connection.ops
    wide, mid, narrow = p.alert_days
    params = {
        "today": ops.adapt_datefield_value(p.today),
        "now": ops.adapt_datetimefield_value(p.now),
        "far": ops.adapt_datefield_value(FAR_FUTURE),
        "horizon": ops.adapt_datefield_value(p.today + timedelta(days=p.lookahead_days)),
        "t_wide": ops.adapt_datefield_value(p.today + timedelta(days=wide)),
        "t_mid": ops.adapt_datefield_value(p.today + timedelta(days=mid)),
        "t_narrow": ops.adapt_datefield_value(p.today + timedelta(days=narrow)),
        "t_transfer": ops.adapt_datefield_value(p.today + timedelta(days=p.transfer_warning_days)),
        "lookahead": p.lookahead_days, "wide": wide, "mid": mid, "narrow": narrow,
        "since": ops.adapt_datetimefield_value(p.cases_since) if p.cases_since else None,
        "closed_since": ops.adapt_datefield_value(p.closed_since) if p.closed_since else None,
    }
    only = ""
    if p.case_ids is not None:
        only = "IN (" + ", ".join(str(int(i)) for i in (p.case_ids or [0])) + ")"

    def limit(column: str) -> str:
        return f" AND {column} {only}" if only else ""

    incremental = not p.full and p.case_ids is None and p.cases_since is not None
    watermark = " AND c.updated_at >= %(since)s" if incremental else ""
    counts = ScanCounts(full=not incremental)
    with connection.cursor() as cur:
        if sql.pg:
            # JIT compilation of these wide expressions costs more than it saves (seconds on a first load).
            cur.execute("SET LOCAL jit = off")
            if p.case_ids is None:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
                cur.execute(f"SET LOCAL work_mem = '{SCAN_WORK_MEM}'")

        def run(name: str, statement: str, *, ids: list | None = None) -> int:
            started = time.perf_counter()
            if ids is not None:
                cur.execute(statement + " RETURNING id", params)
                found = [row[0] for row in cur.fetchall()]
                ids.extend(found)
                n = len(found)
            else:
                cur.execute(statement, params)
                n = max(cur.rowcount, 0)
            counts.by_statement[name] = n
            counts.seconds[name] = round(time.perf_counter() - started, 4)
            return n

        def rebuild(cur, name: str, statements: list[str]) -> None:
            started = time.perf_counter()
            for statement in statements:
                cur.execute(statement)
                counts.rebuilt.append(statement)
            counts.seconds[name] = round(time.perf_counter() - started, 4)

        changed_inputs = ('c."procedure" <> d."procedure" OR c.category <> d.category OR c.type_code <> d.type_code '
                          "OR c.filed_on <> d.filed_on")
        # 1. sync with the cases table
        counts.synced = run("sync", f"""
            UPDATE {t_dl} AS d SET
              is_open = CASE WHEN c.status IN ({open_list}) THEN {T} ELSE {F} END,
              closed_on = c.closed_on,
              is_stale = CASE WHEN c.status IN ({open_list}) THEN {T} ELSE {F} END,
              updated_at = %(now)s
            FROM {t_case} AS c
            WHERE c.id = d.case_id{limit('d.case_id')}{watermark}
              AND ((d.is_open AND (c.status NOT IN ({open_list}) OR {changed_inputs}))
                   OR (NOT d.is_open AND c.status IN ({open_list})))""")
        # 2. new open cases, computed in full. The missing ids go to a temporary table first, so the anti-join
        # never reads the table being inserted into (a nested loop over a growing table is quadratic).
        cur.execute("DROP TABLE IF EXISTS deadlines_scan_missing")
        run("missing", f"""
            CREATE TEMPORARY TABLE deadlines_scan_missing AS
            SELECT c.id AS case_id, '' AS rule_override, c.category, c."procedure" AS proc, c.type_code, c.filed_on
            FROM {t_case} AS c
            WHERE c.status IN ({open_list}){limit('c.id')}{watermark}
              AND NOT EXISTS (SELECT 1 FROM {t_dl} AS x WHERE x.case_id = c.id)""")
        # A first load of many cases (PostgreSQL, empty tables): insert into bare tables, index afterwards.
        rebuild_dl: list[str] = []
        rebuild_alert: list[str] = []
        if sql.pg and p.case_ids is None and counts.by_statement["missing"] >= BULK_LOAD_MIN_ROWS \
                and _lock_if_empty(cur, t_dl):
            rebuild_dl = _load_bare(cur, t_dl)
            if rebuild_dl:
                counts.bulk_load = True
                cur.execute(f"SET LOCAL work_mem = '{BULK_LOAD_WORK_MEM}'")
                cur.execute(f"SET LOCAL maintenance_work_mem = '{BULK_LOAD_MAINTENANCE_WORK_MEM}'")
                if _lock_if_empty(cur, t_alert):
                    rebuild_alert = _load_bare(cur, t_alert)
        computed = _computed_sql(sql, "SELECT * FROM deadlines_scan_missing", p, t,
                                 filter_aggregates=incremental or p.case_ids is not None)
        columns = ("case_id, is_open, is_stale, category, \"procedure\", type_code, filed_on, rule_override, rule_code, "
                   "limit_months, limit_days, extension_months, extension_days, deducted_days, is_paused, raw_end_on, "
                   "time_limit_end_on, unconfirmed_calendar, six_months_on, nine_months_on, twelve_months_on, tier, "
                   "tier_since_on, approaching_months, approaching_since_on, alert_level, alert_since_on, "
                   "next_change_on, changed_on, computed_on, created_at, updated_at")
        since = "CASE WHEN f.{col} {cmp} THEN NULL ELSE %(today)s END"
        counts.inserted = run("insert", f"""
            INSERT INTO {t_dl} ({columns})
            SELECT f.case_id, {T}, {F}, f.category, f.proc, f.type_code, f.filed_on, '', f.rule_code,
                   f.limit_months, f.limit_days, f.ext_months, f.ext_days, f.deducted,
                   CASE WHEN f.is_paused = 1 THEN {T} ELSE {F} END, f.raw_end_on, f.time_limit_end_on,
                   CASE WHEN f.unconfirmed = 1 THEN {T} ELSE {F} END,
                   f.six_months_on, f.nine_months_on, f.twelve_months_on,
                   f.tier, {since.format(col='tier', cmp="= 'none'")},
                   f.approaching, {since.format(col='approaching', cmp='= 0')},
                   f.alert_level, {since.format(col='alert_level', cmp="IN ('none', 'no_limit')")},
                   f.next_change_on, %(today)s, %(today)s, %(now)s, %(now)s
            FROM ({computed}) AS f
            WHERE 1 = 1
            {"" if counts.bulk_load else "ON CONFLICT (case_id) DO NOTHING"}""")
        cur.execute("DROP TABLE deadlines_scan_missing")
        if rebuild_dl:
            rebuild(cur, "indexes", rebuild_dl)
        if sql.pg and counts.inserted > 1000:
            # A first load: let the planner see the new rows before later statements join the table.
            run("analyze", f"ANALYZE {t_dl}")
        # 2b. closed cases without a row (installing over an existing case base): their time limit as it stood,
        # so 法定审限内结案率 counts the closures before the install. Closed rows get no level and no alert.
        if p.closed_since is not None and p.case_ids is None:
            closed_base = (f'SELECT c.id AS case_id, \'\' AS rule_override, c.category, c."procedure" AS proc, '
                           f"c.type_code, c.filed_on FROM {t_case} AS c "
                           f"WHERE c.status NOT IN ({open_list}) AND c.closed_on >= %(closed_since)s "
                           f"AND NOT EXISTS (SELECT 1 FROM {t_dl} AS x WHERE x.case_id = c.id)")
            closed = _computed_sql(sql, closed_base, p, t)
            counts.closed_loaded = run("closed", f"""
                INSERT INTO {t_dl} ({columns}, closed_on)
                SELECT f.case_id, {F}, {F}, f.category, f.proc, f.type_code, f.filed_on, '', f.rule_code,
                       f.limit_months, f.limit_days, f.ext_months, f.ext_days, f.deducted,
                       CASE WHEN f.is_paused = 1 THEN {T} ELSE {F} END, f.raw_end_on, f.time_limit_end_on,
                       CASE WHEN f.unconfirmed = 1 THEN {T} ELSE {F} END,
                       f.six_months_on, f.nine_months_on, f.twelve_months_on,
                       {_q(Tier.NONE)}, NULL, 0, NULL, {_q(AlertLevel.NONE)}, NULL,
                       NULL, %(today)s, %(today)s, %(now)s, %(now)s, cc.closed_on
                FROM ({closed}) AS f JOIN {t_case} AS cc ON cc.id = f.case_id
                WHERE 1 = 1
                ON CONFLICT (case_id) DO NOTHING""")
        # 3. stale rows: recompute everything and their levels
        stale_base = (f'SELECT d.case_id, d.rule_override, c.category, c."procedure" AS proc, c.type_code, c.filed_on '
                      f"FROM {t_dl} AS d JOIN {t_case} AS c ON c.id = d.case_id "
                      f"WHERE d.is_stale AND d.is_open{limit('d.case_id')}")
        computed = _computed_sql(sql, stale_base, p, t)
        changed = "CASE WHEN d.{col} <> f.{new} THEN %(today)s ELSE d.{since} END"
        counts.recomputed = run("recompute", f"""
            UPDATE {t_dl} AS d SET
              category = f.category, "procedure" = f.proc, type_code = f.type_code, filed_on = f.filed_on,
              rule_code = f.rule_code, limit_months = f.limit_months, limit_days = f.limit_days,
              extension_months = f.ext_months, extension_days = f.ext_days, deducted_days = f.deducted,
              is_paused = CASE WHEN f.is_paused = 1 THEN {T} ELSE {F} END,
              raw_end_on = f.raw_end_on, time_limit_end_on = f.time_limit_end_on,
              unconfirmed_calendar = CASE WHEN f.unconfirmed = 1 THEN {T} ELSE {F} END,
              six_months_on = f.six_months_on, nine_months_on = f.nine_months_on,
              twelve_months_on = f.twelve_months_on,
              tier = f.tier, tier_since_on = {changed.format(col='tier', new='tier', since='tier_since_on')},
              approaching_months = f.approaching,
              approaching_since_on = {changed.format(col='approaching_months', new='approaching',
                                                     since='approaching_since_on')},
              alert_level = f.alert_level,
              alert_since_on = {changed.format(col='alert_level', new='alert_level', since='alert_since_on')},
              next_change_on = f.next_change_on, changed_on = %(today)s, is_stale = {F},
              computed_on = %(today)s, updated_at = %(now)s
            FROM ({computed}) AS f
            WHERE d.case_id = f.case_id""")
        # 4. levels of the rows due today (all open rows on a full run); rows computed today are already right
        lv = _Levels(sql, "six_months_on", "nine_months_on", "twelve_months_on", "time_limit_end_on", "is_paused")
        tier, approaching, level, next_change = lv.tier(), lv.approaching(), lv.level(), lv.next_change()
        due = "" if not incremental else " AND next_change_on <= %(today)s"
        counts.levels_changed = run("levels", f"""
            UPDATE {t_dl} SET
              tier = {tier},
              tier_since_on = CASE WHEN tier <> {tier} THEN %(today)s ELSE tier_since_on END,
              approaching_months = {approaching},
              approaching_since_on = CASE WHEN approaching_months <> {approaching} THEN %(today)s
                                          ELSE approaching_since_on END,
              alert_level = {level},
              alert_since_on = CASE WHEN alert_level <> {level} THEN %(today)s ELSE alert_since_on END,
              next_change_on = {next_change}, changed_on = %(today)s, updated_at = %(now)s
            WHERE is_open{limit('case_id')}{due} AND (computed_on IS NULL OR computed_on <> %(today)s)
              AND (tier <> {tier} OR approaching_months <> {approaching} OR alert_level <> {level}
                   OR next_change_on IS NULL OR next_change_on <> {next_change})""")
        # 5. alerts for the rows whose level changed today (the unique key adds nothing twice)
        dispatched = T if p.alerts_dispatched else F
        new_ids = counts.new_alert_ids if p.return_alert_ids else None
        # Into an empty, locked table within one run each (case, kind) comes once: no conflict to resolve.
        alert_conflict = "" if rebuild_alert else "ON CONFLICT DO NOTHING"
        alert_cols = "case_id, kind, level, reference_on, audience, raised_on, created_at, is_dispatched"
        time_levels = ", ".join(_q(v) for v in (AlertLevel.DAYS_30, AlertLevel.DAYS_15, AlertLevel.DAYS_7,
                                                AlertLevel.OVERDUE))
        tier_levels = ", ".join(_q(v) for v in (Tier.REMINDER, Tier.WARNING, Tier.SUPERVISION, Tier.COMMITTEE))
        tier_audience = (f"CASE d.tier WHEN {_q(Tier.REMINDER)} THEN {_q(Audience.JUDGE_AND_HEAD)} "
                         f"WHEN {_q(Tier.WARNING)} THEN {_q(Audience.SUPERVISING_VP)} "
                         f"WHEN {_q(Tier.SUPERVISION)} THEN {_q(Audience.PRESIDENT)} "
                         f"ELSE {_q(Audience.COMMITTEE)} END")
        changed_today = f"d.changed_on = %(today)s AND d.is_open{limit('d.case_id')}"
        created = run("alerts_time_limit", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.TIME_LIMIT)}, d.alert_level, d.time_limit_end_on,
                   CASE WHEN d.alert_level = {_q(AlertLevel.OVERDUE)} THEN {_q(Audience.TRIAL_MANAGEMENT)}
                        ELSE {_q(Audience.JUDGE_AND_HEAD)} END, %(today)s, %(now)s, {dispatched}
            FROM {t_dl} AS d
            WHERE {changed_today} AND d.alert_since_on = %(today)s AND d.alert_level IN ({time_levels})
            {alert_conflict}""", ids=new_ids)
        created += run("alerts_tier", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.LONG_PENDING)}, d.tier, d.filed_on, {tier_audience}, %(today)s, %(now)s,
                   {dispatched}
            FROM {t_dl} AS d
            WHERE {changed_today} AND d.tier_since_on = %(today)s AND d.tier IN ({tier_levels})
            {alert_conflict}""", ids=new_ids)
        created += run("alerts_approaching", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.APPROACHING)},
                   CASE d.approaching_months WHEN 9 THEN 'approaching_9' ELSE 'approaching_12' END,
                   CASE d.approaching_months WHEN 9 THEN d.nine_months_on ELSE d.twelve_months_on END,
                   {_q(Audience.JUDGE_AND_HEAD)}, %(today)s, %(now)s, {dispatched}
            FROM {t_dl} AS d
            WHERE {changed_today} AND d.approaching_since_on = %(today)s AND d.approaching_months IN (9, 12)
            {alert_conflict}""", ids=new_ids)
        # 6. appeal transfers
        transfer_level = ("CASE WHEN %(today)s > due_on THEN 'overdue' "
                          "WHEN due_on <= %(t_transfer)s THEN 'due_soon' ELSE 'none' END")
        counts.transfers_changed = run("transfers", f"""
            UPDATE {t_tr} SET alert_level = {transfer_level},
              alert_since_on = CASE WHEN alert_level <> {transfer_level} THEN %(today)s ELSE alert_since_on END,
              updated_at = %(now)s
            WHERE status = {_q(TransferStatus.PENDING)} AND due_on IS NOT NULL{limit('case_id')}
              AND alert_level <> {transfer_level}""")
        created += run("alerts_transfer", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.APPEAL_TRANSFER)}, d.alert_level, d.due_on,
                   CASE WHEN d.alert_level = 'overdue' THEN {_q(Audience.TRIAL_MANAGEMENT)}
                        ELSE {_q(Audience.JUDGE_AND_HEAD)} END, %(today)s, %(now)s, {dispatched}
            FROM {t_tr} AS d
            WHERE d.status = {_q(TransferStatus.PENDING)} AND d.alert_since_on = %(today)s
              AND d.alert_level IN ('due_soon', 'overdue'){limit('d.case_id')}
            {alert_conflict}""", ids=new_ids)
        counts.alerts_created = created
        if rebuild_alert:
            rebuild(cur, "alert_indexes", rebuild_alert)
    return counts
