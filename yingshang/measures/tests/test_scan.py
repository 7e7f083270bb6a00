"""The daily reminder and escalation scan (scan_measures) on a hand-built set of deadlines around month ends:
exact alerts, recipients and notice texts through the one outbox; idempotent; in agreement with the pure rule."""

import threading
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection, connections

from yingshang.measures import domain
from yingshang.measures.choices import InspectionStatus, ReformKind, ReformStatus
from yingshang.measures.models import DeadlineAlert, Inspection, Reform
from yingshang.measures.services import measures_scan
from yingshang.measures.tasks import scan_measures
from yingshang.measures.tests.factories import measure_by_hand, plan_by_hand
from yingshang.notifications.models import Message
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def court_set():
    """Users: the civil division's head and a judge, the filing division's clerk (no head there), leader 胡磊
    (刘光辉 has no account), an inspector. Deadlines: 2023-02-28, 2023-03-01 (rectification), 2023-03-15,
    2023-03-31 (measure and reform), plus a completed, an ongoing and a deactivated measure."""
    court = CourtFactory()
    civil = DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)
    filing = DepartmentFactory(court=court, kind=DepartmentKind.FILING)
    people = {
        "head": UserFactory(court=court, department=civil, role=Role.DIVISION_HEAD, display_name="民庭庭长"),
        "judge": UserFactory(court=court, department=civil, role=Role.JUDGE, display_name="民庭法官"),
        "clerk": UserFactory(court=court, department=filing, role=Role.CLERK, display_name="立案书记员"),
        "hu": UserFactory(court=court, role=Role.VICE_PRESIDENT, display_name="胡磊"),
        "inspector": UserFactory(court=court, role=Role.INSPECTOR, display_name="督察员"),
        "party": UserFactory(role=Role.PARTY, display_name="刘光辉"),  # an outside user never matches a leader
    }
    plan = plan_by_hand()
    m = {
        1: measure_by_hand(plan, 1, deadline_on=date(2023, 2, 28), deadline_text="2023年2月底前"),
        2: measure_by_hand(plan, 2, deadline_on=date(2023, 3, 31), deadline_text="2023年3月", leaders=("刘光辉",),
                           responsible=("立案庭",)),
        3: measure_by_hand(plan, 3, deadline_on=date(2023, 2, 28), completed_on=date(2023, 2, 20)),
        4: measure_by_hand(plan, 4),
        5: measure_by_hand(plan, 5, deadline_on=date(2023, 2, 28), is_active=False),
        6: measure_by_hand(plan, 6, deadline_on=date(2023, 3, 15), deadline_text="2023年3月15日前",
                           leaders=("胡磊", "刘光辉"), responsible=("各审判部门",), title="推进小切口改革试点"),
    }
    inspection = Inspection.objects.create(
        measure=m[1], inspected_on=date(2023, 2, 1), inspector=people["inspector"],
        findings="调解台账未按月更新，部分案件未录入系统。", rectification_deadline_on=date(2023, 3, 1))
    Inspection.objects.create(measure=m[1], inspected_on=date(2023, 2, 1), inspector=people["inspector"],
                              findings="已整改", rectification_deadline_on=date(2023, 2, 10),
                              status=InspectionStatus.CLOSED, closed_on=date(2023, 2, 9))
    reform = Reform.objects.create(
        measure=m[6], kind=ReformKind.PILOT, title="诉前调解一站式登记", description="x", proposed_on=date(2023, 1, 5),
        proposed_by=people["clerk"], status=ReformStatus.ADOPTED, reviewed_on=date(2023, 1, 10),
        responsible_department=filing, deadline_on=date(2023, 3, 31))
    return {"people": people, "measures": m, "inspection": inspection, "reform": reform}


def _messages(since: int = 0) -> list[tuple[str, str, str]]:
    return [(str(msg.recipient_user), msg.template_code, msg.body)
            for msg in Message.objects.filter(pk__gt=since).order_by("pk")]


