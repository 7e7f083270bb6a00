"""Services: every write audited and on the timeline; refusals write nothing; only the 院长 decides extensions;
the court's same-reason rule (2023 plan measure 14)."""

from datetime import date

import pytest
import time_machine

from yingshang.audit.models import AuditEvent
from yingshang.cases.choices import CaseEventKind, CaseStatus, Procedure
from yingshang.cases.models import CaseEvent
from yingshang.cases.services import case_procedure_change
from yingshang.cases.tests.factories import CaseFactory
from yingshang.core.errors import DomainError
from yingshang.deadlines import services
from yingshang.deadlines.choices import (
    Approver, DeductionKind, ExtensionDecision, ExtensionReason, ExtensionStatus, PlanStatus, TransferStatus,
)
from yingshang.deadlines.errors import DeadlineError
from yingshang.deadlines.models import (
    AppealTransfer, CaseDeadline, CasePlan, CasePlanUpdate, Deduction, ExtensionRequest,
)
from yingshang.org.choices import Role
from yingshang.org.tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = "2024-07-11 10:00:00+08:00"


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(TODAY, tick=False)


@pytest.fixture
def case():
    # Ordinary procedure filed 2024-01-10: 6 months → 2024-07-10, already past today (2024-07-11).
    return CaseFactory(filed_on=date(2024, 1, 10), procedure=Procedure.ORDINARY)


@pytest.fixture
def in_time(time_machine):
    """2024-06-20: the ordinary case's limit ends 2024-07-10, so it may still ask (by 06-25) and the 院长 decide
    (by 07-05) within the 2019 rules' days."""
    time_machine.move_to("2024-06-20 10:00:00+08:00", tick=False)


@pytest.fixture
def judge(case):
    return case.judge


@pytest.fixture
def president(case):
    return UserFactory(role=Role.PRESIDENT, court=case.court)


def footprint(case) -> dict:
    return {"deductions": Deduction.objects.count(), "extensions": ExtensionRequest.objects.count(),
            "plans": CasePlan.objects.count(), "updates": CasePlanUpdate.objects.count(),
            "transfers": AppealTransfer.objects.count(), "audit": AuditEvent.objects.count(),
            "events": CaseEvent.objects.filter(case=case).count(),
            "deadline": list(CaseDeadline.objects.filter(case=case).values_list("time_limit_end_on", "updated_at"))}


def refused(call, code):
    with pytest.raises(DomainError) as caught:
        call()
    assert caught.value.code == code, caught.value.message
    return caught.value


def end_of(case):
    return CaseDeadline.objects.get(case=case).time_limit_end_on


# --- deductions -------------------------------------------------------------------------------------------------

def test_deduction_moves_the_end_with_audit_and_timeline(case, judge):
    d = services.deduction_record(case_id=case.pk, kind=DeductionKind.PUBLIC_NOTICE, start_on=date(2024, 3, 1),
                                  end_on=date(2024, 3, 30), reason="被告下落不明，公告送达", actor=judge)
    assert (d.days, d.source) == (30, "民诉法解释第243条")
    assert end_of(case) == date(2024, 8, 9)  # 2024-07-10 + 30 days
    audit = AuditEvent.objects.get(action="deadlines.deduction_recorded")
    assert (audit.case_id, audit.actor, audit.after["time_limit_end_on"]) == (case.pk, judge, "2024-08-09")
    event = CaseEvent.objects.get(case=case, kind=CaseEventKind.NOTE)
    assert "扣除审限：公告期间" in event.description and "2024年8月9日" in event.description
    assert event.data["action"] == "deduction_recorded"


def test_a_refused_deduction_writes_nothing(case, judge):
    services.deadline_refresh(case_id=case.pk)
    before = footprint(case)
    refused(lambda: services.deduction_record(case_id=case.pk, kind=DeductionKind.AUCTION_SALE,
                                              start_on=date(2024, 3, 1), end_on=date(2024, 3, 2), reason="拍卖",
                                              actor=judge), DeadlineError.DEDUCTION_KIND_NOT_ALLOWED)
    assert footprint(case) == before


