"""/api/v1/indicators — the catalogue with live values, one indicator, its monthly trend and its drill-down;
/api/v1/agency-head-appearances — recording who answered in court for a defendant agency. Thin: parse, call one
selector or service, render."""

from ninja import Query, Router, Status

from yingshang.core.clock import court_today
from yingshang.core.errors import PermissionDenied
from yingshang.core.pagination import PageRequest, paginate
from yingshang.metrics import selectors, services
from yingshang.metrics.permissions import can_view_metrics
from yingshang.metrics.schemas import (
    AppearanceIn, AppearanceListOut, AppearanceOut, DrilldownOut, IndicatorListOut, IndicatorOneOut, TrendOut,
)

router = Router(tags=["indicators 质效指标"])
PREFIX = "/"

SCOPE_HELP = "court（本院）、court:<id>、department:<id>、team:<id>、judge:<id>；默认按角色"
PERIOD_HELP = "2023-07（月）、2023-Q3（季度）、2023（年度）、ytd / ytd-2023（年初至今）、2023-01-01..2023-03-31；默认 ytd"


def _scope_out(scope) -> dict:
    return {"key": scope.key, "kind": scope.kind, "label": scope.label}


def _period_out(period) -> dict:
    return {"key": period.key, "kind": period.kind, "label": period.label, "start": period.start, "end": period.end}


def indicator_out(v: selectors.IndicatorValue) -> dict:
    d = v.definition
    return {
        "code": d.code, "version": d.version, "name_zh": d.name_zh, "name_en": d.name_en, "group": d.group,
        "unit": d.unit, "direction": d.direction, "plan_measure": d.plan_measure,
        "target": {"comparator": d.target_comparator,
                   "value": None if d.target_value is None else format(d.target_value.normalize(), "f"),
                   "label": d.target_label, "source": d.target_source},
        "value": None if v.figure.value is None else str(v.figure.value), "value_label": v.value_label,
        "numerator": v.figure.numerator, "denominator": v.figure.denominator,
        "numerator_label": v.numerator_label, "denominator_label": v.denominator_label,
        "status": v.light.status, "status_label": v.light.label, "reason": v.figure.reason,
        "as_of": v.figure.as_of, "is_unconfirmed": d.is_unconfirmed, "unconfirmed_note": d.unconfirmed_note,
    }


def _require(user):
    if not can_view_metrics(user):
        raise PermissionDenied("SCOPE_DENIED", "只有院内人员可以查看质效指标")


@router.get("/indicators", response=IndicatorListOut, summary="指标目录及实时值")
def indicator_list(request, scope: str = Query("", description=SCOPE_HELP),
                   period: str = Query("", description=PERIOD_HELP)):
    """Every current indicator of the catalogue with its value, numerator, denominator, target and status for the
    scope and period. An indicator whose data does not exist yet has value null and a reason — never zero."""
    _require(request.user)
    scope_obj, period_obj = selectors.scope_and_period(user=request.user, scope=scope, period=period,
                                                       today=court_today())
    values = selectors.indicator_values(scope=scope_obj, period=period_obj, today=court_today())
    return {"scope": _scope_out(scope_obj), "period": _period_out(period_obj),
            "items": [indicator_out(v) for v in values], "count": len(values)}


@router.get("/indicators/{code}", response=IndicatorOneOut, summary="单项指标")
def indicator_get(request, code: str, scope: str = Query("", description=SCOPE_HELP),
                  period: str = Query("", description=PERIOD_HELP)):
    """One indicator with its full definition (numerator, denominator, period rule, exclusions, source, what is
    unconfirmed) and the amounts of each part of a composite."""
    _require(request.user)
    scope_obj, period_obj = selectors.scope_and_period(user=request.user, scope=scope, period=period,
                                                       today=court_today())
    v = selectors.indicator_value(code=code, scope=scope_obj, period=period_obj, today=court_today())
    d = v.definition
    detail = {**indicator_out(v), "numerator_definition": d.numerator_definition,
              "denominator_definition": d.denominator_definition, "period_rule": d.period_rule,
              "exclusions": d.exclusions, "source": d.source, "data_sources": d.data_sources,
              "numerator_parts": [{"item": i, "label": label, "amount": n} for i, label, n in v.numerator_parts],
              "denominator_parts": [{"item": i, "label": label, "amount": n} for i, label, n in v.denominator_parts]}
    return {"scope": _scope_out(scope_obj), "period": _period_out(period_obj), "indicator": detail}


