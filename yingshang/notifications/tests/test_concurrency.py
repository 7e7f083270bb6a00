"""Several dispatchers at once on PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED + conditional claim): every
message is claimed by exactly one of them and reaches the gateway exactly once."""

import threading

import pytest
from django.db import connection, connections

from yingshang.notifications import dispatch, services
from yingshang.notifications.choices import MessageStatus
from yingshang.notifications.models import Message
from yingshang.notifications.tests.factories import enforcement_case_with_creditor


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_dispatchers_send_each_message_exactly_once(fake_mas):
    if connection.vendor != "postgresql":
        pytest.skip("row locks with SKIP LOCKED: PostgreSQL only (SQLite serialises writers)")
    case, creditor, _ = enforcement_case_with_creditor(portal_user=False)
    for n in range(40):
        services.notification_enqueue(recipient_party=creditor, template_code="enforcement.asset_search_done",
                                      context={"case_number": case.case_number, "date": case.filed_on},
                                      case=case, channels=["sms"], idempotency_key=f"bulk:{n}")
    results, errors = [], []
    start = threading.Barrier(6)

    def worker():
        try:
            start.wait()
            results.append(dispatch.dispatch_due())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert sum(r["sent"] for r in results) == 40
    assert sum(1 for r in results if r) >= 2  # the work was really shared
    keys = [headers["X-Idempotency-Key"] for _path, headers, _payload in fake_mas.requests]
    assert sorted(keys) == sorted(f"bulk:{n}:sms" for n in range(40))
    assert Message.objects.filter(status=MessageStatus.SENT, attempts=1).count() == 40
