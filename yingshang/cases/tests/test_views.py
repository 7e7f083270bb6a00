"""Pages: the case list (search, filters, HTMX pagination) and the case page (parties, timeline, history), scoped
like the API: anonymous → login, another party's case → 404."""

from datetime import date

import pytest
from django.test import Client

from yingshang.cases import services, views
from yingshang.cases.choices import CaseEventKind, CaseStatus, PartyRole
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, EnterpriseFactory, PersonFactory
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cases(court, civil, judge):
    mine = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 3, 15))
    theirs = CaseFactory(court=court, department=civil, judge=judge, filed_on=date(2024, 3, 16))
    party_user = UserFactory(role=Role.PARTY)
    CasePartyFactory(case=mine, party=PersonFactory(name="田小花")).party.users.add(party_user)
    CasePartyFactory(case=theirs, party=EnterpriseFactory(name="咸丰县唐崖茶业有限公司"), role=PartyRole.DEFENDANT)
    services.case_event_record(case_id=mine.pk, kind=CaseEventKind.SERVED, occurred_on=date(2024, 3, 20),
                               description="电子送达起诉状副本", actor=judge)
    return mine, theirs, party_user


def test_anonymous_visitors_are_sent_to_the_login_page(cases):
    mine, _, _ = cases
    client = Client()
    for url in ("/cases/", f"/cases/{mine.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == f"/login/?next={url}"
    assert client.get("/")["Location"] == "/cases/"


def test_login_and_logout(judge):
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200 and "用户名" in page.content.decode()
    refused = client.post("/login/", {"username": judge.username, "password": "wrong"})
    assert refused.status_code == 200 and "用户名或密码不正确" in refused.content.decode()
    logged_in = client.post("/login/", {"username": judge.username, "password": "pass12345", "next": "/cases/"})
    assert (logged_in.status_code, logged_in["Location"]) == (302, "/cases/")
    assert client.get("/cases/").status_code == 200
    logged_out = client.post("/logout/")
    assert (logged_out.status_code, logged_out["Location"]) == (302, "/login/")
    assert client.get("/cases/").status_code == 302


def test_a_party_sees_only_its_own_case_in_the_list(cases):
    mine, theirs, party_user = cases
    page = as_user(party_user).get("/cases/")
    assert page.status_code == 200
    listed = list(page.context["cases"])
    assert listed == [mine] and page.context["count"] == 1
    html = page.content.decode()
    assert mine.case_number in html and theirs.case_number not in html


def test_a_party_opens_its_own_case_but_not_another(cases):
    mine, theirs, party_user = cases
    client = as_user(party_user)
    page = client.get(f"/cases/{mine.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "案件时间轴" in html and "2024年3月20日 送达" in html and "电子送达起诉状副本" in html
    assert "田小花" in html
    assert "变更历史" not in html  # the audit history is for court staff
    assert client.get(f"/cases/{theirs.pk}/").status_code == 404
    assert client.get("/cases/999999/").status_code == 404


def test_a_judge_of_another_division_gets_404(cases, criminal_judge):
    mine, _, _ = cases
    assert as_user(criminal_judge).get(f"/cases/{mine.pk}/").status_code == 404
    assert as_user(criminal_judge).get("/cases/").context["count"] == 0


def test_staff_see_the_history_and_the_dates_in_chinese(cases, judge):
    mine, _, _ = cases
    services.case_status_change(case_id=mine.pk, status=CaseStatus.SUSPENDED, actor=judge, on=date(2024, 4, 1),
                                reason="等待鉴定意见")
    html = as_user(judge).get(f"/cases/{mine.pk}/").content.decode()
    assert "变更历史" in html
    assert "cases.case_status_changed" in html and "cases.event_recorded" in html and "等待鉴定意见" in html
    assert "2024年3月15日" in html  # filing date
    assert "中止" in html


def test_search_filters_and_htmx_partial(cases, judge):
    mine, theirs, _ = cases
    client = as_user(judge)
    assert list(client.get("/cases/?q=唐崖").context["cases"]) == [theirs]
    assert list(client.get("/cases/?q=田小花").context["cases"]) == [mine]
    assert list(client.get("/cases/", {"q": mine.case_number.replace("（", "(").replace("）", ")")})
                .context["cases"]) == [mine]
    assert list(client.get("/cases/?filed_from=2024-03-16").context["cases"]) == [theirs]
    partial = client.get("/cases/?q=唐崖", HTTP_HX_REQUEST="true")
    html = partial.content.decode()
    assert partial.status_code == 200 and "<html" not in html and "共 1 件" in html
    assert theirs.case_number in html and mine.case_number not in html


def test_an_impossible_date_in_the_filters_is_shown_not_a_500(cases, judge):
    page = as_user(judge).get("/cases/?filed_from=2023-02-30")
    assert page.status_code == 200
    assert "立案日期自" in page.content.decode() and page.context["form"].errors
    assert as_user(judge).get("/cases/?page=abc&page_size=-4").status_code == 200
    assert as_user(judge).get("/cases/?page=99999999999999999999").status_code == 200
    refused = as_user(judge).get("/cases/?q=%00")
    assert refused.status_code == 200 and refused.context["form"].errors


def test_pagination(court, civil, judge):
    for _ in range(25):
        CaseFactory(court=court, department=civil, judge=judge)
    client = as_user(judge)
    first = client.get("/cases/")
    assert len(first.context["cases"]) == 20 and first.context["pages"] == 2
    html = first.content.decode()
    assert "第 1 / 2 页" in html and "page=2" in html
    second = client.get("/cases/?page=2")
    assert len(second.context["cases"]) == 5 and "第 2 / 2 页" in second.content.decode()


def test_case_list_page_queries_do_not_grow(court, civil, judge, django_assert_max_num_queries):
    client = as_user(judge)
    for _ in range(3):
        CasePartyFactory(case=CaseFactory(court=court, department=civil, judge=judge))
    client.get("/cases/")
    with django_assert_max_num_queries(9) as few:
        client.get("/cases/")
    for _ in range(15):
        CasePartyFactory(case=CaseFactory(court=court, department=civil, judge=judge))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get("/cases/").context["count"] == 18


def test_other_apps_add_panels_to_the_case_page(cases, judge, monkeypatch):
    mine, theirs, _ = cases
    monkeypatch.setattr(views, "CASE_PANELS", [
        lambda request, case: {"title": "测试面板", "template": "cases/partials/_status_badge.html", "context": {}}
        if case.pk == mine.pk else None,
    ])
    client = as_user(judge)
    assert "测试面板" in client.get(f"/cases/{mine.pk}/").content.decode()
    assert "测试面板" not in client.get(f"/cases/{theirs.pk}/").content.decode()


def test_navigation_and_static_assets(judge):
    html = as_user(judge).get("/cases/").content.decode()
    assert 'href="/cases/"' in html and "案件查询" in html
    assert "/static/vendor/htmx/htmx.min.js" in html and "/static/vendor/bootstrap/bootstrap.min.css" in html
    assert "cdn" not in html.lower()
    from django.contrib.staticfiles import finders

    assert finders.find("vendor/htmx/htmx.min.js") and finders.find("vendor/bootstrap/bootstrap.min.css")
