"""The computation: set-based SQL with conditional aggregation.

For a set of indicators, periods and (optionally) a grouping, the parts of every formula are grouped by source and
scoping; each group is ONE aggregate over its table, never a loop over cases. Inside it, every distinct term of the
parts' filters ("closed in the period", "counted", "first instance", "appealed" …) is evaluated once per row and
packed as one bit of an integer key; the rows are counted (and their amounts summed) per key — a few hundred keys
for a million cases — and each part is the sum over the keys that have all its bits (SUM … FILTER (WHERE key & mask =
mask); CASE WHEN on SQLite). The one-row aggregates go to the database as one statement. The statements are built
once per shape and reused with the call's dates and scope values (_plan_cached). The drill-down of a part runs the
same filter as a plain query, so its rows are exactly the rows the aggregate counted."""
from __future__ import annotations

from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import F, Q
from django.db.models.expressions import RawSQL

from yingshang.metrics import aggregates, conf, domain
from yingshang.metrics.formulas import (
    CASES, COUNT_VALUE, DAYS, DISPOSITION, MEAN, RATE, RATIO, SUM, SOURCES, Ctx, DaysBetween, Formula, Part,
    Source, attorney_basis_points, formula_for,
)

ZERO_DENOMINATOR = "分母为零：本期间、本范围内没有符合口径的案件或事项，不能计算"


@dataclass
class Figure:
    """One indicator for one scope (or group) and one period."""

    code: str
    period: domain.Period
    as_of: date
    value: Decimal | None
    numerator: int | None
    denominator: int | None
    reason: str = ""
    numerator_parts: list[int] = field(default_factory=list)
    denominator_parts: list[int] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return self.value is not None


def context(*, period: domain.Period, today: date, scope_case_q: Q) -> Ctx:
    return Ctx(period=period, as_of=period.as_of(today), scope_case_q=scope_case_q,
               excluded_categories=conf.excluded_categories(), excluded_type_codes=conf.excluded_type_codes(),
               cost_cause_families=conf.cost_cause_families(),
               attorney_basis_points=attorney_basis_points(conf.attorney_fee_estimate_percent()),
               payout_days=conf.payout_days(), today=today)


def prefix_q(q: Q, path: str) -> Q:
    """The same filter seen from a table that reaches the case through ``path`` ("enforcement__case"): plain
    lookups are prefixed; a filter holding expressions (Exists) becomes ``path__in=<cases>``."""
    if not path:
        return q

    def rewrite(node: Q) -> Q:
        out = Q()
        out.connector, out.negated = node.connector, node.negated
        for child in node.children:
            if isinstance(child, Q):
                out.children.append(rewrite(child))
            elif isinstance(child, tuple):
                out.children.append((f"{path}__{child[0]}", child[1]))
            else:
                raise TypeError
        return out

    try:
        return rewrite(q)
    except TypeError:
        Case = apps.get_model("cases", "Case")
        return Q(**{f"{path}__in": Case.objects.filter(q).values("pk")})


def _value(formula: Formula, numerator: int, denominator: int | None, period: domain.Period) -> Decimal | None:
    if formula.kind == RATE:
        return domain.rate_percent(numerator, denominator)
    if formula.kind == MEAN:
        return domain.mean(numerator, denominator)
    if formula.kind == RATIO:
        return domain.ratio(numerator, denominator)
    if formula.kind == COUNT_VALUE:
        return Decimal(numerator) if denominator else None
    if formula.kind == DISPOSITION:
        return domain.disposition_time(numerator, denominator, period.days)
    raise ValueError(formula.kind)


def compute(codes: list[str], *, scope_case_q: Q, periods: list[domain.Period], today: date,
            group_by: str | None = None, groups: list | None = None) -> dict:
    """Figures for every code × period (× group).

    ``scope_case_q`` is a filter on Case (scope and what the user may see). ``group_by`` ("department_id",
    "judge_id", "team_id") splits the figures by that field of the case; ``groups`` lists the group values wanted
    (needed for the parts that apply the scope themselves, such as 案-件比).

    Returns {(group or None, period.key): {code: Figure}}."""
    with _session_settings():
        return _compute(codes, scope_case_q=scope_case_q, periods=periods, today=today, group_by=group_by,
                        groups=groups)


