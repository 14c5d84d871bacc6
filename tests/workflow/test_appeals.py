"""Decisions that hold in law (forvaltningsloven): the appeal period, the delivery of the vedtak
that starts it, late appeals, who may appeal, and the outcomes of an appeal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.errors import DomainError
from grants.models import Appeal, Decision
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


def test_a_late_appeal_is_registered_and_flagged_not_refused(demo, decided, travel):
    assert Decision.objects.get(network=decided.network).appeal_deadline() == dt.date(2027, 3, 22)
    travel(AFTER_DEADLINE)
    assert "lodge_appeal" in {
        a.name for a in selectors.available_actions(demo["koordinator"], decided)
    }
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
        actor=demo["statsforvalter"], appeal=appeal, outcome="oversendt", note="Opprettholdt."
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
