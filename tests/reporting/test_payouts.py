"""Payouts: each vedtak's plan per payee, a batch of what is due exported for the accounting
system, marked paid with the date; a payee without numbers and a batch over the grant refused."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from config.errors import DomainError
from grants.models import Decision, PayoutBatch, PayoutInstalment
from networks.models import University
from tests.workflow.helpers import prepare_and_approve
from workflow import services
from workflow.notifications.kinds import Kind
from workflow.notifications.models import Notification

from .conftest import SORVEST, nb_kroner

PAID = PayoutInstalment.Status.PAID


def in_force(name: str) -> Decision:
    return Decision.objects.select_related("network__host_owner").get(
        network__name=name, status=Decision.Status.DECIDED
    )


def test_every_vedtak_has_a_plan_that_adds_up_to_it_per_payee(decided_year):
    decisions = Decision.objects.filter(scheme_year=decided_year, status=Decision.Status.DECIDED)
    assert decisions.count() == 12  # the eleven networks and the joint measures
    for decision in decisions.select_related("network__host_owner"):
        rows = list(decision.instalments.all())
        assert sum(r.amount for r in rows) == decision.amount, decision.network
        if decision.network.is_joint:  # the joint measures: all to their UH recipient
            assert all(r.university_id for r in rows) and decision.uh_amount == decision.amount
            continue
        host = [r for r in rows if r.owner_id]
        assert [r.owner_id for r in host] == [decision.network.host_owner_id]
        assert host[0].amount == decision.amount - decision.uh_amount
        assert sum(r.amount for r in rows if r.university_id) == decision.uh_amount
        assert {r.due_on for r in rows} == {dt.date(2027, 3, 1)}  # the day it was made
    # Trondheim's UH part is split between NTNU and DMMH to the krone.
    trondheim = in_force("Trondheim")
    shares = sorted(r.amount for r in trondheim.instalments.filter(university__isnull=False))
    assert len(shares) == 2 and sum(shares) == trondheim.uh_amount
    assert shares[1] - shares[0] in (0, 1)


def test_a_batch_is_exported_and_marked_paid_and_the_parties_are_told(
    decided_year, users, login, travel, django_capture_on_commit_callbacks
):
    travel(dt.datetime(2027, 3, 10, 10, 0))
    batch = services.payout_batch_create(
        actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 10)
    )
    assert batch.reference == "UTB-2027-001"
    sorvest = in_force(SORVEST)
    assert batch.instalments.count() == PayoutInstalment.objects.count()

    client = login("statsforvalter")
    csv = client.get(reverse("payout_batch_export", args=[batch.pk, "csv"]))
    assert csv.status_code == 200
    text = csv.content.decode("utf-8")
    assert text.startswith("\ufeffMottaker;Organisasjonsnummer;Kontonummer;Beløp;Referanse;")
    host = sorvest.network.host_owner
    row = next(line for line in text.splitlines() if line.startswith(host.name + ";"))
    cells = row.split(";")
    assert cells[1] == host.org_number and cells[2] == host.account_number
    assert int(cells[3]) == sorvest.amount - sorvest.uh_amount
    assert cells[5:7] == ["226", "21"]  # the year's budget chapter and item
    assert cells[7].startswith("2027/") and "-" in cells[7]  # the vedtaksbrev's document number
    xlsx = client.get(reverse("payout_batch_export", args=[batch.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    amounts = [row[3] for row in sheet.iter_rows(min_row=2, values_only=True)]
    granted = sum(Decision.objects.filter(status="vedtatt").values_list("amount", flat=True))
    assert all(isinstance(a, int) for a in amounts) and sum(amounts) == granted
    assert isinstance(sheet.cell(row=2, column=10).value, dt.datetime)

    with pytest.raises(DomainError, match="fram i tid"):
        services.payout_batch_mark_paid(
            actor=users["statsforvalter"], batch=batch, paid_on=dt.date(2027, 3, 11)
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.payout_batch_mark_paid(
            actor=users["statsforvalter"], batch=batch, paid_on=dt.date(2027, 3, 10)
        )
    batch.refresh_from_db()
    assert batch.status == PayoutBatch.Status.PAID and batch.paid_on == dt.date(2027, 3, 10)
    assert set(PayoutInstalment.objects.values_list("status", flat=True)) == {PAID}
    told = Notification.objects.filter(kind=Kind.PAYOUT_MADE, case__network=sorvest.network)
    assert told.filter(recipient=users["koordinator"]).exists()
    assert nb_kroner(sorvest.amount) in told.first().title.replace("\xa0", " ")
    with pytest.raises(DomainError, match="allerede"):
        services.payout_batch_mark_paid(
            actor=users["statsforvalter"], batch=batch, paid_on=dt.date(2027, 3, 10)
        )


def test_a_payee_without_an_account_number_cannot_be_paid_and_nothing_is_saved(decided_year, users):
    nord = University.objects.get(short_name="Nord")
    University.objects.filter(pk=nord.pk).update(account_number="")
    with pytest.raises(DomainError) as refused:
        services.payout_batch_create(
            actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 1)
        )
    assert "Nord universitet" in refused.value.message
    assert "kontonummer" in refused.value.message
    assert not PayoutBatch.objects.exists()
    assert not PayoutInstalment.objects.filter(batch__isnull=False).exists()


def test_a_batch_never_pays_more_than_was_granted(decided_year, users):
    sorvest = in_force(SORVEST)
    # However it came about, a plan that adds up to more than the grant is refused in the batch.
    PayoutInstalment.objects.create(
        decision=sorvest,
        owner=sorvest.network.host_owner,
        payee_name=sorvest.network.host_owner.name,
        amount=1,
        due_on=dt.date(2027, 3, 1),
    )
    with pytest.raises(DomainError, match="mer enn innvilget beløp"):
        services.payout_batch_create(
            actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 1)
        )
    assert not PayoutBatch.objects.exists()


def test_a_plan_is_split_into_instalments_that_add_up_and_only_what_is_due_is_batched(
    decided_year, users, travel
):
    sorvest = in_force(SORVEST)
    host = sorvest.network.host_owner
    share = sorvest.amount - sorvest.uh_amount
    with pytest.raises(DomainError, match="må til sammen være"):
        services.payout_instalments_set(
            actor=users["statsforvalter"],
            decision=sorvest,
            owner=host,
            instalments=[(dt.date(2027, 3, 15), share - 1)],
        )
    with pytest.raises(PermissionDenied):
        services.payout_instalments_set(
            actor=users["koordinator"],
            decision=sorvest,
            owner=host,
            instalments=[(dt.date(2027, 3, 15), share)],
        )
    services.payout_instalments_set(
        actor=users["statsforvalter"],
        decision=sorvest,
        owner=host,
        instalments=[(dt.date(2027, 3, 15), 100_000), (dt.date(2027, 9, 1), share - 100_000)],
    )
    travel(dt.datetime(2027, 3, 20, 10, 0))
    batch = services.payout_batch_create(
        actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 20)
    )
    mine = batch.instalments.filter(owner=host)
    assert list(mine.values_list("amount", flat=True)) == [100_000]
    left = PayoutInstalment.objects.get(owner=host, batch__isnull=True)
    assert left.amount == share - 100_000 and left.due_on == dt.date(2027, 9, 1)


def test_the_payout_pages_answer_statsforvalteren_only(decided_year, users, login, travel):
    travel(dt.datetime(2027, 3, 10, 10, 0))
    batch = services.payout_batch_create(
        actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 10)
    )
    sorvest = in_force(SORVEST)
    urls = [
        reverse("payout_batches", args=[2027]),
        reverse("payout_batch_detail", args=[batch.pk]),
        reverse("payout_batch_export", args=[batch.pk, "csv"]),
        reverse("payout_batch_export", args=[batch.pk, "xlsx"]),
        reverse("payout_plan", args=[sorvest.pk]),
        reverse("reporting:ledger", args=[2027]),
    ]
    for url in urls:
        assert login("statsforvalter").get(url).status_code == 200, url
        for name in ("eier", "koordinator", "uh", "sekretariat", "forum"):
            assert login(name).get(url).status_code == 403, (url, name)
    # Another network's vedtak is not found for a network's people.
    fosen = in_force("Fosen")
    assert login("koordinator").get(reverse("payout_plan", args=[fosen.pk])).status_code == 404
    missing = PayoutBatch.objects.order_by("-pk").first().pk + 100
    statsforvalter = login("statsforvalter")
    assert statsforvalter.get(reverse("payout_batch_detail", args=[missing])).status_code == 404
    assert statsforvalter.get(reverse("payout_batches", args=[1999])).status_code == 404


def test_the_batch_page_makes_a_batch_and_marks_it_paid(decided_year, login, travel):
    travel(dt.datetime(2027, 3, 10, 10, 0))
    client = login("statsforvalter")
    response = client.post(
        reverse("payout_batches", args=[2027]), {"form": "batch", "batch-due_by": "10.03.2027"}
    )
    batch = PayoutBatch.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("payout_batch_detail", args=[batch.pk])
    page = client.get(response.url).content.decode()
    assert reverse("payout_batch_export", args=[batch.pk, "csv"]) in page
    assert "Marker som betalt" in page
    refused = client.post(response.url, {"paid_on": "01.04.2027"})
    assert refused.status_code == 200 and "fram i tid" in refused.content.decode()
    client.post(response.url, {"paid_on": "10.03.2027"})
    batch.refresh_from_db()
    assert batch.paid_on == dt.date(2027, 3, 10)


def test_the_settings_form_refuses_a_bad_account_number_and_saves_nothing(decided_year, login):
    client = login("statsforvalter")
    response = client.post(
        reverse("payout_batches", args=[2027]),
        {
            "form": "settings",
            "settings-budget_chapter": "227",
            "settings-budget_item": "22",
            "settings-repayment_account": "1234 56 78900",
            "settings-repayment_days": "30",
        },
    )
    assert response.status_code == 200
    assert "Kontonummeret er ikke gyldig" in response.content.decode()
    decided_year.refresh_from_db()
    assert decided_year.budget_chapter == "226"


def test_a_vedtak_after_an_upheld_appeal_pays_only_the_difference(decided_year, users, travel):
    from grants.models import Appeal
    from reporting.selectors.ledger import ledger

    from .conftest import case_of

    travel(dt.datetime(2027, 3, 10, 10, 0))
    old = in_force(SORVEST)
    share = old.amount - old.uh_amount
    # The host owner's share is split; the first part is paid, the second still planned.
    services.payout_instalments_set(
        actor=users["statsforvalter"],
        decision=old,
        owner=old.network.host_owner,
        instalments=[(dt.date(2027, 3, 10), 100_000), (dt.date(2027, 9, 1), share - 100_000)],
    )
    batch = services.payout_batch_create(
        actor=users["statsforvalter"], scheme_year=decided_year, due_by=dt.date(2027, 3, 10)
    )
    services.payout_batch_mark_paid(
        actor=users["statsforvalter"], batch=batch, paid_on=dt.date(2027, 3, 10)
    )
    case = case_of(decided_year, SORVEST)
    appeal = services.appeal_lodge(actor=users["koordinator"], case=case, text="For lite.")
    services.appeal_decide(
        actor=users["statsforvalter"],
        appeal=appeal,
        outcome=Appeal.Outcome.UPHELD,
        note="Tas til følge.",
    )
    draft = Decision.objects.get(network=old.network, status=Decision.Status.DRAFT)
    services.decision_update(
        actor=users["statsforvalter"],
        decision=draft,
        amount=old.amount + 20_000,
        change_reason="Klagen tas til følge.",
    )
    prepare_and_approve(users, draft)
    host_rows = PayoutInstalment.objects.filter(owner=old.network.host_owner)
    cancelled = host_rows.get(decision=old, status=PayoutInstalment.Status.CANCELLED)
    assert cancelled.amount == share - 100_000
    new_share = draft.amount - draft.uh_amount
    [new_host] = host_rows.filter(decision=draft)
    assert new_host.amount == new_share - 100_000  # the 100 000 kr paid counts towards it
    row = next(r for r in ledger(decided_year).rows if r.network == SORVEST)
    assert row.granted == draft.amount
    assert row.paid == sum(
        i.amount for i in PayoutInstalment.objects.filter(decision=old, status=PAID)
    )
    planned = PayoutInstalment.objects.filter(
        decision=draft, status=PayoutInstalment.Status.PLANNED
    )
    assert row.paid + sum(i.amount for i in planned) == draft.amount


def test_the_plan_page_splits_a_share_and_shows_what_is_wrong(decided_year, login):
    sorvest = in_force(SORVEST)
    host = sorvest.network.host_owner
    share = sorvest.amount - sorvest.uh_amount
    client = login("statsforvalter")
    url = reverse("payout_plan", args=[sorvest.pk])
    key = f"owner-{host.pk}"
    wrong = client.post(url, {"payee": key, f"{key}-lines": "15.03.2027 1 000\n01.09.2027 x"})
    assert wrong.status_code == 200 and "Linje 2" in wrong.content.decode()
    response = client.post(
        url, {"payee": key, f"{key}-lines": f"15.03.2027 1 000\n01.09.2027 {share - 1000}"}
    )
    assert response.status_code == 302
    rows = PayoutInstalment.objects.filter(decision=sorvest, owner=host).order_by("due_on")
    assert [(r.due_on, r.amount) for r in rows] == [
        (dt.date(2027, 3, 15), 1000),
        (dt.date(2027, 9, 1), share - 1000),
    ]


def test_without_a_host_owner_the_uh_institutions_receive_the_whole_amount(decided_year):
    """As for the joint measures with a UH institution as recipient."""
    from networks.models import Network

    trondheim = in_force("Trondheim")
    Network.objects.filter(pk=trondheim.network_id).update(host_owner=None)
    trondheim = in_force("Trondheim")
    shares = services.payout_shares(trondheim)
    assert {type(party).__name__ for party, _amount in shares} == {"University"}
    assert sum(amount for _party, amount in shares) == trondheim.amount


def test_the_years_open_payouts_are_listed_until_the_batch_is_paid(decided_year, users, travel):
    from workflow.selectors.money import payouts_open

    assert len(payouts_open(decided_year)) == PayoutInstalment.objects.count() > 11
    travel(dt.datetime(2027, 3, 10, 10, 0))
    batch = services.payout_batch_create(actor=users["statsforvalter"], scheme_year=decided_year)
    still = payouts_open(decided_year)
    assert still and all("UTB-2027-001" in text for text, _url in still)
    assert still[0][1] == reverse("payout_batch_detail", args=[batch.pk])
    services.payout_batch_mark_paid(
        actor=users["statsforvalter"], batch=batch, paid_on=dt.date(2027, 3, 10)
    )
    assert payouts_open(decided_year) == []
