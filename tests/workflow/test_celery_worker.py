"""A real Celery worker against the local Redis broker runs the sweep task and its email tasks;
and with the broker down, the sweep still finishes at once and the reminders go out once it is
back. Needs PostgreSQL (the worker is another process and must see the test's rows) and Redis:
runs in CI, skipped on the embedded default."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app
from workflow.reminders.models import Reminder
from workflow.reminders.tasks import requeue_reminders, sweep_reminders

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (CI)",
    ),
]

BIN = Path(sys.executable).parent
DAY_AFTER_NEEDS_DEADLINE = "2026-12-02"


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker_env(tmp_path):
    """The environment of a worker process on the test database, with a queue of its own and its
    emails written to files the test can read."""
    queue = f"test-reminders-{uuid.uuid4().hex[:10]}"
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
    }
    return {"env": env, "queue": queue, "mail_dir": mail_dir, "log": tmp_path / "worker.log"}


@pytest.fixture
def start_worker(worker_env):
    processes = []

    def start():
        log = worker_env["log"].open("w")
        process = subprocess.Popen(
            [
                str(BIN / "celery"),
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "-Q",
                worker_env["queue"],
                "-n",
                f"{worker_env['queue']}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--loglevel=INFO",
            ],
            cwd=settings.BASE_DIR,
            env=worker_env["env"],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        processes.append((process, log))
        return process

    yield start
    for process, log in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()


@pytest.fixture
def broker_not_inline():
    """This process hands tasks to Redis instead of running them inline (test settings default)."""
    was = app.conf.task_always_eager
    app.conf.task_always_eager = False
    yield
    app.conf.task_always_eager = was


def wait_until(predicate, *, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"Timed out waiting for {what}. Worker log:\n{log.read_text()[-4000:]}")


def all_sent(count: int):
    def check() -> bool:
        statuses = list(Reminder.objects.values_list("status", flat=True))
        return len(statuses) == count and set(statuses) == {Reminder.Status.SENT}

    return check


def read_mails(mail_dir: Path) -> list:
    messages = []
    for path in sorted(mail_dir.glob("*.log")):
        # The file backend writes each message followed by a line of dashes.
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                messages.append(message_from_bytes(chunk.strip(), policy=policy.default))
    return messages


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_sweep_and_sends_the_emails(
    demo, worker_env, start_worker, broker_not_inline
):
    start_worker()
    sweep_reminders.apply_async(
        kwargs={"today": DAY_AFTER_NEEDS_DEADLINE}, queue=worker_env["queue"]
    )
    wait_until(all_sent(40), timeout=90, what="the reminders to be sent", log=worker_env["log"])
    mails = read_mails(worker_env["mail_dir"])
    assert sorted(str(m["To"]) for m in mails) == [
        "eier@demo.kompetanseloftet.example",
        "sekretariat@demo.kompetanseloftet.example",
    ]
    assert {str(m["Subject"]) for m in mails} == {
        "Fristen for behovsmelding gikk ut 1. desember 2026",
        "Til orientering: fristen for behovsmelding gikk ut 1. desember 2026",
    }
    log = worker_env["log"].read_text()
    assert "workflow.reminders.tasks.sweep_reminders" in log
    assert log.count("workflow.reminders.tasks.send_reminder_email") >= 2


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_the_sweep_finishes_fast_and_sends_once_it_is_back(
    demo, worker_env, start_worker, broker_not_inline
):
    down = {**worker_env["env"], "REDIS_URL": "redis://127.0.0.1:1/0"}  # nothing listens there
    started = time.monotonic()
    done = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "send_reminders",
            "--today",
            DAY_AFTER_NEEDS_DEADLINE,
        ],
        cwd=settings.BASE_DIR,
        env=down,
        capture_output=True,
        text=True,
        timeout=60,
    )
    elapsed = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "40 nye påminnelse(r) lagt i kø" in done.stdout
    assert elapsed < 15, f"the sweep waited {elapsed:.1f} s on a broker that is down"
    assert set(Reminder.objects.values_list("status", flat=True)) == {Reminder.Status.QUEUED}

    # The broker is back; a quarter of an hour later the requeue run (beat) hands them over.
    Reminder.objects.update(queued_at=timezone.now() - dt.timedelta(minutes=15))
    start_worker()
    requeue_reminders.apply_async(queue=worker_env["queue"])
    wait_until(all_sent(40), timeout=90, what="the reminders to be sent", log=worker_env["log"])
    assert len(read_mails(worker_env["mail_dir"])) == 2