@router.get("/indicators/{code}/trend", response=TrendOut, summary="逐月趋势")
def indicator_trend(request, code: str, scope: str = Query("", description=SCOPE_HELP),
                    period: str = Query("", description=PERIOD_HELP)):
    """The indicator month by month over the period."""
    _require(request.user)
    scope_obj, period_obj = selectors.scope_and_period(user=request.user, scope=scope, period=period,
                                                       today=court_today())
    points = selectors.monthly_trend(code=code, scope=scope_obj, period=period_obj, today=court_today())
    return {"scope": _scope_out(scope_obj), "code": points[0].value.code if points else code, "count": len(points),
            "items": [{"period": _period_out(p.period), "value": None if p.value.figure.value is None
                       else str(p.value.figure.value), "value_label": p.value.value_label,
                       "numerator": p.value.figure.numerator, "denominator": p.value.figure.denominator,
                       "status": p.value.light.status} for p in points]}


@router.get("/indicators/{code}/drilldown", response=DrilldownOut, summary="指标下钻：分子或分母的案件")
def indicator_drilldown(request, code: str, scope: str = Query("", description=SCOPE_HELP),
                        period: str = Query("", description=PERIOD_HELP),
                        side: str = Query("numerator", description="numerator 分子 / denominator 分母"),
                        item: int = Query(0, ge=0, le=100, description="组合指标的组成部分序号"),
                        page: int = Query(1, ge=1), page_size: int = Query(20, ge=1)):
    """Exactly the rows counted (or summed) in the numerator or the denominator, with the same filter as the figure."""
    _require(request.user)
    today = court_today()
    scope_obj, period_obj = selectors.scope_and_period(user=request.user, scope=scope, period=period, today=today)
    view = selectors.drilldown(code=code, side=side, index=item, scope=scope_obj, period=period_obj, today=today,
                               user=request.user)
    rows, count = paginate(view.rows, PageRequest.of(page, page_size))
    items = []
    for row in rows:
        cells = selectors.row_cells(view, row)
        items.append({"row_id": cells["row_id"], "case_id": cells["case_id"], "case_number": cells["case_number"],
                      "cells": dict(zip(view.columns, [str(c) for c in cells["cells"]])),
                      "contribution": selectors.contribution_text(view, cells["contribution"]) or None})
    return {"code": view.value.code, "side": side, "item": item, "part_label": view.part_label,
            "columns": view.columns, "items": items, "count": count, "hidden_count": view.hidden}


def appearance_out(record) -> dict:
    return {"id": record.pk, "case_id": record.case_id, "case_number": record.case.case_number,
            "hearing_on": record.hearing_on, "defendant_agency": record.defendant_agency,
            "appearance": record.appearance, "appearance_label": record.get_appearance_display(),
            "is_head": record.is_head, "head_name": record.head_name, "head_title": record.head_title,
            "note": record.note, "recorded_by": str(record.recorded_by)}


@router.get("/agency-head-appearances", response=AppearanceListOut, summary="行政机关负责人出庭应诉记录")
def appearance_list(request, page: int = Query(1, ge=1), page_size: int = Query(20, ge=1)):
    """Recorded hearings of the administrative cases the user may see, latest first."""
    _require(request.user)
    items, count = paginate(selectors.appearances_for_user(user=request.user), PageRequest.of(page, page_size))
    return {"items": [appearance_out(r) for r in items], "count": count}


@router.post("/agency-head-appearances", response={201: AppearanceOut}, summary="登记行政机关负责人出庭应诉情况")
def appearance_create(request, payload: AppearanceIn):
    """Record one hearing of an administrative case and who appeared for the defendant agency (行政诉讼法第3条第3款)."""
    record = services.agency_appearance_record(actor=request.user, **payload.dict())
    return Status(201, appearance_out(record))
