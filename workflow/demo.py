"""The demo year taken through the services to a stage, as the people in it would take it.

``seed_demo --stage STAGE`` uses this, so manual testing, screenshots and later work can start from
any point of the year. Every write goes through the same services as the pages; nothing is
written to the database directly. Each network gets its own demo coordinator
(``koordinator-<slug>``), since only a network's own partnership may write its decision basis.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from allocation.models import AllocationRun, RunStatus
from allocation.services import allocation_run_create, allocation_run_freeze
from grants.models import Decision, DecisionBasis, NeedsReport, SchemeYear
from networks.demo import DEMO_PASSWORD
from networks.models import Membership, Network, User
from networks.roles import Role
from networks.services import membership_grant, user_upsert

from . import rules, services
from .models import Case
from .rules import case_frame, decision_basis_deadline
from .selectors.closing import year_missing
from .states import OUTCOME_STATES

#: From ``vedtak`` on, this network has sent nothing and is refused (issue 12); the others are
#: granted as before.
REFUSED_NETWORK = "Ytre Namdal"

#: The demo network whose measure runs past the report deadline (to 15 December): it sends an
#: interim report with the use it expects, and its final report once that is approved. The other
#: networks' measures end by 15 June, before the report deadline.
INTERIM_NETWORK = "Innherred"

#: The stages ``seed_demo --stage`` takes the demo year's networks to, in order (the case states
#: a granted case passes through; a refused or withdrawn case ends outside them).
STAGES = (
    "behovsmelding",
    "beslutningsgrunnlag",
    "innstilling",
    "vedtak",
    "rapportering",
    "avsluttet",
)

CRITERIA_JUSTIFIED: dict[str, Any] = {
    **{name: True for name, _label in DecisionBasis.CRITERIA},
    **{
        f"{name}_text": "Begrunnet i behovsmeldingene og planlagt sammen med UH."
        for name, _label in DecisionBasis.CRITERIA
    },
}


def coordinator_for(network: Network) -> User:
    """The network's demo coordinator: the demo user ``koordinator`` for its own network, else a
    coordinator made for the demo (same password)."""
    existing = (
        Membership.objects.active()
        .filter(network=network, role=Role.NETWORK_COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if existing is not None:
        return existing.user
    user = user_upsert(
        username=f"koordinator-{network.slug}",
        email=f"koordinator-{network.slug}@demo.kompetanseloftet.example",
        first_name="Koordinator",
        last_name=network.name,
        password=DEMO_PASSWORD,
    )
    membership_grant(user=user, role=Role.NETWORK_COORDINATOR, network=network)
    return user


def freeze_allocation(*, actor: User, scheme_year: SchemeYear) -> None:
    if not AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN).exists():
        allocation_run_freeze(
            actor=actor, run=allocation_run_create(actor=actor, scheme_year=scheme_year)
        )


def submit_needs_reports(*, scheme_year: SchemeYear) -> None:
    """Each owner that has a demo contact sends its needs report."""
    for membership in (
        Membership.objects.active().filter(role=Role.OWNER_CONTACT).select_related("owner", "user")
    ):
        owner = membership.owner
        if owner is None:
            continue
        sent = NeedsReport.objects.filter(
            scheme_year=scheme_year, owner=owner, status=NeedsReport.Status.SUBMITTED
        )
        if sent.exists():  # running it again, perhaps after the deadline: leave it as it was
            continue
        report = services.needs_report_save(
            actor=membership.user,
            scheme_year=scheme_year,
            owner=owner,
            themes="Inkluderende praksis i overgangen barnehage–skole.",
            target_groups=["barnehage", "skole"],
            involvement="Drøftet i personalmøter, med tillitsvalgte og med PP-tjenesten.",
        )
        if report.status != report.Status.SUBMITTED:
            services.needs_report_submit(actor=membership.user, report=report)


def uh_share(case: Case, amount: int) -> int:
    """The demo's share to UH: 60 %, or all of it for joint measures run by a UH institution."""
    if case.network.is_joint and case.network.host_owner_id is None:
        return amount
    return amount * 6 // 10


def write_basis(case: Case, *, actor: User, amount: int | None = None) -> None:
    """A complete decision basis with one measure costing ``amount`` (default: the frame)."""
    if case.state == Case.State.BEHOVSMELDING:
        services.decision_basis_start(actor=actor, case=case)
    services.decision_basis_update(
        actor=actor,
        case=case,
        summary="Felles løft for inkluderende praksis.",
        **CRITERIA_JUSTIFIED,
    )
    measure = services.measure_save(
        actor=actor,
        case=case,
        title="Inkluderende læringsmiljø",
        description="Samlinger, veiledning i egen praksis og nettverksmøter på tvers av enhetene.",
        target_groups=["barnehage", "skole", "ppt"],
        period_start=dt.date(case.scheme_year.year, 3, 15),
        period_end=dt.date(
            case.scheme_year.year, *((12, 15) if case.network.name == INTERIM_NETWORK else (6, 15))
        ),
        expected_participants=120,
    )
    total = (case_frame(case) or 0) if amount is None else amount
    uh_part = uh_share(case, total)
    for kind, description, value in (
        ("uh", "UH-bidrag: forelesninger og veiledning", uh_part),
        ("nettverk", "Frikjøp og samlinger", total - uh_part),
    ):
        services.budget_line_save(
            actor=actor,
            case=case,
            measure=measure,
            kind=kind,
            description=description,
            amount=value,
        )