def postgres_session_settings() -> list[tuple[str, str]]:
    """The PostgreSQL settings the indicator queries run under (and are reset after): JIT off
    (conf.postgres_jit) and the random page cost (conf.postgres_random_page_cost)."""
    out = []
    if not conf.postgres_jit():
        out.append(("jit", "off"))
    if conf.postgres_random_page_cost():
        out.append(("random_page_cost", f"{float(conf.postgres_random_page_cost()):g}"))
    return out


@contextmanager
def _session_settings():
    """PostgreSQL's JIT compiler is switched off for the indicator queries (compiling dozens of FILTER expressions
    took longer than running them, conf.postgres_jit) and the planner told that random reads are cheap
    (conf.postgres_random_page_cost); both are reset after, in one statement each way."""
    pairs = postgres_session_settings() if connection.vendor == "postgresql" else []
    if not pairs:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("; ".join(f"SET {name} = {value}" for name, value in pairs))
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("; ".join(f"RESET {name}" for name, _value in pairs))


def _compute(codes, *, scope_case_q, periods, today, group_by, groups) -> dict:
    formulas = {code: formula_for(code) for code in codes}
    unknown = [code for code, f in formulas.items() if f is None]
    if unknown:
        raise KeyError(unknown)
    group_values = list(groups or []) if group_by else [None]
    missing = {code: f.missing_source() for code, f in formulas.items()}
    slots, statements, same_as, params_of = _plan_cached(formulas, missing, scope_case_q=scope_case_q,
                                                         periods=periods, today=today, group_by=group_by,
                                                         group_values=group_values)
    raw = _execute(statements, same_as, group_values, params_of)
    return _figures(formulas, missing, slots, raw, periods, today, group_values)


# --- The statements of a shape, built once ---------------------------------------------------------------------------
# Building the statements through the ORM costs more than running them for a county court (~20 ms of ~70). They
# depend on the codes, the number and kind of the periods, the shape of the scope filter, the grouping and the
# settings — not on the dates or the court: those are only parameters. So the statements are built once per shape,
# with stand-ins (sentinels) for every date and scope value, and later calls put the real values in their place. A
# formula that derives a value the engine cannot trace back (a date computed from a stand-in) makes its shape
# uncacheable: it is then built for each call, as before.

_PLANS: dict = {}
_PLANS_MAX = 256
_SENTINEL_DAY0 = date(2, 1, 1)  # stand-in dates are the first days of year 2 (year 1 would overflow on subtraction)
_SENTINEL_INT0 = -7_000_000_000
_SENTINEL_TEXT = "\x00metrics-sentinel-"


class _Sentinels:
    """Stand-ins for the values a plan takes as parameters, and how to find each one's real value."""

    def __init__(self):
        self.real: dict = {}  # stand-in → (kind, …) recipe of the real value

    def add(self, recipe: tuple, like):
        n = len(self.real)
        if isinstance(like, bool) or like is None:
            raise TypeError
        if isinstance(like, date):
            value = _SENTINEL_DAY0 + timedelta(days=n)
            self.real[value.isoformat()] = ("text", recipe)  # as SQLite's adapter passes a date
        elif isinstance(like, int):
            value = _SENTINEL_INT0 - n
        elif isinstance(like, str):
            value = f"{_SENTINEL_TEXT}{n}\x00"
        else:
            raise TypeError
        self.real[value] = recipe
        return value

    def stray(self, params) -> bool:
        """A parameter derived from a stand-in (not one itself): the plan cannot be reused."""
        for param in params:
            if param in self.real if _hashable(param) else False:
                continue
            if isinstance(param, date) and param.year < 1000:
                return True
            if isinstance(param, str) and (_SENTINEL_TEXT in param or param[:3] == "000"):
                return True
            if isinstance(param, int) and not isinstance(param, bool) and param <= _SENTINEL_INT0 + 1:
                return True
        return False


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def _scope_shape(q: Q, sentinels: _Sentinels, path=()):
    """(the shape of a scope filter, the filter with stand-ins for its values); TypeError when it holds anything
    but plain lookups on plain values (an expression, a queryset, a model instance)."""
    children, shape = [], []
    for i, child in enumerate(q.children):
        if isinstance(child, Q):
            child_shape, child_q = _scope_shape(child, sentinels, (*path, i))
            children.append(child_q)
            shape.append(child_shape)
        elif isinstance(child, tuple):
            lookup, value = child
            if isinstance(value, bool) or value is None:
                children.append(child)
                shape.append((lookup, value))
            elif isinstance(value, (list, tuple)):
                stand_ins = [sentinels.add(("scope", (*path, i), j), item) for j, item in enumerate(value)]
                children.append((lookup, stand_ins))
                shape.append((lookup, "list", tuple(type(item).__name__ for item in value)))
            else:
                children.append((lookup, sentinels.add(("scope", (*path, i), None), value)))
                shape.append((lookup, type(value).__name__))
        else:
            raise TypeError
    out = Q()
    out.connector, out.negated, out.children = q.connector, q.negated, children
    return (q.connector, q.negated, tuple(shape)), out


