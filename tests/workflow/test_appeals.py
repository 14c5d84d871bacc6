"""Decisions that hold in law (forvaltningsloven): the appeal period, the delivery of the vedtak
that starts it, late appeals, who may appeal, and the outcomes of an appeal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.errors import DomainError
from grants.models import Appeal, Decision
from tests.workflow.helpers import prepare_and_approve
from workflow import selectors, services
from workflow.messages import APPEAL_PERIOD_TOO_SHORT

from .test_pages_decision import _decision_data, _draft
from .test_pages_support import field_error
from .test_selectors import walk_to


@pytest.fixture
def drafted(demo, sorvest_case, travel):
    return walk_to(demo, sorvest_case, "vedtak-utkast", travel)


# 1. The appeal period -----------------------------------------------------------------------


def test_an_appeal_period_under_three_weeks_is_refused_and_nothing_changes(demo, drafted):
    draft = _draft(drafted)
    with pytest.raises(DomainError) as refused:
        services.decision_update(
            actor=demo["statsforvalter"], decision=draft, appeal_weeks=2, reasons="Endret."
        )
    assert str(refused.value) == str(APPEAL_PERIOD_TOO_SHORT)
    assert refused.value.field == "appeal_weeks"
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.appeal_weeks, stored.reasons, stored.version) == (3, "", draft.version)


def test_an_appeal_period_may_be_extended(demo, drafted):
    draft = services.decision_update(
        actor=demo["statsforvalter"], decision=_draft(drafted), appeal_weeks=6
    )
    assert Decision.objects.get(pk=draft.pk).appeal_weeks == 6


def test_the_form_refuses_a_shorter_appeal_period_with_the_same_message(login, drafted):
    client = login("statsforvalter")
    draft = _draft(drafted)
    url = reverse("decision_detail", args=[draft.pk])
    refused = client.post(url, _decision_data(draft, appeal_weeks="2"))
    assert refused.status_code == 200
    assert field_error(refused, "id_appeal_weeks") == str(APPEAL_PERIOD_TOO_SHORT)
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.appeal_weeks, stored.reasons) == (3, "")


def test_the_database_refuses_a_shorter_appeal_period(drafted):
    draft = _draft(drafted)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=draft.pk).update(appeal_weeks=2)


# 3. Late appeals ----------------------------------------------------------------------------

AFTER_DEADLINE = dt.datetime(2027, 3, 23, 10, 0)  # decided and delivered 1 March: deadline 22 March


@pytest.fixture
def decided(demo, sorvest_case, travel):
    return walk_to(demo, sorvest_case, "vedtak-fattet", travel)


def _late_appeal(demo, case, travel):
    travel(AFTER_DEADLINE)
    return services.appeal_lodge(actor=demo["koordinator"], case=case, text="Beløpet er for lavt.")


def test_a_late_appeal_is_registered_and_flagged_not_refused(login, demo, decided, travel):
    assert Decision.objects.get(network=decided.network).appeal_deadline() == dt.date(2027, 3, 22)
    travel(AFTER_DEADLINE)
    assert "lodge_appeal" in {
        a.name for a in selectors.available_actions(demo["koordinator"], decided)
    }
    form = login("koordinator").get(reverse("appeal_lodge", args=[decided.pk])).content.decode()
    assert "Klagefristen gikk ut 22. mars 2027" in form
    appeal = _late_appeal(demo, decided, travel)
    assert appeal.is_late and appeal.outcome == Appeal.Outcome.PENDING
    assert appeal.awaits_late_handling
    on_time = Appeal.objects.create(decision=appeal.decision, text="I tide.")
    assert not on_time.is_late


def test_a_late_appeal_must_be_considered_or_dismissed_before_its_outcome(demo, decided, travel):
    appeal = _late_appeal(demo, decided, travel)
    with pytest.raises(DomainError) as refused:
        services.appeal_decide(
            actor=demo["statsforvalter"], appeal=appeal, outcome="oversendt", note="Opprettholdt."
        )
    assert refused.value.code == "late_appeal"
    with pytest.raises(DomainError):
        services.appeal_late_consider(actor=demo["statsforvalter"], appeal=appeal, reason=" ")
    services.appeal_late_consider(
        actor=demo["statsforvalter"],
        appeal=appeal,
        reason="Vedtaket ble sendt til feil adresse; parten kan ikke lastes.",
    )
    appeal.refresh_from_db()
    assert appeal.late_handling == Appeal.LateHandling.CONSIDERED
    assert "feil adresse" in appeal.late_reason
    services.appeal_decide(
        actor=demo["statsforvalter"],
        appeal=appeal,
        outcome="oversendt",
        note="Opprettholdt.",
        forwarding_letter="Vedtaket opprettholdes.",
    )
    assert Appeal.objects.get(pk=appeal.pk).outcome == Appeal.Outcome.FORWARDED


def test_a_late_appeal_is_dismissed_with_reasons_in_the_browser(login, demo, decided, travel):
    appeal = _late_appeal(demo, decided, travel)
    client = login("statsforvalter")
    page = client.get(reverse("appeal_decide", args=[appeal.pk])).content.decode()
    assert "Kom inn etter klagefristen" in page and "forvaltningsloven § 31" in page
    url = reverse("appeal_late", args=[appeal.pk])
    refused = client.post(url, {"late-handling": "avvises", "late-reason": ""})
    assert field_error(refused, "id_late-reason") == "Skriv begrunnelsen."
    response = client.post(
        url,
        {"late-handling": "avvises", "late-reason": "Klagen kom for sent uten særlige grunner."},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.DISMISSED
    assert appeal.outcome_note == "Klagen kom for sent uten særlige grunner."
    assert Decision.objects.get(pk=appeal.decision_id).status == Decision.Status.DECIDED
    # The partnership may not handle it.
    assert login("koordinator").post(url, {}).status_code == 403


# 4. Any party can appeal ----------------------------------------------------------------------


def test_every_party_may_appeal_and_no_one_else(client, demo, decided, travel):
    from networks.models import Network, Owner
    from networks.roles import Role
    from networks.services import network_host_set
    from tests.factories import user_with_role

    network = decided.network
    host = Owner.objects.get(number="5059")  # Orkland, the demo owner contact's municipality
    network_host_set(actor=None, network=network, owner=host)
    other_owner = Owner.objects.filter(network=network).exclude(pk=host.pk).first()
    stranger_network = Network.objects.exclude(pk=network.pk).first()
    people = {
        "host owner contact": (demo["eier"], True),
        "coordinator": (demo["koordinator"], True),
        "UH contact": (demo["uh"], True),
        "another owner of the network": (
            user_with_role(Role.OWNER_CONTACT, owner=other_owner),
            False,
        ),
    }
    travel(dt.datetime(2027, 3, 5, 10, 0))
    url = reverse("appeal_lodge", args=[decided.pk])
    for who, (user, may) in people.items():
        client.force_login(user)
        case_page = client.get(reverse("case_detail", args=[decided.pk]))
        assert ("/klage/" in case_page.content.decode()) == may, who
        response = client.post(url, {"text": f"Klage fra {who}."})
        assert response.status_code == (302 if may else 403), who
    lodged = set(Appeal.objects.values_list("lodged_by__username", flat=True))
    assert lodged == {demo["eier"].username, demo["koordinator"].username, demo["uh"].username}
    # Another network's people do not even see the case.
    outsider = user_with_role(Role.NETWORK_COORDINATOR, network=stranger_network)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Klage."}).status_code == 404


# 5. Outcomes --------------------------------------------------------------------------------


def _appeal(demo, case, travel):
    travel(dt.datetime(2027, 3, 5, 10, 0))
    return services.appeal_lodge(actor=demo["koordinator"], case=case, text="For lite til UH.")


def test_a_partly_upheld_appeal_gives_a_new_vedtak_that_says_what_it_replaces_and_why(
    login, demo, decided, travel
):
    appeal = _appeal(demo, decided, travel)
    client = login("statsforvalter")
    response = client.post(
        reverse("appeal_decide", args=[appeal.pk]),
        {"outcome": "delvis", "note": "UH-andelen økes; resten står ved lag."},
    )
    appeal.refresh_from_db()
    new = appeal.new_decision
    assert response.status_code == 302 and response.url == reverse("decision_detail", args=[new.pk])
    assert appeal.outcome == Appeal.Outcome.PARTLY_UPHELD
    assert new.supersedes_id == appeal.decision_id and new.status == Decision.Status.DRAFT
    assert new.change_reason == "UH-andelen økes; resten står ved lag."
    services.decision_update(actor=demo["statsforvalter"], decision=new, change_reason=" ")
    with pytest.raises(DomainError) as refused:
        prepare_and_approve(demo, new)
    assert "begrunnelse for endringen" in str(refused.value)
    services.decision_update(
        actor=demo["statsforvalter"],
        decision=new,
        change_reason="UH-andelen økes etter klagen.",
        uh_amount=new.uh_amount + 10_000,
    )
    prepare_and_approve(demo, new)
    statuses = dict(Decision.objects.values_list("pk", "status"))
    assert statuses == {appeal.decision_id: "erstattet", new.pk: "vedtatt"}
    page = client.get(reverse("decision_detail", args=[new.pk])).content.decode()
    assert "UH-andelen økes etter klagen." in page
    assert reverse("decision_detail", args=[appeal.decision_id]) in page


def test_a_maintained_vedtak_is_forwarded_with_its_cover_letter(login, demo, decided, travel):
    appeal = _appeal(demo, decided, travel)
    client = login("statsforvalter")
    url = reverse("appeal_decide", args=[appeal.pk])
    refused = client.post(url, {"outcome": "oversendt", "note": "Opprettholdes."})
    assert field_error(refused, "id_forwarding_letter").startswith("Skriv oversendelsesbrevet")
    assert Appeal.objects.get(pk=appeal.pk).outcome == Appeal.Outcome.PENDING
    letter = "Klagen gjelder UH-andelen. Statsforvalteren mener fordelingen følger innstillingen."
    response = client.post(
        url, {"outcome": "oversendt", "note": "Opprettholdes.", "forwarding_letter": letter}
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.outcome == Appeal.Outcome.FORWARDED and appeal.forwarding_letter == letter
    assert appeal.new_decision is None
    assert Decision.objects.get(pk=appeal.decision_id).status == Decision.Status.DECIDED
    assert letter in client.get(url).content.decode()


@pytest.fixture
def forwarded(demo, decided, travel):
    appeal = _appeal(demo, decided, travel)
    return services.appeal_decide(
        actor=demo["statsforvalter"],
        appeal=appeal,
        outcome="oversendt",
        note="Opprettholdes.",
        forwarding_letter="Vurdering: vedtaket følger innstillingen.",
    )


def test_the_appeal_body_confirms_the_vedtak(login, demo, forwarded, travel):
    travel(dt.datetime(2027, 5, 2, 10, 0))
    client = login("statsforvalter")
    url = reverse("appeal_ruling", args=[forwarded.pk])
    prefix = "ruling"
    refused = client.post(
        url, {f"{prefix}-ruling": "stadfestet", f"{prefix}-ruling_on": "01.03.2027"}
    )
    assert "før den ble oversendt" in refused.content.decode()
    response = client.post(
        url, {f"{prefix}-ruling": "stadfestet", f"{prefix}-ruling_on": "28.04.2027"}
    )
    assert response.status_code == 302
    forwarded.refresh_from_db()
    assert forwarded.ruling == Appeal.Ruling.CONFIRMED
    assert forwarded.ruling_on == dt.date(2027, 4, 28)
    assert forwarded.ruling_decision is None
    assert Decision.objects.get(pk=forwarded.decision_id).status == Decision.Status.DECIDED
    with pytest.raises(DomainError):
        services.appeal_ruling_register(
            actor=demo["statsforvalter"],
            appeal=forwarded,
            ruling="endret",
            on=dt.date(2027, 4, 29),
            note="Nei.",
        )


@pytest.mark.parametrize("ruling", ["endret", "opphevet"])
def test_a_changed_or_set_aside_vedtak_gets_a_new_vedtak_from_the_ruling(
    demo, forwarded, travel, ruling
):
    travel(dt.datetime(2027, 5, 2, 10, 0))
    with pytest.raises(DomainError):  # the reasons are needed
        services.appeal_ruling_register(
            actor=demo["statsforvalter"], appeal=forwarded, ruling=ruling, on=dt.date(2027, 5, 1)
        )
    appeal = services.appeal_ruling_register(
        actor=demo["statsforvalter"],
        appeal=forwarded,
        ruling=ruling,
        on=dt.date(2027, 5, 1),
        note="Klageinstansen mener UH-andelen må vurderes på nytt.",
    )
    stored = Appeal.objects.get(pk=appeal.pk)
    assert stored.ruling == ruling and stored.ruling_on == dt.date(2027, 5, 1)
    new = stored.ruling_decision
    assert new.supersedes_id == stored.decision_id and new.status == Decision.Status.DRAFT
    assert new.change_reason == "Klageinstansen mener UH-andelen må vurderes på nytt."
    prepare_and_approve(demo, new)
    assert Decision.objects.get(pk=stored.decision_id).status == Decision.Status.SUPERSEDED


def test_a_ruling_needs_a_forwarded_appeal(demo, decided, travel):
    appeal = _appeal(demo, decided, travel)
    with pytest.raises(DomainError, match="Bare en klage som er oversendt klageinstansen"):
        services.appeal_ruling_register(
            actor=demo["statsforvalter"],
            appeal=appeal,
            ruling="stadfestet",
            on=dt.date(2027, 3, 5),
        )
    assert Appeal.objects.get(pk=appeal.pk).ruling == ""


def test_an_appeal_is_decided_once(demo, forwarded):
    with pytest.raises(DomainError, match="Klagen er allerede avgjort"):
        services.appeal_decide(
            actor=demo["statsforvalter"],
            appeal=forwarded,
            outcome="oversendt",
            note="En gang til.",
            forwarding_letter="Samme vurdering.",
        )
    assert Appeal.objects.get(pk=forwarded.pk).outcome_note == "Opprettholdes."
