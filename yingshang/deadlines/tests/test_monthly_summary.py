"""The monthly summary to the leadership (issue 3 §8): on the 1st, one in-app notice per leader (院长 and 审管办: the
whole court; 分管副院长: their departments) with last month's figures and links; re-running writes nothing."""

from datetime import date

import pytest
from django.core.management import call_command

from yingshang.cases.choices import CaseStatus, Procedure
from yingshang.cases.tests.factories import CaseFactory
from yingshang.deadlines import selectors
from yingshang.deadlines.models import MonthlySummaryRun
from yingshang.deadlines.monthly import monthly_summary_dispatch, previous_month
from yingshang.deadlines.services import deadlines_scan
from yingshang.notifications.models import Message
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

JULY_1 = date(2024, 7, 1)
TEMPLATE = "deadlines.monthly_summary"
LINK = "/deadlines/weekly/?month=2024-06"


@pytest.fixture
def court_set(time_machine):
    """June 2024 (the month summarised on 2024-07-01), case by case:

    民事审判庭  filed 2023-06-01 (past 12; crossed 12 on 06-02) · 2023-09-20 (past 9; crossed 9 on 06-21) ·
               2023-12-29 (6 months end 06-29: past 6, crossed on 06-30, the month's last day) ·
               2023-12-30 (6 months end 06-30: neither past nor crossed in June) · 2024-01-05 (fresh) ·
               closed 06-15 (counted) · closed 07-01 and 05-31 (not counted, not open)
    商事审判庭  filed 2023-10-15 (past 6) · closed 06-30 (counted)
    刑事审判庭  filed 2023-05-15 (past 12, crossed in May)
    another court: filed 2023-01-01 (past 12)
    """
    time_machine.move_to("2024-07-01 06:00:00+08:00", tick=False)
    court = CourtFactory()
    civil = DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)
    commercial = DepartmentFactory(court=court, kind=DepartmentKind.CIVIL, name="商事审判庭")
    criminal = DepartmentFactory(court=court, kind=DepartmentKind.CRIMINAL)
    judge = UserFactory(court=court, department=civil)

    def case(filed, department=civil, **extra):
        return CaseFactory(court=court, department=department, judge=judge, filed_on=filed,
                           procedure=Procedure.ORDINARY, **extra)

    for filed in (date(2023, 6, 1), date(2023, 9, 20), date(2023, 12, 29), date(2023, 12, 30), date(2024, 1, 5)):
        case(filed)
    to_close = [(case(date(2023, 11, 1)), date(2024, 6, 15)), (case(date(2023, 11, 2)), date(2024, 7, 1)),
                (case(date(2023, 11, 3)), date(2024, 5, 31)),
                (case(date(2024, 2, 1), department=commercial), date(2024, 6, 30))]
    case(date(2023, 10, 15), department=commercial)
    case(date(2023, 5, 15), department=criminal, category="criminal", type_code="刑初")
    other_court = CourtFactory(name="来凤县人民法院", code="鄂2827")
    other_department = DepartmentFactory(court=other_court, kind=DepartmentKind.CIVIL)
    CaseFactory(court=other_court, department=other_department, filed_on=date(2023, 1, 1),
                procedure=Procedure.ORDINARY, judge=UserFactory(court=other_court, department=other_department))
    deadlines_scan(today=date(2024, 5, 1), notify=False)
    for closing, closed_on in to_close:
        closing.status, closing.closed_on, closing.closing_manner = CaseStatus.CLOSED, closed_on, "judgment"
        closing.save()
    deadlines_scan(today=JULY_1, notify=False)

    def vice_president(*departments, **extra):
        vp = UserFactory(court=court, role=Role.VICE_PRESIDENT, department=None, **extra)
        vp.supervised_departments.add(*departments)
        return vp

    return {
        "court": court, "civil": civil, "commercial": commercial, "criminal": criminal,
        "president": UserFactory(court=court, role=Role.PRESIDENT, department=None, display_name="院长"),
        "tm": UserFactory(court=court, role=Role.TRIAL_MANAGEMENT, department=None, display_name="审管办"),
        "vp_civil": vice_president(civil, commercial, display_name="分管民商事院长"),
        "vp_criminal": vice_president(criminal, display_name="分管刑事院长"),
        "vp_none": vice_president(display_name="未分管院长"),
        "retired": UserFactory(court=court, role=Role.PRESIDENT, department=None, is_active=False),
        "head": UserFactory(court=court, role=Role.DIVISION_HEAD, department=civil),
        "judge": judge,
        "other_president": UserFactory(court=other_court, role=Role.PRESIDENT, department=None),
    }


