"""The daily scan: lapse, ruling deadlines, the renewal window, the pre-litigation 30 days — exact counts, notices
through the outbox, idempotent (a second run changes and queues nothing); the command and the Celery task."""

from datetime import date

import pytest
from django.core.management import call_command

from yingshang.audit.models import AuditEvent
from yingshang.notifications.models import Message
from yingshang.preservation import services
from yingshang.preservation.choices import AlertLevel, MeasureStatus
from yingshang.preservation.models import PreservationApplication, PreservationMeasure
from yingshang.preservation.tests.conftest import at, moment

pytestmark = pytest.mark.django_db
YUAN = 100


@pytest.fixture
def world(case, judge, plaintiff, person_defendant):
    """A: pending ruling due 2024-10-08. B: granted 2024-03-15, a deposit frozen to 2025-03-15 and a car seized to
    2024-10-20 (inside a 15-day window on 2024-10-08). C: pre-litigation, measures taken 2024-09-10, suit due
    2024-10-10 (within 5 days on 2024-10-08)."""
    def apply(kind, on, hour=10):
        with at(on, hour + 1):
            return services.application_create(case_id=case.pk, kind=kind, applicant_id=plaintiff.pk,
                                               respondent_id=person_defendant.pk, amount_fen=100_000 * YUAN,
                                               applied_at=moment(on, hour), actor=judge)

    a = apply("litigation", date(2024, 9, 27))
    b = apply("litigation", date(2024, 3, 15))
    with at(date(2024, 3, 15), 12):
        services.security_decide(application_id=b.pk, is_required=False, waiver_ground="clear_facts", actor=judge)
        services.ruling_make(application_id=b.pk, grant=True, ruled_on=date(2024, 3, 15), actor=judge)
        deposit = services.measure_take(application_id=b.pk, property_kind="bank_deposit", method="freeze",
                                        description="账户甲", value_fen=50_000 * YUAN, taken_on=date(2024, 3, 15),
                                        actor=judge)
        car = services.measure_take(application_id=b.pk, property_kind="movable", method="seize",
                                    description="鄂Q12345号货车", value_fen=30_000 * YUAN, taken_on=date(2024, 3, 15),
                                    expires_on=date(2024, 10, 20), actor=judge)
    c = apply("pre_litigation", date(2024, 9, 9))
    with at(date(2024, 9, 9), 12):
        services.security_decide(application_id=c.pk, is_required=True, security_fen=100_000 * YUAN, actor=judge)
        services.security_provide(application_id=c.pk, provided_at=moment(date(2024, 9, 9), 11), actor=judge)
        services.ruling_make(application_id=c.pk, grant=True, ruled_on=date(2024, 9, 9), actor=judge)
    with at(date(2024, 9, 10)):
        services.measure_take(application_id=c.pk, property_kind="real_estate", method="seal", description="住房",
                              value_fen=90_000 * YUAN, taken_on=date(2024, 9, 10), actor=judge)
    c.refresh_from_db()
    assert (PreservationApplication.objects.get(pk=a.pk).ruling_due_on, c.suit_due_on) == (
        date(2024, 10, 8), date(2024, 10, 10))
    return {"a": a, "b": b, "c": c, "deposit": deposit, "car": car}


def _scan(day):
    with at(day, 2):
        return services.preservation_scan(today=day)


def test_the_scan_alerts_once_and_is_idempotent(world, judge, plaintiff):
    result = _scan(date(2024, 10, 8))
    assert result.as_dict() == {"lapsed": 0, "ruling_due_soon": 1, "ruling_overdue": 0, "renewal_window": 1,
                                "suit_due_soon": 1, "suit_overdue": 0, "enforcement_due_soon": 0,
                                "enforcement_overdue": 0, "notices": 4}
    messages = Message.objects.filter(template_code__startswith="preservation.").exclude(
        template_code="preservation.measure_taken")  # told when the measures were taken, not by the scan
    assert sorted({(m.template_code, m.recipient_user_id, m.recipient_party_id) for m in messages}) == sorted([
        ("preservation.renewal_window", None, plaintiff.pk), ("preservation.renewal_window_staff", judge.pk, None),
        ("preservation.ruling_due_soon", judge.pk, None), ("preservation.suit_due_soon", None, plaintiff.pk)])
    renewal = messages.filter(template_code="preservation.renewal_window").first()
    assert renewal.body.endswith("保全的鄂Q12345号货车，保全期限将于2024年10月20日届满。需要继续保全的，请于2024年10月13日前（期限届满七日前）"
                                 "向法院申请续行保全；逾期申请或者不申请的，自行承担不能续行的后果。")
    counts = (Message.objects.count(), AuditEvent.objects.count())
    again = _scan(date(2024, 10, 8))
    assert again.as_dict() == {"lapsed": 0, "ruling_due_soon": 0, "ruling_overdue": 0, "renewal_window": 0,
                               "suit_due_soon": 0, "suit_overdue": 0, "enforcement_due_soon": 0,
                               "enforcement_overdue": 0, "notices": 0}
    assert (Message.objects.count(), AuditEvent.objects.count()) == counts


