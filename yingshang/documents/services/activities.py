"""Online litigation records (measures 21–22): hearings, mediation sessions, evidence exchange and inquiries, each
marked online, offline or hybrid, so the indicators can count online use."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseEventKind
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError
from yingshang.documents.choices import ActivityKind, ActivityMode
from yingshang.documents.errors import DocumentError
from yingshang.documents.models import Document, LitigationActivity
from yingshang.documents.permissions import access_case_for_documents
from yingshang.documents.services._common import timeline


@transaction.atomic
def activity_record(*, case_id: int, kind: str, mode: str, held_on: date, platform: str = "", note: str = "",
                    recording_document_id: int | None = None, actor) -> LitigationActivity:
    """Record a hearing, mediation session, evidence exchange or inquiry and whether it was held online (the 在线庭审
    and 在线服务平台综合利用率 counts read these). A hearing also appears on the case timeline.
    Audit: documents.activity_recorded."""
    case = access_case_for_documents(actor, case_id)
    if kind not in ActivityKind.values:
        raise DomainError(DocumentError.ACTIVITY_KIND, "活动应为庭审、调解、证据交换或调查询问", {"kind": kind})
    if mode not in ActivityMode.values:
        raise DomainError(DocumentError.ACTIVITY_MODE, "方式应为在线、线下或线上线下结合", {"mode": mode})
    if held_on > court_today() or held_on < case.filed_on:
        raise DomainError(DocumentError.DATE_INVALID, "举行日期应在立案日之后、今天之前", {"held_on": str(held_on)})
    recording = None
    if recording_document_id is not None:
        recording = Document.objects.filter(pk=recording_document_id, case=case).first()
        if recording is None:
            raise DomainError(DocumentError.NOT_FOUND, "笔录应为本案已入卷的材料",
                              {"recording_document_id": recording_document_id})
    activity = LitigationActivity.objects.create(case=case, kind=kind, mode=mode, held_on=held_on,
                                                 platform=(platform or "").strip()[:100],
                                                 note=(note or "").strip()[:500], recording=recording,
                                                 recorded_by=actor)
    if kind == ActivityKind.HEARING:
        timeline(case, kind=CaseEventKind.HEARING, occurred_on=held_on, actor=actor,
                 description=f"{ActivityMode(mode).label}开庭" + (f"（{activity.platform}）" if activity.platform else ""),
                 activity_id=activity.pk)
    audit_record(actor=actor, action="documents.activity_recorded", target=activity, case_id=case.pk,
                 after={"kind": kind, "mode": mode, "held_on": held_on, "platform": activity.platform})
    return activity
