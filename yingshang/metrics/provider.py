"""The live value of an indicator for the plan-supervision board (measures app): the setting
MEASURES_INDICATOR_VALUE_PROVIDER points here. Signature fixed by measures.selectors.indicator_live_value:
``(code, today) -> {"value", "unit", "as_of"} | None``."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db.models import Q

from yingshang.metrics import domain, engine
from yingshang.metrics.formulas import PLAN_CODE_ALIASES, formula_for
from yingshang.metrics.models import IndicatorDefinition
from yingshang.metrics.selectors import unit_for_measures


def _court_id() -> int | None:
    """The court this installation serves (settings.COURT_CODE), else the only court there is."""
    from yingshang.org.models import Court

    court = Court.objects.filter(code=getattr(settings, "COURT_CODE", "")).first()
    if court is None:
        courts = list(Court.objects.order_by("pk")[:2])
        court = courts[0] if len(courts) == 1 else None
    return court.pk if court else None


def indicator_value(code: str, today: date) -> dict | None:
    """The indicator for the whole court, year to date (the plan is yearly). None — "暂无数据" on the board — for an
    unknown code, an indicator whose data does not exist yet, or a zero denominator; never a made-up zero.

    The measures app's provisional codes are accepted (formulas.PLAN_CODE_ALIASES): long_pending_cases → cases
    pending over 6 months, litigation_fee_refund_working_days → share of refunds paid within one working day,
    enforcement_app_reply_working_days → share of messages answered within 3 working days,
    appeal_file_transfer_days → share of appeal files transferred in time."""
    real = PLAN_CODE_ALIASES.get(code, code)
    definition = IndicatorDefinition.objects.current().filter(code=real).first()
    court_id = _court_id()
    if definition is None or formula_for(real) is None or court_id is None:
        return None
    period = domain.parse_period("ytd", today)
    figure = engine.compute([real], scope_case_q=Q(court_id=court_id), periods=[period],
                            today=today)[(None, period.key)][real]
    if figure.value is None:
        return None
    return {"value": figure.value, "unit": unit_for_measures(definition.unit), "as_of": figure.as_of}
