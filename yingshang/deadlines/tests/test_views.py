"""Pages: my deadlines, the board (scoped), the weekly report and its Excel file, the case panel and its forms."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import load_workbook

from yingshang.cases.choices import CaseStatus, Procedure
from yingshang.cases.tests.factories import CaseFactory
from yingshang.deadlines.models import Deduction, ExtensionRequest
from yingshang.deadlines.services import deadlines_scan
from yingshang.org.choices import DepartmentKind, Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 11)


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to("2024-07-11 10:00:00+08:00", tick=False)


@pytest.fixture
def org():
    court = CourtFactory()
    civil = DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)
    enforcement = DepartmentFactory(court=court, kind=DepartmentKind.ENFORCEMENT)
    judge = UserFactory(court=court, department=civil, display_name="张法官")
    officer = UserFactory(court=court, department=enforcement, role=Role.ENFORCEMENT_OFFICER, display_name="李执行员")
    cases = [
        # civil: past 12 months, past 9, past 6 (crossed on 2024-07-06, inside the week 07-05…07-11), fresh
        CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2023, 6, 1), procedure=Procedure.ORDINARY),
        CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2023, 9, 20), procedure=Procedure.ORDINARY),
        CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 1, 5), procedure=Procedure.ORDINARY),
        CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 6, 1), procedure=Procedure.SIMPLE),
        # enforcement: past 6 months
        CaseFactory(court=court, department=enforcement, judge=officer, filed_on=date(2023, 12, 1),
                    procedure=Procedure.ENFORCEMENT, category="enforcement", type_code="执"),
    ]
    # closed this week after 7 months
    closed = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2023, 12, 1),
                         procedure=Procedure.ORDINARY)
    deadlines_scan(today=date(2024, 7, 1))
    closed.status, closed.closed_on, closed.closing_manner = CaseStatus.CLOSED, date(2024, 7, 8), "judgment"
    closed.save()
    deadlines_scan(today=TODAY)
    return {"court": court, "civil": civil, "enforcement": enforcement, "judge": judge, "officer": officer,
            "cases": cases, "closed": closed}


def test_my_deadlines_lists_only_my_cases(client, org):
    client.force_login(org["judge"])
    page = client.get("/deadlines/").content.decode()
    assert all(c.case_number in page for c in org["cases"][:4]) and "已超审限" in page
    assert org["cases"][4].case_number not in page
    assert org["closed"].case_number not in page  # closed: neither in the list nor among pending alerts


def test_board_permissions(client, org):
    assert client.get("/deadlines/board/").status_code == 302  # anonymous → login
    client.force_login(org["judge"])
    assert client.get("/deadlines/board/").status_code == 403
    head = UserFactory(role=Role.DIVISION_HEAD, court=org["court"], department=org["civil"])
    client.force_login(head)
    page = client.get("/deadlines/board/").content.decode()
    assert org["cases"][0].case_number in page and org["cases"][4].case_number not in page
    assert "审委会讨论清单" in page


def test_vice_president_sees_supervised_departments_only(client, org):
    vp = UserFactory(role=Role.VICE_PRESIDENT, court=org["court"])
    vp.supervised_departments.add(org["enforcement"])
    client.force_login(vp)
    page = client.get("/deadlines/board/").content.decode()
    assert org["cases"][4].case_number in page and org["cases"][0].case_number not in page


def test_weekly_excel_opens_with_the_expected_rows(client, org):
    president = UserFactory(role=Role.PRESIDENT, court=org["court"])
    client.force_login(president)
    res = client.get("/deadlines/weekly/?end=2024-07-11&format=xlsx")
    assert res.status_code == 200
    assert res["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = load_workbook(BytesIO(res.content))
    assert book.sheetnames == ["全院", "按部门", "按法官", "超12个月", "超9个月", "超6个月", "本期新超期", "本期结案"]
    court = book["全院"]
    assert court.freeze_panes == "A2"
    assert [c.value for c in court[1]][:6] == ["部门", "名称", "未结", "超6个月", "超9个月", "超12个月"]
    # open 5; past 6: 4 (12m, 9m, 6m civil, 6m enforcement); past 9: 2; past 12: 1; crossed 6 this week: 1;
    # closed this week 1, long-pending 1.
    assert [c.value for c in court[2]] == ["全院", "全院", 5, 4, 2, 1, 1, 0, 0, 0, 1, 1, 4]
    departments = {row[1].value: [c.value for c in row] for row in book["按部门"].iter_rows(min_row=2)}
    assert departments["民事审判庭"][2:6] == [4, 3, 2, 1]
    assert departments["执行局"][2:6] == [1, 1, 0, 0]
    assert [r[0].value for r in book["超12个月"].iter_rows(min_row=2)] == [org["cases"][0].case_number]
    assert [r[0].value for r in book["本期新超期"].iter_rows(min_row=2)] == [org["cases"][2].case_number]
    assert [r[0].value for r in book["本期结案"].iter_rows(min_row=2)] == [org["closed"].case_number]
    assert book["按法官"].column_dimensions["B"].width >= 8


def test_weekly_page_for_a_division_head_is_scoped(client, org):
    head = UserFactory(role=Role.DIVISION_HEAD, court=org["court"], department=org["enforcement"])
    client.force_login(head)
    page = client.get("/deadlines/weekly/").content.decode()
    assert "每周滚动通报" in page and org["cases"][4].case_number in page
    assert org["cases"][0].case_number not in page
    monthly = client.get("/deadlines/weekly/?period=month").content.decode()
    assert "长期未结案件月度调度" in monthly


def test_case_panel_explains_and_the_forms_work(client, org):
    case = org["cases"][3]  # simple, filed 2024-06-01 → 2024-09-02
    client.force_login(org["judge"])
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "民事一审简易程序" in page and "2024年9月2日" in page and "登记审限扣除" in page
    res = client.post(f"/deadlines/cases/{case.pk}/deductions/",
                      {"kind": "public_notice", "start_on": "2024-06-10", "end_on": "2024-06-19", "reason": "公告"})
    assert res.status_code == 302 and res["Location"].endswith(f"/cases/{case.pk}/#deadlines")
    assert Deduction.objects.filter(case=case).count() == 1
    # a refused form writes nothing and shows the reason
    res = client.post(f"/deadlines/cases/{case.pk}/deductions/",
                      {"kind": "auction_sale", "start_on": "2024-06-20", "reason": "x"}, follow=True)
    assert "不属于民事一审简易程序可以扣除审限的情形" in res.content.decode()
    assert Deduction.objects.filter(case=case).count() == 1
    client.post(f"/deadlines/cases/{case.pk}/extensions/",
                {"reason_code": "evidence", "length_months": "1", "reason": "补充调查"})
    ext = ExtensionRequest.objects.get(case=case)
    client.post(f"/deadlines/cases/{case.pk}/extensions/{ext.pk}/decide/", {"decision": "approve"})
    ext.refresh_from_db()
    assert ext.status == "requested"  # a judge cannot decide
    president = UserFactory(role=Role.PRESIDENT, court=org["court"])
    client.force_login(president)
    assert "院长审批" in client.get(f"/cases/{case.pk}/").content.decode()
    client.post(f"/deadlines/cases/{case.pk}/extensions/{ext.pk}/decide/", {"decision": "approve"})
    ext.refresh_from_db()
    assert ext.status == "approved"


def test_forms_answer_404_for_cases_the_user_cannot_see(client, org):
    stranger = UserFactory(court=org["court"], department=DepartmentFactory(court=org["court"], name="刑事审判庭"))
    client.force_login(stranger)
    res = client.post(f"/deadlines/cases/{org['cases'][0].pk}/deductions/",
                      {"kind": "public_notice", "start_on": "2024-06-10", "reason": "x"})
    assert res.status_code == 404
    assert not Deduction.objects.exists()


def test_scan_command(org, capsys):
    from django.core.management import call_command

    call_command("scan_deadlines", "--today", "2024-07-11")
    assert "2024-07-11 扫描完成：新增 0" in capsys.readouterr().out


def test_celery_task_runs_the_scan(org):
    from yingshang.deadlines.tasks import scan_deadlines

    result = scan_deadlines.delay("2024-07-12").get()
    assert result["today"] == "2024-07-12" and result["inserted"] == 0


def test_a_party_sees_the_time_limit_on_the_case_page_without_forms_or_reasons(client, org):
    from yingshang.cases.tests.factories import CasePartyFactory, PersonFactory
    from yingshang.deadlines import services

    case = org["cases"][3]
    services.deduction_record(case_id=case.pk, kind="public_notice", start_on=date(2024, 6, 10),
                              end_on=date(2024, 6, 19), reason="内部：被告下落不明", actor=org["judge"])
    user = UserFactory(role=Role.PARTY)
    person = PersonFactory()
    person.users.add(user)
    CasePartyFactory(case=case, party=person)
    client.force_login(user)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "审限届满日" in page and "公告期间" in page
    assert "内部：被告下落不明" not in page and "登记审限扣除" not in page and "一案一策" not in page


def test_list_pages_do_not_query_per_row(client, org):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    head = UserFactory(role=Role.DIVISION_HEAD, court=org["court"], department=org["civil"])

    def count(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    before = (count(head, "/deadlines/board/"), count(org["judge"], "/deadlines/"))
    for n in range(5):
        CaseFactory(court=org["court"], department=org["civil"], judge=org["judge"], filed_on=date(2023, 11, 1 + n),
                    procedure=Procedure.ORDINARY)
    deadlines_scan(today=TODAY)
    after = (count(head, "/deadlines/board/"), count(org["judge"], "/deadlines/"))
    assert after == before and max(after) <= 12


def test_rules_page_lists_every_rule_with_its_source(client, org):
    from yingshang.deadlines.domain import RULES

    client.force_login(org["judge"])
    page = client.get("/deadlines/rules/").content.decode()
    assert all(r.label in page and r.source in page for r in RULES.values())
