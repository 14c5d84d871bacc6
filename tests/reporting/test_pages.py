"""The reporting pages: the year overview for the forum and Statsforvalteren (numbers, charts,
deadlines), the year page with letters and exports, who gets them, and constant query counts."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocation.selectors import frozen_run
from grants.models import Decision
from tests.factories import UserFactory
from workflow import services

from .conftest import DECISION_TIME, SORVEST, cases, decide_all, nb_kroner


def text_of(html: str) -> str:
    """Visible text with tags removed and spaces normalised (non-breaking ones too)."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("\xa0", " ").split())


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


# --- dashboard ------------------------------------------------------------------------------


def test_only_the_forum_and_statsforvalteren_see_the_dashboard(decided_year, client, users):
    url = reverse("reporting:dashboard", args=[2027])
    for username in ("forum", "sekretariat", "statsforvalter", "admin"):
        client.force_login(users[username])
        assert client.get(url).status_code == 200, username
    for username in ("koordinator", "uh", "eier", "nord"):
        client.force_login(users[username])
        assert client.get(url).status_code == 403, username


def test_anonymous_is_sent_to_login_from_the_reporting_pages(decided_year, client):
    for url in (
        reverse("reporting:index"),
        reverse("reporting:year", args=[2027]),
        reverse("reporting:dashboard", args=[2027]),
        reverse("reporting:export", args=[2027, "saker", "csv"]),
        reverse("reporting:allocation_pdf", args=[2027]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "logg-inn" in response.url, url


def test_dashboard_numbers(reported_year, login):
    html = login("forum").get(reverse("reporting:dashboard", args=[2027])).content.decode()
    text = text_of(html)
    run = frozen_run(2027)
    # The joint measures' case has the share set aside as its frame.
    frames = sum(line.frame for line in run.lines.all()) + run.joint_measures
    decided = Decision.objects.filter(status=Decision.Status.DECIDED)
    granted = sum(d.amount for d in decided)
    sorvest = decided.get(network__name=SORVEST)
    fosen = decided.get(network__name="Fosen")
    used = sorvest.amount - 25_000 + fosen.amount

    # Cases per state: all in reporting (the joint measures too), Trøndelag sørvest closed.
    assert "Rapportering 11" in text and "Avsluttet 1" in text and "Vedtak 0" in text
    # Money from frames to use.
    assert f"Fordelt (rammer) {nb_kroner(frames)}" in text
    assert f"Innstilt {nb_kroner(frames)}" in text
    assert f"Innvilget {nb_kroner(granted)}" in text
    assert f"Brukt {nb_kroner(used)}" in text
    assert f"Tilbakebetales {nb_kroner(25_000)}" in text
    assert "satt av til fellestiltak" in text and nb_kroner(run.joint_measures) in text
    # Deadlines: bases and vedtak on time; one report on time, one late, nine missing.
    assert "Beslutningsgrunnlag 1. februar 2027 12 0 0 0" in text
    assert "Vedtak 15. mars 2027 12 0 0 0" in text
    assert "Rapport 30. juni 2027 1 1 10 0" in text
    # Per network: deadlines, and money from frame to what is returned.
    assert "Fosen 0 (0) Innen fristen Innen fristen Etter fristen" in text
    assert f"{SORVEST} 1 (0) Innen fristen Innen fristen Innen fristen" in text
    assert "1 behovsmelding er sendt, 0 etter fristen" in text
    assert (
        "Værnesregionen 0 (0) Innen fristen Innen fristen Ikke levert, fristen er passert" in text
    )
    assert (
        f"Fosen Rapportering {nb_kroner(fosen.frame)} {nb_kroner(fosen.recommended_amount)} "
        f"{nb_kroner(fosen.amount)} {nb_kroner(fosen.amount)} 0 kr" in text
    )
    assert (
        f"{SORVEST} Avsluttet {nb_kroner(sorvest.frame)} {nb_kroner(sorvest.recommended_amount)} "
        f"{nb_kroner(sorvest.amount)} {nb_kroner(sorvest.amount - 25_000)} {nb_kroner(25_000)}"
        in text
    )


def test_dashboard_charts_are_inline_accessible_svg(reported_year, login):
    html = login("statsforvalter").get(reverse("reporting:dashboard", args=[2027])).content
    html = html.decode()
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, flags=re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for ident in ids:
            assert f'id="{ident}"' in svg
        assert "<title" in svg and "<desc" in svg
        assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "Saker per steg i 2027" in svgs[0]
    assert "Rapportering: 11" in svgs[0]
    # The numbers are also in tables with captions and header scopes.
    assert html.count("<caption>") >= 4
    assert 'scope="row"' in html and 'scope="col"' in html


def test_dashboard_before_anything_happened(demo, login):
    text = text_of(
        login("sekretariat").get(reverse("reporting:dashboard", args=[2027])).content.decode()
    )
    assert "Behovsmelding 12" in text  # 11 networks and the joint measures
    assert "Fordelingen for året er ikke fastsatt ennå" in text
    assert "Beslutningsgrunnlag 1. februar 2027 0 0 0 12" in text


def test_unknown_year_is_not_found(demo, login):
    client = login("statsforvalter")
    assert client.get(reverse("reporting:dashboard", args=[2031])).status_code == 404
    assert client.get(reverse("reporting:year", args=[2031])).status_code == 404


# --- the year page --------------------------------------------------------------------------


def test_year_page_for_a_network_shows_only_its_own_case_and_letters(decided_year, login):
    html = login("koordinator").get(reverse("reporting:year", args=[2027])).content.decode()
    sorvest = Decision.objects.get(network__name=SORVEST)
    fosen = Decision.objects.get(network__name="Fosen")
    assert html.count('<th scope="row">') == 1 + 3  # one case, three exports
    assert SORVEST in html and ">Fosen<" not in html
    assert reverse("reporting:decision_letter", args=[sorvest.pk]) in html
    assert reverse("decision_detail", args=[sorvest.pk]) + "#brev" in html
    assert reverse("reporting:decision_letter", args=[fosen.pk]) not in html
    assert "1. mars 2027" in html
    assert reverse("reporting:allocation_pdf", args=[2027]) not in html
    assert reverse("reporting:dashboard", args=[2027]) not in html


def test_year_page_for_statsforvalteren_has_everything(decided_year, login):
    html = login("statsforvalter").get(reverse("reporting:year", args=[2027])).content.decode()
    assert html.count("/vedtaksbrev.pdf") == 12
    for name in ("recommendation_pdf", "allocation_pdf", "year_report_pdf", "dashboard"):
        assert reverse(f"reporting:{name}", args=[2027]) in html
    assert reverse("reporting:letter_batch", args=[2027]) in html
    forum = login("forum").get(reverse("reporting:year", args=[2027])).content.decode()
    assert reverse("reporting:letter_batch", args=[2027]) not in forum


def test_someone_without_a_role_gets_403(decided_year, client):
    client.force_login(UserFactory())
    assert client.get(reverse("reporting:index")).status_code == 403
    assert client.get(reverse("reporting:year", args=[2027])).status_code == 403


def test_index_lists_years_and_open_data(decided_year, login):
    html = login("eier").get(reverse("reporting:index")).content.decode()
    assert reverse("reporting:year", args=[2027]) in html
    assert reverse("reporting:open_data_index") in html


# --- query counts ---------------------------------------------------------------------------

LIST_PAGES = (
    ("statsforvalter", "reporting:year"),
    ("koordinator", "reporting:year"),
    ("uh", "reporting:year"),
    ("forum", "reporting:dashboard"),
)


def test_list_pages_use_a_constant_number_of_queries_as_the_year_fills(
    recommended_year, users, travel, login, client, django_capture_on_commit_callbacks
):
    def counts():
        result = []
        for username, name in LIST_PAGES:
            client.force_login(users[username])
            result.append(queries(client, reverse(name, args=[2027])))
        return result

    before = counts()
    travel(DECISION_TIME)
    decide_all(users, recommended_year, django_capture_on_commit_callbacks)
    after_decisions = counts()
    for case in cases(recommended_year):
        services.reporting_open(actor=users["statsforvalter"], case=case)
    after_reporting = counts()
    assert before == after_decisions == after_reporting


def test_export_uses_a_constant_number_of_queries(
    recommended_year, users, travel, client, django_capture_on_commit_callbacks
):
    client.force_login(users["statsforvalter"])
    urls = [
        reverse("reporting:export", args=[2027, kind, "csv"])
        for kind in ("fordeling", "saker", "rapporter")
    ]
    before = [queries(client, url) for url in urls]
    travel(DECISION_TIME)
    decide_all(users, recommended_year, django_capture_on_commit_callbacks)
    for case in cases(recommended_year):
        services.reporting_open(actor=users["statsforvalter"], case=case)
    assert [queries(client, url) for url in urls] == before


def test_pages_are_translated_to_english(decided_year, login, settings):
    client = login("statsforvalter")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    dashboard = client.get(reverse("reporting:dashboard", args=[2027])).content.decode()
    assert "Year overview 2027" in dashboard and "Cases per stage" in dashboard
    year = client.get(reverse("reporting:year", args=[2027])).content.decode()
    assert "Scheme year 2027: documents and exports" in year
    public = client.get(reverse("reporting:open_data", args=[2027])).content.decode()
    assert "Open data: Kompetanseløftet in Trøndelag 2027" in public


def test_the_year_page_links_only_to_documents_that_exist(demo, login, frozen_year):
    """Before the innstilling is recorded its PDF is not offered (it would answer 404); the
    frozen allocation's table is."""
    html = login("statsforvalter").get(reverse("reporting:year", args=[2027])).content
    page = html.decode()
    assert reverse("reporting:allocation_pdf", args=[2027]) in page
    assert reverse("reporting:recommendation_pdf", args=[2027]) not in page
    assert reverse("reporting:year_report_pdf", args=[2027]) in page
