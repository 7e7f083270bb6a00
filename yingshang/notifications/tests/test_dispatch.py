"""The dispatcher against the loopback 云MAS look-alike: sending, backoff, crash and retry, leases, e-mail,
inbox, disabled SMS. No HTTP mocking: only our own steps are made to crash."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from yingshang.notifications import dispatch, services
from yingshang.notifications.choices import DeliveryEvent, FollowUpKind, MessageStatus
from yingshang.notifications.gateways import CloudMasGateway, email_message_id
from yingshang.notifications.models import DeliveryLog, FollowUpTask, InboxItem, Message
from yingshang.notifications.tests.factories import clerk_of, enforcement_case_with_creditor
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2027, 3, 1, 9, 0, 0, tzinfo=SHANGHAI)
CTX = {"case_number": "（2027）鄂2826执1号", "date": date(2027, 3, 1)}


class Crash(BaseException):
    """Stands for the process being killed: not an Exception, so nothing in the dispatcher catches it."""


def queue_sms(case, creditor, key="node:1"):
    (message,) = services.notification_enqueue(recipient_party=creditor, template_code="enforcement.asset_search_done",
                                               context=CTX, case=case, channels=["sms"], idempotency_key=key)
    return message


def events(message):
    return list(DeliveryLog.objects.filter(message=message).order_by("id").values_list("event", "attempt"))


@pytest.fixture
def traveller():
    with time_machine.travel(T0, tick=False) as machine:
        yield machine


def test_an_sms_goes_to_the_gateway_signed_and_is_logged(fake_mas, traveller):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    assert dispatch.dispatch_due() == {"sent": 1}
    path, headers, payload = fake_mas.requests[0]
    assert path == "/sms/norsubmit"
    assert headers["X-Idempotency-Key"] == "node:1:sms"
    assert payload == {"ecName": "咸丰县人民法院", "apId": "xf_court", "mobiles": "13800138000",
                       "content": "您申请执行的（2027）鄂2826执1号案件已于2027年3月1日完成网络查控。",
                       "sign": "AbC123xYz", "addSerial": "", "mac": fake_mas.expected_mac(path, payload)}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.gateway_message_id, message.sent_at, message.claim_token,
            message.is_in_flight) == (MessageStatus.SENT, 1, "G00000000000000000001", T0, "", False)
    assert events(message) == [(DeliveryEvent.QUEUED, 0), (DeliveryEvent.SENDING, 1), (DeliveryEvent.SENT, 1)]
    assert dispatch.dispatch_due() == {}  # nothing left


def test_a_code_with_a_mas_template_id_goes_out_as_a_template_sms(fake_mas, settings, traveller):
    settings.SMS_MAS_TEMPLATE_IDS = {"enforcement.asset_search_done": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    dispatch.dispatch_due()
    path, _headers, payload = fake_mas.requests[0]
    assert path == "/sms/tmpsubmit"
    assert (payload["templateId"], payload["params"]) == ("0f1e2d3c4b5a69788796a5b4c3d2e1f0",
                                                          '["（2027）鄂2826执1号","2027年3月1日"]')
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_backoff_times_are_exact_and_the_last_failure_goes_to_the_clerk(fake_mas, settings, traveller):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    clerk = clerk_of(case)
    message = queue_sms(case, creditor)
    fake_mas.script = [(503, b"")] * 4
    schedule = []
    for expected_delay in (60, 120, 240):
        assert dispatch.dispatch_due() == {"retry": 1}
        message.refresh_from_db()
        schedule.append(message.next_attempt_at - T0)
        assert message.status == MessageStatus.RETRY_WAIT
        traveller.move_to(message.next_attempt_at - timedelta(seconds=1))
        assert dispatch.dispatch_due() == {}  # not due one second early
        traveller.move_to(message.next_attempt_at)
    assert schedule == [timedelta(seconds=60), timedelta(seconds=180), timedelta(seconds=420)]
    assert dispatch.dispatch_due() == {"failed": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.raw_code) == (MessageStatus.FAILED, 4, "HTTP 503")
    assert message.last_error == "已尝试 4 次均失败：短信平台暂不可用（HTTP 503）"
    assert [e for e, _ in events(message)] == ["queued"] + ["sending", "retry_scheduled"] * 3 + ["sending", "failed"]
    task = FollowUpTask.objects.get()
    assert (task.kind, task.assignee, task.message, task.source_key) == (
        FollowUpKind.DELIVERY_FAILED, clerk, message, f"msg:{message.pk}")
    assert len(fake_mas.requests) == 4 and fake_mas.sent == []


def test_a_configuration_error_fails_at_once_without_retry(fake_mas, settings, traveller):
    settings.SMS_MAS_SECRET_KEY = "wrong"
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    assert dispatch.dispatch_due() == {"failed": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts, message.raw_code) == (MessageStatus.FAILED, 1, "IllegalMac")
    assert FollowUpTask.objects.get().kind == FollowUpKind.DELIVERY_FAILED


def test_unconfigured_sms_is_disabled_with_a_clear_status_not_faked(sms_unconfigured, traveller):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    assert dispatch.dispatch_due() == {"disabled": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.DISABLED
    assert message.last_error == ("短信通道未启用：未配置 SMS_MAS_BASE_URL、SMS_MAS_EC_NAME、SMS_MAS_AP_ID、"
                                  "SMS_MAS_SECRET_KEY、SMS_MAS_SIGN（云MAS 接口地址与账号）")
    assert FollowUpTask.objects.get().kind == FollowUpKind.CHANNEL_DISABLED


# --- Crash and retry: exactly once -----------------------------------------------------------------------------

def test_a_crash_after_the_claim_is_retried_after_the_lease_and_sent_exactly_once(fake_mas, settings, traveller,
                                                                                    monkeypatch):
    settings.NOTIFICATIONS_LEASE_SECONDS = 300
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)

    def killed(_message):
        raise Crash

    monkeypatch.setattr(dispatch, "_sender_for", killed)
    with pytest.raises(Crash):
        dispatch.dispatch_due()
    monkeypatch.undo()
    message.refresh_from_db()
    assert (message.status, message.attempts, message.is_in_flight) == (MessageStatus.SENDING, 1, False)
    traveller.move_to(T0 + timedelta(seconds=299))
    assert dispatch.dispatch_due() == {}          # still leased to the dead dispatcher
    traveller.move_to(T0 + timedelta(seconds=300))
    assert dispatch.dispatch_due() == {"sent": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.SENT, 2)
    assert len(fake_mas.requests) == 1 and len(fake_mas.sent) == 1
    assert [e for e, _ in events(message)] == ["queued", "sending", "sending", "sent"]


def test_a_crash_after_the_gateway_took_it_is_resent_with_the_same_key_and_not_twice(fake_mas, settings, traveller,
                                                                                       monkeypatch):
    settings.SMS_MAS_HONOURS_IDEMPOTENCY_KEY = True  # the loopback gateway de-duplicates on the key
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    real_send = CloudMasGateway.send

    def send_then_die(self, **kwargs):
        real_send(self, **kwargs)
        raise Crash

    monkeypatch.setattr(CloudMasGateway, "send", send_then_die)
    with pytest.raises(Crash):
        dispatch.dispatch_due()
    monkeypatch.undo()
    message.refresh_from_db()
    assert (message.status, message.is_in_flight) == (MessageStatus.SENDING, True)
    traveller.move_to(T0 + timedelta(seconds=300))
    assert dispatch.dispatch_due() == {"sent": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [headers["X-Idempotency-Key"] for _p, headers, _b in fake_mas.requests] == ["node:1:sms", "node:1:sms"]
    assert len(fake_mas.sent) == 1                      # one SMS reached the phone
    assert message.gateway_message_id == "G00000000000000000001"


def test_without_gateway_idempotency_an_uncertain_send_is_not_repeated(fake_mas, traveller, monkeypatch):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    real_send = CloudMasGateway.send

    def send_then_die(self, **kwargs):
        real_send(self, **kwargs)
        raise Crash

    monkeypatch.setattr(CloudMasGateway, "send", send_then_die)
    with pytest.raises(Crash):
        dispatch.dispatch_due()
    monkeypatch.undo()
    traveller.move_to(T0 + timedelta(seconds=300))
    assert dispatch.dispatch_due() == {"failed": 1}
    message.refresh_from_db()
    assert message.status == MessageStatus.FAILED
    assert len(fake_mas.requests) == 1 and len(fake_mas.sent) == 1
    assert FollowUpTask.objects.get().kind == FollowUpKind.OUTCOME_UNCERTAIN


def test_a_leased_message_cannot_be_claimed_twice(fake_mas, traveller):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    first = dispatch.claim_next()
    assert first.pk == message.pk
    assert dispatch.claim_next() is None


def test_a_late_result_from_a_dispatcher_whose_lease_was_taken_over_is_not_used(fake_mas, traveller):
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    slow = dispatch.claim_next()
    traveller.move_to(T0 + timedelta(seconds=301))
    fast = dispatch.claim_next()
    assert fast.claim_token != slow.claim_token
    assert dispatch.dispatch_one(fast) == "sent"
    late = dispatch.domain.SendResult(dispatch.SendOutcome.REJECTED, raw_code="X", reason="late")
    assert dispatch._record(slow, slow.claim_token, late, honours_idempotency_key=False) == "stale"
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert [e for e, _ in events(message)] == ["queued", "sending", "sending", "sent", "stale_result"]
    assert not FollowUpTask.objects.exists()


def test_repeated_crashes_end_in_failure_not_an_endless_loop(fake_mas, settings, traveller, monkeypatch):
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 2
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)

    def killed(_message):
        raise Crash

    monkeypatch.setattr(dispatch, "_sender_for", killed)
    for minutes in (0, 6):
        traveller.move_to(T0 + timedelta(minutes=minutes))
        with pytest.raises(Crash):
            dispatch.dispatch_due()
    traveller.move_to(T0 + timedelta(minutes=12))
    assert dispatch.dispatch_due() == {"failed": 1}
    message.refresh_from_db()
    assert (message.status, message.attempts) == (MessageStatus.FAILED, 3)
    assert fake_mas.requests == []


# --- Inbox and e-mail ------------------------------------------------------------------------------------------

def test_the_inbox_item_is_written_once_with_the_result(sms_unconfigured, traveller):
    case, creditor, user = enforcement_case_with_creditor()
    second_account = UserFactory(role="party")
    creditor.users.add(second_account)
    (message,) = services.notification_enqueue(recipient_party=creditor, template_code="enforcement.fully_enforced",
                                               context=CTX, case=case, channels=["inbox"])
    assert dispatch.dispatch_due() == {"delivered": 1}
    assert dispatch.dispatch_due() == {}
    assert sorted(InboxItem.objects.values_list("user_id", "title", "body")) == sorted([
        (user.pk, "执行完毕", "您申请执行的（2027）鄂2826执1号案件已于2027年3月1日执行完毕。"),
        (second_account.pk, "执行完毕", "您申请执行的（2027）鄂2826执1号案件已于2027年3月1日执行完毕。")])
    message.refresh_from_db()
    assert (message.status, message.delivered_at) == (MessageStatus.DELIVERED, T0)


def test_email_goes_through_djangos_mail_with_a_stable_message_id(sms_unconfigured, traveller):
    judge = UserFactory(email="judge@court.example.cn")
    (message,) = services.notification_enqueue(recipient_user=judge, template_code="deadlines.time_limit_overdue",
                                               context={"case_number": "（2027）鄂2826民初9号",
                                                        "deadline_on": date(2027, 2, 20), "days_overdue": 9},
                                               channels=["email"], idempotency_key="overdue:9")
    assert dispatch.dispatch_due() == {"sent": 1}
    (sent,) = mail.outbox
    assert sent.to == ["judge@court.example.cn"]
    assert sent.subject == "【咸丰县人民法院】超审限通报"
    assert sent.body == "（2027）鄂2826民初9号案件审限已于2027年2月20日届满，现已超审限9日，请立即处理并书面说明情况。"
    assert sent.extra_headers["Message-ID"] == email_message_id("overdue:9:email")
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT


def test_the_management_command_runs_one_pass(fake_mas, traveller, capsys):
    case, creditor, _ = enforcement_case_with_creditor()
    services.notification_enqueue(recipient_party=creditor, template_code="enforcement.asset_search_done",
                                  context=CTX, case=case)
    call_command("dispatch_notifications", "--once", "--limit", "1")
    assert Message.objects.filter(status=MessageStatus.QUEUED).count() == 1
    call_command("dispatch_notifications", "--once")
    out = capsys.readouterr().out
    assert "本轮处理 1 条" in out
    assert Message.objects.filter(status=MessageStatus.QUEUED).count() == 0


def test_the_celery_task_runs_a_pass(fake_mas, traveller):
    from yingshang.notifications.tasks import dispatch_notifications_task

    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    message = queue_sms(case, creditor)
    assert dispatch_notifications_task.delay(message_ids=[message.pk]).get() == {"sent": 1}
