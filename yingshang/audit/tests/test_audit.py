"""The audit log: audit_record() writes who/when/what/before/after/why; nothing can edit or delete an event."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.db.models.deletion import ProtectedError
from django.test import RequestFactory

from yingshang.audit.models import AuditEvent
from yingshang.audit.selectors import audit_list_for_case
from yingshang.audit.services import audit_record
from yingshang.cases.choices import CaseStatus
from yingshang.cases.models import Case
from yingshang.cases.tests.factories import CaseFactory, PersonFactory
from yingshang.org.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    actor = UserFactory(display_name="审计测试人")
    return audit_record(actor=actor, action="cases.case_updated", target=CaseFactory(), before={"summary": ""},
                        after={"summary": "新摘要"}, reason="补正")


def test_audit_record_writes_every_part(time_machine):
    time_machine.move_to(datetime.fromisoformat("2024-03-14T17:30:00+00:00"), tick=False)  # 2024-03-15 01:30 in Beijing
    actor = UserFactory()
    case = CaseFactory()
    written = audit_record(actor=actor, action="cases.case_status_changed", target=case,
                           before={"status": CaseStatus.IN_PROGRESS, "closed_on": None},
                           after={"status": CaseStatus.CLOSED, "closed_on": date(2024, 3, 15),
                                  "amount": Decimal("12.50"), "at": datetime.fromisoformat("2024-03-15T09:00:00+08:00")},
                           reason="调解结案")
    stored = AuditEvent.objects.get(pk=written.pk)
    assert (stored.actor_id, stored.action, stored.target_type, stored.target_id, stored.case_id, stored.reason) == \
        (actor.pk, "cases.case_status_changed", "cases.case", str(case.pk), case.pk, "调解结案")
    assert stored.before == {"status": "in_progress", "closed_on": None}
    assert stored.after == {"status": "closed", "closed_on": "2024-03-15", "amount": "12.50",
                            "at": "2024-03-15T09:00:00+08:00"}
    assert stored.occurred_at.isoformat() == "2024-03-14T17:30:00+00:00"
    from django.utils import timezone

    assert timezone.localtime(stored.occurred_at).date() == date(2024, 3, 15)


def test_case_id_is_inferred_for_cases_and_given_for_other_targets():
    case = CaseFactory()
    party = PersonFactory()
    assert audit_record(actor=None, action="x.case", target=case).case_id == case.pk
    assert audit_record(actor=None, action="x.party", target=party).case_id is None
    assert audit_record(actor=None, action="x.party", target=party, case_id=case.pk).case_id == case.pk


def test_only_the_cases_case_model_implies_a_case_id():
    from types import SimpleNamespace

    Case_ = type("Case", (), {"pk": 5, "_meta": SimpleNamespace(label_lower="enforcement.case")})
    assert audit_record(actor=None, action="enforcement.thing", target=Case_()).case_id is None


def test_system_and_anonymous_actors_are_stored_as_none():
    party = PersonFactory()
    assert audit_record(actor=None, action="x.system", target=party).actor_id is None
    assert audit_record(actor=AnonymousUser(), action="x.anon", target=party).actor_id is None
    event = audit_record(actor=None, action="x.system", target=party)
    assert (event.before, event.after, event.reason) == (None, None, "")


def test_an_event_cannot_be_edited(event):
    event.action = "cases.tampered"
    with pytest.raises(PermissionError, match="审计日志不可修改"):
        event.save()
    with pytest.raises(PermissionError):
        event.save(update_fields=["action"])
    with pytest.raises(PermissionError):
        event.save(force_update=True)
    for attempt in (
        lambda: AuditEvent.objects.filter(pk=event.pk).update(action="cases.tampered"),
        lambda: AuditEvent.objects.all().update(reason=""),
        lambda: AuditEvent.objects.bulk_update([event], ["action"]),
        lambda: AuditEvent.objects.update_or_create(pk=event.pk, defaults={"reason": "改"}),
        lambda: AuditEvent._base_manager.filter(pk=event.pk).update(action="cases.tampered"),
    ):
        with pytest.raises(PermissionError, match="审计日志不可修改"), transaction.atomic():
            attempt()
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (stored.action, stored.reason, stored.after) == ("cases.case_updated", "补正", {"summary": "新摘要"})


def test_an_event_cannot_be_deleted(event):
    for attempt in (
        event.delete,
        lambda: AuditEvent.objects.filter(pk=event.pk).delete(),
        lambda: AuditEvent.objects.all().delete(),
        lambda: AuditEvent._base_manager.all().delete(),
    ):
        with pytest.raises(PermissionError, match="审计日志不可删除"), transaction.atomic():
            attempt()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_the_actor_of_an_event_cannot_be_deleted(event):
    with pytest.raises(ProtectedError):
        event.actor.delete()
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_deleting_a_case_keeps_its_audit_trail(event):
    case_id = event.case_id
    Case.objects.filter(pk=case_id).delete()
    assert list(audit_list_for_case(case_id=case_id)) == [event]


def test_the_admin_is_read_only(event):
    model_admin = admin.site._registry[AuditEvent]
    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, event)
    assert not model_admin.has_delete_permission(request, event)


def test_history_of_a_case_is_newest_first(time_machine):
    case = CaseFactory()
    time_machine.move_to("2024-03-15 09:00:00+08:00")
    first = audit_record(actor=None, action="a.first", target=case)
    time_machine.move_to("2024-03-16 09:00:00+08:00")
    second = audit_record(actor=None, action="a.second", target=case)
    same_moment = audit_record(actor=None, action="a.third", target=case)
    audit_record(actor=None, action="a.other", target=CaseFactory())
    assert list(audit_list_for_case(case_id=case.pk)) == [same_moment, second, first]
