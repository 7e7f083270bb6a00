"""How each indicator of the catalogue is computed: its numerator and denominator as filters on the rows of the apps
that hold the data. One definition per part — the engine uses the same filter for the aggregate (conditional
aggregation, one query per source and window) and for the drill-down list, so a figure and its cases cannot differ.

A part counts (or sums) rows of one *source* (a model of another app, reached by its path to the case) that fall in
a *window* (the period filter that makes the query sargable: closed in the period, filed in the period, pending on
the as-of day …) and satisfy ``where``. The texts a reader sees (definitions, targets, notes) live in the versioned
catalogue (models.IndicatorDefinition, seeded by migration 0002); a test keeps the two in step."""

from yingshang.metrics.formulas.base import (  # noqa: F401 — the package's public names
    CASES, CLOSED, COUNT, COUNT_VALUE, DAYS, DISPOSITION, EVERYTHING, FILED, MEAN, PENDING, RATE, RATIO, SOURCES, SUM,
    Ctx, DaysBetween, Formula, Part, Source, Window,
)
from yingshang.metrics.formulas.filters import (  # noqa: F401
    cost_components, family_counts_sql, family_members_sql, family_roots_sql,
)
from yingshang.metrics.formulas.registry import (  # noqa: F401
    FORMULAS, PLAN_CODE_ALIASES, attorney_basis_points, formula_for,
)
