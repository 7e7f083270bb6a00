"""Extension paperwork in time (2019 SPC 延长审限和延期开庭规定 art. 1: apply 15 days before expiry, the 院长
decides 5 days before; 法发〔2006〕35号 art. 1: enforcement within the 5 days before expiry), and who approves an
enforcement extension (TermProv 5: the 院长; 2006 rules: 院长 or 副院长 — a setting). Exact days on both sides of
each window; every refusal writes nothing."""

from datetime import date

import pytest
from django.core.exceptions import ImproperlyConfigured

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseCategory, Procedure
from yingshang.cases.models import CaseEvent
from yingshang.cases.tests.factories import CaseFactory, CasePartyFactory, PersonFactory
from yingshang.core.errors import DomainError
from yingshang.deadlines import conf, services, windows
from yingshang.deadlines.choices import DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus
from yingshang.deadlines.errors import DeadlineError
from yingshang.deadlines.models import CaseDeadline, ExtensionRequest
from yingshang.deadlines.tests.calendars import rule_book_calendar
from yingshang.org.choices import Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

CAL = rule_book_calendar()
TRIAL = windows.WindowPolicy(apply_days_before=15, decide_days_before=5, opens_days_before=None, source="2019年规定第1条")
ENFORCEMENT = windows.WindowPolicy(apply_days_before=0, decide_days_before=0, opens_days_before=5,
                                  source="法发〔2006〕35号第1条")


def refused(call, code):
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    return caught.value


def timing(window, today, step="apply", late_reason="", strict=True):
    return windows.check_extension_timing(window=window, today=today, step=step, late_reason=late_reason,
                                         strict=strict)


# --- pure rules ------------------------------------------------------------------------------------------------

def test_trial_window_is_15_and_5_calendar_days_before_the_last_day():
    w = windows.extension_window(end_on=date(2024, 7, 26), policy=TRIAL, cal=CAL)
    assert (w.apply_by_on, w.decide_by_on, w.opens_on) == (date(2024, 7, 11), date(2024, 7, 21), None)
    # 2024-07-21 is a Sunday: the advice names Friday 07-19; the legal day stays 07-21.
    assert (w.apply_by_working_on, w.decide_by_working_on) == (date(2024, 7, 11), date(2024, 7, 19))
    assert timing(w, date(2024, 7, 11)) is False
    error = refused(lambda: timing(w, date(2024, 7, 12)), DeadlineError.EXTENSION_WINDOW_MISSED)
    assert error.status == 409 and "2024年7月11日前" in error.message and "逾期理由" in error.message
    assert error.detail == {"step": "apply", "end_on": "2024-07-26", "last_day_on": "2024-07-11",
                            "source": "2019年规定第1条"}
    assert timing(w, date(2024, 7, 12), late_reason="鉴定意见7月10日才送达") is True
    assert timing(w, date(2024, 7, 12), strict=False) is True
    assert timing(w, date(2024, 7, 21), step="decide") is False
    refused(lambda: timing(w, date(2024, 7, 22), step="decide"), DeadlineError.EXTENSION_WINDOW_MISSED)


def test_nothing_is_extended_after_the_last_day_even_with_a_late_reason():
    w = windows.extension_window(end_on=date(2024, 7, 26), policy=TRIAL, cal=CAL)
    assert timing(w, date(2024, 7, 26), late_reason="院长出差") is True
    for step in ("apply", "decide"):
        error = refused(lambda: timing(w, date(2024, 7, 27), step=step, late_reason="x", strict=False),
                        DeadlineError.EXTENSION_LIMIT_EXPIRED)
        assert "2024年7月26日届满" in error.message


def test_a_last_day_on_national_day_is_not_moved_but_the_advice_names_the_working_day_before():
    # Limit ends Wednesday 2024-10-16: apply by 10-01 (国庆), decide by 10-11.
    w = windows.extension_window(end_on=date(2024, 10, 16), policy=TRIAL, cal=CAL)
    assert (w.apply_by_on, w.apply_by_working_on, w.decide_by_on) == (
        date(2024, 10, 1), date(2024, 9, 30), date(2024, 10, 11))
    assert timing(w, date(2024, 10, 1)) is False
    refused(lambda: timing(w, date(2024, 10, 2)), DeadlineError.EXTENSION_WINDOW_MISSED)
    # Limit ends 2024-10-08 (rolled over National Day): decide by 10-03, a holiday; the working day before is
    # Monday 09-30 (the 调休 Sunday 09-29 is a working day, but 09-30 comes later).
    w = windows.extension_window(end_on=date(2024, 10, 8), policy=TRIAL, cal=CAL)
    assert (w.apply_by_on, w.decide_by_on, w.decide_by_working_on) == (
        date(2024, 9, 23), date(2024, 10, 3), date(2024, 9, 30))


