"""A real Celery worker (Redis broker, PostgreSQL) makes the letters of a vedtak after commit, and
runs the year's letter batch while the page follows its progress. Runs in CI; skipped on the
embedded default (the worker is another process and must see the committed rows)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from config.celery import app
from grants.models import Decision
from reporting import tasks
from reporting.models import LetterBatch

from .conftest import DECISION_TIME, SORVEST, case_of, cases, decide, host_letter, letters_made

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or connection.vendor != "postgresql",
        reason="needs REDIS_URL and PostgreSQL (CI)",
    ),
]

BIN = Path(sys.executable).parent


class NoCapture:
    """Stands in for django_capture_on_commit_callbacks: with real commits, on_commit runs."""

    def __call__(self, execute: bool = False):
        return self

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def database_url() -> str:
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def worker(tmp_path, media_root, monkeypatch):
    """A worker on the test database and this test's media folder, on a queue of its own; the
    reporting tasks are sent there instead of being run inline."""
    queue = f"test-letters-{uuid.uuid4().hex[:10]}"
    for task in (tasks.make_decision_letters, tasks.run_letter_batch):
        monkeypatch.setattr(task, "queue", queue, raising=False)
        monkeypatch.setattr(task, "_exec_options", None, raising=False)
    was_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    log_path = tmp_path / "worker.log"
    log = log_path.open("w")
    process = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--loglevel=INFO",
        ],
        cwd=settings.BASE_DIR,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "MEDIA_ROOT": media_root,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    yield log_path
    app.conf.task_always_eager = was_eager
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)
    log.close()


def wait_until(predicate, *, what: str, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    pytest.fail(f"Timed out waiting for {what}. Worker log:\n{log.read_text()[-4000:]}")


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_makes_the_letters_and_runs_the_batch(
    recommended_year, users, travel, worker, client, monkeypatch
):
    travel(DECISION_TIME)
    decision = decide(users, case_of(recommended_year, SORVEST), NoCapture())

    def made() -> bool:
        return letters_made(decision)

    wait_until(made, what="the letters of the vedtak", log=worker)
    client.force_login(users["koordinator"])
    pdf = client.get(reverse("reporting:decision_letter", args=[decision.pk])).content
    assert hashlib.sha256(pdf).hexdigest() == host_letter(decision).letter_sha256
    assert "reporting.tasks.make_decision_letters" in worker.read_text()

    # The other vedtak are made while the letter tasks are lost; the batch makes up for it.
    with monkeypatch.context() as lost:
        lost.setattr(tasks.make_decision_letters, "delay", lambda *args, **kwargs: None)
        for case in cases(recommended_year):
            if case.network.name != SORVEST:
                decide(users, case, NoCapture())
    assert Decision.objects.filter(letters__isnull=True).count() == 11  # the joint measures' too

    client.force_login(users["statsforvalter"])
    url = reverse("reporting:letter_batch", args=[2027])
    assert client.post(url).status_code == 302

    def batch_done() -> bool:
        return LetterBatch.objects.filter(status=LetterBatch.Status.DONE).exists()

    wait_until(batch_done, what="the letter batch", log=worker)
    assert "11 av 11 brev laget" in client.get(url).content.decode()
    assert not Decision.objects.filter(letters__isnull=True).exists()
    assert "reporting.tasks.run_letter_batch" in worker.read_text()
