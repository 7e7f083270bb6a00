"""The aggregate statement of one source (split from engine.py): every distinct filter term of the parts evaluated
once per row and packed as one bit of an integer key, the rows counted (and their amounts summed) per key, each part
the sum over the keys that have all its bits. See engine.py's docstring for how the statements are planned, cached
and run."""
from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q, QuerySet, Value
from django.db.models.expressions import BaseExpression

from yingshang.metrics.formulas import CASES, COUNT, DAYS, SUM, DaysBetween, Source


def _conjuncts(q: Q) -> list[Q]:
    """The terms of a filter's top-level AND, each as its own Q ("closed in the period and counted and civil first
    instance" → five terms), so that a term shared by many parts is evaluated once per row."""
    if not q.children:
        return []
    if q.connector != Q.AND or q.negated:
        return [q]
    out: list[Q] = []
    for child in q.children:
        out.extend(_conjuncts(child) if isinstance(child, Q) else [Q(child)])
    return out


def _key(node) -> tuple:
    """A structural key of a filter or value: equal keys compile to the same SQL."""
    if isinstance(node, Q):
        return ("Q", node.connector, node.negated, tuple(_key(child) for child in node.children))
    if isinstance(node, tuple) and len(node) == 2 and isinstance(node[0], str):
        return ("L", node[0], _key(node[1]))
    if isinstance(node, (list, tuple)):
        return ("T", tuple(_key(item) for item in node))
    if isinstance(node, QuerySet):
        return ("S", str(node.query))
    try:
        hash(node)
    except TypeError:
        return ("I", id(node))
    return ("V", type(node), node)


def rows_statement(qs, src: Source, items: list, group_by: str | None, same_as: dict, group=None):
    """One aggregate statement over the rows of ``qs``. Each distinct term of the parts' filters is evaluated once per
    row and packed as one bit of an integer key (a period window is one term; the terms only one window's parts use
    are evaluated inside it; a term with a subquery only where the cheap terms its parts require hold); the rows are
    counted and their values summed per key, and each part is a sum over the keys that have all its bits —
    ``SUM(n) FILTER (WHERE key & mask = mask)`` (CASE WHEN on SQLite). Parts counting distinct cases (COUNT
    DISTINCT cannot be summed over keys) aggregate the rows instead, with the terms as boolean columns computed once
    per row. Identical aggregates (the same cases counted by several indicators) are computed once (``same_as``).
    ``items`` are (alias, part, ctx, filtered); an unfiltered part's filter is already in ``qs``.

    Returns (sql, params, column aliases, grouped) — grouped: True when the rows are split by ``group_by`` (the
    group is the first column), else the group the one-row statement belongs to."""
    terms: dict[tuple, str] = {}
    values: dict[tuple, str] = {}
    annotations: dict = {}
    aggregates: dict[tuple, str] = {}
    wanted: list[tuple] = []  # (alias, agg, value column, term columns)
    costly: set[str] = set()  # terms with a subquery (a lookup per row)
    term_qs: dict[str, Q] = {}
    windows_of: dict[str, str | None] = {}  # alias → its window's term
    for alias, part, ctx, filtered in items:
        names = []
        window_term = None
        if filtered:
            # The window ("closed in the period") is one term; the filter's AND is split into its terms.
            window_q = part.window.q(ctx, src)
            for is_window, term in ([(True, window_q)] if window_q else []) + [
                    (False, t) for t in _conjuncts(part.where(ctx, src))]:
                key = _key(term)
                if key not in terms:
                    terms[key] = f"metrics_t{len(terms)}"
                    annotations[terms[key]] = ExpressionWrapper(term, output_field=BooleanField())
                    term_qs[terms[key]] = term
                    if _costly(term):
                        costly.add(terms[key])
                names.append(terms[key])
                if is_window:
                    window_term = terms[key]
        names = sorted(set(names))
        value = None
        if part.agg in (SUM, DAYS):
            if part.agg == SUM:
                expression = part.value(ctx, src)
            else:
                end, start = part.value(ctx, src)
                expression = DaysBetween(F(end), F(start))
            key = _key(expression)
            if key not in values:
                values[key] = f"metrics_v{len(values)}"
                annotations[values[key]] = expression
            value = values[key]
        elif part.agg == CASES:
            value = "metrics_case"
            annotations.setdefault(value, F(src.case_id_path))
        agg_key = (part.agg, value, tuple(names))
        if agg_key in aggregates:
            same_as[alias] = aggregates[agg_key]
            continue
        aggregates[agg_key] = alias
        wanted.append((alias, part.agg, value, names))
        windows_of[alias] = window_term
    # Terms every part requires (解决纠纷成本's population for the fee charges) also narrow the rows read.
    if wanted and all(filtered for _alias, _part, _ctx, filtered in items):
        common = set.intersection(*(set(names) for _alias, _agg, _value, names in wanted))
        if common:
            qs = qs.filter(*(term_qs[name] for name in sorted(common)))
    group_column = ""
    if group_by:
        annotations["metrics_group"] = F(f"{src.case_path}__{group_by}" if src.case_path else group_by)
        group_column = "metrics_group"
    if not annotations:
        annotations["metrics_one"] = Value(1)
    inner = qs.annotate(**annotations).values(*annotations).order_by()
    try:
        inner_sql, params = inner.query.sql_with_params()
    except EmptyResultSet:  # a scope that can hold no row: every part counts nothing
        aliases = [alias for alias, *_rest in wanted]
        zeros = ", ".join(f"0 AS {alias}" for alias in aliases)
        if group_by:
            return f"SELECT NULL, {zeros} WHERE FALSE", (), aliases, True
        return f"SELECT {zeros}", (), aliases, group
    postgres = connection.vendor == "postgresql"
    term_names = sorted(set(terms.values()))
    value_names = sorted(set(values.values()))
    bits: dict[str, tuple[str, int]] = {}  # term column → (key column, bit)
    if all(agg != CASES for _alias, agg, _value, _names in wanted):
        # The rows are first counted (and their values summed) per combination of the terms — a few hundred
        # combinations for a million cases — each term evaluated once per row and packed as one bit of an integer
        # key (true, or false/unknown: a FILTER only keeps true); every part is then a sum over the combinations
        # whose key has all its bits. The keys are computed in the parallel workers.
        keys = []
        for index in range(0, len(term_names), 60):
            key = f"metrics_k{index // 60}"
            chunk = term_names[index:index + 60]
            bits.update({term: (key, 1 << bit) for bit, term in enumerate(chunk)})
            keys.append(_packed_key(chunk, wanted, windows_of, costly) + f" AS {key}")
        key_names = [key.rsplit(" AS ", 1)[1] for key in keys]
        group_keys = [*([group_column] if group_column else []), *key_names]
        sums = ["COUNT(*) AS metrics_n", *(f"SUM({v}) AS {v}" for v in value_names)]
        packed = ", ".join([*([group_column] if group_column else []), *keys, *value_names]) or "1 AS metrics_one"
        # OFFSET 0: the planner, which cannot know how few combinations there are, would otherwise sort the million
        # rows to group them; over a subquery's column it assumes a few hundred groups and hashes them.
        fence = " OFFSET 0" if postgres else ""
        rows = (f"(SELECT {', '.join([*group_keys, *sums])} FROM (SELECT {packed} FROM ({inner_sql}) metrics_r"
                f"{fence}) metrics_p" + (f" GROUP BY {', '.join(group_keys)}" if group_keys else "")
                + ") metrics_rows")
        count = "metrics_n"
    else:
        # OFFSET 0 keeps PostgreSQL from pulling the subquery up into the aggregates (which would evaluate every
        # term again in every aggregate that uses it).
        rows = f"({inner_sql}{' OFFSET 0' if postgres else ''}) metrics_rows"
        count = None
    columns = []
    for alias, agg, value, names in wanted:
        if bits:
            masks: dict[str, int] = defaultdict(int)
            for name in names:
                key, bit = bits[name]
                masks[key] |= bit
            condition = " AND ".join(f"({key} & {mask}) = {mask}" for key, mask in sorted(masks.items()))
        else:
            condition = " AND ".join(names)
        if agg == CASES:
            function, target = "COUNT", f"DISTINCT {value}"
        elif agg == COUNT:
            function, target = ("SUM", count) if count else ("COUNT", "*" if postgres or not names else "1")
        else:
            function, target = "SUM", value
        if not names:
            sql = f"{function}({target})"
        elif postgres:
            sql = f"{function}({target}) FILTER (WHERE {condition})"
        elif agg == CASES:
            sql = f"COUNT(DISTINCT CASE WHEN {condition} THEN {value} END)"
        else:
            sql = f"{function}(CASE WHEN {condition} THEN {target} END)"
        columns.append(f"{sql} AS {alias}")
    select = ", ".join(columns)
    aliases = [alias for alias, *_rest in wanted]
    if group_column:
        return (f"SELECT {group_column}, {select} FROM {rows} GROUP BY {group_column}", tuple(params), aliases,
                True)
    return f"SELECT {select} FROM {rows}", tuple(params), aliases, group