def _last_pk() -> int:
    return Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


REMIND = "measures.deadline_reminder"
ESCALATE = "measures.overdue_escalation"


def test_reminders_and_escalations_around_month_ends_with_exact_recipients_and_texts(court_set):
    # 2023-02-12: 2023-02-28 is 16 days away, beyond the 15-day lead time.
    assert measures_scan(today=date(2023, 2, 12)).raised_total == 0
    assert not DeadlineAlert.objects.exists() and not Message.objects.exists()

    first = measures_scan(today=date(2023, 2, 13))  # 15 days before the end of February
    assert (first.raised["reminder:measure"], first.raised_total, first.notified) == (1, 1, 1)
    assert _messages() == [("民庭庭长", REMIND, "营商举措「1. 测试举措1」的任务「完成全部工作（完成时限：2023年2月底前）」"
                                             "将于2023年2月28日到期，请按时完成并报送进展。")]

    mark = _last_pk()
    second = measures_scan(today=date(2023, 2, 28))  # the deadline day: still in time, no escalation
    assert second.raised == {"reminder:measure": 1, "escalation:measure": 0, "reminder:rectification": 1,
                             "escalation:rectification": 0, "reminder:reform": 0, "escalation:reform": 0}
    assert _messages(mark) == [  # 各审判部门: the civil division's head only, the filing division's only member
        ("民庭庭长", REMIND, "营商举措「6. 推进小切口改革试点」的任务「完成全部工作（完成时限：2023年3月15日前）」"
                          "将于2023年3月15日到期，请按时完成并报送进展。"),
        ("立案书记员", REMIND, "营商举措「6. 推进小切口改革试点」的任务「完成全部工作（完成时限：2023年3月15日前）」"
                           "将于2023年3月15日到期，请按时完成并报送进展。"),
        ("民庭庭长", REMIND, "营商举措「1. 测试举措1」的任务「督察整改：调解台账未按月更新，部分案件未录入系统。」"
                          "将于2023年3月1日到期，请按时完成并报送进展。"),
    ]

    mark = _last_pk()
    measures_scan(today=date(2023, 3, 1))  # the day after the end of February
    assert _messages(mark) == [("胡磊", ESCALATE, "营商举措「1. 测试举措1」的任务「完成全部工作（完成时限：2023年2月底前）」"
                                               "已于2023年2月28日逾期，责任部门：民事审判庭，请督促办理。")]

    mark = _last_pk()
    measures_scan(today=date(2023, 3, 2))
    assert _messages(mark) == [("胡磊", ESCALATE, "营商举措「1. 测试举措1」的任务「督察整改：调解台账未按月更新，部分案件未录入系统。」"
                                               "已于2023年3月1日逾期，责任部门：民事审判庭，请督促办理。")]

    mark = _last_pk()
    result = measures_scan(today=date(2023, 3, 16))
    assert _messages(mark) == [
        ("立案书记员", REMIND, "营商举措「2. 测试举措2」的任务「完成全部工作（完成时限：2023年3月）」"
                           "将于2023年3月31日到期，请按时完成并报送进展。"),
        ("胡磊", ESCALATE, "营商举措「6. 推进小切口改革试点」的任务「完成全部工作（完成时限：2023年3月15日前）」"
                         "已于2023年3月15日逾期，责任部门：各审判部门，请督促办理。"),
        ("立案书记员", REMIND, "营商举措「6. 推进小切口改革试点」的任务「小切口改革试点：诉前调解一站式登记」"
                           "将于2023年3月31日到期，请按时完成并报送进展。"),
    ]
    assert result.notes == ["第6项 逾期督办：牵头领导刘光辉未匹配到用户"]

    mark = _last_pk()
    last = measures_scan(today=date(2023, 4, 1))
    assert _messages(mark) == [
        ("督察员", ESCALATE, "营商举措「2. 测试举措2」的任务「完成全部工作（完成时限：2023年3月）」"
                          "已于2023年3月31日逾期，责任部门：立案庭，请督促办理。"),
        ("胡磊", ESCALATE, "营商举措「6. 推进小切口改革试点」的任务「小切口改革试点：诉前调解一站式登记」"
                         "已于2023年3月31日逾期，责任部门：立案庭，请督促办理。"),
    ]
    assert last.notes == ["第2项 逾期督办：牵头领导刘光辉未匹配到用户，改由督察室督办", "第6项 逾期督办：牵头领导刘光辉未匹配到用户"]
    alert = DeadlineAlert.objects.get(kind="escalation", subject="measure", measure=court_set["measures"][2])
    assert (alert.recipients, alert.note, alert.raised_on, alert.due_on) == (
        ["督察员"], "牵头领导刘光辉未匹配到用户，改由督察室督办", date(2023, 4, 1), date(2023, 3, 31))
    # Completed, ongoing and deactivated measures and the closed inspection never raised anything.
    assert set(DeadlineAlert.objects.values_list("measure__number", flat=True)) == {1, 2, 6}
    assert DeadlineAlert.objects.count() == 10 and Message.objects.count() == 11


