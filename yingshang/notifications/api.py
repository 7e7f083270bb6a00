"""/api/v1/inbox and /api/v1/notifications/… — thin: parse, call one service or selector, render."""

import hmac
import json
import logging

from django.conf import settings
from ninja import Query, Router, Schema

from yingshang.cases.permissions import access_case
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.core.pagination import PageRequest, paginate
from yingshang.notifications import conf, selectors, services
from yingshang.notifications.catalogue import CATALOGUE
from yingshang.notifications.choices import Channel
from yingshang.notifications.permissions import (
    access_followup_task, access_party_for_preference, can_see_follow_ups,
)
from yingshang.notifications.schemas import (
    ChannelStatusOut, FollowUpCloseIn, FollowUpListOut, FollowUpOut, InboxItemOut, InboxListOut, MarkedOut,
    MessageListOut, PreferenceIn, PreferenceOut, ReceiptAckOut, TemplateOut,
)
from yingshang.notifications.services import recipient_label_for

logger = logging.getLogger(__name__)
router = Router(tags=["notifications 通知"])
PREFIX = "/"


def inbox_item_out(item) -> dict:
    return {"id": item.pk, "title": item.title, "body": item.body, "case_id": item.case_id,
            "case_number": item.case.case_number if item.case_id else "", "created_at": item.created_at,
            "read_at": item.read_at, "is_read": item.is_read}


def followup_out(task) -> dict:
    return {"id": task.pk, "kind": task.kind, "kind_label": task.get_kind_display(), "status": task.status,
            "status_label": task.get_status_display(), "case_id": task.case_id,
            "case_number": task.case.case_number, "message_id": task.message_id,
            "channel": task.message.channel if task.message_id else "", "template_code": task.template_code,
            "recipient_label": task.recipient_label, "reason": task.reason, "assignee_id": task.assignee_id,
            "assignee_name": str(task.assignee) if task.assignee_id else "", "outcome": task.outcome,
            "created_at": task.created_at, "closed_at": task.closed_at,
            "closed_by_name": str(task.closed_by) if task.closed_by_id else ""}


def preference_out(pref) -> dict:
    if pref is None:
        return {"channels": [], "channel_labels": [], "phone": "", "email": "", "is_default": True}
    return {"channels": list(pref.channels), "channel_labels": [Channel(c).label for c in pref.channels],
            "phone": pref.phone, "email": pref.email, "is_default": False}


def message_out(message) -> dict:
    return {"id": message.pk, "channel": message.channel, "channel_label": message.get_channel_display(),
            "template_code": message.template_code, "subject": message.subject, "body": message.body,
            "recipient_label": recipient_label_for(message.recipient_user, message.recipient_party, message.phone,
                                                   message.email),
            "status": message.status, "status_label": message.get_status_display(), "attempts": message.attempts,
            "next_attempt_at": message.next_attempt_at, "gateway_message_id": message.gateway_message_id,
            "last_error": message.last_error, "created_at": message.created_at, "sent_at": message.sent_at,
            "delivered_at": message.delivered_at,
            "log": [{"event": e.event, "event_label": e.get_event_display(), "occurred_at": e.occurred_at,
                     "attempt": e.attempt, "reason": e.reason, "gateway_message_id": e.gateway_message_id,
                     "raw_code": e.raw_code} for e in message.log.all()]}


class InboxQuery(Schema):
    unread: bool = False
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


class FollowUpQuery(Schema):
    status: str = "open"
    mine: bool = False
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


class PageQuery(Schema):
    page: int = 1
    page_size: int = settings.PAGE_SIZE_DEFAULT


def _require_staff(user) -> None:
    if not can_see_follow_ups(user):
        raise PermissionDenied("NOTIFICATION_STAFF_ONLY", "仅限法院工作人员")


# --- Inbox ------------------------------------------------------------------------------------------------------

@router.get("/inbox", response=InboxListOut, summary="我的消息（站内消息）")
def inbox_list(request, query: Query[InboxQuery]):
    """The caller's own in-app messages, newest first; ``unread=true`` for unread only."""
    page = PageRequest.of(query.page, query.page_size)
    items, count = paginate(selectors.inbox_list_for_user(user=request.user, unread_only=query.unread), page)
    return {"items": [inbox_item_out(i) for i in items], "count": count,
            "unread_count": selectors.inbox_unread_count(user=request.user)}


@router.post("/inbox/read-all", response=MarkedOut, summary="全部标为已读")
def inbox_read_all(request):
    return {"updated": services.inbox_mark_all_read(actor=request.user)}


@router.post("/inbox/{item_id}/read", response=InboxItemOut, summary="标为已读")
def inbox_read(request, item_id: int):
    """Mark one of the caller's messages read (idempotent). Someone else's item answers 404."""
    return inbox_item_out(services.inbox_item_mark_read(item_id=item_id, actor=request.user))


# --- Follow-up tasks --------------------------------------------------------------------------------------------

