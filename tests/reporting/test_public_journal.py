"""The public journal, as an anonymous visitor sees it at /offentlig-journal/: the year's entries,
restricted titles screened (and not findable by searching), a request for access by e-mail."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import JournalEntry
from grants.records.services import journal_correct
from tests.reporting.conftest import SORVEST, case_of
from workflow import services

URL = "/offentlig-journal/"
RANGE = {"fra": "2026-11-01", "til": "2027-12-31"}
SECRET = "Klage på vedtak om tilskudd 2027 – Trøndelag sørvest"


@pytest.fixture
def restricted_appeal(users, decided_year):
    case = case_of(decided_year, SORVEST)
    services.appeal_lodge(actor=users["koordinator"], case=case, text="Vi klager.")
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.APPEAL)
    journal_correct(
        actor=users["statsforvalter"],
        entry=entry,
        reason="Klagen gjelder en navngitt ansatt.",
        restriction_basis="Offl. § 13 jf. fvl. § 13",
    )
    return entry


def test_an_anonymous_visitor_sees_the_entries_of_the_period(client, decided_year):
    response = client.get(URL, RANGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Behovsmelding 2027 fra Orkland" in page
    assert "Vedtak om tilskudd 2027 – Fosen" in page
    assert "Inngående" in page and "Utgående" in page
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    assert entry.document_reference in page
    assert "mailto:postmottak@statsforvalteren.example?subject=Innsynskrav" in page


def test_a_restricted_title_is_screened_and_its_legal_basis_shown(client, restricted_appeal):
    page = client.get(URL, RANGE).content.decode()
    assert SECRET not in page
    assert "Klage ****" in page
    assert "Offl. § 13 jf. fvl. § 13" in page


def test_searching_for_words_of_a_restricted_title_does_not_reveal_it(client, restricted_appeal):
    # "tilskudd" is only in the restricted title, not in the screened one.
    page = client.get(URL, {**RANGE, "q": "klage tilskudd"}).content.decode()
    assert "Ingen journalposter i perioden." in page
    page = client.get(URL, {**RANGE, "q": "klage"}).content.decode()
    assert "Klage ****" in page


def test_a_private_persons_name_is_not_shown(client, users, decided_year):
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    journal_correct(
        actor=users["statsforvalter"],
        entry=entry,
        reason="Sendt av en privatperson.",
        correspondent="Ola Nordmann",
        correspondent_is_person=True,
    )
    page = client.get(URL, RANGE).content.decode()
    assert "Ola Nordmann" not in page
    found = client.get(URL, {**RANGE, "q": "Nordmann"}).content.decode()
    assert "Ingen journalposter i perioden." in found


def test_the_date_range_limits_the_entries(client, decided_year):
    page = client.get(URL, {"fra": "2026-11-01", "til": "2026-12-31"}).content.decode()
    assert "Behovsmelding 2027 fra Orkland" in page
    assert "Vedtak om tilskudd" not in page


def test_the_page_takes_the_same_number_of_queries_however_many_entries(client, decided_year):
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"fra": "2026-11-01", "til": "2026-12-31"})
    with CaptureQueriesContext(connection) as many:
        client.get(URL, RANGE)
    assert len(many) == len(few)


def test_statsforvalter_restricts_an_entry_on_the_correction_page_and_the_change_is_logged(
    client, login, decided_year
):
    from grants.models import JournalCorrection

    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    browser = login("statsforvalter")
    assert f"/journal/{entry.pk}/rett/" in browser.get(URL, RANGE).content.decode()
    url = f"/journal/{entry.pk}/rett/"
    response = browser.post(
        url,
        {
            "title": entry.title,
            "correspondent": entry.correspondent,
            "restriction_basis": "Offl. § 13",
            "public_title": "Behovsmelding 2027 fra ****",
            "reason": "Omtaler enkeltpersoner.",
        },
        follow=True,
    )
    assert f"Journalpost {entry.document_reference} er rettet." in response.content.decode()
    assert set(JournalCorrection.objects.values_list("field", flat=True)) == {
        "restriction_basis",
        "public_title",
    }
    client.logout()
    page = client.get(URL, RANGE).content.decode()
    assert "Behovsmelding 2027 fra ****" in page
    assert "Behovsmelding 2027 fra Orkland" not in page


def test_only_the_archive_keepers_reach_the_correction_page(client, login, decided_year):
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    url = f"/journal/{entry.pk}/rett/"
    assert login("koordinator").get(url).status_code == 403
    assert f"/journal/{entry.pk}/rett/" not in client.get(URL, RANGE).content.decode()
    response = login("statsforvalter").post(url, {"title": "x", "reason": ""})
    assert response.status_code == 200  # the form again, with its error
    assert JournalEntry.objects.get(pk=entry.pk).title != "x"


def test_a_correction_without_a_reason_is_summarised_at_the_top_of_the_form(login, decided_year):
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    response = login("statsforvalter").post(
        f"/journal/{entry.pk}/rett/", {"title": "Ny tittel", "reason": ""}
    )
    page = response.content.decode()
    assert "Noe må rettes før du kan gå videre" in page
    assert 'href="#id_reason"' in page
    assert JournalEntry.objects.get(pk=entry.pk).title != "Ny tittel"
