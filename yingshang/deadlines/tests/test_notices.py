"""Notices of the scan's alerts: the daily scan sends each recipient one digest of the day's new alerts; a
single-case refresh sends one notice per alert with the tier's own text (提醒/警告/督办/审委会, appeal transfers)."""

from datetime import date, timedelta

import pytest
from django.db import transaction

from yingshang.cases.choices import CaseCategory, Procedure
from yingshang.cases.tests.factories import CaseFactory
from yingshang.deadlines import notices, services
from yingshang.deadlines.models import Alert
from yingshang.notifications.models import Message
from yingshang.org.choices import Role
from yingshang.org.tests.factories import CourtFactory, DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = date(2024, 7, 11)
TAIL = "\n请登录平台查看「我的审限」并及时处理。"


@pytest.fixture
def court():
    """A division with its judge and head, the 分管院长 supervising it, the 院长 and a 审管办 officer, and four
    open cases (today 2024-07-11):

    - 民初1 simple, filed 04-20 → ends 07-22: 15 days left (judge, head);
    - 民初2 ordinary, filed 01-05 → ended 07-05: overdue (judge, head, 审管办) and past 6 months: 警告 (分管院长);
    - 执3 enforcement, filed 2023-10-05 → ended 04-07: overdue; past 9 months: 督办 (院长);
    - 破4 bankruptcy, filed 2023-06-01 → no limit; past 12 months: 审委会 (院长, 审管办).
    """
    c = CourtFactory()
    dept = DepartmentFactory(court=c)
    people = {
        "judge": UserFactory(court=c, department=dept),
        "head": UserFactory(role=Role.DIVISION_HEAD, court=c, department=dept),
        "vp": UserFactory(role=Role.VICE_PRESIDENT, court=c),
        "president": UserFactory(role=Role.PRESIDENT, court=c),
        "tm": UserFactory(role=Role.TRIAL_MANAGEMENT, court=c),
    }
    people["vp"].supervised_departments.add(dept)
    make = lambda **kw: CaseFactory(court=c, department=dept, judge=people["judge"], **kw)  # noqa: E731
    cases = {
        "days_15": make(filed_on=date(2024, 4, 20), procedure=Procedure.SIMPLE, sequence=1),
        "warning": make(filed_on=date(2024, 1, 5), procedure=Procedure.ORDINARY, sequence=2),
        "supervision": make(filed_on=date(2023, 10, 5), procedure=Procedure.ENFORCEMENT,
                            category=CaseCategory.ENFORCEMENT, type_code="执", sequence=3),
        "committee": make(filed_on=date(2023, 6, 1), procedure=Procedure.BANKRUPTCY,
                          category=CaseCategory.BANKRUPTCY, type_code="破", sequence=4),
    }
    return people, cases


def bodies() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for m in Message.objects.order_by("pk"):
        found.setdefault(m.recipient_user_id, []).append(m.body)
    return found


D15 = "（2024）鄂2826民初1号：审限15日内届满（2024年7月22日届满）"
W_OVER = "（2024）鄂2826民初2号：已超审限（2024年7月5日届满，已超6日）"
S_OVER = "（2023）鄂2826执3号：已超审限（2024年4月7日届满，已超95日）"


def digest(n: int, *lines: str, day: str = "2024年7月11日") -> str:
    numbered = "\n".join(f"{i}. {line}" for i, line in enumerate(lines, start=1))
    return f"{day}审限与长期未结案件提醒，共{n}件：\n{numbered}{TAIL}"


def test_the_daily_scan_sends_each_recipient_one_digest_of_his_cases(court):
    p, _cases = court
    result = services.deadlines_scan(today=TODAY)
    assert result.notified == 5
    assert bodies() == {
        p["judge"].pk: [digest(3, S_OVER, W_OVER, D15)],
        p["head"].pk: [digest(3, S_OVER, W_OVER, D15)],
        p["tm"].pk: [digest(3, S_OVER, W_OVER, "（2023）鄂2826破4号：已满12个月未结【提交审委会逐案讨论】")],
        p["vp"].pk: [digest(1, "（2024）鄂2826民初2号：已满6个月未结【警告】")],
        p["president"].pk: [digest(2, "（2023）鄂2826破4号：已满12个月未结【提交审委会逐案讨论】",
                                   "（2023）鄂2826执3号：已满9个月未结【院长督办】")],
    }
    assert set(Message.objects.values_list("channel", "template_code", "subject", "case_id")) == {
        ("inbox", "deadlines.daily_digest", "审限与长期未结案件每日提醒", None)}
    assert not Alert.objects.filter(is_dispatched=False).exists()


