"""Period arithmetic and the table builder — no database. Worked examples from the rule book (§3.1, §6) and
holidays-2027.md."""

from collections import Counter
from datetime import date, timedelta

import pytest

from yingshang.calendar.domain import (
    WorkdayCalendar, add_days, add_months, add_working_days, add_years, build_day_rows, count_working_days,
    festival_of, format_date,
)
from yingshang.calendar.errors import CalendarError
from yingshang.calendar.sources import PROVISIONAL_HOLIDAYS, seed_rows
from yingshang.calendar.tests.factories import fresh_calendar, seeded_calendar
from yingshang.core.errors import DomainError

D = date


# --- days: CPL 85, 解释 125 ---------------------------------------------------------------------------------------

def test_fifteen_days_ending_in_the_national_day_block_roll_to_october_8():
    result = add_days(D(2024, 9, 20), 15, seeded_calendar(), rollover=True)
    assert result.deadline == D(2024, 10, 8)
    assert result.nominal_end == D(2024, 10, 5)
    assert result.unconfirmed_calendar is False
    assert result.steps == [
        "起算日2024年9月20日不计入，自次日2024年9月21日起算（民事诉讼法第85条第2款；民诉法解释第125条）",
        "自次日起算第15日为2024年10月5日（星期六）；期间内的节假日不扣除",
        "期间届满日2024年10月5日为国庆节假日，顺延至2024年10月8日（星期二）（民事诉讼法第85条第3款；民法典第203条）",
    ]


def test_a_period_ending_on_national_day_itself_rolls_past_the_whole_block():
    result = add_days(D(2024, 9, 16), 15, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2024, 10, 1), D(2024, 10, 8))
    assert result.steps[-1].startswith("期间届满日2024年10月1日为国庆节假日，顺延至2024年10月8日")


def test_a_period_ending_on_a_tiaoxiu_working_sunday_stays():
    result = add_days(D(2024, 9, 14), 15, seeded_calendar(), rollover=True)
    assert result.deadline == D(2024, 9, 29)
    assert result.steps[-1] == "期间届满日2024年9月29日（星期日）为调休上班日（国庆节调休），是工作日，不顺延"


def test_crossing_spring_festival_2024_lands_on_the_tiaoxiu_sunday_after_it():
    # 2024-02-10 (Sat) is inside the 春节 block 02-10…17; 02-18 (Sun) is a 调休 working day.
    result = add_days(D(2024, 1, 26), 15, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2024, 2, 10), D(2024, 2, 18))
    assert "期间届满日2024年2月10日为春节假日，顺延至2024年2月18日（星期日）" in result.steps[-1]


def test_spring_festival_2026_block_rolls_to_february_24():
    result = add_days(D(2026, 2, 5), 10, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2026, 2, 15), D(2026, 2, 24))


def test_a_period_ending_on_the_2026_tiaoxiu_saturday_stays():
    assert add_days(D(2026, 2, 13), 1, seeded_calendar(), rollover=True).deadline == D(2026, 2, 14)
    assert add_days(D(2026, 2, 18), 10, seeded_calendar(), rollover=True).deadline == D(2026, 2, 28)


def test_an_ordinary_weekend_rolls_to_monday():
    result = add_days(D(2024, 3, 1), 15, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2024, 3, 16), D(2024, 3, 18))
    assert result.steps[-1].startswith("期间届满日2024年3月16日为星期六（休息日），顺延至2024年3月18日（星期一）")


def test_without_rollover_the_holiday_end_stands_and_the_calendar_is_not_consulted():
    result = add_days(D(2024, 9, 20), 15, seeded_calendar(), rollover=False)
    assert result.deadline == D(2024, 10, 5)
    assert result.steps[-1] == "期间届满日2024年10月5日为国庆节假日；本期间不因节假日顺延"
    into_2027 = add_days(D(2027, 1, 25), 12, seeded_calendar(), rollover=False)
    assert (into_2027.deadline, into_2027.unconfirmed_calendar) == (D(2027, 2, 6), False)


def test_holidays_inside_the_period_are_not_deducted():
    # 2024-09-30 + 10 days = 2024-10-10 (Thu), a working day: the 7 holiday days inside count.
    assert add_days(D(2024, 9, 30), 10, seeded_calendar(), rollover=True).deadline == D(2024, 10, 10)


# --- months and years: 民法典 201–203 ----------------------------------------------------------------------------