def test_enforcement_window_is_the_last_five_days():
    w = windows.extension_window(end_on=date(2024, 9, 10), policy=ENFORCEMENT, cal=CAL)
    assert (w.opens_on, w.apply_by_on, w.decide_by_on) == (date(2024, 9, 5), date(2024, 9, 10), date(2024, 9, 10))
    error = refused(lambda: timing(w, date(2024, 9, 4)), DeadlineError.EXTENSION_TOO_EARLY)
    assert "2024年9月5日至2024年9月10日" in error.message
    assert timing(w, date(2024, 9, 5)) is False and timing(w, date(2024, 9, 10)) is False
    refused(lambda: timing(w, date(2024, 9, 11)), DeadlineError.EXTENSION_LIMIT_EXPIRED)
    assert timing(w, date(2024, 9, 1), step="decide") is False  # the opening day binds the request only


def test_a_paused_limit_has_no_window():
    assert timing(None, date(2030, 1, 1)) is False


def test_settings_defaults_and_a_bad_approver_setting(settings):
    assert (conf.extension_window_strict(), conf.extension_apply_days_before(), conf.extension_decide_days_before(),
            conf.enforcement_extension_opens_days_before(), conf.enforcement_extension_approvers()) == (
        True, 15, 5, 5, frozenset({"president"}))
    settings.DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = ("vice_president",)
    with pytest.raises(ImproperlyConfigured):
        conf.enforcement_extension_approvers()
    settings.DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = ("president", "deputy")
    with pytest.raises(ImproperlyConfigured):
        conf.enforcement_extension_approvers()


# --- services ------------------------------------------------------------------------------------------------------

def footprint(case) -> dict:
    return {"extensions": list(ExtensionRequest.objects.values_list("pk", "status", "decided_on")),
            "audit": AuditEvent.objects.count(), "events": CaseEvent.objects.filter(case=case).count(),
            "deadline": list(CaseDeadline.objects.filter(case=case).values_list("time_limit_end_on", "updated_at"))}


@pytest.fixture
def july_case(db):
    # Ordinary procedure filed 2024-01-26: limit ends Friday 2024-07-26; apply by 07-11, decide by 07-21.
    return CaseFactory(filed_on=date(2024, 1, 26), procedure=Procedure.ORDINARY)


@pytest.fixture
def president(july_case):
    return UserFactory(role=Role.PRESIDENT, court=july_case.court)


def on(time_machine, day: str):
    time_machine.move_to(f"{day} 10:00:00+08:00", tick=False)


def ask(case, **extra):
    return services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="补充调查取证",
                                      length_months=3, actor=extra.pop("actor", case.judge), **extra)


def test_a_request_on_the_last_day_records_the_window(july_case, time_machine):
    on(time_machine, "2024-07-11")
    ext = ask(july_case)
    assert (ext.apply_by_on, ext.decide_by_on, ext.is_late_request, ext.late_reason) == (
        date(2024, 7, 11), date(2024, 7, 21), False, "")
    audit = AuditEvent.objects.get(action="deadlines.extension_requested")
    assert (audit.after["apply_by_on"], audit.after["decide_by_on"], audit.after["is_late_request"]) == (
        "2024-07-11", "2024-07-21", False)


def test_a_request_the_day_after_is_refused_and_writes_nothing(july_case, time_machine):
    on(time_machine, "2024-07-12")
    services.deadline_refresh(case_id=july_case.pk)
    before = footprint(july_case)
    error = refused(lambda: ask(july_case), DeadlineError.EXTENSION_WINDOW_MISSED)
    assert error.message == ("审限届满日为2024年7月26日，申请延长应在届满15日前即2024年7月11日前完成"
                             "（《最高人民法院关于严格规范民商事案件审理期限延长和延期开庭问题的规定》（2019）第1条）；"
                             "已逾期的，须填写逾期理由")
    assert footprint(july_case) == before


def test_a_late_request_with_a_reason_is_recorded_as_late(july_case, time_machine):
    on(time_machine, "2024-07-12")
    ext = ask(july_case, late_reason="鉴定意见7月10日才送达")
    assert (ext.is_late_request, ext.late_reason, ext.status) == (True, "鉴定意见7月10日才送达", ExtensionStatus.REQUESTED)
    event = CaseEvent.objects.get(case=july_case, data__action="extension_requested")
    assert event.description.endswith("报本院院长审批；逾期申请（应于2024年7月11日前提出）")  # parties read it
    assert AuditEvent.objects.get(action="deadlines.extension_requested").after["late_reason"] == "鉴定意见7月10日才送达"


