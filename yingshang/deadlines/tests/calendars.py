"""A hand-built working-day calendar for the pure tests, from the rule book's own lists
(rules-fees-periods-case-numbers.md §6): the Spring Festival and National Day blocks and the 调休 working weekend
days of 2023–2025. Other holidays are left out on purpose; no example below ends on one of them."""

from datetime import date, timedelta

from yingshang.calendar.domain import WorkdayCalendar


def _span(first: str, last: str) -> set[date]:
    a, b = date.fromisoformat(first), date.fromisoformat(last)
    return {a + timedelta(days=i) for i in range((b - a).days + 1)}


REST_BLOCKS = {
    "春节": _span("2023-01-21", "2023-01-27") | _span("2024-02-10", "2024-02-17") | _span("2025-01-28", "2025-02-04"),
    "国庆节": _span("2023-09-29", "2023-10-06") | _span("2024-10-01", "2024-10-07") | _span("2025-10-01", "2025-10-08"),
}
ADJUSTED = {date.fromisoformat(d) for d in (
    "2023-01-28 2023-01-29 2023-04-23 2023-05-06 2023-06-25 2023-10-07 2023-10-08 "
    "2024-02-04 2024-02-18 2024-04-07 2024-04-28 2024-05-11 2024-09-14 2024-09-29 2024-10-12 "
    "2025-01-26 2025-02-08 2025-04-27 2025-09-28 2025-10-11").split()}


def rule_book_calendar(first_year: int = 2023, last_year: int = 2025, unconfirmed=()) -> WorkdayCalendar:
    days = _span(f"{first_year}-01-01", f"{last_year}-12-31")
    rest_named = {d: name for name, block in REST_BLOCKS.items() for d in block}
    working, rest = set(), set()
    for d in days:
        if d in ADJUSTED or (d.weekday() < 5 and d not in rest_named):
            working.add(d)
        else:
            rest.add(d)
    return WorkdayCalendar(working=frozenset(working), rest=frozenset(rest),
                           names={d: n for d, n in rest_named.items() if d in days},
                           unconfirmed_years=frozenset(unconfirmed), adjusted_workdays=frozenset(ADJUSTED))
