"""The outbox: what notification_enqueue writes (and refuses to write), preferences, follow-up tasks."""

from datetime import date

import pytest
from django.db import transaction

from yingshang.audit.models import AuditEvent
from yingshang.cases.errors import CaseError
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.notifications import services
from yingshang.notifications.choices import DeliveryEvent, FollowUpKind, FollowUpStatus, MessageStatus
from yingshang.notifications.errors import NotificationError
from yingshang.notifications.models import ContactPreference, DeliveryLog, FollowUpTask, InboxItem, Message
from yingshang.notifications.permissions import access_party_for_preference
from yingshang.notifications.tests.factories import clerk_of, enforcement_case_with_creditor
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
CTX = {"case_number": "（2024）鄂2826执123号", "date": date(2024, 5, 6)}


def enqueue_asset_search(party, case, **kwargs):
    return services.notification_enqueue(recipient_party=party, template_code="enforcement.asset_search_done",
                                         context=CTX, case=case, **kwargs)


def assert_nothing_written():
    assert Message.objects.count() == 0
    assert DeliveryLog.objects.count() == 0
    assert FollowUpTask.objects.count() == 0


def test_a_party_with_phone_and_portal_account_gets_sms_and_inbox(sms_unconfigured):
    case, creditor, _user = enforcement_case_with_creditor()
    messages = enqueue_asset_search(creditor, case, idempotency_key="asset-search:1")
    assert [(m.channel, m.status, m.phone, m.idempotency_key) for m in messages] == [
        ("sms", MessageStatus.QUEUED, "13800138000", "asset-search:1:sms"),
        ("inbox", MessageStatus.QUEUED, "", "asset-search:1:inbox"),
    ]
    assert messages[0].body == "您申请执行的（2024）鄂2826执123号案件已于2024年5月6日完成网络查控。"
    assert messages[0].params == ["（2024）鄂2826执123号", "2024年5月6日"]
    assert messages[0].case_id == case.pk and messages[0].group_key == "asset-search:1"
    assert list(DeliveryLog.objects.values_list("message_id", "event")) == [
        (messages[0].pk, DeliveryEvent.QUEUED), (messages[1].pk, DeliveryEvent.QUEUED)]


def test_a_party_without_portal_account_gets_sms_only(sms_unconfigured):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    assert [m.channel for m in enqueue_asset_search(creditor, case)] == ["sms"]


def test_the_partys_chosen_channels_are_used(sms_unconfigured):
    case, creditor, _user = enforcement_case_with_creditor()
    ContactPreference.objects.create(party=creditor, channels=["email"], email="zhang@example.cn")
    messages = enqueue_asset_search(creditor, case)
    assert [(m.channel, m.email) for m in messages] == [("email", "zhang@example.cn")]


def test_a_user_gets_the_inbox_by_default(sms_unconfigured):
    judge = UserFactory(phone="13900139000")
    messages = services.notification_enqueue(recipient_user=judge, template_code="deadlines.time_limit_7_days",
                                             context={"case_number": "（2024）鄂2826民初5号",
                                                      "deadline_on": date(2024, 6, 1)})
    assert [(m.channel, m.recipient_user_id) for m in messages] == [("inbox", judge.pk)]
    assert messages[0].body == "（2024）鄂2826民初5号案件审限将于2024年6月1日届满，剩余7日，请立即结案或依法办理延长审限手续。"


def test_a_landline_on_file_is_skipped_not_refused(sms_unconfigured):
    case, creditor, _user = enforcement_case_with_creditor(phone="0718-6821234")
    assert [m.channel for m in enqueue_asset_search(creditor, case)] == ["inbox"]


def test_same_idempotency_key_returns_the_existing_rows_and_writes_nothing(sms_unconfigured):
    case, creditor, _user = enforcement_case_with_creditor()
    first = enqueue_asset_search(creditor, case, idempotency_key="node:42")
    again = enqueue_asset_search(creditor, case, idempotency_key="node:42")
    assert [m.pk for m in again] == [m.pk for m in first]
    assert Message.objects.count() == 2 and DeliveryLog.objects.count() == 2


def test_same_key_for_another_template_is_refused(sms_unconfigured):
    case, creditor, _user = enforcement_case_with_creditor()
    enqueue_asset_search(creditor, case, idempotency_key="node:42")
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue(recipient_party=creditor, template_code="enforcement.fully_enforced",
                                      context=CTX, case=case, idempotency_key="node:42")
    assert refused.value.code == NotificationError.IDEMPOTENCY_KEY_REUSED
    assert Message.objects.count() == 2


