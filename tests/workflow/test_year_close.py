"""Closing the year: the checklist says what is still missing, Statsforvalteren closes the year
once nothing is, and a closed year is read-only through every path (services, forms, admin)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from config.errors import DomainError
from grants.messages import YEAR_CLOSED
from grants.models import LegalText, NeedsReport, SchemeYear
from networks.models import Event, Network, Owner
from tests.world import demo_users, layer, load, world_layer
from workflow import demo as demo_walk
from workflow import services
from workflow.models import Case
from workflow.selectors import closing
from workflow.selectors.closing import Missing, YearCheck, year_checklist, year_missing

from .test_pages_support import text

CLOSED = str(YEAR_CLOSED % {"year": 2027})


@layer("close.reported_year", parent="workflow.frozen_year")
def build_reported_year(building):
    """Every network of the demo year has sent its report; none is approved yet."""
    demo_walk.walk(
        scheme_year=SchemeYear.objects.get(year=2027), stage="rapportering", users=demo_users()
    )


@pytest.fixture
@world_layer("close.reported_year")
def reported_year(frozen_year, request):
    load(request, "close.reported_year")
    return SchemeYear.objects.get(year=2027)


def approve_all(scheme_year: SchemeYear) -> None:
    statsforvalter = demo_users()["statsforvalter"]
    for case in Case.objects.filter(scheme_year=scheme_year, state=Case.State.RAPPORTERING):
        # the demo's interim network: its interim report, then its final report
        demo_walk.approve_report(case, actor=statsforvalter)


@layer("close.closed_year", parent="close.reported_year")
def build_closed_year(building):
    scheme_year = SchemeYear.objects.get(year=2027)
    approve_all(scheme_year)
    services.scheme_year_close(actor=demo_users()["statsforvalter"], scheme_year=scheme_year)


@pytest.fixture
@world_layer("close.closed_year")
def closed_year(reported_year, request):
    load(request, "close.closed_year")
    return SchemeYear.objects.get(year=2027)


# --- The checklist and closing ------------------------------------------------------------------


def test_the_checklist_names_each_open_case_with_a_link(reported_year):
    rows = {row.check.name: row for row in year_checklist(reported_year)}
    reporting = Case.objects.filter(scheme_year=reported_year, state=Case.State.RAPPORTERING)
    assert reporting.count() >= 10  # every network but the refused one reports
    assert len(rows["outcomes"].missing) == reporting.count()
    assert len(rows["reports"].missing) == reporting.count()
    assert rows["appeals"].done and rows["corrections"].done
    fosen = Case.objects.get(scheme_year=reported_year, network__name="Fosen")
    assert (
        Missing(
            "Fosen: saken er i steget «Rapportering» og har ikke fått et utfall.",
            reverse("case_detail", args=[fosen.pk]),
        )
        in rows["outcomes"].missing
    )


def test_closing_with_open_items_shows_the_checklist_and_changes_nothing(login, reported_year):
    url = reverse("scheme_year_close", args=[2027])
    response = login("statsforvalter").post(url)
    assert response.status_code == 200
    page = text(response)
    reporting = Case.objects.filter(scheme_year=reported_year, state=Case.State.RAPPORTERING)
    missing = 2 * reporting.count()  # no outcome, no approved report
    assert f"Året kan ikke avsluttes ennå: {missing} punkter på sjekklisten mangler." in page
    assert "Fosen: rapporten er ikke godkjent (Sendt)." in page
    assert 'href="/saker/' in response.content.decode()
    reported_year.refresh_from_db()
    assert not reported_year.is_closed
    assert not Event.objects.filter(kind="scheme_year_closed").exists()


def test_statsforvalteren_closes_the_year_once_every_report_is_approved(login, reported_year):
    approve_all(reported_year)
    assert year_missing(reported_year) == []
    client = login("statsforvalter")
    page = text(client.get(reverse("scheme_year_close", args=[2027])))
    assert "Ferdig: Alle saker har fått et utfall" in page and "Avslutt året" in page
    response = client.post(reverse("scheme_year_close", args=[2027]))
    assert response.status_code == 302
    reported_year.refresh_from_db()
    assert reported_year.is_closed and reported_year.closed_by.username == "statsforvalter"
    event = Event.objects.get(kind="scheme_year_closed")
    assert event.message == "Tilskuddsåret 2027 ble avsluttet." and event.year == 2027


def test_statsforvalteren_is_asked_to_close_the_year_once_every_case_has_its_outcome(
    login, reported_year
):
    task = "Avslutt tilskuddsåret 2027"
    assert task not in text(login("statsforvalter").get(reverse("home")))
    approve_all(reported_year)
    home = login("statsforvalter").get(reverse("home"))
    assert task in text(home)
    assert reverse("scheme_year_close", args=[2027]) in home.content.decode()
    services.scheme_year_close(actor=demo_users()["statsforvalter"], scheme_year=reported_year)
    assert task not in text(login("statsforvalter").get(reverse("home")))


def test_only_statsforvalteren_closes_and_the_regional_bodies_read_the_checklist(
    client, demo, reported_year
):
    approve_all(reported_year)
    url = reverse("scheme_year_close", args=[2027])
    for username in ("sekretariat", "forum", "statsforvalter", "admin"):
        client.force_login(demo[username])
        assert client.get(url).status_code == 200, username
    for username in ("eier", "koordinator", "uh"):
        client.force_login(demo[username])
        assert client.get(url).status_code == 403, username
    client.force_login(demo["sekretariat"])
    assert client.post(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.scheme_year_close(actor=demo["sekretariat"], scheme_year=reported_year)
    reported_year.refresh_from_db()
    assert not reported_year.is_closed


def test_a_part_adds_its_own_row_to_the_checklist(monkeypatch, login, reported_year):
    approve_all(reported_year)
    monkeypatch.setattr(closing, "YEAR_CHECKS", list(closing.YEAR_CHECKS))
    before = len(closing.YEAR_CHECKS)
    closing.year_check(YearCheck("archive", "Alt er arkivert", lambda year: [Missing("Fosen: 1")]))
    closing.year_check(YearCheck("archive", "Twice", lambda year: []))  # once per name
    assert [row.check.name for row in year_checklist(reported_year)][-1] == "archive"
    assert len(year_checklist(reported_year)) == before + 1
    with pytest.raises(DomainError, match="1 punkt på sjekklisten mangler"):
        services.scheme_year_close(actor=demo_users()["statsforvalter"], scheme_year=reported_year)
    page = text(login("statsforvalter").get(reverse("scheme_year_close", args=[2027])))
    assert "Mangler: Alt er arkivert Fosen: 1" in page


# --- A closed year is read-only -----------------------------------------------------------------


def test_a_closed_year_cannot_be_closed_again(closed_year):
    with pytest.raises(DomainError, match="er avsluttet"):
        services.scheme_year_close(actor=demo_users()["statsforvalter"], scheme_year=closed_year)


def _writes(users, year: SchemeYear):
    case = Case.objects.select_related("scheme_year", "network", "decision_basis").get(
        scheme_year=year, network__name="Trøndelag sørvest"
    )
    owner = Owner.objects.get(number="5059")
    return {
        "year settings": lambda: services_year_update(users, year),
        "local deadline": lambda: services.local_deadline_set(
            actor=users["koordinator"],
            scheme_year=year,
            network=case.network,
            deadline=dt.date(2026, 12, 10),
        ),
        "needs report": lambda: services.needs_report_save(
            actor=users["eier"], scheme_year=year, owner=owner, themes="Nytt tema"
        ),
        "innstilling": lambda: services.recommendation_update(
            actor=users["sekretariat"],
            scheme_year=year,
            meeting_date=dt.date(2027, 2, 20),
            consensus_note="Endret etterpå.",
            joint_measures="",
            joint_amount=0,
        ),
        "conflict": lambda: services.conflict_declare(
            actor=users["forum"], scheme_year=year, network=case.network, reason="Inhabil."
        ),
        "basis": lambda: services.decision_basis_update(
            actor=users["koordinator"], case=case, summary="Endret etterpå."
        ),
        "report": lambda: services.report_update(
            actor=users["koordinator"], case=case, assessment="Endret etterpå."
        ),
        "appeal": lambda: services.appeal_lodge(
            actor=users["koordinator"], case=case, text="Vi klager."
        ),
    }


def services_year_update(users, year: SchemeYear):
    from grants.services import scheme_year_update

    return scheme_year_update(
        actor=users["sekretariat"], scheme_year=year, report_deadline=dt.date(2027, 8, 1)
    )


@pytest.mark.parametrize(
    "write",
    [
        "year settings",
        "local deadline",
        "needs report",
        "innstilling",
        "conflict",
        "basis",
        "report",
        "appeal",
    ],
)
def test_no_service_writes_to_a_closed_year(closed_year, write):
    users = demo_users()
    needs_before = list(NeedsReport.objects.values_list("pk", "themes"))
    with pytest.raises(DomainError) as refused:
        _writes(users, closed_year)[write]()
    assert refused.value.code == "year_closed" and refused.value.message == CLOSED
    closed_year.refresh_from_db()
    assert closed_year.report_deadline == dt.date(2027, 6, 30)
    assert list(NeedsReport.objects.values_list("pk", "themes")) == needs_before


def test_the_allocation_of_a_closed_year_cannot_be_replaced(closed_year):
    from allocation.models import AllocationRun, RunStatus
    from allocation.services import allocation_run_supersede

    run = AllocationRun.objects.get(scheme_year=closed_year, status=RunStatus.FROZEN)
    with pytest.raises(DomainError, match="er avsluttet"):
        allocation_run_supersede(actor=demo_users()["sekretariat"], run=run, reason="Nye tall.")


def test_forms_of_a_closed_year_refuse_a_post_with_a_message(login, closed_year):
    response = login("sekretariat").post(
        reverse("scheme_year_edit", args=[2027]),
        {
            "total_amount": "12 000 000",
            "joint_percent": "15",
            "joint_amount": "",
            "base_grant": "300 000",
            "pupil_weight": "1",
            "child_weight": "1",
            "needs_deadline": "01.12.2026",
            "decision_basis_deadline": "01.02.2027",
            "decision_deadline": "15.03.2027",
            "report_deadline": "01.08.2027",
        },
    )
    assert response.status_code == 200 and CLOSED in text(response)
    closed_year.refresh_from_db()
    assert closed_year.report_deadline == dt.date(2027, 6, 30)
    response = login("forum").post(
        reverse("recommendation", args=[2027]),
        {
            "meeting_date": "20.11.2026",
            "consensus_note": "Endret etterpå.",
            "joint_measures": "",
            "joint_amount": "0",
            "version": "",
        },
    )
    assert response.status_code == 200 and CLOSED in text(response)


def test_pages_of_a_closed_year_say_so_and_offer_no_edits(login, closed_year):
    case = Case.objects.get(scheme_year=closed_year, network__name="Trøndelag sørvest")
    client = login("statsforvalter")
    notice = "Tilskuddsåret 2027 er avsluttet. Alt i året kan leses, men ikke endres."
    case_page = client.get(reverse("case_detail", args=[case.pk]))
    assert notice in text(case_page)
    assert "data-action=" not in case_page.content.decode()
    overview = client.get(reverse("year_overview", args=[2027]))
    assert notice in text(overview)
    assert reverse("scheme_year_edit", args=[2027]) not in overview.content.decode()
    checklist = text(client.get(reverse("scheme_year_close", args=[2027])))
    assert "Året ble avsluttet" in checklist and "Avslutt året" not in checklist


def test_the_admin_shows_a_closed_years_objects_read_only(client, closed_year):
    client.force_login(demo_users()["admin"])
    text_row = LegalText.objects.filter(scheme_year=closed_year).first()
    url = reverse("admin:grants_legaltext_change", args=[text_row.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="text"' not in page.content.decode()
    response = client.post(url, {"title": "Endret", "text": "Endret etterpå.", "text_nn": ""})
    assert response.status_code == 403
    text_row.refresh_from_db()
    assert text_row.text != "Endret etterpå."
    case = Case.objects.filter(scheme_year=closed_year).first()
    assert client.post(reverse("admin:workflow_case_change", args=[case.pk]), {}).status_code == 403
    # the templates for new years stay editable
    template = LegalText.objects.filter(scheme_year=None).first()
    change = client.get(reverse("admin:grants_legaltext_change", args=[template.pk]))
    assert 'name="text"' in change.content.decode()


def test_an_open_year_is_untouched_by_the_guard(closed_year):
    """The next year is its own: opening it while 2027 is closed works as before."""
    services.scheme_year_open(
        actor=demo_users()["statsforvalter"],
        year=2028,
        total_amount=12_000_000,
        joint_percent=Decimal(15),
        base_grant=300_000,
    )
    assert (
        Case.objects.filter(scheme_year__year=2028).count()
        == Network.objects.filter(is_active=True).count()
    )
