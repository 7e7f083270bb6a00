"""The dispatcher: claim a due message, send it, record the result — each step its own short transaction, so
killing the process at any point loses nothing and sends nothing twice.

Protocol per message
1. claim (commit): status → sending, attempts + 1, a fresh claim_token, lease_expires_at = now + lease.
   PostgreSQL: SELECT … FOR UPDATE SKIP LOCKED picks the row; everywhere: the UPDATE is conditional on the row
   still being due, so two dispatchers can never both win it (SQLite serialises writers anyway).
2. mark in flight (commit): is_in_flight = True, just before the gateway call.
3. call the gateway with the message's idempotency key.
4. record (commit): conditional on the claim_token, so a dispatcher whose lease was taken over cannot overwrite.

A dispatcher that dies leaves the message "sending"; once the lease expires another claims it again:
- not in flight → the gateway was never called → send.
- in flight and the gateway honours idempotency keys → send again with the same key (the gateway answers the
  first result).
- in flight and it does not (云MAS, SMTP) → the outcome is unknown; the message fails with that reason and the
  clerk gets a follow-up task: at most once, never twice.
Inbox messages are written in the same transaction as their result: exactly once by construction.
"""

import logging
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q

from yingshang.core.clock import court_now
from yingshang.notifications import conf, domain
from yingshang.notifications.choices import Channel, DeliveryEvent, FollowUpKind, MessageStatus
from yingshang.notifications.domain import SendOutcome, SendResult
from yingshang.notifications.gateways import ChannelStatus, email_send, email_status, sms_gateway
from yingshang.notifications.models import DeliveryLog, InboxItem, Message
from yingshang.notifications.services import recipient_label_for, followup_task_open

logger = logging.getLogger(__name__)


def _due_q(now) -> Q:
    return (Q(status__in=[MessageStatus.QUEUED, MessageStatus.RETRY_WAIT], next_attempt_at__lte=now)
            | Q(status=MessageStatus.SENDING, lease_expires_at__lte=now))


def _log(message: Message, event: str, *, reason: str = "", result: SendResult | None = None,
         detail: dict | None = None) -> None:
    DeliveryLog.objects.create(
        message=message, occurred_at=court_now(), event=event, attempt=message.attempts, reason=reason,
        gateway_message_id=(result.gateway_message_id if result else "")[:64],
        raw_code=(result.raw_code if result else "")[:64], detail=detail or {})


def claim_next(*, message_ids: list[int] | None = None) -> Message | None:
    """Claim one due message (oldest due first) for this dispatcher, or None when nothing is due."""
    now = court_now()
    due = Message.objects.filter(_due_q(now))
    if message_ids is not None:
        due = due.filter(pk__in=message_ids)
    due = due.order_by("next_attempt_at", "pk")
    token = uuid.uuid4().hex
    with transaction.atomic():
        if connection.features.has_select_for_update_skip_locked:
            candidates = list(due.select_for_update(skip_locked=True).values_list("pk", "status")[:1])
        else:
            candidates = list(due.values_list("pk", "status")[:10])
        for pk, previous_status in candidates:
            won = Message.objects.filter(_due_q(now), pk=pk).update(
                status=MessageStatus.SENDING, claim_token=token, attempts=F("attempts") + 1,
                lease_expires_at=now + timedelta(seconds=conf.lease_seconds()), updated_at=now)
            if not won:
                continue
            message = Message.objects.select_related("case", "recipient_user", "recipient_party").get(pk=pk)
            reason = ""
            if previous_status == MessageStatus.SENDING:
                reason = "上次领取的发送程序未完成（租约已到期），重新领取"
                if message.is_in_flight:
                    reason += "；上次已交网关，结果未记录"
            _log(message, DeliveryEvent.SENDING, reason=reason)
            return message
    return None


@dataclass(frozen=True)
class Sender:
    status: ChannelStatus
    honours_idempotency_key: bool
    send: object  # callable(message) -> SendResult