@pytest.mark.parametrize("kwargs, code", [
    ({"template_code": "enforcement.no_such_node", "context": CTX}, NotificationError.TEMPLATE_UNKNOWN),
    ({"template_code": "enforcement.money_received", "context": CTX}, NotificationError.CONTEXT_KEY_MISSING),
    ({"template_code": "enforcement.asset_search_done", "context": CTX, "phone": "12345"}, CaseError.PHONE_INVALID),
    ({"template_code": "enforcement.asset_search_done", "context": CTX, "email": "nobody"},
     NotificationError.EMAIL_INVALID),
    ({"template_code": "enforcement.asset_search_done", "context": CTX, "channels": ["email"]},
     NotificationError.CHANNEL_NOT_ADDRESSABLE),
    ({"template_code": "enforcement.asset_search_done", "context": CTX, "channels": ["fax"]},
     NotificationError.CHANNEL_UNKNOWN),
    ({"template_code": "enforcement.asset_search_done", "context": CTX, "idempotency_key": "  "},
     NotificationError.IDEMPOTENCY_KEY_INVALID),
])
def test_refusals_write_nothing(sms_unconfigured, kwargs, code):
    case, creditor, _user = enforcement_case_with_creditor()
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue(recipient_party=creditor, case=case, **kwargs)
    assert refused.value.code == code
    assert_nothing_written()


def test_no_recipient_is_refused(sms_unconfigured):
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue(template_code="enforcement.asset_search_done", context=CTX)
    assert refused.value.code == NotificationError.RECIPIENT_REQUIRED
    assert_nothing_written()


def test_an_unreachable_party_becomes_a_task_for_the_clerk(sms_unconfigured):
    case, creditor, _ = enforcement_case_with_creditor(phone="", portal_user=False)
    clerk = clerk_of(case)
    assert enqueue_asset_search(creditor, case, idempotency_key="k1") == []
    task = FollowUpTask.objects.get()
    assert (task.kind, task.case_id, task.assignee_id, task.status, task.source_key) == (
        FollowUpKind.NO_CONTACT, case.pk, clerk.pk, FollowUpStatus.OPEN, "nocontact:k1")
    assert "完成网络查控" in task.reason and Message.objects.count() == 0
    assert AuditEvent.objects.get().action == "notifications.followup_opened"


def test_the_clerk_is_the_teams_then_the_departments_then_the_judge(sms_unconfigured):
    case, _creditor, _ = enforcement_case_with_creditor()
    assert services.clerk_for_case(case) == case.judge
    department_clerk = clerk_of(case)
    assert services.clerk_for_case(case) == department_clerk
    case.team = TeamFactory(department=case.department)
    case.save()
    team_clerk = clerk_of(case, team=case.team)
    assert services.clerk_for_case(case) == team_clerk


# --- Rollback: the outbox row lives and dies with the caller's transaction ---------------------------------------

@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_queues_and_sends_nothing(fake_mas, settings):
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = True
    case, creditor, _user = enforcement_case_with_creditor()

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        with transaction.atomic():
            enqueue_asset_search(creditor, case)
            assert Message.objects.count() == 2  # visible inside the transaction …
            raise Abort
    assert Message.objects.count() == 0      # … gone with it
    assert DeliveryLog.objects.count() == 0 and InboxItem.objects.count() == 0
    assert fake_mas.requests == []


@pytest.mark.django_db(transaction=True)
def test_a_committed_change_is_sent_right_after_commit_in_process(fake_mas, settings):
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = True
    case, creditor, user = enforcement_case_with_creditor()
    with transaction.atomic():
        messages = enqueue_asset_search(creditor, case)
        assert fake_mas.requests == []       # nothing leaves before commit
    assert len(fake_mas.sent) == 1
    assert sorted(Message.objects.values_list("channel", "status")) == [
        ("inbox", MessageStatus.DELIVERED), ("sms", MessageStatus.SENT)]
    assert InboxItem.objects.get().user == user
    assert messages[0].pk in Message.objects.values_list("pk", flat=True)


# --- Preferences ---------------------------------------------------------------------------------------------------

def test_a_party_chooses_its_channels_through_its_portal_account_and_it_is_audited(sms_unconfigured):
    _case, creditor, user = enforcement_case_with_creditor()
    party = access_party_for_preference(user, creditor.pk)
    pref = services.contact_preference_set(actor=user, party=party, channels=["sms", "email"],
                                           phone="+86 139-0013-9000", email="Zhang@Example.CN")
    assert (pref.party_id, pref.channels, pref.phone, pref.email) == (
        creditor.pk, ["sms", "email"], "13900139000", "Zhang@example.cn")
    event = AuditEvent.objects.get()
    assert (event.action, event.actor_id, event.before, event.after) == (
        "notifications.preference_changed", user.pk, None,
        {"channels": ["sms", "email"], "phone": "13900139000", "email": "Zhang@example.cn"})
    services.contact_preference_set(actor=user, party=party, channels=["inbox"])
    second = AuditEvent.objects.order_by("id").last()
    assert second.before == {"channels": ["sms", "email"], "phone": "13900139000", "email": "Zhang@example.cn"}
    assert second.after == {"channels": ["inbox"], "phone": "", "email": ""}


