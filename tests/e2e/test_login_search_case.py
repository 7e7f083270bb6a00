"""Browser test: Playwright (sync API) drives Debian's chromium against pytest-django's live server.

A judge logs in, searches a case by a party's name (the HTMX search swaps the table), opens it and reads its
timeline. pytest-django's live_server serves /static through django.contrib.staticfiles' StaticFilesHandler, so the
vendored htmx and Bootstrap load exactly as in production (no CDN).

Without /usr/bin/chromium the test is skipped, except under CI=true, where it fails.
"""

from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from config.env import env_str

CHROMIUM = Path("/usr/bin/chromium")
PASSWORD = "pass12345"  # UserFactory's password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def chromium_page(monkeypatch):
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} not found: install Debian's chromium (apt-get install chromium) to run the browser test"
        if env_str("CI") == "true":
            pytest.fail(f"CI=true: {reason}")
        pytest.skip(reason)
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    # Playwright's sync API runs an event loop in this thread; Django refuses ORM calls there unless told it is safe
    # (the test's own ORM calls are strictly sequential with the browser's).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        try:
            context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield page
        finally:
            browser.close()


@pytest.fixture
def court_data():
    """A registered civil case of 田小花 against a tea company, assigned to a judge; and an unrelated case."""
    from yingshang.cases import services
    from yingshang.cases.choices import CaseEventKind, OrganisationKind, PartyKind, PartyRole
    from yingshang.cases.tests.factories import credit_code_for, id_number_for
    from yingshang.org.choices import DepartmentKind, Role
    from yingshang.org.tests.factories import DepartmentFactory, UserFactory, filing_clerk

    clerk = filing_clerk(display_name="立案员甲")
    court = clerk.court
    civil = DepartmentFactory(court=court, kind=DepartmentKind.CIVIL)
    judge = UserFactory(username="judge_e2e", display_name="民庭法官甲", role=Role.JUDGE, court=court,
                        department=civil)

    def register(plaintiff: str, n: int):
        data = services.CaseInput(
            type_code="民初", filed_on=date(2025, 6, 2), department_id=civil.pk, judge_id=judge.pk,
            parties=[services.PartyInput(kind=PartyKind.PERSON, name=plaintiff, role=PartyRole.PLAINTIFF,
                                         id_number=id_number_for(n)),
                     services.PartyInput(kind=PartyKind.ORGANISATION, name=f"咸丰县唐崖茶业{n}有限公司",
                                         role=PartyRole.DEFENDANT, credit_code=credit_code_for(n),
                                         organisation_kind=OrganisationKind.ENTERPRISE)])
        return services.case_register(court=court, data=data, actor=clerk)

    target = register("田小花", 1)
    other = register("向大山", 2)
    services.case_event_record(case_id=target.pk, kind=CaseEventKind.SERVED, occurred_on=date(2025, 6, 5),
                               description="电子送达起诉状副本", actor=judge)
    return {"judge": judge, "target": target, "other": other}


def test_log_in_search_a_case_by_party_name_open_it_and_read_its_timeline(live_server, court_data, chromium_page):
    # court_data comes before chromium_page on purpose: once Playwright runs, ORM calls from this thread would use
    # another (context-local) connection that nobody closes, and PostgreSQL would refuse to drop the test database.
    page = chromium_page
    target, other = court_data["target"], court_data["other"]
    failed_requests: list[str] = []
    page.on("requestfailed", lambda request: failed_requests.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed_requests.append(
        f"{response.status} {response.url}"))

    # Not logged in: the case list sends us to the login page.
    page.goto(f"{live_server.url}/cases/")
    assert "/login/" in page.url
    page.fill("#id_username", court_data["judge"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/cases/")
    assert page.locator("h1").inner_text().strip() == "案件查询"
    table = page.locator("#case-table")
    assert target.case_number in table.inner_text() and other.case_number in table.inner_text()
    # The vendored htmx is served by the live server from /static.
    assert page.evaluate("typeof htmx") == "object"

    # Search by the party's name: htmx swaps the table in place (no page load: the marker survives).
    page.evaluate("window.__still_the_same_page = true")
    page.fill("#id_q", "田小花")
    page.press("#id_q", "Enter")
    page.wait_for_function(
        "number => !document.querySelector('#case-table').innerText.includes(number)", arg=other.case_number)
    assert "共 1 件" in table.inner_text()
    assert "田小花" in table.inner_text()
    assert page.evaluate("window.__still_the_same_page") is True
    assert parse_qs(urlsplit(page.url).query)["q"] == ["田小花"]  # hx-push-url: the search is bookmarkable

    # Open the case and read its timeline.
    page.click(f"#case-table a:has-text('{target.case_number}')")
    page.wait_for_url(f"{live_server.url}/cases/{target.pk}/")
    assert target.case_number in page.locator("h1").inner_text()
    timeline = page.locator(".timeline").inner_text()
    assert "2025年6月2日 立案" in timeline
    assert "现场立案，案号" + target.case_number in timeline
    assert "2025年6月2日 分案" in timeline
    assert "2025年6月5日 送达" in timeline and "电子送达起诉状副本" in timeline
    assert "田小花" in page.locator("body").inner_text()
    assert failed_requests == []
