"""Owners and UH institutions as legal parties: validated numbers, addresses, language, host."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from config.errors import DomainError
from networks.models import Event, Network, Owner, University
from networks.parties import (
    format_account_number,
    format_org_number,
    validate_account_number,
    validate_org_number,
)
from networks.services import network_host_set, party_update


@pytest.mark.parametrize("number", ["974760673", "974 760 673", "983971768"])
def test_valid_organisation_numbers_pass(number):
    validate_org_number(number)


@pytest.mark.parametrize(
    ("number", "code"),
    [("974760674", "checksum"), ("97476067", "format"), ("97476067a", "format"), ("", "format")],
)
def test_invalid_organisation_numbers_are_refused_with_a_reason(number, code):
    with pytest.raises(ValidationError) as error:
        validate_org_number(number)
    assert error.value.code == code


def test_account_numbers_are_checked_by_mod_11():
    validate_account_number("1234 56 78903")
    with pytest.raises(ValidationError, match="kontrollsifferet"):
        validate_account_number("1234 56 78904")
    with pytest.raises(ValidationError, match="elleve sifre"):
        validate_account_number("1234")


def test_numbers_are_shown_grouped():
    assert format_org_number("974760673") == "974 760 673"
    assert format_account_number("12345678903") == "1234 56 78903"


def test_every_demo_party_can_receive_a_letter_and_a_payment(demo):
    for party in [*Owner.objects.all(), *University.objects.all()]:
        assert party.missing_for_letter() == [], party
        assert party.missing_for_payment() == [], party
        validate_org_number(party.org_number)
        validate_account_number(party.account_number)
    assert all(n.host_owner and n.host_owner.network_id == n.pk for n in Network.objects.regular())


def test_a_wrong_org_number_changes_nothing_and_names_the_field(demo):
    owner = Owner.objects.get(number="5059")
    before = owner.org_number
    with pytest.raises(DomainError) as error:
        party_update(actor=demo["admin"], party=owner, org_number="123456789", city="Orkanger")
    assert error.value.field == "org_number"
    owner.refresh_from_db()
    assert owner.org_number == before and owner.city != "Orkanger"


def test_a_party_change_is_an_audit_event(demo):
    owner = Owner.objects.get(number="5059")
    party_update(actor=demo["admin"], party=owner, language_decision="nn")
    owner.refresh_from_db()
    assert owner.language_decision == "nn"
    event = Event.objects.filter(kind="party_changed").latest("created_at")
    assert "språkvedtak" in event.message and event.actor == demo["admin"]


def test_missing_details_are_named(demo):
    owner = Owner.objects.get(number="5059")
    Owner.objects.filter(pk=owner.pk).update(org_number="", official_email="")
    owner.refresh_from_db()
    assert owner.missing_for_letter() == ["organisasjonsnummer", "e-post for offisiell post"]
    assert owner.missing_for_payment() == ["organisasjonsnummer"]


def test_the_host_owner_must_belong_to_the_network(demo):
    fosen = Network.objects.get(name="Fosen")
    outsider = Owner.objects.exclude(network=fosen).first()
    with pytest.raises(DomainError, match="nettverkets egne eiere"):
        network_host_set(actor=demo["admin"], network=fosen, owner=outsider)
    insider = fosen.owners.exclude(pk=fosen.host_owner_id).first()
    network_host_set(actor=demo["admin"], network=fosen, owner=insider)
    fosen.refresh_from_db()
    assert fosen.host_owner == insider
