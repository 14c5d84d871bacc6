"""Time the reminder sweep at 10 000 and at 100 000 open obligations, and how it scales.

Run from the project root: ``python -m tests.bench.bench_reminders`` (``make bench`` runs every
benchmark). Builds a throwaway database (in memory on SQLite; a database of its own on PostgreSQL
when DATABASE_URL is set) with networks of 47 owners, one contact per owner and one coordinator
per network: 200 networks (the baseline, 10 000 obligations), then grown to 2 000 networks
(100 000 obligations: 94 000 needs reports and 6 000 case obligations, all open). At each size it
times, as the median of ``BENCH_RUNS`` runs: a sweep on a quiet day, and the sweep of the busiest
day run again (nothing new: every owner was reminded by the first one, whose hand-over to the
broker is stubbed). Then it prints each figure, its baseline and the ratio (linear is about 10;
the goal is at most 12), and sends a sample of the emails inline. Not collected by pytest (no
``test_`` prefix).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import statistics
import sys
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402

NETWORKS = int(os.environ.get("BENCH_NETWORKS", "2000"))
BASELINE_NETWORKS = NETWORKS // 10
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
OWNERS_PER_NETWORK = 47
YEAR = 2027
QUIET_DAY = dt.date(2026, 10, 1)
BUSY_DAY = dt.date(2026, 11, 17)  # 14 days before the needs deadline: every owner is reminded
SAMPLE_EMAILS = 200


def build(start: int, stop: int) -> None:
    """Networks ``start`` to ``stop`` (the scheme year is made with the first ones)."""
    from grants.models import DecisionBasis, SchemeYear, default_deadlines
    from networks.models import Membership, Network, Owner, User
    from networks.roles import Role
    from workflow.models import Case

    scheme_year, _created = SchemeYear.objects.get_or_create(
        year=YEAR,
        defaults={"total_amount": 12_000_000, "joint_percent": 15, **default_deadlines(YEAR)},
    )
    Network.objects.bulk_create(
        [Network(name=f"Nettverk {i:05d}", slug=f"nettverk-{i:05d}") for i in range(start, stop)],
        batch_size=2000,
    )
    networks = list(Network.objects.filter(cases__isnull=True).order_by("pk"))
    Owner.objects.bulk_create(
        [
            Owner(
                name=f"Eier {n.pk}-{j}",
                kind=Owner.Kind.MUNICIPALITY,
                number=f"{n.pk * 100 + j:09d}",
                network=n,
            )
            for n in networks
            for j in range(OWNERS_PER_NETWORK)
        ],
        batch_size=5000,
    )
    DecisionBasis.objects.bulk_create(
        [DecisionBasis(scheme_year=scheme_year, network=n) for n in networks], batch_size=2000
    )
    bases = {b.network_id: b.pk for b in DecisionBasis.objects.filter(network__in=networks)}
    Case.objects.bulk_create(
        [Case(scheme_year=scheme_year, network=n, decision_basis_id=bases[n.pk]) for n in networks],
        batch_size=2000,
    )
    owners = list(
        Owner.objects.filter(network__in=networks).order_by("pk").values_list("pk", flat=True)
    )
    first = start == 0
    User.objects.bulk_create(
        [User(username=f"eier{pk}", email=f"eier{pk}@example.org", password="!") for pk in owners]
        + [
            User(username=f"koord{n.pk}", email=f"koord{n.pk}@example.org", password="!")
            for n in networks
        ]
        + ([User(username="sekretariat", email="sekretariat@example.org", password="!")] * first),
        batch_size=5000,
    )
    users = dict(User.objects.values_list("username", "pk"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=users[f"eier{pk}"], role=Role.OWNER_CONTACT, owner_id=pk)
            for pk in owners
        ]
        + [
            Membership(user_id=users[f"koord{n.pk}"], role=Role.NETWORK_COORDINATOR, network=n)
            for n in networks
        ]
        + ([Membership(user_id=users["sekretariat"], role=Role.FORUM_SECRETARIAT)] * first),
        batch_size=5000,
    )


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<62} {elapsed:8.2f} s")
    return result


def median_of(label: str, func, runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    figure = statistics.median(times)
    print(f"{label:<62} {figure:8.3f} s  (median of {runs})")
    return figure


def measure(networks: int, tasks: list) -> dict[str, float]:
    """Build up to ``networks`` networks, then time the sweeps at that size."""
    from grants.models import SchemeYear
    from networks.models import Network
    from workflow.reminders.models import Obligation, Reminder
    from workflow.reminders.services import obligations_sync, send_due_reminders

    owners = networks * OWNERS_PER_NETWORK
    label = f"build: {networks:,} networks, {owners:,} owners".replace(",", " ")
    timed(label, lambda: build(Network.objects.count(), networks))
    scheme_year = SchemeYear.objects.get(year=YEAR)
    timed(
        "obligations_sync (creates the new rows)", lambda: obligations_sync(scheme_year=scheme_year)
    )
    open_count = Obligation.objects.filter(met_at__isnull=True).count()
    print(f"open obligations: {open_count:,}".replace(",", " "))
    busy = timed(
        f"sweep on the busiest day ({BUSY_DAY}), broker stubbed",
        lambda: send_due_reminders(today=BUSY_DAY),
    )
    # As if the worker had sent them: left queued, the requeue inside every later sweep would
    # hand them over again once they are 5 minutes old, and time that instead.
    Reminder.objects.update(status=Reminder.Status.SENT)
    figures = {
        "quiet": median_of(
            f"sweep on a quiet day ({QUIET_DAY}, nothing due)",
            lambda: send_due_reminders(today=QUIET_DAY),
        ),
        "again": median_of(
            "the busiest day's sweep again (nothing new)",
            lambda: send_due_reminders(today=BUSY_DAY),
        ),
    }
    print(f"reminders recorded by the busy sweep: {busy.created:,}".replace(",", " "))
    return figures


def main() -> None:
    from workflow.reminders.models import Reminder
    from workflow.reminders.tasks import send_reminder_email

    logging.disable(logging.INFO)  # no log line per email task
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"bench_reminders_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        tasks: list = []
        with mock.patch.object(send_reminder_email, "delay", side_effect=tasks.append):
            print(f"== baseline: {BASELINE_NETWORKS} networks ({connection.vendor})")
            baseline = measure(BASELINE_NETWORKS, tasks)
            print(f"== figure: {NETWORKS} networks ({connection.vendor})")
            figure = measure(NETWORKS, tasks)
        print(f"== scaling ({NETWORKS // BASELINE_NETWORKS}x the obligations; linear is about 10)")
        for key, label in (("quiet", "quiet-day sweep"), ("again", "sweep that finds nothing new")):
            print(
                f"{label:<32} figure {figure[key]:7.3f} s   baseline {baseline[key]:7.3f} s   "
                f"ratio {figure[key] / baseline[key]:5.1f}x"
            )
        sample = tasks[:SAMPLE_EMAILS]
        Reminder.objects.filter(pk__in=[pk for group in sample for pk in group]).update(
            status=Reminder.Status.QUEUED
        )
        start = time.perf_counter()
        for group in sample:
            send_reminder_email.apply(args=[group])
        elapsed = time.perf_counter() - start
        print(
            f"{f'sending {len(sample)} emails inline (locmem backend)':<62} {elapsed:8.2f} s"
            f"  ({elapsed / max(len(sample), 1) * 1000:.1f} ms each)"
        )
        sample_ids = [pk for group in sample for pk in group]
        sent = Reminder.objects.filter(pk__in=sample_ids, status=Reminder.Status.SENT).count()
        assert sent == len(sample_ids), sent
        assert Reminder.objects.count() == NETWORKS * OWNERS_PER_NETWORK
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
