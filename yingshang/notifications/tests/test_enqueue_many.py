"""notification_enqueue_many: the bulk outbox entry point keeps every semantic of notification_enqueue (same rows,
keys, channels, follow-up tasks, refusals) while reading and writing set-based."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yingshang.core.errors import DomainError
from yingshang.notifications import services
from yingshang.notifications.choices import DeliveryEvent, FollowUpKind, MessageStatus
from yingshang.notifications.errors import NotificationError
from yingshang.notifications.models import ContactPreference, DeliveryLog, FollowUpTask, Message
from yingshang.notifications.services import Notice
from yingshang.notifications.tests.factories import clerk_of, enforcement_case_with_creditor
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CASE_NO = "（2024）鄂2826执123号"
SEARCH = {"case_number": CASE_NO, "date": date(2024, 5, 6)}
SEVEN = {"case_number": "（2024）鄂2826民初5号", "deadline_on": date(2024, 6, 1)}
SEARCH_BODY = "您申请执行的（2024）鄂2826执123号案件已于2024年5月6日完成网络查控。"
SEVEN_BODY = "（2024）鄂2826民初5号案件审限将于2024年6月1日届满，剩余7日，请立即结案或依法办理延长审限手续。"


def footprint() -> tuple[int, int, int]:
    return Message.objects.count(), DeliveryLog.objects.count(), FollowUpTask.objects.count()


@pytest.fixture
def world(sms_unconfigured):
    """A judge (inbox), a creditor with phone and portal account (SMS + inbox), a creditor who cannot be reached
    (no phone, no account) on a case with a clerk, and a judge who chose e-mail."""
    case, creditor, _user = enforcement_case_with_creditor()
    lost_case, lost, _ = enforcement_case_with_creditor(phone="", portal_user=False)
    clerk = clerk_of(lost_case)
    judge = UserFactory(phone="13900139000")
    mailer = UserFactory(email="li@court.example.cn")
    ContactPreference.objects.create(user=mailer, channels=["email"])
    return {"case": case, "creditor": creditor, "lost_case": lost_case, "lost": lost, "clerk": clerk,
            "judge": judge, "mailer": mailer}


def batch(w, prefix="b") -> list[Notice]:
    return [
        Notice(recipient_user=w["judge"], template_code="deadlines.time_limit_7_days", context=SEVEN,
               idempotency_key=f"{prefix}:judge"),
        Notice(recipient_party=w["creditor"], template_code="enforcement.asset_search_done", context=SEARCH,
               case=w["case"].pk, idempotency_key=f"{prefix}:creditor"),
        Notice(recipient_party=w["lost"], template_code="enforcement.asset_search_done", context=SEARCH,
               case=w["lost_case"], idempotency_key=f"{prefix}:lost"),
        Notice(recipient_user=w["mailer"], template_code="deadlines.time_limit_7_days", context=SEVEN,
               idempotency_key=f"{prefix}:mailer"),
    ]


def test_exact_rows_written_per_notice_in_order(world):
    w = world
    answers = services.notification_enqueue_many(batch(w))
    assert [[(m.channel, m.idempotency_key, m.recipient_user_id, m.recipient_party_id, m.phone, m.email, m.case_id,
              m.status) for m in messages] for messages in answers] == [
        [("inbox", "b:judge:inbox", w["judge"].pk, None, "", "", None, MessageStatus.QUEUED)],
        [("sms", "b:creditor:sms", None, w["creditor"].pk, "13800138000", "", w["case"].pk, MessageStatus.QUEUED),
         ("inbox", "b:creditor:inbox", None, w["creditor"].pk, "", "", w["case"].pk, MessageStatus.QUEUED)],
        [],
        [("email", "b:mailer:email", w["mailer"].pk, None, "", "li@court.example.cn", None, MessageStatus.QUEUED)],
    ]
    assert [m.body for m in answers[0] + answers[1]] == [SEVEN_BODY, SEARCH_BODY, SEARCH_BODY]
    assert answers[1][0].params == [CASE_NO, "2024年5月6日"] and answers[1][0].group_key == "b:creditor"
    assert all(m.pk for messages in answers for m in messages)
    logs = list(DeliveryLog.objects.order_by("message_id").values_list("message_id", "event", "reason"))
    assert logs == [
        (answers[0][0].pk, DeliveryEvent.QUEUED, f"站内消息 → {w['judge']}"),
        (answers[1][0].pk, DeliveryEvent.QUEUED, f"短信 → {w['creditor'].name}"),
        (answers[1][1].pk, DeliveryEvent.QUEUED, f"站内消息 → {w['creditor'].name}"),
        (answers[3][0].pk, DeliveryEvent.QUEUED, f"电子邮件 → {w['mailer']}"),
    ]
    task = FollowUpTask.objects.get()
    assert (task.kind, task.case_id, task.assignee_id, task.source_key, task.recipient_label) == (
        FollowUpKind.NO_CONTACT, w["lost_case"].pk, w["clerk"].pk, "nocontact:b:lost", w["lost"].name)
    assert footprint() == (4, 4, 1)


def test_a_rerun_answers_the_queued_rows_and_writes_nothing(world):
    first = services.notification_enqueue_many(batch(world))
    again = services.notification_enqueue_many(batch(world))
    assert [[m.pk for m in ms] for ms in again] == [[m.pk for m in ms] for ms in first]
    assert footprint() == (4, 4, 1)


def test_same_result_as_one_call_per_notice(world):
    for notice in batch(world, prefix="one"):
        services.notification_enqueue(recipient_user=notice.recipient_user, recipient_party=notice.recipient_party,
                                      template_code=notice.template_code, context=notice.context, case=notice.case,
                                      idempotency_key=notice.idempotency_key)
    services.notification_enqueue_many(batch(world, prefix="many"))

    def rows(prefix):
        messages = Message.objects.filter(group_key__startswith=f"{prefix}:").order_by("pk")
        return [(m.group_key.split(":", 1)[1], m.idempotency_key.split(":", 1)[1], m.channel, m.template_code,
                 m.subject, m.body, m.values, m.params, m.recipient_user_id, m.recipient_party_id, m.phone, m.email,
                 m.case_id, m.status, m.max_attempts, [(e.event, e.reason) for e in m.log.all()])
                for m in messages]

    assert rows("many") == rows("one") and len(rows("one")) == 4
    tasks = FollowUpTask.objects.order_by("pk")
    assert [(t.source_key.replace("one:", "").replace("many:", ""), t.kind, t.assignee_id, t.reason)
            for t in tasks] == [("nocontact:lost", FollowUpKind.NO_CONTACT, world["clerk"].pk, tasks[0].reason)] * 2


def test_an_unknown_template_refuses_the_whole_batch_and_writes_nothing(world):
    notices = batch(world) + [Notice(recipient_user=world["judge"], template_code="deadlines.no_such_node",
                                     context=SEVEN)]
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue_many(notices)
    assert refused.value.code == NotificationError.TEMPLATE_UNKNOWN
    assert footprint() == (0, 0, 0)  # not even the follow-up task of the unreachable notice before it


def test_a_missing_context_key_or_an_impossible_channel_refuses_everything(world):
    bad_context = Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_7_days",
                         context={"case_number": "x"})
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue_many(batch(world) + [bad_context])
    assert refused.value.code == NotificationError.CONTEXT_KEY_MISSING
    impossible = Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_7_days", context=SEVEN,
                        channels=["email"])  # the judge has no e-mail address
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue_many(batch(world) + [impossible])
    assert refused.value.code == NotificationError.CHANNEL_NOT_ADDRESSABLE
    assert footprint() == (0, 0, 0)


def test_a_key_already_used_for_another_template_refuses_the_batch(world):
    services.notification_enqueue(recipient_user=world["judge"], template_code="deadlines.time_limit_30_days",
                                  context=SEVEN, idempotency_key="b:judge")
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue_many(batch(world))
    assert refused.value.code == NotificationError.IDEMPOTENCY_KEY_REUSED
    assert footprint() == (1, 1, 0)


def test_a_key_repeated_within_the_batch_is_one_notice(world):
    twice = Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_7_days", context=SEVEN,
                   idempotency_key="k")
    answers = services.notification_enqueue_many([twice, twice])
    assert answers[0] == answers[1] and len(answers[0]) == 1 and footprint() == (1, 1, 0)
    other = Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_30_days", context=SEVEN,
                   idempotency_key="k2")
    clash = Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_7_days", context=SEVEN,
                   idempotency_key="k2")
    with pytest.raises(DomainError) as refused:
        services.notification_enqueue_many([other, clash])
    assert refused.value.code == NotificationError.IDEMPOTENCY_KEY_REUSED
    assert footprint() == (1, 1, 0)


def test_reads_and_writes_are_set_based(world):
    """The number of queries does not grow with the number of notices (users addressed by object)."""
    judges = [UserFactory() for _ in range(30)]

    def notices(n, prefix):
        return [Notice(recipient_user=judge, template_code="deadlines.time_limit_7_days", context=SEVEN,
                       idempotency_key=f"{prefix}:{judge.pk}") for judge in judges[:n]]

    with CaptureQueriesContext(connection) as few:
        services.notification_enqueue_many(notices(2, "few"))
    with CaptureQueriesContext(connection) as many:
        services.notification_enqueue_many(notices(30, "many"))
    assert len(many.captured_queries) == len(few.captured_queries)
    assert Message.objects.count() == 32 and DeliveryLog.objects.count() == 32


def test_a_key_committed_meanwhile_falls_back_to_one_savepoint_per_notice(world, monkeypatch):
    """Another transaction queued one of the keys between the lookup and the insert: the bulk insert hits the
    unique key, the batch falls back per notice and answers that notice with the committed rows."""
    committed = services.notification_enqueue(recipient_user=world["judge"],
                                              template_code="deadlines.time_limit_7_days", context=SEVEN,
                                              idempotency_key="b:judge")
    monkeypatch.setattr(services, "_existing_by_key", lambda keys: {})  # the lookup saw nothing yet
    kicked = []
    monkeypatch.setattr(services, "_dispatch_after_commit", kicked.extend)
    answers = services.notification_enqueue_many(batch(world))
    assert [m.pk for m in answers[0]] == [m.pk for m in committed]
    assert [len(a) for a in answers] == [1, 2, 0, 1]
    assert footprint() == (4, 4, 1)
    assert kicked == [m.pk for m in answers[1] + answers[3]]  # only the rows written here are sent


def test_an_empty_batch_writes_nothing(world):
    assert services.notification_enqueue_many([]) == []
    assert footprint() == (0, 0, 0)


def test_long_texts_keep_the_order_of_the_notices(world):
    """Long messages (a digest) are inserted one per statement, between runs of short ones: ids still follow the
    notices' order, and the text is stored whole."""
    long_text = "（2024）鄂2826民初1号：已超审限" * 80
    assert len(long_text) > services.LONG_TEXT_CHARS
    digest = {"date": date(2024, 7, 11), "count": 80, "items": long_text}
    notices = [Notice(recipient_user=world["judge"], template_code="deadlines.time_limit_7_days", context=SEVEN,
                      idempotency_key="short:1"),
               Notice(recipient_user=world["judge"], template_code="deadlines.daily_digest", context=digest,
                      idempotency_key="long:1"),
               Notice(recipient_user=world["mailer"], template_code="deadlines.daily_digest", context=digest,
                      idempotency_key="long:2"),
               Notice(recipient_user=world["mailer"], template_code="deadlines.time_limit_7_days", context=SEVEN,
                      idempotency_key="short:2")]
    answers = services.notification_enqueue_many(notices)
    ids = [m.pk for messages in answers for m in messages]
    assert ids == sorted(ids) and len(ids) == 4
    assert list(Message.objects.order_by("pk").values_list("group_key", flat=True)) == [
        "short:1", "long:1", "long:2", "short:2"]
    body = Message.objects.get(group_key="long:1").body
    assert body == f"2024年7月11日审限与长期未结案件提醒，共80件：\n{long_text}\n请登录平台查看「我的审限」并及时处理。"
    assert Message.objects.get(group_key="long:1").values["items"] == long_text


@pytest.mark.django_db
def test_template_values_are_stored_with_readable_chinese():
    from django.db import connection

    from django.utils import timezone

    from yingshang.notifications.models import Message

    message = Message.objects.create(group_key="k", idempotency_key="k:inbox", channel="sms", template_code="t",
                                     subject="s", body="b", values={"案号": "（2024）鄂2826民初1号"}, params=["鄂"],
                                     phone="13800138000", next_attempt_at=timezone.now())
    with connection.cursor() as cur:
        cur.execute('SELECT "values", "params" FROM notifications_message WHERE id = %s', [message.pk])
        raw_values, raw_params = cur.fetchone()
    if connection.vendor == "sqlite":
        assert (raw_values, raw_params) == ('{"案号": "（2024）鄂2826民初1号"}', '["鄂"]')
    message.refresh_from_db()
    assert (message.values, message.params) == ({"案号": "（2024）鄂2826民初1号"}, ["鄂"])
