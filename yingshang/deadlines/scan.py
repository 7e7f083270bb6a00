"""The daily deadline scan as a handful of set-based SQL statements (SQLite ≥ 3.33 and PostgreSQL).

No Python loop over cases: every statement works on all open cases at once, and each writes only the rows whose
inputs, tier, approaching threshold or alert level changed, so in steady state (the day after a full scan) the
scan costs about one read pass over the open cases. Running it twice on the same day writes nothing new.

Statements, in order (``case_ids`` restricts all of them to a few cases: used by the services after a change):

1. sync      — mark rows whose case closed (or reopened) and rows whose inputs changed in the cases app
               (category, procedure, type code, filing date) as stale; one join of case_deadline × case.
2. insert    — one row per open case that has none yet (stale).
3. inputs    — for stale rows: the rule (override → (category, procedure, type code) → (category, procedure)),
               its limit, approved extensions under the current procedure, finished deductions, running ones.
4. ends      — for stale rows: raw end = filed_on + months (month end when no corresponding day) + days, and
               the 6/9/12-month dates (domain.months_after, done in SQL per vendor).
5. rollover  — for stale rows: a rest-day end moves to the next working day through calendar_calendarday's
               working_ordinal (when the court's setting says so); the calendar flag; stale cleared.
6. levels    — tier, approaching threshold and time-limit alert level against today; written only if changed.
7. alerts    — INSERT … SELECT of the alerts for rows whose level changed today, unless already raised
               (unique (case, kind, level, reference date)).
8. transfers — appeal-transfer alert levels, and their alerts.

The formula is domain.compute_time_limit's; tests check the two agree on a hand-built set.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import connection

from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.cases.choices import OPEN_STATUSES
from yingshang.cases.models import Case
from yingshang.deadlines import domain
from yingshang.deadlines.choices import AlertKind, AlertLevel, Audience, ExtensionStatus, Tier, TransferStatus
from yingshang.deadlines.models import Alert, AppealTransfer, CaseDeadline, Deduction, ExtensionRequest

ADVISORY_LOCK_KEY = 726_2826_03  # any constant: serialises full scans on PostgreSQL


@dataclass
class ScanParams:
    today: date
    now: datetime
    rollover: bool
    lookahead_days: int
    alert_days: tuple[int, int, int]
    transfer_warning_days: int
    case_ids: list[int] | None = None


@dataclass
class ScanCounts:
    synced: int = 0
    inserted: int = 0
    recomputed: int = 0
    levels_changed: int = 0
    alerts_created: int = 0
    transfers_changed: int = 0
    by_statement: dict = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {"synced": self.synced, "inserted": self.inserted, "recomputed": self.recomputed,
                "levels_changed": self.levels_changed, "alerts_created": self.alerts_created,
                "transfers_changed": self.transfers_changed}


def _q(value: str) -> str:
    """A constant from our own tables as an SQL string literal (never user input)."""
    return "'" + str(value).replace("'", "''") + "'"


class _Dialect:
    """The few expressions that differ between SQLite and PostgreSQL."""

    def __init__(self, vendor: str):
        if vendor not in ("sqlite", "postgresql"):
            raise NotImplementedError(f"deadline scan: unsupported database {vendor}")
        self.pg = vendor == "postgresql"

    def add_months(self, d: str, m: str) -> str:
        """d + m months; the month's last day when there is no corresponding day (民法典 202)."""
        if self.pg:
            # PostgreSQL's date + interval clamps to the month's last day: 2023-08-31 + 6 months = 2024-02-29.
            return f"(({d}) + make_interval(months => ({m})::int))::date"
        first = f"date({d}, 'start of month', '+' || ({m}) || ' months')"
        last_day = f"CAST(strftime('%%d', date({d}, 'start of month', '+' || (({m}) + 1) || ' months', '-1 day')) AS INTEGER)"
        day = f"CAST(strftime('%%d', {d}) AS INTEGER)"
        return f"date({first}, '+' || (MIN({day}, {last_day}) - 1) || ' days')"

    def add_days(self, d: str, n: str) -> str:
        if self.pg:
            return f"(({d}) + ({n})::int)"
        return f"date({d}, '+' || ({n}) || ' days')"

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

    def true(self) -> str:
        return "TRUE"

    def false(self) -> str:
        return "FALSE"


