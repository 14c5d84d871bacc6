"""People: users, their language, memberships, invitations and the end of a membership."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.site import absolute_url

from ..models import (
    Invitation,
    Membership,
    Network,
    Owner,
    University,
    User,
)
from ..permissions import can_manage_membership, can_manage_role, forget_access
from ..roles import ROLE_ORGANISATION, Role
from .events import event_record


def user_language_set(*, actor: User, language: str) -> User:
    """Keep the language the person chose in the switcher on their profile ("" = the default)."""
    if language and language not in User.Language.values:
        raise DomainError(_("Ukjent språk."), field="language")
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
    return actor


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
    budget_authority: bool = False,
) -> Membership:
    """Give ``user`` the role (idempotent: an active membership with the same role is kept).
    ``budget_authority``: a Statsforvalteren case officer who may approve vedtak others
    prepared (given once; taking it away is done by ending the membership)."""
    if budget_authority and role != Role.STATSFORVALTER:
        raise DomainError(
            _("Bare saksbehandlere hos Statsforvalteren kan ha budsjettdisponeringsmyndighet."),
            field="budget_authority",
        )
    role = role_organisation_check(role=role, owner=owner, network=network, university=university)
    membership, created = Membership.objects.active().get_or_create(
        user=user, role=role, owner=owner, network=network, university=university
    )
    if created:
        _record(
            "membership_granted",
            membership,
            actor=actor,
            message=_("%(user)s fikk rollen %(role)s (%(organisation)s).")
            % {
                "user": user,
                "role": role.label,
                "organisation": membership.organisation_name,
            },
        )
    if budget_authority and not membership.budget_authority:
        membership.budget_authority = True
        membership.save(update_fields=["budget_authority"])
        event_record(
            kind="budget_authority_granted",
            message=_("%(user)s fikk budsjettdisponeringsmyndighet.") % {"user": user},
            actor=actor,
            subject=membership,
        )
    forget_access(user)
    return membership


def _record(kind: str, about: Membership | Invitation, *, actor: User | None, message: str) -> None:
    """An event about a membership or an invitation, filed under its network if it has one."""
    network_id = about.network_id_for_audit
    event_record(
        kind=kind,
        message=message,
        actor=actor,
        network=Network(pk=network_id) if network_id else None,
        subject=about,
    )


def _set_password(user: User, password: str | None) -> None:
    """The password given, or none that can be used (sign-in by OpenID Connect only)."""
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()


def user_upsert(
    *, username: str, email: str, first_name: str, last_name: str, password: str | None = None
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        _set_password(user, password)
        user.save(update_fields=["password"])
    return user


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
    _record(
        "invitation_sent",
        invitation,
        actor=actor,
        message=_("%(actor)s inviterte %(email)s som %(role)s (%(organisation)s).")
        % {
            "actor": actor,
            "email": email,
            "role": role.label,
            "organisation": invitation.organisation_name,
        },
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
    # The invitee has not chosen a language yet: bokmål, whatever the inviter reads the site in.
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Invitasjon til Kompetanseløftet i Trøndelag")
        message = render_to_string("networks/email/invitation.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[invitation.email])


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
        _set_password(user, password)
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
    _record(
        "invitation_accepted",
        invitation,
        actor=user,
        message=_("%(user)s godtok invitasjonen som %(role)s (%(organisation)s).")
        % {
            "user": user,
            "role": invitation.get_role_display(),
            "organisation": invitation.organisation_name,
        },
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
    _record(
        "invitation_revoked",
        invitation,
        actor=actor,
        message=_("%(actor)s trakk tilbake invitasjonen til %(email)s.")
        % {"actor": actor, "email": invitation.email},
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
    _record(
        "membership_ended",
        membership,
        actor=actor,
        message=_("%(actor)s avsluttet rollen %(role)s for %(user)s (%(organisation)s).")
        % {
            "actor": actor,
            "role": membership.get_role_display(),
            "user": membership.user,
            "organisation": membership.organisation_name,
        },
    )
    forget_access(membership.user)
    return membership