def test_a_rerun_with_nothing_new_queues_nothing(court):
    services.deadlines_scan(today=TODAY)
    before = list(Message.objects.values_list("pk", flat=True))
    again = services.deadlines_scan(today=TODAY)
    assert again.notified == 0
    assert list(Message.objects.values_list("pk", flat=True)) == before


def test_a_second_run_the_same_day_with_new_alerts_sends_a_second_digest(court):
    p, _cases = court
    services.deadlines_scan(today=TODAY)
    first_keys = set(Message.objects.values_list("group_key", flat=True))
    # Registered later that day: simple, filed 04-13 → ends 07-13 (Saturday) → 07-15, 4 days left.
    CaseFactory(court=p["judge"].court, department=p["judge"].department, judge=p["judge"],
                filed_on=date(2024, 4, 13), procedure=Procedure.SIMPLE, sequence=5)
    again = services.deadlines_scan(today=TODAY)
    assert again.notified == 2
    new = Message.objects.exclude(group_key__in=first_keys).order_by("recipient_user_id")
    line = "（2024）鄂2826民初5号：审限7日内届满（2024年7月15日届满）"
    assert [(m.recipient_user_id, m.body) for m in new] == sorted(
        [(p["judge"].pk, digest(1, line)), (p["head"].pk, digest(1, line))])
    assert all(k.startswith("deadlines.digest:2024-07-11:user:") for k in new.values_list("group_key", flat=True))


def test_a_long_digest_lists_the_most_serious_cases_and_counts_the_rest(court, monkeypatch):
    p, _cases = court
    monkeypatch.setattr(notices, "DIGEST_MAX_CASES", 2)
    services.deadlines_scan(today=TODAY)
    assert bodies()[p["judge"].pk] == [
        "2024年7月11日审限与长期未结案件提醒，共3件：\n" f"1. {S_OVER}\n2. {W_OVER}\n……另有1件未列出{TAIL}"]


def test_a_silent_scan_then_nothing_new_sends_no_digest(court):
    services.deadlines_scan(today=TODAY, notify=False)
    assert services.deadlines_scan(today=TODAY + timedelta(days=1)).notified == 0
    assert not Message.objects.exists()


def test_appeal_transfers_reach_the_judge_head_and_the_trial_management_office(court, time_machine):
    time_machine.move_to("2024-07-11 10:00:00+08:00", tick=False)
    p, cases = court
    case = cases["days_15"]
    services.deadlines_scan(today=TODAY, notify=False)
    transfer = services.appeal_transfer_record(case_id=case.pk, appeal_filed_on=date(2024, 6, 20),
                                               served_on=date(2024, 6, 25), actor=p["judge"])
    assert transfer.due_on == date(2024, 7, 15) and not Message.objects.exists()
    services.deadlines_scan(today=date(2024, 7, 13))
    services.deadlines_scan(today=date(2024, 7, 16))
    late = "上诉案卷超期未移送（应于2024年7月15日前移送，已超1日）"
    assert bodies() == {
        who.pk: [digest(1, "（2024）鄂2826民初1号：上诉案卷应于2024年7月15日前移送二审法院", day="2024年7月13日"),
                 digest(1, f"（2024）鄂2826民初1号：审限7日内届满（2024年7月22日届满）；{late}", day="2024年7月16日")]
        for who in (p["judge"], p["head"])
    } | {p["tm"].pk: [digest(1, f"（2024）鄂2826民初1号：{late}", day="2024年7月16日")]}


