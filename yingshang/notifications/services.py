"""Writes of the notifications app: the outbox (notification_enqueue), channel preferences, inbox reads,
follow-up tasks and SMS delivery reports. The sending itself is in dispatch.py."""

import logging
import uuid
from dataclasses import dataclass
from itertools import groupby
from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
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


# Messages whose text is longer than this are inserted one per statement (see _bulk_write).
LONG_TEXT_CHARS = 1000


@dataclass(frozen=True)
class Notice:
    """One notice for notification_enqueue_many: the same fields, with the same meaning, as the keyword arguments
    of notification_enqueue."""

    template_code: str
    context: dict
    recipient_user: User | None = None
    recipient_party: Party | None = None
    phone: str | None = None
    email: str | None = None
    case: Case | int | None = None
    channels: list[str] | None = None
    idempotency_key: str | None = None


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
    notice = Notice(recipient_user=recipient_user, recipient_party=recipient_party, phone=phone, email=email,
                    template_code=template_code, context=context, case=case, channels=channels,
                    idempotency_key=idempotency_key)
    return notification_enqueue_many([notice])[0]


def notification_enqueue_many(notices: list[Notice]) -> list[list[Message]]:
    """Queue many notices at once, with exactly the semantics of calling notification_enqueue for each in turn
    (same messages, keys, channels, follow-up tasks), but set-based: the idempotency keys already queued are looked
    up in one query, contact preferences in one, portal accounts of parties in one, and the new Message and
    DeliveryLog rows are written with bulk inserts (long texts one per statement, see _bulk_write). Answers, per
    notice and in order, its messages.

    Every notice is validated first: one refusal (unknown template, missing context key, bad recipient, a key
    reused for another template …) refuses the whole batch and writes nothing. A key given twice in the batch is
    one notice (the later ones answer the first's messages). Should another transaction commit one of the keys
    between the lookup and the insert, the batch falls back to one savepoint per notice and answers that notice
    with the committed rows."""
    notices = list(notices)
    if not notices:
        return []
    with transaction.atomic():
        cases = _cases_by_id(notices)
        prepared = [_prepare(notice, cases) for notice in notices]
        existing = _existing_by_key([p.key for p in prepared])
        first_of: dict[str, int] = {}
        answers: list[list[Message] | None] = [None] * len(prepared)
        fresh: list[int] = []
        for index, item in enumerate(prepared):
            if item.key in existing:
                answers[index] = _same_notice(existing[item.key], item.template_code, item.key)
            elif item.key in first_of:
                _check_same_template(prepared[first_of[item.key]].template_code, item.template_code, item.key)
            else:
                first_of[item.key] = index
                fresh.append(index)
        reach = _reach_facts([prepared[i] for i in fresh])
        plans = {i: _plan(prepared[i], reach) for i in fresh}  # may refuse (unreachable requested channel)
        for index, plan in plans.items():
            if not plan.channels:
                _follow_up_unreachable(plan)
                answers[index] = []
        deliverable = [i for i in fresh if plans[i].channels]
        written, new_ids = _insert([plans[i] for i in deliverable])
        for index, messages in zip(deliverable, written):
            answers[index] = messages
        for index, item in enumerate(prepared):
            if answers[index] is None:  # a repeated key within the batch
                answers[index] = answers[first_of[item.key]]
        _dispatch_after_commit(new_ids)
        return answers


@dataclass
class _Prepared:
    notice: Notice
    template_code: str
    rendered: domain.Rendered
    phone: str          # the explicit number, validated, or ""
    email: str          # the explicit address, validated, or ""
    case: Case | None
    key: str


@dataclass
class _Plan:
    prepared: _Prepared
    channels: list[str]
    sms_phone: str
    mail_to: str
    label: str


@dataclass
class _Reach:
    preferences_by_user: dict[int, ContactPreference]
    preferences_by_party: dict[int, ContactPreference]
    party_inbox_users: dict[int, int]


def _cases_by_id(notices: list[Notice]) -> dict[int, Case]:
    ids = {int(n.case) for n in notices if n.case is not None and not isinstance(n.case, Case)
           and str(n.case).isdigit()}
    return Case.objects.in_bulk(ids) if ids else {}