def test_august_31_plus_six_months_is_the_last_day_of_february():
    result = add_months(D(2024, 8, 31), 6, seeded_calendar(), rollover=True)
    assert result.deadline == D(2025, 2, 28)
    assert result.steps[1] == ("6个月后的到期月2025年2月没有对应日（31日），以该月末日2025年2月28日为期间最后一日"
                               "（民法典第202条）")


def test_august_31_plus_six_months_into_leap_2024_is_february_29():
    assert add_months(D(2023, 8, 31), 6, seeded_calendar(), rollover=True).deadline == D(2024, 2, 29)


def test_spc_2014_example_may_28_plus_three_months_is_august_28():
    result = add_months(D(2014, 5, 28), 3, seeded_calendar(), rollover=True)
    assert result.deadline == D(2014, 8, 28)
    assert result.steps[1] == "3个月后到期月的对应日为2014年8月28日（星期四）（民法典第202条）"


def test_a_month_period_ending_on_national_day_rolls():
    result = add_months(D(2024, 7, 1), 3, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2024, 10, 1), D(2024, 10, 8))


def test_six_months_ending_in_spring_festival_2026_rolls_to_the_24th():
    result = add_months(D(2025, 8, 17), 6, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2026, 2, 17), D(2026, 2, 24))


def test_february_29_plus_one_year_is_february_28():
    assert add_years(D(2024, 2, 29), 1, seeded_calendar(), rollover=True).deadline == D(2025, 2, 28)
    assert add_years(D(2023, 3, 15), 1, seeded_calendar(), rollover=True).deadline == D(2024, 3, 15)


# --- working days ------------------------------------------------------------------------------------------------

def test_working_days_across_spring_festival_2026_count_the_tiaoxiu_saturdays():
    cal = seeded_calendar()
    assert count_working_days(D(2026, 2, 13), D(2026, 2, 28), cal) == 6  # 02-14, 24, 25, 26, 27, 28
    result = add_working_days(D(2026, 2, 13), 5, cal)
    assert result.deadline == D(2026, 2, 27)
    assert result.unconfirmed_calendar is False
    assert result.steps == [
        "起算日2026年2月13日不计入，自次日起按工作日计算（参照民事诉讼法第85条第2款；民诉法解释第125条；工作日不含周六、"
        "周日和法定节假日，含调休上班日）",
        "2026年2月15日至2026年2月23日为春节假日，不计入",
        "2026年2月14日（星期六）为调休上班日（春节调休），计入工作日",
        "第5个工作日为2026年2月27日（星期五）",
    ]
    assert add_working_days(D(2026, 2, 13), 6, cal).deadline == D(2026, 2, 28)


def test_working_days_across_national_day_2024():
    cal = seeded_calendar()
    # 09-29 (Sun, 调休) counts, 10-01…07 do not; 10-12 (Sat, 调休) counts.
    assert count_working_days(D(2024, 9, 27), D(2024, 10, 12), cal) == 7  # 09-29, 30, 10-08, 09, 10, 11, 12
    assert add_working_days(D(2024, 9, 27), 3, cal).deadline == D(2024, 10, 8)


def test_count_is_zero_for_an_empty_or_reversed_range():
    assert count_working_days(D(2024, 5, 1), D(2024, 5, 1), seeded_calendar()) == 0
    assert count_working_days(D(2024, 5, 10), D(2024, 5, 1), seeded_calendar()) == 0


def test_add_and_count_agree_over_2023_to_2026():
    cal = seeded_calendar()
    start = D(2023, 1, 1)
    for offset in range(0, 1400, 37):
        s = start + timedelta(days=offset)
        for n in (1, 5, 15, 30):
            deadline = add_working_days(s, n, cal).deadline
            assert cal.is_working_day(deadline)
            assert count_working_days(s, deadline, cal) == n


# --- unconfirmed years --------------------------------------------------------------------------------------------

def test_a_deadline_in_provisional_2027_is_flagged():
    result = add_days(D(2027, 1, 25), 12, seeded_calendar(), rollover=True)
    assert (result.nominal_end, result.deadline) == (D(2027, 2, 6), D(2027, 2, 9))
    assert result.unconfirmed_calendar is True
    assert result.unconfirmed_years == (2027,)
    assert result.steps[-1] == ("注意：2027年的节假日安排尚未经国务院办公厅通知确认，本结果按暂定日历计算，"
                                "通知公布并录入后可能变化")