def test_running_deduction_then_its_end(case, judge):
    d = services.deduction_record(case_id=case.pk, kind=DeductionKind.SUSPENSION, start_on=date(2024, 7, 1),
                                  reason="中止诉讼", actor=judge)
    row = CaseDeadline.objects.get(case=case)
    assert (row.is_paused, row.alert_level) == (True, "paused")
    services.deduction_end(deduction_id=d.pk, end_on=date(2024, 7, 10), actor=judge)
    row.refresh_from_db()
    assert row.is_paused is False
    assert row.time_limit_end_on == date(2024, 7, 22)  # 07-10 + 10 days = 07-20 (Saturday) → 07-22
    assert AuditEvent.objects.filter(action="deadlines.deduction_ended").count() == 1


def test_a_stranger_cannot_record_a_deduction(case):
    other = UserFactory(court=case.court, department=DepartmentFactory(court=case.court, name="刑事审判庭"))
    before = footprint(case)
    refused(lambda: services.deduction_record(case_id=case.pk, kind=DeductionKind.PUBLIC_NOTICE,
                                              start_on=date(2024, 3, 1), end_on=date(2024, 3, 2), reason="x",
                                              actor=other), "CASE_NOT_FOUND")
    assert footprint(case) == before


# --- extensions ---------------------------------------------------------------------------------------------------

def test_request_then_president_approves_and_the_end_moves(case, judge, president, in_time):
    ext = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.COMPLEX_FACTS,
                                     reason="涉及多个法律关系", length_months=6, actor=judge)
    assert (ext.status, ext.approver, ext.ordinal) == (ExtensionStatus.REQUESTED, Approver.PRESIDENT, 1)
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE, note="同意", actor=president)
    ext.refresh_from_db()
    assert (ext.status, ext.decided_by, ext.decided_on) == (ExtensionStatus.APPROVED, president, date(2024, 6, 20))
    assert end_of(case) == date(2025, 1, 10)
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["deadlines.extension_requested", "deadlines.extension_approved"]
    texts = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("description", flat=True))
    assert texts[0].startswith("申请延长审限6个月（第1次，案情重大、疑难、复杂）")
    assert texts[1] == "延长审限6个月：批准；审限届满日2024年7月10日 → 2025年1月10日"


@pytest.mark.parametrize("role", [Role.JUDGE, Role.DIVISION_HEAD, Role.VICE_PRESIDENT, Role.TRIAL_MANAGEMENT])
def test_only_the_president_decides(case, judge, role, in_time):
    ext = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="补充调查",
                                     length_months=3, actor=judge)
    someone = UserFactory(role=role, court=case.court, department=case.department)
    if role == Role.VICE_PRESIDENT:
        someone.supervised_departments.add(case.department)
    before = footprint(case)
    refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                              actor=someone), DeadlineError.EXTENSION_APPROVER_ONLY_PRESIDENT)
    assert footprint(case) == before
    ext.refresh_from_db()
    assert ext.status == ExtensionStatus.REQUESTED


def test_a_president_of_another_court_cannot_decide(case, judge, in_time):
    from yingshang.org.tests.factories import CourtFactory

    other = UserFactory(role=Role.PRESIDENT, court=CourtFactory(name="来凤县人民法院", code="鄂2827"))
    ext = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="补充调查",
                                     length_months=3, actor=judge)
    refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                              actor=other), "CASE_NOT_FOUND")


def _granted(case, judge, president, reason=ExtensionReason.COMPLEX_FACTS, months=6):
    ext = services.extension_request(case_id=case.pk, reason_code=reason, reason="理由", length_months=months,
                                     actor=judge)
    return services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE, actor=president)