def test_overdue_ruling_and_suit_escalate_and_expired_measures_lapse(world, judge):
    _scan(date(2024, 10, 8))
    result = _scan(date(2024, 10, 21))
    # A's ruling is now overdue; C's 30 days ended 10-10 → the judge must lift; the car's term ended 10-20.
    assert result.as_dict() == {"lapsed": 1, "ruling_due_soon": 0, "ruling_overdue": 1, "renewal_window": 0,
                                "suit_due_soon": 0, "suit_overdue": 1, "enforcement_due_soon": 0,
                                "enforcement_overdue": 0, "notices": 2}
    car = PreservationMeasure.objects.get(pk=world["car"].pk)
    assert (car.status, car.lapsed_on) == (MeasureStatus.LAPSED, date(2024, 10, 21))
    b = PreservationApplication.objects.get(pk=world["b"].pk)
    assert (b.preserved_value_fen, b.excess_fen) == (5_000_000, 0)
    assert AuditEvent.objects.filter(action="preservation.measure_lapsed", actor__isnull=True).count() == 1
    assert PreservationApplication.objects.get(pk=world["a"].pk).ruling_alert == AlertLevel.OVERDUE
    assert PreservationApplication.objects.get(pk=world["c"].pk).suit_alert == AlertLevel.OVERDUE
    overdue = Message.objects.get(template_code="preservation.suit_overdue")
    assert overdue.recipient_user_id == judge.pk
    assert "未在2024年10月10日前提起诉讼或申请仲裁，依照民事诉讼法第104条应当解除保全" in overdue.body
    assert _scan(date(2024, 10, 21)).as_dict()["notices"] == 0


def test_a_ruling_clears_the_alert(world, judge):
    _scan(date(2024, 10, 8))
    with at(date(2024, 10, 8), 12):
        services.ruling_make(application_id=world["a"].pk, grant=False, ruled_on=date(2024, 10, 8),
                             reason="证据不足", actor=judge)
    assert PreservationApplication.objects.get(pk=world["a"].pk).ruling_alert == AlertLevel.NONE
    assert _scan(date(2024, 10, 21)).ruling_overdue == 0


def test_the_command_and_the_task(world, capsys):
    with at(date(2024, 10, 8), 2):
        call_command("scan_preservation", "--today", "2024-10-08")
    assert "裁定即将届满 1 件" in capsys.readouterr().out
    from yingshang.preservation.tasks import scan_preservation

    with at(date(2024, 10, 21), 2):
        outcome = scan_preservation.delay(today="2024-10-21").get()
    assert (outcome["lapsed"], outcome["ruling_overdue"], outcome["suit_overdue"]) == (1, 1, 1)


def test_pre_enforcement_alerts_then_asks_the_judge_to_lift(case, judge, plaintiff, person_defendant):
    with at(date(2024, 9, 20)):
        application = services.application_create(
            case_id=case.pk, kind="pre_enforcement", applicant_id=plaintiff.pk, respondent_id=person_defendant.pk,
            amount_fen=100 * YUAN, performance_ends_on=date(2024, 9, 27), actor=judge)
        services.security_decide(application_id=application.pk, is_required=False,
                                 waiver_ground="effective_document", actor=judge)
        services.ruling_make(application_id=application.pk, grant=True, ruled_on=date(2024, 9, 20), actor=judge)
    soon = _scan(date(2024, 10, 5))
    assert (soon.enforcement_due_soon, soon.enforcement_overdue) == (1, 0)
    assert Message.objects.filter(template_code="preservation.enforcement_due_soon",
                                  recipient_party=plaintiff).exists()
    late = _scan(date(2024, 10, 9))
    assert (late.enforcement_due_soon, late.enforcement_overdue, late.notices) == (0, 1, 1)
    body = Message.objects.get(template_code="preservation.enforcement_overdue").body
    assert body == f"{case.case_number}执行前保全的申请人未在2024年10月8日前申请执行，依照民诉法解释第163条应当解除保全，请及时处理。"
    assert _scan(date(2024, 10, 9)).notices == 0
    with at(date(2024, 10, 10)):
        services.application_lift(application_id=application.pk, reason="other", lifted_on=date(2024, 10, 10),
                                  actor=judge)
    assert PreservationApplication.objects.get().enforcement_alert == AlertLevel.NONE
