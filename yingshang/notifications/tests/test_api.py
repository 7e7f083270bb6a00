"""/api/v1/inbox and /api/v1/notifications/…: permissions (anonymous / other user / allowed), exact bodies."""

import json
from datetime import date

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.notifications import dispatch, services
from yingshang.notifications.choices import FollowUpKind, FollowUpStatus, MessageStatus
from yingshang.notifications.models import ContactPreference, FollowUpTask, InboxItem, Message
from yingshang.notifications.tests.factories import clerk_of, enforcement_case_with_creditor
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db
CTX = {"case_number": "（2027）鄂2826执1号", "date": date(2027, 3, 1)}


def item_for(user, title="执行完毕", read=False):
    from yingshang.core.clock import court_now

    return InboxItem.objects.create(user=user, title=title, body=f"{title}正文", created_at=court_now(),
                                    read_at=court_now() if read else None)


# --- Inbox ------------------------------------------------------------------------------------------------------

def test_inbox_needs_a_login(api_client):
    response = api_client.get("/api/v1/inbox")
    assert response.status_code == 401
    assert response.json()["code"] == "AUTH_REQUIRED"


def test_a_user_sees_only_their_own_inbox(api_client):
    me, other = UserFactory(role=Role.PARTY), UserFactory(role=Role.PARTY)
    mine = item_for(me, "网络查控完成")
    item_for(me, "执行通知", read=True)
    item_for(other, "别人的消息")
    api_client.force_login(me)
    body = api_client.get("/api/v1/inbox").json()
    assert (body["count"], body["unread_count"]) == (2, 1)
    assert [i["title"] for i in body["items"]] == ["执行通知", "网络查控完成"]
    unread = api_client.get("/api/v1/inbox?unread=true").json()
    assert [(i["id"], i["is_read"]) for i in unread["items"]] == [(mine.pk, False)]


def test_marking_someone_elses_item_read_is_not_found_and_changes_nothing(api_client):
    me, other = UserFactory(role=Role.PARTY), UserFactory(role=Role.PARTY)
    theirs = item_for(other)
    api_client.force_login(me)
    response = api_client.post(f"/api/v1/inbox/{theirs.pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "INBOX_ITEM_NOT_FOUND"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_my_item_read_and_all_read(api_client):
    me = UserFactory(role=Role.PARTY)
    first, second = item_for(me), item_for(me)
    api_client.force_login(me)
    body = api_client.post(f"/api/v1/inbox/{first.pk}/read").json()
    assert (body["id"], body["is_read"]) == (first.pk, True)
    assert api_client.post(f"/api/v1/inbox/{first.pk}/read").status_code == 200  # idempotent
    assert api_client.post("/api/v1/inbox/read-all").json() == {"updated": 1}
    second.refresh_from_db()
    assert second.read_at is not None


def test_a_dispatched_notice_lands_in_the_partys_portal_inbox(api_client, sms_unconfigured):
    case, creditor, user = enforcement_case_with_creditor()
    services.notification_enqueue(recipient_party=creditor, template_code="enforcement.asset_search_done",
                                  context=CTX, case=case, channels=["inbox"])
    dispatch.dispatch_due()
    api_client.force_login(user)
    (item,) = api_client.get("/api/v1/inbox").json()["items"]
    assert (item["title"], item["body"], item["case_id"], item["case_number"]) == (
        "网络查控完成", "您申请执行的（2027）鄂2826执1号案件已于2027年3月1日完成网络查控。", case.pk, case.case_number)


# --- Follow-up tasks --------------------------------------------------------------------------------------------

def open_task(case):
    return services.followup_task_open(kind=FollowUpKind.DELIVERY_FAILED, case=case, source_key="msg:9",
                                       reason="短信未送达", recipient_label="当事人甲")


def test_followups_are_for_the_cases_staff_only(api_client):
    case, _creditor, user = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    task = open_task(case)
    api_client.force_login(user)
    assert api_client.get("/api/v1/notifications/follow-ups").status_code == 403
    other = UserFactory(court=case.court, department=DepartmentFactory(court=case.court, kind=DepartmentKind.CRIMINAL))
    api_client.force_login(other)
    assert api_client.get("/api/v1/notifications/follow-ups").json() == {"items": [], "count": 0}
    assert api_client.get(f"/api/v1/notifications/follow-ups/{task.pk}").status_code == 404
    api_client.force_login(clerk)
    body = api_client.get("/api/v1/notifications/follow-ups?mine=true").json()
    assert body["count"] == 1
    row = body["items"][0]
    assert (row["id"], row["kind"], row["kind_label"], row["assignee_id"], row["case_number"], row["status"]) == (
        task.pk, "delivery_failed", "通知发送失败", clerk.pk, case.case_number, "open")


def test_closing_a_followup_through_the_api(api_client):
    case, _creditor, _user = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    task = open_task(case)
    api_client.force_login(clerk)
    refused = api_client.post(f"/api/v1/notifications/follow-ups/{task.pk}/close", json.dumps({"outcome": ""}),
                              content_type="application/json")
    assert refused.status_code == 422
    assert not AuditEvent.objects.filter(action="notifications.followup_closed").exists()
    response = api_client.post(f"/api/v1/notifications/follow-ups/{task.pk}/close",
                               json.dumps({"outcome": "已电话告知"}), content_type="application/json")
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["outcome"]) == ("closed", "已电话告知")
    assert api_client.get("/api/v1/notifications/follow-ups").json()["count"] == 0
    assert api_client.get("/api/v1/notifications/follow-ups?status=closed").json()["count"] == 1