def notices():
    return {m.recipient_user_id: m for m in Message.objects.filter(template_code=TEMPLATE)}


def test_previous_month():
    assert previous_month(JULY_1) == (date(2024, 6, 1), date(2024, 6, 30))
    assert previous_month(date(2024, 3, 31)) == (date(2024, 2, 1), date(2024, 2, 29))
    assert previous_month(date(2025, 1, 1)) == (date(2024, 12, 1), date(2024, 12, 31))


def test_figures_by_department_on_the_hand_built_set(court_set):
    figures = selectors.monthly_figures_by_department(start=date(2024, 6, 1), end=date(2024, 6, 30))
    court = court_set["court"].pk
    assert {key: f.as_dict() for key, f in figures.items() if key[0] == court} == {
        (court, court_set["civil"].pk): {"past_6": 3, "past_9": 2, "past_12": 1, "crossed": 3, "closed": 1},
        (court, court_set["commercial"].pk): {"past_6": 1, "past_9": 0, "past_12": 0, "crossed": 0, "closed": 1},
        (court, court_set["criminal"].pk): {"past_6": 1, "past_9": 1, "past_12": 1, "crossed": 0, "closed": 0},
    }


def test_one_inbox_notice_per_leader_with_the_figures_of_their_scope(court_set):
    result = monthly_summary_dispatch(today=JULY_1)
    assert (result.month_on, result.notified, result.already_notified) == (date(2024, 6, 1), 5, 0)
    sent = notices()
    assert set(sent) == {court_set[k].pk for k in ("president", "tm", "vp_civil", "vp_criminal", "other_president")}
    assert {m.channel for m in sent.values()} == {"inbox"}
    assert sent[court_set["president"].pk].body == (
        "【月度调度】2024年6月全院：未结超6个月5件、超9个月3件、超12个月2件；本月新超期3件，本月结案2件。"
        f"详见{LINK}（Excel：{LINK}&format=xlsx）。")
    assert sent[court_set["tm"].pk].body == sent[court_set["president"].pk].body
    assert sent[court_set["vp_civil"].pk].body == (
        "【月度调度】2024年6月分管部门（民事审判庭、商事审判庭）：未结超6个月4件、超9个月2件、超12个月1件；"
        f"本月新超期3件，本月结案2件。详见{LINK}（Excel：{LINK}&format=xlsx）。")
    assert sent[court_set["vp_criminal"].pk].values["past_12"] == "1"
    assert sent[court_set["vp_criminal"].pk].body.startswith(
        "【月度调度】2024年6月分管部门（刑事审判庭）：未结超6个月1件、超9个月1件、超12个月1件；本月新超期0件，本月结案0件。")
    assert sent[court_set["other_president"].pk].body.startswith(
        "【月度调度】2024年6月全院：未结超6个月1件、超9个月1件、超12个月1件；本月新超期0件，本月结案0件。")
    run = MonthlySummaryRun.objects.get()
    assert (run.month_on, run.recipient_ids) == (date(2024, 6, 1), sorted(sent))
    assert run.figures[str(court_set["court"].pk)] == {"past_6": 5, "past_9": 3, "past_12": 2, "crossed": 3,
                                                       "closed": 2}


