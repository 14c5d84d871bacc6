"""Writes for who-is-who. Every write goes through here: admin, import, demo data and pages."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.site import absolute_url

from .models import (
    HeadCount,
    Invitation,
    Membership,
    Network,
    Owner,
    Partnership,
    University,
    User,
)
from .permissions import can_manage_membership, can_manage_role, can_unlock_sign_in, forget_access
from .roles import ROLE_ORGANISATION, Role

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def user_language_set(*, actor: User, language: str) -> User:
    """Keep the language the person chose in the switcher on their profile ("" = the default)."""
    if language and language not in User.Language.values:
        raise DomainError(_("Ukjent språk."), field="language")
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
    return actor


def slug_for(name: str) -> str:
    """A URL-safe short name that keeps Norwegian letters readable (Frøya -> froya)."""
    return slugify(name.translate(_NORWEGIAN_LETTERS))


def network_upsert(*, name: str, description: str = "") -> Network:
    name = name.strip()
    if not name:
        raise DomainError(_("Nettverket må ha et navn."), field="name")
    slug = slug_for(name)
    network, created = Network.objects.get_or_create(
        name=name, defaults={"slug": slug, "description": description}
    )
    if not created and description and network.description != description:
        network.description = description
        network.save(update_fields=["description"])
    return network


def owner_upsert(*, number: str, name: str, kind: str, network: Network) -> Owner:
    number = number.strip()
    if not number.isdigit() or not 2 <= len(number) <= 9:
        raise DomainError(
            _("Eiernummeret «%(number)s» må bestå av 2–9 siffer.") % {"number": number},
            field="number",
        )
    if kind not in Owner.Kind.values:
        raise DomainError(_("Ukjent type eier: «%(kind)s».") % {"kind": kind}, field="kind")
    owner, created = Owner.objects.get_or_create(
        number=number, defaults={"name": name, "kind": kind, "network": network}
    )
    if not created:
        wanted = {"name": name, "kind": kind, "network": network}
        changed = [attr for attr, value in wanted.items() if getattr(owner, attr) != value]
        for attr in changed:
            setattr(owner, attr, wanted[attr])
        if changed:
            owner.save(update_fields=changed)
    return owner


def university_upsert(*, short_name: str, name: str) -> University:
    university, _created = University.objects.get_or_create(
        short_name=short_name, defaults={"name": name}
    )
    return university


PARTY_FIELDS = (
    "org_number",
    "postal_address",
    "postcode",
    "city",
    "official_email",
    "account_number",
    "language_decision",
)


def party_update(*, actor: User | None, party: Owner | University, **fields: object) -> None:
    """Change what a letter and a payment need to know about an owner or a UH institution. Each
    value is validated (organisation and account numbers by mod 11); nothing is saved if one is
    wrong, and the change is an audit event."""
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(party, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(party, name, fields[name])
    try:
        party.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        party.refresh_from_db()
        raise DomainError(" ".join(messages), field=name) from error
    party.save(update_fields=changed)
    event_record(
        kind="party_changed",
        actor=actor,
        network=party.network if isinstance(party, Owner) else None,
        subject=party,
        message=_("Opplysningene om %(party)s ble endret: %(fields)s.")
        % {
            "party": party.name,
            "fields": ", ".join(str(party._meta.get_field(n).verbose_name) for n in changed),
        },
    )


def network_host_set(*, actor: User | None, network: Network, owner: Owner) -> None:
    """Name the owner (vertskommune) that receives and administers the network's grant."""
    if owner.network_id != network.pk:
        raise DomainError(
            _("Vertseieren må være en av nettverkets egne eiere."), field="host_owner"
        )
    if network.host_owner_id == owner.pk:
        return
    network.host_owner = owner
    network.save(update_fields=["host_owner"])
    event_record(
        kind="network_host_set",
        actor=actor,
        network=network,
        subject=network,
        message=_("%(owner)s er vertseier for %(network)s.")
        % {"owner": owner.name, "network": network.name},
    )


def partnership_set(*, network: Network, universities: Iterable[University]) -> Partnership:
    partnership, _created = Partnership.objects.get_or_create(network=network)
    partnership.universities.set(list(universities))
    return partnership


