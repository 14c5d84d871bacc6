"""The forum secretariat and Statsforvalteren add organisations in the product: networks, owners,
UH institutions and partners; each addition is an audit event."""

from __future__ import annotations

from django.urls import reverse

from networks.models import Event, Network, Owner, University


def test_secretariat_adds_a_network_an_owner_a_university_and_a_partner(demo, login):
    client = login("sekretariat")
    assert client.get(reverse("organisations")).status_code == 200
    url = reverse("organisations")
    client.post(url, {"skjema": "nettverk", "nettverk-name": "Fjellregionen"})
    network = Network.objects.get(name="Fjellregionen")
    client.post(
        url,
        {
            "skjema": "eier",
            "eier-name": "Fjellby kommune",
            "eier-kind": Owner.Kind.MUNICIPALITY,
            "eier-number": "9876",
            "eier-network": network.pk,
        },
    )
    client.post(url, {"skjema": "uh", "uh-name": "Fjellhøgskolen", "uh-short_name": "FJH"})
    fjh = University.objects.get(short_name="FJH")
    response = client.post(
        url, {"skjema": "partner", "partner-network": network.pk, "partner-university": fjh.pk}
    )
    assert response.status_code == 302

    assert Owner.objects.get(number="9876").network == network
    assert list(network.partnership.universities.all()) == [fjh]
    directory = client.get(reverse("network_detail", args=[network.slug])).content.decode()
    assert "Fjellby kommune" in directory and "FJH" in directory
    kinds = set(Event.objects.values_list("kind", flat=True))
    assert {"network_added", "owner_added", "university_added", "partnership_changed"} <= kinds


def test_a_duplicate_owner_number_is_refused_next_to_the_field(demo, login):
    client = login("statsforvalter")
    response = client.post(
        reverse("organisations"),
        {
            "skjema": "eier",
            "eier-name": "Enda en Orkland",
            "eier-kind": Owner.Kind.MUNICIPALITY,
            "eier-number": "5059",
            "eier-network": Network.objects.first().pk,
        },
    )
    assert response.status_code == 400
    assert "Det finnes allerede en eier" in response.content.decode()
    assert Owner.objects.filter(number="5059").count() == 1


def test_coordinators_and_forum_members_cannot_add_organisations(demo, login):
    for username in ("koordinator", "forum", "eier"):
        assert login(username).get(reverse("organisations")).status_code == 403
