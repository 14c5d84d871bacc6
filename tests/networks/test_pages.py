import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from networks.models import Network, Owner
from networks.services import head_count_set, network_upsert, owner_upsert


def test_anonymous_user_is_sent_to_login(client, demo):
    for url in (reverse("home"), reverse("network_list"), "/nettverk/fosen/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


def test_login_with_wrong_password_says_so_in_norwegian(client, demo):
    response = client.post(reverse("login"), {"username": "eier", "password": "feil"})
    assert response.status_code == 200
    assert "Brukernavn eller passord er feil" in response.content.decode()


@pytest.mark.parametrize(
    ("username", "expected", "not_expected"),
    [
        ("eier", ["Orkland", "Eierkontakt"], ["Trøndelag sørvest", "NTNU"]),
        ("koordinator", ["Trøndelag sørvest", "Nettverkskoordinator"], ["Orkland"]),
        ("uh", ["Norges teknisk-naturvitenskapelige universitet", "UH-kontakt"], ["Orkland"]),
        ("sekretariat", ["Samarbeidsforum", "Sekretariat for samarbeidsforum"], ["Orkland"]),
        ("statsforvalter", ["Statsforvalteren i Trøndelag"], ["Orkland"]),
    ],
)
def test_start_page_shows_only_the_users_own_organisations(
    login, demo, username, expected, not_expected
):
    body = login(username).get(reverse("home")).content.decode()
    for text in expected:
        assert text in body
    for text in not_expected:
        assert text not in body


def test_every_demo_user_can_sign_in_and_out(client, demo):
    from networks.demo import DEMO_PASSWORD

    for user in demo.values():
        response = client.post(
            reverse("login"), {"username": user.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, user.username
        assert client.get(reverse("home")).status_code == 200
        assert client.post(reverse("logout")).status_code == 302
        assert client.get(reverse("home")).status_code == 302


def test_directory_lists_networks_with_summed_counts(login, demo):
    body = login("eier").get(reverse("network_list")).content.decode().replace("\xa0", " ")
    assert body.count('scope="row"') == 11
    # Trøndelag sørvest: 640 + 700 + 610 + 2230 + 240 + 1010 pupils in the demo file.
    assert "5 430" in body


def test_network_page_shows_owners_and_partner(login, demo):
    body = login("forum").get("/nettverk/trondelag-sorvest/").content.decode()
    for owner in ("Frøya", "Heim", "Hitra", "Orkland", "Rindal", "Skaun"):
        assert owner in body
    assert "Norges teknisk-naturvitenskapelige universitet" in body


def test_unknown_network_is_404(login, demo):
    assert login("eier").get("/nettverk/finnes-ikke/").status_code == 404


def test_directory_query_count_does_not_grow_with_networks(login, demo):
    client = login("eier")
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("network_list"))
    for i in range(5):
        network = network_upsert(name=f"Ekstra {i}")
        owner = owner_upsert(
            number=f"{7000 + i}", name=f"Ekstra eier {i}", kind="privat", network=network
        )
        head_count_set(owner=owner, year=2027, pupils=10, children=5, source="test")
    with CaptureQueriesContext(connection) as after:
        client.get(reverse("network_list"))
    assert Network.objects.regular().count() == 16 and Owner.objects.count() == 44
    assert len(after) == len(before)


def test_accessibility_statement_is_public(client, db):
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert "WCAG 2.1" in response.content.decode()


def test_english_is_available(client, demo):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.login(username="eier", password="kompetanse2027")
    body = client.get(reverse("home")).content.decode()
    assert 'lang="en"' in body
    assert "Skip to main content" in body