def _rule_values() -> tuple[str, str]:
    keys = ", ".join(f"({_q(c)}, {_q(p)}, {_q(t)}, {_q(code)})" for (c, p, t), code in domain.RULE_KEYS.items())
    rules = ", ".join(f"({_q(r.code)}, {r.limit.months}, {r.limit.days})" for r in domain.RULES.values())
    return keys, rules


def run_scan(p: ScanParams) -> ScanCounts:
    """Run the statements in the caller's transaction and answer how many rows each wrote."""
    t_case = Case._meta.db_table
    t_dl = CaseDeadline._meta.db_table
    t_ded = Deduction._meta.db_table
    t_ext = ExtensionRequest._meta.db_table
    t_alert = Alert._meta.db_table
    t_tr = AppealTransfer._meta.db_table
    t_day = CalendarDay._meta.db_table
    t_year = CalendarYear._meta.db_table
    sql = _Dialect(connection.vendor)
    T, F = sql.true(), sql.false()
    open_list = ", ".join(_q(s) for s in OPEN_STATUSES)
    ops = connection.ops
    wide, mid, narrow = p.alert_days
    params = {
        "today": ops.adapt_datefield_value(p.today),
        "now": ops.adapt_datetimefield_value(p.now),
        "horizon": ops.adapt_datefield_value(p.today + timedelta(days=p.lookahead_days)),
        "t_wide": ops.adapt_datefield_value(p.today + timedelta(days=wide)),
        "t_mid": ops.adapt_datefield_value(p.today + timedelta(days=mid)),
        "t_narrow": ops.adapt_datefield_value(p.today + timedelta(days=narrow)),
        "t_transfer": ops.adapt_datefield_value(p.today + timedelta(days=p.transfer_warning_days)),
    }
    only = ""
    if p.case_ids is not None:
        ids = [int(i) for i in p.case_ids] or [0]
        only = "IN (" + ", ".join(str(i) for i in ids) + ")"

    def limit(column: str) -> str:
        return f" AND {column} {only}" if only else ""

    counts = ScanCounts()
    with connection.cursor() as cur:
        if sql.pg and p.case_ids is None:
            cur.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])

        def run(name: str, statement: str) -> int:
            cur.execute(statement, params)
            n = max(cur.rowcount, 0)
            counts.by_statement[name] = n
            return n

        changed_inputs = (f'c."procedure" <> d."procedure" OR c.category <> d.category OR c.type_code <> d.type_code '
                          f"OR c.filed_on <> d.filed_on")
        # 1. sync with the cases table
        counts.synced = run("sync", f"""
            UPDATE {t_dl} AS d SET
              is_open = CASE WHEN c.status IN ({open_list}) THEN {T} ELSE {F} END,
              closed_on = c.closed_on,
              is_stale = CASE WHEN c.status IN ({open_list}) THEN {T} ELSE {F} END,
              updated_at = %(now)s
            FROM {t_case} AS c
            WHERE c.id = d.case_id{limit('d.case_id')}
              AND ((d.is_open AND (c.status NOT IN ({open_list}) OR {changed_inputs}))
                   OR (NOT d.is_open AND c.status IN ({open_list})))""")
        # 2. new open cases
        counts.inserted = run("insert", f"""
            INSERT INTO {t_dl} (case_id, is_open, is_stale, category, "procedure", type_code, filed_on, rule_override,
                rule_code, limit_months, limit_days, extension_months, extension_days, deducted_days, is_paused,
                unconfirmed_calendar, tier, approaching_months, alert_level, created_at, updated_at)
            SELECT c.id, {T}, {T}, c.category, c."procedure", c.type_code, c.filed_on, '', '', 0, 0, 0, 0, 0, {F},
                {F}, {_q(Tier.NONE)}, 0, {_q(AlertLevel.NONE)}, %(now)s, %(now)s
            FROM {t_case} AS c
            WHERE c.status IN ({open_list}){limit('c.id')}
              AND NOT EXISTS (SELECT 1 FROM {t_dl} AS x WHERE x.case_id = c.id)
            ON CONFLICT (case_id) DO NOTHING""")
        # 3. inputs of stale rows
        keys, rules = _rule_values()
        stale_cases = f"SELECT case_id FROM {t_dl} WHERE is_stale AND is_open{limit('case_id')}"
        counts.recomputed = run("inputs", f"""
            UPDATE {t_dl} AS d SET
              category = f.category, "procedure" = f.proc, type_code = f.type_code, filed_on = f.filed_on,
              rule_code = f.rule_code, limit_months = f.limit_months, limit_days = f.limit_days,
              extension_months = f.ext_months, extension_days = f.ext_days, deducted_days = f.deducted,
              is_paused = f.paused, computed_on = %(today)s, updated_at = %(now)s
            FROM (
              WITH rk(category, proc, type_code, code) AS (VALUES {keys}),
                   rl(code, months, days) AS (VALUES {rules})
              SELECT s.id, s.category, s.proc, s.type_code, s.filed_on, s.rule_code,
                     COALESCE(rl.months, 0) AS limit_months, COALESCE(rl.days, 0) AS limit_days,
                     COALESCE(e.months, 0) AS ext_months, COALESCE(e.days, 0) AS ext_days,
                     COALESCE(x.days, 0) AS deducted,
                     CASE WHEN COALESCE(x.running, 0) > 0 THEN {T} ELSE {F} END AS paused
              FROM (
                SELECT d2.id, d2.case_id, c.category, c."procedure" AS proc, c.type_code, c.filed_on,
                       COALESCE(NULLIF(d2.rule_override, ''), k1.code, k2.code, '') AS rule_code
                FROM {t_dl} AS d2
                JOIN {t_case} AS c ON c.id = d2.case_id
                LEFT JOIN rk AS k1 ON k1.category = c.category AND k1.proc = c."procedure" AND k1.type_code = c.type_code
                LEFT JOIN rk AS k2 ON k2.category = c.category AND k2.proc = c."procedure" AND k2.type_code = '*'
                WHERE d2.is_stale AND d2.is_open{limit('d2.case_id')}
              ) AS s
              LEFT JOIN rl ON rl.code = s.rule_code
              LEFT JOIN (
                SELECT case_id, "procedure" AS proc, SUM(length_months) AS months, SUM(length_days) AS days
                FROM {t_ext}
                WHERE status = {_q(ExtensionStatus.APPROVED)} AND case_id IN ({stale_cases})
                GROUP BY case_id, "procedure"
              ) AS e ON e.case_id = s.case_id AND e.proc = s.proc
              LEFT JOIN (
                SELECT case_id,
                       SUM(CASE WHEN end_on IS NULL THEN 0 ELSE {sql.days_between('end_on', 'start_on')} + 1 END) AS days,
                       SUM(CASE WHEN end_on IS NULL THEN 1 ELSE 0 END) AS running
                FROM {t_ded}
                WHERE case_id IN ({stale_cases})
                GROUP BY case_id
              ) AS x ON x.case_id = s.case_id
            ) AS f
            WHERE d.id = f.id""")
        # 4. raw ends and the 6/9/12-month dates
        total_days = "limit_days + extension_days + deducted_days"
        raw_end = sql.add_days(sql.add_months("filed_on", "limit_months + extension_months"), total_days)
        run("ends", f"""
            UPDATE {t_dl} SET
              raw_end_on = CASE WHEN rule_code = '' THEN NULL ELSE {raw_end} END,
              six_months_on = {sql.add_months('filed_on', '6')},
              nine_months_on = {sql.add_months('filed_on', '9')},
              twelve_months_on = {sql.add_months('filed_on', '12')}
            WHERE is_stale AND is_open{limit('case_id')}""")
        # 5. rest-day rollover through the working-day table; the calendar flag; stale cleared
        if p.rollover:
            rolled = f"""COALESCE(
                (SELECT CASE WHEN c1.is_working_day THEN c1.day
                             ELSE (SELECT c2.day FROM {t_day} AS c2
                                   WHERE c2.is_working_day AND c2.working_ordinal = c1.working_ordinal + 1) END
                 FROM {t_day} AS c1 WHERE c1.day = {t_dl}.raw_end_on),
                {sql.add_days(f'{t_dl}.raw_end_on', sql.weekend_shift(f'{t_dl}.raw_end_on'))})"""
        else:
            rolled = f"{t_dl}.raw_end_on"
        run("rollover", f"""
            UPDATE {t_dl} SET time_limit_end_on = CASE WHEN raw_end_on IS NULL THEN NULL ELSE {rolled} END
            WHERE is_stale AND is_open{limit('case_id')}""")

        def confirmed(col: str) -> str:
            return f"EXISTS (SELECT 1 FROM {t_year} AS y WHERE y.is_confirmed AND y.year = {sql.year_of(col)})"

        run("calendar_flag", f"""
            UPDATE {t_dl} SET
              unconfirmed_calendar = CASE WHEN time_limit_end_on IS NULL THEN {F}
                  WHEN {confirmed('raw_end_on')} AND {confirmed('time_limit_end_on')} THEN {F} ELSE {T} END,
              is_stale = {F}
            WHERE is_stale AND is_open{limit('case_id')}""")
        # 6. tiers, approaching thresholds and alert levels against today
        tier = (f"CASE WHEN %(today)s > twelve_months_on THEN {_q(Tier.COMMITTEE)} "
                f"WHEN %(today)s > nine_months_on THEN {_q(Tier.SUPERVISION)} "
                f"WHEN %(today)s > six_months_on THEN {_q(Tier.WARNING)} "
                f"WHEN six_months_on <= %(horizon)s THEN {_q(Tier.REMINDER)} ELSE {_q(Tier.NONE)} END")
        approaching = ("CASE WHEN six_months_on >= %(today)s AND six_months_on <= %(horizon)s THEN 6 "
                       "WHEN nine_months_on >= %(today)s AND nine_months_on <= %(horizon)s THEN 9 "
                       "WHEN twelve_months_on >= %(today)s AND twelve_months_on <= %(horizon)s THEN 12 ELSE 0 END")
        level = (f"CASE WHEN is_paused THEN {_q(AlertLevel.PAUSED)} "
                 f"WHEN time_limit_end_on IS NULL THEN {_q(AlertLevel.NO_LIMIT)} "
                 f"WHEN time_limit_end_on < %(today)s THEN {_q(AlertLevel.OVERDUE)} "
                 f"WHEN time_limit_end_on <= %(t_narrow)s THEN {_q(AlertLevel.DAYS_7)} "
                 f"WHEN time_limit_end_on <= %(t_mid)s THEN {_q(AlertLevel.DAYS_15)} "
                 f"WHEN time_limit_end_on <= %(t_wide)s THEN {_q(AlertLevel.DAYS_30)} ELSE {_q(AlertLevel.NONE)} END")
        counts.levels_changed = run("levels", f"""
            UPDATE {t_dl} SET
              tier = {tier},
              tier_since_on = CASE WHEN tier <> {tier} THEN %(today)s ELSE tier_since_on END,
              approaching_months = {approaching},
              approaching_since_on = CASE WHEN approaching_months <> {approaching} THEN %(today)s
                                          ELSE approaching_since_on END,
              alert_level = {level},
              alert_since_on = CASE WHEN alert_level <> {level} THEN %(today)s ELSE alert_since_on END,
              updated_at = %(now)s
            WHERE is_open{limit('case_id')}
              AND (tier <> {tier} OR approaching_months <> {approaching} OR alert_level <> {level})""")
        # 7. alerts for the rows whose level changed today (unique key: nothing twice)
        alert_cols = "case_id, kind, level, reference_on, audience, raised_on, created_at, is_dispatched"
        time_levels = ", ".join(_q(v) for v in (AlertLevel.DAYS_30, AlertLevel.DAYS_15, AlertLevel.DAYS_7,
                                                AlertLevel.OVERDUE))
        tier_levels = ", ".join(_q(v) for v in (Tier.REMINDER, Tier.WARNING, Tier.SUPERVISION, Tier.COMMITTEE))
        tier_audience = (f"CASE d.tier WHEN {_q(Tier.REMINDER)} THEN {_q(Audience.JUDGE_AND_HEAD)} "
                         f"WHEN {_q(Tier.WARNING)} THEN {_q(Audience.SUPERVISING_VP)} "
                         f"WHEN {_q(Tier.SUPERVISION)} THEN {_q(Audience.PRESIDENT)} "
                         f"ELSE {_q(Audience.COMMITTEE)} END")
        not_raised = (f"NOT EXISTS (SELECT 1 FROM {t_alert} AS a WHERE a.case_id = d.case_id AND a.kind = {{kind}} "
                      f"AND a.level = {{level}} AND a.reference_on = {{ref}})")
        created = run("alerts_time_limit", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.TIME_LIMIT)}, d.alert_level, d.time_limit_end_on,
                   CASE WHEN d.alert_level = {_q(AlertLevel.OVERDUE)} THEN {_q(Audience.TRIAL_MANAGEMENT)}
                        ELSE {_q(Audience.JUDGE_AND_HEAD)} END, %(today)s, %(now)s, {F}
            FROM {t_dl} AS d
            WHERE d.is_open AND d.alert_since_on = %(today)s AND d.alert_level IN ({time_levels}){limit('d.case_id')}
              AND {not_raised.format(kind=_q(AlertKind.TIME_LIMIT), level='d.alert_level', ref='d.time_limit_end_on')}
            ON CONFLICT DO NOTHING""")
        created += run("alerts_tier", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.LONG_PENDING)}, d.tier, d.filed_on, {tier_audience}, %(today)s, %(now)s, {F}
            FROM {t_dl} AS d
            WHERE d.is_open AND d.tier_since_on = %(today)s AND d.tier IN ({tier_levels}){limit('d.case_id')}
              AND {not_raised.format(kind=_q(AlertKind.LONG_PENDING), level='d.tier', ref='d.filed_on')}
            ON CONFLICT DO NOTHING""")
        approaching_level = "CASE d.approaching_months WHEN 9 THEN 'approaching_9' ELSE 'approaching_12' END"
        approaching_ref = "CASE d.approaching_months WHEN 9 THEN d.nine_months_on ELSE d.twelve_months_on END"
        created += run("alerts_approaching", f"""
            INSERT INTO {t_alert} ({alert_cols})
            SELECT d.case_id, {_q(AlertKind.APPROACHING)}, {approaching_level}, {approaching_ref},
                   {_q(Audience.JUDGE_AND_HEAD)}, %(today)s, %(now)s, {F}
            FROM {t_dl} AS d
            WHERE d.is_open AND d.approaching_since_on = %(today)s AND d.approaching_months IN (9, 12){limit('d.case_id')}
              AND {not_raised.format(kind=_q(AlertKind.APPROACHING), level=approaching_level, ref=approaching_ref)}
            ON CONFLICT DO NOTHING""")
        # 8. appeal transfers
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
                        ELSE {_q(Audience.JUDGE_AND_HEAD)} END, %(today)s, %(now)s, {F}
            FROM {t_tr} AS d
            WHERE d.status = {_q(TransferStatus.PENDING)} AND d.alert_since_on = %(today)s
              AND d.alert_level IN ('due_soon', 'overdue'){limit('d.case_id')}
              AND {not_raised.format(kind=_q(AlertKind.APPEAL_TRANSFER), level='d.alert_level', ref='d.due_on')}
            ON CONFLICT DO NOTHING""")
        counts.alerts_created = created
    return counts
