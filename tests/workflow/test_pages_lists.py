"""List pages: scoped to what the person may see, filtered by GET forms, paged 25 at a time, and
with a query count that does not grow with the data."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from grants.models import SchemeYear
from networks.models import Owner
from networks.roles import Role
from networks.services import membership_grant, network_upsert, owner_upsert, partnership_set
from tests.factories import user_with_role
from workflow import services
from workflow.models import Case

from .test_pages_support import text
from .test_selectors import walk_to

NEEDS_TIME = dt.datetime(2026, 11, 25, 10, 0)


def _grow(count: int, scheme_year: SchemeYear) -> None:
    """More networks (with a partnership) and their cases, the way the admin adds them."""
    for i in range(count):
        network = network_upsert(name=f"Ekstranettverk {i:02}")
        owner_upsert(number=f"{8000 + i}", name=f"Ekstraeier {i}", kind="privat", network=network)
        partnership_set(network=network, universities=[])
    services.cases_ensure(scheme_year=scheme_year)


def _rows(response) -> list[str]:
    """The networks listed in the table (not the filter's options)."""
    return re.findall(r'<a href="/saker/\d+/">([^<]+)</a>', response.content.decode())


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_case_list_query_count_does_not_grow(login, demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    client = login("statsforvalter")
    urls = [
        reverse("case_list"),
        reverse("case_list") + "?year=2027&state=behovsmelding",
        reverse("recommendation", args=[2027]),
        reverse("year_overview", args=[2027]),
    ]
    before = [_queries(client, url) for url in urls]
    _grow(20, sorvest_case.scheme_year)
    assert Case.objects.count() == 32  # 11 networks, the joint measures and 20 more
    after = [_queries(client, url) for url in urls]
    assert after == before


def test_case_list_pages_25_at_a_time(login, demo, frozen_year):
    _grow(20, frozen_year)
    client = login("forum")
    first = client.get(reverse("case_list"))
    assert len(re.findall(r'href="/saker/\d+/"', first.content.decode())) == 25
    assert "32 saker" in text(first) and "Side 1 av 2" in text(first)
    assert '<a href="?side=2" rel="next">Neste side</a>' in first.content.decode()
    second = client.get(reverse("case_list") + "?side=2")
    assert len(re.findall(r'href="/saker/\d+/"', second.content.decode())) == 7
    filtered = client.get(reverse("case_list") + "?year=2027&state=behovsmelding&side=2")
    assert '<a href="?year=2027&amp;state=behovsmelding&amp;side=1" rel="prev">' in (
        filtered.content.decode()
    )


def test_case_list_filters_by_network_and_state(login, demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "grunnlag-tomt", travel)
    client = login("sekretariat")
    page = client.get(reverse("case_list") + "?state=beslutningsgrunnlag")
    assert "1 sak" in text(page) and _rows(page) == ["Trøndelag sørvest"]
    page = client.get(reverse("case_list") + "?network=fosen")
    assert "1 sak" in text(page) and _rows(page) == ["Fosen"]
    # A value that is not a choice is ignored rather than an error.
    assert "12 saker" in text(client.get(reverse("case_list") + "?state=tull&year=abc"))


def test_case_list_shows_only_the_persons_networks(login, demo, frozen_year):
    assert "1 sak" in text(login("koordinator").get(reverse("case_list")))
    assert "7 saker" in text(login("uh").get(reverse("case_list")))  # the joint measures too
    assert "1 sak" in text(login("eier").get(reverse("case_list")))
    assert "12 saker" in text(login("admin").get(reverse("case_list")))


def test_needs_report_list_query_count_does_not_grow(login, demo, frozen_year, travel):
    travel(NEEDS_TIME)
    writer = user_with_role(Role.OWNER_CONTACT, owner=Owner.objects.get(number="5059"))
    owners = list(Owner.objects.exclude(number="5059")[:30])

    def send(owner):
        membership_grant(user=writer, role=Role.OWNER_CONTACT, owner=owner)
        report = services.needs_report_save(
            actor=writer,
            scheme_year=frozen_year,
            owner=owner,
            themes="Behov",
            target_groups=["skole"],
            involvement="Personalmøter",
        )
        services.needs_report_submit(actor=writer, report=report)

    send(Owner.objects.get(number="5059"))
    client = login("sekretariat")
    url = reverse("needs_report_list")
    filtered = url + "?year=2027&status=sendt"
    before = (_queries(client, url), _queries(client, filtered))
    for owner in owners:
        send(owner)
    after = (_queries(client, url), _queries(client, filtered))
    assert after == before
    page = text(client.get(url))
    assert "31 behovsmeldinger" in page and "Side 1 av 2" in page
    # The partnership sees its own network's reports only.
    mine = text(login("koordinator").get(url))
    sorvest = Owner.objects.filter(network__name="Trøndelag sørvest").count()
    assert f"{sorvest} behovsmeldinger" in mine


def test_owner_contact_sees_a_row_per_year_with_what_to_do(login, demo, frozen_year, travel):
    travel(NEEDS_TIME)
    page = text(login("eier").get(reverse("needs_report_list")))
    assert "2027 Orkland 1. desember 2026 Ikke påbegynt Skriv behovsmelding for 2027" in page
    assert "Behovsmeldinger fra eierne" not in page
