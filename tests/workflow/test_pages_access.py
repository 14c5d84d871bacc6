"""Every workflow page answers the right roles, refuses the others (403), and hides what a person
may not know exists (404) - another network's case answers exactly like a missing one."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import Appeal, BudgetLine, Decision, Measure, NeedsReport
from networks.demo import DEMO_PASSWORD
from networks.models import Network, Owner, University
from networks.roles import Role
from reporting import services as reporting_services
from tests.factories import user_with_role
from workflow.models import Case

from .helpers import CASE_PAGES, submit_needs
from .test_pages_support import page_content
from .test_selectors import USERS, walk_to

REGIONAL = {"sekretariat", "forum", "statsforvalter", "admin"}
PARTNERSHIP = {"koordinator", "uh"}
EVERYONE = set(USERS)


@pytest.fixture
def outsiders(demo):
    """People of other networks: an owner contact in Fosen, Innherred's coordinator, Nord's UH."""
    return {
        "fosen_eier": user_with_role(
            Role.OWNER_CONTACT, owner=Owner.objects.filter(network__name="Fosen").first()
        ),
        "innherred_koordinator": user_with_role(
            Role.NETWORK_COORDINATOR, network=Network.objects.get(name="Innherred")
        ),
        "nord_uh": user_with_role(
            Role.UH_CONTACT, university=University.objects.get(short_name="Nord")
        ),
    }


def _status(client, user, url, method="get"):
    client.force_login(user)
    response = getattr(client, method)(url)
    client.logout()
    return response.status_code


def check(client, demo, outsiders, url, allowed: set[str], *, outsider_status=404):
    """``allowed`` get 200, the other demo users 403, people of other networks 404 (or given)."""
    for username in USERS:
        expected = 200 if username in allowed else 403
        assert _status(client, demo[username], url) == expected, (url, username)
    for name, user in outsiders.items():
        assert _status(client, user, url) == outsider_status, (url, name)


def test_anonymous_visitors_are_sent_to_the_login_page(client, demo, sorvest_case):
    for url in (
        reverse("home"),
        reverse("case_list"),
        reverse("case_detail", args=[sorvest_case.pk]),
        reverse("case_documents", args=[sorvest_case.pk]),
        reverse("case_history", args=[sorvest_case.pk]),
        reverse("needs_report_list"),
        reverse("recommendation", args=[2027]),
        reverse("year_overview", args=[2027]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/logg-inn/"), url


def test_start_page_and_lists_answer_everyone(client, demo, outsiders, sorvest_case):
    for name in ("home", "case_list", "needs_report_list"):
        check(client, demo, outsiders, reverse(name), EVERYONE, outsider_status=200)


def test_case_page_answers_the_network_and_the_regional_bodies(
    client, demo, outsiders, sorvest_case
):
    for name in CASE_PAGES:
        check(client, demo, outsiders, reverse(name, args=[sorvest_case.pk]), EVERYONE)


def test_another_networks_case_answers_exactly_like_a_missing_one(
    client, demo, outsiders, frozen_year
):
    innherred = Case.objects.get(scheme_year=frozen_year, network__name="Innherred")
    missing = Case.objects.order_by("-pk").first().pk + 1000
    for user in (demo["eier"], demo["koordinator"], demo["uh"]):
        client.force_login(user)
        for name in CASE_PAGES:
            hidden = client.get(reverse(name, args=[innherred.pk]))
            absent = client.get(reverse(name, args=[missing]))
            assert hidden.status_code == absent.status_code == 404, name
            assert page_content(hidden) == page_content(absent)
            assert [t.name for t in hidden.templates] == [t.name for t in absent.templates]
        for name in ("decision_basis_edit", "report_edit", "appeal_lodge", "local_deadline_set"):
            hidden = client.get(reverse(name, args=[innherred.pk]))
            absent = client.get(reverse(name, args=[missing]))
            assert hidden.status_code == absent.status_code == 404, name
            assert page_content(hidden) == page_content(absent)
        hidden = client.post(
            reverse("case_action", args=[innherred.pk, "start_decision_basis"]), {}
        )
        absent = client.post(reverse("case_action", args=[missing, "start_decision_basis"]), {})
        assert hidden.status_code == absent.status_code == 404
        assert page_content(hidden) == page_content(absent)
    innherred.refresh_from_db()
    assert innherred.state == Case.State.BEHOVSMELDING


def test_decision_basis_editor_is_the_partnerships(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "grunnlag-klart", travel)
    measure = Measure.objects.get(decision_basis=case.decision_basis)
    line = BudgetLine.objects.filter(measure=measure).first()
    for url in (
        reverse("decision_basis_edit", args=[case.pk]),
        reverse("measure_add", args=[case.pk]),
        reverse("measure_edit", args=[case.pk, measure.pk]),
        reverse("budget_line_add", args=[case.pk, measure.pk]),
        reverse("budget_line_edit", args=[case.pk, line.pk]),
    ):
        check(client, demo, outsiders, url, PARTNERSHIP)


def test_a_measure_of_another_case_is_not_found(client, demo, sorvest_case, travel, frozen_year):
    case = walk_to(demo, sorvest_case, "grunnlag-klart", travel)
    measure = Measure.objects.get(decision_basis=case.decision_basis)
    fosen = Case.objects.get(scheme_year=frozen_year, network__name="Fosen")
    client.force_login(demo["uh"])  # NTNU is Fosen's partner too
    assert client.get(reverse("measure_edit", args=[fosen.pk, measure.pk])).status_code == 404


def test_report_editor_is_the_partnerships(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "rapport-åpnet", travel)
    check(client, demo, outsiders, reverse("report_edit", args=[case.pk]), PARTNERSHIP)


def test_needs_report_pages(client, demo, outsiders, frozen_year, travel):
    travel(dt.datetime(2026, 11, 25, 10, 0))
    report = submit_needs(demo, frozen_year)
    edit = reverse("needs_report_edit", args=[2027, report.owner_id])
    check(client, demo, outsiders, edit, {"eier"})
    detail = reverse("needs_report_detail", args=[report.pk])
    check(client, demo, outsiders, detail, {"eier"} | PARTNERSHIP | REGIONAL)
    # Another owner in the same network may not read it either.
    neighbour = user_with_role(
        Role.OWNER_CONTACT,
        owner=Owner.objects.filter(network=report.network).exclude(pk=report.owner_id).first(),
    )
    assert _status(client, neighbour, detail) == 404
    assert _status(client, neighbour, edit) == 403
    missing = NeedsReport.objects.order_by("-pk").first().pk + 100
    assert _status(client, demo["eier"], reverse("needs_report_detail", args=[missing])) == 404
    assert _status(client, demo["eier"], reverse("needs_report_edit", args=[1999, 1])) == 404


def test_innstilling_pages_are_the_forums(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    url = reverse("recommendation", args=[2027])
    check(client, demo, outsiders, url, REGIONAL, outsider_status=403)
    line = reverse("recommendation_line", args=[2027, case.pk])
    check(client, demo, outsiders, line, {"sekretariat", "forum"}, outsider_status=403)
    assert _status(client, demo["forum"], reverse("recommendation", args=[1999])) == 404


def test_draft_vedtak_is_only_for_statsforvalteren(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    draft = Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)
    for url in (
        reverse("decision_detail", args=[draft.pk]),
        # The letter previewed from the draft: like the draft, only for those who decide.
        reverse("reporting:decision_preview", args=[draft.pk]),
        reverse("reporting:decision_preview_html", args=[draft.pk]),
    ):
        for username in USERS:
            expected = 200 if username == "statsforvalter" else 404
            assert _status(client, demo[username], url) == expected, (url, username)
        for user in outsiders.values():
            assert _status(client, user, url) == 404


def test_decided_vedtak_is_read_by_the_network(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-fattet", travel)
    decision = Decision.objects.get(network=case.network, status=Decision.Status.DECIDED)
    check(client, demo, outsiders, reverse("decision_detail", args=[decision.pk]), EVERYONE)
    # Each letter to each party, as PDF and as HTML: the network's people and the regional
    # bodies; another network's people get 404 like a letter that does not exist.
    reporting_services.decision_letters_make(decision_id=decision.pk)
    for letter in decision.letters.all():
        for name in ("reporting:letter_pdf", "reporting:letter_html"):
            check(client, demo, outsiders, reverse(name, args=[letter.pk]), EVERYONE)
    # Every party may appeal: the partnership and the host owner's contact (Orkland hosts it).
    assert case.network.host_owner.number == "5059"
    parties = PARTNERSHIP | {"eier"}
    check(client, demo, outsiders, reverse("appeal_lodge", args=[case.pk]), parties)


def test_appeal_is_handled_by_statsforvalteren(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "klage", travel)
    appeal = Appeal.objects.get(decision__network=case.network)
    check(client, demo, outsiders, reverse("appeal_decide", args=[appeal.pk]), {"statsforvalter"})


def test_deadline_pages(client, demo, outsiders, sorvest_case):
    url = reverse("local_deadline_set", args=[sorvest_case.pk])
    check(client, demo, outsiders, url, PARTNERSHIP | {"sekretariat"})
    url = reverse("decision_basis_reopen", args=[sorvest_case.pk])
    check(client, demo, outsiders, url, {"sekretariat"})


def test_refusal_page_is_for_statsforvalteren(client, demo, outsiders, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    check(client, demo, outsiders, reverse("refusal_prepare", args=[case.pk]), {"statsforvalter"})


def test_year_overview_is_for_the_regional_bodies(client, demo, outsiders, frozen_year):
    url = reverse("year_overview", args=[2027])
    check(client, demo, outsiders, url, REGIONAL, outsider_status=403)


def test_year_checklist_is_for_the_regional_bodies_and_closing_for_statsforvalteren(
    client, demo, outsiders, frozen_year
):
    url = reverse("scheme_year_close", args=[2027])
    check(client, demo, outsiders, url, REGIONAL, outsider_status=403)
    for username in USERS:
        expected = 200 if username == "statsforvalter" else 403  # 200: the checklist, refused
        assert _status(client, demo[username], url, "post") == expected, username
    frozen_year.refresh_from_db()
    assert not frozen_year.is_closed


def test_demo_password_still_signs_in(client, demo):
    assert client.login(username="statsforvalter", password=DEMO_PASSWORD)


def test_money_pages_are_statsforvalterens(client, demo, outsiders, sorvest_case, travel):
    """The report's control, the payout plan, the payout batches and their exports, the ledger."""
    from grants.models import SchemeYear
    from workflow import services

    case = walk_to(demo, sorvest_case, "rapport-sendt", travel)
    only = {"statsforvalter"}
    check(client, demo, outsiders, reverse("report_control", args=[case.pk]), only)
    decision = Decision.objects.get(network=case.network, status=Decision.Status.DECIDED)
    check(client, demo, outsiders, reverse("payout_plan", args=[decision.pk]), only)
    batch = services.payout_batch_create(
        actor=demo["statsforvalter"], scheme_year=SchemeYear.objects.get(year=2027)
    )
    for url in (
        reverse("payout_batches", args=[2027]),
        reverse("payout_batch_detail", args=[batch.pk]),
        reverse("payout_batch_export", args=[batch.pk, "csv"]),
        reverse("payout_batch_export", args=[batch.pk, "xlsx"]),
        reverse("reporting:ledger", args=[2027]),
    ):
        check(client, demo, outsiders, url, only, outsider_status=403)
