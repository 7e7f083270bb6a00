"""The editable tables behind triage: the provinces' wage rows (CPL 165; 解释 272) and the 繁简分流 criteria."""

from datetime import date

from django.db import IntegrityError, transaction

from yingshang.audit.services import audit_record
from yingshang.core.errors import DomainError
from yingshang.filing import triage
from yingshang.filing.errors import FilingError
from yingshang.filing.models import SmallClaimsThreshold, TriageCriterion
from yingshang.filing.permissions import require_edit_triage_tables
from yingshang.org.models import User


# --- Tables: small-claims thresholds and triage criteria -----------------------------------------------------------


def threshold_snapshot(row: SmallClaimsThreshold) -> dict:
    return {"province": row.province, "wage_year": row.wage_year, "average_wage_fen": row.average_wage_fen,
            "effective_from": row.effective_from.isoformat(), "is_confirmed": row.is_confirmed, "source": row.source}


@transaction.atomic
def threshold_save(*, actor: User, province: str, wage_year: int, average_wage_fen: int, effective_from: date,
                   is_confirmed: bool, source: str = "", note: str = "",
                   threshold_id: int | None = None) -> SmallClaimsThreshold:
    """Create or edit a province's wage row (立案庭 heads, administrators). The figure of year Y is published in
    Y+1, so it cannot apply before 1 January of Y+1. Audit: filing.threshold_saved."""
    require_edit_triage_tables(actor)
    province = (province or "").strip()
    if not province:
        raise DomainError(FilingError.THRESHOLD_INVALID, "请填写省份")
    if not 2000 <= int(wage_year) <= 2100:
        raise DomainError(FilingError.THRESHOLD_INVALID, "工资统计年度应在2000至2100之间", {"wage_year": wage_year})
    if average_wage_fen <= 0:
        raise DomainError(FilingError.THRESHOLD_INVALID, "年平均工资必须大于零")
    if effective_from <= date(int(wage_year), 12, 31):
        raise DomainError(FilingError.THRESHOLD_INVALID,
                          f"{wage_year}年度的工资数据于次年公布，适用起始日应晚于{wage_year}年12月31日",
                          {"effective_from": effective_from.isoformat()})
    if threshold_id is not None:
        row = SmallClaimsThreshold.objects.select_for_update().filter(pk=threshold_id).first()
        if row is None:
            raise DomainError("FILING_THRESHOLD_NOT_FOUND", "该标准不存在", status=404)
        before = threshold_snapshot(row)
    else:
        row, before = SmallClaimsThreshold(), None
    row.province, row.wage_year, row.average_wage_fen = province, int(wage_year), int(average_wage_fen)
    row.effective_from, row.is_confirmed = effective_from, bool(is_confirmed)
    row.source, row.note, row.updated_by = (source or "").strip(), (note or "").strip(), actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(FilingError.THRESHOLD_INVALID, f"{province}{wage_year}年度的标准已存在，请修改原记录", status=409)
    audit_record(actor=actor, action="filing.threshold_saved", target=row, before=before,
                 after=threshold_snapshot(row), reason=row.note)
    return row


def _criterion_snapshot(row: TriageCriterion) -> dict:
    return {"code": row.code, "label": row.label, "kind": row.kind, "fact": row.fact, "operator": row.operator,
            "value": row.value, "weight": row.weight, "is_active": row.is_active, "legal_basis": row.legal_basis}


@transaction.atomic
def criterion_save(*, actor: User, code: str, label: str, kind: str, fact: str, operator: str,
                   value: int | None = None, weight: int = 1, is_active: bool = True, legal_basis: str = "",
                   sort_order: int = 0, criterion_id: int | None = None) -> TriageCriterion:
    """Create or edit one 简案/繁案 indicator (立案庭 heads, administrators). Audit: filing.criterion_saved."""
    require_edit_triage_tables(actor)
    if not (label or "").strip() or not (code or "").strip():
        raise DomainError(FilingError.CRITERION_INVALID, "请填写指标编码和名称")
    triage.check_criterion(triage.Criterion(code=code, label=label, kind=kind, fact=fact, operator=operator,
                                            value=value, weight=int(weight), basis=legal_basis))
    if criterion_id is not None:
        row = TriageCriterion.objects.select_for_update().filter(pk=criterion_id).first()
        if row is None:
            raise DomainError("FILING_CRITERION_NOT_FOUND", "该指标不存在", status=404)
        before = _criterion_snapshot(row)
    else:
        row, before = TriageCriterion(), None
    row.code, row.label, row.kind, row.fact, row.operator = code.strip(), label.strip(), kind, fact, operator
    row.value = value if fact in triage.INTEGER_FACTS else None
    row.weight, row.is_active, row.legal_basis = int(weight), bool(is_active), (legal_basis or "").strip()
    row.sort_order, row.updated_by = int(sort_order), actor
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise DomainError(FilingError.CRITERION_INVALID, f"指标编码「{code}」已存在", status=409)
    audit_record(actor=actor, action="filing.criterion_saved", target=row, before=before,
                 after=_criterion_snapshot(row))
    return row


# --- Triage ------------------------------------------------------------------------------------------------------


def active_criteria() -> list[triage.Criterion]:
    return [triage.Criterion(code=c.code, label=c.label, kind=c.kind, fact=c.fact, operator=c.operator, value=c.value,
                             weight=c.weight, basis=c.legal_basis)
            for c in TriageCriterion.objects.filter(is_active=True).order_by("kind", "sort_order", "id")]


def threshold_row_for(*, province: str, on: date) -> SmallClaimsThreshold | None:
    """The wage row in force on ``on`` (解释 272: the latest published figure)."""
    rows = list(SmallClaimsThreshold.objects.filter(province=province, effective_from__lte=on))
    picked = triage.threshold_pick([threshold_value(r) for r in rows], province=province, on=on)
    if picked is None:
        return None
    return next(r for r in rows if r.wage_year == picked.wage_year)


def threshold_value(row: SmallClaimsThreshold) -> triage.Threshold:
    return triage.Threshold(province=row.province, wage_year=row.wage_year, average_wage_fen=row.average_wage_fen,
                            effective_from=row.effective_from, is_confirmed=row.is_confirmed)