@pytest.mark.parametrize("kwargs, code", [
    ({"channels": []}, NotificationError.CHANNELS_EMPTY),
    ({"channels": ["email"]}, NotificationError.CHANNEL_NOT_ADDRESSABLE),
    ({"channels": ["sms"], "phone": "0718-123"}, CaseError.PHONE_INVALID),
])
def test_an_impossible_choice_is_refused_and_leaves_no_trace(sms_unconfigured, kwargs, code):
    _case, creditor, user = enforcement_case_with_creditor()
    with pytest.raises(DomainError) as refused:
        services.contact_preference_set(actor=user, party=creditor, **kwargs)
    assert refused.value.code == code
    assert not ContactPreference.objects.exists() and not AuditEvent.objects.exists()


def test_who_may_set_a_partys_channels(sms_unconfigured):
    case, creditor, user = enforcement_case_with_creditor()
    assert access_party_for_preference(user, creditor.pk) == creditor
    assert access_party_for_preference(clerk_of(case), creditor.pk) == creditor
    stranger = UserFactory(role=Role.PARTY)
    with pytest.raises(NotFound):
        access_party_for_preference(stranger, creditor.pk)
    finance = UserFactory(role=Role.FINANCE, court=case.court)  # sees every case, changes none
    with pytest.raises(PermissionDenied):
        access_party_for_preference(finance, creditor.pk)


# --- Follow-up tasks -------------------------------------------------------------------------------------------

def other_department_judge(case):
    return UserFactory(court=case.court, department=DepartmentFactory(court=case.court, kind=DepartmentKind.CRIMINAL))


def _open_task(case):
    return services.followup_task_open(kind=FollowUpKind.DELIVERY_FAILED, case=case, source_key="msg:1",
                                       reason="短信未送达")


def test_closing_a_task_is_audited_and_cannot_happen_twice(sms_unconfigured):
    case, _creditor, _ = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    task = _open_task(case)
    assert _open_task(case) == task  # once per source
    closed = services.followup_task_close(task_id=task.pk, outcome="已电话告知申请执行人", actor=clerk)
    assert (closed.status, closed.outcome, closed.closed_by_id) == (FollowUpStatus.CLOSED, "已电话告知申请执行人", clerk.pk)
    event = AuditEvent.objects.filter(action="notifications.followup_closed").get()
    assert (event.actor_id, event.case_id, event.before, event.after) == (
        clerk.pk, case.pk, {"status": "open"}, {"status": "closed", "outcome": "已电话告知申请执行人"})
    with pytest.raises(DomainError) as refused:
        services.followup_task_close(task_id=task.pk, outcome="again", actor=clerk)
    assert refused.value.code == NotificationError.FOLLOWUP_ALREADY_CLOSED


def test_closing_needs_an_outcome_and_the_right_person(sms_unconfigured):
    case, _creditor, user = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    task = _open_task(case)
    with pytest.raises(DomainError) as refused:
        services.followup_task_close(task_id=task.pk, outcome="  ", actor=clerk)
    assert refused.value.code == NotificationError.FOLLOWUP_OUTCOME_REQUIRED
    with pytest.raises(NotFound):
        services.followup_task_close(task_id=task.pk, outcome="x", actor=user)  # the party
    with pytest.raises(NotFound):
        services.followup_task_close(task_id=task.pk, outcome="x", actor=other_department_judge(case))
    with pytest.raises(PermissionDenied):
        services.followup_task_close(task_id=task.pk, outcome="x",
                                     actor=UserFactory(role=Role.FINANCE, court=case.court))
    task.refresh_from_db()
    assert task.status == FollowUpStatus.OPEN
    assert not AuditEvent.objects.filter(action="notifications.followup_closed").exists()


@pytest.mark.django_db(transaction=True)
def test_with_a_broker_a_celery_task_is_queued_only_after_commit(fake_mas, settings, monkeypatch):
    from yingshang.notifications.tasks import dispatch_notifications_task

    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = True
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(dispatch_notifications_task, "delay", lambda **kwargs: queued.append(kwargs))
    case, creditor, _user = enforcement_case_with_creditor()
    with transaction.atomic():
        messages = enqueue_asset_search(creditor, case)
        assert queued == []
    assert queued == [{"message_ids": [m.pk for m in messages]}]
    assert fake_mas.requests == []  # the worker sends, not the request


@pytest.mark.django_db(transaction=True)
def test_a_failing_kick_never_reaches_the_caller_and_the_messages_stay_queued(fake_mas, settings, monkeypatch):
    from yingshang.notifications import dispatch

    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = True

    def broken(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(dispatch, "dispatch_due", broken)
    case, creditor, _user = enforcement_case_with_creditor()
    with transaction.atomic():
        enqueue_asset_search(creditor, case)
    assert sorted(Message.objects.values_list("status", flat=True)) == [MessageStatus.QUEUED] * 2
