"""The case page offers each person exactly the steps the services would accept from them now."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workflow import selectors

from .test_pages_support import assert_headings_in_order, offered_actions, text
from .test_selectors import STAGES, USERS, fresh, walk_to


@pytest.mark.parametrize("stage", STAGES)
def test_case_page_buttons_are_the_available_actions(client, demo, sorvest_case, travel, stage):
    """``available_actions`` is checked against the services in test_selectors; here the page
    must show exactly those, as buttons or links, and nothing else."""
    case = walk_to(demo, sorvest_case, stage, travel)
    url = reverse("case_detail", args=[case.pk])
    for username in USERS:
        client.force_login(demo[username])
        response = client.get(url)
        assert response.status_code == 200
        expected = {a.name for a in selectors.available_actions(demo[username], fresh(case))}
        assert offered_actions(response) == expected, (stage, username)
        assert_headings_in_order(response)
    for name in ("case_documents", "case_history"):  # as the last person above sees them
        response = client.get(reverse(name, args=[case.pk]))
        assert response.status_code == 200
        assert offered_actions(response) == set(), (stage, name)
        assert_headings_in_order(response)


def test_the_case_page_leads_to_its_documents_and_history(login, demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    client = login("koordinator")
    overview = client.get(reverse("case_detail", args=[case.pk])).content.decode()
    assert f'href="{reverse("case_detail", args=[case.pk])}" aria-current="page"' in overview
    for name in ("case_documents", "case_history"):
        url = reverse(name, args=[case.pk])
        assert f'href="{url}"' in overview, name
        page = client.get(url).content.decode()
        assert f'href="{url}" aria-current="page"' in page, name
        assert f'href="{reverse("case_detail", args=[case.pk])}"' in page, name


def test_a_person_with_nothing_to_do_is_told_so(login, demo, sorvest_case, travel):
    # The host owner's contact could withdraw the case now; the administrator has nothing to do.
    walk_to(demo, sorvest_case, "innstilling", travel)
    page = text(login("admin").get(reverse("case_detail", args=[sorvest_case.pk])))
    assert "Du har ingenting å gjøre i denne saken akkurat nå." in page
    assert "Samarbeidsforum behandler beslutningsgrunnlaget og innstiller." in page


def test_the_timeline_shows_every_transition_and_event(login, demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    page = text(login("eier").get(reverse("case_history", args=[sorvest_case.pk])))
    for line in (
        "Arbeidet med beslutningsgrunnlaget ble startet",
        "Beslutningsgrunnlaget ble sendt til samarbeidsforum",
        "Innstillingen ble sendt til Statsforvalteren",
        "Vedtak ble fattet",
        "Innstilt beløp for Trøndelag sørvest",  # an Event, not a transition
    ):
        assert line in page, line
    assert "Kari Koordinator" in page and "Stine Statsforvalter" in page
    assert page.index("Vedtak ble fattet") < page.index("Arbeidet med beslutningsgrunnlaget")
