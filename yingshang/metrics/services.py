"""Writes of the metrics app: recording who answered in court for the defendant agency of an administrative case
(行政机关负责人出庭应诉, 2023 plan measure 11). Audited, with a timeline event on the case."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseCategory, CaseEventKind
from yingshang.cases.permissions import access_case
from yingshang.cases.services import case_event_write
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, PermissionDenied
from yingshang.metrics.choices import HEAD_APPEARANCES, Appearance
from yingshang.metrics.errors import MetricsError
from yingshang.metrics.models import AgencyHeadAppearance
from yingshang.metrics.permissions import can_record_appearance


@transaction.atomic
def agency_appearance_record(*, case_id: int, hearing_on: date, defendant_agency: str, appearance: str,
                             head_name: str = "", head_title: str = "", note: str = "",
                             actor) -> AgencyHeadAppearance:
    """Record one hearing of an administrative case and who appeared for the defendant agency.

    Refused (nothing written): a case the actor cannot change; a case that is not administrative; a hearing date
    before filing or in the future; a head appearance without the head's name; the same hearing recorded twice.
    Audit: metrics.agency_appearance_recorded; timeline: 开庭 with the appearance."""
    case = access_case(actor, case_id)
    if not can_record_appearance(actor, case):
        raise PermissionDenied(MetricsError.APPEARANCE_WRITE_DENIED, "您无权为该案件登记出庭应诉情况（限承办部门人员）")
    if case.category != CaseCategory.ADMINISTRATIVE:
        raise DomainError(MetricsError.APPEARANCE_NOT_ADMINISTRATIVE, "只有行政案件登记行政机关负责人出庭应诉情况",
                          {"category": case.category})
    if appearance not in Appearance.values:
        raise DomainError(MetricsError.APPEARANCE_INVALID, "出庭情况取值不正确", {"appearance": appearance},
                          status=422)
    if hearing_on < case.filed_on or hearing_on > court_today():
        raise DomainError(MetricsError.APPEARANCE_DATE_INVALID, "开庭日期不能早于立案日期，也不能晚于今天",
                          {"hearing_on": hearing_on.isoformat(), "filed_on": case.filed_on.isoformat()})
    agency = defendant_agency.strip()
    name = head_name.strip()
    if not agency:
        raise DomainError(MetricsError.APPEARANCE_AGENCY_REQUIRED, "请填写被诉行政机关", status=422)
    if appearance in HEAD_APPEARANCES and not name:
        raise DomainError(MetricsError.APPEARANCE_HEAD_NAME_REQUIRED, "负责人出庭的，请填写出庭负责人姓名", status=422)
    if AgencyHeadAppearance.objects.filter(case=case, hearing_on=hearing_on, defendant_agency=agency).exists():
        raise DomainError(MetricsError.APPEARANCE_DUPLICATE, "该次开庭的出庭应诉情况已登记", status=409)
    record = AgencyHeadAppearance.objects.create(
        case=case, hearing_on=hearing_on, defendant_agency=agency, appearance=appearance,
        head_name=name if appearance in HEAD_APPEARANCES else "", head_title=head_title.strip(), note=note.strip(),
        recorded_by=actor)
    label = Appearance(appearance).label
    case_event_write(case=case, kind=CaseEventKind.HEARING, occurred_on=hearing_on, actor=actor,
                     description=f"{agency}：{label}{('（' + name + '）') if record.head_name else ''}",
                     data={"agency_head_appearance_id": record.pk, "appearance": appearance})
    audit_record(actor=actor, action="metrics.agency_appearance_recorded", target=record, case_id=case.pk,
                 after={"hearing_on": hearing_on, "defendant_agency": agency, "appearance": appearance,
                        "head_name": record.head_name, "head_title": record.head_title})
    return record

