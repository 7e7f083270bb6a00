"""Writes of the notifications app: the outbox (notification_enqueue), channel preferences, inbox reads,
follow-up tasks and SMS delivery reports. The sending itself is in dispatch.py."""

import logging
import uuid
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from yingshang.audit.services import audit_record
from yingshang.cases.domain import normalise_phone
from yingshang.cases.models import Case, Party
from yingshang.core.clock import court_now
from yingshang.core.errors import DomainError
from yingshang.notifications import conf, domain
from yingshang.notifications.catalogue import CATALOGUE
from yingshang.notifications.choices import (
    Channel, DeliveryEvent, FollowUpKind, FollowUpStatus, MessageStatus,
)
from yingshang.notifications.errors import NotificationError
from yingshang.notifications.models import (
    ContactPreference, DeliveryLog, FollowUpTask, InboxItem, Message,
)
from yingshang.notifications.permissions import access_followup_task_for_close, access_inbox_item
from yingshang.org.choices import Role
from yingshang.org.models import User

logger = logging.getLogger(__name__)


# --- Outbox -----------------------------------------------------------------------------------------------------

def _localise(context: dict) -> dict:
    """Aware datetimes in the court's zone before they are written into a text."""
    return {key: timezone.localtime(value) if isinstance(value, datetime) and timezone.is_aware(value) else value
            for key, value in context.items()}


def _case_of(case) -> Case | None:
    if case is None or isinstance(case, Case):
        return case
    found = Case.objects.filter(pk=case).first() if str(case).isdigit() else None
    if found is None:
        raise DomainError(NotificationError.CASE_NOT_FOUND, "通知关联的案件不存在", {"case_id": str(case)})
    return found


def _phone_on_file(value: str) -> str:
    """A stored number usable for SMS, or "" (a landline or a typo on file does not refuse the caller's change)."""
    try:
        return normalise_phone(value) if value else ""
    except DomainError:
        return ""


def _email_on_file(value: str) -> str:
    try:
        return domain.email_normalise(value) if value else ""
    except DomainError:
        return ""


def _group_key(idempotency_key: str | None) -> str:
    if idempotency_key is None:
        return f"auto:{uuid.uuid4().hex}"
    key = str(idempotency_key).strip()
    if not key or len(key) > 200:
        raise DomainError(NotificationError.IDEMPOTENCY_KEY_INVALID, "幂等键不能为空，且不超过200个字符",
                          {"idempotency_key": idempotency_key})
    return key


def recipient_label_for(user, party, phone: str, email: str) -> str:
    if party is not None:
        return party.name
    if user is not None:
        return str(user)
    return phone or email


def notification_enqueue(*, recipient_user: User | None = None, recipient_party: Party | None = None,
                         phone: str | None = None, email: str | None = None, template_code: str, context: dict,
                         case: Case | int | None = None, channels: list[str] | None = None,
                         idempotency_key: str | None = None) -> list[Message]:
    """Queue a notice: one Message per channel, written in the caller's transaction (call it from inside your
    service's ``@transaction.atomic``); nothing is sent before that transaction commits, and nothing is queued if
    it rolls back.

    Channels: ``channels`` when given (each must be reachable, else a coded error); otherwise the recipient's
    ContactPreference, otherwise the defaults (party: SMS + portal inbox; user: inbox), keeping the reachable ones.
    A recipient that cannot be reached on any channel gets no message; when ``case`` is given, the case's clerk
    gets a follow-up task instead.

    ``idempotency_key``: one notice = one key (e.g. f"enforcement.asset_search_done:{event.pk}"). Enqueuing the
    same key again returns the messages already queued and writes nothing.

    Refused with a coded DomainError (nothing written): unknown template, missing context key, no recipient,
    invalid phone/e-mail passed explicitly, unknown or unreachable channel requested.
    """
    with transaction.atomic():
        return _enqueue(recipient_user=recipient_user, recipient_party=recipient_party, phone=phone, email=email,
                        template_code=template_code, context=context, case=case, channels=channels,
                        idempotency_key=idempotency_key)