def test_when_the_setting_is_not_strict_a_late_request_is_only_marked(july_case, time_machine, settings):
    settings.DEADLINES_EXTENSION_WINDOW_STRICT = False
    on(time_machine, "2024-07-25")
    ext = ask(july_case)
    assert (ext.is_late_request, ext.late_reason) == (True, "")


def test_after_expiry_nothing_is_requested_even_with_a_reason(july_case, time_machine, settings):
    settings.DEADLINES_EXTENSION_WINDOW_STRICT = False
    on(time_machine, "2024-07-27")
    services.deadline_refresh(case_id=july_case.pk)
    before = footprint(july_case)
    refused(lambda: ask(july_case, late_reason="疏忽"), DeadlineError.EXTENSION_LIMIT_EXPIRED)
    assert footprint(july_case) == before


def test_the_president_decides_by_the_fifth_day_before(july_case, president, time_machine):
    on(time_machine, "2024-07-11")
    first = ask(july_case)
    on(time_machine, "2024-07-21")
    services.extension_decide(extension_id=first.pk, decision=ExtensionDecision.APPROVE, actor=president)
    first.refresh_from_db()
    assert (first.status, first.is_late_decision) == (ExtensionStatus.APPROVED, False)
    assert CaseDeadline.objects.get(case=july_case).time_limit_end_on == date(2024, 10, 28)  # 10-26 Sat → 10-28


def test_a_late_approval_is_refused_without_a_reason_and_recorded_with_one(july_case, president, time_machine):
    on(time_machine, "2024-07-11")
    ext = ask(july_case)
    on(time_machine, "2024-07-22")
    before = footprint(july_case)
    error = refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                                      actor=president), DeadlineError.EXTENSION_WINDOW_MISSED)
    assert "院长作出是否批准的决定应在届满5日前即2024年7月21日前完成" in error.message
    assert footprint(july_case) == before
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                              late_reason="申请材料7月19日补齐", actor=president)
    ext.refresh_from_db()
    assert (ext.status, ext.is_late_decision, ext.decision_late_reason) == (
        ExtensionStatus.APPROVED, True, "申请材料7月19日补齐")
    audit = AuditEvent.objects.get(action="deadlines.extension_approved")
    assert (audit.after["is_late_decision"], audit.after["decision_late_reason"]) == (True, "申请材料7月19日补齐")


def test_after_expiry_the_president_may_reject_but_not_approve(july_case, president, time_machine):
    on(time_machine, "2024-07-11")
    ext = ask(july_case)
    on(time_machine, "2024-07-27")
    before = footprint(july_case)
    refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                              late_reason="x", actor=president), DeadlineError.EXTENSION_LIMIT_EXPIRED)
    assert footprint(july_case) == before
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.REJECT, note="已超审限", actor=president)
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.REJECTED


def test_a_running_deduction_pauses_the_window(july_case, time_machine):
    on(time_machine, "2024-07-20")
    services.deduction_record(case_id=july_case.pk, kind=DeductionKind.APPRAISAL, start_on=date(2024, 7, 1),
                              reason="委托鉴定", actor=july_case.judge)
    ext = ask(july_case)
    assert (ext.apply_by_on, ext.is_late_request) == (None, False)


# --- across a holiday, with the court's real calendar --------------------------------------------------------------

def test_last_day_to_apply_on_national_day_both_sides(db, time_machine):
    case = CaseFactory(filed_on=date(2024, 4, 16), procedure=Procedure.ORDINARY)  # ends Wednesday 2024-10-16
    on(time_machine, "2024-10-01")
    ext = ask(case)
    assert (ext.apply_by_on, ext.decide_by_on, ext.is_late_request) == (date(2024, 10, 1), date(2024, 10, 11), False)
    other = CaseFactory(filed_on=date(2024, 4, 16), procedure=Procedure.ORDINARY)
    on(time_machine, "2024-10-02")
    services.deadline_refresh(case_id=other.pk)
    before = footprint(other)
    refused(lambda: ask(other), DeadlineError.EXTENSION_WINDOW_MISSED)
    assert footprint(other) == before