def test_a_2026_deadline_is_not_flagged_but_a_period_running_into_2027_is():
    cal = seeded_calendar()
    assert add_days(D(2026, 12, 1), 15, cal, rollover=True).unconfirmed_calendar is False
    assert add_days(D(2026, 12, 20), 15, cal, rollover=True).unconfirmed_calendar is True
    assert add_working_days(D(2026, 12, 28), 5, cal).unconfirmed_years == (2027,)


def test_outside_the_table_mon_to_fri_is_assumed_and_the_year_marked_unconfirmed():
    cal = fresh_calendar()
    assert cal.is_confirmed(2026) is True
    assert cal.is_confirmed(2030) is False
    assert cal.is_working_day(D(2030, 1, 1)) is True  # a Tuesday; 元旦 unknown to the table
    assert cal.is_working_day(D(2030, 1, 5)) is False  # Saturday
    result = add_days(D(2030, 1, 1), 4, cal, rollover=True)
    assert (result.deadline, result.unconfirmed_years) == (D(2030, 1, 7), (2030,))
    assert result.steps[-1] == "注意：2030年不在工作日历表内，按周一至周五为工作日计算（未计节假日），结果可能变化"


def test_is_confirmed_turns_false_when_a_known_year_had_to_be_guessed():
    cal = WorkdayCalendar(working=frozenset({D(2024, 1, 2)}), rest=frozenset({D(2024, 1, 1)}))
    assert cal.is_confirmed(2024) is True
    cal.is_working_day(D(2024, 1, 3))
    assert cal.is_confirmed(2024) is False


def test_a_day_cannot_be_both_working_and_rest():
    with pytest.raises(ValueError):
        WorkdayCalendar(working=frozenset({D(2024, 1, 1)}), rest=frozenset({D(2024, 1, 1)}))


# --- validation ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "code"), [
    (0, CalendarError.PERIOD_NOT_POSITIVE), (-1, CalendarError.PERIOD_NOT_POSITIVE),
    (3651, CalendarError.PERIOD_TOO_LONG), (True, CalendarError.PERIOD_NOT_INTEGER),
    ("15", CalendarError.PERIOD_NOT_INTEGER), (1.5, CalendarError.PERIOD_NOT_INTEGER),
])
def test_bad_day_counts_are_refused(n, code):
    with pytest.raises(DomainError) as refused:
        add_days(D(2024, 1, 1), n, seeded_calendar(), rollover=True)
    assert refused.value.code == code


def test_limits_per_unit():
    cal = seeded_calendar()
    longest = add_days(D(2024, 1, 1), 3650, cal, rollover=True)
    assert (longest.deadline, longest.unconfirmed_years) == (D(2033, 12, 29), (2033,))
    for call in (lambda: add_months(D(2024, 1, 1), 121, cal, rollover=True),
                 lambda: add_years(D(2024, 1, 1), 11, cal, rollover=True),
                 lambda: add_working_days(D(2024, 1, 1), 2501, cal)):
        with pytest.raises(DomainError) as refused:
            call()
        assert refused.value.code == CalendarError.PERIOD_TOO_LONG


def test_a_result_past_year_9999_is_refused_not_crashed():
    with pytest.raises(DomainError) as refused:
        add_days(D(9999, 12, 1), 100, WorkdayCalendar.weekdays_only(), rollover=False)
    assert refused.value.code == CalendarError.DATE_OUT_OF_RANGE


# --- the table -----------------------------------------------------------------------------------------------------

def _rows():
    days, years = seed_rows()
    return [r for r, _ in days], years


def test_working_days_per_year_match_the_rule_book():
    rows, _ = _rows()
    per_year = Counter(r.day.year for r in rows if r.is_working_day)
    assert (per_year[2024], per_year[2025], per_year[2026]) == (251, 248, 248)
    # 2027 provisional: 261 Mon–Fri minus the 7 statutory days on weekdays (no 补假 known yet).
    assert per_year[2027] == 254


def test_tiaoxiu_working_days_2023_to_2026_are_exactly_the_rule_books():
    rows, _ = _rows()
    adjusted = sorted(r.day.isoformat() for r in rows if r.is_adjusted_workday and 2023 <= r.day.year <= 2026)
    assert adjusted == [
        "2023-01-28", "2023-01-29", "2023-04-23", "2023-05-06", "2023-06-25", "2023-10-07", "2023-10-08",
        "2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29",
        "2024-10-12",
        "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11",
        "2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10",
    ]
    assert not any(r.is_adjusted_workday for r in rows if r.day.year == 2027)


