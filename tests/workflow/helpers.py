"""Steps of the year through the services, as the demo users take them."""

from __future__ import annotations

import datetime as dt

from grants.models import Decision, DecisionBasis
from networks.models import Owner
from workflow import services
from workflow.demo import DEMO_ASSESSMENTS
from workflow.models import Case
from workflow.rules import case_frame

#: The case page and its sub-pages (documents, history): the same people see them.
CASE_PAGES = ("case_detail", "case_documents", "case_history")

CRITERIA_JUSTIFIED = {
    **{name: True for name, _label in DecisionBasis.CRITERIA},
    **{
        f"{name}_text": "Begrunnet i behovsmeldingene og planlagt med UH."
        for name, _label in DecisionBasis.CRITERIA
    },
}


def submit_needs(users, scheme_year, owner_number="5059"):
    owner = Owner.objects.get(number=owner_number)
    report = services.needs_report_save(
        actor=users["eier"],
        scheme_year=scheme_year,
        owner=owner,
        themes="Inkluderende praksis i overgangen barnehage–skole",
        target_groups=["barnehage", "skole"],
        involvement="Drøftet i personalmøter og med tillitsvalgte.",
    )
    return services.needs_report_submit(actor=users["eier"], report=report)


def write_basis(
    users,
    case: Case,
    *,
    amount: int | None = None,
    writer="koordinator",
    period_end: dt.date = dt.date(2027, 6, 15),
):
    """A complete decision basis with one measure costing ``amount`` (default: the frame), ending
    ``period_end`` (by default before the report deadline, so the report is a final one)."""
    actor = users[writer]
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
        description="Samlinger og veiledning i egen praksis.",
        target_groups=["barnehage", "skole", "ppt"],
        period_start=dt.date(2027, 3, 15),
        period_end=period_end,
        expected_participants=120,
    )
    total = case_frame(case) if amount is None else amount
    uh_part = total * 6 // 10
    services.budget_line_save(
        actor=actor,
        case=case,
        measure=measure,
        kind="uh",
        description="UH-bidrag",
        amount=uh_part,
    )
    services.budget_line_save(
        actor=actor,
        case=case,
        measure=measure,
        kind="nettverk",
        description="Frikjøp og samlinger",
        amount=total - uh_part,
    )
    return measure


def recommend(users, case: Case, *, amount: int | None = None):
    amount = case_frame(case) if amount is None else amount
    services.recommendation_line_set(
        actor=users["forum"], case=case, amount=amount, uh_amount=amount * 6 // 10
    )
    services.recommendation_update(
        actor=users["sekretariat"],
        scheme_year=case.scheme_year,
        meeting_date=dt.date(2027, 2, 20),
        consensus_note="Enstemmig innstilling.",
        joint_measures="Inkluderingsanalysen",
        joint_amount=1_800_000,
    )
    sent = services.recommendation_submit(actor=users["sekretariat"], scheme_year=case.scheme_year)
    case.refresh_from_db()
    return sent


def deliver(decision: Decision) -> Decision:
    """Stand in for the e-mails sent after commit (reporting's task): every party's postmottak
    accepted the letter today, so the appeal period starts."""
    for record in decision.deliveries.all():
        services.delivery_sent(record)
    decision.refresh_from_db()
    return decision


def assess_and_propose(users, decision: Decision) -> Decision:
    """The case officer assesses the four criteria (all met; a refusal states its reasons
    instead) and proposes the vedtak."""
    if not decision.is_refusal:
        services.decision_assess(
            actor=users["statsforvalter"],
            decision=decision,
            assessments={key: (True, text) for key, text in DEMO_ASSESSMENTS.items()},
        )
    return services.decision_propose(actor=users["statsforvalter"], decision=decision)


def approve(users, decision: Decision) -> Decision:
    """The approver with budget authority (another person) approves: the vedtak is made."""
    return services.decision_decide(actor=users["godkjenner"], decision=decision)


def decide(users, case: Case, **changes):
    """Prepared by the case officer (``statsforvalter``), approved by ``godkjenner``."""
    draft = Decision.objects.get(
        scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
    )
    services.decision_update(
        actor=users["statsforvalter"],
        decision=draft,
        reasons="Tiltakene oppfyller de fire kriteriene.",
        **changes,
    )
    assess_and_propose(users, draft)
    decision = deliver(approve(users, draft))
    case.refresh_from_db()
    return decision


def fill_report(users, case: Case, *, unused: int = 0):
    report = case.report
    costs = list(report.costs.select_related("budget_line"))
    used = {c.pk: c.budget_line.amount for c in costs}
    used[costs[0].pk] -= unused
    services.report_update(
        actor=users["koordinator"],
        case=case,
        assessment="Godt gjennomført.",
        measures={
            m.pk: {"what_was_done": "Fire samlinger.", "participants_reached": 110}
            for m in report.measures.all()
        },
        costs=used,
    )


def prepare_and_approve(users, decision: Decision) -> Decision:
    """Two-person approval as the services demand it: ``statsforvalter`` assesses and proposes,
    ``godkjenner`` approves (the vedtak is made)."""
    assess_and_propose(users, decision)
    return approve(users, decision)