def test_a_limit_rolled_over_national_day_decides_by_a_holiday(db, time_machine):
    case = CaseFactory(filed_on=date(2024, 4, 1), procedure=Procedure.ORDINARY)  # 10-01 → rolled to 10-08
    president = UserFactory(role=Role.PRESIDENT, court=case.court)
    on(time_machine, "2024-09-23")
    ext = ask(case)
    assert (ext.end_on_at_request, ext.apply_by_on, ext.decide_by_on) == (
        date(2024, 10, 8), date(2024, 9, 23), date(2024, 10, 3))
    on(time_machine, "2024-10-04")
    refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                              actor=president), DeadlineError.EXTENSION_WINDOW_MISSED)
    on(time_machine, "2024-10-03")
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE, actor=president)
    assert ExtensionRequest.objects.get(pk=ext.pk).status == ExtensionStatus.APPROVED


# --- a further extension to the higher court -----------------------------------------------------------------------

def test_the_report_to_the_higher_court_is_due_15_days_before(july_case, president, time_machine):
    on(time_machine, "2024-07-11")
    services.extension_decide(extension_id=ask(july_case).pk, decision=ExtensionDecision.APPROVE,
                              actor=president)  # the limit now ends 2024-10-28
    on(time_machine, "2024-10-13")  # 10-28 − 15 = 10-13
    second = services.extension_request(case_id=july_case.pk, reason_code=ExtensionReason.APPRAISAL_PENDING,
                                        reason="鉴定未完成", length_months=3, actor=july_case.judge)
    assert (second.approver, second.apply_by_on, second.decide_by_on) == ("higher_court", date(2024, 10, 13),
                                                                            date(2024, 10, 23))
    on(time_machine, "2024-10-14")
    refused(lambda: services.extension_decide(extension_id=second.pk, decision=ExtensionDecision.REPORT,
                                              actor=president), DeadlineError.EXTENSION_WINDOW_MISSED)
    services.extension_decide(extension_id=second.pk, decision=ExtensionDecision.REPORT, late_reason="鉴定机构延期",
                              actor=president)
    on(time_machine, "2024-11-05")  # the higher court's answer is recorded whenever it arrives
    services.extension_decide(extension_id=second.pk, decision=ExtensionDecision.HIGHER_COURT_APPROVED,
                              higher_court_reference="（2024）鄂28民他30号", actor=president)
    second.refresh_from_db()
    assert (second.status, second.is_late_decision) == (ExtensionStatus.APPROVED, True)


# --- enforcement: window and approvers -----------------------------------------------------------------------------

@pytest.fixture
def enforcement_case(db):
    # Filed 2024-03-10: the 6-month limit ends Tuesday 2024-09-10; apply from 09-05 (法发〔2006〕35号第1条).
    return CaseFactory(filed_on=date(2024, 3, 10), category=CaseCategory.ENFORCEMENT, type_code="执",
                       procedure=Procedure.ENFORCEMENT)


def vice_president(case, supervises=True):
    vp = UserFactory(role=Role.VICE_PRESIDENT, court=case.court, department=None)
    if supervises:
        vp.supervised_departments.add(case.department)
    return vp


def ask_enforcement(case):
    return services.extension_request(case_id=case.pk, reason_code=ExtensionReason.ASSET_DISPOSAL,
                                      reason="拍卖尚未完成", length_months=3, actor=case.judge)


def test_enforcement_request_before_the_last_five_days_is_refused(enforcement_case, time_machine):
    on(time_machine, "2024-09-04")
    services.deadline_refresh(case_id=enforcement_case.pk)
    before = footprint(enforcement_case)
    refused(lambda: ask_enforcement(enforcement_case), DeadlineError.EXTENSION_TOO_EARLY)
    assert footprint(enforcement_case) == before
    on(time_machine, "2024-09-05")
    ext = ask_enforcement(enforcement_case)
    assert (ext.apply_by_on, ext.decide_by_on) == (date(2024, 9, 10), date(2024, 9, 10))


def test_by_default_only_the_president_approves_an_enforcement_extension(enforcement_case, time_machine):
    on(time_machine, "2024-09-06")
    ext = ask_enforcement(enforcement_case)
    vp = vice_president(enforcement_case)
    before = footprint(enforcement_case)
    error = refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                                      actor=vp), DeadlineError.EXTENSION_APPROVER_ONLY_PRESIDENT)
    assert (error.message, error.status) == ("延长执行期限只能由本院院长审批", 403)
    assert footprint(enforcement_case) == before
    president = UserFactory(role=Role.PRESIDENT, court=enforcement_case.court)
    on(time_machine, "2024-09-10")
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE, actor=president)
    assert CaseDeadline.objects.get(case=enforcement_case).time_limit_end_on == date(2024, 12, 10)