@pytest.mark.parametrize(("first", "last", "name"), [
    (D(2023, 1, 21), D(2023, 1, 27), "春节"), (D(2024, 2, 10), D(2024, 2, 17), "春节"),
    (D(2025, 1, 28), D(2025, 2, 4), "春节"), (D(2026, 2, 15), D(2026, 2, 23), "春节"),
    (D(2023, 9, 29), D(2023, 10, 6), "中秋节、国庆节"), (D(2024, 10, 1), D(2024, 10, 7), "国庆节"),
    (D(2025, 10, 1), D(2025, 10, 8), "国庆节、中秋节"), (D(2026, 10, 1), D(2026, 10, 7), "国庆节"),
])
def test_holiday_blocks_match_the_rule_book_and_are_named(first, last, name):
    by_day = {r.day: r for r in _rows()[0]}
    block = [by_day[first + timedelta(days=i)] for i in range((last - first).days + 1)]
    assert all(not r.is_working_day and r.holiday_name == name for r in block)
    assert by_day[first - timedelta(days=1)].is_working_day and by_day[last + timedelta(days=1)].is_working_day


def test_2027_is_the_statutory_days_of_the_2024_holiday_law():
    rows, years = _rows()
    rest_weekdays_2027 = sorted(r.day for r in rows if r.day.year == 2027 and not r.is_working_day
                                and r.day.weekday() < 5)
    assert rest_weekdays_2027 == [D(2027, 1, 1), D(2027, 2, 5), D(2027, 2, 8), D(2027, 4, 5), D(2027, 6, 9),
                                  D(2027, 9, 15), D(2027, 10, 1)]
    assert len(PROVISIONAL_HOLIDAYS[2027]) == 13
    assert [(y.year, y.is_confirmed, y.source) for y in years if y.year >= 2026] == [
        (2026, True, "package"), (2027, False, "provisional")]


def test_2027_statutory_days_agree_with_the_holidays_packages_lunisolar_dates():
    import holidays

    package = holidays.China(years=2027, language="zh_CN")
    statutory = {d for d, name in package.items() if "补假" not in name}
    assert statutory == set(PROVISIONAL_HOLIDAYS[2027])


def test_ordinals_count_working_days_from_the_first_day():
    rows, _ = _rows()
    assert rows[0].day == D(2004, 1, 1) and rows[-1].day == D(2027, 12, 31)
    assert rows[0].working_ordinal == 0  # 2004-01-01 元旦
    running = 0
    for r in rows:
        running += r.is_working_day
        assert r.working_ordinal == running
    by_day = {r.day: r for r in rows}
    # n working days after d = the working day whose ordinal is ordinal(d) + n.
    target = by_day[D(2026, 2, 13)].working_ordinal + 5
    assert [r.day for r in rows if r.is_working_day and r.working_ordinal == target] == [D(2026, 2, 27)]


def test_build_day_rows_names_blocks_and_tiaoxiu_days():
    rest = {D(2024, 10, 1): "国庆节", D(2024, 10, 2): "国庆节", D(2024, 10, 3): "国庆节",
            D(2024, 10, 4): "休息日（由 2024-09-29 调休）", D(2024, 10, 7): "休息日（由 2024-10-12 调休）"}
    rows = {r.day: r for r in build_day_rows(D(2024, 9, 28), D(2024, 10, 13), rest,
                                              {D(2024, 9, 29), D(2024, 10, 12)}, ordinal_base=100)}
    assert rows[D(2024, 10, 5)].holiday_name == "国庆节"  # a weekend inside the block
    assert rows[D(2024, 9, 28)].holiday_name == ""  # an ordinary Saturday
    assert (rows[D(2024, 9, 29)].is_adjusted_workday, rows[D(2024, 9, 29)].note) == (True, "调休上班日（国庆节）")
    assert rows[D(2024, 9, 29)].working_ordinal == 101
    assert rows[D(2024, 10, 8)].working_ordinal == 103


@pytest.mark.parametrize(("raw", "festivals"), [
    ("国庆节（补假）", ["国庆节"]), ("中秋节; 国庆节", ["中秋节", "国庆节"]), ("农历除夕", ["春节"]),
    ("春节延长假期", ["春节"]), ("休息日（由 2024-09-29 调休）", []), ("", []),
])
def test_festival_of(raw, festivals):
    assert festival_of(raw) == festivals


def test_format_date():
    assert format_date(D(2024, 3, 5)) == "2024年3月5日"
