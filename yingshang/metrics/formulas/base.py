"""Building blocks of the formulas: the sources (tables and their path to the case), the windows (period filters),
parts, formulas and the DaysBetween SQL function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.db.models import Func, IntegerField, Q

from yingshang.metrics import domain

# --- Building blocks -------------------------------------------------------------------------------------------------


class DaysBetween(Func):
    """Whole calendar days from ``start`` to ``end`` (both dates): end − start. PostgreSQL subtracts dates to an
    integer; SQLite through julianday()."""

    arity = 2
    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"({end_sql} - {start_sql})", [*end_params, *start_params]

    def as_sqlite(self, compiler, connection, **extra):
        end, start = self.source_expressions
        end_sql, end_params = compiler.compile(end)
        start_sql, start_params = compiler.compile(start)
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)", [*end_params, *start_params]


@dataclass(frozen=True)
class Ctx:
    """Everything a filter may depend on: the period, the as-of day for stock figures, the scope (as a filter on
    Case, already narrowed to what the user may see) and the settings in force."""

    period: domain.Period
    as_of: date
    scope_case_q: Q
    excluded_categories: tuple[str, ...]
    excluded_type_codes: tuple[str, ...]
    cost_cause_families: tuple[str, ...]
    attorney_basis_points: int
    payout_days: int
    today: date

    def cutoff(self, months: int) -> date:
        return domain.filed_on_cutoff(self.as_of, months)

    @property
    def reaches_today(self) -> bool:
        """The period runs to today (or beyond): nothing can have been filed after its end."""
        return self.period.end >= self.today


@dataclass(frozen=True)
class Source:
    """A table the indicators read, and the path from its rows to the case (empty for Case itself)."""

    key: str
    app_label: str
    model_name: str
    case_path: str
    label: str

    def model(self):
        """The model, or None when its app is not installed (the indicator then reports "no data")."""
        if not apps.is_installed(f"yingshang.{self.app_label}"):
            return None
        try:
            return apps.get_model(self.app_label, self.model_name)
        except LookupError:
            return None

    def to_case(self, name: str) -> str:
        """A lookup on the case as seen from this source: "closed_on" → "case__closed_on"."""
        return f"{self.case_path}__{name}" if self.case_path else name

    @property
    def case_id_path(self) -> str:
        return f"{self.case_path}_id" if self.case_path else "pk"


SOURCES = {s.key: s for s in [
    Source("case", "cases", "Case", "", "案件"),
    Source("payout", "enforcement", "Payout", "enforcement__case", "执行款发放"),
    Source("message", "enforcement", "PartyMessage", "enforcement__case", "当事人留言"),
    Source("refund", "fees", "RefundOrder", "case", "退费单"),
    Source("fee_charge", "fees", "FeeCharge", "case", "收费项目"),
    Source("transfer", "deadlines", "AppealTransfer", "case", "上诉案卷移送"),
    Source("service", "documents", "ServiceRecord", "document__case", "送达记录"),
    Source("activity", "documents", "LitigationActivity", "case", "诉讼活动"),
    Source("appeal", "documents", "Appeal", "decision__case", "上诉"),
    Source("certificate", "documents", "CertificateRequest", "decision__case", "生效证明申请"),
    Source("submission", "documents", "Document", "case", "当事人提交材料"),
    Source("appearance", "metrics", "AgencyHeadAppearance", "case", "负责人出庭应诉记录"),
]}

# Aggregations of a part.
COUNT = "count"      # rows
CASES = "cases"      # distinct cases of the rows
SUM = "sum"          # Σ value(row)
DAYS = "days"        # Σ (end − start) in days


@dataclass(frozen=True)
class Window:
    """The period filter of a part (grouping key of the aggregate queries)."""

    key: str
    q: Callable[[Ctx, Source], Q]


def _closed(c: Ctx, s: Source) -> Q:
    return Q(**{s.to_case("closed_on__gte"): c.period.start, s.to_case("closed_on__lte"): c.period.end})


def _filed(c: Ctx, s: Source) -> Q:
    return Q(**{s.to_case("filed_on__gte"): c.period.start, s.to_case("filed_on__lte"): c.period.end})


def _pending(c: Ctx, s: Source) -> Q:
    """Open on the as-of day: filed by then and not closed by then (dates, not status, so past days can be asked)."""
    return Q(**{s.to_case("filed_on__lte"): c.as_of}) & (
        Q(**{s.to_case("closed_on__isnull"): True}) | Q(**{s.to_case("closed_on__gt"): c.as_of}))


CLOSED = Window("closed", _closed)
EVERYTHING = Window("everything", lambda c, s: Q())
FILED = Window("filed", _filed)
PENDING = Window("pending", _pending)


def _own(field_name: str) -> Window:
    """A window on the source's own date field (paid_on, served_on …)."""
    return Window(f"own:{field_name}", lambda c, s: Q(**{f"{field_name}__gte": c.period.start,
                                                         f"{field_name}__lte": c.period.end}))


