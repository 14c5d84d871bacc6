"""Sign-in: unlocking a locked-out name, and matching an OpenID Connect identity to a person."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Invitation,
    Membership,
    User,
)
from ..permissions import can_unlock_sign_in
from .events import event_record
from .people import NOT_ALLOWED, _accept


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