def _sender_for(message: Message) -> Sender:
    if message.channel == Channel.SMS:
        gateway = sms_gateway()
        return Sender(gateway.status(), gateway.honours_idempotency_key,
                      lambda m: gateway.send(idempotency_key=m.idempotency_key, mobile=m.phone, content=m.body,
                                             template_code=m.template_code, params=list(m.params)))
    return Sender(email_status(), False,
                  lambda m: email_send(idempotency_key=m.idempotency_key, to=m.email, subject=m.subject, body=m.body))


def dispatch_one(message: Message) -> str:
    """Send one claimed message and record the result. Answers the outcome name (for the run's summary)."""
    token = message.claim_token
    if message.attempts > message.max_attempts:
        return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.DELIVERY_FAILED,
                       reason=f"已尝试 {message.max_attempts} 次仍未完成（发送程序多次中断）")
    if message.channel == Channel.INBOX:
        return _deliver_to_inbox(message, token)
    sender = _sender_for(message)
    if not sender.status.enabled:
        return _finish(message, token, MessageStatus.DISABLED, DeliveryEvent.DISABLED,
                       FollowUpKind.CHANNEL_DISABLED, reason=sender.status.reason)
    if message.is_in_flight and not sender.honours_idempotency_key:
        return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.OUTCOME_UNCERTAIN,
                       reason="上次发送时发送程序中断，网关可能已受理；该网关不支持幂等键，为避免重复发送不再自动重发，"
                              "请核实是否已收到（云MAS 控制台『话单查询』）")
    with transaction.atomic():
        marked = Message.objects.filter(pk=message.pk, claim_token=token, status=MessageStatus.SENDING).update(
            is_in_flight=True)
    if not marked:
        return "lost_claim"
    result = sender.send(message)
    return _record(message, token, result, honours_idempotency_key=sender.honours_idempotency_key)


def _record(message: Message, token: str, result: SendResult, *, honours_idempotency_key: bool) -> str:
    outcome = result.outcome
    if outcome == SendOutcome.UNCERTAIN and honours_idempotency_key:
        outcome = SendOutcome.RETRYABLE  # a repeat with the same key cannot send twice
    if outcome == SendOutcome.ACCEPTED:
        with transaction.atomic():
            now = court_now()
            won = _mine(message, token).update(
                status=MessageStatus.SENT, sent_at=now, gateway_message_id=result.gateway_message_id[:64],
                raw_code=result.raw_code[:64], last_error="", **_released(now))
            if not won:
                _log(message, DeliveryEvent.STALE_RESULT, reason="租约已被其他发送程序接管，本结果未采用", result=result)
                return "stale"
            _log(message, DeliveryEvent.SENT, reason=result.reason, result=result)
        return "sent"
    if outcome == SendOutcome.RETRYABLE:
        decision = domain.retry_decide(failed_attempts=message.attempts, max_attempts=message.max_attempts,
                                       failed_at=court_now(), base_seconds=conf.backoff_base_seconds(),
                                       max_seconds=conf.backoff_max_seconds())
        if decision.retry:
            with transaction.atomic():
                now = court_now()
                won = _mine(message, token).update(
                    status=MessageStatus.RETRY_WAIT, next_attempt_at=decision.next_attempt_at,
                    last_error=result.reason, raw_code=result.raw_code[:64], **_released(now))
                if not won:
                    _log(message, DeliveryEvent.STALE_RESULT, reason=result.reason, result=result)
                    return "stale"
                _log(message, DeliveryEvent.RETRY_SCHEDULED, result=result,
                     reason=f"{result.reason}；将于 {decision.next_attempt_at.isoformat()} 重试",
                     detail={"next_attempt_at": decision.next_attempt_at.isoformat()})
            return "retry"
        return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.DELIVERY_FAILED,
                       reason=f"已尝试 {message.attempts} 次均失败：{result.reason}", result=result)
    if outcome == SendOutcome.UNCERTAIN:
        return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.OUTCOME_UNCERTAIN,
                       reason=f"{result.reason}；为避免重复发送不再自动重发，请核实是否已收到", result=result)
    return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.DELIVERY_FAILED,
                   reason=result.reason, result=result)


