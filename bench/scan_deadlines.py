"""Benchmark of the daily deadline scan (issue 3 §10) on PostgreSQL.

    createdb -h 127.0.0.1 -U postgres ys_deadlines_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ys_deadlines_bench \
        .venv/bin/python bench/scan_deadlines.py --cases 1000000

What it does (the database must be a disposable one whose name ends in "_bench": its cases are wiped):
1. migrates, creates one court, 12 departments and 120 judges;
2. generates N open cases in SQL (generate_series) — then VACUUM (ANALYZE) and CHECKPOINT, as for a case base
   that has been in the database for a while: mixed categories and procedures, case ages exponential with
   a mean of 75 days (≈ 9 % past 6 months, 2.7 % past 9, 0.8 % past 12), last touched the day after filing,
   12 % with a finished deduction, 2 % with a
   running one (中止), 6 % with an approved extension, 1 % with a pending request;
3. times the first full scan (day D, alerts recorded silently, as on the first load of a case base);
4. simulates a day of court work (40 new cases, 40 closed) and times the daily scan of D+1 (steady state, with
   notifications queued), then the same day again (nothing to do);
5. times the weekly full reconciliation (D+2, every case compared), then one hand-written SQL pass that reads
   the same rows (open cases joined to their deadline row);
6. prints the figures and the ratios against the targets (daily ≤ 3 × read pass; first full scan ≤ 15 s).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--today", default="2024-07-11", help="day D of the first full scan")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the plain read pass (best is kept)")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings

    # Sending is the outbox dispatcher's work (a Celery task in production): queue notices, do not send them here.
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL=postgres://…/<name>_bench")
    if not connection.settings_dict["NAME"].endswith("_bench"):
        sys.exit("Refusing to wipe a database whose name does not end in _bench")
    call_command("migrate", verbosity=0, interactive=False)

    from yingshang.cases.choices import OPEN_STATUSES
    from yingshang.deadlines.services import deadlines_scan

    today = date.fromisoformat(args.today)
    n = args.cases
    print(f"PostgreSQL {connection.cursor().connection.info.server_version}, {n:,} open cases, D = {today}")
    print(f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    t = time.perf_counter()
    court_id = _generate(connection, n, today)
    print(f"generated in {time.perf_counter() - t:.1f} s")

    t = time.perf_counter()
    first = deadlines_scan(today=today, notify=False)
    first_s = time.perf_counter() - t
    print(f"first full scan (D):            {first_s:8.2f} s   {first.counts.as_dict()}")
    print(f"    per statement (s): {first.counts.seconds}")
    print(f"    bulk first load: {first.counts.bulk_load} ({len(first.counts.rebuilt)} indexes and constraints "
          f"built after the insert); commit and bookkeeping "
          f"{first_s - sum(first.counts.seconds.values()):.2f} s")

    _a_day_of_work(connection, court_id, today + timedelta(days=1), n)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    t = time.perf_counter()
    daily = deadlines_scan(today=today + timedelta(days=1))
    daily_s = time.perf_counter() - t
    print(f"daily scan, steady state (D+1): {daily_s:8.2f} s   {daily.counts.as_dict()}, notices {daily.notified}")
    with connection.cursor() as cur:
        cur.execute("SELECT count(*), count(DISTINCT recipient_user_id), COALESCE(max(length(body)), 0) "
                    "FROM notifications_message WHERE template_code = 'deadlines.daily_digest'")
        digests, recipients, longest = cur.fetchone()
    print(f"    {daily.counts.alerts_created:,} new alerts → {digests:,} digests to {recipients:,} recipients "
          f"(longest {longest:,} characters)")
    print(f"    per statement (s): {daily.counts.seconds}")
    t = time.perf_counter()
    again = deadlines_scan(today=today + timedelta(days=1))
    again_s = time.perf_counter() - t
    print(f"same day again (no change):     {again_s:8.2f} s   {again.counts.as_dict()}")
    print(f"    per statement (s): {again.counts.seconds}")

    t = time.perf_counter()
    weekly = deadlines_scan(today=today + timedelta(days=2), full=True)
    weekly_s = time.perf_counter() - t
    print(f"weekly full reconciliation (D+2): {weekly_s:6.2f} s   {weekly.counts.as_dict()}, notices {weekly.notified}")
    print(f"    per statement (s): {weekly.counts.seconds}")

    open_list = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    read_sql = f"""
        SELECT COUNT(*), MIN(d.time_limit_end_on), MAX(d.twelve_months_on),
               SUM(CASE WHEN d.tier <> 'none' THEN 1 ELSE 0 END), SUM(d.deducted_days)
        FROM cases_case AS c JOIN deadlines_casedeadline AS d ON d.case_id = c.id
        WHERE c.status IN ({open_list})"""
    runs = []
    with connection.cursor() as cur:
        for _ in range(args.repeat):
            t = time.perf_counter()
            cur.execute(read_sql)
            cur.fetchall()
            runs.append(time.perf_counter() - t)
    read_s = min(runs)
    print(f"plain read pass (best of {args.repeat}):   {read_s:8.2f} s   (median {statistics.median(runs):.2f} s)")
    print()
    daily_sql = sum(v for k, v in daily.counts.seconds.items() if k != "notifications")
    first_sql = sum(v for k, v in first.counts.seconds.items() if k != "notifications")
    print(f"daily / read pass     = {daily_s / read_s:5.2f} ×  (target ≤ 3), of which queuing "
          f"{daily.notified:,} notices {daily.counts.seconds['notifications']:.2f} s")
    print(f"daily SQL statements  = {daily_sql:5.2f} s = {daily_sql / read_s:5.2f} × the read pass")
    print(f"first full scan SQL statements = {first_sql:5.2f} s (the rest: commit, bookkeeping)")
    print(f"no-change / read pass = {again_s / read_s:5.2f} ×")
    weekly_sql = sum(v for k, v in weekly.counts.seconds.items() if k != "notifications")
    print(f"weekly full run SQL   = {weekly_sql:5.2f} s = {weekly_sql / read_s:5.2f} × the read pass")
    print(f"first full scan       = {first_s:5.2f} s  (target ≤ 15 s)")
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


DEPARTMENTS = [("民事审判庭", "civil"), ("商事审判庭", "civil"), ("刑事审判庭", "criminal"),
               ("行政审判庭", "administrative"), ("执行局", "enforcement"), ("破产合议庭", "bankruptcy"),
               ("高乐山人民法庭", "tribunal"), ("忠堡人民法庭", "tribunal"), ("朝阳寺人民法庭", "tribunal"),
               ("清坪人民法庭", "tribunal"), ("环境资源法庭", "environment"), ("立案庭", "filing")]


def _generate(connection, n: int, today: date) -> int:
    """Wipe the bench database's cases and make N open ones, with deductions and extensions, in SQL."""
    from yingshang.org.models import Court, Department, User

    with connection.cursor() as cur:
        cur.execute("TRUNCATE notifications_deliverylog, notifications_inboxitem, notifications_followuptask, "
                    "notifications_message CASCADE")
        cur.execute("TRUNCATE cases_case, deadlines_casedeadline, deadlines_deduction, deadlines_extensionrequest, "
                    "deadlines_alert, deadlines_scanrun, deadlines_caseplan, deadlines_caseplanupdate, "
                    "deadlines_appealtransfer RESTART IDENTITY CASCADE")
    court, _ = Court.objects.get_or_create(code="鄂2826", defaults={"name": "咸丰县人民法院"})
    for i, (name, kind) in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(court=court, name=name, defaults={"kind": kind, "sort_order": i})
    depts = list(Department.objects.filter(court=court).order_by("pk").values_list("pk", flat=True))
    if User.objects.filter(username__startswith="bench_judge_").count() < 120:
        User.objects.bulk_create([User(username=f"bench_judge_{i}", display_name=f"法官{i}", role="judge",
                                       court=court, department_id=depts[i % len(depts)]) for i in range(120)],
                                 ignore_conflicts=True)
    judges = list(User.objects.filter(username__startswith="bench_judge_").order_by("pk").values_list("pk", "department_id"))
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_judges (k int, judge_id bigint, department_id bigint)")
        cur.executemany("INSERT INTO bench_judges VALUES (%s, %s, %s)",
                        [(k, j, d) for k, (j, d) in enumerate(judges)])
        # Mix: civil simple 40 %, civil ordinary 15 %, small claims 8 %, special 2 %, enforcement 22 %,
        # criminal 6 %, administrative 3 %, bankruptcy 1 %, non-litigation enforcement 3 %.
        cur.execute("""
            INSERT INTO cases_case (created_at, updated_at, case_number, year, type_code, sequence, category,
                cause_text, procedure, channel, filed_on, closing_manner, claim_amount_fen, status,
                is_enterprise_involved, is_sme_involved, is_financial, has_government_party, summary, court_id,
                department_id, judge_id)
            SELECT g.filed_on::timestamptz, g.filed_on::timestamptz + interval '1 day',
                   '（' || EXTRACT(YEAR FROM g.filed_on)::int || '）鄂2826' || m.type_code || g.i || '号',
                   EXTRACT(YEAR FROM g.filed_on)::int, m.type_code, g.i, m.category, '', m.procedure, 'window',
                   g.filed_on, '', (g.i %% 1000) * 10000, CASE WHEN g.i %% 20 = 0 THEN 'suspended' ELSE 'in_progress' END,
                   g.i %% 3 = 0, g.i %% 5 = 0, g.i %% 11 = 0, g.i %% 17 = 0, '', %(court)s, j.department_id, j.judge_id
            FROM (SELECT i, %(today)s::date - LEAST(floor(-ln(1 - random()) * 75), 1500)::int AS filed_on,
                         (i::bigint * 7919) %% 100 AS bucket, i %% 120 AS k
                  FROM generate_series(1, %(n)s) AS i) AS g
            JOIN bench_judges AS j ON j.k = g.k
            JOIN (VALUES (0, 40, 'civil', 'simple', '民初'), (40, 55, 'civil', 'ordinary', '民初'),
                         (55, 63, 'commercial', 'small_claims', '民初'), (63, 65, 'civil', 'special', '民特'),
                         (65, 87, 'enforcement', 'enforcement', '执'), (87, 91, 'criminal', 'ordinary', '刑初'),
                         (91, 93, 'criminal', 'simple', '刑初'), (93, 96, 'administrative', 'ordinary', '行初'),
                         (96, 97, 'bankruptcy', 'bankruptcy', '破'), (97, 100, 'enforcement', 'non_litigation', '执'))
                 AS m(lo, hi, category, procedure, type_code) ON g.bucket >= m.lo AND g.bucket < m.hi
        """, {"court": court.pk, "today": today, "n": n})
        judge_any = judges[0][0]
        # Deductions: 12 % finished (10–60 days, starting 5–40 days after filing), 2 % running (中止).
        cur.execute("""
            INSERT INTO deadlines_deduction (created_at, updated_at, case_id, kind, start_on, end_on, reason, source,
                                             recorded_by_id)
            SELECT now(), now(), c.id,
                   CASE WHEN c.category = 'enforcement' THEN 'audit_valuation' ELSE 'public_notice' END,
                   c.filed_on + 5 + (c.id %% 35)::int, c.filed_on + 5 + (c.id %% 35)::int + 9 + (c.id %% 51)::int,
                   '公告/评估', '', %(judge)s
            FROM cases_case AS c
            WHERE c.id %% 100 < 12 AND c.filed_on + 70 < %(today)s::date""", {"judge": judge_any, "today": today})
        cur.execute("""
            INSERT INTO deadlines_deduction (created_at, updated_at, case_id, kind, start_on, end_on, reason, source,
                                             recorded_by_id)
            SELECT now(), now(), c.id, 'suspension', %(today)s::date - 1 - (c.id %% 60)::int, NULL, '中止', '', %(judge)s
            FROM cases_case AS c
            WHERE c.id %% 100 IN (50, 51) AND c.category <> 'enforcement'
              AND c.filed_on + 70 < %(today)s::date""", {"judge": judge_any, "today": today})
        # Extensions: 6 % approved, 1 % pending, under the case's current procedure.
        cur.execute("""
            INSERT INTO deadlines_extensionrequest (created_at, updated_at, case_id, procedure, rule_code, reason_code,
                reason, length_months, length_days, approver, ordinal, status, override_reason, requested_by_id,
                requested_on, decided_by_id, decided_on, decision_note, higher_court_reference, is_late_request,
                late_reason, is_late_decision, decision_late_reason)
            SELECT now(), now(), c.id, c.procedure, '', 'complex_facts', '疑难复杂',
                   CASE WHEN c.procedure IN ('ordinary', 'enforcement') THEN 3 ELSE 1 END, 0, 'president', 1,
                   CASE WHEN c.id %% 100 < 66 THEN 'approved' ELSE 'requested' END, '', %(judge)s,
                   c.filed_on + 60, NULL, NULL, '', '', false, '', false, ''
            FROM cases_case AS c
            WHERE c.id %% 100 BETWEEN 60 AND 66
              AND c.procedure IN ('ordinary', 'simple', 'small_claims', 'enforcement', 'non_litigation')""",
                    {"judge": judge_any})
    # A court's case base is old data that autovacuum has long since visited (hint bits set, visibility map,
    # statistics) and whose pages are on disk: do the same for the freshly generated rows, so the timings below
    # do not include setting a million hint bits or the checkpoint of the generation's own writes.
    with connection.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) cases_case, deadlines_deduction, deadlines_extensionrequest")
        cur.execute("ANALYZE")
        cur.execute("CHECKPOINT")
    return court.pk