def _enqueue(*, recipient_user, recipient_party, phone, email, template_code, context, case, channels,
             idempotency_key) -> list[Message]:
    template = domain.template_lookup(CATALOGUE, template_code)
    rendered = domain.render(template, _localise(dict(context or {})))
    if recipient_user is None and recipient_party is None and not phone and not email:
        raise DomainError(NotificationError.RECIPIENT_REQUIRED, "请指定通知对象（用户、当事人、手机号或邮箱）")
    explicit_phone = normalise_phone(phone) if phone else ""
    explicit_email = domain.email_normalise(email) if email else ""
    case_obj = _case_of(case)
    key = _group_key(idempotency_key)

    existing = list(Message.objects.filter(group_key=key).order_by("pk"))
    if existing:
        return _same_notice(existing, template_code, key)

    preference = None
    if recipient_user is not None:
        preference = ContactPreference.objects.filter(user=recipient_user).first()
    elif recipient_party is not None:
        preference = ContactPreference.objects.filter(party=recipient_party).first()
    on_file = recipient_party if recipient_party is not None else recipient_user
    sms_phone = (explicit_phone or (preference.phone if preference else "")
                 or _phone_on_file(getattr(on_file, "phone", "") or ""))
    mail_to = (explicit_email or (preference.email if preference else "")
               or _email_on_file(getattr(recipient_user, "email", "") or ""))
    if recipient_user is not None:
        inbox_users = 1 if recipient_user.is_active else 0
        defaults = conf.default_channels_user()
    elif recipient_party is not None:
        inbox_users = recipient_party.users.filter(is_active=True).count()
        defaults = conf.default_channels_party()
    else:
        inbox_users = 0
        defaults = ["sms", "email"]
    reach = domain.Reachability(phone=sms_phone, email=mail_to, inbox_user_count=inbox_users)
    chosen = domain.channels_resolve(requested=channels, chosen=preference.channels if preference else None,
                                     defaults=defaults, reach=reach)
    label = recipient_label_for(recipient_user, recipient_party, sms_phone, mail_to)
    if not chosen:
        if case_obj is not None:
            followup_task_open(kind=FollowUpKind.NO_CONTACT, case=case_obj, source_key=f"nocontact:{key}",
                               template_code=template_code, recipient_label=label,
                               reason=f"「{rendered.subject}」无法通知{label}：没有可用的手机号、邮箱或门户账号。"
                                      f"通知内容：{rendered.body}")
        return []

    now = court_now()
    try:
        with transaction.atomic():
            messages = []
            for channel in chosen:
                message = Message.objects.create(
                    group_key=key, idempotency_key=domain.message_key(key, channel), channel=channel,
                    template_code=template_code, subject=rendered.subject, body=rendered.body,
                    values=rendered.values, params=rendered.params, recipient_user=recipient_user,
                    recipient_party=recipient_party, phone=sms_phone if channel == Channel.SMS else "",
                    email=mail_to if channel == Channel.EMAIL else "", case=case_obj,
                    status=MessageStatus.QUEUED, max_attempts=conf.max_attempts(), next_attempt_at=now)
                DeliveryLog.objects.create(message=message, occurred_at=now, event=DeliveryEvent.QUEUED,
                                           reason=f"{Channel(channel).label} → {label}")
                messages.append(message)
    except IntegrityError:
        # The same key was enqueued concurrently and committed first: answer with its rows.
        existing = list(Message.objects.filter(group_key=key).order_by("pk"))
        if existing:
            return _same_notice(existing, template_code, key)
        raise
    _dispatch_after_commit([m.pk for m in messages])
    return messages


def _same_notice(existing: list[Message], template_code: str, key: str) -> list[Message]:
    if existing[0].template_code != template_code:
        raise DomainError(NotificationError.IDEMPOTENCY_KEY_REUSED,
                          "该幂等键已用于另一模板的通知", {"idempotency_key": key,
                                                 "template_code": existing[0].template_code})
    return existing


def _dispatch_after_commit(message_ids: list[int]) -> None:
    """Send once the caller's transaction has committed: in-process when no Celery broker is configured
    (CELERY_TASK_ALWAYS_EAGER), otherwise as a Celery task. A failure here never reaches the caller: the
    messages stay queued for the next dispatcher run."""
    if not conf.dispatch_on_commit() or not message_ids:
        return

    def kick():
        try:
            if conf.celery_eager():
                from yingshang.notifications.dispatch import dispatch_due

                dispatch_due(message_ids=message_ids)
            else:
                from yingshang.notifications.tasks import dispatch_notifications_task

                dispatch_notifications_task.delay(message_ids=message_ids)
        except Exception:  # noqa: BLE001 - logged; the dispatcher's next run picks the messages up
            logger.exception("notification dispatch after commit failed; messages stay queued")

    transaction.on_commit(kick, robust=True)


