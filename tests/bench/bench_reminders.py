"""Time the reminder sweep over 100 000 open obligations.

Run from the project root: ``python tests/bench/bench_reminders.py`` (``make bench`` runs every
benchmark). Builds a throwaway database (in memory on SQLite; a database of its own on PostgreSQL
when DATABASE_URL is set) with 2 000 networks of 47 owners, one contact per owner and one
coordinator per network: 94 000 needs reports and 6 000 case obligations, all open. Prints the
time of: the first sync (making the rows), a sweep on a quiet day, a sweep on the busiest day
(every owner reminded) with the hand-over to the broker stubbed, the same sweep again (nothing
new), and sending a sample of the emails inline. Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
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
OWNERS_PER_NETWORK = 47
YEAR = 2027
QUIET_DAY = dt.date(2026, 10, 1)
BUSY_DAY = dt.date(2026, 11, 17)  # 14 days before the needs deadline: every owner is reminded
SAMPLE_EMAILS = 200


def build() -> None:
    from grants.models import DecisionBasis, SchemeYear, default_deadlines
    from networks.models import Membership, Network, Owner, User
    from networks.roles import Role
    from workflow.models import Case

    scheme_year = SchemeYear.objects.create(
        year=YEAR, total_amount=12_000_000, joint_percent=15, **default_deadlines(YEAR)
    )
    Network.objects.bulk_create(
        [Network(name=f"Nettverk {i:05d}", slug=f"nettverk-{i:05d}") for i in range(NETWORKS)],
        batch_size=2000,
    )
    networks = list(Network.objects.order_by("pk"))
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
    bases = {b.network_id: b.pk for b in DecisionBasis.objects.all()}
    Case.objects.bulk_create(
        [Case(scheme_year=scheme_year, network=n, decision_basis_id=bases[n.pk]) for n in networks],
        batch_size=2000,
    )
    owners = list(Owner.objects.order_by("pk").values_list("pk", flat=True))
    User.objects.bulk_create(
        [User(username=f"eier{pk}", email=f"eier{pk}@example.org", password="!") for pk in owners]
        + [
            User(username=f"koord{n.pk}", email=f"koord{n.pk}@example.org", password="!")
            for n in networks
        ]
        + [User(username="sekretariat", email="sekretariat@example.org", password="!")],
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
        + [Membership(user_id=users["sekretariat"], role=Role.FORUM_SECRETARIAT)],
        batch_size=5000,
    )


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed:8.2f} s")
    return result


def main() -> None:
    from grants.models import SchemeYear
    from workflow.reminders.models import Obligation, Reminder
    from workflow.reminders.services import obligations_sync, send_due_reminders
    from workflow.reminders.tasks import send_reminder_email

    logging.disable(logging.INFO)  # no log line per email task
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"bench_reminders_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        owners = NETWORKS * OWNERS_PER_NETWORK
        label = f"build: {NETWORKS:,} networks, {owners:,} owners, {owners + NETWORKS + 1:,} users"
        timed(
            label.replace(",", " "),
            build,
        )
        scheme_year = SchemeYear.objects.get(year=YEAR)
        timed(
            "obligations_sync, first run (creates the rows)",
            lambda: obligations_sync(scheme_year=scheme_year),
        )
        open_count = Obligation.objects.filter(met_at__isnull=True).count()
        print(f"open obligations: {open_count:,}".replace(",", " "))
        tasks = []
        with mock.patch.object(send_reminder_email, "delay", side_effect=tasks.append):
            quiet = timed(
                f"sweep on a quiet day ({QUIET_DAY}, nothing due)",
                lambda: send_due_reminders(today=QUIET_DAY),
            )
            busy = timed(
                f"sweep on the busiest day ({BUSY_DAY}), broker stubbed",
                lambda: send_due_reminders(today=BUSY_DAY),
            )
            again = timed(
                "the same sweep again (nothing new)", lambda: send_due_reminders(today=BUSY_DAY)
            )
        print(
            f"reminders recorded: quiet {quiet.created}, busy {busy.created:,}, again "
            f"{again.created}; emails handed to the broker: {len(tasks):,}".replace(",", " ")
        )
        sample = tasks[:SAMPLE_EMAILS]
        start = time.perf_counter()
        for group in sample:
            send_reminder_email.apply(args=[group])
        elapsed = time.perf_counter() - start
        print(
            f"{f'sending {len(sample)} emails inline (locmem backend)':<58} {elapsed:8.2f} s"
            f"  ({elapsed / max(len(sample), 1) * 1000:.1f} ms each)"
        )
        sent = Reminder.objects.filter(status=Reminder.Status.SENT).count()
        assert sent == len(sample), sent
        assert again.created == 0 and busy.created == NETWORKS * OWNERS_PER_NETWORK
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
