"""Recording agency-head appearances: the service validates before writing, writes the record, the audit event and the
timeline event in one transaction, and refusals leave no trace."""

from datetime import date

import pytest
import time_machine

from yingshang.audit.models import AuditEvent
from yingshang.cases.models import CaseEvent
from yingshang.core.errors import DomainError, NotFound, PermissionDenied
from yingshang.metrics.errors import MetricsError
from yingshang.metrics.models import AgencyHeadAppearance
from yingshang.metrics.services import agency_appearance_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel("2024-06-30 10:00 +0800", tick=False):
        yield


@pytest.fixture
def admin_case(make_case, admin_tribunal, admin_judge):
    return make_case("行初", department=admin_tribunal, judge_user=admin_judge, filed_on=date(2024, 1, 8))


def record(case, actor, **kwargs):
    data = {"hearing_on": date(2024, 3, 1), "defendant_agency": "咸丰县自然资源局", "appearance": "principal_head",
            "head_name": "李局长", "head_title": "局长"}
    data.update(kwargs)
    return agency_appearance_record(case_id=case.pk, actor=actor, **data)


def test_a_head_appearance_is_recorded_with_audit_and_timeline(admin_case, admin_judge):
    appearance = record(admin_case, admin_judge)
    assert (appearance.case_id, appearance.appearance, appearance.head_name, appearance.is_head) == (
        admin_case.pk, "principal_head", "李局长", True)
    audit = AuditEvent.objects.get(action="metrics.agency_appearance_recorded")
    assert (audit.case_id, audit.actor_id, audit.after["head_name"]) == (admin_case.pk, admin_judge.pk, "李局长")
    event = CaseEvent.objects.get(case=admin_case, kind="hearing")
    assert (event.occurred_on, event.description) == (date(2024, 3, 1), "咸丰县自然资源局：正职负责人出庭（李局长）")


def test_staff_only_appearance_keeps_no_head_name(admin_case, admin_judge):
    appearance = record(admin_case, admin_judge, appearance="staff_only", head_name="张科员")
    assert (appearance.is_head, appearance.head_name) == (False, "")


def _refused(code, case, actor, **kwargs):
    with pytest.raises(DomainError) as refused:
        record(case, actor, **kwargs)
    assert refused.value.code == code
    assert not AgencyHeadAppearance.objects.exists()
    assert not AuditEvent.objects.filter(action="metrics.agency_appearance_recorded").exists()
    assert not CaseEvent.objects.filter(kind="hearing").exists()
    return refused.value


def test_refusals_write_nothing(admin_case, admin_judge, make_case):
    _refused(MetricsError.APPEARANCE_HEAD_NAME_REQUIRED, admin_case, admin_judge, head_name="  ")
    _refused(MetricsError.APPEARANCE_DATE_INVALID, admin_case, admin_judge, hearing_on=date(2024, 1, 7))
    _refused(MetricsError.APPEARANCE_DATE_INVALID, admin_case, admin_judge, hearing_on=date(2024, 7, 1))
    _refused(MetricsError.APPEARANCE_AGENCY_REQUIRED, admin_case, admin_judge, defendant_agency=" ")
    _refused(MetricsError.APPEARANCE_INVALID, admin_case, admin_judge, appearance="proxy")


def test_only_administrative_cases(make_case, judge):
    civil_case = make_case(filed_on=date(2024, 1, 8))
    _refused(MetricsError.APPEARANCE_NOT_ADMINISTRATIVE, civil_case, judge)


def test_the_same_hearing_is_recorded_once(admin_case, admin_judge):
    record(admin_case, admin_judge)
    with pytest.raises(DomainError) as refused:
        record(admin_case, admin_judge, appearance="absent", head_name="")
    assert refused.value.code == MetricsError.APPEARANCE_DUPLICATE and refused.value.status == 409
    assert AgencyHeadAppearance.objects.count() == 1


def test_people_who_cannot_change_the_case_are_refused(admin_case, judge, trial_manager):
    with pytest.raises(NotFound):            # another division's judge cannot even see the case
        record(admin_case, judge)
    with pytest.raises(PermissionDenied):    # 审管办 sees it but does not handle it
        record(admin_case, trial_manager)
    assert not AgencyHeadAppearance.objects.exists() and not AuditEvent.objects.exists()