# --- Follow-up tasks --------------------------------------------------------------------------------------------

def clerk_for_case(case: Case) -> User | None:
    """Who follows up a failed notice: a 书记员 of the case's team, else of its department, else the judge."""
    clerks = User.objects.filter(role=Role.CLERK, is_active=True).order_by("pk")
    if case.team_id:
        clerk = clerks.filter(team_id=case.team_id).first()
        if clerk:
            return clerk
    if case.department_id:
        clerk = clerks.filter(department_id=case.department_id).first()
        if clerk:
            return clerk
    return case.judge if case.judge_id else None


def followup_task_open(*, kind: str, case: Case, source_key: str, reason: str, message: Message | None = None,
                       template_code: str = "", recipient_label: str = "") -> FollowUpTask:
    """Open (once per source_key) a task for the case's clerk. Written by the system inside the transaction that
    records the failure. Audit: notifications.followup_opened."""
    existing = FollowUpTask.objects.filter(source_key=source_key).first()
    if existing is not None:
        return existing
    task = FollowUpTask.objects.create(
        source_key=source_key, kind=kind, case=case, message=message, assignee=clerk_for_case(case),
        department_id=case.department_id, template_code=template_code, recipient_label=recipient_label[:200],
        reason=reason)
    audit_record(actor=None, action="notifications.followup_opened", target=task, case_id=case.pk,
                 after={"kind": kind, "assignee_id": task.assignee_id, "message_id": message.pk if message else None},
                 reason=reason[:500])
    return task


@transaction.atomic
def followup_task_close(*, task_id: int, outcome: str, actor: User) -> FollowUpTask:
    """Close a follow-up task with what was done (e.g. 「已电话告知当事人」). Audit: notifications.followup_closed."""
    task = access_followup_task_for_close(actor, task_id)
    task = FollowUpTask.objects.select_for_update().get(pk=task.pk)
    if task.status == FollowUpStatus.CLOSED:
        raise DomainError(NotificationError.FOLLOWUP_ALREADY_CLOSED, "该跟进任务已办结", {"task_id": task.pk})
    outcome = (outcome or "").strip()
    if not outcome:
        raise DomainError(NotificationError.FOLLOWUP_OUTCOME_REQUIRED, "请填写处理结果")
    before = {"status": task.status}
    task.status = FollowUpStatus.CLOSED
    task.outcome = outcome
    task.closed_at = court_now()
    task.closed_by = actor
    task.save(update_fields=["status", "outcome", "closed_at", "closed_by", "updated_at"])
    audit_record(actor=actor, action="notifications.followup_closed", target=task, case_id=task.case_id,
                 before=before, after={"status": task.status, "outcome": outcome}, reason=outcome)
    return task


# --- Preferences ------------------------------------------------------------------------------------------------

def _preference_snapshot(pref: ContactPreference | None) -> dict | None:
    if pref is None:
        return None
    return {"channels": list(pref.channels), "phone": pref.phone, "email": pref.email}


@transaction.atomic
def contact_preference_set(*, actor: User, channels: list[str], party: Party | None = None, phone: str = "",
                           email: str = "") -> ContactPreference:
    """Record the channels a user (``party`` None: the actor himself) or a party chose. ``party`` must come from
    permissions.access_party_for_preference. Every chosen channel must be reachable (SMS needs a valid mobile —
    the one given or the one on file; e-mail an address; the inbox a portal account).
    Audit: notifications.preference_changed."""
    wanted = domain.channels_check(list(channels or []))
    if not wanted:
        raise DomainError(NotificationError.CHANNELS_EMPTY, "请至少选择一种接收方式")
    phone_value = normalise_phone(phone) if phone else ""
    email_value = domain.email_normalise(email) if email else ""
    if party is not None:
        on_file_phone = _phone_on_file(party.phone)
        inbox = party.users.filter(is_active=True).count()
        on_file_email = ""
        lookup = {"party": party}
    else:
        on_file_phone = _phone_on_file(actor.phone)
        inbox = 1
        on_file_email = _email_on_file(actor.email)
        lookup = {"user": actor}
    reach = domain.Reachability(phone=phone_value or on_file_phone, email=email_value or on_file_email,
                                inbox_user_count=inbox)
    domain.channels_resolve(requested=wanted, chosen=None, defaults=[], reach=reach)
    pref = ContactPreference.objects.select_for_update().filter(**lookup).first()
    before = _preference_snapshot(pref)
    if pref is None:
        pref = ContactPreference(**lookup)
    pref.channels = wanted
    pref.phone = phone_value
    pref.email = email_value
    pref.updated_by = actor
    pref.save()
    audit_record(actor=actor, action="notifications.preference_changed", target=pref, before=before,
                 after=_preference_snapshot(pref))
    return pref


