"""From the year's first vedtak on, its total, money settings and allocation stay as decided, so
what is published stays what the vedtak said; open data is published once every case has its
outcome (a vedtak, or a refusal or withdrawal), not only once every network has a vedtak."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from allocation.models import AllocationRun, RunStatus
from allocation.services import allocation_run_supersede
from config.errors import DomainError
from grants.messages import YEAR_MONEY_LOCKED
from grants.models import Decision
from grants.services import scheme_year_update
from reporting.selectors import open_data
from workflow.models import Case

from .conftest import DECISION_TIME, SORVEST, case_of, decide_all

LOCKED = str(YEAR_MONEY_LOCKED % {"year": 2027})


def _published_frame(client, network: str) -> int:
    rows = csv.DictReader(
        io.StringIO(
            client.get(reverse("reporting:open_data_csv", args=[2027])).content.decode("utf-8-sig")
        ),
        delimiter=";",
    )
    return int(next(row for row in rows if row["network"] == network)["frame"])


def test_the_published_frame_stays_the_one_the_vedtak_said(decided_year, users, client):
    """Regression: Trøndelag sørvest's published frame became 1 322 682 kr while its vedtak said
    815 074 kr, after the secretariat raised the year's total and replaced the allocation."""
    decision = Decision.objects.get(
        network__name=SORVEST, scheme_year=decided_year, status=Decision.Status.DECIDED
    )
    assert _published_frame(client, SORVEST) == decision.frame
    with pytest.raises(DomainError) as refused:
        scheme_year_update(
            actor=users["sekretariat"], scheme_year=decided_year, total_amount=20_000_000
        )
    assert refused.value.message == LOCKED and refused.value.code == "money_locked"
    run = AllocationRun.objects.get(scheme_year=decided_year, status=RunStatus.FROZEN)
    with pytest.raises(DomainError, match="kan ikke lenger endres"):
        allocation_run_supersede(actor=users["sekretariat"], run=run, reason="Høyere totalbeløp.")
    decided_year.refresh_from_db()
    assert decided_year.total_amount == 12_000_000
    assert AllocationRun.objects.filter(scheme_year=decided_year).count() == 1
    assert _published_frame(client, SORVEST) == decision.frame
    assert open_data(2027).total == 12_000_000


def test_the_year_form_refuses_new_money_after_the_vedtak_with_a_message(decided_year, client):
    from networks.models import User

    client.force_login(User.objects.get(username="sekretariat"))
    notice = client.get(reverse("scheme_year_edit", args=[2027])).content.decode()
    assert notice.count(LOCKED) == 1  # said before anyone tries
    response = client.post(
        reverse("scheme_year_edit", args=[2027]),
        {
            "total_amount": "20 000 000",
            "joint_percent": "15",
            "joint_amount": "",
            "base_grant": "300 000",
            "pupil_weight": "1",
            "child_weight": "1",
            "needs_deadline": "01.12.2026",
            "decision_basis_deadline": "01.02.2027",
            "decision_deadline": "15.03.2027",
            "report_deadline": "30.06.2027",
        },
    )
    assert response.status_code == 200 and response.content.decode().count(LOCKED) >= 2
    decided_year.refresh_from_db()
    assert decided_year.total_amount == 12_000_000
    year_page = client.get(reverse("allocation_year", args=[2027])).content.decode()
    assert LOCKED in year_page and "Erstatt fordelingen" not in year_page
    run = AllocationRun.objects.get(scheme_year=decided_year, status=RunStatus.FROZEN)
    response = client.post(
        reverse("allocation_run_supersede", args=[run.pk]), {"reason": "Nye elevtall."}
    )
    assert response.status_code == 200 and LOCKED in response.content.decode()
    assert AllocationRun.objects.filter(scheme_year=decided_year).count() == 1


def test_deadlines_may_still_move_after_the_vedtak(decided_year, users):
    scheme_year_update(
        actor=users["sekretariat"], scheme_year=decided_year, report_deadline=dt.date(2027, 8, 31)
    )
    decided_year.refresh_from_db()
    assert decided_year.report_deadline == dt.date(2027, 8, 31)


def test_the_money_may_change_before_the_first_vedtak(recommended_year, users):
    scheme_year_update(actor=users["sekretariat"], scheme_year=recommended_year, base_grant=310_000)
    recommended_year.refresh_from_db()
    assert recommended_year.base_grant == 310_000


def test_one_vedtak_is_enough_to_fix_the_money(
    recommended_year, users, travel, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    decide_all(
        users,
        recommended_year,
        django_capture_on_commit_callbacks,
        except_for=[c.network.name for c in Case.objects.select_related("network")][1:],
    )
    with pytest.raises(DomainError, match="kan ikke lenger endres"):
        scheme_year_update(actor=users["sekretariat"], scheme_year=recommended_year, base_grant=1)


def test_a_year_with_a_withdrawn_network_is_published_once_every_case_has_its_outcome(
    recommended_year, users, travel, client, django_capture_on_commit_callbacks
):
    travel(DECISION_TIME)
    decide_all(
        users, recommended_year, django_capture_on_commit_callbacks, except_for=["Ytre Namdal"]
    )
    assert not open_data(2027).published  # Ytre Namdal still waits
    namdal = case_of(recommended_year, "Ytre Namdal")
    # The withdrawal itself is another part's step; here the case simply reaches that outcome.
    Case.objects.filter(pk=namdal.pk).update(state=Case.State.TRUKKET)
    data = open_data(2027)
    assert data.published
    rows = {row.network: row for row in data.rows}
    assert not rows["Ytre Namdal"].granted and rows["Fosen"].granted
    assert client.get(reverse("reporting:open_data_csv", args=[2027])).status_code == 200