def test_a_single_case_refresh_sends_one_notice_per_alert_with_the_tiers_text(court, time_machine):
    """deadline_refresh (after a service call) does not wait for the morning: one notice per alert and
    recipient, with the specific texts of 超审限, 警告, 督办 and 审委会."""
    time_machine.move_to("2024-07-11 10:00:00+08:00", tick=False)
    p, cases = court
    with transaction.atomic():
        for name in ("warning", "supervision", "committee"):
            services.deadline_refresh(case_id=cases[name].pk, today=TODAY)
    sent = {(m.recipient_user_id, m.template_code, m.case_id, m.body) for m in Message.objects.all()}
    w, s, c = cases["warning"], cases["supervision"], cases["committee"]
    overdue_w = "（2024）鄂2826民初2号案件审限已于2024年7月5日届满，现已超审限6日，请立即处理并书面说明情况。"
    overdue_s = "（2023）鄂2826执3号案件审限已于2024年4月7日届满，现已超审限95日，请立即处理并书面说明情况。"
    warning = ("【警告】（2024）鄂2826民初2号案件自2024年1月5日立案，已满6个月尚未结案，已报分管院长，"
               "请制定一案一策并报庭长审核。")
    supervision = ("【督办】（2023）鄂2826执3号案件自2023年10月5日立案，已满9个月尚未结案，已列入院长督办，"
                   "请于2024年7月18日前书面报告进展及结案计划。")
    committee = ("【审委会】（2023）鄂2826破4号案件自2023年6月1日立案，已满12个月尚未结案，依规列入审判委员会逐案讨论名单，"
                 "请于2024年7月18日前提交书面汇报材料（含一案一策）。")
    expected = {(p[who], "deadlines.time_limit_overdue", w.pk, overdue_w) for who in ("judge", "head", "tm")}
    expected |= {(p[who], "deadlines.time_limit_overdue", s.pk, overdue_s) for who in ("judge", "head", "tm")}
    expected |= {(p["vp"], "deadlines.long_pending_warning", w.pk, warning),
                 (p["president"], "deadlines.long_pending_supervision", s.pk, supervision),
                 (p["president"], "deadlines.long_pending_committee", c.pk, committee),
                 (p["tm"], "deadlines.long_pending_committee", c.pk, committee)}
    assert sent == {(user.pk, template, case_id, body) for user, template, case_id, body in expected}
    keys = set(Message.objects.values_list("group_key", flat=True))
    alert = Alert.objects.get(case=c, level="committee")
    assert f"deadlines.alert:{alert.pk}:user:{p['president'].pk}" in keys


def test_approaching_and_reminder_texts_name_the_day_the_threshold_passes():
    facts = dict(case_id=1, reference_on=date(2024, 1, 20), audience="judge_and_head", case_number="（2024）鄂2826民初9号",
                 filed_on=date(2024, 1, 20), court_id=1, department_id=None, judge_id=None)
    reminder = notices.AlertFacts(alert_id=1, kind="long_pending", level="reminder", **facts)
    assert notices.template_for(reminder, TODAY) == ("deadlines.long_pending_reminder", {
        "case_number": "（2024）鄂2826民初9号", "filed_on": date(2024, 1, 20), "months": 6,
        "threshold_on": date(2024, 7, 20)})
    assert notices.digest_item(reminder, TODAY) == "即将满6个月未结（2024年7月20日满）"
    approaching = notices.AlertFacts(alert_id=2, kind="approaching", level="approaching_9",
                                     **{**facts, "reference_on": date(2024, 10, 20)})
    assert notices.template_for(approaching, TODAY) == ("deadlines.long_pending_approaching", {
        "case_number": "（2024）鄂2826民初9号", "filed_on": date(2024, 1, 20), "months": 9,
        "threshold_on": date(2024, 10, 20)})
    assert notices.digest_item(approaching, TODAY) == "即将满9个月未结（2024年10月20日满）"


def test_queuing_the_digests_takes_the_same_queries_for_few_or_many_alerts(court):
    """Set-based: the recipients are read once per court, the notices queued in one batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    services.deadlines_scan(today=TODAY, notify=False)
    ids = list(Alert.objects.order_by("pk").values_list("pk", flat=True))
    counts = []
    for chosen in (ids[:2], ids):
        try:
            with transaction.atomic():
                with CaptureQueriesContext(connection) as queries:
                    queued, _ = notices.alerts_dispatch(today=TODAY, case_ids=None, digest=True,
                                                        new_alert_ids=chosen)
                counts.append((len(queries.captured_queries), queued))
                raise RuntimeError("discard")
        except RuntimeError:
            pass
    assert len(ids) == 6
    assert counts[0][0] == counts[1][0] and (counts[0][1], counts[1][1]) == (3, 5)
