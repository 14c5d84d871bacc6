"""Two sweeps at the same moment (two beat processes by mistake, or the command run while beat
sweeps): on PostgreSQL, each reminder is recorded and sent exactly once."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core import mail
from django.db import close_old_connections, connection

from workflow.reminders.models import Obligation, Reminder
from workflow.reminders.services import send_due_reminders

from .reminder_steps import at

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions: PostgreSQL"
)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sweeps", [2, 4])
def test_parallel_sweeps_send_each_reminder_exactly_once(demo, sweeps):
    barrier = threading.Barrier(sweeps)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(send_due_reminders(today=dt.date(2026, 12, 2)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            close_old_connections()

    with at(dt.date(2026, 12, 2)):
        threads = [threading.Thread(target=run) for _ in range(sweeps)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    assert errors == []
    # One sweep recorded all 40 (Orkland's contact, and the secretariat about 39 owners); the
    # others found them recorded and recorded nothing.
    assert sorted(r.created for r in results) == [0] * (sweeps - 1) + [40]
    assert Reminder.objects.count() == 40
    assert Obligation.objects.count() == 75  # 12 cases × 3 and 39 needs reports
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.SENT}
    assert sorted(m.to[0].split("@")[0] for m in mail.outbox) == ["eier", "sekretariat"]