def test_second_extension_on_the_same_reason_is_refused_and_writes_nothing(case, judge, president, in_time):
    _granted(case, judge, president)
    before = footprint(case)
    error = refused(lambda: services.extension_request(case_id=case.pk, reason_code=ExtensionReason.COMPLEX_FACTS,
                                                       reason="仍然复杂", length_months=3, actor=judge),
                    DeadlineError.EXTENSION_SAME_REASON)
    assert error.status == 409
    assert footprint(case) == before


def test_president_may_override_the_same_reason_with_a_recorded_reason(case, judge, president, in_time):
    _granted(case, judge, president)
    ext = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.COMPLEX_FACTS, reason="仍然复杂",
                                     length_months=3, override_reason="鉴定意见需补充，确有必要", actor=president)
    assert (ext.approver, ext.override_reason) == (Approver.HIGHER_COURT, "鉴定意见需补充，确有必要")
    refused(lambda: services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.APPROVE,
                                              actor=president), DeadlineError.EXTENSION_NEEDS_HIGHER_COURT)
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.REPORT, actor=president)
    services.extension_decide(extension_id=ext.pk, decision=ExtensionDecision.HIGHER_COURT_APPROVED,
                              higher_court_reference="（2024）鄂28民他12号", actor=president)
    assert end_of(case) == date(2025, 4, 10)  # 2024-01-10 + 6 + 6 + 3 months
    assert AuditEvent.objects.filter(action="deadlines.extension_reported").count() == 1


def test_approving_a_same_reason_request_needs_the_override_at_decision_time(case, judge, president, in_time):
    # Two requests on the same reason raced: the second is caught when the president approves it.
    first = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="a",
                                       length_months=6, actor=judge)
    services.extension_decide(extension_id=first.pk, decision=ExtensionDecision.REJECT, actor=president)
    second = services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="b",
                                        length_months=6, actor=judge)
    ExtensionRequest.objects.filter(pk=first.pk).update(status=ExtensionStatus.APPROVED)  # as if approved meanwhile
    before = footprint(case)
    refused(lambda: services.extension_decide(extension_id=second.pk, decision=ExtensionDecision.APPROVE,
                                              actor=president), DeadlineError.EXTENSION_SAME_REASON)
    assert footprint(case) == before


def test_after_simple_to_ordinary_the_limit_counts_from_filing_and_old_extensions_lapse(judge, president):
    case = CaseFactory(filed_on=date(2024, 5, 6), procedure=Procedure.SIMPLE, judge=judge,
                       department=judge.department, court=judge.court)
    _granted(case, judge, president, reason=ExtensionReason.EVIDENCE, months=1)
    assert end_of(case) == date(2024, 9, 6)  # 3 + 1 months
    case_procedure_change(case_id=case.pk, procedure=Procedure.ORDINARY, reason="案情复杂转普通程序", actor=judge)
    services.deadlines_scan()
    assert end_of(case) == date(2024, 11, 6)  # 6 months from 2024-05-06 (解释 258); the simple extension lapses


def test_extension_refused_when_the_law_allows_none():
    case = CaseFactory(filed_on=date(2024, 6, 20), category="administrative", type_code="行初",
                       procedure=Procedure.SIMPLE)
    before = footprint(case)
    refused(lambda: services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="x",
                                               length_days=10, actor=case.judge), DeadlineError.EXTENSION_NOT_ALLOWED)
    assert footprint(case) == before


def test_closed_case_refuses_changes(case, judge):
    case.status, case.closed_on, case.closing_manner = CaseStatus.CLOSED, date(2024, 7, 1), "judgment"
    case.save()
    refused(lambda: services.extension_request(case_id=case.pk, reason_code=ExtensionReason.EVIDENCE, reason="x",
                                               length_months=1, actor=judge), DeadlineError.CASE_CLOSED)


# --- rule override, plans, transfers, alerts ------------------------------------------------------------------------

