"""The Django admin shows a case read-only: its stage, its log, its events and what the signed-in
administrator may do (from the same available_actions the pages use)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from networks.roles import Role
from networks.services import membership_grant
from workflow import services
from workflow.models import Case

from .test_selectors import walk_to


def test_case_admin_shows_state_log_events_and_transitions(client, demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    admin_user = demo["admin"]
    client.force_login(admin_user)
    url = reverse("admin:workflow_case_change", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ingenting i dette steget." in html
    assert "submit_decision_basis" in html  # the fsm log inline
    assert 'name="state"' not in html  # read-only
    # The same administrator, also in the forum's secretariat, may return the basis.
    membership_grant(user=admin_user, role=Role.FORUM_SECRETARIAT)
    client.force_login(admin_user)
    html = client.get(url).content.decode()
    assert "Returner beslutningsgrunnlaget" in html
    assert "Registrer innstilling for nettverket" in html


def test_case_admin_lists_events_and_refuses_adding_and_deleting(client, demo, sorvest_case):
    services.local_deadline_set(
        actor=demo["koordinator"],
        scheme_year=sorvest_case.scheme_year,
        network=sorvest_case.network,
        deadline=dt.date(2026, 12, 10),
    )
    client.force_login(demo["admin"])
    page = client.get(reverse("admin:workflow_case_change", args=[sorvest_case.pk]))
    assert "Lokal frist for behovsmelding satt til 10. desember 2026." in page.content.decode()
    assert client.get(reverse("admin:workflow_case_add")).status_code == 403
    listing = client.get(reverse("admin:workflow_case_changelist"))
    assert listing.status_code == 200 and "Trøndelag sørvest" in listing.content.decode()
    response = client.post(
        reverse("admin:workflow_case_delete", args=[sorvest_case.pk]), {"post": "yes"}
    )
    assert response.status_code == 403
    assert Case.objects.filter(pk=sorvest_case.pk).exists()