def _case_of(case, cases: dict[int, Case]) -> Case | None:
    if case is None or isinstance(case, Case):
        return case
    found = cases.get(int(case)) if str(case).isdigit() else None
    if found is None:
        raise DomainError(NotificationError.CASE_NOT_FOUND, "通知关联的案件不存在", {"case_id": str(case)})
    return found


def _prepare(notice: Notice, cases: dict[int, Case]) -> _Prepared:
    """Validate one notice and render its text; refuses with a coded error, writes nothing."""
    template = domain.template_lookup(CATALOGUE, notice.template_code)
    rendered = domain.render(template, _localise(dict(notice.context or {})))
    if notice.recipient_user is None and notice.recipient_party is None and not notice.phone and not notice.email:
        raise DomainError(NotificationError.RECIPIENT_REQUIRED, "请指定通知对象（用户、当事人、手机号或邮箱）")
    explicit_phone = normalise_phone(notice.phone) if notice.phone else ""
    explicit_email = domain.email_normalise(notice.email) if notice.email else ""
    return _Prepared(notice=notice, template_code=notice.template_code, rendered=rendered, phone=explicit_phone,
                     email=explicit_email, case=_case_of(notice.case, cases),
                     key=_group_key(notice.idempotency_key))


def _existing_by_key(keys: list[str]) -> dict[str, list[Message]]:
    found: dict[str, list[Message]] = {}
    unique = list(dict.fromkeys(keys))
    for start in range(0, len(unique), 1000):
        for message in Message.objects.filter(group_key__in=unique[start:start + 1000]).order_by("pk"):
            found.setdefault(message.group_key, []).append(message)
    return found


def _reach_facts(items: list[_Prepared]) -> _Reach:
    """Contact preferences of the recipients (one query) and the active portal accounts of the parties addressed
    without a user (one query)."""
    user_ids = {p.notice.recipient_user.pk for p in items if p.notice.recipient_user is not None}
    party_ids = {p.notice.recipient_party.pk for p in items if p.notice.recipient_party is not None}
    by_user: dict[int, ContactPreference] = {}
    by_party: dict[int, ContactPreference] = {}
    if user_ids or party_ids:
        for pref in ContactPreference.objects.filter(Q(user_id__in=user_ids) | Q(party_id__in=party_ids)):
            if pref.user_id is not None:
                by_user[pref.user_id] = pref
            else:
                by_party[pref.party_id] = pref
    inbox_parties = {p.notice.recipient_party.pk for p in items
                     if p.notice.recipient_user is None and p.notice.recipient_party is not None}
    counts: dict[int, int] = {}
    if inbox_parties:
        links = Party.users.through.objects.filter(party_id__in=inbox_parties, user__is_active=True)
        counts = dict(links.values("party_id").annotate(n=Count("user_id")).values_list("party_id", "n"))
    return _Reach(preferences_by_user=by_user, preferences_by_party=by_party, party_inbox_users=counts)


def _plan(item: _Prepared, reach: _Reach) -> _Plan:
    """The channels, addresses and label of one notice (pure given the recipient's facts)."""
    user, party = item.notice.recipient_user, item.notice.recipient_party
    preference = None
    if user is not None:
        preference = reach.preferences_by_user.get(user.pk)
    elif party is not None:
        preference = reach.preferences_by_party.get(party.pk)
    on_file = party if party is not None else user
    sms_phone = (item.phone or (preference.phone if preference else "")
                 or _phone_on_file(getattr(on_file, "phone", "") or ""))
    mail_to = (item.email or (preference.email if preference else "")
               or _email_on_file(getattr(user, "email", "") or ""))
    if user is not None:
        inbox_users = 1 if user.is_active else 0
        defaults = conf.default_channels_user()
    elif party is not None:
        inbox_users = reach.party_inbox_users.get(party.pk, 0)
        defaults = conf.default_channels_party()
    else:
        inbox_users = 0
        defaults = ["sms", "email"]
    facts = domain.Reachability(phone=sms_phone, email=mail_to, inbox_user_count=inbox_users)
    chosen = domain.channels_resolve(requested=item.notice.channels,
                                     chosen=preference.channels if preference else None, defaults=defaults,
                                     reach=facts)
    return _Plan(prepared=item, channels=chosen, sms_phone=sms_phone, mail_to=mail_to,
                 label=recipient_label_for(user, party, sms_phone, mail_to))


