"""Pages: the inbox with unread badges and HTMX mark-read, the clerks' follow-up list, preferences, case panel."""

import pytest

from yingshang.audit.models import AuditEvent
from yingshang.core.clock import court_now
from yingshang.notifications import services
from yingshang.notifications.choices import FollowUpKind, FollowUpStatus
from yingshang.notifications.models import ContactPreference, InboxItem
from yingshang.notifications.tests.factories import clerk_of, enforcement_case_with_creditor
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def item_for(user, title, read=False):
    return InboxItem.objects.create(user=user, title=title, body=f"{title}的正文", created_at=court_now(),
                                    read_at=court_now() if read else None)


def test_the_inbox_page_needs_a_login(client):
    response = client.get("/inbox/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_the_inbox_shows_my_items_with_the_unread_badge_and_not_others(client):
    me, other = UserFactory(role=Role.PARTY), UserFactory(role=Role.PARTY)
    item_for(me, "网络查控完成")
    item_for(me, "执行通知")
    item_for(me, "立案通知", read=True)
    item_for(other, "别人的秘密")
    client.force_login(me)
    html = client.get("/inbox/").content.decode()
    assert "未读 2" in html
    assert "网络查控完成" in html and "立案通知" in html and "别人的秘密" not in html
    unread = client.get("/inbox/?unread=1", **HTMX).content.decode()
    assert "网络查控完成" in unread and "立案通知" not in unread


def test_mark_read_with_htmx_swaps_the_row_and_the_badge(client):
    me = UserFactory(role=Role.PARTY)
    first = item_for(me, "网络查控完成")
    item_for(me, "执行通知")
    client.force_login(me)
    html = client.post(f"/inbox/{first.pk}/read/", **HTMX).content.decode()
    assert f'id="inbox-item-{first.pk}"' in html and "已读" in html and "标为已读" not in html
    assert 'hx-swap-oob="true"' in html and "未读 1" in html
    first.refresh_from_db()
    assert first.read_at is not None


def test_mark_read_on_someone_elses_item_is_404(client):
    me, other = UserFactory(role=Role.PARTY), UserFactory(role=Role.PARTY)
    theirs = item_for(other, "别人的")
    client.force_login(me)
    assert client.post(f"/inbox/{theirs.pk}/read/", **HTMX).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_read_all_empties_the_unread_list(client):
    me = UserFactory(role=Role.PARTY)
    item_for(me, "一")
    item_for(me, "二")
    client.force_login(me)
    html = client.post("/inbox/read-all/?unread=1", **HTMX).content.decode()
    assert "没有未读消息" in html
    assert client.get("/inbox/badge/").content.decode().count("未读") == 1  # only the aria-label: "未读 0 条"


def test_followups_page_for_the_clerk_and_closing_with_htmx(client, sms_unconfigured):
    case, _creditor, user = enforcement_case_with_creditor()
    clerk = clerk_of(case)
    task = services.followup_task_open(kind=FollowUpKind.CHANNEL_DISABLED, case=case, source_key="msg:1",
                                       reason="短信通道未启用", recipient_label="当事人甲")
    client.force_login(user)
    assert client.get("/notifications/follow-ups/").status_code == 404
    assert "通知跟进任务" not in client.get("/inbox/").content.decode()
    client.force_login(clerk)
    inbox_html = client.get("/inbox/").content.decode()
    assert 'follow-ups/?mine=1">通知跟进任务 <span class="badge bg-danger">1</span>' in inbox_html
    html = client.get("/notifications/follow-ups/").content.decode()
    assert case.case_number in html and "通知通道未启用" in html and "短信通道未启用：未配置" in html
    refused = client.post(f"/notifications/follow-ups/{task.pk}/close/", {"outcome": ""}, **HTMX)
    assert refused.status_code == 422 and "请填写处理结果" in refused.content.decode()
    task.refresh_from_db()
    assert task.status == FollowUpStatus.OPEN
    done = client.post(f"/notifications/follow-ups/{task.pk}/close/", {"outcome": "已邮寄告知"}, **HTMX)
    assert done.status_code == 200 and "已办结" in done.content.decode()
    task.refresh_from_db()
    assert (task.status, task.outcome) == (FollowUpStatus.CLOSED, "已邮寄告知")
    assert AuditEvent.objects.filter(action="notifications.followup_closed", actor=clerk).count() == 1


def test_preferences_page_saves_and_shows_errors_beside_fields(client):
    me = UserFactory(role=Role.LAWYER, phone="")
    client.force_login(me)
    assert client.get("/notifications/preferences/").status_code == 200
    refused = client.post("/notifications/preferences/", {"channels": ["sms"], "phone": "12345"})
    assert refused.status_code == 422 and "手机号码不正确" in refused.content.decode()
    assert not ContactPreference.objects.exists()
    saved = client.post("/notifications/preferences/", {"channels": ["sms", "inbox"], "phone": "13900139000"})
    assert saved.status_code == 200 and "已保存" in saved.content.decode()
    assert ContactPreference.objects.get(user=me).channels == ["sms", "inbox"]


def test_the_case_page_shows_the_notices_to_staff(client, sms_unconfigured):
    case, creditor, _ = enforcement_case_with_creditor()
    services.notification_enqueue(recipient_party=creditor, template_code="enforcement.fully_enforced",
                                  context={"case_number": case.case_number, "date": case.filed_on}, case=case)
    client.force_login(case.judge)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "通知记录" in html and "执行完毕。" in html and "待发送" in html
