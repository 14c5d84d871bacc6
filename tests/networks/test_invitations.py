"""Invitations: a single-use, expiring link that sets up an account and a membership; memberships
that end keep their history and take the access away at once; every change is an audit event."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from config.errors import DomainError
from networks import services
from networks.models import Event, Invitation, Membership, Network, Owner, University, User
from networks.permissions import access_for, can_act_for_owner, can_view_network
from networks.roles import Role

ORKLAND = "5059"
NEW_PASSWORD = "Trondheimsfjorden-2027"


@pytest.fixture
def orkland(demo):
    return Owner.objects.get(number=ORKLAND)


def invite(actor, email="ny.eier@orkland.example"):
    """Invite ``email`` as owner contact for Orkland; returns (invitation, token)."""
    return services.invitation_create(
        actor=actor, email=email, role=Role.OWNER_CONTACT, owner=Owner.objects.get(number=ORKLAND)
    )


def link_from_mail() -> str:
    body = mail.outbox[-1].body
    return next(word for word in body.split() if "/invitasjon/" in word)


def accept_form(client, url, **fields):
    data = {
        "first_name": "Nina",
        "last_name": "Nyeier",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        **fields,
    }
    return client.post(url, data)


def test_coordinator_invites_an_owner_contact_who_sets_up_the_account(
    demo, client, login, orkland, django_capture_on_commit_callbacks
):
    coordinator = login("koordinator")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator.post(
            reverse("people"),
            {
                "email": "Ny.Eier@Orkland.example",
                "role": Role.OWNER_CONTACT,
                "organisation": f"owner:{orkland.pk}",
            },
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ny.eier@orkland.example"]
    url = link_from_mail()
    assert "7 dager" in mail.outbox[0].body
    coordinator.logout()

    page = client.get(url)
    assert page.status_code == 200
    assert "Eierkontakt" in page.content.decode()
    response = accept_form(client, url)
    assert response.status_code == 302 and response.url == reverse("home")

    user = User.objects.get(email="ny.eier@orkland.example")
    assert user.check_password(NEW_PASSWORD)
    assert can_act_for_owner(user, orkland.pk)
    home = client.get(reverse("home"))
    assert home.wsgi_request.user == user
    kinds = set(
        Event.objects.filter(
            kind__in=[
                "invitation_sent",
                "invitation_accepted",
                "membership_granted",
                "user_created",
            ]
        ).values_list("kind", flat=True)
    )
    assert kinds == {"invitation_sent", "invitation_accepted", "membership_granted", "user_created"}


def test_expired_link_shows_why_and_creates_nothing(demo, client, orkland):
    _invitation, token = invite(demo["koordinator"])
    url = reverse("invitation_accept", args=[token])
    users, memberships = User.objects.count(), Membership.objects.count()
    with time_machine.travel(timezone.now() + dt.timedelta(days=7, minutes=1)):
        page = client.get(url)
        assert page.status_code == 410
        assert str(services.INVITATION_EXPIRED) in page.content.decode()
        response = accept_form(client, url)
    assert response.status_code == 410
    assert str(services.INVITATION_EXPIRED) in response.content.decode()
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_a_link_works_once(demo, client, orkland):
    _invitation, token = invite(demo["koordinator"])
    url = reverse("invitation_accept", args=[token])
    assert accept_form(client, url).status_code == 302
    client.logout()
    users, memberships = User.objects.count(), Membership.objects.count()

    response = accept_form(client, url, first_name="Andre", last_name="Gang")
    assert response.status_code == 410
    assert str(services.INVITATION_USED) in response.content.decode()
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)
    with pytest.raises(DomainError, match="allerede brukt"):
        services.invitation_accept(
            token=token, first_name="A", last_name="B", password=NEW_PASSWORD
        )


def test_link_for_an_ended_membership_shows_why_and_creates_nothing(demo, client, orkland):
    _invitation, token = invite(demo["koordinator"])
    url = reverse("invitation_accept", args=[token])
    membership = services.invitation_accept(
        token=token, first_name="Nina", last_name="Nyeier", password=NEW_PASSWORD
    )
    services.membership_end(actor=demo["sekretariat"], membership=membership)
    users, memberships = User.objects.count(), Membership.objects.count()

    response = accept_form(client, url)
    assert response.status_code == 410
    assert str(services.INVITATION_MEMBERSHIP_ENDED) in response.content.decode()
    assert (User.objects.count(), Membership.objects.count()) == (users, memberships)


def test_revoked_and_unknown_links_show_why(demo, client, orkland):
    invitation, token = invite(demo["koordinator"])
    services.invitation_revoke(actor=demo["koordinator"], invitation=invitation)
    response = accept_form(client, reverse("invitation_accept", args=[token]))
    assert response.status_code == 410
    assert str(services.INVITATION_REVOKED) in response.content.decode()
    response = client.get(reverse("invitation_accept", args=["not-a-real-token"]))
    assert response.status_code == 410
    assert str(services.INVITATION_UNKNOWN) in response.content.decode()
    assert not User.objects.filter(email="ny.eier@orkland.example").exists()


def test_weak_password_is_refused_with_the_validators_message(demo, client, orkland):
    _invitation, token = invite(demo["koordinator"])
    response = accept_form(
        client,
        reverse("invitation_accept", args=[token]),
        password1="12345678",
        password2="12345678",
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="ny.eier@orkland.example").exists()
    assert Invitation.objects.get().accepted_at is None


def test_signed_in_person_accepting_gets_the_role_added(demo, login, orkland):
    fosen = Network.objects.get(name="Fosen")
    _invitation, token = services.invitation_create(
        actor=demo["sekretariat"],
        email="koordinator@demo.kompetanseloftet.example",
        role=Role.NETWORK_COORDINATOR,
        network=fosen,
    )
    client = login("koordinator")
    response = client.post(reverse("invitation_accept", args=[token]))
    assert response.status_code == 302
    assert fosen.pk in access_for(User.objects.get(username="koordinator")).coordinator_network_ids


def test_ending_a_membership_takes_access_away_at_once_and_keeps_history(demo, client, login):
    eier = demo["eier"]
    orkland = Owner.objects.get(number=ORKLAND)
    membership = Membership.objects.get(user=eier)
    owner_client = login("eier")
    assert (
        owner_client.get(reverse("network_detail", args=[orkland.network.slug])).status_code == 200
    )

    services.membership_end(actor=demo["koordinator"], membership=membership)

    eier = User.objects.get(pk=eier.pk)
    assert not can_view_network(eier, orkland.network_id)
    assert not can_act_for_owner(eier, orkland.pk)
    membership.refresh_from_db()
    assert membership.ended_at is not None  # the row (and the history pointing at it) stays
    event = Event.objects.get(kind="membership_ended")
    assert event.actor == demo["koordinator"] and event.network_id == orkland.network_id
    home = owner_client.get(reverse("home")).content.decode()
    assert "Eierkontakt" not in home


def test_coordinator_manages_only_their_own_network(demo):
    coordinator = demo["koordinator"]
    fosen_owner = Owner.objects.filter(network__name="Fosen").first()
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=coordinator, email="x@example.org", role=Role.OWNER_CONTACT, owner=fosen_owner
        )
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=coordinator, email="x@example.org", role=Role.STATSFORVALTER
        )
    nord = University.objects.exclude(partnerships__network__name="Trøndelag sørvest").first()
    with pytest.raises(PermissionDenied):
        services.invitation_create(
            actor=coordinator, email="x@example.org", role=Role.UH_CONTACT, university=nord
        )
    with pytest.raises(PermissionDenied):
        services.membership_end(
            actor=coordinator, membership=Membership.objects.get(user=demo["statsforvalter"])
        )
    ntnu = University.objects.get(short_name="NTNU")
    invitation, _token = services.invitation_create(
        actor=coordinator, email="uh@ntnu.example", role=Role.UH_CONTACT, university=ntnu
    )
    assert invitation.pk


def test_people_page_is_for_managers(demo, login):
    assert login("eier").get(reverse("people")).status_code == 403
    assert login("forum").get(reverse("people")).status_code == 403
    page = login("sekretariat").get(reverse("people"))
    assert page.status_code == 200
    assert "Inviter en person" in page.content.decode()


def test_people_page_query_count_does_not_grow_with_memberships(
    demo, login, django_assert_max_num_queries
):
    client = login("sekretariat")
    client.get(reverse("people"))
    from tests.factories import UserFactory

    with django_assert_max_num_queries(40) as first:
        client.get(reverse("people"))
    for n in range(10):
        services.membership_grant(
            user=UserFactory(), role=Role.OWNER_CONTACT, owner=Owner.objects.all()[n]
        )
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("people"))


def test_already_a_member_cannot_be_invited_again(demo, orkland):
    with pytest.raises(DomainError, match="har allerede denne rollen"):
        services.invitation_create(
            actor=demo["sekretariat"],
            email="eier@demo.kompetanseloftet.example",
            role=Role.OWNER_CONTACT,
            owner=orkland,
        )
