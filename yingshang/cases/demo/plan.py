"""The demo plan as plain data: parties, cases (with their timelines) and links, plus small helpers
shared by the generator (weighted choice, weekday arithmetic)."""

import bisect
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from yingshang.cases.choices import CaseStatus


@dataclass
class PartyPlan:
    index: int
    kind: str
    name: str
    group: str
    id_number: str | None = None
    credit_code: str | None = None
    organisation_kind: str = ""
    enterprise_size: str = ""
    legal_representative: str = ""
    phone: str = ""
    address: str = ""


@dataclass
class EventPlan:
    kind: str
    occurred_on: date
    actor: str | None
    description: str
    data: dict = field(default_factory=dict)


@dataclass
class CasePlan:
    index: int
    type_code: str
    category: str
    procedure: str
    channel: str
    filed_on: date
    accepted_on: date | None = None
    cause_name: str = ""
    cause_text: str = ""
    pattern: str = ""
    claim_amount_fen: int = 0
    department: str | None = None
    team: str | None = None
    judge: str | None = None
    status: str = CaseStatus.REGISTERED
    closed_on: date | None = None
    closing_manner: str = ""
    parties: list[tuple[int, str]] = field(default_factory=list)
    agents: list[tuple[int, str]] = field(default_factory=list)  # (position in parties, lawyer username)
    assigned_on: date | None = None
    served_on: date | None = None
    hearing_on: date | None = None
    is_online_hearing: bool = False
    procedure_changed: tuple[date, str, str] | None = None  # (on, from, to)
    suspended: tuple[date, str] | None = None
    archived_on: date | None = None
    notes: list[tuple[date, str]] = field(default_factory=list)
    outcome_note: str = ""
    year: int = 0
    sequence: int = 0
    case_number: str = ""
    summary: str = ""
    events: list[EventPlan] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None


@dataclass(frozen=True)
class LinkPlan:
    from_index: int
    to_index: int
    kind: str


@dataclass
class DemoPlan:
    seed: int
    cases_requested: int
    start: date
    today: date
    parties: list[PartyPlan]
    cases: list[CasePlan]
    links: list[LinkPlan]
    portal: dict[str, int]  # "person" / "enterprise" / "government" -> party index

    def case_counts_by_type(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for case in self.cases:
            counts[case.type_code] = counts.get(case.type_code, 0) + 1
        return dict(sorted(counts.items(), key=lambda item: -item[1]))


def weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def weekday_on_or_before(day: date) -> date:
    while day.weekday() >= 5:
        day -= timedelta(days=1)
    return day


def _cumulative(weights) -> list[float]:
    return list(itertools.accumulate(weights))


class Weighted:
    """Weighted choice with precomputed cumulative weights (random.choices recomputes them each call)."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cum = _cumulative(weights)

    def pick(self, rng: random.Random):
        return self.items[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]