@router.get("/notifications/follow-ups", response=FollowUpListOut, summary="通知跟进任务（书记员）")
def followup_list(request, query: Query[FollowUpQuery]):
    """Notices that could not be delivered, for the case's clerk to follow up. ``status``: open / closed / all;
    ``mine=true``: only tasks assigned to the caller. Court staff only."""
    _require_staff(request.user)
    status = None if query.status == "all" else query.status
    page = PageRequest.of(query.page, query.page_size)
    items, count = paginate(selectors.followup_list_for_user(user=request.user, status=status,
                                                             mine_only=query.mine), page)
    return {"items": [followup_out(t) for t in items], "count": count}


@router.get("/notifications/follow-ups/{task_id}", response=FollowUpOut, summary="跟进任务详情")
def followup_get(request, task_id: int):
    return followup_out(access_followup_task(request.user, task_id))


@router.post("/notifications/follow-ups/{task_id}/close", response=FollowUpOut, summary="办结跟进任务")
def followup_close(request, task_id: int, payload: FollowUpCloseIn):
    """Close a task with what was done (e.g. 已电话告知). The assignee or whoever may change the case."""
    task = services.followup_task_close(task_id=task_id, outcome=payload.outcome, actor=request.user)
    return followup_out(access_followup_task(request.user, task.pk))


# --- Preferences ------------------------------------------------------------------------------------------------

@router.get("/notifications/preferences/me", response=PreferenceOut, summary="我的通知方式")
def preference_me(request):
    return preference_out(selectors.preference_get(user=request.user))


@router.put("/notifications/preferences/me", response=PreferenceOut, summary="设置我的通知方式")
def preference_me_set(request, payload: PreferenceIn):
    pref = services.contact_preference_set(actor=request.user, channels=[c.value for c in payload.channels],
                                           phone=payload.phone, email=payload.email)
    return preference_out(pref)


@router.get("/notifications/preferences/parties/{party_id}", response=PreferenceOut, summary="当事人的通知方式")
def preference_party(request, party_id: int):
    party = access_party_for_preference(request.user, party_id)
    return preference_out(selectors.preference_get(party=party))


@router.put("/notifications/preferences/parties/{party_id}", response=PreferenceOut, summary="设置当事人的通知方式")
def preference_party_set(request, party_id: int, payload: PreferenceIn):
    """The party's own portal account, or court staff who may change one of its cases (recording its choice)."""
    party = access_party_for_preference(request.user, party_id)
    pref = services.contact_preference_set(actor=request.user, party=party,
                                           channels=[c.value for c in payload.channels], phone=payload.phone,
                                           email=payload.email)
    return preference_out(pref)


# --- Staff views of the outbox ----------------------------------------------------------------------------------

@router.get("/notifications/cases/{case_id}/messages", response=MessageListOut, summary="案件的通知记录")
def case_messages(request, case_id: int, query: Query[PageQuery]):
    """Every notice of the case with its delivery log (queued, sending, sent, delivered, failed, reason)."""
    _require_staff(request.user)
    case = access_case(request.user, case_id)
    items, count = paginate(selectors.messages_for_case(case_id=case.pk), PageRequest.of(query.page,
                                                                                          query.page_size))
    return {"items": [message_out(m) for m in items], "count": count}


@router.get("/notifications/templates", response=list[TemplateOut], summary="通知模板目录")
def template_list(request):
    """The template codes other apps pass to notification_enqueue, with their required fields."""
    return [{"code": t.code, "title": t.title, "text": t.text, "fields": list(t.fields), "audience": t.audience}
            for t in CATALOGUE.values()]


@router.get("/notifications/channels", response=list[ChannelStatusOut], summary="通道状态")
def channel_list(request):
    _require_staff(request.user)
    return [{"channel": name, "channel_label": Channel(name).label, "enabled": status.enabled,
             "reason": status.reason} for name, status in selectors.channel_statuses().items()]


# --- Pushes from the SMS platform -------------------------------------------------------------------------------

@router.post("/notifications/sms/mas-reports/{token}", auth=None, response=ReceiptAckOut,
             summary="云MAS 状态报告推送（平台调用）")
def mas_report(request, token: str):
    """Delivery reports pushed by 云MAS (plain JSON, one object or a list). No authentication exists on the
    platform side, so the path carries a secret (SMS_MAS_REPORT_TOKEN) and, when configured, the source IP must be
    listed (SMS_MAS_REPORT_ALLOWED_IPS). Answers at once; duplicates are ignored."""
    mas = conf.mas()
    if not mas.report_token or not hmac.compare_digest(token.encode(), mas.report_token.encode()):
        raise NotFound()
    if mas.report_allowed_ips and request.META.get("REMOTE_ADDR") not in mas.report_allowed_ips:
        raise NotFound()
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise DomainError("SMS_RECEIPT_INVALID", "状态报告不是有效的 JSON")
    counts = services.sms_receipts_record(data=data)
    return {"ok": True, **counts}