def test_running_twice_the_same_day_queues_nothing_new(court_set):
    first = measures_scan(today=date(2023, 3, 16))
    # Escalations for 1 (due 02-28), 6 (03-15) and the rectification (03-01), each to 胡磊; reminders for 2 and the
    # reform (03-31), each to the filing clerk. Deadlines already past are escalated, never reminded.
    assert (first.raised_total, first.notified) == (5, 5)
    alerts, messages = DeadlineAlert.objects.count(), Message.objects.count()
    again = measures_scan(today=date(2023, 3, 16))
    assert (again.raised_total, again.notified, again.notes) == (0, 0, [])
    assert (DeadlineAlert.objects.count(), Message.objects.count()) == (alerts, messages)
    assert Message.objects.filter(idempotency_key__startswith="measures.alert:").count() == messages
    assert measures_scan(today=date(2023, 3, 17)).raised_total == 0  # nothing new the next day either


def test_an_undispatched_alert_is_not_queued_twice_even_if_marked_again(court_set):
    measures_scan(today=date(2023, 2, 13))
    DeadlineAlert.objects.update(is_dispatched=False)  # e.g. a crash after the outbox rows were written
    assert measures_scan(today=date(2023, 2, 13)).notified == 1  # enqueue answered with the existing row
    assert Message.objects.count() == 1


def test_leaders_are_matched_by_name_without_spaces(court_set):
    spaced = UserFactory(court=court_set["people"]["hu"].court, role=Role.VICE_PRESIDENT, display_name="刘 光辉")
    measures_scan(today=date(2023, 4, 1))
    alert = DeadlineAlert.objects.get(kind="escalation", subject="measure", measure=court_set["measures"][2])
    assert (alert.recipients, alert.note) == (["刘 光辉"], "")
    # measures 2 and 6 and the reform under 6
    assert Message.objects.filter(recipient_user=spaced, template_code=ESCALATE).count() == 3


def test_the_lead_time_is_a_setting(court_set, settings):
    settings.MEASURES_REMINDER_DAYS = 0
    assert measures_scan(today=date(2023, 2, 27)).raised_total == 0
    assert measures_scan(today=date(2023, 2, 28)).raised == {
        "reminder:measure": 1, "escalation:measure": 0, "reminder:rectification": 0, "escalation:rectification": 0,
        "reminder:reform": 0, "escalation:reform": 0}


def test_silent_scan_records_without_notifying(court_set):
    result = measures_scan(today=date(2023, 4, 1), notify=False)
    assert (result.raised_total, result.notified) == (5, 0)
    assert not Message.objects.exists()
    assert set(DeadlineAlert.objects.values_list("note", flat=True)) == {"静默扫描：只登记，未发送通知"}
    assert measures_scan(today=date(2023, 4, 1)).notified == 0