def submit_basis(case: Case, *, actor: User, secretariat: User) -> None:
    """Send the decision basis; after the deadline the secretariat first reopens it (as it may)."""
    today = timezone.localdate()
    if today > decision_basis_deadline(case):
        services.decision_basis_reopen(
            actor=secretariat,
            case=case,
            until=today + dt.timedelta(days=7),
            comment="Demo: åpnet for innsending etter fristen.",
        )
    services.decision_basis_submit(actor=actor, case=case)


def recommend(cases: list[Case], *, forum: User, secretariat: User) -> None:
    scheme_year = cases[0].scheme_year
    for case in cases:
        frame = case_frame(case) or 0
        services.recommendation_line_set(
            actor=forum, case=case, amount=frame, uh_amount=uh_share(case, frame)
        )
    services.recommendation_update(
        actor=secretariat,
        scheme_year=scheme_year,
        # the forum met on 20 February, or today when the demo runs before that
        meeting_date=min(dt.date(scheme_year.year, 2, 20), rules.today()),
        consensus_note="Enstemmig innstilling.",
        joint_measures="Inkluderingsanalysen",
        joint_amount=AllocationRun.objects.get(
            scheme_year=scheme_year, status=RunStatus.FROZEN
        ).joint_measures,
    )


#: The demo's assessment of each criterion (met, with the reasons the letter states).
DEMO_ASSESSMENTS = {
    "local_needs": "Tiltakene bygger på behovsmeldingene fra eierne i nettverket.",
    "workplace": "Tiltakene gjennomføres i barnehagene og skolene, med hele personalet.",
    "partnership": "Nettverket og UH-partneren har planlagt og skal gjennomføre tiltakene sammen.",
    "interdisciplinary": "PP-tjenesten, barnehage og skole deltar i de samme tiltakene.",
}


def decide(case: Case, *, actor: User, approver: User) -> Decision:
    """The case officer (``actor``) prepares and proposes the vedtak; ``approver``, with budget
    authority, approves it (two-person approval)."""
    draft = Decision.objects.get(
        scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
    )
    services.decision_update(
        actor=actor,
        decision=draft,
        reasons="Tiltakene oppfyller de fire kriteriene, og budsjettet er innenfor rammen.",
        # a demo run after the year's report deadline still makes a lawful vedtak
        report_deadline=max(draft.report_deadline or rules.today(), rules.today()),
    )
    services.decision_assess(
        actor=actor,
        decision=draft,
        assessments={key: (True, text) for key, text in DEMO_ASSESSMENTS.items()},
    )
    services.decision_propose(actor=actor, decision=draft)
    return services.decision_decide(actor=approver, decision=draft)


def refuse(case: Case, *, actor: User, approver: User) -> Decision:
    """Statsforvalteren refuses the case with the year's standard reasons, once the forum has
    sent its innstilling without it: the case officer (``actor``) prepares and proposes the
    refusal, ``approver`` approves it (two-person approval, as for a grant)."""
    draft = services.refusal_prepare(
        actor=actor, case=case, reasons=services.refusal_reasons_default(case)
    )
    services.decision_propose(actor=actor, decision=draft)
    return services.decision_decide(actor=approver, decision=draft)


#: The demo network that leaves money unused, and how much: its report gets a repayment claim.
UNUSED_NETWORK, UNUSED_AMOUNT = "Fosen", 37_500

#: The year's payout settings in the demo (illustrative budget chapter and item, a test account).
DEMO_PAYOUT_SETTINGS = {
    "budget_chapter": "226",
    "budget_item": "21",
    "repayment_account": "76940512057",
}


def payout_settings_ensure(*, actor: User, scheme_year: SchemeYear) -> None:
    """The demo year's payout settings, unless someone has set them."""
    if not scheme_year.budget_chapter:
        services.payout_settings_set(actor=actor, scheme_year=scheme_year, **DEMO_PAYOUT_SETTINGS)


def pay_out(*, actor: User, scheme_year: SchemeYear) -> None:
    """Statsforvalteren pays what is due: one batch, marked paid today."""
    from grants.models import PayoutInstalment

    payout_settings_ensure(actor=actor, scheme_year=scheme_year)
    today = timezone.localdate()
    if services.payout_batch_due(scheme_year, due_by=today).exists():
        batch = services.payout_batch_create(actor=actor, scheme_year=scheme_year, due_by=today)
        services.payout_batch_mark_paid(actor=actor, batch=batch, paid_on=today)
    assert not PayoutInstalment.objects.filter(
        decision__scheme_year=scheme_year, status=PayoutInstalment.Status.PLANNED
    ).exists()


