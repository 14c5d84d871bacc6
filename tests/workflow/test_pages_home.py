"""The start page: what needs the signed-in person now, with deadlines; what comes next."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse

from grants.models import Decision

from .test_pages_support import assert_headings_in_order, text
from .test_selectors import walk_to


def _task_rows(response) -> list[str]:
    html = response.content.decode()
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r'<tr class="task[^"]*">(.*?)</tr>', html, re.S)
    ]


def test_owner_contact_sees_the_needs_report_with_days_left(login, frozen_year, travel):
    travel(dt.datetime(2026, 11, 25, 10, 0))
    response = login("eier").get(reverse("home"))
    assert_headings_in_order(response)
    assert _task_rows(response) == [
        "Send behovsmelding for 2027 Orkland 1. desember 2026 6 dager igjen"
    ]
    assert "Fristen er passert" not in text(response)
    assert "1. desember 2026: Anbefalt frist for behovsmelding fra eierne (2027)" in text(response)
    # Organisations and roles are still on the start page.
    assert "Orkland Eierkontakt" in text(response)


def test_an_overdue_task_says_so_in_words_not_only_in_red(login, frozen_year, travel):
    travel(dt.datetime(2026, 12, 5, 10, 0))
    response = login("eier").get(reverse("home"))
    [row] = _task_rows(response)
    assert row.endswith("Fristen er passert (for 4 dager siden)")
    assert '<span class="overdue">Fristen er passert</span>' in response.content.decode()


def test_deadline_today_and_one_day_left(login, frozen_year, travel):
    travel(dt.datetime(2026, 12, 1, 10, 0))
    assert _task_rows(login("eier").get(reverse("home")))[0].endswith("Fristen er i dag")
    travel(dt.datetime(2026, 11, 30, 10, 0))
    assert _task_rows(login("eier").get(reverse("home")))[0].endswith("1 dag igjen")


def test_the_task_links_to_the_place_to_do_it(login, demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    response = login("statsforvalter").get(reverse("home"))
    draft = Decision.objects.get(network=sorvest_case.network)
    assert f'<a href="/vedtak/{draft.pk}/">Fatt vedtak for 2027</a>' in response.content.decode()
    assert _task_rows(response) == [
        "Fatt vedtak for 2027 Trøndelag sørvest 15. mars 2027 14 dager igjen"
    ]


def test_empty_start_page_says_what_will_come_and_when(login, demo, frozen_year, travel):
    travel(dt.datetime(2026, 11, 25, 10, 0))
    page = text(login("admin").get(reverse("home")))
    assert "Du har ingen oppgaver akkurat nå." in page
    assert "Som systemadministrator har du ingen steg i saksgangen." in page
    page = text(login("statsforvalter").get(reverse("home")))
    assert "Statsforvalteren får oppgaver når innstillingen kommer (vedtak innen 15. mars)" in page
    assert "15. mars 2027: Frist for vedtak fra Statsforvalteren (2027)" in page
    travel(dt.datetime(2027, 7, 1, 10, 0))
    page = text(login("eier").get(reverse("home")))
    assert "Som eierkontakt sender du behovsmelding" in page
    assert "Ingen flere frister for deg i tilskuddsårene som er åpne." in page


def test_the_menu_leads_to_the_roles_pages(login, frozen_year):
    html = login("sekretariat").get(reverse("home")).content.decode()
    for href in ("/saker/", "/behovsmeldinger/", "/innstilling/2027/", "/aar/2027/"):
        assert f'href="{href}"' in html, href
    html = login("eier").get(reverse("home")).content.decode()
    assert 'href="/innstilling/2027/"' not in html and 'href="/aar/2027/"' not in html