def head_count_set(
    *,
    owner: Owner,
    year: int,
    pupils: int,
    children: int,
    source: str,
    counted_on: dt.date | None = None,
) -> HeadCount:
    if pupils < 0 or children < 0:
        raise DomainError(_("Elev- og barnetall kan ikke være negative."))
    head_count, created = HeadCount.objects.get_or_create(
        owner=owner,
        year=year,
        defaults={
            "pupils": pupils,
            "children": children,
            "source": source,
            "counted_on": counted_on,
        },
    )
    if not created:
        new = {"pupils": pupils, "children": children, "source": source, "counted_on": counted_on}
        changed = [k for k, v in new.items() if getattr(head_count, k) != v]
        for k in changed:
            setattr(head_count, k, new[k])
        if changed:
            head_count.save(update_fields=changed)
    return head_count


def role_organisation_check(
    *,
    role: Role | str,
    owner: Owner | None = None,
    network: Network | None = None,
    university: University | None = None,
) -> Role:
    """The role exists and points at exactly the organisation kind it belongs to."""
    role = Role(role)
    wanted = ROLE_ORGANISATION[role]
    given = {"owner": owner, "network": network, "university": university}
    if wanted and given[wanted] is None:
        raise DomainError(
            _("Rollen «%(role)s» må knyttes til en organisasjon.") % {"role": role.label}
        )
    if any(v is not None for k, v in given.items() if k != wanted):
        raise DomainError(
            _("Rollen «%(role)s» kan ikke knyttes til denne typen organisasjon.")
            % {"role": role.label}
        )
    return role


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role | str,
    owner: Owner | None = None,
    network: Network | None = None,
    university: University | None = None,
    actor: User | None = None,
) -> Membership:
    """Give ``user`` the role (idempotent: an active membership with the same role is kept)."""
    role = role_organisation_check(role=role, owner=owner, network=network, university=university)
    membership, created = Membership.objects.active().get_or_create(
        user=user, role=role, owner=owner, network=network, university=university
    )
    if created:
        event_record(
            kind="membership_granted",
            message=_("%(user)s fikk rollen %(role)s (%(organisation)s).")
            % {
                "user": user,
                "role": role.label,
                "organisation": membership.organisation_name,
            },
            actor=actor,
            network=_audit_network(membership),
            subject=membership,
        )
    forget_access(user)
    return membership


def _audit_network(membership) -> Network | None:
    network_id = membership.network_id_for_audit
    return Network(pk=network_id) if network_id else None