def test_with_the_2006_setting_the_supervising_vice_president_approves(enforcement_case, time_machine, settings):
    settings.DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = ("president", "vice_president")
    on(time_machine, "2024-09-06")
    ext = ask_enforcement(enforcement_case)
    stranger = vice_president(enforcement_case, supervises=False)
    stranger.supervised_departments.add(DepartmentFactory(court=enforcement_case.court, name="刑事审判庭"))
    error = refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                                      actor=stranger), "CASE_NOT_FOUND")
    assert error.status == 404  # not his department: he cannot even see the case
    vp = vice_president(enforcement_case)
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE, actor=vp)
    ext.refresh_from_db()
    assert (ext.status, ext.decided_by) == (ExtensionStatus.APPROVED, vp)


def test_the_2006_setting_does_not_reach_trial_cases(july_case, time_machine, settings):
    settings.DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = ("president", "vice_president")
    on(time_machine, "2024-07-11")
    ext = ask(july_case)
    vp = vice_president(july_case)
    error = refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                                      actor=vp), DeadlineError.EXTENSION_APPROVER_ONLY_PRESIDENT)
    assert error.message == "延长审限只能由本院院长审批"
    assert ExtensionRequest.objects.get(pk=ext.pk).status == ExtensionStatus.REQUESTED


def test_the_vice_president_sees_the_decision_form_only_with_the_setting(client, enforcement_case, time_machine,
                                                                          settings):
    on(time_machine, "2024-09-06")
    ask_enforcement(enforcement_case)
    vp = vice_president(enforcement_case)
    client.force_login(vp)
    assert "院长审批：延长3个月" not in client.get(f"/cases/{enforcement_case.pk}/").content.decode()
    settings.DEADLINES_ENFORCEMENT_EXTENSION_APPROVERS = ("president", "vice_president")
    assert "院长审批：延长3个月" in client.get(f"/cases/{enforcement_case.pk}/").content.decode()


# --- the API and the page show the days -----------------------------------------------------------------------------

def test_the_api_shows_the_window_to_staff_and_refuses_late_requests_in_chinese(api_client, db, time_machine):
    import json

    case = CaseFactory(filed_on=date(2024, 4, 16), procedure=Procedure.ORDINARY)  # ends 2024-10-16
    on(time_machine, "2024-09-20")
    api_client.force_login(case.judge)
    body = api_client.get(f"/api/v1/cases/{case.pk}/time-limit").json()
    assert body["extension_window"] == {
        "end_on": "2024-10-16", "opens_on": None, "apply_by_on": "2024-10-01", "decide_by_on": "2024-10-11",
        "apply_by_working_on": "2024-09-30", "decide_by_working_on": "2024-10-11",
        "source": "《最高人民法院关于严格规范民商事案件审理期限延长和延期开庭问题的规定》（2019）第1条"}
    on(time_machine, "2024-10-02")
    payload = {"reason_code": "evidence", "reason": "补充调查", "length_months": 3}
    res = api_client.post(f"/api/v1/cases/{case.pk}/extensions", data=json.dumps(payload),
                          content_type="application/json")
    assert (res.status_code, res.json()["code"], res.json()["detail"]["last_day_on"]) == (
        409, "EXTENSION_WINDOW_MISSED", "2024-10-01")
    assert not ExtensionRequest.objects.exists()
    res = api_client.post(f"/api/v1/cases/{case.pk}/extensions", content_type="application/json",
                          data=json.dumps({**payload, "late_reason": "国庆假期鉴定机构未出具意见"}))
    assert res.status_code == 201
    assert (res.json()["is_late_request"], res.json()["late_reason"], res.json()["apply_by_on"]) == (
        True, "国庆假期鉴定机构未出具意见", "2024-10-01")
    party = UserFactory(role=Role.PARTY)
    person = PersonFactory()
    person.users.add(party)
    CasePartyFactory(case=case, party=person)
    api_client.force_login(party)
    assert api_client.get(f"/api/v1/cases/{case.pk}/time-limit").json()["extension_window"] is None


def test_the_case_page_names_the_days_and_the_working_day_advice(client, db, time_machine):
    case = CaseFactory(filed_on=date(2024, 4, 16), procedure=Procedure.ORDINARY)
    on(time_machine, "2024-09-20")
    client.force_login(case.judge)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert ("申请最迟2024年10月1日（休息日，建议于2024年9月30日前提交）" in page
            and "院长决定最迟2024年10月11日" in page and 'name="late_reason"' in page)
