"""One scheme year of the large world: cases in their stages with the documents they imply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django_fsm_log.models import StateLog

from allocation.models import AllocationLine
from allocation.services import allocation_run_create, allocation_run_freeze
from grants.models import (
    BudgetLine,
    Decision,
    DecisionBasis,
    Measure,
    NeedsReport,
    Recommendation,
    RecommendationLine,
    Report,
    ReportCost,
    ReportMeasure,
    SchemeYear,
    default_deadlines,
)
from grants.selectors import decision_wording
from grants.services import scheme_year_create
from networks.models import HeadCount, Membership, Network, University, User
from networks.roles import Role

from ..models import Case
from .common import (
    BASE_GRANT,
    BATCH,
    PATH,
    SOURCE,
    STAGES,
    _at,
    _stage_index,
)


def _build_year(
    *,
    year: int,
    networks: list[Network],
    owners_of: dict[int, list[int]],
    states: Mapping[int, str],
    case_type: ContentType,
    deciding: User,
    approving: User,
    writer: User,
    forum: User,
    secretariat: User,
    universities: list[University],
) -> None:

    deadlines = default_deadlines(year)
    scheme_year = SchemeYear.objects.filter(year=year).first() or scheme_year_create(
        actor=deciding,
        year=year,
        total_amount=max(12_000_000, len(networks) * 1_100_000),
        base_grant=BASE_GRANT,
        joint_percent=Decimal(15),
    )

    wording = decision_wording(scheme_year)

    # Head counts for every owner (the demo owners already have the last year's).
    counted = set(HeadCount.objects.filter(year=year).values_list("owner_id", flat=True))
    HeadCount.objects.bulk_create(
        [
            HeadCount(
                owner_id=owner_pk,
                year=year,
                pupils=200 + (owner_pk * 37 + year) % 4000,
                children=80 + (owner_pk * 53 + year) % 1500,
                source=SOURCE,
                counted_on=dt.date(year - 1, 10, 1),
            )
            for pks in owners_of.values()
            for owner_pk in pks
            if owner_pk not in counted
        ],
        batch_size=BATCH,
    )

    # The frozen allocation (two service calls per year: the engine and the run's lines).
    run = allocation_run_create(actor=deciding, scheme_year=scheme_year)
    allocation_run_freeze(actor=deciding, run=run)
    frames = dict(AllocationLine.objects.filter(run=run).values_list("network_id", "frame"))

    stage = {pk: _stage_index(state) for pk, state in states.items()}
    # Every other network in the same stage takes the alternative (sent, decided, recorded).
    other = {n.pk: (i // len(STAGES)) % 2 == 0 for i, n in enumerate(networks)}
    needs_sent = _at(deadlines["needs_deadline"] - dt.timedelta(days=5))
    basis_sent = _at(deadlines["decision_basis_deadline"] - dt.timedelta(days=3))
    meeting = deadlines["decision_basis_deadline"] + dt.timedelta(days=19)
    decided_at = _at(deadlines["decision_deadline"] - dt.timedelta(days=10))
    report_sent = _at(deadlines["report_deadline"] - dt.timedelta(days=10))

    # Needs reports: every owner writes one; in the first stage every other one is still a draft.
    owner_contacts = dict(
        Membership.objects.filter(role=Role.OWNER_CONTACT).values_list("owner_id", "user_id")
    )
    NeedsReport.objects.bulk_create(
        [
            NeedsReport(
                scheme_year=scheme_year,
                owner_id=owner_pk,
                network_id=n.pk,
                status=(
                    NeedsReport.Status.SUBMITTED
                    if stage[n.pk] > 0 or j % 2 == 0
                    else NeedsReport.Status.DRAFT
                ),
                unit_kinds=["barnehage", "skole"],
                target_groups=["barnehage", "skole"],
                themes="Inkluderende praksis og overganger.",
                involvement="Drøftet i personalmøter og med tillitsvalgte.",
                submitted_at=needs_sent if stage[n.pk] > 0 or j % 2 == 0 else None,
                submitted_by_id=(
                    owner_contacts.get(owner_pk) if stage[n.pk] > 0 or j % 2 == 0 else None
                ),
            )
            for n in networks
            for j, owner_pk in enumerate(owners_of[n.pk])
        ],
        batch_size=BATCH,
    )

    # Decision bases, written from the second stage on and submitted from the third.
    criteria = {
        **{name: True for name, _label in DecisionBasis.CRITERIA},
        **{
            f"{name}_text": "Begrunnet i behovsmeldingene."
            for name, _label in DecisionBasis.CRITERIA
        },
    }
    DecisionBasis.objects.bulk_create(
        [
            DecisionBasis(
                scheme_year=scheme_year,
                network=n,
                **(
                    {"summary": "Felles løft for inkluderende praksis.", **criteria}
                    if stage[n.pk] >= 1
                    else {}
                ),
                submitted_at=basis_sent if stage[n.pk] >= 2 else None,
                updated_by=writer if stage[n.pk] >= 1 else None,
            )
            for n in networks
        ],
        batch_size=BATCH,
    )
    bases = dict(
        DecisionBasis.objects.filter(scheme_year=scheme_year).values_list("network_id", "pk")
    )
    written = [n for n in networks if stage[n.pk] >= 1]
    Measure.objects.bulk_create(
        [
            Measure(
                decision_basis_id=bases[n.pk],
                title=title,
                description="Samlinger og veiledning i egen praksis.",
                target_groups=["barnehage", "skole"],
                university=universities[n.pk % len(universities)],
                period_start=dt.date(year, 3, 15),
                period_end=dt.date(year, 6, 15),
                expected_participants=60 + position * 40,
                position=position,
            )
            for n in written
            for position, title in enumerate(("Inkluderende læringsmiljø", "Lesing i alle fag"))
        ],
        batch_size=BATCH,
    )
    measures = list(
        Measure.objects.filter(decision_basis__scheme_year=scheme_year)
        .order_by("decision_basis_id", "position")
        .values_list("pk", "decision_basis_id", "position")
    )
    network_of_basis = {pk: network_pk for network_pk, pk in bases.items()}
    lines = []
    for measure_pk, basis_pk, position in measures:
        frame = frames[network_of_basis[basis_pk]]
        share = frame * 6 // 10 if position == 0 else frame - frame * 6 // 10
        uh = share // 2
        lines.append(
            BudgetLine(
                measure_id=measure_pk, kind=BudgetLine.Kind.UH, description="UH-bidrag", amount=uh
            )
        )
        lines.append(
            BudgetLine(
                measure_id=measure_pk,
                kind=BudgetLine.Kind.NETWORK,
                description="Frikjøp og samlinger",
                amount=share - uh,
            )
        )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)

    # The innstilling: recorded for every other network in its stage, sent from the vedtak on.
    recommended = [
        (n, stage[n.pk] >= 3)
        for n in networks
        if stage[n.pk] >= 3 or (stage[n.pk] == 2 and other[n.pk])
    ]
    if recommended:
        recommendation = Recommendation.objects.create(
            scheme_year=scheme_year,
            meeting_date=meeting,
            consensus_note="Enstemmig innstilling.",
            joint_measures="Inkluderingsanalysen",
            updated_by=forum,
        )
        RecommendationLine.objects.bulk_create(
            [
                RecommendationLine(
                    recommendation=recommendation,
                    network=n,
                    amount=frames[n.pk],
                    uh_amount=frames[n.pk] * 6 // 10,
                    recorded_by=forum,
                    sent_at=_at(meeting) if sent else None,
                )
                for n, sent in recommended
            ],
            batch_size=BATCH,
        )

    # Vedtak: a draft once the innstilling is sent; decided for every other one in the vedtak
    # stage and for all later stages.
    def is_decided(n: Network) -> bool:
        return stage[n.pk] >= 4 or (stage[n.pk] == 3 and other[n.pk])

    Decision.objects.bulk_create(
        [
            Decision(
                scheme_year=scheme_year,
                network=n,
                status=Decision.Status.DECIDED if is_decided(n) else Decision.Status.DRAFT,
                amount=frames[n.pk],
                uh_amount=frames[n.pk] * 6 // 10,
                recommended_amount=frames[n.pk],
                frame=frames[n.pk],
                **wording,
                reasons="Tiltakene oppfyller de fire kriteriene.",
                report_deadline=deadlines["report_deadline"],
                decided_at=decided_at if is_decided(n) else None,
                # Two-person approval: prepared by one case officer, approved by another.
                prepared_by=deciding if is_decided(n) else None,
                proposed_at=decided_at if is_decided(n) else None,
                decided_by=approving if is_decided(n) else None,
                notified_on=decided_at.date() if is_decided(n) else None,
            )
            for n in networks
            if stage[n.pk] >= 3
        ],
        batch_size=BATCH,
    )

    # Reports from the reporting stage on: a draft or sent one, or approved when closed.
    def report_status(n: Network) -> str:
        if stage[n.pk] == 5:
            return Report.Status.APPROVED
        return Report.Status.SUBMITTED if other[n.pk] else Report.Status.DRAFT

    reporting = [n for n in networks if stage[n.pk] >= 4]
    Report.objects.bulk_create(
        [
            Report(
                scheme_year=scheme_year,
                network=n,
                status=report_status(n),
                assessment="Godt gjennomført." if report_status(n) != Report.Status.DRAFT else "",
                submitted_at=report_sent if report_status(n) != Report.Status.DRAFT else None,
                approved_at=(
                    report_sent + dt.timedelta(days=30)
                    if report_status(n) == Report.Status.APPROVED
                    else None
                ),
                updated_by=writer,
            )
            for n in reporting
        ],
        batch_size=BATCH,
    )
    reports = dict(Report.objects.filter(scheme_year=scheme_year).values_list("network_id", "pk"))
    reporting_bases = {bases[n.pk]: n.pk for n in reporting}
    ReportMeasure.objects.bulk_create(
        [
            ReportMeasure(
                report_id=reports[reporting_bases[basis_pk]],
                measure_id=measure_pk,
                what_was_done="Fire samlinger.",
                participants_reached=50 + position * 30,
            )
            for measure_pk, basis_pk, position in measures
            if basis_pk in reporting_bases
        ],
        batch_size=BATCH,
    )
    ReportCost.objects.bulk_create(
        [
            ReportCost(
                report_id=reports[reporting_bases[basis_pk]],
                budget_line_id=line_pk,
                used=amount,
            )
            for line_pk, basis_pk, amount in BudgetLine.objects.filter(
                measure__decision_basis_id__in=list(reporting_bases)
            ).values_list("pk", "measure__decision_basis_id", "amount")
        ],
        batch_size=BATCH,
    )

    # The cases and the transitions that brought them where they are.
    Case.objects.bulk_create(
        [
            Case(
                scheme_year=scheme_year,
                network=n,
                state=states[n.pk],
                decision_basis_id=bases[n.pk],
                report_id=reports.get(n.pk),
            )
            for n in networks
        ],
        batch_size=BATCH,
    )
    when = {
        "start_decision_basis": needs_sent + dt.timedelta(days=10),
        "submit_decision_basis": basis_sent,
        "recommend": _at(meeting, 14),
        "open_reporting": decided_at + dt.timedelta(days=1),
        "approve_report": report_sent + dt.timedelta(days=30),
    }
    by = {
        "start_decision_basis": writer,
        "submit_decision_basis": writer,
        "recommend": secretariat,
        "open_reporting": deciding,
        "approve_report": deciding,
    }
    cases = dict(Case.objects.filter(scheme_year=scheme_year).values_list("network_id", "pk"))
    StateLog.objects.bulk_create(
        [
            StateLog(
                timestamp=when[name],
                by=by[name],
                source_state=source,
                state=target,
                transition=name,
                content_type=case_type,
                object_id=cases[n.pk],
            )
            for n in networks
            for name, source, target in PATH[: stage[n.pk]]
        ],
        batch_size=BATCH,
    )