def _scope_value(q: Q, path: tuple, index):
    node = q
    for i in path[:-1]:
        node = node.children[i]
    value = node.children[path[-1]][1]
    return value if index is None else value[index]


@dataclass(frozen=True)
class _SentinelCtx(Ctx):
    """A context whose dates are stand-ins; what the formulas derive from it is registered (cut-off days) or known
    beforehand (whether the period reaches today)."""

    sentinels: _Sentinels | None = field(default=None, compare=False, hash=False)
    period_index: int = 0
    real_reaches_today: bool = False

    def cutoff(self, months: int) -> date:
        key = ("cutoff", self.period_index, months)
        for stand_in, recipe in self.sentinels.real.items():
            if recipe == key:
                return stand_in
        return self.sentinels.add(key, self.as_of)

    @property
    def reaches_today(self) -> bool:
        return self.real_reaches_today


def _plan_cached(formulas, missing, *, scope_case_q, periods, today, group_by, group_values):
    """(slots, statements, same_as, params_of): the statements of this call's shape, from the cache or built now."""
    settings_ctx = context(period=periods[0], today=today, scope_case_q=scope_case_q) if periods else None
    sentinels = _Sentinels()
    try:
        scope_shape, sentinel_scope = _scope_shape(scope_case_q, sentinels)
    except TypeError:
        scope_shape = None
    key = None
    if scope_shape is not None and periods:
        key = (connection.vendor, connection.alias, tuple(formulas), tuple(sorted(missing.items())),
               tuple(p.end >= today for p in periods),
               tuple(next(i for i, q in enumerate(periods) if q.key == p.key) for p in periods),  # repeated periods
               scope_shape, group_by, tuple(group_values),
               settings_ctx.excluded_categories, settings_ctx.excluded_type_codes, settings_ctx.cost_cause_families,
               settings_ctx.attorney_basis_points, settings_ctx.payout_days)
        hit = _PLANS.get(key)
        if hit is not None:
            slots, statements, same_as, recipes = hit
            real = _real_values(recipes, scope_case_q, periods, today)
            return slots, statements, same_as, lambda params: tuple(
                real[p] if _hashable(p) and p in real else p for p in params)
        if key not in _PLANS:
            plan = _sentinel_plan(formulas, missing, sentinels, sentinel_scope, periods, today, group_by,
                                  group_values, settings_ctx)
            if plan is not None:
                if len(_PLANS) >= _PLANS_MAX:
                    _PLANS.clear()
                _PLANS[key] = (*plan, dict(sentinels.real))
                return _plan_cached(formulas, missing, scope_case_q=scope_case_q, periods=periods, today=today,
                                    group_by=group_by, group_values=group_values)
            _PLANS[key] = None  # not cacheable: built for every call
    contexts: dict = {}

    def ctx_for(period, group):
        ckey = (period.key, group)
        if ckey not in contexts:
            q = scope_case_q if group is None else scope_case_q & Q(**{group_by: group})
            contexts[ckey] = context(period=period, today=today, scope_case_q=q)
        return contexts[ckey]

    slots, statements, same_as = _plan(formulas, missing, periods=periods, ctx_for=ctx_for,
                                       scope_case_q=scope_case_q, group_by=group_by, group_values=group_values)
    return slots, statements, same_as, lambda params: params