def _follow_up_unreachable(plan: _Plan) -> None:
    """A recipient that cannot be reached on any channel: with a case, the case's clerk gets a follow-up task."""
    item = plan.prepared
    if item.case is None:
        return
    followup_task_open(kind=FollowUpKind.NO_CONTACT, case=item.case, source_key=f"nocontact:{item.key}",
                       template_code=item.template_code, recipient_label=plan.label,
                       reason=f"「{item.rendered.subject}」无法通知{plan.label}：没有可用的手机号、邮箱或门户账号。"
                              f"通知内容：{item.rendered.body}")


def _insert(plans: list[_Plan]) -> tuple[list[list[Message]], list[int]]:
    """Write the messages of the plans (bulk inserts in a savepoint); answers each plan's messages and the ids
    written. When another transaction committed one of the keys meanwhile (IntegrityError), fall back to one
    savepoint per notice and answer a notice whose key was taken with the committed rows."""
    if not plans:
        return [], []
    now = court_now()
    try:
        with transaction.atomic():
            written = _bulk_write(plans, now)
        return written, [m.pk for messages in written for m in messages]
    except IntegrityError:
        pass
    answers, new_ids = [], []
    for plan in plans:
        try:
            with transaction.atomic():
                messages = _bulk_write([plan], now)[0]
            new_ids.extend(m.pk for m in messages)
            answers.append(messages)
        except IntegrityError:
            # The same key was enqueued concurrently and committed first: answer with its rows.
            key = plan.prepared.key
            existing = list(Message.objects.filter(group_key=key).order_by("pk"))
            if not existing:
                raise
            answers.append(_same_notice(existing, plan.prepared.template_code, key))
    return answers, new_ids


def _bulk_write(plans: list[_Plan], now) -> list[list[Message]]:
    max_attempts = conf.max_attempts()
    per_plan: list[list[Message]] = []
    for plan in plans:
        item, notice = plan.prepared, plan.prepared.notice
        per_plan.append([
            Message(group_key=item.key, idempotency_key=domain.message_key(item.key, channel), channel=channel,
                    template_code=item.template_code, subject=item.rendered.subject, body=item.rendered.body,
                    values=item.rendered.values, params=item.rendered.params, recipient_user=notice.recipient_user,
                    recipient_party=notice.recipient_party,
                    phone=plan.sms_phone if channel == Channel.SMS else "",
                    email=plan.mail_to if channel == Channel.EMAIL else "", case=item.case,
                    status=MessageStatus.QUEUED, max_attempts=max_attempts, next_attempt_at=now)
            for channel in plan.channels])
    messages = [m for group in per_plan for m in group]
    # Django's PostgreSQL bulk insert sends each column as one array, which psycopg quotes in Python escaping
    # every \uXXXX of the JSON values: for long Chinese texts (a digest listing a hundred cases) one statement
    # per message is several times faster (measured: 120 digests 0.7–1.2 s in one statement, 0.25–0.35 s apart).
    # Runs of short and of long messages are inserted in turn, so the ids follow the notices' order.
    for is_long, run in groupby(messages, key=lambda m: len(m.body) > LONG_TEXT_CHARS):
        Message.objects.bulk_create(list(run), batch_size=1 if is_long else 1000)
    if any(m.pk is None for m in messages):  # pragma: no cover - every supported database returns the ids
        raise RuntimeError("bulk insert did not return message ids")
    DeliveryLog.objects.bulk_create(
        [DeliveryLog(message=m, occurred_at=now, event=DeliveryEvent.QUEUED,
                     reason=f"{Channel(m.channel).label} → {plan.label}")
         for plan, group in zip(plans, per_plan) for m in group], batch_size=1000)
    return per_plan


def _same_notice(existing: list[Message], template_code: str, key: str) -> list[Message]:
    _check_same_template(existing[0].template_code, template_code, key)
    return existing


def _check_same_template(queued_template: str, template_code: str, key: str) -> None:
    if queued_template != template_code:
        raise DomainError(NotificationError.IDEMPOTENCY_KEY_REUSED,
                          "该幂等键已用于另一模板的通知", {"idempotency_key": key, "template_code": queued_template})


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
