"""Benchmark of the indicators (issue 9 §5) on PostgreSQL: every indicator for one county court-year and for a
province-year, against one hand-written aggregate SQL over the same rows.

    .venv/bin/python bench/indicators.py                       # 10,000-case court + 1,500,000 cases in 100 courts
    .venv/bin/python bench/indicators.py --province-cases 300000   # a smaller province when time is short

What it does:
1. creates its own database (ys_bench_metrics by default; refuses a name not ending in _bench_metrics or
   _bench), migrates it, and drops it at the end (--keep to keep it);
2. generates, with set-based SQL (INSERT … SELECT generate_series — not the ORM), first one county court with
   --court-cases cases (its own database, as a county installation has), then 99 more courts sharing the rest of
   --province-cases; 2024 is the measured year, about 10 % of the cases were filed in 2022–2023 (stock and ages).
   With them: departments and judges, time-limit rows for litigation cases, enforcement accounts, appeal and
   enforcement links (families; Case.family_root filled by the statement of the cases migration), fee charges and
   refunds, party messages, payouts with their ledger, appeal transfers, agency-head appearances;
3. times engine.compute for all indicators, best of --repeat runs: court 1's year 2024 after the first phase, then
   the same court inside the province database and every court's year 2024;
4. times one hand-written SQL statement that computes the case-table figures in one pass over the same rows, checks
   that it gives the same numbers as the engine, and prints the ratios against the targets
   (court-year ≤ 200 ms, province-year ≤ 3 s, ≤ 2 × the hand-written query).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
YEAR_START, YEAR_END, TODAY = "2024-01-01", "2024-12-31", date(2024, 12, 31)


def _admin(sql: str, url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="ys_bench_metrics")
    parser.add_argument("--admin-url", default=ADMIN_URL, help="a PostgreSQL URL allowed to create databases")
    parser.add_argument("--court-cases", type=int, default=10_000)
    parser.add_argument("--province-cases", type=int, default=1_500_000)
    parser.add_argument("--courts", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement (the best is kept)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    parser.add_argument("--reuse", action="store_true",
                        help="measure a database kept by an earlier --keep run again (no generation; kept)")
    args = parser.parse_args()
    if not (args.db.endswith("_bench_metrics") or args.db.endswith("_bench")):
        sys.exit("Refusing to use a database whose name does not end in _bench_metrics or _bench")

    base = args.admin_url.rsplit("/", 1)[0]
    if not args.reuse:
        _admin(f'DROP DATABASE IF EXISTS "{args.db}"', args.admin_url)
        _admin(f'CREATE DATABASE "{args.db}"', args.admin_url)
    os.environ["DATABASE_URL"] = f"{base}/{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    try:
        run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if not (args.keep or args.reuse):
            _admin(f'DROP DATABASE IF EXISTS "{args.db}"', args.admin_url)


def run(args) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if not args.reuse:
        t = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        print(f"migrated in {time.perf_counter() - t:.1f} s")
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        server = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM org_court WHERE code LIKE 'B%%'")
        courts = cur.fetchone()[0]
    print(f"PostgreSQL {server}; {platform.machine()}, {os.cpu_count()} CPUs; Python {platform.python_version()}; "
          f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if args.reuse:
        # A kept database: one court is a county database, more are a province.
        if courts > 1:
            measure(connection, args, province=True)
        else:
            measure(connection, args, province=False)
        return

    # Phase 1: one county court (its own database, as a county installation has): the court-year.
    t = time.perf_counter()
    counts = generate(connection, court_from=1, court_to=1, cases_per_court=args.court_cases)
    print(f"county court generated in {time.perf_counter() - t:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    court = measure(connection, args, province=False)
    # Phase 2: 99 more courts — the province — and the same court again inside it.
    per_court = max((args.province_cases - args.court_cases) // max(args.courts - 1, 1), 0)
    t = time.perf_counter()
    counts = generate(connection, court_from=2, court_to=args.courts, cases_per_court=per_court)
    print(f"province generated in {time.perf_counter() - t:.1f} s: "
          + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    in_province, province = measure(connection, args, province=True)
    print()
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"targets: court-year ≤ 200 ms: {'met' if court[0] <= 0.2 else 'NOT met'} ({court[0] * 1000:.0f} ms in a "
          f"county database; {in_province[0] * 1000:.0f} ms inside the province database); province-year ≤ 3 s: "
          f"{'met' if province[0] <= 3 else 'NOT met'} ({province[0]:.2f} s); ≤ 2× hand-written (every figure): "
          f"court {court[0] / court[1]:.2f}× ({in_province[0] / in_province[1]:.2f}× inside the province), "
          f"province {province[0] / province[1]:.2f}×")


# --- Data --------------------------------------------------------------------------------------------------------

def generate(connection, *, court_from: int, court_to: int, cases_per_court: int) -> dict:
    """Courts ``court_from``..``court_to`` with ``cases_per_court`` cases each and everything that hangs on them, in
    SQL. Pseudo-random but deterministic: every choice is a hash of the court number and the row number."""
    from yingshang.cases.services import family_roots_rebuild_sql

    with connection.cursor() as cur:
        for table in ("bench_court", "bench_dept", "bench_rows", "bench_typed", "bench_new"):
            cur.execute(f"DROP TABLE IF EXISTS {table}", [])
        cur.execute("""
            INSERT INTO org_court (name, code, level, parent_id, created_at, updated_at)
            SELECT '测试法院' || g, 'B' || lpad(g::text, 4, '0'), 'basic', NULL, now(), now()
            FROM generate_series(%s, %s) g""", [court_from, court_to])
        cur.execute("""CREATE TEMP TABLE bench_court AS SELECT id, substr(code, 2)::int AS n FROM org_court
                       WHERE code LIKE 'B%%' AND substr(code, 2)::int BETWEEN %s AND %s""", [court_from, court_to])
        # Departments: 0 filing, 1 civil, 2–3 people's tribunals, 4 criminal, 5 administrative, 6 enforcement.
        cur.execute("""
            INSERT INTO org_department (court_id, name, kind, seat, sort_order, created_at, updated_at)
            SELECT c.id, k.name, k.kind, '', k.n, now(), now()
            FROM bench_court c CROSS JOIN (VALUES (0, '立案庭', 'filing'), (1, '民事审判庭', 'civil'),
                 (2, '第一人民法庭', 'tribunal'), (3, '第二人民法庭', 'tribunal'), (4, '刑事审判庭', 'criminal'),
                 (5, '行政审判庭', 'administrative'), (6, '执行局', 'enforcement')) AS k(n, name, kind)""", [])
        # Three judges per department.
        cur.execute("""
            INSERT INTO org_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active,
                                  date_joined, display_name, role, court_id, department_id, team_id,
                                  is_committee_member, phone, organisation_name)
            SELECT '!', false, 'j' || d.id || '_' || g, '', '', '', false, true, now(), '法官' || d.id || '-' || g,
                   CASE WHEN d.kind = 'enforcement' THEN 'enforcement_officer' ELSE 'judge' END, d.court_id, d.id,
                   NULL, false, '', ''
            FROM org_department d CROSS JOIN generate_series(1, 3) g
            WHERE d.court_id IN (SELECT id FROM bench_court)""", [])
        cur.execute("""CREATE TEMP TABLE bench_dept AS
                       SELECT d.id, d.court_id, d.sort_order AS slot,
                              (SELECT min(u.id) FROM org_user u WHERE u.department_id = d.id) AS first_judge
                       FROM org_department d WHERE d.court_id IN (SELECT id FROM bench_court)""", [])
        cur.execute("CREATE UNIQUE INDEX ON bench_dept (court_id, slot)", [])
        cur.execute("SELECT id FROM cases_causeofaction WHERE revision = 2020 AND family = '合同纠纷' AND level = 3 "
                    "ORDER BY sort_order LIMIT 1", [])
        contract_cause = cur.fetchone()[0]
        # Cases: h = a hash of the court number and the row number.
        cur.execute("""
            CREATE TEMP TABLE bench_rows AS
            SELECT c.id AS court_id, c.n AS court_n, g AS seq,
                   abs(hashint8(c.n * 10000000 + g)) AS h
            FROM bench_court c CROSS JOIN generate_series(1, %s) g""", [cases_per_court])
        cur.execute("""
            CREATE TEMP TABLE bench_typed AS
            SELECT r.*,
                   CASE WHEN r.h %% 100 < 50 THEN '民初' WHEN r.h %% 100 < 68 THEN '执' WHEN r.h %% 100 < 71 THEN '执恢'
                        WHEN r.h %% 100 < 77 THEN '刑初' WHEN r.h %% 100 < 80 THEN '行初' WHEN r.h %% 100 < 85 THEN '民特'
                        WHEN r.h %% 100 < 90 THEN '民诉前调' WHEN r.h %% 100 < 93 THEN '财保' WHEN r.h %% 100 < 96 THEN '执保'
                        ELSE '民终' END AS type_code,
                   -- 90 %% filed in 2024, 10 %% in 2022–2023 (old stock)
                   CASE WHEN (r.h / 100) %% 10 = 0 THEN DATE '2022-01-01' + ((r.h / 1000) %% 730)::int
                        ELSE DATE '2024-01-01' + ((r.h / 1000) %% 366)::int END AS filed_on,
                   10 + ((r.h / 100000) %% 260)::int AS duration,
                   (r.h / 30000000) %% 100 AS p,
                   (r.h / 7777) %% 100 AS q
            FROM bench_rows r""", [])
        cur.execute(f"""
            INSERT INTO cases_case (court_id, case_number, year, type_code, sequence, category, cause_id, cause_text,
                                    procedure, channel, filed_on, accepted_on, closed_on, closing_manner,
                                    claim_amount_fen, department_id, team_id, judge_id, status,
                                    is_enterprise_involved, is_sme_involved, is_financial, has_government_party,
                                    summary, created_at, updated_at)
            SELECT t.court_id, '（' || extract(year FROM t.filed_on) || '）B' || t.court_n || t.type_code || t.seq || '号',
                   extract(year FROM t.filed_on), t.type_code, t.seq,
                   CASE t.type_code WHEN '民初' THEN 'civil' WHEN '民特' THEN 'civil' WHEN '民终' THEN 'civil'
                        WHEN '刑初' THEN 'criminal' WHEN '行初' THEN 'administrative'
                        WHEN '民诉前调' THEN 'pre_filing_mediation' WHEN '财保' THEN 'preservation'
                        ELSE 'enforcement' END,
                   CASE WHEN t.type_code = '民初' AND t.p < 40 THEN {contract_cause} END, '',
                   CASE WHEN t.type_code = '民初' THEN (CASE WHEN t.p < 55 THEN 'simple' WHEN t.p < 70 THEN 'small_claims'
                                                          WHEN t.p < 80 THEN 'fast_track' ELSE 'ordinary' END)
                        WHEN t.type_code IN ('执', '执恢', '执保') THEN 'enforcement'
                        WHEN t.type_code = '民终' THEN 'second_instance'
                        WHEN t.type_code IN ('民特', '民诉前调', '财保') THEN 'special' ELSE 'ordinary' END,
                   CASE WHEN t.p %% 3 = 0 THEN 'online' ELSE 'window' END,
                   t.filed_on, NULL, c.closed_on,
                   CASE WHEN c.closed_on IS NULL THEN ''
                        WHEN t.type_code IN ('执', '执恢', '执保') THEN
                             (CASE WHEN t.p < 45 THEN 'fully_enforced' WHEN t.p < 85 THEN 'round_closure'
                                   ELSE 'settlement' END)
                        ELSE (CASE WHEN t.p < 30 THEN 'mediation' WHEN t.p < 50 THEN 'withdrawal'
                                   WHEN t.p < 90 THEN 'judgment' ELSE 'ruling' END) END,
                   CASE WHEN t.type_code IN ('民初', '执', '执恢', '执保', '财保') THEN 100000 + (t.h %% 5000) * 10000
                        ELSE 0 END,
                   d.id, NULL, d.first_judge, CASE WHEN c.closed_on IS NULL THEN 'in_progress' ELSE 'closed' END,
                   t.q < 35, false, false, false, '', now(), now()
            FROM bench_typed t
            CROSS JOIN LATERAL (SELECT CASE WHEN t.p < 88 AND t.filed_on + t.duration <= DATE '{YEAR_END}'
                                            THEN t.filed_on + t.duration END AS closed_on) c
            JOIN bench_dept d ON d.court_id = t.court_id AND d.slot = CASE
                 WHEN t.type_code IN ('执', '执恢', '执保') THEN 6 WHEN t.type_code = '刑初' THEN 4
                 WHEN t.type_code = '行初' THEN 5 WHEN t.type_code IN ('民诉前调', '财保') THEN 0
                 ELSE 1 + (t.h %% 3)::int END""", [])
        cur.execute("CREATE TEMP TABLE bench_new AS SELECT id FROM cases_case "
                    "WHERE court_id IN (SELECT id FROM bench_court)", [])
        cur.execute("ALTER TABLE bench_new ADD PRIMARY KEY (id)", [])
        # Time limits of litigation cases (the deadlines app's rows): 3 months simple, 6 months otherwise.
        cur.execute("""
            INSERT INTO deadlines_casedeadline (case_id, is_open, is_stale, category, procedure, type_code, filed_on,
                 rule_override, rule_code, limit_months, limit_days, extension_months, extension_days, deducted_days,
                 is_paused, raw_end_on, time_limit_end_on, unconfirmed_calendar, tier, approaching_months,
                 alert_level, closed_on, created_at, updated_at)
            SELECT id, closed_on IS NULL, false, category, procedure, type_code, filed_on, '',
                   'civil_' || procedure, CASE WHEN procedure IN ('simple', 'small_claims', 'fast_track') THEN 3
                                               ELSE 6 END, 0, 0, 0, 0, false, NULL,
                   filed_on + CASE WHEN procedure IN ('simple', 'small_claims', 'fast_track') THEN 90 ELSE 180 END,
                   false, 'none', 0, 'none', closed_on, now(), now()
            FROM cases_case WHERE category IN ('civil', 'criminal', 'administrative')
              AND id IN (SELECT id FROM bench_new)""", [])
        # Enforcement accounts (一案一账号).
        cur.execute("""
            INSERT INTO enforcement_enforcementcase (case_id, source_case_id, amount_applied_fen, account_number,
                 balance_fen, received_fen, paid_out_fen, created_at, updated_at)
            SELECT id, NULL, claim_amount_fen, 'ACC' || id, 0,
                   CASE WHEN closing_manner = 'fully_enforced' THEN claim_amount_fen
                        WHEN closing_manner = 'round_closure' THEN claim_amount_fen / 5 ELSE claim_amount_fen / 2 END,
                   CASE WHEN closing_manner = 'fully_enforced' THEN claim_amount_fen
                        WHEN closing_manner = 'round_closure' THEN claim_amount_fen / 5 ELSE claim_amount_fen / 2 END,
                   now(), now()
            FROM cases_case WHERE type_code IN ('执', '执恢') AND id IN (SELECT id FROM bench_new)""", [])
        # Families: the n-th closed 民初 judgment of a court is appealed to its n-th 民终 case; the n-th closed 民初
        # goes to the court's n-th 执 case filed after it.
        cur.execute("""
            INSERT INTO cases_caselink (from_case_id, to_case_id, kind, created_at, updated_at)
            SELECT a.id, b.id, 'appeal', now(), now() FROM
              (SELECT id, court_id, row_number() OVER (PARTITION BY court_id ORDER BY id) rn FROM cases_case
               WHERE type_code = '民初' AND closing_manner = 'judgment' AND id %% 3 = 0
                 AND id IN (SELECT id FROM bench_new)) a
            JOIN (SELECT id, court_id, row_number() OVER (PARTITION BY court_id ORDER BY id) rn FROM cases_case
                  WHERE type_code = '民终' AND id IN (SELECT id FROM bench_new)) b
              ON a.court_id = b.court_id AND a.rn = b.rn""", [])
        cur.execute("""
            INSERT INTO cases_caselink (from_case_id, to_case_id, kind, created_at, updated_at)
            SELECT a.id, b.id, 'enforcement', now(), now() FROM
              (SELECT id, court_id, row_number() OVER (PARTITION BY court_id ORDER BY id) rn FROM cases_case
               WHERE type_code = '民初' AND closed_on IS NOT NULL AND id %% 2 = 0
                 AND id IN (SELECT id FROM bench_new)) a
            JOIN (SELECT id, court_id, row_number() OVER (PARTITION BY court_id ORDER BY id) rn FROM cases_case
                  WHERE type_code = '执' AND id IN (SELECT id FROM bench_new)) b
              ON a.court_id = b.court_id AND a.rn = b.rn""", [])
        # Each linked case's family root (Case.family_root), as the migration backfills it and case_link keeps it.
        sql, params = family_roots_rebuild_sql()
        cur.execute(sql, [str(p) for p in params])
        # The UPDATE left a dead version of every linked case: vacuumed as autovacuum would (index-only scans of the
        # family_root index need the visibility map).
        cur.execute("VACUUM cases_case", [])
        # One party per court stands for the plaintiffs (fees and refunds need a case party).
        cur.execute("""
            INSERT INTO cases_party (kind, name, id_number, credit_code, organisation_kind, enterprise_size,
                                     legal_representative, phone, address, has_domicile_in_china, created_at,
                                     updated_at)
            SELECT 'organisation', '测试企业' || n, NULL, NULL, 'enterprise', 'small', '', '', '', true, now(), now()
            FROM bench_court""", [])
        cur.execute("""
            INSERT INTO cases_caseparty (case_id, party_id, role, created_at, updated_at)
            SELECT c.id, p.id, 'plaintiff', now(), now()
            FROM cases_case c JOIN bench_court bc ON bc.id = c.court_id JOIN cases_party p ON p.name = '测试企业' || bc.n
            WHERE c.type_code = '民初' AND c.is_enterprise_involved""", [])
        cur.execute("""
            INSERT INTO fees_feecharge (case_id, payer_id, fee_type, basis_amount_fen, procedure, is_counterclaim,
                                        fee_fen, full_fee_fen, steps, basis, requires_prepayment, created_by_id,
                                        created_at, updated_at)
            SELECT cp.case_id, cp.id, 'acceptance', c.claim_amount_fen, 'ordinary', false,
                   c.claim_amount_fen / 50, c.claim_amount_fen / 50, '[]', '诉讼费用交纳办法', true, c.judge_id,
                   now(), now()
            FROM cases_caseparty cp JOIN cases_case c ON c.id = cp.case_id
            WHERE c.id IN (SELECT id FROM bench_new)""", [])
        cur.execute("""
            INSERT INTO fees_refundorder (case_id, case_party_id, kind, share_id, amount_fen, due_on, status, paid_on,
                                          paid_by_id, created_by_id, note, created_at, updated_at)
            SELECT c.id, cp.id, 'winning', NULL, 10000, c.closed_on + 1,
                   CASE WHEN c.id %% 10 = 0 THEN 'pending' ELSE 'paid' END,
                   CASE WHEN c.id %% 10 = 0 THEN NULL ELSE c.closed_on + 1 + (c.id %% 4 = 0)::int END,
                   NULL, c.judge_id, '', now(), now()
            FROM cases_caseparty cp JOIN cases_case c ON c.id = cp.case_id
            WHERE c.closing_manner = 'judgment' AND c.id %% 2 = 1 AND c.id IN (SELECT id FROM bench_new)""", [])
        cur.execute("""
            INSERT INTO deadlines_appealtransfer (case_id, appeal_filed_on, served_on, answer_days, answer_ends_on,
                 due_on, exemption, status, transferred_on, alert_level, unconfirmed_calendar, note, recorded_by_id,
                 created_at, updated_at)
            SELECT c.id, c.closed_on + 10, c.closed_on + 12, 15, c.closed_on + 27, c.closed_on + 32, '',
                   CASE WHEN c.id %% 7 = 0 THEN 'pending' ELSE 'transferred' END,
                   CASE WHEN c.id %% 7 = 0 THEN NULL ELSE c.closed_on + 30 + (c.id %% 5)::int END, 'none', false, '',
                   c.judge_id, now(), now()
            FROM cases_caselink l JOIN cases_case c ON c.id = l.from_case_id
            WHERE l.kind = 'appeal' AND c.id IN (SELECT id FROM bench_new)""", [])
        # Enforcement money: one receipt and one payout per fully enforced case; a message on every fifth case.
        cur.execute("""
            INSERT INTO enforcement_ledgertransaction (enforcement_id, kind, amount_fen, occurred_on, source,
                 counterparty_id, payout_id, second_officer_id, memo, created_by_id, created_at)
            SELECT e.id, 'receipt', e.received_fen, c.closed_on - 40, 'bank_transfer', NULL, NULL, NULL, '',
                   c.judge_id, now()
            FROM enforcement_enforcementcase e JOIN cases_case c ON c.id = e.case_id
            WHERE c.closing_manner = 'fully_enforced' AND e.received_fen > 0 AND c.closed_on - 40 >= c.filed_on
              AND c.id IN (SELECT id FROM bench_new)""", [])
        cur.execute("""
            INSERT INTO enforcement_payout (enforcement_id, creditor_id, amount_fen, status, maker_id, checker_id,
                                            decided_at, paid_on, note, created_at, updated_at)
            SELECT e.id, (SELECT min(id) FROM cases_party), e.received_fen, 'paid', c.judge_id, NULL, now(),
                   c.closed_on - 40 + (c.id %% 45)::int, '', now(), now()
            FROM enforcement_enforcementcase e JOIN cases_case c ON c.id = e.case_id
            WHERE EXISTS (SELECT 1 FROM enforcement_ledgertransaction t WHERE t.enforcement_id = e.id)
              AND c.id IN (SELECT id FROM bench_new)""", [])
        cur.execute("""
            INSERT INTO enforcement_ledgertransaction (enforcement_id, kind, amount_fen, occurred_on, source,
                 counterparty_id, payout_id, second_officer_id, memo, created_by_id, created_at)
            SELECT p.enforcement_id, 'payout', p.amount_fen, p.paid_on, '', NULL, p.id, NULL, '', p.maker_id, now()
            FROM enforcement_payout p
            WHERE NOT EXISTS (SELECT 1 FROM enforcement_ledgertransaction t WHERE t.payout_id = p.id)""", [])
        cur.execute("""
            INSERT INTO enforcement_partymessage (enforcement_id, author_id, kind, body, received_on, due_on, reply,
                                                  replied_on, replied_by_id, escalation, created_at, updated_at)
            SELECT e.id, c.judge_id, 'message', '留言', c.filed_on + 5, c.filed_on + 10, '',
                   CASE WHEN c.id %% 9 = 0 THEN NULL ELSE c.filed_on + 8 + (c.id %% 4)::int END, NULL, 0, now(), now()
            FROM enforcement_enforcementcase e JOIN cases_case c ON c.id = e.case_id
            WHERE c.id %% 5 = 0 AND c.id IN (SELECT id FROM bench_new)""", [])
        cur.execute("""
            INSERT INTO metrics_agencyheadappearance (case_id, hearing_on, defendant_agency, appearance, head_name,
                 head_title, note, recorded_by_id, created_at, updated_at)
            SELECT id, filed_on + 20, '测试行政机关', CASE WHEN id %% 3 = 0 THEN 'staff_only' ELSE 'principal_head' END,
                   CASE WHEN id %% 3 = 0 THEN '' ELSE '负责人' END, '', '', judge_id, now(), now()
            FROM cases_case WHERE type_code = '行初' AND filed_on + 20 <= DATE '2024-12-31'
              AND id IN (SELECT id FROM bench_new)""", [])
        cur.execute("ANALYZE", [])
        out = {}
        for table in ("cases_case", "cases_caselink", "deadlines_casedeadline", "enforcement_enforcementcase",
                      "fees_feecharge", "fees_refundorder", "enforcement_payout", "enforcement_partymessage",
                      "deadlines_appealtransfer", "metrics_agencyheadappearance"):
            cur.execute(f"SELECT count(*) FROM {table}", [])
            out[table] = cur.fetchone()[0]
    return out


# --- Measurements ----------------------------------------------------------------------------------------------------

# The 28 case-table figures (the columns) and the per-row window booleans (the LATERAL) both hand-written statements
# share: written once here.
CASE_FIGURES_28 = """
  count(*) FILTER (WHERE closed AND counted),
  count(*) FILTER (WHERE filed AND counted),
  count(*) FILTER (WHERE pending AND counted),
  count(*) FILTER (WHERE pending AND counted AND c.filed_on <= %(cut6)s),
  count(*) FILTER (WHERE pending AND counted AND c.filed_on <= %(cut9)s),
  count(*) FILTER (WHERE pending AND counted AND c.filed_on <= %(cut12)s),
  count(*) FILTER (WHERE closed AND counted AND litigation),
  coalesce(sum(c.closed_on - c.filed_on) FILTER (WHERE closed AND counted AND litigation), 0),
  count(*) FILTER (WHERE pending AND counted AND litigation),
  count(*) FILTER (WHERE pending AND counted AND litigation AND c.filed_on <= %(cut12)s),
  count(*) FILTER (WHERE closed AND counted AND c.category IN ('civil', 'commercial', 'financial')
                   AND c.is_enterprise_involved AND c.procedure = 'fast_track'),
  count(*) FILTER (WHERE closed AND counted AND c.category IN ('civil', 'commercial', 'financial')
                   AND c.is_enterprise_involved AND c.procedure = 'fast_track'
                   AND c.closing_manner IN ('mediation', 'withdrawal')),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '民初'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '民初' AND c.procedure = 'simple'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '民初' AND c.procedure = 'small_claims'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '民初' AND c.procedure = 'fast_track'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '民初' AND c.closing_manner IN ('mediation', 'withdrawal')),
  count(*) FILTER (WHERE closed AND counted AND first_instance),
  count(*) FILTER (WHERE closed AND counted AND first_instance AND c.id NOT IN (SELECT from_case_id FROM cases_caselink
                   WHERE kind IN ('appeal', 'retrial'))),
  count(*) FILTER (WHERE closed AND counted AND first_instance AND appealable),
  count(*) FILTER (WHERE closed AND counted AND first_instance AND appealable
                   AND c.id IN (SELECT from_case_id FROM cases_caselink WHERE kind = 'appeal')),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '执'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '执' AND c.closing_manner = 'fully_enforced'),
  count(*) FILTER (WHERE closed AND counted AND c.type_code = '执' AND c.closing_manner = 'round_closure'),
  count(*) FILTER (WHERE filed),
  count(*) FILTER (WHERE filed AND c.channel = 'online'),
  count(*) FILTER (WHERE closed AND counted AND d.rule_code > '' AND d.time_limit_end_on IS NOT NULL),
  count(*) FILTER (WHERE closed AND counted AND d.rule_code > '' AND d.time_limit_end_on IS NOT NULL
                   AND c.closed_on <= d.time_limit_end_on)"""

CASE_ROW_FLAGS = """
    c.closed_on BETWEEN %(start)s AND %(end)s AS closed,
    c.filed_on BETWEEN %(start)s AND %(end)s AS filed,
    c.filed_on <= %(as_of)s AND (c.closed_on IS NULL OR c.closed_on > %(as_of)s) AS pending,
    c.category NOT IN ('pre_filing_mediation', 'preservation') AND c.type_code <> '执保' AS counted,
    c.category IN ('civil', 'commercial', 'financial', 'administrative', 'criminal', 'state_compensation')
        AS litigation,
    c.type_code IN ('民初', '行初', '行赔初', '刑初') AS first_instance,
    c.closing_manner IN ('judgment', 'ruling', 'dismissal') AND c.procedure <> 'small_claims' AS appealable"""

HAND_WRITTEN = """
WITH scope AS (SELECT * FROM cases_case WHERE {court_filter})
SELECT""" + CASE_FIGURES_28 + """
FROM scope c
LEFT JOIN deadlines_casedeadline d ON d.case_id = c.id
CROSS JOIN LATERAL (SELECT""" + CASE_ROW_FLAGS + """) f
WHERE closed OR filed OR pending
"""

# The engine's figures the hand-written statement reproduces, in its column order: (code, "n" or "d").
HAND_COLUMNS = [
    ("closed_to_filed_ratio", "n"), ("closed_to_filed_ratio", "d"), ("pending_over_6_months", "d"),
    ("pending_over_6_months", "n"), ("pending_over_9_months", "n"), ("pending_over_12_months", "n"),
    ("average_trial_days", "d"), ("average_trial_days", "n"), ("pending_over_12_months_ratio", "d"),
    ("pending_over_12_months_ratio", "n"), ("enterprise_fast_track_mediation_withdrawal_rate", "d"),
    ("enterprise_fast_track_mediation_withdrawal_rate", "n"), ("simple_procedure_rate", "d"),
    ("simple_procedure_rate", "n"), ("small_claims_rate", "n"), ("fast_track_rate", "n"),
    ("mediation_withdrawal_rate", "n"), ("first_instance_acceptance_rate", "d"),
    ("first_instance_acceptance_rate", "n"), ("appeal_rate", "d"), ("appeal_rate", "n"), ("fully_enforced_rate", "d"),
    ("fully_enforced_rate", "n"), ("first_enforcement_round_closure_rate", "n"), ("online_filing_rate", "d"),
    ("online_filing_rate", "n"), ("on_time_closure_rate", "d"), ("on_time_closure_rate", "n"),
]

# The same 28 case-table figures and every other figure the engine computes for the 38 indicators (the documents,
# appeal-outcome and preservation tables are read although empty here), as ONE hand-written statement: the case table in one
# pass with its one-to-one rows joined (window booleans once per row, as above), each other table in its own
# aggregate subquery, 案-件比 as the disputes and the cases stored under them (Case.family_root). Written as a person
# who knows the schema would write it (no ORM): the fair baseline for "every indicator".
HAND_WRITTEN_ALL = """
SELECT * FROM (
SELECT
""" + CASE_FIGURES_28 + """,
  -- beyond the 28: 解决纠纷成本 (case-table parts), enforcement money and days, impact assessments
  coalesce(sum(fa.total_fee_fen) FILTER (WHERE closed AND population AND fa.id IS NOT NULL), 0),
  coalesce(sum(c.claim_amount_fen * %(attorney_bp)s / 10000) FILTER (WHERE closed AND population), 0),
  coalesce(sum(c.claim_amount_fen) FILTER (WHERE closed AND population), 0),
  coalesce(sum(e.paid_out_fen) FILTER (WHERE closed AND e.id IS NOT NULL), 0),
  coalesce(sum(e.amount_applied_fen) FILTER (WHERE closed AND e.id IS NOT NULL), 0),
  coalesce(sum(c.closed_on - c.filed_on) FILTER (WHERE closed AND e.id IS NOT NULL
                                                 AND c.closing_manner = 'fully_enforced'), 0),
  count(*) FILTER (WHERE closed AND e.id IS NOT NULL AND c.closing_manner = 'fully_enforced'),
  count(*) FILTER (WHERE filed AND counted AND c.is_enterprise_involved AND c.id IN (
                   SELECT case_id FROM assessments_assessment WHERE stage = 'filing'
                   AND status IN ('completed', 'not_applicable'))),
  count(*) FILTER (WHERE filed AND counted AND c.is_enterprise_involved),
  -- 改判发回率: first-instance cases a decision of which the second instance reversed or remanded
  count(*) FILTER (WHERE closed AND counted AND first_instance AND c.id IN (
                   SELECT dd.case_id FROM documents_appealoutcome o JOIN documents_decision dd ON dd.id = o.decision_id
                   WHERE o.outcome IN ('reversed', 'partly_reversed', 'remanded')))
FROM cases_case c
LEFT JOIN deadlines_casedeadline d ON d.case_id = c.id
LEFT JOIN enforcement_enforcementcase e ON e.case_id = c.id
LEFT JOIN fees_feeallocation fa ON fa.case_id = c.id
CROSS JOIN LATERAL (SELECT
""" + CASE_ROW_FLAGS + """,
    c.type_code = '民初' AND c.category NOT IN ('pre_filing_mediation', 'preservation')
        AND c.is_enterprise_involved AND c.claim_amount_fen > 0
        AND c.cause_id IN (SELECT id FROM cases_causeofaction WHERE family = '合同纠纷') AS population) f
WHERE {cf} AND (closed OR filed OR pending)
) cases_part CROSS JOIN (
-- 解决纠纷成本: fees charged in the population's cases (acceptance fees not yet allocated, preservation fees)
SELECT coalesce(sum(fc.fee_fen) FILTER (WHERE fc.fee_type IN ('acceptance', 'divorce', 'personality_rights',
           'non_property', 'ip', 'labour', 'administrative', 'administrative_special')
           AND NOT EXISTS (SELECT 1 FROM fees_feeallocation a WHERE a.case_id = c.id)), 0),
       coalesce(sum(fc.fee_fen) FILTER (WHERE fc.fee_type = 'preservation'), 0)
FROM fees_feecharge fc JOIN cases_case c ON c.id = fc.case_id
WHERE {cf} AND c.closed_on BETWEEN %(start)s AND %(end)s AND c.type_code = '民初'
  AND c.category NOT IN ('pre_filing_mediation', 'preservation') AND c.is_enterprise_involved
  AND c.claim_amount_fen > 0 AND c.cause_id IN (SELECT id FROM cases_causeofaction WHERE family = '合同纠纷')
) fee_part CROSS JOIN (
-- … and the enforcement application fees of the enforcement cases linked from them
SELECT coalesce(sum(fc.fee_fen), 0) FROM fees_feecharge fc
WHERE fc.fee_type = 'execution' AND fc.case_id IN (
  SELECT l.to_case_id FROM cases_caselink l JOIN cases_case c ON c.id = l.from_case_id
  WHERE l.kind = 'enforcement' AND {cf} AND c.closed_on BETWEEN %(start)s AND %(end)s AND c.type_code = '民初'
    AND c.category NOT IN ('pre_filing_mediation', 'preservation') AND c.is_enterprise_involved
    AND c.claim_amount_fen > 0 AND c.cause_id IN (SELECT id FROM cases_causeofaction WHERE family = '合同纠纷'))
) enforcement_fee_part CROSS JOIN (
-- the documents app's tables (empty in this benchmark): services, activities, appeals, certificates, submissions
SELECT count(*) FILTER (WHERE s.method IN ('sms', 'email', 'inbox')), count(*)
FROM documents_servicerecord s JOIN documents_document doc ON doc.id = s.document_id
JOIN cases_case c ON c.id = doc.case_id
WHERE {cf} AND s.status = 'served' AND s.served_on BETWEEN %(start)s AND %(end)s
) service_part CROSS JOIN (
SELECT count(*) FILTER (WHERE a.mode IN ('online', 'hybrid')), count(*),
       count(*) FILTER (WHERE a.kind = 'hearing' AND a.mode IN ('online', 'hybrid')),
       count(*) FILTER (WHERE a.kind = 'hearing')
FROM documents_litigationactivity a JOIN cases_case c ON c.id = a.case_id
WHERE {cf} AND a.held_on BETWEEN %(start)s AND %(end)s
) activity_part CROSS JOIN (
SELECT count(*) FILTER (WHERE ap.channel = 'online'), count(*)
FROM documents_appeal ap JOIN documents_decision dd ON dd.id = ap.decision_id JOIN cases_case c ON c.id = dd.case_id
WHERE {cf} AND ap.filed_on BETWEEN %(start)s AND %(end)s
) appeal_part CROSS JOIN (
SELECT count(*) FILTER (WHERE cr.channel = 'online'), count(*)
FROM documents_certificaterequest cr JOIN documents_decision dd ON dd.id = cr.decision_id
JOIN cases_case c ON c.id = dd.case_id
WHERE {cf} AND cr.requested_on BETWEEN %(start)s AND %(end)s
) certificate_part CROSS JOIN (
SELECT count(*) FILTER (WHERE doc.submitted_by_party_id IS NOT NULL)
FROM documents_document doc JOIN cases_case c ON c.id = doc.case_id
WHERE {cf} AND doc.issued_on BETWEEN %(start)s AND %(end)s
) submission_part CROSS JOIN (
-- agency heads' appearances: distinct cases
SELECT count(DISTINCT h.case_id) FILTER (WHERE h.appearance IN ('principal_head', 'deputy_head')),
       count(DISTINCT h.case_id)
FROM metrics_agencyheadappearance h JOIN cases_case c ON c.id = h.case_id
WHERE {cf} AND h.hearing_on BETWEEN %(start)s AND %(end)s
) appearance_part CROSS JOIN (
SELECT count(*) FILTER (WHERE m.replied_on <= m.due_on), count(*)
FROM enforcement_partymessage m JOIN enforcement_enforcementcase e ON e.id = m.enforcement_id
JOIN cases_case c ON c.id = e.case_id
WHERE {cf} AND m.due_on BETWEEN %(start)s AND %(end)s AND (m.replied_on IS NOT NULL OR m.due_on < %(as_of)s)
) message_part CROSS JOIN (
SELECT count(*) FILTER (WHERE r.status = 'paid' AND r.paid_on <= r.due_on), count(*)
FROM fees_refundorder r JOIN cases_case c ON c.id = r.case_id
WHERE {cf} AND r.kind = 'winning' AND r.due_on BETWEEN %(start)s AND %(end)s
  AND (r.status = 'paid' OR r.due_on < %(as_of)s)
) refund_part CROSS JOIN (
-- payouts on time: FIFO — late when the receipts older than the payout deadline exceed what had left the account
-- before the payout's own ledger row; unless deferred
SELECT count(*) FILTER (WHERE NOT late OR deferred), count(*)
FROM enforcement_payout p JOIN enforcement_enforcementcase e ON e.id = p.enforcement_id
JOIN cases_case c ON c.id = e.case_id
LEFT JOIN enforcement_ledgertransaction t ON t.payout_id = p.id
CROSS JOIN LATERAL (SELECT
  coalesce((SELECT sum(x.amount_fen) FROM enforcement_ledgertransaction x WHERE x.enforcement_id = p.enforcement_id
            AND x.kind = 'receipt' AND p.paid_on - x.occurred_on > %(payout_days)s), 0)
  > coalesce((SELECT sum(x.amount_fen) FROM enforcement_ledgertransaction x WHERE x.enforcement_id = p.enforcement_id
              AND x.id < t.id AND x.kind <> 'receipt'), 0) AS late,
  EXISTS (SELECT 1 FROM enforcement_deferral df WHERE df.enforcement_id = p.enforcement_id AND df.status = 'approved'
          AND df.deferred_until >= p.paid_on) AS deferred) lp
WHERE {cf} AND p.status = 'paid' AND p.paid_on BETWEEN %(start)s AND %(end)s
) payout_part CROSS JOIN (
SELECT count(*) FILTER (WHERE tr.transferred_on <= tr.due_on), count(*)
FROM deadlines_appealtransfer tr JOIN cases_case c ON c.id = tr.case_id
WHERE {cf} AND tr.due_on BETWEEN %(start)s AND %(end)s AND (tr.transferred_on IS NOT NULL OR tr.due_on < %(as_of)s)
) transfer_part CROSS JOIN (
-- 保全财产超标的比例: the preservation applications ruled in the period with an amount ordered (empty here)
SELECT coalesce(sum(a.peak_excess_fen), 0), coalesce(sum(a.granted_amount_fen), 0)
FROM preservation_preservationapplication a JOIN cases_case c ON c.id = a.case_id
WHERE {cf} AND a.ruled_on BETWEEN %(start)s AND %(end)s AND a.granted_amount_fen IS NOT NULL
) preservation_part CROSS JOIN (
-- 案-件比: the disputes (counted, filed in the period, no family link into them: no stored family root) and the cases
-- whose stored root is one of them (the period reaches today: nothing can be filed after its end)
SELECT n.roots + (SELECT count(*) FROM cases_case m WHERE m.family_root_id IS NOT NULL AND m.family_root_id IN (
         SELECT c.id FROM cases_case c WHERE {cf} AND c.filed_on BETWEEN %(start)s AND %(end)s
           AND c.category NOT IN ('pre_filing_mediation', 'preservation') AND c.type_code <> '执保'
           AND c.family_root_id IS NULL)),
       n.roots
FROM (SELECT count(*) AS roots FROM cases_case c WHERE {cf} AND c.filed_on BETWEEN %(start)s AND %(end)s
        AND c.category NOT IN ('pre_filing_mediation', 'preservation') AND c.type_code <> '执保'
        AND c.family_root_id IS NULL) n
) family_part
"""

# The engine's figures in HAND_WRITTEN_ALL's column order: (code, "n"/"d", part index or None for the sum).
HAND_ALL_COLUMNS = [(code, side, None) for code, side in HAND_COLUMNS] + [
    ("dispute_resolution_cost_rate", "n", 0), ("dispute_resolution_cost_rate", "n", 4),
    ("dispute_resolution_cost_rate", "d", None), ("enforcement_recovery_rate", "n", None),
    ("enforcement_recovery_rate", "d", None), ("fully_enforced_average_days", "n", None),
    ("fully_enforced_average_days", "d", None), ("impact_assessment_coverage_rate", "n", None),
    ("impact_assessment_coverage_rate", "d", None), ("reversal_remand_rate", "n", None),
    ("dispute_resolution_cost_rate", "n", 1), ("dispute_resolution_cost_rate", "n", 2),
    ("dispute_resolution_cost_rate", "n", 3),
    ("electronic_service_rate", "n", None), ("electronic_service_rate", "d", None),
    ("online_service_utilisation_rate", "n", 2), ("online_service_utilisation_rate", "d", 2),
    ("online_hearing_rate", "n", None), ("online_hearing_rate", "d", None),
    ("online_service_utilisation_rate", "n", 3), ("online_service_utilisation_rate", "d", 3),
    ("online_service_utilisation_rate", "n", 4), ("online_service_utilisation_rate", "d", 4),
    ("online_service_utilisation_rate", "n", 5),
    ("agency_head_appearance_rate", "n", None), ("agency_head_appearance_rate", "d", None),
    ("enforcement_reply_on_time_rate", "n", None), ("enforcement_reply_on_time_rate", "d", None),
    ("fee_refund_on_time_rate", "n", None), ("fee_refund_on_time_rate", "d", None),
    ("payout_on_time_rate", "n", None), ("payout_on_time_rate", "d", None),
    ("appeal_transfer_on_time_rate", "n", None), ("appeal_transfer_on_time_rate", "d", None),
    ("preservation_excess_rate", "n", None), ("preservation_excess_rate", "d", None),
    ("case_to_matter_ratio", "n", None), ("case_to_matter_ratio", "d", None),
]


def _best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), (result, statistics.median(times))


def _hand_values(row28, row_all) -> dict:
    """{(code, side, part or None): value} from the hand-written statements, with the figures that are arithmetic on
    their columns (clearance = 结收比's counts, the age buckets = differences of the pending counts …)."""
    values = {(code, side, None): v for (code, side), v in zip(HAND_COLUMNS, row28)}
    values.update({key: v for key, v in zip(HAND_ALL_COLUMNS, row_all)})
    closed, filed, pending, over6, over9, over12 = row_all[:6]
    values.update({
        ("clearance_rate", "n", None): closed, ("clearance_rate", "d", None): filed,
        ("disposition_time", "n", None): pending, ("disposition_time", "d", None): closed,
        ("pending_over_9_months", "d", None): pending, ("pending_over_12_months", "d", None): pending,
        ("pending_age_under_6_months", "n", None): pending - over6,
        ("pending_age_6_to_9_months", "n", None): over6 - over9,
        ("pending_age_9_to_12_months", "n", None): over9 - over12,
        ("pending_age_over_12_months", "n", None): over12,
        ("small_claims_rate", "d", None): values[("simple_procedure_rate", "d", None)],
        ("fast_track_rate", "d", None): values[("simple_procedure_rate", "d", None)],
        ("mediation_withdrawal_rate", "d", None): values[("simple_procedure_rate", "d", None)],
        ("first_enforcement_round_closure_rate", "d", None): values[("fully_enforced_rate", "d", None)],
        ("reversal_remand_rate", "d", None): values[("first_instance_acceptance_rate", "d", None)],
        ("online_service_utilisation_rate", "n", 0): values[("online_filing_rate", "n", None)],
        ("online_service_utilisation_rate", "d", 0): values[("online_filing_rate", "d", None)],
        ("online_service_utilisation_rate", "n", 1): values[("electronic_service_rate", "n", None)],
        ("online_service_utilisation_rate", "d", 1): values[("electronic_service_rate", "d", None)],
        ("online_service_utilisation_rate", "d", 5): values[("online_service_utilisation_rate", "n", 5)],
    })
    for code in ("pending_age_under_6_months", "pending_age_6_to_9_months", "pending_age_9_to_12_months",
                 "pending_age_over_12_months"):
        values[(code, "d", None)] = pending
    return values


def _compare(figures, values) -> tuple[list, int, int]:
    """(mismatches, figures checked, figures the engine computed): every numerator and denominator (or its parts)."""
    mismatches, checked, total = [], 0, 0
    for code, figure in figures.items():
        if figure.numerator is None:
            continue
        for side, whole, parts in (("n", figure.numerator, figure.numerator_parts),
                                   ("d", figure.denominator, figure.denominator_parts)):
            total += 1
            if (code, side, None) in values:
                checked += 1
                if values[(code, side, None)] != whole:
                    mismatches.append((code, side, values[(code, side, None)], whole))
            elif parts and all((code, side, i) in values for i in range(len(parts))):
                checked += 1
                got = [values[(code, side, i)] for i in range(len(parts))]
                if got != parts:
                    mismatches.append((code, side, got, parts))
    return mismatches, checked, total


def measure(connection, args, *, province: bool):
    """Times all indicators for court 1's year 2024 (and, with ``province``, for every court's), best of --repeat
    runs, against the hand-written statements over the same rows — the 28 case-table figures (HAND_WRITTEN) and
    every figure (HAND_WRITTEN_ALL) — and checks they give the same numbers. Returns (engine seconds, hand-written
    seconds for every figure) per measurement."""
    from django.db.models import Q

    from yingshang.metrics import conf, domain, engine
    from yingshang.metrics.formulas import FORMULAS, attorney_basis_points

    period = domain.parse_period("2024", TODAY)
    codes = list(FORMULAS)
    codes28 = list(dict.fromkeys(code for code, _side in HAND_COLUMNS))
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM org_court WHERE code = 'B0001'")
        court_id = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM cases_case WHERE court_id = %s", [court_id])
        court_rows = cur.fetchone()[0]
        cur.execute("SELECT count(*) FROM cases_case")
        all_rows = cur.fetchone()[0]
    params = {"start": period.start, "end": period.end, "as_of": TODAY,
              "attorney_bp": attorney_basis_points(conf.attorney_fee_estimate_percent()),
              "payout_days": conf.payout_days(),
              **{f"cut{m}": domain.filed_on_cutoff(TODAY, m) for m in (6, 9, 12)}}

    def hand(statement: str, args_=(), jit_off: bool = True):
        """A hand-written statement, under the same session settings as the engine's queries (JIT off, the random
        page cost — engine.postgres_session_settings); with ``jit_off`` False, the server's JIT."""
        pairs = [(name, value) for name, value in engine.postgres_session_settings() if jit_off or name != "jit"]

        def run():
            with connection.cursor() as cur:
                if pairs:
                    cur.execute("; ".join(f"SET {name} = {value}" for name, value in pairs))
                try:
                    cur.execute(statement, {**params, **dict(args_)})
                    return cur.fetchone()
                finally:
                    if pairs:
                        cur.execute("; ".join(f"RESET {name}" for name, _value in pairs))
        return run

    runs = [("court-year" + (" inside the province" if province else " (county database)"), Q(court_id=court_id),
             "court_id = %(court)s", {"court": court_id}, court_rows)]
    if province:
        runs.append(("province-year", Q(), "true", {}, all_rows))
    results = []
    for label, scope_q, court_filter, extra, rows in runs:
        repeat = args.repeat if rows < 100_000 else max(2, args.repeat // 2)
        engine._PLANS.clear()
        first_s, _ = _best(lambda: engine.compute(codes, scope_case_q=scope_q, periods=[period], today=TODAY), 1)
        engine_s, (figures, engine_median) = _best(
            lambda: engine.compute(codes, scope_case_q=scope_q, periods=[period], today=TODAY), repeat)
        engine28_s, (figures28, _median) = _best(
            lambda: engine.compute(codes28, scope_case_q=scope_q, periods=[period], today=TODAY), repeat)
        cf = "c." + court_filter if court_filter != "true" else "true"
        hand28_s, (row28, hand28_median) = _best(hand(HAND_WRITTEN.format(court_filter=court_filter), extra.items()),
                                                 repeat)
        jit_s, _ = _best(hand(HAND_WRITTEN.format(court_filter=court_filter), extra.items(), jit_off=False), repeat)
        hand_s, (row_all, hand_median) = _best(hand(HAND_WRITTEN_ALL.format(cf=cf), extra.items()), repeat)
        figures = figures[(None, period.key)]
        mismatches, checked, total = _compare(figures, _hand_values(row28, row_all))
        mismatches += _compare(figures28[(None, period.key)], _hand_values(row28, row_all))[0]
        with_data = sum(1 for f in figures.values() if f.value is not None)
        results.append((engine_s, hand_s))
        print(f"{label} — {rows:,} of {all_rows:,} cases; all {len(codes)} indicators ({with_data} with data):\n"
              f"  engine, all indicators: best {engine_s * 1000:.1f} ms (median {engine_median * 1000:.1f}; first call, "
              f"statements built: {first_s * 1000:.1f})\n"
              f"  hand-written, every figure: best {hand_s * 1000:.1f} ms (median {hand_median * 1000:.1f}) → ratio "
              f"{engine_s / hand_s:.2f}×\n"
              f"  engine, the 28 case-table figures' {len(codes28)} indicators: best {engine28_s * 1000:.1f} ms; "
              f"hand-written, those 28 figures: best {hand28_s * 1000:.1f} ms (median {hand28_median * 1000:.1f}; "
              f"{jit_s * 1000:.1f} with the server's JIT) → ratio {engine28_s / hand28_s:.2f}× (all indicators "
              f"against these 28: {engine_s / hand28_s:.2f}×)\n"
              f"  {checked} of {total} numerators and denominators checked: "
              f"{'same numbers' if not mismatches else 'MISMATCH ' + repr(mismatches)}")
    return results if province else results[0]


if __name__ == "__main__":
    main()
