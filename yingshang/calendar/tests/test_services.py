"""Writes to the working-day table: the seeded migration, editing a day (ordinals, audit, permissions), confirming
a year, the idempotent seed."""

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from yingshang.audit.models import AuditEvent
from yingshang.calendar import selectors
from yingshang.calendar.choices import DaySource
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.models import CalendarDay, CalendarYear
from yingshang.calendar.services import (
    calendar_day_update, calendar_ordinals_recompute, calendar_seed, calendar_year_confirm,
)
from yingshang.calendar.signals import calendar_changed
from yingshang.calendar.tests.factories import trial_manager
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.org.choices import Role
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
D = date


def _ordinals(first, last):
    return dict(CalendarDay.objects.filter(day__range=(first, last)).values_list("day", "working_ordinal"))


def test_the_migration_leaves_a_full_calendar_2004_to_2027():
    assert CalendarDay.objects.count() == 8766
    assert CalendarDay.objects.order_by("day").first().day == D(2004, 1, 1)
    assert CalendarDay.objects.order_by("day").last().day == D(2027, 12, 31)
    assert CalendarYear.objects.count() == 24
    assert list(CalendarYear.objects.filter(is_confirmed=False).values_list("year", "source")) == [
        (2027, DaySource.PROVISIONAL)]
    assert CalendarDay.objects.filter(day__year=2027).exclude(source=DaySource.PROVISIONAL).count() == 0
    day = CalendarDay.objects.get(day=D(2026, 2, 14))
    assert (day.is_working_day, day.is_adjusted_workday, day.holiday_name) == (True, True, "春节")
    assert CalendarDay.objects.get(day=D(2027, 12, 31)).working_ordinal == \
        CalendarDay.objects.filter(is_working_day=True).count()


def test_making_a_weekday_a_holiday_lowers_later_ordinals_by_one_and_is_audited():
    actor = trial_manager()
    before = _ordinals(D(2027, 2, 1), D(2027, 12, 31))
    row = calendar_day_update(day=D(2027, 2, 9), is_working_day=False, holiday_name="春节",
                              reason="国办发明电〔2026〕测试号", actor=actor)
    after = _ordinals(D(2027, 2, 1), D(2027, 12, 31))
    assert (row.is_working_day, row.holiday_name, row.source) == (False, "春节", DaySource.MANUAL)
    assert all(after[d] == before[d] for d in before if d < D(2027, 2, 9))
    assert all(after[d] == before[d] - 1 for d in before if d >= D(2027, 2, 9))
    assert row.working_ordinal == before[D(2027, 2, 8)]
    event = AuditEvent.objects.get()
    assert (event.action, event.actor, event.target_id, event.reason) == (
        "calendar.day_updated", actor, str(row.pk), "国办发明电〔2026〕测试号")
    assert (event.before["is_working_day"], event.after["is_working_day"]) == (True, False)
    assert event.after["working_ordinal"] == before[D(2027, 2, 8)]


def test_making_a_saturday_a_tiaoxiu_working_day_raises_later_ordinals_and_changes_deadlines():
    actor = trial_manager()
    assert selectors.add_working_days_on(D(2027, 2, 18), 2) == D(2027, 2, 22)
    before = _ordinals(D(2027, 2, 19), D(2027, 3, 1))
    row = calendar_day_update(day=D(2027, 2, 20), is_working_day=True, holiday_name="春节", reason="通知", actor=actor)
    assert (row.is_working_day, row.is_adjusted_workday, row.holiday_name) == (True, True, "春节")
    after = _ordinals(D(2027, 2, 19), D(2027, 3, 1))
    assert after[D(2027, 2, 19)] == before[D(2027, 2, 19)]
    assert all(after[d] == before[d] + 1 for d in before if d >= D(2027, 2, 20))
    assert selectors.add_working_days_on(D(2027, 2, 18), 2) == D(2027, 2, 20)
    assert selectors.period_deadline(start=D(2027, 2, 5), days=15).deadline == D(2027, 2, 20)


def test_a_name_only_edit_keeps_the_ordinals():
    before = _ordinals(D(2027, 1, 1), D(2027, 12, 31))
    calendar_day_update(day=D(2027, 2, 6), is_working_day=False, holiday_name="春节（正月初一）", reason="更正名称",
                        actor=trial_manager())
    assert _ordinals(D(2027, 1, 1), D(2027, 12, 31)) == before


