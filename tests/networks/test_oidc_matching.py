"""Who an OpenID Connect sign-in belongs to: a stored subject, or a verified e-mail address that
matches an invitation or a person with an active membership. Nobody else gets an account. (The
whole redirect flow against a real provider is in tests/e2e/test_oidc.py.)"""

from __future__ import annotations

from django.urls import reverse

from networks import services
from networks.models import Membership, Owner, User
from networks.roles import Role

ISSUER = "https://idporten.example"


def claims(sub="sub-1", email="nina@orkland.example", verified=True, **extra):
    return {"sub": sub, "email": email, "email_verified": verified, **extra}


def invite_nina(demo):
    return services.invitation_create(
        actor=demo["sekretariat"],
        email="nina@orkland.example",
        role=Role.OWNER_CONTACT,
        owner=Owner.objects.get(number="5059"),
    )


def test_verified_email_matching_an_invitation_sets_up_the_account(demo):
    invitation, _token = invite_nina(demo)
    user = services.oidc_user_for_claims(
        issuer=ISSUER, claims=claims(given_name="Nina", family_name="Nyeier")
    )
    assert user is not None
    assert (user.first_name, user.last_name, user.oidc_subject) == ("Nina", "Nyeier", "sub-1")
    assert not user.has_usable_password()
    invitation.refresh_from_db()
    assert invitation.membership.user == user
    # Next time the stored subject is enough, even if the provider sends no e-mail.
    again = services.oidc_user_for_claims(issuer=ISSUER, claims={"sub": "sub-1"})
    assert again == user


def test_unverified_email_gets_nothing(demo):
    invite_nina(demo)
    users = User.objects.count()
    assert services.oidc_user_for_claims(issuer=ISSUER, claims=claims(verified=False)) is None
    assert User.objects.count() == users


def test_a_stranger_gets_nothing(demo):
    users = User.objects.count()
    assert services.oidc_user_for_claims(issuer=ISSUER, claims=claims()) is None
    assert User.objects.count() == users


def test_existing_member_is_matched_by_verified_email_and_the_subject_stored(demo):
    eier = demo["eier"]
    user = services.oidc_user_for_claims(issuer=ISSUER, claims=claims(email=eier.email))
    assert user == eier
    eier.refresh_from_db()
    assert (eier.oidc_issuer, eier.oidc_subject) == (ISSUER, "sub-1")


def test_a_person_whose_memberships_ended_is_refused(demo):
    eier = demo["eier"]
    services.oidc_user_for_claims(issuer=ISSUER, claims=claims(email=eier.email))
    services.membership_end(actor=demo["sekretariat"], membership=Membership.objects.get(user=eier))
    assert services.oidc_user_for_claims(issuer=ISSUER, claims={"sub": "sub-1"}) is None


def test_same_subject_at_another_issuer_is_another_identity(demo):
    eier = demo["eier"]
    services.oidc_user_for_claims(issuer=ISSUER, claims=claims(email=eier.email))
    other = services.oidc_user_for_claims(issuer="https://feide.example", claims={"sub": "sub-1"})
    assert other is None


def test_openid_connect_is_off_by_default(demo, client):
    assert client.get("/oidc/logg-inn/").status_code == 404
    assert client.get("/oidc/callback/").status_code == 404
    assert "Logg inn med" not in client.get(reverse("login")).content.decode()
