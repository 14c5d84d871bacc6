"""A real Celery worker sends the notification emails of a committed handover, once each, and the
daily digest. Needs PostgreSQL and Redis (like ``test_celery_worker``): skipped otherwise."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction

from config.celery import app
from grants.models import SchemeYear
from workflow.notifications.kinds import EmailMode, Kind
from workflow.notifications.models import Notification, NotificationPreference
from workflow.notifications.tasks import send_notification_digests

from .helpers import submit_needs
from .test_celery_worker import (  # noqa: F401 -- fixtures
    broker_not_inline,
    pytestmark,
    read_mails,
    start_worker,
    wait_until,
    worker_env,
)


@pytest.fixture
def to_test_queue(worker_env, broker_not_inline):  # noqa: F811
    """Tasks this process hands over go to the test worker's own queue."""
    was = app.conf.task_default_queue
    app.conf.task_default_queue = worker_env["queue"]
    yield
    app.conf.task_default_queue = was


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_sends_a_handovers_emails_once_after_commit(
    demo,
    worker_env,  # noqa: F811
    start_worker,  # noqa: F811
    to_test_queue,
    time_machine,
):
    time_machine.move_to(dt.datetime(2026, 11, 25, 10, 0), tick=False)
    scheme_year = SchemeYear.objects.get(year=2027)
    NotificationPreference.objects.create(
        user=demo["eier"], kind=Kind.RECEIPT, email=EmailMode.DIGEST
    )
    start_worker()
    with transaction.atomic():
        submit_needs(demo, scheme_year)
    sent = Notification.objects.filter(email_sent_at__isnull=False)
    wait_until(
        lambda: sent.count() == 1, timeout=60, what="the email to be sent", log=worker_env["log"]
    )
    send_notification_digests.delay()
    wait_until(
        lambda: sent.count() == 2, timeout=60, what="the digest to be sent", log=worker_env["log"]
    )
    mails = read_mails(worker_env["mail_dir"])
    assert sorted(str(m["To"]) for m in mails) == [
        "eier@demo.kompetanseloftet.example",
        "koordinator@demo.kompetanseloftet.example",
    ]
    assert "send_notification_email" in worker_env["log"].read_text()
