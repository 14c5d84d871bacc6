"""403, 404 and 500 with DEBUG off (as in production): the project's pages, in Norwegian, with
the layout (403, 404) or a standalone page (500), and always a way back to the front page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.urls("tests.error_urls")


@pytest.fixture(autouse=True)
def debug_off(settings):
    settings.DEBUG = False


def test_404_is_the_projects_page_in_the_layout(client, db):
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Fant ikke siden" in body
    assert 'href="/"' in body and "Til forsiden" in body
    assert "Hopp til hovedinnhold" in body  # the base layout
    assert "Using the URLconf" not in body  # not Django's debug page


def test_404_for_another_networks_object_looks_the_same(demo, login):
    response = login("koordinator").get("/saker/999999/")
    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()


def test_403_is_the_projects_page_in_the_layout(client, db):
    response = client.get("/test-forbidden/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Ingen tilgang" in body and "Til forsiden" in body
    assert "Hopp til hovedinnhold" in body


def test_500_is_a_standalone_norwegian_page_with_a_way_back(db):
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="nb">' in body
    assert "Noe gikk galt" in body and 'href="/"' in body
    assert "boom" not in body and "Traceback" not in body


def test_english_users_get_the_404_in_english(client, db):
    client.cookies["django_language"] = "en"
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_with_debug_on_a_404_still_shows_the_projects_page(client, db, settings):
    settings.DEBUG = True
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Fant ikke siden" in body and "Using the URLconf" not in body


def test_a_developer_can_ask_for_djangos_debug_404(client, db, settings):
    settings.DEBUG = True
    settings.SHOW_DEBUG_404 = True
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()
