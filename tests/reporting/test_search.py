"""Search over the cases and documents a user may see, with filters and highlighted matches
(PostgreSQL full-text search in Norwegian; a simple substring fallback on SQLite)."""

from __future__ import annotations

import pytest
from django.db import connection

from reporting.records import search
from tests.reporting.conftest import SORVEST


def test_statsforvalter_finds_documents_of_every_network_with_the_match_marked(users, decided_year):
    hits = search(viewer=users["statsforvalter"], query="inkluderende")
    kinds = {hit.kind for hit in hits}
    assert {"behovsmelding", "beslutningsgrunnlag"} <= kinds
    assert len({hit.network for hit in hits if hit.kind == "beslutningsgrunnlag"}) == 12
    assert all("<mark>" in hit.snippet for hit in hits)


def test_a_network_coordinator_finds_only_the_own_networks_documents(users, decided_year):
    hits = search(viewer=users["koordinator"], query="inkluderende")
    assert hits
    assert {hit.network for hit in hits} == {SORVEST}


def test_filters_narrow_by_kind_and_year(users, decided_year):
    hits = search(viewer=users["statsforvalter"], query="inkluderende", kind="behovsmelding")
    assert [hit.kind for hit in hits] == ["behovsmelding"]
    assert search(viewer=users["statsforvalter"], query="inkluderende", year=2026) == []


def test_the_search_page_shows_hits_with_marks_and_escapes_the_text(login, decided_year):
    page = login("statsforvalter").get("/sok/", {"q": "overgangen"}).content.decode()
    assert "<mark>overgangen</mark>" in page or "<mark>Overgangen</mark>" in page
    assert "Behovsmelding fra Orkland" in page
    page = login("statsforvalter").get("/sok/", {"q": "<script>"}).content.decode()
    assert "<script>alert" not in page


def test_the_search_page_needs_login(client, db):
    assert client.get("/sok/", {"q": "x"}).status_code == 302


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Norwegian stemming is PostgreSQL's")
def test_norwegian_stemming_finds_other_forms_of_a_word(users, decided_year):
    # The needs report says «overgangen»; «overganger» has the same stem.
    hits = search(viewer=users["statsforvalter"], query="overganger")
    assert [hit.kind for hit in hits] == ["behovsmelding"]
    assert "<mark>" in hits[0].snippet


def test_a_decision_basis_found_opens_the_case_documents_where_it_is_shown(
    login, users, decided_year
):
    hit = next(
        hit
        for hit in search(viewer=users["koordinator"], query="inkluderende")
        if hit.kind == "beslutningsgrunnlag"
    )
    from grants.models import DecisionBasis

    summary = DecisionBasis.objects.get(network__name=SORVEST, scheme_year__year=2027).summary
    assert hit.url.endswith("/dokumenter/")
    browser = login("koordinator")
    assert summary in browser.get(hit.url).content.decode()
    assert summary not in browser.get(hit.url.removesuffix("dokumenter/")).content.decode()