def test_an_edit_that_changes_nothing_writes_nothing():
    row = calendar_day_update(day=D(2027, 2, 6), is_working_day=False, holiday_name="春节", reason="核对",
                              actor=trial_manager())
    assert row.source == DaySource.PROVISIONAL
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "judge", "president", "party"])
def test_only_trial_management_admin_staff_or_superuser_may_edit(who):
    actor = {"anonymous": AnonymousUser, "judge": lambda: UserFactory(role=Role.JUDGE),
             "president": lambda: UserFactory(role=Role.PRESIDENT), "party": lambda: UserFactory(role=Role.PARTY)}[who]()
    before = _ordinals(D(2027, 2, 1), D(2027, 2, 28))
    with pytest.raises(PermissionDenied) as refused:
        calendar_day_update(day=D(2027, 2, 9), is_working_day=False, holiday_name="春节", reason="x", actor=actor)
    assert refused.value.code == CalendarError.EDIT_DENIED
    row = CalendarDay.objects.get(day=D(2027, 2, 9))
    assert (row.is_working_day, row.source) == (True, DaySource.PROVISIONAL)
    assert _ordinals(D(2027, 2, 1), D(2027, 2, 28)) == before
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("actor_kind", ["admin_staff", "superuser"])
def test_admin_staff_and_superusers_may_edit(actor_kind):
    actor = (UserFactory(role=Role.ADMIN_STAFF) if actor_kind == "admin_staff"
             else UserFactory(role=Role.JUDGE, is_superuser=True))
    calendar_day_update(day=D(2027, 2, 9), is_working_day=False, holiday_name="春节", reason="通知", actor=actor)
    assert CalendarDay.objects.get(day=D(2027, 2, 9)).is_working_day is False
    assert AuditEvent.objects.filter(action="calendar.day_updated").count() == 1


@pytest.mark.parametrize(("kwargs", "code"), [
    ({"day": D(2027, 2, 9), "is_working_day": False, "holiday_name": "春节", "reason": "  "},
     CalendarError.REASON_REQUIRED),
    ({"day": D(2027, 2, 9), "is_working_day": False, "holiday_name": "", "reason": "通知"},
     CalendarError.HOLIDAY_NAME_REQUIRED),
    ({"day": D(2027, 2, 9), "is_working_day": False, "holiday_name": "节" * 101, "reason": "通知"},
     CalendarError.HOLIDAY_NAME_TOO_LONG),
    ({"day": D(2030, 1, 1), "is_working_day": False, "holiday_name": "元旦", "reason": "通知"},
     CalendarError.DAY_NOT_FOUND),
])
def test_invalid_edits_are_refused_and_write_nothing(kwargs, code):
    with pytest.raises(DomainError) as refused:
        calendar_day_update(actor=trial_manager(), **kwargs)
    assert refused.value.code == code
    assert not CalendarDay.objects.filter(source=DaySource.MANUAL).exists()
    assert not AuditEvent.objects.exists()


def test_confirming_2027_clears_the_warning_and_is_audited(django_capture_on_commit_callbacks):
    actor = trial_manager()
    assert selectors.period_deadline(start=D(2027, 3, 1), days=10).unconfirmed_calendar is True
    received = []
    calendar_changed.connect(lambda **kw: received.append(kw["from_day"]), weak=False, dispatch_uid="t-confirm")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            row = calendar_year_confirm(year=2027, note="国办发明电〔2026〕测试号", actor=actor)
    finally:
        calendar_changed.disconnect(dispatch_uid="t-confirm")
    assert (row.is_confirmed, row.source, row.confirmed_by) == (True, DaySource.MANUAL, actor)
    assert row.confirmed_at is not None
    assert not CalendarDay.objects.filter(source=DaySource.PROVISIONAL).exists()
    result = selectors.period_deadline(start=D(2027, 3, 1), days=10)
    assert (result.deadline, result.unconfirmed_calendar) == (D(2027, 3, 11), False)
    event = AuditEvent.objects.get()
    assert (event.action, event.reason, event.after["provisional_days_confirmed"]) == (
        "calendar.year_confirmed", "国办发明电〔2026〕测试号", 365)
    assert received == [D(2027, 1, 1)]