# --- Inbox ------------------------------------------------------------------------------------------------------

def inbox_item_mark_read(*, item_id: int, actor: User) -> InboxItem:
    """Mark one of the actor's own inbox items read (idempotent). Not audited: reading one's own mail changes
    no legal state."""
    item = access_inbox_item(actor, item_id)
    if item.read_at is None:
        now = court_now()
        InboxItem.objects.filter(pk=item.pk, read_at__isnull=True).update(read_at=now)
        item.refresh_from_db(fields=["read_at"])
    return item


def inbox_mark_all_read(*, actor: User) -> int:
    """Mark every unread item of the actor read; answers how many changed."""
    if not actor.is_authenticated:
        return 0
    return InboxItem.objects.filter(user_id=actor.pk, read_at__isnull=True).update(read_at=court_now())


# --- SMS delivery reports ---------------------------------------------------------------------------------------

def sms_receipts_record(*, data, gateway=None) -> dict:
    """Apply delivery reports pushed by the SMS platform. Idempotent on (msgGroup, mobile, status): the platform
    re-pushes when it gets no answer within 2 s. A failed delivery becomes a follow-up task."""
    from yingshang.notifications.gateways import sms_gateway

    gateway = gateway or sms_gateway()
    receipts = gateway.parse_receipts(data)
    counts = {"applied": 0, "duplicate": 0, "unmatched": 0}
    for receipt in receipts:
        counts[_receipt_apply(receipt)] += 1
    return counts


@transaction.atomic
def _receipt_apply(receipt: domain.Receipt) -> str:
    message = (Message.objects.select_for_update()
               .filter(channel=Channel.SMS, gateway_message_id=receipt.gateway_message_id, phone=receipt.mobile)
               .first())
    if message is None:
        logger.warning("SMS report for unknown msgGroup %s", receipt.gateway_message_id)
        return "unmatched"
    if message.log.filter(event=DeliveryEvent.RECEIPT, raw_code=receipt.raw_code[:64]).exists():
        return "duplicate"
    now = court_now()
    at = timezone.make_aware(receipt.received_at) if receipt.received_at else now
    DeliveryLog.objects.create(message=message, occurred_at=now, event=DeliveryEvent.RECEIPT,
                               attempt=message.attempts, raw_code=receipt.raw_code[:64],
                               gateway_message_id=receipt.gateway_message_id,
                               detail={"delivered": receipt.delivered, "received_at": at.isoformat()})
    if message.status != MessageStatus.SENT:
        return "applied"
    if receipt.delivered:
        message.status, message.delivered_at = MessageStatus.DELIVERED, at
        message.save(update_fields=["status", "delivered_at", "updated_at"])
        DeliveryLog.objects.create(message=message, occurred_at=now, event=DeliveryEvent.DELIVERED,
                                   attempt=message.attempts, raw_code=receipt.raw_code[:64],
                                   gateway_message_id=receipt.gateway_message_id, reason="运营商回执：已送达")
        return "applied"
    reason = f"运营商回执：未送达（{receipt.raw_code}）"
    message.status, message.failed_at, message.last_error = MessageStatus.FAILED, now, reason
    message.raw_code = receipt.raw_code[:64]
    message.save(update_fields=["status", "failed_at", "last_error", "raw_code", "updated_at"])
    DeliveryLog.objects.create(message=message, occurred_at=now, event=DeliveryEvent.FAILED,
                               attempt=message.attempts, raw_code=receipt.raw_code[:64],
                               gateway_message_id=receipt.gateway_message_id, reason=reason)
    if message.case_id:
        followup_task_open(kind=FollowUpKind.DELIVERY_FAILED, case=message.case, message=message,
                           source_key=f"msg:{message.pk}", template_code=message.template_code,
                           recipient_label=recipient_label_for(message.recipient_user, message.recipient_party,
                                                            message.phone, message.email),
                           reason=f"短信未送达 {message.phone}：{reason}。通知内容：{message.body}")
    return "applied"
