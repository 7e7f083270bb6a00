"""Liaison meetings (plan 四(一)): the Party group's quarterly study and 联席会议, with minutes, decisions and the
measures they dealt with. Recorded by 审管办/督察室/营商办; corrections audited with before/after."""

from datetime import date

from django.db import transaction

from yingshang.audit.services import audit_record
from yingshang.core.clock import court_today
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.measures.choices import MeetingKind
from yingshang.measures.errors import MeasureError
from yingshang.measures.models import LiaisonMeeting, Measure, Plan
from yingshang.measures.permissions import access_meeting, can_record_meetings

MEETING_FIELDS = ("kind", "held_on", "title", "attendees", "minutes", "decisions", "measure_ids")


def clean_lines(values) -> list[str]:
    """Names or decisions as a list: one per item (a string is split on new lines, 、 and ；), stripped, without
    blanks or repeats, in the order given."""
    if isinstance(values, str):
        for separator in ("\r", "、", "；", ";"):
            values = values.replace(separator, "\n")
        values = values.split("\n")
    return list(dict.fromkeys(v.strip() for v in values or () if v and v.strip()))


def _require_recorder(actor) -> None:
    if not can_record_meetings(actor):
        raise PermissionDenied(MeasureError.MEETING_DENIED, "只有审管办、督察室或营商办可以记录营商环境会议")


def _validated(*, plan: Plan, kind: str, held_on: date, title: str, minutes: str, attendees, decisions,
               measure_ids) -> dict:
    if kind not in MeetingKind.values:
        raise DomainError(MeasureError.MEETING_KIND_INVALID, "会议类型应为党组季度研究或联席会议",
                          {"allowed": list(MeetingKind.values)})
    if held_on is None or held_on > court_today():
        raise DomainError(MeasureError.MEETING_DATE_IN_FUTURE, "会议日期不能晚于今天（记录已召开的会议）")
    if not (title or "").strip():
        raise DomainError(MeasureError.MEETING_TITLE_REQUIRED, "请填写会议名称")
    if not (minutes or "").strip():
        raise DomainError(MeasureError.MEETING_MINUTES_REQUIRED, "请填写会议纪要")
    ids = sorted({int(i) for i in measure_ids or ()})
    known = set(Measure.objects.filter(plan=plan, pk__in=ids).values_list("pk", flat=True))
    if len(known) != len(ids):
        raise DomainError(MeasureError.MEETING_MEASURE_UNKNOWN, "涉及的举措不属于该方案",
                          {"unknown": [i for i in ids if i not in known]})
    return {"kind": kind, "held_on": held_on, "title": title.strip(), "minutes": minutes.strip(),
            "attendees": clean_lines(attendees), "decisions": clean_lines(decisions), "measure_ids": ids}


def _snapshot(meeting: LiaisonMeeting) -> dict:
    return {"kind": meeting.kind, "held_on": meeting.held_on, "title": meeting.title, "attendees": meeting.attendees,
            "minutes": meeting.minutes, "decisions": meeting.decisions,
            "measure_ids": sorted(meeting.measures.values_list("pk", flat=True))}


@transaction.atomic
def meeting_record(*, kind: str, held_on: date, title: str, minutes: str, actor, plan_id: int | None = None,
                   attendees=(), decisions=(), measure_ids=()) -> LiaisonMeeting:
    """Record a meeting held on the plan (default: the current plan). Audit: measures.meeting_recorded."""
    _require_recorder(actor)
    plan = Plan.objects.filter(pk=plan_id).first() if plan_id else Plan.objects.order_by("-year", "-id").first()
    if plan is None:
        raise NotFound(MeasureError.PLAN_NOT_FOUND, "未找到该实施方案")
    values = _validated(plan=plan, kind=kind, held_on=held_on, title=title, minutes=minutes, attendees=attendees,
                        decisions=decisions, measure_ids=measure_ids)
    ids = values.pop("measure_ids")
    meeting = LiaisonMeeting.objects.create(plan=plan, recorded_by=actor, **values)
    meeting.measures.set(ids)
    audit_record(actor=actor, action="measures.meeting_recorded", target=meeting,
                 after={"plan_id": plan.pk, **_snapshot(meeting)})
    return meeting


@transaction.atomic
def meeting_update(*, meeting_id: int, actor, reason: str = "", kind: str | None = None, held_on: date | None = None,
                   title: str | None = None, minutes: str | None = None, attendees=None, decisions=None,
                   measure_ids=None) -> LiaisonMeeting:
    """Correct a meeting record (fields left None keep their value). Refused, writing nothing, when nothing
    changes. Audit: measures.meeting_updated with the changed fields before and after."""
    found = access_meeting(actor, meeting_id)
    _require_recorder(actor)
    meeting = LiaisonMeeting.objects.select_for_update().get(pk=found.pk)
    current = _snapshot(meeting)
    given = {"kind": kind, "held_on": held_on, "title": title, "minutes": minutes, "attendees": attendees,
             "decisions": decisions, "measure_ids": measure_ids}
    wanted = _validated(plan=found.plan, **{k: current[k] if v is None else v for k, v in given.items()})
    changed = [k for k in MEETING_FIELDS if wanted[k] != current[k]]
    if not changed:
        raise DomainError(MeasureError.MEETING_UNCHANGED, "没有修改任何内容")
    for name in changed:
        if name != "measure_ids":
            setattr(meeting, name, wanted[name])
    meeting.save()
    if "measure_ids" in changed:
        meeting.measures.set(wanted["measure_ids"])
    audit_record(actor=actor, action="measures.meeting_updated", target=meeting,
                 before={k: current[k] for k in changed}, after={k: wanted[k] for k in changed},
                 reason=(reason or "").strip())
    return meeting