def test_the_notice_agrees_with_the_monthly_page(court_set, client):
    monthly_summary_dispatch(today=JULY_1)
    report = selectors.weekly_report(user=court_set["president"], period_end=date(2024, 6, 30), days=30)
    line = report.court
    body = notices()[court_set["president"].pk].values
    assert [body[k] for k in ("past_6", "past_9", "past_12", "crossed", "closed")] == [
        str(v) for v in (line.past_6, line.past_9, line.past_12, line.crossed_6 + line.crossed_9 + line.crossed_12,
                         line.closed)]
    client.force_login(court_set["president"])
    page = client.get(LINK).content.decode()
    assert "长期未结案件月度调度（2024年6月1日至2024年6月30日）" in page
    assert 'href="?month=2024-06">上月月度调度（2024年6月）</a>' in page
    assert "月份格式应为 YYYY-MM" in client.get("/deadlines/weekly/?month=2024-13").content.decode()
    xlsx = client.get(LINK + "&format=xlsx")
    assert xlsx.status_code == 200 and "2024" in xlsx["Content-Disposition"]


def test_a_rerun_writes_nothing(court_set):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monthly_summary_dispatch(today=JULY_1)
    messages = list(Message.objects.order_by("pk").values_list("pk", "updated_at"))
    run = list(MonthlySummaryRun.objects.values_list("pk", "last_run_at", "recipient_ids"))
    with CaptureQueriesContext(connection) as ctx:
        result = monthly_summary_dispatch(today=date(2024, 7, 15))
    assert (result.notified, result.already_notified) == (0, 5)
    statements = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
    assert statements.count("SELECT") == 3  # the run row, the leaders and their departments: no figures, no write
    assert set(statements) <= {"SELECT", "SAVEPOINT", "RELEASE"}
    assert list(Message.objects.order_by("pk").values_list("pk", "updated_at")) == messages
    assert list(MonthlySummaryRun.objects.values_list("pk", "last_run_at", "recipient_ids")) == run


def test_a_new_leader_gets_the_month_on_a_rerun_and_no_one_else_twice(court_set, time_machine):
    monthly_summary_dispatch(today=JULY_1)
    newcomer = UserFactory(court=court_set["court"], role=Role.TRIAL_MANAGEMENT, department=None)
    time_machine.move_to("2024-07-02 09:00:00+08:00", tick=False)
    result = monthly_summary_dispatch(today=date(2024, 7, 2))
    assert (result.notified, result.already_notified) == (1, 5)
    assert Message.objects.filter(template_code=TEMPLATE).count() == 6
    assert newcomer.pk in notices()
    assert len(MonthlySummaryRun.objects.get().recipient_ids) == 6


def test_the_next_month_is_a_new_summary(court_set):
    monthly_summary_dispatch(today=JULY_1)
    result = monthly_summary_dispatch(today=date(2024, 8, 1))
    assert (result.month_on, result.notified) == (date(2024, 7, 1), 5)
    assert MonthlySummaryRun.objects.count() == 2
    assert Message.objects.filter(template_code=TEMPLATE).count() == 10


def test_command_and_task(court_set, capsys):
    call_command("dispatch_monthly_summary", "--today", "2024-07-01")
    assert capsys.readouterr().out.strip() == "2024年6月长期未结案件月度调度：本次通知 5 人，此前已通知 0 人"
    from yingshang.deadlines.tasks import dispatch_monthly_summary

    assert dispatch_monthly_summary.delay("2024-07-01").get() == {"month": "2024-06", "notified": 0,
                                                                   "already_notified": 5}


def test_command_refuses_a_bad_date_in_chinese():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("dispatch_monthly_summary", "--today", "2024-13-01")
    assert str(refused.value) == "Error: argument --today: 应为 YYYY-MM-DD 的有效日期"
    assert not MonthlySummaryRun.objects.exists()