def _sentinel_plan(formulas, missing, sentinels, sentinel_scope, periods, today, group_by, group_values, real_ctx):
    """The plan built with stand-ins, or None when a parameter cannot be traced back to one."""
    stand_ins = []
    for index, period in enumerate(periods):
        start = sentinels.add(("start", index), period.start)
        end = sentinels.add(("end", index), period.end)
        as_of = sentinels.add(("as_of", index), period.as_of(today))
        stand_ins.append((replace(period, start=start, end=end), as_of))
    sentinel_today = sentinels.add(("today",), today)
    contexts: dict = {}

    def ctx_for(period, group):
        ckey = (period.key, group)
        if ckey not in contexts:
            index = next(i for i, p in enumerate(periods) if p.key == period.key)
            sentinel_period, as_of = stand_ins[index]
            q = sentinel_scope if group is None else sentinel_scope & Q(**{group_by: group})
            contexts[ckey] = _SentinelCtx(
                period=sentinel_period, as_of=as_of, scope_case_q=q, excluded_categories=real_ctx.excluded_categories,
                excluded_type_codes=real_ctx.excluded_type_codes, cost_cause_families=real_ctx.cost_cause_families,
                attorney_basis_points=real_ctx.attorney_basis_points, payout_days=real_ctx.payout_days,
                today=sentinel_today, sentinels=sentinels, period_index=index,
                real_reaches_today=periods[index].end >= today)
        return contexts[ckey]

    sentinel_periods = [p for p, _as_of in stand_ins]
    try:
        slots, statements, same_as = _plan(formulas, missing, periods=sentinel_periods, ctx_for=ctx_for,
                                           scope_case_q=sentinel_scope, group_by=group_by,
                                           group_values=group_values)
    except (TypeError, ValueError, OverflowError, ArithmeticError):
        return None
    if any(sentinels.stray(params) for _sql, params, _names, _group in statements):
        return None
    return slots, statements, same_as


def _real_values(recipes: dict, scope_case_q: Q, periods, today) -> dict:
    real = {}
    for stand_in, recipe in recipes.items():
        if recipe[0] == "text":
            real[stand_in] = _real_value(recipe[1], scope_case_q, periods, today).isoformat()
        else:
            real[stand_in] = _real_value(recipe, scope_case_q, periods, today)
    return real


def _real_value(recipe: tuple, scope_case_q: Q, periods, today):
    kind = recipe[0]
    if kind == "start":
        return periods[recipe[1]].start
    if kind == "end":
        return periods[recipe[1]].end
    if kind == "as_of":
        return periods[recipe[1]].as_of(today)
    if kind == "today":
        return today
    if kind == "cutoff":
        return domain.filed_on_cutoff(periods[recipe[1]].as_of(today), recipe[2])
    if kind == "scope":
        return _scope_value(scope_case_q, recipe[1], recipe[2])
    raise ValueError(recipe)