# --- Preferences ------------------------------------------------------------------------------------------------

def test_my_preferences_round_trip(api_client):
    me = UserFactory(role=Role.LAWYER, phone="13900139000")
    api_client.force_login(me)
    assert api_client.get("/api/v1/notifications/preferences/me").json() == {
        "channels": [], "channel_labels": [], "phone": "", "email": "", "is_default": True}
    response = api_client.put("/api/v1/notifications/preferences/me",
                              json.dumps({"channels": ["sms", "inbox"]}), content_type="application/json")
    assert response.json() == {"channels": ["sms", "inbox"], "channel_labels": ["短信", "站内消息"], "phone": "",
                               "email": "", "is_default": False}
    assert AuditEvent.objects.get().action == "notifications.preference_changed"


def test_an_unreachable_choice_is_a_coded_400(api_client):
    me = UserFactory(role=Role.LAWYER, phone="", email="")
    api_client.force_login(me)
    response = api_client.put("/api/v1/notifications/preferences/me", json.dumps({"channels": ["email"]}),
                              content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "NOTIFICATION_CHANNEL_NOT_ADDRESSABLE"
    assert not ContactPreference.objects.exists()


def test_a_partys_preference_by_its_account_by_staff_and_not_by_strangers(api_client):
    case, creditor, user = enforcement_case_with_creditor()
    url = f"/api/v1/notifications/preferences/parties/{creditor.pk}"
    api_client.force_login(UserFactory(role=Role.PARTY))
    assert api_client.put(url, json.dumps({"channels": ["sms"]}), content_type="application/json").status_code == 404
    api_client.force_login(user)
    assert api_client.put(url, json.dumps({"channels": ["sms"]}), content_type="application/json").status_code == 200
    api_client.force_login(clerk_of(case))
    body = api_client.put(url, json.dumps({"channels": ["inbox"]}), content_type="application/json").json()
    assert body["channels"] == ["inbox"]
    assert ContactPreference.objects.get(party=creditor).channels == ["inbox"]


# --- Staff views ------------------------------------------------------------------------------------------------

def test_a_cases_messages_with_their_delivery_log(api_client, sms_unconfigured):
    case, creditor, user = enforcement_case_with_creditor()
    services.notification_enqueue(recipient_party=creditor, template_code="enforcement.asset_search_done",
                                  context=CTX, case=case, channels=["sms"])
    dispatch.dispatch_due()
    api_client.force_login(user)
    assert api_client.get(f"/api/v1/notifications/cases/{case.pk}/messages").status_code == 403
    api_client.force_login(case.judge)
    (message,) = api_client.get(f"/api/v1/notifications/cases/{case.pk}/messages").json()["items"]
    assert (message["channel"], message["status"], message["status_label"]) == ("sms", "disabled", "通道未启用")
    assert [e["event"] for e in message["log"]] == ["queued", "sending", "disabled"]


def test_channel_status_explains_disabled_sms(api_client, sms_unconfigured):
    api_client.force_login(UserFactory())
    sms = api_client.get("/api/v1/notifications/channels").json()[0]
    assert (sms["channel"], sms["enabled"]) == ("sms", False)
    assert sms["reason"].startswith("短信通道未启用：未配置 SMS_MAS_BASE_URL")


def test_the_template_catalogue_is_published(api_client):
    api_client.force_login(UserFactory())
    entries = {t["code"]: t for t in api_client.get("/api/v1/notifications/templates").json()}
    assert entries["enforcement.money_received"]["fields"] == ["case_number", "amount_yuan", "date"]


# --- Delivery reports pushed by 云MAS -----------------------------------------------------------------------------

@pytest.fixture
def sent_sms(fake_mas, settings):
    settings.SMS_MAS_REPORT_TOKEN = "s3cr3t-path"
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    clerk_of(case)
    (message,) = services.notification_enqueue(recipient_party=creditor, context=CTX, case=case, channels=["sms"],
                                               template_code="enforcement.asset_search_done")
    dispatch.dispatch_due()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    return message


def push(api_client, body, token="s3cr3t-path"):
    return api_client.post(f"/api/v1/notifications/sms/mas-reports/{token}", json.dumps(body),
                           content_type="application/json")


def test_a_delivered_report_marks_the_message_delivered_once(api_client, sent_sms):
    report = {"reportStatus": "DELIVRD", "mobile": "13800138000", "submitDate": "20270301093000",
              "receiveDate": "20270301093005", "errorCode": "", "msgGroup": sent_sms.gateway_message_id}
    assert push(api_client, report).json() == {"ok": True, "applied": 1, "duplicate": 0, "unmatched": 0}
    assert push(api_client, [report]).json() == {"ok": True, "applied": 0, "duplicate": 1, "unmatched": 0}
    sent_sms.refresh_from_db()
    assert sent_sms.status == MessageStatus.DELIVERED
    assert sent_sms.delivered_at.isoformat() == "2027-03-01T01:30:05+00:00"
    assert [e for e in sent_sms.log.values_list("event", flat=True)] == [
        "queued", "sending", "sent", "receipt", "delivered"]


def test_a_failed_report_becomes_a_task_for_the_clerk(api_client, sent_sms):
    push(api_client, {"reportStatus": "UNDELIV", "mobile": "13800138000", "errorCode": "DB:0140",
                      "msgGroup": sent_sms.gateway_message_id})
    sent_sms.refresh_from_db()
    assert (sent_sms.status, sent_sms.raw_code) == (MessageStatus.FAILED, "UNDELIV/DB:0140")
    task = FollowUpTask.objects.get()
    assert (task.kind, task.message_id, task.status) == (FollowUpKind.DELIVERY_FAILED, sent_sms.pk, FollowUpStatus.OPEN)


def test_reports_need_the_secret_path_and_an_allowed_source(api_client, sent_sms, settings):
    report = {"reportStatus": "DELIVRD", "mobile": "13800138000", "msgGroup": sent_sms.gateway_message_id}
    assert push(api_client, report, token="guess").status_code == 404
    settings.SMS_MAS_REPORT_ALLOWED_IPS = ["10.1.2.3"]
    assert push(api_client, report).status_code == 404
    sent_sms.refresh_from_db()
    assert sent_sms.status == MessageStatus.SENT
    settings.SMS_MAS_REPORT_ALLOWED_IPS = ["127.0.0.1"]
    assert push(api_client, report).status_code == 200
    assert Message.objects.get(pk=sent_sms.pk).status == MessageStatus.DELIVERED


def test_reports_are_off_without_a_configured_token(api_client, sent_sms, settings):
    settings.SMS_MAS_REPORT_TOKEN = ""
    report = {"reportStatus": "DELIVRD", "mobile": "13800138000", "msgGroup": sent_sms.gateway_message_id}
    assert push(api_client, report, token="s3cr3t-path").status_code == 404
    assert Message.objects.get(pk=sent_sms.pk).status == MessageStatus.SENT


def test_lists_do_not_grow_queries_with_rows(api_client, sms_unconfigured):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case, creditor, user = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    api_client.force_login(clerk)

    def counts():
        with CaptureQueriesContext(connection) as follow_ups:
            api_client.get("/api/v1/notifications/follow-ups")
        with CaptureQueriesContext(connection) as messages:
            api_client.get(f"/api/v1/notifications/cases/{case.pk}/messages")
        return len(follow_ups), len(messages)

    def add(n):
        for _ in range(n):
            services.notification_enqueue(recipient_party=creditor, context=CTX, case=case, channels=["sms"],
                                          template_code="enforcement.notice_served")
            dispatch.dispatch_due()  # disabled → a follow-up task per message

    add(1)
    few = counts()
    add(4)
    assert counts() == few
    assert api_client.get("/api/v1/notifications/follow-ups").json()["count"] == 5