def write_report(case: Case, *, actor: User) -> None:
    """Write and send the case's report: every krone used (less ``UNUSED_AMOUNT`` for
    ``UNUSED_NETWORK``); an interim report has used half of each line and expects the rest."""
    report = case.report
    assert report is not None, "reporting is open"
    budget = {
        cost.pk: int(cost.budget_line.amount) for cost in report.costs.select_related("budget_line")
    }
    costs = dict(budget)
    if case.network.name == UNUSED_NETWORK:
        first = min(costs)
        costs[first] -= min(UNUSED_AMOUNT, costs[first])
    expected: dict[int, int] = {}
    if report.is_interim:
        costs = {pk: amount // 2 for pk, amount in budget.items()}
        expected = {pk: budget[pk] - used for pk, used in costs.items()}
    services.report_update(
        actor=actor,
        case=case,
        assessment=(
            "Halvparten av samlingene er holdt; resten kommer i høst."
            if report.is_interim
            else "Tiltakene er gjennomført som planlagt, med god deltakelse."
        ),
        measures={
            item.pk: {"what_was_done": "Fire samlinger og veiledning.", "participants_reached": 110}
            for item in report.measures.all()
        },
        costs=costs,
        expected=expected or None,
    )
    services.report_submit(actor=actor, case=case)


def approve_report(case: Case, *, actor: User) -> None:
    """Statsforvalteren approves the case's sent report. An interim report is approved first;
    then the partnership writes and sends its final report, which is approved in turn (a demo
    compresses the months between)."""
    if rules.interim_report_is_submitted(case):
        services.report_interim_approve(actor=actor, case=case)
    if rules.report_is_open(case):
        write_report(case, actor=coordinator_for(case.network))
    services.report_approve(actor=actor, case=case)


def walk(
    *,
    scheme_year: SchemeYear,
    stage: str,
    users: dict[str, User],
    on_decided: Callable[[Decision], object] | None = None,
) -> list[Case]:
    """Take the year's cases to ``stage`` (one of ``STAGES``). Cases already past a step are left
    as they are, so running it twice changes nothing. ``on_decided`` is called with each vedtak
    made (the demo command makes its letters there)."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}; one of {', '.join(STAGES)}")
    target = STAGES.index(stage)
    statsforvalter, secretariat = users["statsforvalter"], users["sekretariat"]

    def fresh() -> list[Case]:
        return list(
            Case.objects.filter(scheme_year=scheme_year)
            .select_related("network", "scheme_year", "decision_basis", "report")
            .order_by("network__name")
        )

    if scheme_year.is_closed:  # a closed year is read-only: nothing left to walk
        return fresh()
    freeze_allocation(actor=secretariat, scheme_year=scheme_year)
    submit_needs_reports(scheme_year=scheme_year)

    def at(case: Case, name: str) -> bool:
        return case.state == name

    def refused(case: Case) -> bool:
        """From ``vedtak`` on, the refused network sends nothing and is left out of the rest."""
        return target >= STAGES.index("vedtak") and case.network.name == REFUSED_NETWORK

    if target >= STAGES.index("beslutningsgrunnlag"):
        for case in fresh():
            if at(case, "behovsmelding") and not refused(case):
                write_basis(case, actor=coordinator_for(case.network))
    if target >= STAGES.index("innstilling"):
        for case in fresh():
            if at(case, "beslutningsgrunnlag") and not refused(case):
                submit_basis(case, actor=coordinator_for(case.network), secretariat=secretariat)
    if target >= STAGES.index("vedtak"):
        waiting = [case for case in fresh() if at(case, "innstilling") and not refused(case)]
        if waiting:
            recommend(waiting, forum=users["forum"], secretariat=secretariat)
            services.recommendation_submit(actor=secretariat, scheme_year=scheme_year)
        for case in fresh():
            if (
                at(case, "vedtak")
                and not refused(case)
                and not Decision.objects.filter(
                    scheme_year=scheme_year, network=case.network, status=Decision.Status.DECIDED
                ).exists()
            ):
                decision = decide(case, actor=statsforvalter, approver=users["godkjenner"])
                if on_decided is not None:
                    on_decided(decision)
        for case in fresh():
            if refused(case) and case.state not in OUTCOME_STATES and not rules.decided(case):
                decision = refuse(case, actor=statsforvalter, approver=users["godkjenner"])
                if on_decided is not None:
                    on_decided(decision)
    if target >= STAGES.index("rapportering"):
        pay_out(actor=statsforvalter, scheme_year=scheme_year)
        for case in fresh():
            if at(case, "vedtak"):
                services.reporting_open(actor=statsforvalter, case=case)
        for case in fresh():
            if at(case, "rapportering") and rules.report_is_open(case):
                write_report(case, actor=coordinator_for(case.network))
    if target >= STAGES.index("avsluttet"):
        for case in fresh():
            if at(case, "rapportering"):
                approve_report(case, actor=statsforvalter)
        # Last of all: the year closes once its checklist is empty.
        if not year_missing(scheme_year):
            services.scheme_year_close(actor=statsforvalter, scheme_year=scheme_year)
    return fresh()