def test_rule_override_for_an_appeal_against_a_ruling(judge):
    case = CaseFactory(filed_on=date(2024, 7, 1), procedure=Procedure.SECOND_INSTANCE, type_code="民终",
                       judge=judge, department=judge.department, court=judge.court)
    row = services.case_time_limit_rule_set(case_id=case.pk, rule_code="civil_second_ruling",
                                            reason="不服管辖权异议裁定", actor=judge)
    assert (row.rule_code, row.time_limit_end_on) == ("civil_second_ruling", date(2024, 7, 31))
    refused(lambda: services.case_time_limit_rule_set(case_id=case.pk, rule_code="criminal_simple", reason="x",
                                                      actor=judge), DeadlineError.RULE_UNKNOWN)


def test_case_plan_create_and_update(case, judge):
    plan = services.case_plan_create(case_id=case.pk, target_on=date(2024, 9, 30), owner_id=judge.pk, actor=judge,
                                     steps=[{"text": "8月15日前完成鉴定", "due_on": "2024-08-15"},
                                            {"text": "9月开庭并宣判"}])
    assert plan.steps[0] == {"text": "8月15日前完成鉴定", "due_on": "2024-08-15", "done": False}
    services.case_plan_update(plan_id=plan.pk, note="鉴定意见已出", progress_percent=50, done_steps=[0], actor=judge)
    plan.refresh_from_db()
    assert (plan.progress_percent, plan.steps[0]["done"], plan.updates.count()) == (50, True, 1)
    refused(lambda: services.case_plan_create(case_id=case.pk, target_on=date(2024, 9, 30), owner_id=judge.pk,
                                              steps=[{"text": "x"}], actor=judge), DeadlineError.PLAN_EXISTS)
    services.case_plan_update(plan_id=plan.pk, note="已宣判", progress_percent=100, status=PlanStatus.COMPLETED,
                              actor=judge)
    refused(lambda: services.case_plan_update(plan_id=plan.pk, note="x", progress_percent=100, actor=judge),
            DeadlineError.PLAN_CLOSED)
    assert list(AuditEvent.objects.order_by("pk").values_list("action", flat=True)) == [
        "deadlines.case_plan_created", "deadlines.case_plan_updated", "deadlines.case_plan_updated"]


def test_trial_management_may_plan_but_a_party_may_not(case):
    tm = UserFactory(role=Role.TRIAL_MANAGEMENT, court=case.court,
                     department=DepartmentFactory(court=case.court, name="审判管理办公室", kind="trial_management"))
    services.case_plan_create(case_id=case.pk, target_on=date(2024, 8, 30), owner_id=case.judge.pk,
                              steps=[{"text": "督促开庭"}], actor=tm)
    party = UserFactory(role=Role.PARTY)
    refused(lambda: services.case_plan_create(case_id=case.pk, target_on=date(2024, 8, 30), owner_id=case.judge.pk,
                                              steps=[{"text": "x"}], actor=party), "CASE_NOT_FOUND")


def test_appeal_transfer_due_and_alert(case, judge):
    t = services.appeal_transfer_record(case_id=case.pk, appeal_filed_on=date(2024, 6, 20),
                                        served_on=date(2024, 6, 25), actor=judge)
    # 06-25 + 15 = 07-10 (Wednesday); + 5 = 07-15 (Monday).
    assert (t.answer_ends_on, t.due_on, t.status) == (date(2024, 7, 10), date(2024, 7, 15), TransferStatus.PENDING)
    services.deadlines_scan(today=date(2024, 7, 13))
    t.refresh_from_db()
    assert t.alert_level == "due_soon"
    services.deadlines_scan(today=date(2024, 7, 16))
    t.refresh_from_db()
    assert t.alert_level == "overdue"
    assert sorted(case.deadline_alerts.filter(kind="appeal_transfer").values_list("level", flat=True)) == [
        "due_soon", "overdue"]
    done = services.appeal_transfer_complete(transfer_id=t.pk, transferred_on=date(2024, 7, 11), actor=judge)
    assert (done.status, done.is_late) == (TransferStatus.TRANSFERRED, False)


