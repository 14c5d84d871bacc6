"""The demo year taken through the services up to the vedtak (and some reports), as the demo users
do it, for the reporting tests. Letters are made by the real signal → task path (eager Celery)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from grants.models import Decision, DecisionBasis, Letter, SchemeYear
from networks.models import Network, Owner, University, User
from networks.roles import Role
from tests.factories import user_with_role
from tests.workflow.helpers import prepare_and_approve
from tests.world import demo_users, layer, load, world_layer
from workflow import rules, services
from workflow.models import Case

NEEDS_TIME = dt.datetime(2026, 11, 25, 10, 0)
BASIS_TIME = dt.datetime(2027, 1, 20, 10, 0)
FORUM_MEETING = dt.datetime(2027, 2, 20, 10, 0)
DECISION_TIME = dt.datetime(2027, 3, 1, 10, 0)
REPORT_TIME = dt.datetime(2027, 6, 1, 10, 0)
LATE_REPORT_TIME = dt.datetime(2027, 7, 5, 10, 0)
AUTUMN = dt.datetime(2027, 9, 1, 10, 0)

SORVEST = "Trøndelag sørvest"
#: Trøndelag sørvest gets less than recommended, with a reason, so its letter shows a departure.
SORVEST_CUT = 50_000
DEPARTURE_REASON = "Ett av tiltakene er allerede finansiert gjennom Dekom."

CRITERIA = {
    **{name: True for name, _label in DecisionBasis.CRITERIA},
    **{
        f"{name}_text": "Begrunnet i behovsmeldingene og planlagt med UH."
        for name, _label in DecisionBasis.CRITERIA
    },
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored letters go to a fresh folder per test."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@layer("reporting.users", parent="demo")
def build_users(building):
    nord = University.objects.get(short_name="Nord")
    return {"nord": user_with_role(Role.UH_CONTACT, university=nord).pk}


def world_users(world) -> dict:
    """The demo users and the Nord UH contact of ``world`` (fresh objects)."""
    return {**demo_users(), "nord": User.objects.get(pk=world.data["nord"])}


@pytest.fixture
@world_layer("reporting.users")
def users(demo, request):
    """The demo users, plus a UH contact at Nord so that every partnership has a writer."""
    return world_users(load(request, "reporting.users"))


@layer("reporting.frozen_year", parent="reporting.users")
def build_frozen_year(building):
    from allocation.services import allocation_run_create, allocation_run_freeze

    users = world_users(building)
    scheme_year = SchemeYear.objects.get(year=2027)
    run = allocation_run_create(actor=users["sekretariat"], scheme_year=scheme_year)
    allocation_run_freeze(actor=users["sekretariat"], run=run)


@pytest.fixture
@world_layer("reporting.frozen_year")
def frozen_year(users, request):
    load(request, "reporting.frozen_year")
    return SchemeYear.objects.get(year=2027)


def cases(scheme_year) -> list[Case]:
    return list(
        Case.objects.filter(scheme_year=scheme_year)
        .select_related("network", "scheme_year", "decision_basis")
        .order_by("network__name")
    )


def case_of(scheme_year, name: str) -> Case:
    return Case.objects.select_related("network", "scheme_year", "decision_basis").get(
        scheme_year=scheme_year, network=Network.objects.get(name=name)
    )


def writer(users, case: Case):
    if case.network.name == SORVEST:
        return users["koordinator"]
    partners = {u.short_name for u in case.network.partnership.universities.all()}
    return users["uh"] if "NTNU" in partners else users["nord"]


def submit_basis(users, case: Case) -> None:
    actor = writer(users, case)
    services.decision_basis_start(actor=actor, case=case)
    services.decision_basis_update(
        actor=actor, case=case, summary="Felles løft for inkluderende praksis.", **CRITERIA
    )
    measure = services.measure_save(
        actor=actor,
        case=case,
        title="Inkluderende læringsmiljø",
        description="Samlinger og veiledning i egen praksis.",
        target_groups=["barnehage", "skole", "ppt"],
        period_start=dt.date(2027, 3, 15),
        period_end=dt.date(2027, 6, 15),
        expected_participants=120,
    )
    frame = rules.case_frame(case)
    uh_part = frame * 6 // 10
    for kind, text, amount in (
        ("uh", "UH-bidrag", uh_part),
        ("nettverk", "Frikjøp og samlinger", frame - uh_part),
    ):
        services.budget_line_save(
            actor=actor, case=case, measure=measure, kind=kind, description=text, amount=amount
        )
    services.decision_basis_submit(actor=actor, case=case)


def recommend_all(users, scheme_year) -> None:
    for case in cases(scheme_year):
        frame = rules.case_frame(case)
        services.recommendation_line_set(
            actor=users["forum"], case=case, amount=frame, uh_amount=frame * 6 // 10
        )
    services.recommendation_update(
        actor=users["sekretariat"],
        scheme_year=scheme_year,
        meeting_date=dt.date(2027, 2, 20),
        consensus_note="Enstemmig innstilling.",
        joint_measures="Inkluderingsanalysen",
        joint_amount=1_800_000,
    )
    services.recommendation_submit(actor=users["sekretariat"], scheme_year=scheme_year)


def decide(users, case: Case, capture) -> Decision:
    """Make the vedtak and run what is queued after commit (the letters)."""
    draft = Decision.objects.get(
        scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
    )
    changes = {}
    if case.network.name == SORVEST:
        changes = {
            "amount": draft.amount - SORVEST_CUT,
            "uh_amount": draft.uh_amount - SORVEST_CUT,
            "departure_reason": DEPARTURE_REASON,
        }
    services.decision_update(
        actor=users["statsforvalter"],
        decision=draft,
        reasons="Tiltakene oppfyller de fire kriteriene.",
        **changes,
    )
    with capture(execute=True):
        prepare_and_approve(users, draft)
    draft.refresh_from_db()
    return draft


@layer("reporting.recommended_year", parent="reporting.frozen_year")
def build_recommended_year(building):
    users = world_users(building)
    frozen_year = SchemeYear.objects.get(year=2027)
    travel = building.travel
    travel(NEEDS_TIME)
    owner = Owner.objects.get(number="5059")
    needs = services.needs_report_save(
        actor=users["eier"],
        scheme_year=frozen_year,
        owner=owner,
        themes="Inkluderende praksis i overgangen barnehage–skole",
        target_groups=["barnehage", "skole"],
        involvement="Drøftet i personalmøter og med tillitsvalgte.",
    )
    services.needs_report_submit(actor=users["eier"], report=needs)
    travel(BASIS_TIME)
    for case in cases(frozen_year):
        submit_basis(users, case)
    travel(FORUM_MEETING)
    recommend_all(users, frozen_year)


@pytest.fixture
@world_layer("reporting.recommended_year")
def recommended_year(users, frozen_year, travel, request):
    """Orkland's needs report sent on time; every network's decision basis submitted and
    recommended: the cases wait for vedtak (20 February 2027)."""
    travel(load(request, "reporting.recommended_year").clock)
    return frozen_year


def decide_all(users, scheme_year, capture, *, except_for=()) -> list[Decision]:
    return [
        decide(users, case, capture)
        for case in cases(scheme_year)
        if case.network.name not in except_for
    ]


@layer("reporting.decided_year", parent="reporting.recommended_year")
def build_decided_year(building):
    building.travel(DECISION_TIME)
    decide_all(world_users(building), SchemeYear.objects.get(year=2027), building.capture)


@pytest.fixture
@world_layer("reporting.decided_year")
def decided_year(users, recommended_year, travel, request):
    """Every network has its vedtak (made 1 March 2027) and its letters."""
    travel(load(request, "reporting.decided_year").clock)
    return recommended_year


def fill_and_submit_report(users, case: Case, *, unused: int) -> None:
    """Report the money used: the amount granted minus ``unused``."""
    actor = writer(users, case)
    report = case.report
    costs = list(report.costs.select_related("budget_line"))
    granted = rules.decision_in_force(case).amount
    used = {c.pk: c.budget_line.amount for c in costs}
    # Spend the granted amount minus ``unused`` (the budget may be larger than the grant).
    used[costs[0].pk] -= sum(used.values()) - granted + unused
    services.report_update(
        actor=actor,
        case=case,
        assessment="Godt gjennomført.",
        measures={
            m.pk: {"what_was_done": "Fire samlinger.", "participants_reached": 110}
            for m in report.measures.all()
        },
        costs=used,
    )
    services.report_submit(actor=actor, case=case)


@layer("reporting.reported_year", parent="reporting.decided_year")
def build_reported_year(building):
    users = world_users(building)
    decided_year = SchemeYear.objects.get(year=2027)
    travel = building.travel
    for case in cases(decided_year):
        services.reporting_open(actor=users["statsforvalter"], case=case)
    travel(REPORT_TIME)
    sorvest = case_of(decided_year, SORVEST)
    fill_and_submit_report(users, sorvest, unused=25_000)
    services.report_approve(actor=users["statsforvalter"], case=sorvest)
    travel(LATE_REPORT_TIME)
    fill_and_submit_report(users, case_of(decided_year, "Fosen"), unused=0)
    travel(AUTUMN)


@pytest.fixture
@world_layer("reporting.reported_year")
def reported_year(users, decided_year, travel, request):
    """Reporting opened for all; Trøndelag sørvest reports on time with 25 000 kr unused and is
    approved, Fosen reports late with nothing unused; the rest have not reported (September)."""
    travel(load(request, "reporting.reported_year").clock)
    return decided_year


# --- reading PDFs ---------------------------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    """The whole text as a reader sees it: non-breaking spaces and line breaks are spaces."""
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() or "" for page in reader.pages)
    return " ".join(text.replace("\xa0", " ").split())


def nb_kroner(amount: int) -> str:
    """Written out here rather than imported, so the tests check the formatting."""
    sign = "\u2212" if amount < 0 else ""
    return f"{sign}{abs(amount):,} kr".replace(",", " ")


def host_letter(decision: Decision) -> Letter:
    """The vedtak's letter to the network's host owner (on behalf of the network)."""
    return Letter.objects.get(decision=decision, kind=Letter.Kind.DECISION, owner__isnull=False)


def uh_letters(decision: Decision) -> list[Letter]:
    """The vedtak's letters to the UH institutions of the partnership, one each."""
    return list(
        Letter.objects.filter(
            decision=decision, kind=Letter.Kind.DECISION, university__isnull=False
        ).select_related("university")
    )


def letters_made(decision: Decision) -> bool:
    return Letter.objects.filter(decision=decision, kind=Letter.Kind.DECISION).exists()


def stored(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()
