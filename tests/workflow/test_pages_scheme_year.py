"""Opening a scheme year and changing its money and deadlines in the browser."""

import datetime as dt

import pytest
from django.urls import reverse

from grants.models import SchemeYear
from networks.models import Event
from workflow.models import Case

ALLOWED = ("sekretariat", "statsforvalter", "admin")
REFUSED = ("eier", "koordinator", "uh", "forum")


@pytest.mark.parametrize("username", ALLOWED + REFUSED)
def test_only_the_regional_administrators_get_the_scheme_year_pages(login, demo, username):
    client = login(username)
    expected = 200 if username in ALLOWED else 403
    assert client.get(reverse("scheme_year_create")).status_code == expected
    assert client.get(reverse("scheme_year_edit", args=[2027])).status_code == expected


def test_anonymous_is_sent_to_login(client, demo):
    response = client.get(reverse("scheme_year_create"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_opening_a_year_creates_a_case_per_network_with_the_plans_deadlines(login, demo):
    client = login("sekretariat")
    response = client.post(
        reverse("scheme_year_create"),
        {
            "year": "2028",
            "total_amount": "13 500 000 kr",
            "joint_percent": "12,5",
            "base_grant": "250 000",
            "pupil_weight": "1",
            "child_weight": "1.5",
        },
    )
    assert response.status_code == 302
    year = SchemeYear.objects.get(year=2028)
    assert (year.total_amount, year.base_grant) == (13_500_000, 250_000)
    assert year.needs_deadline == dt.date(2027, 12, 1)
    assert year.decision_basis_deadline == dt.date(2028, 2, 1)
    assert year.decision_deadline == dt.date(2028, 3, 15)
    assert year.report_deadline == dt.date(2028, 6, 30)
    assert Case.objects.filter(scheme_year=year).count() == 12  # and the joint measures
    assert "Tilskuddsåret 2028 er opprettet" in client.get(response.url).content.decode()


def test_opening_a_year_twice_is_refused_with_a_message(login, demo):
    response = login("statsforvalter").post(
        reverse("scheme_year_create"),
        {
            "year": "2027",
            "total_amount": "1000",
            "joint_amount": "0",
            "base_grant": "0",
            "pupil_weight": "1",
            "child_weight": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tilskuddsåret 2027 finnes allerede" in body
    assert "error-summary" in body


def test_joint_share_must_be_percent_or_amount_not_both(login, demo):
    response = login("statsforvalter").post(
        reverse("scheme_year_create"),
        {
            "year": "2029",
            "total_amount": "1000",
            "joint_amount": "10",
            "joint_percent": "5",
            "base_grant": "0",
            "pupil_weight": "1",
            "child_weight": "1",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_joint_percent"' in response.content.decode()
    assert not SchemeYear.objects.filter(year=2029).exists()


def test_moving_a_deadline_is_saved_and_recorded(login, demo):
    client = login("sekretariat")
    year = SchemeYear.objects.get(year=2027)
    data = {
        "total_amount": "12 000 000",
        "joint_percent": "15",
        "base_grant": "300 000",
        "pupil_weight": "1",
        "child_weight": "1",
        "needs_deadline": "2026-12-10",
        "decision_basis_deadline": "2027-02-05",
        "decision_deadline": "2027-03-15",
        "report_deadline": "2027-06-30",
    }
    response = client.post(reverse("scheme_year_edit", args=[2027]), data)
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.decision_basis_deadline == dt.date(2027, 2, 5)
    assert Event.objects.filter(kind="scheme_year_changed", year=2027).exists()


def test_deadlines_out_of_order_are_refused_and_nothing_changes(login, demo):
    client = login("sekretariat")
    data = {
        "total_amount": "12 000 000",
        "joint_percent": "15",
        "base_grant": "300 000",
        "pupil_weight": "1",
        "child_weight": "1",
        "needs_deadline": "2027-03-01",
        "decision_basis_deadline": "2027-02-01",
        "decision_deadline": "2027-03-15",
        "report_deadline": "2027-06-30",
    }
    response = client.post(reverse("scheme_year_edit", args=[2027]), data)
    assert response.status_code == 200
    assert "må komme før" in response.content.decode()
    assert SchemeYear.objects.get(year=2027).needs_deadline == dt.date(2026, 12, 1)