def user_upsert(
    *, username: str, email: str, first_name: str, last_name: str, password: str | None = None
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def event_record(
    *,
    kind: str,
    message: str,
    actor: User | None = None,
    network: Network | None = None,
    year: int | None = None,
    subject=None,
    data: dict | None = None,
):
    """Record a fact in the event table (in the caller's transaction)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Event

    return Event.objects.create(
        kind=kind,
        message=message,
        actor=actor if actor is not None and actor.is_authenticated else None,
        network=network,
        year=year,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        data=data or {},
    )


# --- Invitations and memberships ---------------------------------------------------------------

INVITATION_UNKNOWN = gettext_lazy(
    "Lenken er ugyldig. Sjekk at du har brukt hele lenken fra e-posten, eller be den som "
    "inviterte deg om en ny invitasjon."
)
INVITATION_EXPIRED = gettext_lazy(
    "Invitasjonen er utløpt. Be den som inviterte deg om å sende en ny invitasjon."
)
INVITATION_USED = gettext_lazy(
    "Invitasjonen er allerede brukt. Logg inn med brukeren som ble opprettet da den ble godtatt."
)
INVITATION_REVOKED = gettext_lazy(
    "Invitasjonen er trukket tilbake. Be den som inviterte deg om en ny invitasjon hvis du "
    "fortsatt skal ha tilgang."
)
INVITATION_MEMBERSHIP_ENDED = gettext_lazy(
    "Medlemskapet denne invitasjonen gjaldt, er avsluttet. Lenken kan ikke brukes igjen."
)
INVITATION_ALREADY_MEMBER = gettext_lazy("%(email)s har allerede denne rollen.")
INVITATION_BAD_EMAIL = gettext_lazy("Skriv en gyldig e-postadresse.")
MEMBERSHIP_ALREADY_ENDED = gettext_lazy("Medlemskapet er allerede avsluttet.")
NOT_ALLOWED = gettext_lazy("Du har ikke tilgang til å endre denne rollen.")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return absolute_url(reverse("invitation_accept", args=[token]))


@transaction.atomic
def invitation_create(
    *,
    actor: User,
    email: str,
    role: Role | str,
    owner: Owner | None = None,
    network: Network | None = None,
    university: University | None = None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to a role; returns the invitation and the token of its link (which is
    sent by e-mail after commit and stored only as a hash)."""
    role = role_organisation_check(role=role, owner=owner, network=network, university=university)
    if not can_manage_role(actor, role=role, owner=owner, network=network, university=university):
        raise PermissionDenied(str(NOT_ALLOWED))
    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise DomainError(str(INVITATION_BAD_EMAIL), field="email") from error
    if (
        Membership.objects.active()
        .filter(
            user__email__iexact=email,
            role=role,
            owner=owner,
            network=network,
            university=university,
        )
        .exists()
    ):
        raise DomainError(str(INVITATION_ALREADY_MEMBER) % {"email": email}, field="email")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        owner=owner,
        network=network,
        university=university,
        token_hash=_token_hash(token),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    event_record(
        kind="invitation_sent",
        message=_("%(actor)s inviterte %(email)s som %(role)s (%(organisation)s).")
        % {
            "actor": actor,
            "email": email,
            "role": role.label,
            "organisation": invitation.organisation_name,
        },
        actor=actor,
        network=_audit_network(invitation),
        subject=invitation,
    )
    url = invitation_url(token)
    transaction.on_commit(lambda: _send_invitation(invitation, url))
    return invitation, token


def _send_invitation(invitation: Invitation, url: str) -> None:
    context = {
        "invitation": invitation,
        "url": url,
        "days": settings.INVITATION_VALID_DAYS,
        "inviter": invitation.invited_by,
    }
    send_mail(
        subject=_("Invitasjon til Kompetanseløftet i Trøndelag"),
        message=render_to_string("networks/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def invitation_problem(invitation: Invitation | None) -> str | None:
    """Why this invitation's link cannot be used now (a message for the person), or None."""
    if invitation is None:
        return str(INVITATION_UNKNOWN)
    if invitation.revoked_at is not None:
        return str(INVITATION_REVOKED)
    if invitation.accepted_at is not None:
        membership = invitation.membership
        if membership is None or membership.ended_at is not None:
            return str(INVITATION_MEMBERSHIP_ENDED)
        return str(INVITATION_USED)
    if invitation.expires_at <= timezone.now():
        return str(INVITATION_EXPIRED)
    return None


def invitation_for_token(token: str, *, for_update: bool = False) -> Invitation | None:
    invitations = Invitation.objects.select_related(
        "owner", "network", "university", "membership", "invited_by"
    )
    if for_update:
        invitations = invitations.select_for_update(of=("self",))
    return invitations.filter(token_hash=_token_hash(token)).first()


def _unique_username(email: str) -> str:
    base = email[:140]
    username, number = base, 1
    while User.objects.filter(username__iexact=username).exists():
        number += 1
        username = f"{base}-{number}"
    return username


@transaction.atomic
def invitation_accept(
    *,
    token: str,
    user: User | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> Membership:
    """Use an invitation's link once: to the signed-in ``user``, or to a new account set up with
    the given names and password. Anything wrong with the link raises DomainError and nothing
    is created."""
    invitation = invitation_for_token(token, for_update=True)
    problem = invitation_problem(invitation)
    if problem:
        raise DomainError(problem, code="invitation")
    assert invitation is not None
    return _accept(
        invitation, user=user, first_name=first_name, last_name=last_name, password=password
    )


def _accept(
    invitation: Invitation,
    *,
    user: User | None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> Membership:
    if user is None:
        user = User(
            username=_unique_username(invitation.email),
            email=invitation.email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save()
        event_record(
            kind="user_created",
            message=_("Brukeren %(user)s ble opprettet fra en invitasjon.") % {"user": user},
            actor=user,
            subject=user,
        )
    membership = membership_grant(
        user=user,
        role=invitation.role,
        owner=invitation.owner,
        network=invitation.network,
        university=invitation.university,
        actor=user,
    )
    invitation.accepted_at = timezone.now()
    invitation.membership = membership
    invitation.save(update_fields=["accepted_at", "membership"])
    event_record(
        kind="invitation_accepted",
        message=_("%(user)s godtok invitasjonen som %(role)s (%(organisation)s).")
        % {
            "user": user,
            "role": invitation.get_role_display(),
            "organisation": invitation.organisation_name,
        },
        actor=user,
        network=_audit_network(invitation),
        subject=invitation,
    )
    return membership


@transaction.atomic
def invitation_revoke(*, actor: User, invitation: Invitation) -> Invitation:
    if not can_manage_role(
        actor,
        role=invitation.role,
        owner=invitation.owner,
        network=invitation.network,
        university=invitation.university,
    ):
        raise PermissionDenied(str(NOT_ALLOWED))
    if not invitation.is_pending:
        raise DomainError(str(INVITATION_USED))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    event_record(
        kind="invitation_revoked",
        message=_("%(actor)s trakk tilbake invitasjonen til %(email)s.")
        % {"actor": actor, "email": invitation.email},
        actor=actor,
        network=_audit_network(invitation),
        subject=invitation,
    )
    return invitation


@transaction.atomic
def membership_end(*, actor: User, membership: Membership) -> Membership:
    """End a membership: the person keeps their history and loses the access at once."""
    if not can_manage_membership(actor, membership):
        raise PermissionDenied(str(NOT_ALLOWED))
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.ended_at is not None:
        raise DomainError(str(MEMBERSHIP_ALREADY_ENDED))
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    event_record(
        kind="membership_ended",
        message=_("%(actor)s avsluttet rollen %(role)s for %(user)s (%(organisation)s).")
        % {
            "actor": actor,
            "role": membership.get_role_display(),
            "user": membership.user,
            "organisation": membership.organisation_name,
        },
        actor=actor,
        network=_audit_network(membership),
        subject=membership,
    )
    forget_access(membership.user)
    return membership


# --- Sign-in ------------------------------------------------------------------------------------


def sign_in_unlock(*, actor: User | None, username: str, reason: str) -> int:
    """Lift a lockout after too many wrong passwords for ``username``. ``actor`` None means the
    person did it themselves (a completed password reset)."""
    from axes.utils import reset

    if actor is not None and not can_unlock_sign_in(actor):
        raise PermissionDenied(str(NOT_ALLOWED))
    count = reset(username=username)
    event_record(
        kind="sign_in_unlocked",
        message=_("Innloggingssperren for %(username)s ble opphevet (%(reason)s).")
        % {"username": username, "reason": reason},
        actor=actor,
        data={"username": username, "attempts_removed": count},
    )
    return count


def oidc_user_for_claims(*, issuer: str, claims: dict) -> User | None:
    """The person an OpenID Connect sign-in belongs to, or None.

    A stored subject identifies a person directly. Otherwise a verified e-mail address is matched
    to pending invitations (which are accepted now, setting up the account if needed) or to a
    person with an active membership; the subject is then stored for next time. Someone with
    neither gets no account."""
    subject = str(claims.get("sub") or "")
    if not subject:
        return None
    email = str(claims.get("email") or "").strip().lower()
    verified = claims.get("email_verified") in (True, "true", "True")
    user = User.objects.filter(oidc_issuer=issuer, oidc_subject=subject).first()
    now = timezone.now()
    invitations = (
        list(
            Invitation.objects.select_for_update(of=("self",))
            .filter(
                email__iexact=email,
                accepted_at__isnull=True,
                revoked_at__isnull=True,
                expires_at__gt=now,
            )
            .select_related("owner", "network", "university")
        )
        if email and verified
        else []
    )
    if user is None and email and verified:
        candidates = list(User.objects.filter(email__iexact=email, is_active=True)[:2])
        if len(candidates) == 1:
            user = candidates[0]
    if user is None and invitations:
        first = invitations.pop(0)
        user = _accept(
            first,
            user=None,
            first_name=str(claims.get("given_name") or ""),
            last_name=str(claims.get("family_name") or ""),
        ).user
    if user is None or not user.is_active:
        return None
    for invitation in invitations:
        _accept(invitation, user=user)
    if not Membership.objects.active().filter(user=user).exists():
        return None
    if (user.oidc_issuer, user.oidc_subject) != (issuer, subject):
        if (
            User.objects.filter(oidc_issuer=issuer, oidc_subject=subject)
            .exclude(pk=user.pk)
            .exists()
        ):
            return None
        user.oidc_issuer, user.oidc_subject = issuer, subject
        user.save(update_fields=["oidc_issuer", "oidc_subject"])
        event_record(
            kind="oidc_subject_linked",
            message=_("%(user)s logget inn med %(provider)s for første gang.")
            % {"user": user, "provider": settings.OIDC_PROVIDER_NAME},
            actor=user,
            subject=user,
            data={"issuer": issuer},
        )
    return user