def _mine(message: Message, token: str):
    return Message.objects.filter(pk=message.pk, claim_token=token, status=MessageStatus.SENDING)


def _released(now) -> dict:
    return {"is_in_flight": False, "lease_expires_at": None, "claim_token": "", "updated_at": now}


def _finish(message: Message, token: str, status: str, event: str, followup_kind: str, *, reason: str,
            result: SendResult | None = None) -> str:
    """A final failure (or disabled channel): the message, its log line and the clerk's follow-up task in one
    transaction."""
    with transaction.atomic():
        now = court_now()
        won = _mine(message, token).update(status=status, failed_at=now, last_error=reason,
                                           raw_code=(result.raw_code if result else "")[:64], **_released(now))
        if not won:
            _log(message, DeliveryEvent.STALE_RESULT, reason=reason, result=result)
            return "stale"
        _log(message, event, reason=reason, result=result)
        if message.case_id:
            label = recipient_label_for(message.recipient_user, message.recipient_party, message.phone, message.email)
            followup_task_open(kind=followup_kind, case=message.case, message=message, source_key=f"msg:{message.pk}",
                               template_code=message.template_code, recipient_label=label,
                               reason=f"{message.get_channel_display()}通知未能送达{label}：{reason}。"
                                      f"通知内容：{message.body}")
    return "disabled" if status == MessageStatus.DISABLED else "failed"


def _inbox_users(message: Message) -> list:
    if message.recipient_user_id:
        return [message.recipient_user] if message.recipient_user.is_active else []
    if message.recipient_party_id:
        return list(message.recipient_party.users.filter(is_active=True).order_by("pk"))
    return []


def _deliver_to_inbox(message: Message, token: str) -> str:
    """The inbox item(s) and the message's result in one transaction: exactly once."""
    users = _inbox_users(message)
    if not users:
        return _finish(message, token, MessageStatus.FAILED, DeliveryEvent.FAILED, FollowUpKind.DELIVERY_FAILED,
                       reason="收件人没有有效的门户账号，无法放入消息中心")
    with transaction.atomic():
        now = court_now()
        won = _mine(message, token).update(status=MessageStatus.DELIVERED, sent_at=now, delivered_at=now,
                                           raw_code="OK", last_error="", **_released(now))
        if not won:
            _log(message, DeliveryEvent.STALE_RESULT, reason="租约已被其他发送程序接管")
            return "stale"
        InboxItem.objects.bulk_create(
            [InboxItem(user=user, message=message, case_id=message.case_id, title=message.subject,
                       body=message.body, created_at=now) for user in users], ignore_conflicts=True)
        _log(message, DeliveryEvent.DELIVERED, reason=f"已放入 {len(users)} 个账号的消息中心",
             detail={"user_ids": [u.pk for u in users]})
    return "delivered"


def dispatch_due(*, limit: int | None = None, message_ids: list[int] | None = None) -> Counter:
    """One pass: claim and send due messages until none is due or ``limit`` are handled. ``message_ids``
    restricts the pass to those messages (the after-commit kick). Answers a Counter of outcomes."""
    limit = conf.batch_limit() if limit is None else limit
    summary: Counter = Counter()
    while sum(summary.values()) < limit:
        message = claim_next(message_ids=message_ids)
        if message is None:
            break
        try:
            summary[dispatch_one(message)] += 1
        except Exception:  # noqa: BLE001 - a bug or a database error: the lease expiry hands the message on
            logger.exception("dispatching notification %s failed; it is retried after its lease", message.pk)
            summary["error"] += 1
    return summary
