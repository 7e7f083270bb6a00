"""Pages: the public calculator (HTMX) and the staff year view (edit a day, confirm a year)."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from yingshang.audit.models import AuditEvent
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.calendar.tests.factories import trial_manager
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def test_the_calculator_is_public_and_prefilled():
    response = Client().get(reverse("calendar:calculator"))
    assert response.status_code == 200
    assert response.templates[0].name == "calendar/calculator.html"
    assert 'name="start"' in response.content.decode()


def test_the_calculator_shows_the_deadline_and_steps_in_a_partial():
    response = Client().get(reverse("calendar:calculator"),
                            {"start": "2024-09-20", "count": "15", "unit": "days", "rollover": "on"}, **HX)
    html = response.content.decode()
    assert [t.name for t in response.templates] == ["calendar/partials/_result.html"]
    assert "2024年10月8日（星期二）" in html
    assert "期间届满日2024年10月5日为国庆节假日，顺延至2024年10月8日" in html
    assert "未确认日历" not in html


def test_unticked_rollover_keeps_the_holiday_end():
    response = Client().get(reverse("calendar:calculator"), {"start": "2024-09-20", "count": "15", "unit": "days"})
    assert "2024年10月5日（星期六）" in response.content.decode()


def test_the_calculator_warns_for_2027():
    response = Client().get(reverse("calendar:calculator"),
                            {"start": "2027-01-25", "count": "12", "unit": "days", "rollover": "on"}, **HX)
    html = response.content.decode()
    assert "2027年2月9日（星期二）" in html
    assert 'data-testid="unconfirmed-warning"' in html and "2027年的节假日安排尚未经国务院办公厅通知确认" in html


@pytest.mark.parametrize(("params", "message"), [
    ({"start": "2024-09-20", "count": "0", "unit": "days"}, "期间应为正整数，至少1日"),
    ({"start": "2024-09-20", "count": "5000", "unit": "days"}, "期间过长：最多3650日"),
    ({"start": "2024-02-30", "count": "5", "unit": "days"}, "日期不正确，应为 YYYY-MM-DD"),
    ({"start": "2024-09-20", "count": "abc", "unit": "days"}, "应为整数"),
    ({"start": "1900-01-01", "count": "5", "unit": "days"}, "起算日超出可计算范围"),
])
def test_the_calculator_shows_errors_in_chinese(params, message):
    response = Client().get(reverse("calendar:calculator"), params)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["result"] is None


def test_the_manage_page_needs_login_and_the_right_role():
    anonymous = Client().get(reverse("calendar:manage"))
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    judge = Client()
    judge.force_login(UserFactory(role=Role.JUDGE))
    assert judge.get(reverse("calendar:manage")).status_code == 403


def test_the_manage_page_shows_a_year_with_its_status():
    client = Client()
    client.force_login(trial_manager())
    response = client.get(reverse("calendar:manage"), {"year": 2027, "day": "2027-02-09"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "未确认（暂定）" in html and "工作日 254 天" in html
    assert response.context["selected"].day == date(2027, 2, 9)
    assert "确认2027年日历" in html


def test_the_day_editor_is_an_htmx_partial():
    client = Client()
    client.force_login(trial_manager())
    response = client.get(reverse("calendar:day_edit", args=["2026-02-14"]), **HX)
    assert [t.name for t in response.templates] == ["calendar/partials/_day_editor.html"]
    assert "2026年2月14日（星期六）" in response.content.decode() and "调休上班日" in response.content.decode()
    assert client.get(reverse("calendar:day_edit", args=["2026-02-30"])).status_code == 404


def test_staff_save_a_day_and_are_redirected_back():
    client = Client()
    client.force_login(trial_manager())
    response = client.post(reverse("calendar:day_edit", args=["2027-02-09"]),
                           {"is_working_day": "0", "holiday_name": "春节", "reason": "国办发明电〔2026〕测试号"}, **HX)
    assert response.status_code == 204
    assert response["HX-Redirect"] == "/calendar/?year=2027&day=2027-02-09"
    assert CalendarDay.objects.get(day=date(2027, 2, 9)).is_working_day is False
    assert AuditEvent.objects.filter(action="calendar.day_updated").count() == 1


def test_a_refused_save_shows_the_error_beside_the_field_and_writes_nothing():
    client = Client()
    client.force_login(trial_manager())
    response = client.post(reverse("calendar:day_edit", args=["2027-02-09"]),
                           {"is_working_day": "0", "holiday_name": "", "reason": "通知"}, **HX)
    assert response.status_code == 200
    assert "把周一至周五改为休息日时，请填写节假日名称" in response.content.decode()
    assert CalendarDay.objects.get(day=date(2027, 2, 9)).is_working_day is True
    assert not AuditEvent.objects.exists()


def test_a_judge_cannot_post_an_edit():
    client = Client()
    client.force_login(UserFactory(role=Role.JUDGE))
    response = client.post(reverse("calendar:day_edit", args=["2027-02-09"]),
                           {"is_working_day": "0", "holiday_name": "春节", "reason": "通知"})
    assert response.status_code == 403
    assert CalendarDay.objects.get(day=date(2027, 2, 9)).is_working_day is True
    assert not AuditEvent.objects.exists()


def test_confirm_a_year_from_the_page():
    client = Client()
    client.force_login(trial_manager())
    missing = client.post(reverse("calendar:year_confirm", args=[2027]), {"note": ""})
    assert missing.status_code == 400 and "请填写确认依据" in missing.content.decode()
    assert CalendarYear.objects.get(year=2027).is_confirmed is False
    response = client.post(reverse("calendar:year_confirm", args=[2027]), {"note": "国办发明电〔2026〕测试号"})
    assert response.status_code == 302
    assert CalendarYear.objects.get(year=2027).is_confirmed is True
    assert AuditEvent.objects.filter(action="calendar.year_confirmed").count() == 1
