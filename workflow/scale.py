"""A large, realistic world for load tests and benchmarks, built with bulk inserts.

**Bulk inserts bypass the services on purpose.** Going through the services (one case, one
measure, one transition at a time, with permission checks, audit events and version bumps) takes
minutes for a hundred networks; this builds 1 100 networks × 5 years in well under two minutes by
writing finished rows with ``bulk_create``. The rows are the ones the services would have left:
every case has the documents its state implies (see ``STATE_DOCUMENTS`` below), the transitions
are in django-fsm-log's table, and the money adds up (each decision basis spends exactly its
frozen frame). What it does not write: audit events, emails, reminders already sent, decision
letter PDFs. The demo organisations and users (``networks.demo``) are made first, through the
same code as ``seed_demo``, so every demo login works in the large world too.

The last year is the current one, with the networks spread round-robin over every stage; the
earlier years are closed (every case ``avsluttet``, report approved).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import slugify
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
from grants.selectors import legal_texts
from grants.services import scheme_year_create
from networks.demo import seed_organisations, seed_users
from networks.models import HeadCount, Membership, Network, Owner, Partnership, University, User
from networks.roles import Role

from .models import Case
from .states import CaseState

S = CaseState
BATCH = 2000
OWNERS_PER_NETWORK = 10
BASE_GRANT = 300_000
SOURCE = "Skalatest: genererte tall"

#: The stages in the order a case passes them; the current year cycles through all of them.
STAGES = (
    S.BEHOVSMELDING,
    S.BESLUTNINGSGRUNNLAG,
    S.INNSTILLING,
    S.VEDTAK,
    S.RAPPORTERING,
    S.AVSLUTTET,
)

#: The transitions (name, source, target) that bring a new case to each stage.
PATH = (
    ("start_decision_basis", S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG),
    ("submit_decision_basis", S.BESLUTNINGSGRUNNLAG, S.INNSTILLING),
    ("recommend", S.INNSTILLING, S.VEDTAK),
    ("open_reporting", S.VEDTAK, S.RAPPORTERING),
    ("approve_report", S.RAPPORTERING, S.AVSLUTTET),
)

#: What each stage implies (documentation for readers and the test; the builder follows it).
STATE_DOCUMENTS = {
    S.BEHOVSMELDING: "needs reports (half sent), an empty decision basis",
    S.BESLUTNINGSGRUNNLAG: "sent needs reports, a decision basis being written (measures, budget)",
    S.INNSTILLING: "a submitted decision basis; every other one has a recorded innstilling line",
    S.VEDTAK: "an innstilling line sent; a draft vedtak, every other one decided",
    S.RAPPORTERING: "a decided vedtak and a report (draft or sent)",
    S.AVSLUTTET: "a decided vedtak and an approved report",
}


@dataclass
class ScaleSummary:
    networks: int = 0
    owners: int = 0
    years: list[int] = field(default_factory=list)
    cases_by_state: dict[str, int] = field(default_factory=dict)


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour))


def _stage_index(state: str) -> int:
    return STAGES.index(S(state))


@dataclass
class Organisations:
    networks: list[Network]
    owners_of: dict[int, list[int]]
    users: dict[str, User]


def build_organisations(
    *, networks: int, year: int, contacts_for_all: bool = False
) -> Organisations:
    """The demo organisations and users (as ``seed_demo`` makes them) and bulk-made networks up to
    ``networks`` in all, with ten owners each, an owner contact per new owner and a coordinator per
    new network (per every owner and network with ``contacts_for_all``)."""
    # The demo organisations and users, as seed_demo makes them.
    seed_organisations(year=year)
    users = {u.username: u for u in seed_users()}
    universities = list(University.objects.order_by("pk"))
    existing = Network.objects.count()
    Network.objects.bulk_create(
        [
            Network(name=f"Skalanettverk {i:04d}", slug=slugify(f"skalanettverk-{i:04d}"))
            for i in range(existing, networks)
        ],
        batch_size=BATCH,
    )
    all_networks = list(Network.objects.order_by("pk"))
    new_networks = [n for n in all_networks if n.name.startswith("Skalanettverk ")]
    Owner.objects.bulk_create(
        [
            Owner(
                name=f"Eier {n.pk}-{j}",
                kind=Owner.Kind.MUNICIPALITY if j else Owner.Kind.PRIVATE,
                number=f"7{n.pk:06d}{j:02d}",
                network=n,
            )
            for n in new_networks
            for j in range(OWNERS_PER_NETWORK)
        ],
        batch_size=BATCH,
    )
    Partnership.objects.bulk_create(
        [Partnership(network=n) for n in new_networks], batch_size=BATCH
    )
    through = Partnership.universities.through
    partnerships = dict(
        Partnership.objects.filter(network__in=new_networks).values_list("network_id", "pk")
    )
    through.objects.bulk_create(
        [
            through(partnership_id=partnerships[n.pk], university_id=universities[n.pk % 3].pk)
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    owners = list(Owner.objects.order_by("pk").values_list("pk", "network_id"))
    owners_of: dict[int, list[int]] = {}
    for owner_pk, network_pk in owners:
        owners_of.setdefault(network_pk, []).append(owner_pk)

    # One owner contact per new owner and one coordinator per new network.
    new_owner_pks = [pk for n in new_networks for pk in owners_of[n.pk]]
    if contacts_for_all:
        # Every owner and network gets someone to act for it (the transitions benchmark).
        covered = set(
            Membership.objects.filter(role=Role.OWNER_CONTACT).values_list("owner", flat=True)
        )
        new_owner_pks = [pk for pks in owners_of.values() for pk in pks if pk not in covered]
        coordinated = set(
            Membership.objects.filter(role=Role.NETWORK_COORDINATOR).values_list(
                "network", flat=True
            )
        )
        new_networks = [n for n in all_networks if n.pk not in coordinated]
    User.objects.bulk_create(
        [
            User(username=f"eier-{pk}", email=f"eier-{pk}@skala.example", password="!")
            for pk in new_owner_pks
        ]
        + [
            User(username=f"koord-{n.pk}", email=f"koord-{n.pk}@skala.example", password="!")
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    user_pk = dict(
        User.objects.filter(email__endswith="@skala.example").values_list("username", "pk")
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_pk[f"eier-{pk}"], role=Role.OWNER_CONTACT, owner_id=pk)
            for pk in new_owner_pks
        ]
        + [
            Membership(user_id=user_pk[f"koord-{n.pk}"], role=Role.NETWORK_COORDINATOR, network=n)
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    return Organisations(networks=all_networks, owners_of=owners_of, users=users)


def build_scale_world(
    *,
    networks: int,
    years: int,
    last_year: int,
    progress: Callable[[str], None] = lambda message: None,
) -> ScaleSummary:
    """Build ``networks`` networks (the 11 demo networks among them) over ``years`` years."""
    first_year = last_year - years + 1
    summary = ScaleSummary()
    organisations = build_organisations(networks=networks, year=last_year)
    all_networks, owners_of, users = (
        organisations.networks,
        organisations.owners_of,
        organisations.users,
    )
    deciding = users["statsforvalter"]
    writer = users["koordinator"]
    forum = users["forum"]
    universities = list(University.objects.order_by("pk"))
    summary.networks = len(all_networks)
    summary.owners = sum(len(pks) for pks in owners_of.values())
    progress(f"{summary.networks} nettverk, {summary.owners} eiere, brukere og medlemskap")

    case_type = ContentType.objects.get_for_model(Case)
    for year in range(first_year, last_year + 1):
        current = year == last_year
        states = {
            n.pk: (STAGES[i % len(STAGES)] if current else S.AVSLUTTET)
            for i, n in enumerate(all_networks)
        }
        _build_year(
            year=year,
            networks=all_networks,
            owners_of=owners_of,
            states=states,
            case_type=case_type,
            deciding=deciding,
            writer=writer,
            forum=forum,
            secretariat=users["sekretariat"],
            universities=universities,
        )
        summary.years.append(year)
        progress(f"år {year}")

    for state in STAGES:
        summary.cases_by_state[state] = Case.objects.filter(state=state).count()
    return summary


def _build_year(
    *,
    year: int,
    networks: list[Network],
    owners_of: dict[int, list[int]],
    states: Mapping[int, str],
    case_type: ContentType,
    deciding: User,
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

    texts = legal_texts(scheme_year)

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
                period_end=dt.date(year, 12, 15),
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
                legal_basis=texts.get("hjemmel", ""),
                appeal_right=texts.get("klagerett", ""),
                appeal_body=texts.get("klageinstans", ""),
                appeal_instructions=texts.get("klage-slik", ""),
                conditions=texts.get("vilkar", ""),
                reasons="Tiltakene oppfyller de fire kriteriene.",
                report_deadline=deadlines["report_deadline"],
                decided_at=decided_at if is_decided(n) else None,
                decided_by=deciding if is_decided(n) else None,
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
