"""The owner contact writes, saves and sends the needs report in the browser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import NeedsReport
from networks.models import Owner
from workflow import services

from .test_pages_support import (
    error_summary_links,
    field_error,
    has_error_summary,
    last_message,
    text,
)

NEEDS_TIME = dt.datetime(2026, 11, 25, 10, 0)


@pytest.fixture
def orkland(demo):
    return Owner.objects.get(number="5059")


@pytest.fixture
def url(orkland):
    return reverse("needs_report_edit", args=[2027, orkland.pk])


def _post(client, url, **data):
    payload = {
        "target_groups": ["barnehage", "skole"],
        "unit_kinds": ["barnehage"],
        "themes": "Språk og inkludering i overgangen barnehage–skole.",
        "involvement": "Drøftet i personalmøter i alle enheter.",
        "version": "",
        "action": "save",
    }
    payload.update(data)
    return client.post(url, {k: v for k, v in payload.items() if v is not None})


def test_owner_sees_the_form_with_the_deadline(login, frozen_year, travel, url):
    travel(NEEDS_TIME)
    page = text(login("eier").get(url))
    assert "Behovsmelding fra Orkland for 2027" in page
    assert "Frist: 1. desember 2026" in page
    for label in ("Målgrupper", "Tema og behov", "Involvering av ansatte og ledere"):
        assert label in page
    assert "Fristen er passert" not in page


def test_saving_a_draft_keeps_it_from_the_network(login, frozen_year, travel, url, orkland):
    travel(NEEDS_TIME)
    response = _post(login("eier"), url)
    assert response.status_code == 302 and response.url == url
    assert last_message(response) == "Behovsmeldingen er lagret som utkast."
    report = NeedsReport.objects.get(owner=orkland)
    assert report.status == NeedsReport.Status.DRAFT
    assert report.target_groups == ["barnehage", "skole"]
    assert report.themes.startswith("Språk og inkludering")


def test_sending_saves_and_submits(login, frozen_year, travel, url, orkland):
    travel(NEEDS_TIME)
    client = login("eier")
    response = _post(client, url, action="submit")
    assert response.status_code == 302
    assert last_message(response) == "Behovsmeldingen er sendt til Trøndelag sørvest."
    report = NeedsReport.objects.get(owner=orkland)
    assert report.status == NeedsReport.Status.SUBMITTED and not report.is_late
    listing = text(client.get(reverse("needs_report_list")))
    assert "Sendt" in listing and "Rediger behovsmeldingen for 2027" in listing


def test_sending_an_incomplete_report_saves_the_draft_and_says_what_is_missing(
    login, frozen_year, travel, url, orkland
):
    travel(NEEDS_TIME)
    response = _post(login("eier"), url, action="submit", target_groups=None, involvement="")
    assert response.status_code == 200
    assert has_error_summary(response)
    assert "Velg minst én målgruppe." in text(response)
    assert "Utkastet er lagret, men behovsmeldingen er ikke sendt" in text(response)
    report = NeedsReport.objects.get(owner=orkland)
    assert report.status == NeedsReport.Status.DRAFT
    assert report.themes.startswith("Språk")
    # The form continues from the version just saved, so saving again is not refused as stale.
    assert f'name="version" value="{report.version}"' in response.content.decode()


def test_an_invalid_choice_is_shown_at_the_field(login, frozen_year, travel, url, orkland):
    travel(NEEDS_TIME)
    response = _post(login("eier"), url, target_groups=["romvesen"])
    assert response.status_code == 200
    [(href, message)] = error_summary_links(response)
    assert href == "#id_target_groups" and message.startswith("Målgrupper:")
    assert "romvesen" in field_error(response, "id_target_groups")
    assert not NeedsReport.objects.filter(owner=orkland).exists()


def test_a_stale_save_is_refused_and_the_typed_text_is_kept(
    login, demo, frozen_year, travel, url, orkland
):
    travel(NEEDS_TIME)
    report = services.needs_report_save(
        actor=demo["eier"], scheme_year=frozen_year, owner=orkland, themes="Første versjon"
    )
    seen = report.version
    services.needs_report_save(
        actor=demo["eier"], scheme_year=frozen_year, owner=orkland, themes="Kollegaens versjon"
    )
    response = _post(login("eier"), url, version=str(seen), themes="Min nye tekst")
    assert response.status_code == 200
    assert has_error_summary(response)
    assert "Dokumentet ble endret av noen andre" in text(response)
    assert "Min nye tekst" in response.content.decode()
    assert NeedsReport.objects.get(owner=orkland).themes == "Kollegaens versjon"


def test_a_sent_report_is_read_only_after_the_deadline(login, demo, frozen_year, travel, url):
    travel(NEEDS_TIME)
    _post(login("eier"), url, action="submit")
    travel(dt.datetime(2026, 12, 5, 10, 0))
    response = login("eier").get(url)
    page = text(response)
    assert "Den kan ikke endres" in page
    assert 'name="themes"' not in response.content.decode()


def test_late_report_is_marked_and_the_page_warns_first(login, frozen_year, travel, url, orkland):
    travel(dt.datetime(2026, 12, 5, 10, 0))
    client = login("eier")
    assert "Fristen er passert" in text(client.get(url))
    _post(client, url, action="submit")
    assert NeedsReport.objects.get(owner=orkland).is_late


def test_partnership_reads_the_sent_report(login, demo, frozen_year, travel, url, orkland):
    travel(NEEDS_TIME)
    _post(login("eier"), url, action="submit")
    report = NeedsReport.objects.get(owner=orkland)
    page = text(login("koordinator").get(reverse("needs_report_detail", args=[report.pk])))
    assert "Behovsmelding fra Orkland for 2027" in page
    assert "Barnehage, Skole" in page
    listing = text(login("koordinator").get(reverse("needs_report_list")))
    assert "Orkland" in listing and "Trøndelag sørvest" in listing