def _plan(formulas, missing, *, periods, ctx_for, scope_case_q, group_by, group_values):
    """The statements that compute every part of ``formulas``: (slots, statements, same_as) — slots map (code,
    side, index, period's position) to the alias of an amount, each statement is (sql, params, aliases of its columns,
    grouped or the group of its one row), same_as maps an alias to the alias of an identical amount."""
    # (source, scoped) → [(alias, part, period)]: ONE query per table, whatever the windows
    jobs: dict[tuple, list] = defaultdict(list)
    slots: dict[tuple, tuple[str, ...]] = {}  # (code, side, index, period's position) → the aliases it sums
    for code, formula in formulas.items():
        if missing[code]:
            continue
        for side, parts in (("n", formula.numerator), ("d", formula.denominator)):
            for index, part in enumerate(parts):
                for position, period in enumerate(periods):
                    alias = f"a{len(slots)}"
                    slots[(code, side, index, position)] = (alias,)
                    jobs[(part.source, part.scoped)].append((alias, part, period))
                    if part.plus is not None:  # counted where that part is (the disputes of 件 in the case pass)
                        slots[(code, side, index, position)] = (alias, f"{alias}p")
                        jobs[(part.plus.source, part.plus.scoped)].append((f"{alias}p", part.plus, period))

    # Every statement is (sql, params, the aliases of its columns in order, grouped). Without a grouping they all
    # return one row and go to the database together, as one statement (one round trip, one plan).
    statements: list[tuple[str, tuple, list[str], bool]] = []
    same_as: dict[str, str] = {}  # alias → the alias whose aggregate is identical
    for (source_key, scoped), items in jobs.items():
        src = SOURCES[source_key]
        model = src.model()
        if scoped:
            base = model._default_manager.filter(prefix_q(scope_case_q, src.case_path))
            # The rows any part may count: the union of the windows (one scan; each part filters its own).
            windows = {(part.window.key, period.key): (part.window, period) for _alias, part, period in items}
            qs = base
            if all(window.key != "everything" for window, _period in windows.values()):
                prefilter = Q()
                for window, period in windows.values():
                    prefilter |= window.q(ctx_for(period, None), src)
                qs = base.filter(prefilter)
            aggregated = [(alias, part, ctx_for(period, None), True) for alias, part, period in items]
            statements.append(aggregates.rows_statement(qs, src, aggregated, group_by, same_as))
            continue
        # Parts that apply the scope themselves (案-件比's family query, the families' enforcement fees):
        # the filter stays at the top of the query, where the database joins the subquery once, instead of re-running
        # it for every row inside FILTER (…). One statement per part, period and group.
        shared: dict = {}  # (statement, period, group) → the alias of its first column
        for group in group_values:
            for alias, part, period in items:
                ctx = ctx_for(period, group)
                if part.count_sql is not None:
                    statement, column = part.count_sql
                    key = (statement, period.key, group)
                    if key not in shared:
                        try:
                            sql, params = statement(ctx)
                        except EmptyResultSet:  # a scope that can hold no case ("pk__in=[]")
                            sql, params = None, ()
                        shared[key] = (sql, tuple(params), group, [])
                    shared[key][3].append((column, alias))
                    continue
                if part.ids_sql is not None:
                    try:
                        sql, params = part.ids_sql(ctx)
                    except EmptyResultSet:
                        statements.append(("SELECT 0", (), [alias], group))
                    else:
                        statements.append((f"SELECT COUNT(*) FROM ({sql}) metrics_ids", tuple(params), [alias],
                                           group))
                    continue
                qs = model._default_manager.filter(part.window.q(ctx, src) & part.where(ctx, src))
                statements.append(aggregates.rows_statement(qs, src, [(alias, part, ctx, False)], None, same_as, group=group))
        for sql, params, group, columns in shared.values():
            names: dict[int, str] = {}
            for column, alias in columns:
                if column in names:
                    same_as[alias] = names[column]
                else:
                    names[column] = alias
            width = max(names) + 1
            if sql is None:
                sql = "SELECT " + ", ".join(["0"] * width)
            statements.append((sql, params, [names.get(i, f"{columns[0][1]}_unused{i}") for i in range(width)],
                               group))

    return slots, statements, same_as


