"""Shared steps for the reminder tests: the clock, a sweep as beat runs it, and the year's work
done through the services (the frame check patched, so no frozen allocation is needed)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import time_machine
from django.core import mail

from grants.models import Decision, DecisionBasis, SchemeYear
from networks.models import Network, Owner, User
from workflow import services
from workflow.models import Case
from workflow.reminders.services import send_due_reminders

OSLO = ZoneInfo("Europe/Oslo")
FRAME = 1_000_000

CRITERIA = {
    **{name: True for name, _label in DecisionBasis.CRITERIA},
    **{f"{name}_text": "Begrunnet i behovsmeldingene." for name, _label in DecisionBasis.CRITERIA},
}


def at(day: dt.date, hour: int = 7) -> time_machine.travel:
    """The clock at ``hour`` o'clock Oslo time on ``day`` (07:00 is when beat sweeps)."""
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=OSLO), tick=False
    )


def days(first: dt.date, last: dt.date):
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def sweep(capture, day: dt.date | None = None, **kwargs):
    """One sweep with its after-commit work (handing emails to the inline worker) run."""
    with capture(execute=True):
        return send_due_reminders(today=day, **kwargs)


def username_of(address: str) -> str:
    return User.objects.get(email=address).username


def outbox_by_user() -> Counter:
    return Counter(username_of(m.to[0]) for m in mail.outbox)


def year() -> SchemeYear:
    return SchemeYear.objects.get(year=2027)


def case_of(name: str) -> Case:
    return Case.objects.select_related("network", "scheme_year", "decision_basis").get(
        scheme_year=year(), network=Network.objects.get(name=name)
    )


def submit_needs(users, owner_number: str = "5059"):
    owner = Owner.objects.get(number=owner_number)
    report = services.needs_report_save(
        actor=users["eier"],
        scheme_year=year(),
        owner=owner,
        themes="Inkluderende praksis i overgangen barnehage–skole.",
        target_groups=["barnehage", "skole"],
        involvement="Drøftet i personalmøter og med tillitsvalgte.",
    )
    return services.needs_report_submit(actor=users["eier"], report=report)


def submit_basis(users, name: str = "Trøndelag sørvest", writer: str = "koordinator") -> Case:
    actor = users[writer]
    case = case_of(name)
    services.decision_basis_start(actor=actor, case=case)
    services.decision_basis_update(actor=actor, case=case, summary="Felles løft.", **CRITERIA)
    measure = services.measure_save(
        actor=actor,
        case=case,
        title="Inkluderende læringsmiljø",
        description="Samlinger og veiledning.",
        target_groups=["barnehage", "skole"],
        period_start=dt.date(2027, 3, 15),
        period_end=dt.date(2027, 6, 15),
        expected_participants=100,
    )
    services.budget_line_save(
        actor=actor, case=case, measure=measure, kind="uh", description="UH", amount=500_000
    )
    services.budget_line_save(
        actor=actor,
        case=case,
        measure=measure,
        kind="nettverk",
        description="Frikjøp",
        amount=300_000,
    )
    return services.decision_basis_submit(actor=actor, case=case)


def recommend(users, name: str = "Trøndelag sørvest") -> None:
    case = case_of(name)
    services.recommendation_line_set(
        actor=users["forum"], case=case, amount=800_000, uh_amount=500_000
    )
    services.recommendation_update(
        actor=users["sekretariat"],
        scheme_year=case.scheme_year,
        meeting_date=dt.date(2027, 2, 20),
        consensus_note="Enstemmig.",
        joint_measures="Inkluderingsanalysen",
        joint_amount=1_800_000,
    )
    services.recommendation_submit(actor=users["sekretariat"], scheme_year=case.scheme_year)


def decide(users, name: str = "Trøndelag sørvest") -> Decision:
    case = case_of(name)
    draft = Decision.objects.get(
        scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
    )
    services.decision_update(
        actor=users["statsforvalter"], decision=draft, reasons="Oppfyller kriteriene."
    )
    from .helpers import deliver, prepare_and_approve

    return deliver(prepare_and_approve(users, draft))


def open_reporting(users, name: str = "Trøndelag sørvest") -> Case:
    return services.reporting_open(actor=users["statsforvalter"], case=case_of(name))


def submit_report(users, name: str = "Trøndelag sørvest") -> Case:
    case = case_of(name)
    report = case.report
    services.report_update(
        actor=users["koordinator"],
        case=case,
        assessment="Godt gjennomført.",
        measures={m.pk: {"what_was_done": "Fire samlinger."} for m in report.measures.all()},
        costs={c.pk: 100_000 for c in report.costs.all()},
    )
    return services.report_submit(actor=users["koordinator"], case=case_of(name))


def local_deadline(users, deadline: dt.date, name: str = "Trøndelag sørvest") -> None:
    case = case_of(name)
    services.local_deadline_set(
        actor=users["koordinator"],
        scheme_year=case.scheme_year,
        network=case.network,
        deadline=deadline,
    )