def _a_day_of_work(connection, court_id: int, day: date, n: int) -> None:
    """40 new cases registered on ``day`` and 40 old ones closed, as the cases services write them (updated_at
    set): the changes a county court sees in a day."""
    with connection.cursor() as cur:
        cur.execute("""
            INSERT INTO cases_case (created_at, updated_at, case_number, year, type_code, sequence, category,
                cause_text, procedure, channel, filed_on, closing_manner, claim_amount_fen, status,
                is_enterprise_involved, is_sme_involved, is_financial, has_government_party, summary, court_id,
                department_id, judge_id)
            SELECT now(), now(), '（' || EXTRACT(YEAR FROM %(day)s::date)::int || '）鄂2826民初' || (%(n)s + i) || '号',
                   EXTRACT(YEAR FROM %(day)s::date)::int, '民初', %(n)s + i, 'civil', '', 'simple', 'online',
                   %(day)s::date, '', 100000, 'registered', false, false, false, false, '', %(court)s, NULL, NULL
            FROM generate_series(1, 40) AS i""", {"day": day, "n": n, "court": court_id})
        cur.execute("""
            UPDATE cases_case SET status = 'closed', closed_on = %(day)s::date, closing_manner = 'judgment',
                                  updated_at = now()
            WHERE id IN (SELECT id FROM cases_case WHERE status = 'in_progress' ORDER BY id LIMIT 40)""",
                    {"day": day})


if __name__ == "__main__":
    main()