def _execute(statements, same_as, group_values, params_of) -> dict:
    """Runs the statements: {(group, alias): amount}."""
    raw: dict[tuple, int] = {}  # (group, alias) → amount
    single = [s for s in statements if s[3] is not True]
    grouped = [s for s in statements if s[3] is True]
    # One round trip for every one-row statement of the same group (None without a grouping).
    by_group: dict = defaultdict(list)
    for sql, params, names, group in single:
        by_group[group].append((sql, params, names))
    for group, batch in by_group.items():
        sql = "SELECT * FROM " + " CROSS JOIN ".join(f"({sql}) metrics_s{i}" for i, (sql, _p, _n) in enumerate(batch))
        params = tuple(p for _s, params, _n in batch for p in params)
        with connection.cursor() as cursor:
            cursor.execute(sql, params_of(params))
            row = cursor.fetchone()
        names = [name for _s, _p, names in batch for name in names]
        for name, value in zip(names, row, strict=True):
            raw[(group, name)] = value or 0
    for sql, params, names, _grouped in grouped:
        with connection.cursor() as cursor:
            cursor.execute(sql, params_of(params))
            for row in cursor.fetchall():
                for name, value in zip(names, row[1:], strict=True):
                    raw[(row[0], name)] = value or 0
    for alias, first in same_as.items():
        for group in group_values:
            raw[(group, alias)] = raw.get((group, first), 0)

    return raw


def _figures(formulas, missing, slots, raw, periods, today, group_values) -> dict:
    out: dict = {}
    for group in group_values:
        for position, period in enumerate(periods):
            figures = {}
            as_of = period.as_of(today)
            for code, formula in formulas.items():
                if missing[code]:
                    figures[code] = Figure(code, period, as_of, None, None, None, reason=missing[code])
                    continue
                n_parts = [sum(int(raw.get((group, alias), 0)) for alias in slots[(code, "n", i, position)])
                           for i in range(len(formula.numerator))]
                d_parts = [sum(int(raw.get((group, alias), 0)) for alias in slots[(code, "d", i, position)])
                           for i in range(len(formula.denominator))]
                numerator = sum(n_parts)
                denominator = sum(d_parts) if formula.denominator else None
                value = _value(formula, numerator, denominator, period)
                figures[code] = Figure(code, period, as_of, value, numerator, denominator,
                                       reason="" if value is not None else ZERO_DENOMINATOR,
                                       numerator_parts=n_parts, denominator_parts=d_parts)
            out[(group, period.key)] = figures
    return out


@dataclass
class Drilldown:
    part: Part
    source: Source
    rows: object          # a queryset of the source's rows (or of Case for distinct-case parts)
    rows_are_cases: bool
    hidden: int = 0       # rows outside what the user may see (parts that count a family's cases anywhere)


def drilldown(code: str, side: str, index: int, *, scope_case_q: Q, period: domain.Period, today: date,
              visible_case_q: Q | None = None) -> Drilldown:
    """The rows behind one part of a figure: the same window and filter as the aggregate, so exactly the rows it
    counted (or summed). Sums and day counts carry each row's contribution as ``contribution``."""
    formula = formula_for(code)
    parts = formula.numerator if side == "numerator" else formula.denominator
    part = parts[index]
    src = part.src
    ctx = context(period=period, today=today, scope_case_q=scope_case_q)
    qs = src.model()._default_manager.all()
    if part.scoped:
        qs = qs.filter(prefix_q(scope_case_q, src.case_path))
    if part.ids_sql is not None:
        qs = qs.filter(pk__in=RawSQL(*part.ids_sql(ctx)))
    else:
        qs = qs.filter(part.window.q(ctx, src) & part.where(ctx, src))
    if part.details is not None:
        qs = qs.annotate(**part.details(ctx))
    if part.agg == SUM:
        qs = qs.annotate(contribution=part.value(ctx, src))
    elif part.agg == DAYS:
        end, start = part.value(ctx, src)
        qs = qs.annotate(contribution=DaysBetween(F(end), F(start)))
    hidden = 0
    rows_are_cases = not src.case_path
    if part.agg == CASES:
        Case = apps.get_model("cases", "Case")
        qs = Case.objects.filter(pk__in=qs.values(src.case_id_path))
        rows_are_cases = True
    if not part.scoped and visible_case_q is not None:
        visible = qs.filter(visible_case_q) if rows_are_cases else qs.filter(prefix_q(visible_case_q, src.case_path))
        hidden = qs.count() - visible.count()
        qs = visible
    return Drilldown(part=part, source=src, rows=qs, rows_are_cases=rows_are_cases, hidden=hidden)