def _packed_key(chunk: list[str], wanted: list, windows_of: dict, costly: set) -> str:
    """The SQL of an integer key with one bit per term of ``chunk`` (bit i = the i-th term holds). A term that only
    parts of one window use is evaluated inside that window's CASE — only for the rows in the window ("closed in the
    period": the closed-case terms are not evaluated for the open cases): where the window does not hold no part
    using the term can count the row, so its bit may stay 0."""
    bit_of = {term: 1 << i for i, term in enumerate(chunk)}
    heads = {w for w in windows_of.values() if w in bit_of}
    nested: dict[str, list[str]] = defaultdict(list)
    top: list[str] = []
    for term in chunk:
        if term in heads:
            continue
        windows = {windows_of[alias] for alias, _agg, _value, names in wanted if term in names}
        (nested[windows.pop()] if len(windows) == 1 and next(iter(windows)) in heads else top).append(term)

    def bit(term):
        return f"CASE WHEN {_guarded(term, wanted, costly)} THEN {bit_of[term]} ELSE 0 END"

    sums = [bit(term) for term in top]
    for head in sorted(heads, key=lambda t: bit_of[t]):
        inner = " + ".join([str(bit_of[head]), *(bit(term) for term in nested[head])])
        sums.append(f"CASE WHEN {head} THEN {inner} ELSE 0 END")
    return " + ".join(sums) or "0"


def _costly(term: Q) -> bool:
    """A term that looks something up for each row (EXISTS, IN (subquery))."""
    for child in term.children:
        if isinstance(child, Q):
            if _costly(child):
                return True
        elif not isinstance(child, tuple) or isinstance(child[1], (QuerySet, BaseExpression)):
            return True
    return False


def _guarded(term: str, wanted: list, costly: set) -> str:
    """A costly term is only looked up where the cheap terms that every part using it also requires hold ("closed
    in the period and counted and first instance" before "was it appealed?"): elsewhere no part can count the row,
    whatever the term says, so its bit may stay 0."""
    if term not in costly:
        return term
    guards = None
    for _alias, _agg, _value, names in wanted:
        if term in names:
            cheap = {name for name in names if name not in costly}
            guards = cheap if guards is None else guards & cheap
    return " AND ".join([*sorted(guards or ()), term])