def test_completing_or_closing_stops_what_has_not_been_raised(court_set):
    court_set["inspection"].status = InspectionStatus.CLOSED
    court_set["inspection"].closed_on = date(2023, 2, 27)
    court_set["inspection"].save()
    measure = court_set["measures"][1]
    measure.completed_on = date(2023, 2, 27)
    measure.save()
    assert measures_scan(today=date(2023, 3, 2)).raised == {
        "reminder:measure": 1, "escalation:measure": 0, "reminder:rectification": 0, "escalation:rectification": 0,
        "reminder:reform": 0, "escalation:reform": 0}  # only measure 6 (due 2023-03-15)


def test_the_scan_agrees_with_the_pure_rule_day_by_day(court_set):
    """Every day from 2023-02-01 to 2023-04-05: what the scan raises that day is exactly the items whose rule
    answer first became that kind on that day."""
    m, inspection, reform = court_set["measures"], court_set["inspection"], court_set["reform"]
    items = [("measure", m[1].pk, m[1].deadline_on), ("measure", m[2].pk, m[2].deadline_on),
             ("measure", m[6].pk, m[6].deadline_on),
             ("rectification", inspection.pk, inspection.rectification_deadline_on),
             ("reform", reform.pk, reform.deadline_on)]
    seen: set = set()
    day = date(2023, 2, 1)
    while day <= date(2023, 4, 5):
        expected = set()
        for subject, pk, due_on in items:
            kind = domain.deadline_alert(due_on=due_on, today=day, lead_days=15, is_open=True)
            if kind and (kind, subject, pk) not in seen:
                expected.add((kind, subject, pk))
        measures_scan(today=day)
        raised = {(a.kind, a.subject, a.inspection_id or a.reform_id or a.measure_id)
                  for a in DeadlineAlert.objects.filter(raised_on=day)}
        assert raised == expected, day
        seen |= expected
        day += timedelta(days=1)
    assert len(seen) == 10


def test_command_and_celery_task(court_set, capsys):
    call_command("scan_measures", "--today", "2023-03-01")
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("2023-03-01 扫描完成：新增 3 项（到期提醒·举措完成时限 1，逾期督办·举措完成时限 1，"
                                   "到期提醒·督察整改期限 1），排入通知 4 条")
    call_command("scan_measures", "--today", "2023-03-01")
    assert capsys.readouterr().out == "2023-03-01 扫描完成：新增 0 项，排入通知 0 条\n"
    result = scan_measures.delay("2023-03-02").get()
    assert (result["today"], result["raised_total"], result["notified"]) == ("2023-03-02", 1, 1)
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("scan_measures", "--today", "2023-02-30")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_scans_raise_and_queue_each_alert_once(court_set, settings):
    """Four scans of the same day at once (e.g. cron and a manual run): the unique alerts and the outbox keys
    leave one alert and one message each."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers: PostgreSQL only (SQLite serialises them)")
    settings.NOTIFICATIONS_DISPATCH_ON_COMMIT = False  # only the queueing is under test
    results, errors = [], []
    start = threading.Barrier(4)

    def worker():
        try:
            start.wait()
            results.append(measures_scan(today=date(2023, 3, 16)))
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r.notified for r in results) == 5
    assert DeadlineAlert.objects.count() == 5 and Message.objects.count() == 5
    assert DeadlineAlert.objects.filter(is_dispatched=True).count() == 5


def test_nobody_to_tell_is_written_down(court_set):
    court_set["people"]["inspector"].is_active = False
    court_set["people"]["inspector"].save()
    result = measures_scan(today=date(2023, 4, 1))
    assert "第2项 逾期督办：牵头领导刘光辉未匹配到用户，改由督察室督办（督察室无在册人员，未能发送）" in result.notes
    alert = DeadlineAlert.objects.get(kind="escalation", subject="measure", measure=court_set["measures"][2])
    assert alert.recipients == [] and not Message.objects.filter(body__contains="2. 测试举措2").exists()
