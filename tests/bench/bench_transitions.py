"""Time one whole year at 110 networks through the services, as people would take it.

Run from the project root: ``python -m tests.bench.bench_transitions`` (``make bench`` runs every
benchmark). Builds a throwaway database (in memory on SQLite; a database of its own on
PostgreSQL when DATABASE_URL is set): the demo organisations and users plus bulk-made networks
up to 110, ten owners each, each owner and network with someone who acts for it (this part is
not timed). Then, timed, through ``workflow.services`` with the clock moved to each stage: the
year opened and its allocation frozen, every owner's needs report, every decision basis written
and sent, the innstilling recorded and sent, every vedtak made (decision letters made after
commit, as in production with the eager worker), reporting opened, every report sent and
approved. Prints the total, and per service its total time, calls, and queries per call (mean
and most) beside the budget in ``tests/workflow/test_transition_queries.py``.
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django

django.setup()

import time_machine  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import (  # noqa: E402
    CaptureQueriesContext,
    setup_databases,
    teardown_databases,
)

NETWORKS = int(os.environ.get("BENCH_NETWORKS", "110"))
YEAR = 2027
BEFORE_NEEDS_DEADLINE = dt.datetime(2026, 11, 25, 10, 0)
FORUM_MEETING = dt.datetime(2027, 2, 20, 10, 0)
DECISION_TIME = dt.datetime(2027, 3, 1, 10, 0)
REPORT_TIME = dt.datetime(2027, 6, 1, 10, 0)


class Meter:
    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.queries: dict[str, list[int]] = defaultdict(list)

    def __call__(self, func, /, **kwargs):
        name = func.__name__
        connection.queries_log.clear()  # the log keeps 9 000 queries; a full one counts nothing
        start = time.perf_counter()
        # The step's own queries are counted, as the budget test counts them; what runs after
        # commit (notifications and their e-mails, the letters: Celery tasks run inline here)
        # is timed with the step but not counted against its budget.
        with transaction.atomic(), CaptureQueriesContext(connection) as queries:
            result = func(**kwargs)
        self.seconds[name] += time.perf_counter() - start
        self.queries[name].append(len(queries))
        return result


def build():
    from workflow.scale import build_organisations

    return build_organisations(networks=NETWORKS, year=YEAR, contacts_for_all=True)


def run_year(organisations, meter: Meter) -> None:
    from allocation.services import allocation_run_create, allocation_run_freeze
    from grants.models import Decision, DecisionBasis, Measure
    from networks.models import Membership, Owner, User
    from networks.roles import Role
    from workflow import rules, services
    from workflow.demo import DEMO_ASSESSMENTS
    from workflow.models import Case

    users = organisations.users
    statsforvalter, sekretariat, forum = (
        users["statsforvalter"],
        users["sekretariat"],
        users["forum"],
    )
    contact = {
        m.owner_id: m.user
        for m in Membership.objects.filter(role=Role.OWNER_CONTACT).select_related("user")
    }
    coordinator = {
        m.network_id: m.user
        for m in Membership.objects.filter(role=Role.NETWORK_COORDINATOR).select_related("user")
    }
    criteria = {
        **{name: True for name, _label in DecisionBasis.CRITERIA},
        **{
            f"{name}_text": "Begrunnet i behovsmeldingene."
            for name, _label in DecisionBasis.CRITERIA
        },
    }

    with time_machine.travel(BEFORE_NEEDS_DEADLINE, tick=True):
        scheme_year = meter(
            services.scheme_year_open,
            actor=statsforvalter,
            year=YEAR,
            total_amount=NETWORKS * 1_100_000,
            joint_percent=Decimal(15),
            base_grant=300_000,
        )
        run = meter(allocation_run_create, actor=sekretariat, scheme_year=scheme_year)
        meter(allocation_run_freeze, actor=sekretariat, run=run)
        for owner in Owner.objects.filter(network__cases__scheme_year=scheme_year).order_by("pk"):
            actor = contact[owner.pk]
            report = meter(
                services.needs_report_save,
                actor=actor,
                scheme_year=scheme_year,
                owner=owner,
                themes="Inkluderende praksis og overganger.",
                target_groups=["barnehage", "skole"],
                involvement="Drøftet i personalmøter.",
            )
            meter(services.needs_report_submit, actor=actor, report=report)
        cases = list(
            Case.objects.select_related("network", "scheme_year", "decision_basis")
            .filter(scheme_year=scheme_year, network__is_joint=False)
            .order_by("pk")
        )
        # The joint measures' case (made with the year) has no coordinator: it is left out, as
        # the load world leaves it out everywhere else.
        for case in cases:
            actor = coordinator[case.network_id]
            meter(services.decision_basis_start, actor=actor, case=case)
            meter(
                services.decision_basis_update,
                actor=actor,
                case=case,
                summary="Felles løft for inkluderende praksis.",
                **criteria,
            )
            frame = rules.case_frame(case)
            measure = meter(
                services.measure_save,
                actor=actor,
                case=case,
                title="Inkluderende læringsmiljø",
                description="Samlinger og veiledning.",
                target_groups=["barnehage", "skole"],
                period_start=dt.date(YEAR, 3, 15),
                period_end=dt.date(YEAR, 6, 15),
                expected_participants=100,
            )
            uh = frame * 6 // 10
            for kind, description, amount in (
                ("uh", "UH-bidrag", uh),
                ("nettverk", "Frikjøp og samlinger", frame - uh),
            ):
                meter(
                    services.budget_line_save,
                    actor=actor,
                    case=case,
                    measure=measure,
                    kind=kind,
                    description=description,
                    amount=amount,
                )
            meter(services.decision_basis_submit, actor=actor, case=case)

    with time_machine.travel(FORUM_MEETING, tick=True):
        for case in cases:
            frame = rules.case_frame(case)
            meter(
                services.recommendation_line_set,
                actor=forum,
                case=case,
                amount=frame,
                uh_amount=frame * 6 // 10,
            )
        meter(
            services.recommendation_update,
            actor=sekretariat,
            scheme_year=scheme_year,
            meeting_date=FORUM_MEETING.date(),
            consensus_note="Enstemmig innstilling.",
            joint_measures="Inkluderingsanalysen",
            joint_amount=0,
        )
        meter(services.recommendation_submit, actor=sekretariat, scheme_year=scheme_year)

    with time_machine.travel(DECISION_TIME, tick=True):
        for decision in Decision.objects.filter(
            scheme_year=scheme_year, status=Decision.Status.DRAFT
        ).order_by("pk"):
            meter(
                services.decision_update,
                actor=statsforvalter,
                decision=decision,
                reasons="Tiltakene oppfyller de fire kriteriene.",
            )
            services.decision_assess(
                actor=statsforvalter,
                decision=decision,
                assessments={key: (True, text) for key, text in DEMO_ASSESSMENTS.items()},
            )
            services.decision_propose(actor=statsforvalter, decision=decision)
            meter(services.decision_decide, actor=users["godkjenner"], decision=decision)
        for case in cases:
            case.refresh_from_db()
            meter(services.reporting_open, actor=statsforvalter, case=case)

    with time_machine.travel(REPORT_TIME, tick=True):
        for case in cases:
            case.refresh_from_db()
            actor = coordinator[case.network_id]
            report = case.report
            meter(
                services.report_update,
                actor=actor,
                case=case,
                assessment="Godt gjennomført.",
                measures={
                    m.pk: {"what_was_done": "Fire samlinger.", "participants_reached": 90}
                    for m in report.measures.all()
                },
                costs={
                    c.pk: c.budget_line.amount for c in report.costs.select_related("budget_line")
                },
            )
            meter(services.report_submit, actor=actor, case=case)
            meter(services.report_approve, actor=statsforvalter, case=case)

    closed = Case.objects.filter(scheme_year=scheme_year, state=Case.State.AVSLUTTET).count()
    assert closed == len(cases) == NETWORKS, (closed, len(cases))
    assert Measure.objects.filter(decision_basis__scheme_year=scheme_year).count() == NETWORKS
    assert User.objects.exists()


def main() -> None:
    from tests.workflow.test_transition_queries import TRANSITION_QUERY_BUDGET

    logging.disable(logging.WARNING)
    if connection.vendor == "postgresql":
        connection.settings_dict["TEST"]["NAME"] = f"bench_transitions_{os.getpid()}"
    old_config = setup_databases(verbosity=0, interactive=False)
    try:
        start = time.perf_counter()
        organisations = build()
        print(f"oppsett (ikke tidtatt): {NETWORKS} nettverk på {time.perf_counter() - start:.1f} s")
        meter = Meter()
        start, cpu = time.perf_counter(), time.process_time()
        run_year(organisations, meter)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"ett år gjennom tjenestene, {NETWORKS} nettverk: {wall:.1f} s (cpu {cpu:.1f} s), "
            f"{sum(len(q) for q in meter.queries.values())} kall, "
            f"{sum(sum(q) for q in meter.queries.values())} spørringer"
        )
        for name in sorted(meter.seconds, key=meter.seconds.get, reverse=True):
            counts = meter.queries[name]
            budget = TRANSITION_QUERY_BUDGET.get(name)
            note = f"   budsjett {budget}" if budget is not None else ""
            if name == "recommendation_submit":
                note += " (for ett nettverk; her hele året)"
            elif name == "decision_decide":
                note += " (uten vedtaksbrevet, som her lages etter commit)"
            elif budget is not None and max(counts) > budget:
                note += "  OVER"
            print(
                f"  {name:<28} {meter.seconds[name]:7.2f} s  {len(counts):5} kall  "
                f"spørringer per kall: snitt {sum(counts) / len(counts):6.1f}, mest {max(counts):5}"
                f"{note}"
            )
    finally:
        teardown_databases(old_config, verbosity=0)


if __name__ == "__main__":
    main()
