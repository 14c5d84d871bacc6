"""Time the reminder sweep over 100 000 open obligations, beside 10 000.

Run from the project root: ``python -m tests.bench.bench_reminders`` (``make bench`` runs every
benchmark). Runs twice, each time in a throwaway database (in memory on SQLite; a database of
its own on PostgreSQL when DATABASE_URL is set): at 200 networks (10 000 obligations, the
baseline) and at 2 000 networks of 47 owners, one contact per owner and one coordinator per
network (94 000 needs reports and 6 000 case obligations, all open). Prints, beside the baseline
with the ratio (linear is ×10): the first sync (making the rows), a sweep on a quiet day, a
sweep on the busiest day (every owner reminded) with the hand-over to the broker stubbed, the
same sweep again (nothing new), and sending one email inline (mean of a sample). Sweeps that
can be repeated are medians of several runs. Not collected by pytest (no ``test_`` prefix).
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

from tests.bench.figures import Timing, figure, median_time  # noqa: E402

FULL_NETWORKS = int(os.environ.get("BENCH_NETWORKS", "2000"))
BASELINE_NETWORKS = 200  # 200 × (47 owners + 3 case obligations) = 10 000 obligations
OWNERS_PER_NETWORK = 47
RUNS = 3
YEAR = 2027
QUIET_DAY = dt.date(2026, 10, 1)
BUSY_DAY = dt.date(2026, 11, 17)  # 14 days before the needs deadline: every owner is reminded
SAMPLE_EMAILS = 200


def build(networks: int) -> None:
    from grants.models import DecisionBasis, SchemeYear, default_deadlines
    from networks.models import Membership, Network, Owner, User
    from networks.roles import Role
    from workflow.models import Case

    scheme_year = SchemeYear.objects.create(
        year=YEAR, total_amount=12_000_000, joint_percent=15, **default_deadlines(YEAR)
    )
    Network.objects.bulk_create(
        [Network(name=f"Nettverk {i:05d}", slug=f"nettverk-{i:05d}") for i in range(networks)],
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


def measure(networks: int) -> dict[str, Timing]:
    """Build a world of ``networks`` networks in a fresh database and time the sweeps there."""
    from grants.models import SchemeYear
    from workflow.reminders.models import Obligation, Reminder
    from workflow.reminders.services import obligations_sync, send_due_reminders
    from workflow.reminders.tasks import send_reminder_email

    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"bench_reminders_{os.getpid()}_{networks}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        build(networks)
        built = time.perf_counter() - start
        scheme_year = SchemeYear.objects.get(year=YEAR)
        sync = timing_once(lambda: obligations_sync(scheme_year=scheme_year))
        open_count = Obligation.objects.filter(met_at__isnull=True).count()
        tasks: list = []
        with mock.patch.object(send_reminder_email, "delay", side_effect=tasks.append):
            quiet = median_time(lambda: send_due_reminders(today=QUIET_DAY), runs=RUNS, warmup=0)
            busy_result: list = []
            busy = timing_once(lambda: busy_result.append(send_due_reminders(today=BUSY_DAY)))
            again = median_time(lambda: send_due_reminders(today=BUSY_DAY), runs=RUNS, warmup=0)
        assert busy_result[0].created == networks * OWNERS_PER_NETWORK
        sample = tasks[:SAMPLE_EMAILS]
        start, cpu = time.perf_counter(), time.process_time()
        for group in sample:
            send_reminder_email.apply(args=[group])
        emails = Timing(
            (time.perf_counter() - start) / max(len(sample), 1),
            (time.process_time() - cpu) / max(len(sample), 1),
            len(sample),
        )
        sent = Reminder.objects.filter(status=Reminder.Status.SENT).count()
        assert sent == len(sample), sent
        print(
            f"  {networks} nettverk: {open_count:_} åpne forpliktelser, bygget på {built:.1f} s, "
            f"{len(tasks):_} e-poster til megleren".replace("_", " "),
            flush=True,
        )
        return {
            "obligations_sync, første kjøring": sync,
            "sveip en rolig dag (ingenting forfaller)": quiet,
            "sveip den travleste dagen (megler stubbet)": busy,
            "samme sveip igjen (ingenting nytt)": again,
            "én e-post sendt (locmem), per e-post": emails,
        }
    finally:
        teardown_databases(old_config, verbosity=0)


def timing_once(func) -> Timing:
    start, cpu = time.perf_counter(), time.process_time()
    func()
    return Timing(time.perf_counter() - start, time.process_time() - cpu, 1)


def main() -> None:
    logging.disable(logging.INFO)  # no log line per email task
    baseline = measure(BASELINE_NETWORKS)
    full = measure(FULL_NETWORKS)
    print(
        f"Grunnlinje: {BASELINE_NETWORKS} nettverk (10 000 forpliktelser); "
        f"måling: {FULL_NETWORKS} nettverk ({FULL_NETWORKS * 50:_} forpliktelser)".replace("_", " ")
    )
    for label, timing in full.items():
        figure(label, timing, baseline[label])


if __name__ == "__main__":
    main()
