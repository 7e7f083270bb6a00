"""Reads: the catalogue, figures for a scope and period (with target and traffic light), monthly trends, comparisons
by department or judge, and the drill-down rows. Every figure is computed by engine.compute (set-based); the scope
comes from permissions.scope_resolve, already narrowed to what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from yingshang.core.errors import DomainError, NotFound
from yingshang.core.money import fen_to_yuan
from yingshang.metrics import conf, domain, engine
from yingshang.metrics.choices import IndicatorGroup, Unit
from yingshang.metrics.errors import MetricsError
from yingshang.metrics.formulas import PLAN_CODE_ALIASES, formula_for
from yingshang.metrics.models import AgencyHeadAppearance, IndicatorDefinition
from yingshang.metrics.permissions import Scope

# The gauges of the leadership dashboard: the plan's targets with a number.
GAUGE_CODES = ("enterprise_fast_track_mediation_withdrawal_rate", "dispute_resolution_cost_rate",
               "online_service_utilisation_rate", "electronic_service_rate", "enforcement_reply_on_time_rate",
               "fee_refund_on_time_rate", "payout_on_time_rate", "appeal_transfer_on_time_rate",
               "impact_assessment_coverage_rate", "preservation_excess_rate")
# The trend chart opens on these.
TREND_DEFAULT = "closed_to_filed_ratio"


def catalogue():
    return IndicatorDefinition.objects.current().order_by("sort_order", "code")


def definition_get(code: str) -> IndicatorDefinition:
    """The current definition of an indicator (the measures app's older codes are accepted too)."""
    real = PLAN_CODE_ALIASES.get(code, code)
    definition = IndicatorDefinition.objects.current().filter(code=real).first()
    if definition is None or formula_for(real) is None:
        raise NotFound(MetricsError.INDICATOR_UNKNOWN, "没有该指标", {"code": code})
    return definition


def definition_history(code: str):
    return IndicatorDefinition.objects.filter(code=code).order_by("-version")


@dataclass
class IndicatorValue:
    """A figure with its definition, formatted for the pages, the API and the Excel export alike."""

    definition: IndicatorDefinition
    figure: engine.Figure
    light: domain.Light

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def value_label(self) -> str:
        return domain.format_value(self.figure.value, self.definition.unit)

    @property
    def is_money(self) -> bool:
        return formula_for(self.code).money

    def _amount_label(self, amount: int | None, noun: str) -> str:
        if amount is None:
            return "—"
        if self.is_money:
            return f"{fen_to_yuan(amount)} 元"
        return f"{amount} {noun.split('（')[0]}"

    @property
    def numerator_label(self) -> str:
        return self._amount_label(self.figure.numerator, formula_for(self.code).numerator_noun)

    @property
    def denominator_label(self) -> str:
        return self._amount_label(self.figure.denominator, formula_for(self.code).denominator_noun)

    @property
    def has_denominator(self) -> bool:
        return self.figure.denominator is not None

    @property
    def numerator_parts(self) -> list[tuple[int, str, int]]:
        formula = formula_for(self.code)
        return [(i, p.label, n) for i, (p, n) in enumerate(zip(formula.numerator, self.figure.numerator_parts))]

    @property
    def denominator_parts(self) -> list[tuple[int, str, int]]:
        formula = formula_for(self.code)
        return [(i, p.label, n) for i, (p, n) in enumerate(zip(formula.denominator, self.figure.denominator_parts))]


def _light(definition: IndicatorDefinition, figure: engine.Figure) -> domain.Light:
    return domain.status_for(value=figure.value, comparator=definition.target_comparator,
                             target=definition.target_value, margin_percent=conf.amber_margin_percent())


def indicator_values(*, scope: Scope, period: domain.Period, today: date,
                     codes: list[str] | None = None) -> list[IndicatorValue]:
    """Every indicator (or the ones named) for one scope and period, in catalogue order: a handful of aggregate
    queries in all, whatever the number of cases."""
    definitions = list(catalogue() if codes is None else catalogue().filter(code__in=codes))
    figures = engine.compute([d.code for d in definitions], scope_case_q=scope.case_q, periods=[period],
                             today=today)[(None, period.key)]
    return [IndicatorValue(d, figures[d.code], _light(d, figures[d.code])) for d in definitions]


def indicator_value(*, code: str, scope: Scope, period: domain.Period, today: date) -> IndicatorValue:
    definition = definition_get(code)
    return indicator_values(scope=scope, period=period, today=today, codes=[definition.code])[0]


def grouped(values: list[IndicatorValue]) -> list[tuple[str, list[IndicatorValue]]]:
    labels = dict(IndicatorGroup.choices)
    out: dict[str, list] = {}
    for value in values:
        out.setdefault(value.definition.group, []).append(value)
    return [(labels[group], out[group]) for group in IndicatorGroup.values if group in out]


@dataclass
class TrendPoint:
    period: domain.Period
    value: IndicatorValue


def monthly_trend(*, code: str, scope: Scope, period: domain.Period, today: date) -> list[TrendPoint]:
    """The indicator month by month over the period (each month clipped to the period): one aggregate query per
    source for all the months together."""
    definition = definition_get(code)
    months = domain.months_of(period)
    figures = engine.compute([definition.code], scope_case_q=scope.case_q, periods=months, today=today)
    return [TrendPoint(m, IndicatorValue(definition, figures[(None, m.key)][definition.code],
                                         _light(definition, figures[(None, m.key)][definition.code])))
            for m in months]


@dataclass
class ComparisonRow:
    key: int | None
    label: str
    scope_ref: str
    value: IndicatorValue


def comparison(*, code: str, scope: Scope, period: domain.Period, today: date) -> list[ComparisonRow]:
    """The indicator by department (court scope) or by judge (department or team scope), one query per source."""
    from yingshang.org.models import Department, User

    field = scope.breakdown
    if field is None:
        return []
    definition = definition_get(code)
    if field == "department_id":
        members = list(Department.objects.filter(court_id=scope.court_id).order_by("sort_order", "pk"))
        kind = "department"
    else:
        members = list(User.objects.filter(court_id=scope.court_id, department_id=scope.department_id)
                       .order_by("username"))
        kind = "judge"
    figures = engine.compute([definition.code], scope_case_q=scope.case_q, periods=[period], today=today,
                             group_by=field, groups=[m.pk for m in members])
    rows = []
    for member in members:
        figure = figures[(member.pk, period.key)][definition.code]
        if kind == "judge" and figure.value is None and not figure.numerator and not figure.denominator:
            continue  # people of the department who handle no cases (clerks, assistants)
        rows.append(ComparisonRow(member.pk, member.name if kind == "department" else str(member),
                                  f"{kind}:{member.pk}", IndicatorValue(definition, figure, _light(definition, figure))))
    return rows


# --- Drill-down --------------------------------------------------------------------------------------------------

SIDES = {"numerator": "分子", "denominator": "分母"}


@dataclass
class DrilldownView:
    value: IndicatorValue
    side: str
    index: int
    part_label: str
    rows: object
    rows_are_cases: bool
    source_key: str
    hidden: int
    columns: list[str]
    parts: list[tuple[int, str, int]]


def drilldown(*, code: str, side: str, index: int, scope: Scope, period: domain.Period, today: date,
              user) -> DrilldownView:
    """The rows behind the numerator or the denominator (part ``index`` of a composite) of a figure."""
    from yingshang.cases.permissions import case_scope_q

    value = indicator_value(code=code, scope=scope, period=period, today=today)
    formula = formula_for(value.code)
    if side not in SIDES:
        raise DomainError(MetricsError.DRILLDOWN_PART_INVALID, "side 应为 numerator 或 denominator",
                          {"side": side}, status=422)
    parts = formula.numerator if side == "numerator" else formula.denominator
    if formula.missing_source():
        raise DomainError(MetricsError.DRILLDOWN_PART_INVALID, f"暂无数据：{formula.missing_source()}",
                          {"code": value.code}, status=409)
    if not 0 <= index < len(parts):
        raise DomainError(MetricsError.DRILLDOWN_PART_INVALID, "没有该组成部分", {"item": index}, status=422)
    result = engine.drilldown(value.code, side, index, scope_case_q=scope.case_q, period=period, today=today,
                              visible_case_q=case_scope_q(user))
    rows = _with_related(result)
    part_list = value.numerator_parts if side == "numerator" else value.denominator_parts
    return DrilldownView(value=value, side=side, index=index, part_label=parts[index].label, rows=rows,
                         rows_are_cases=result.rows_are_cases, source_key=result.source.key, hidden=result.hidden,
                         columns=COLUMNS["case" if result.rows_are_cases else result.source.key], parts=part_list)


def _with_related(result: engine.Drilldown):
    qs = result.rows
    if result.rows_are_cases:
        return qs.select_related("department", "judge").order_by("filed_on", "pk")
    path = result.source.case_path
    related = [path, f"{path}__department", f"{path}__judge"]
    if result.source.key in ("service", "submission"):
        related.append("document" if result.source.key == "service" else "case")
    return qs.select_related(*related).order_by("pk")


COLUMNS = {
    "case": ["案号", "立案日期", "结案日期", "结案方式", "审理程序", "承办部门", "承办法官"],
    "payout": ["案号", "发放日期", "金额（元）", "承办人"],
    "message": ["案号", "留言日期", "答复期限", "答复日期", "承办人"],
    "refund": ["案号", "应退付日期", "退付日期", "金额（元）", "承办法官"],
    "transfer": ["案号", "应移送日期", "移送日期", "承办法官"],
    "service": ["案号", "文书", "送达方式", "送达日期"],
    "activity": ["案号", "活动", "方式", "日期"],
    "appeal": ["案号", "上诉日期", "途径"],
    "certificate": ["案号", "申请日期", "途径"],
    "submission": ["案号", "材料", "提交日期"],
    "fee_charge": ["案号", "费用", "金额（元）", "承办人"],
}


def _day(value) -> str:
    return domain.chinese_date(value) if value else "—"


def row_cells(view: DrilldownView, row) -> dict:
    """One drill-down row as {case_id, case_number, cells, contribution} for the page, the API and Excel."""
    if view.rows_are_cases:
        case = row
        cells = [case.case_number, _day(case.filed_on), _day(case.closed_on),
                 case.get_closing_manner_display() or "—", case.get_procedure_display(),
                 case.department.name if case.department_id else "—", str(case.judge) if case.judge_id else "—"]
    else:
        case = _case_of(view.source_key, row)
        key = view.source_key
        if key == "payout":
            cells = [case.case_number, _day(row.paid_on), fen_to_yuan(row.amount_fen),
                     str(case.judge) if case.judge_id else "—"]
        elif key == "message":
            cells = [case.case_number, _day(row.received_on), _day(row.due_on), _day(row.replied_on),
                     str(case.judge) if case.judge_id else "—"]
        elif key == "refund":
            cells = [case.case_number, _day(row.due_on), _day(row.paid_on), fen_to_yuan(row.amount_fen),
                     str(case.judge) if case.judge_id else "—"]
        elif key == "transfer":
            cells = [case.case_number, _day(row.due_on), _day(row.transferred_on),
                     str(case.judge) if case.judge_id else "—"]
        elif key == "service":
            cells = [case.case_number, row.document.title, row.get_method_display(), _day(row.served_on)]
        elif key == "activity":
            cells = [case.case_number, row.get_kind_display(), row.get_mode_display(), _day(row.held_on)]
        elif key == "fee_charge":
            cells = [case.case_number, row.get_fee_type_display(), fen_to_yuan(row.fee_fen),
                     str(case.judge) if case.judge_id else "—"]
        elif key in ("appeal", "certificate"):
            on = row.filed_on if key == "appeal" else row.requested_on
            cells = [case.case_number, _day(on), row.get_channel_display()]
        else:
            cells = [case.case_number, row.title, _day(row.issued_on)]
    contribution = getattr(row, "contribution", None)
    details = {}
    for name in ("court_fee_fen", "preservation_fee_fen", "enforcement_fee_fen", "attorney_fee_fen"):
        if hasattr(row, name):
            details[name] = getattr(row, name)
    return {"row_id": row.pk, "case_id": case.pk, "case_number": case.case_number, "cells": cells,
            "contribution": contribution, "details": details}


def _case_of(source_key: str, row):
    if source_key in ("payout", "message"):
        return row.enforcement.case
    if source_key == "service":
        return row.document.case
    if source_key in ("appeal", "certificate"):
        return row.decision.case
    return row.case


def contribution_label(view: DrilldownView) -> str:
    formula = formula_for(view.value.code)
    part = (formula.numerator if view.side == "numerator" else formula.denominator)[view.index]
    if part.agg == "days":
        return "天数"
    if part.agg == "sum":
        return "金额（元）"
    return ""


def contribution_text(view: DrilldownView, amount) -> str:
    if amount is None:
        return ""
    formula = formula_for(view.value.code)
    part = (formula.numerator if view.side == "numerator" else formula.denominator)[view.index]
    return fen_to_yuan(amount) if part.agg == "sum" else str(amount)


# --- Agency-head appearances -------------------------------------------------------------------------------------

def appearances_for_user(*, user):
    from yingshang.cases.models import Case
    from yingshang.cases.permissions import case_scope_q

    return (AgencyHeadAppearance.objects.filter(case__in=Case.objects.filter(case_scope_q(user)).values("pk"))
            .select_related("case", "recorded_by").order_by("-hearing_on", "-pk"))


def appearances_for_case(*, case):
    return AgencyHeadAppearance.objects.filter(case=case).select_related("recorded_by").order_by("hearing_on", "pk")


def unit_for_measures(unit: str) -> str:
    """Our unit as the measures board names it (measures.domain.targets.Unit + "cases")."""
    return {Unit.PERCENT: "percent", Unit.DAYS: "days", Unit.CASES: "cases", Unit.RATIO: "ratio"}[unit]



def scope_and_period(*, user, scope: str | None, period: str | None, today: date):
    """Parse and authorise the ?scope=&period= of a request: (Scope, Period). Empty scope: the user's default."""
    from yingshang.metrics.permissions import default_scope_ref, scope_resolve

    ref = domain.parse_scope(scope) if scope else default_scope_ref(user)
    return scope_resolve(user, ref), domain.parse_period(period, today)