def test_confirming_twice_is_refused_with_409():
    calendar_year_confirm(year=2027, note="通知", actor=trial_manager())
    with pytest.raises(DomainError) as twice:
        calendar_year_confirm(year=2027, note="再次", actor=trial_manager())
    assert (twice.value.code, twice.value.status) == (CalendarError.YEAR_ALREADY_CONFIRMED, 409)
    assert AuditEvent.objects.count() == 1


def test_a_judge_cannot_confirm_and_nothing_changes():
    with pytest.raises(PermissionDenied):
        calendar_year_confirm(year=2027, note="通知", actor=UserFactory(role=Role.JUDGE))
    with pytest.raises(DomainError) as no_basis:
        calendar_year_confirm(year=2027, note=" ", actor=trial_manager())
    assert no_basis.value.code == CalendarError.REASON_REQUIRED
    with pytest.raises(NotFound):
        calendar_year_confirm(year=2031, note="通知", actor=trial_manager())
    assert CalendarYear.objects.get(year=2027).is_confirmed is False
    assert CalendarDay.objects.filter(day__year=2027, source=DaySource.PROVISIONAL).count() == 365
    assert not AuditEvent.objects.exists()


def test_an_incomplete_year_cannot_be_confirmed():
    CalendarDay.objects.filter(day=D(2027, 12, 31)).delete()
    with pytest.raises(DomainError) as refused:
        calendar_year_confirm(year=2027, note="通知", actor=trial_manager())
    assert (refused.value.code, refused.value.detail["present"]) == (CalendarError.YEAR_INCOMPLETE, 364)
    assert not AuditEvent.objects.exists()


def test_seeding_again_changes_nothing():
    report = calendar_seed()
    assert (report.days_created, report.days_updated, report.years_created, report.years_updated) == (0, 0, 0, 0)
    assert not AuditEvent.objects.exists()


def test_seeding_restores_a_damaged_package_day_keeps_court_edits_and_recomputes_ordinals():
    actor = trial_manager()
    calendar_day_update(day=D(2027, 2, 9), is_working_day=False, holiday_name="春节", reason="通知", actor=actor)
    CalendarDay.objects.filter(day=D(2024, 10, 8)).update(is_working_day=False, holiday_name="错误")
    CalendarDay.objects.filter(day=D(2025, 1, 6)).delete()
    expected_2027 = CalendarDay.objects.get(day=D(2027, 12, 31)).working_ordinal
    report = calendar_seed(actor=None)
    assert (report.days_created, report.days_updated) == (1, 1)
    assert report.days_kept_manual == 1
    restored = CalendarDay.objects.get(day=D(2024, 10, 8))
    assert (restored.is_working_day, restored.holiday_name, restored.source) == (True, "", DaySource.PACKAGE)
    assert CalendarDay.objects.get(day=D(2027, 2, 9)).is_working_day is False  # the court's edit stays
    assert CalendarDay.objects.get(day=D(2027, 12, 31)).working_ordinal == expected_2027
    assert set(AuditEvent.objects.filter(action="calendar.year_seeded").values_list("target_id", flat=True)) == {
        str(CalendarYear.objects.get(year=2024).pk), str(CalendarYear.objects.get(year=2025).pk)}


def test_recompute_repairs_ordinals_set_based_and_writes_only_changed_rows(django_assert_max_num_queries):
    truth = _ordinals(D(2004, 1, 1), D(2027, 12, 31))
    CalendarDay.objects.filter(day__gte=D(2026, 6, 1)).update(working_ordinal=0)
    with django_assert_max_num_queries(3):
        changed = calendar_ordinals_recompute(from_day=D(2026, 1, 1))
    assert changed == CalendarDay.objects.filter(day__gte=D(2026, 6, 1)).count()
    assert _ordinals(D(2004, 1, 1), D(2027, 12, 31)) == truth
    assert calendar_ordinals_recompute() == 0


def test_a_day_edit_notifies_after_commit(django_capture_on_commit_callbacks):
    received = []
    calendar_changed.connect(lambda **kw: received.append((kw["from_day"], kw["reason"])), weak=False,
                             dispatch_uid="t-edit")
    try:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            calendar_day_update(day=D(2027, 2, 9), is_working_day=False, holiday_name="春节", reason="通知",
                                actor=trial_manager())
            assert received == []
    finally:
        calendar_changed.disconnect(dispatch_uid="t-edit")
    assert len(callbacks) == 1
    assert received == [(D(2027, 2, 9), "day_updated")]