@dataclass(frozen=True)
class Part:
    source: str
    window: Window
    where: Callable[[Ctx, Source], Q] = lambda c, s: Q()
    agg: str = COUNT
    value: Callable[[Ctx, Source], object] | None = None  # SUM: the row's amount; DAYS: (end, start) lookups
    label: str = ""
    scoped: bool = True  # False: the scope is applied inside ``where`` (案-件比 counts a family's cases anywhere)
    details: Callable[[Ctx], dict] | None = None  # extra per-row columns of the drill-down (annotations)
    # The part's whole definition as SQL selecting the ids of its rows (counted as they are; drill-down: id IN …),
    # for what the ORM cannot say in one statement — 案-件比's families. Only with scoped=False, COUNT.
    ids_sql: Callable[[Ctx], tuple[str, tuple]] | None = None
    # (a statement yielding one row of counts, the column of this part): parts that share one statement are counted
    # together (案 and 件 of 案-件比: the disputes are found once).
    count_sql: tuple[Callable[[Ctx], tuple[str, tuple]], int] | None = None
    # A part counted elsewhere whose count this part's count_sql leaves out and adds (件 = the disputes, counted in the
    # case-table pass, + the cases under them, counted by count_sql); the drill-down still lists ids_sql's rows.
    plus: Part | None = None

    @property
    def src(self) -> Source:
        return SOURCES[self.source]


# Value kinds.
RATE = "rate"                # numerator ÷ denominator × 100
MEAN = "mean"                # Σ ÷ count
RATIO = "ratio"              # numerator ÷ denominator
COUNT_VALUE = "count"        # the numerator itself (no data when the denominator — the whole stock — is empty)
DISPOSITION = "disposition"  # pending ÷ resolved × days in the period (CEPEJ)


@dataclass(frozen=True)
class Formula:
    code: str
    kind: str
    numerator: tuple[Part, ...] = ()
    denominator: tuple[Part, ...] = ()
    unavailable: str = ""            # the capability is not built: always "no data" with this reason
    requires: tuple[str, ...] = ()   # other apps the filters use (assessments …)
    numerator_noun: str = "件"
    denominator_noun: str = "件"
    money: bool = False              # numerator and denominator are sums of fen (shown in yuan)
    notes: tuple[str, ...] = field(default_factory=tuple)

    def parts(self):
        return [*self.numerator, *self.denominator]

    def missing_source(self) -> str:
        """The reason the data does not exist yet, or ''."""
        if self.unavailable:
            return self.unavailable
        for app_label in self.requires:
            if not apps.is_installed(f"yingshang.{app_label}"):
                return f"数据来源（{app_label}）尚未建设或未启用"
        for part in self.parts():
            if part.src.model() is None:
                return f"数据来源「{part.src.label}」（{part.src.app_label}）尚未建设或未启用"
        return ""