def test_exempt_appeal_transfer_has_no_due_date(case, judge):
    t = services.appeal_transfer_record(case_id=case.pk, appeal_filed_on=date(2024, 6, 20),
                                        served_on=date(2024, 6, 25), exemption="public_notice", actor=judge)
    assert (t.status, t.due_on) == (TransferStatus.EXEMPT, None)


def test_new_alerts_queue_notifications_for_judge_and_head_once(case, judge):
    from yingshang.notifications.models import Message

    head = UserFactory(role=Role.DIVISION_HEAD, court=case.court, department=case.department)
    services.deadlines_scan()  # overdue (07-10) and past 6 months → warning (no VP configured)
    recipients = set(Message.objects.values_list("recipient_user_id", flat=True))
    assert {judge.pk, head.pk} <= recipients
    count = Message.objects.count()
    services.deadlines_scan()
    assert Message.objects.count() == count


def test_alert_acknowledge_only_by_its_addressee(case, judge):
    services.deadlines_scan()
    alert = case.deadline_alerts.first()
    services.alert_acknowledge(alert_id=alert.pk, actor=judge)
    alert.refresh_from_db()
    assert alert.acknowledged_by == judge
    stranger = UserFactory(court=case.court, department=DepartmentFactory(court=case.court, name="执行局"))
    refused(lambda: services.alert_acknowledge(alert_id=alert.pk, actor=stranger), DeadlineError.ALERT_NOT_FOUND)


def test_a_silent_first_scan_records_alerts_without_notices(case):
    from yingshang.deadlines.models import Alert
    from yingshang.notifications.models import Message

    services.deadlines_scan(notify=False)
    assert Alert.objects.filter(case=case).count() == 2 and not Message.objects.exists()
    services.deadlines_scan()
    assert not Message.objects.exists()  # already dispatched silently: not sent later either


# --- Integration with the cases app and the impact-assessment gate ----------------------------------------------

@pytest.mark.django_db
def test_suspending_a_case_starts_a_deduction_and_resuming_ends_it():
    from yingshang.cases.services import case_status_change
    from yingshang.deadlines.models import Deduction
    from yingshang.cases.tests.factories import CaseFactory

    case = CaseFactory(filed_on=date(2024, 3, 1), procedure="ordinary")
    with time_machine.travel(date(2024, 4, 10), tick=False):
        case_status_change(case_id=case.pk, status="suspended", reason="等待另案审理结果", actor=case.judge)
    deduction = Deduction.objects.get(case=case)
    assert (deduction.kind, deduction.start_on, deduction.end_on) == ("suspension", date(2024, 4, 10), None)
    with time_machine.travel(date(2024, 5, 20), tick=False):
        case_status_change(case_id=case.pk, status="in_progress", reason="另案已结", actor=case.judge)
    deduction.refresh_from_db()
    assert deduction.end_on == date(2024, 5, 19)


@pytest.mark.django_db
def test_extension_on_an_enterprise_case_needs_the_time_limit_assessment():
    from yingshang.assessments.services import assessment_mark_not_applicable
    from yingshang.cases.tests.factories import CaseFactory
    from yingshang.deadlines.models import ExtensionRequest

    case = CaseFactory(filed_on=date(2024, 3, 1), procedure="ordinary", is_enterprise_involved=True)
    with time_machine.travel(date(2024, 8, 15), tick=False):  # limit ends 2024-09-02: apply by 08-18
        with pytest.raises(DomainError) as refused:
            services.extension_request(case_id=case.pk, reason_code="appraisal_pending", reason="鉴定未完成",
                                       length_months=3, actor=case.judge)
        assert refused.value.code == "ASSESSMENT_REQUIRED"
        assert not ExtensionRequest.objects.exists()
        assessment_mark_not_applicable(case_id=case.pk, stage="time_limit", reason="延长审限不影响企业经营",
                                       actor=case.judge)
        assert services.extension_request(case_id=case.pk, reason_code="appraisal_pending", reason="鉴定未完成",
                                          length_months=3, actor=case.judge).ordinal == 1
