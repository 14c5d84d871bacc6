"""Open data: public, nothing before every vedtak of the year is made, and then exactly the frozen
allocation and the amounts of the vedtak in force, as HTML, CSV and JSON with fixed columns."""

from __future__ import annotations

import csv
import io
import json

from django.urls import reverse

from allocation.selectors import frozen_run
from grants.models import Appeal, Decision
from networks.models import Network
from networks.roles import Role
from tests.factories import user_with_role
from tests.workflow.helpers import prepare_and_approve
from workflow import services

from .conftest import DECISION_TIME, case_of, decide_all

COLUMNS = ["network", "pupils", "children", "base", "pro_rata", "frame", "granted"]


def expected_rows() -> list[dict]:
    granted = dict(
        Decision.objects.filter(status=Decision.Status.DECIDED).values_list("network_id", "amount")
    )
    return [
        {
            "network": line.network_name,
            "pupils": line.pupils,
            "children": line.children,
            "base": line.base,
            "pro_rata": line.pro_rata,
            "frame": line.frame,
            "granted": granted[line.network_id],
        }
        for line in frozen_run(2027).lines.all()
    ]


def test_nothing_is_published_before_the_vedtak(recommended_year, client):
    page = client.get(reverse("reporting:open_data", args=[2027]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "ikke publisert ennå" in body
    assert "<table" not in body
    for line in frozen_run(2027).lines.all():
        assert line.network_name not in body
    assert client.get(reverse("reporting:open_data_csv", args=[2027])).status_code == 404
    assert client.get(reverse("reporting:open_data_json", args=[2027])).status_code == 404
    index = client.get(reverse("reporting:open_data_index")).content.decode()
    assert "Ingen år er publisert ennå" in index


def test_nothing_is_published_while_one_network_still_waits(
    recommended_year, users, travel, client, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    decide_all(users, recommended_year, django_capture_on_commit_callbacks, except_for=["Fosen"])
    assert Decision.objects.filter(status=Decision.Status.DECIDED).count() == 11
    body = client.get(reverse("reporting:open_data", args=[2027])).content.decode()
    assert "ikke publisert ennå" in body and "Trøndelag sørvest" not in body
    assert client.get(reverse("reporting:open_data_csv", args=[2027])).status_code == 404


def test_a_refused_network_is_published_with_nothing_granted(
    recommended_year, users, travel, client, django_capture_on_commit_callbacks
):
    """Every case has an outcome: ten grants and a refusal (Fosen's basis does not meet the
    criteria). The year is published, Fosen with 0 kr granted."""
    travel(DECISION_TIME)
    decide_all(users, recommended_year, django_capture_on_commit_callbacks, except_for=["Fosen"])
    fosen = case_of(recommended_year, "Fosen")
    refusal = services.refusal_prepare(
        actor=users["statsforvalter"], case=fosen, reasons="Kriteriene er ikke oppfylt."
    )
    with django_capture_on_commit_callbacks(execute=True):
        prepare_and_approve(users, refusal)
    rows = json.loads(client.get(reverse("reporting:open_data_json", args=[2027])).content)
    granted = {row["network"]: row["granted"] for row in rows["rows"]}
    assert granted["Fosen"] == 0
    assert all(amount > 0 for name, amount in granted.items() if name != "Fosen")


def test_a_withdrawn_network_does_not_hold_back_publication(
    recommended_year, users, travel, client, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    decide_all(users, recommended_year, django_capture_on_commit_callbacks, except_for=["Fosen"])
    assert client.get(reverse("reporting:open_data_json", args=[2027])).status_code == 404
    services.case_withdraw(
        actor=user_with_role(Role.NETWORK_COORDINATOR, network=Network.objects.get(name="Fosen")),
        case=case_of(recommended_year, "Fosen"),
        comment="Nettverket trekker søknaden.",
    )
    rows = json.loads(client.get(reverse("reporting:open_data_json", args=[2027])).content)
    assert {row["network"]: row["granted"] for row in rows["rows"]}["Fosen"] == 0


def test_published_csv_equals_the_frozen_run_and_the_vedtak(decided_year, client):
    response = client.get(reverse("reporting:open_data_csv", args=[2027]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == ";".join(COLUMNS)
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert [{k: (v if k == "network" else int(v)) for k, v in r.items()} for r in rows] == (
        expected_rows()
    )
    assert "Trøndelag sørvest" in text and "Værnesregionen" in text


def test_published_json_has_the_same_rows(decided_year, client):
    response = client.get(reverse("reporting:open_data_json", args=[2027]))
    assert response.status_code == 200
    data = json.loads(response.content.decode("utf-8"))
    assert data["year"] == 2027
    assert data["columns"] == COLUMNS
    assert data["rows"] == expected_rows()
    assert data["total"] == 12_000_000
    assert data["joint_measures"] == frozen_run(2027).joint_measures
    assert data["decided_on"] == "2027-03-01"
    assert "Trøndelag sørvest" in response.content.decode("utf-8")  # not \\u-escaped


def test_published_page_is_public_and_shows_the_numbers(decided_year, client):
    page = client.get(reverse("reporting:open_data", args=[2027])).content.decode()
    body = page.replace("\xa0", " ")  # amounts keep together with non-breaking spaces
    assert "ikke publisert" not in body
    sorvest = Decision.objects.get(network__name="Trøndelag sørvest", status="vedtatt")
    assert f"{sorvest.amount:,} kr".replace(",", " ") in body
    assert "1. mars 2027" in body
    for column in COLUMNS:
        assert f"<code>{column}</code>" in body
    assert reverse("reporting:open_data_csv", args=[2027]) in body
    index = client.get(reverse("reporting:open_data_index")).content.decode()
    assert reverse("reporting:open_data", args=[2027]) in index


def test_after_a_klage_the_published_amount_is_the_vedtak_in_force(
    decided_year, users, client, django_capture_on_commit_callbacks
):
    case = case_of(decided_year, "Fosen")
    old = Decision.objects.get(network=case.network, status=Decision.Status.DECIDED)
    appeal = services.appeal_lodge(actor=users["uh"], case=case, text="Vi ber om mer.")
    appeal = services.appeal_decide(
        actor=users["statsforvalter"], appeal=appeal, outcome=Appeal.Outcome.UPHELD, note="Ja."
    )
    services.decision_update(
        actor=users["statsforvalter"],
        decision=appeal.new_decision,
        amount=old.amount - 1_000,
        departure_reason="Rettet.",
    )
    with django_capture_on_commit_callbacks(execute=True):
        prepare_and_approve(users, appeal.new_decision)
    rows = json.loads(client.get(reverse("reporting:open_data_json", args=[2027])).content)["rows"]
    assert {r["network"]: r["granted"] for r in rows}["Fosen"] == old.amount - 1_000


def test_unknown_year_is_not_found(demo, client):
    assert client.get(reverse("reporting:open_data", args=[2031])).status_code == 404
    assert client.get(reverse("reporting:open_data_csv", args=[2031])).status_code == 404
