"""Authentication backends: the lockout check (django-axes) and OpenID Connect sign-in
(mozilla-django-oidc) for ID-porten, Ansattporten and Feide.

OpenID Connect is off unless ``OIDC_ISSUER`` and ``OIDC_CLIENT_ID`` are set. The provider's
endpoints are read from its discovery document on first use, so configuring one provider takes
three variables (issuer, client id, secret)."""

from __future__ import annotations

import logging
from functools import lru_cache

import requests
from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

logger = logging.getLogger(__name__)

OIDC_NO_ACCESS = _(
    "Innloggingen hos %(provider)s lyktes, men vi fant ingen invitasjon eller tilgang for deg. "
    "Be sekretariatet eller nettverkskoordinatoren om en invitasjon til e-postadressen din."
)

#: mozilla-django-oidc setting name -> key in the provider's discovery document.
_DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check. A call without a request (the test client's ``login``, a
    management command) has no client to count, so it is left to the other backends."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def oidc_enabled() -> bool:
    return bool(settings.OIDC_ISSUER and settings.OIDC_RP_CLIENT_ID)


@lru_cache(maxsize=4)
def _discovery(issuer: str) -> dict:
    response = requests.get(
        f"{issuer}/.well-known/openid-configuration", timeout=settings.OIDC_TIMEOUT
    )
    response.raise_for_status()
    document = response.json()
    if document.get("issuer", "").rstrip("/") != issuer:
        raise ImproperlyConfigured(f"OIDC discovery at {issuer} names another issuer")
    return document


def oidc_setting(attr: str, *default):
    """A mozilla-django-oidc setting; endpoints not set explicitly come from discovery."""
    if attr in _DISCOVERED and not getattr(settings, attr, None) and oidc_enabled():
        value = _discovery(settings.OIDC_ISSUER).get(_DISCOVERED[attr])
        if value:
            return value
    return import_from_settings(attr, *default)


class OidcBackend(OIDCAuthenticationBackend):
    """Signs in a person coming back from the OpenID Connect provider. Who they are is decided
    by ``networks.services.oidc_user_for_claims`` (stored subject, or verified e-mail matched to
    an invitation or a membership); nobody else gets an account."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # The parent reads the provider's endpoints here; that waits until a sign-in with a code
        # arrives, so password sign-ins never depend on the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if request is None or not oidc_enabled() or "code" not in request.GET:
            return None
        super().__init__()
        return super().authenticate(request, **kwargs)

    def get_or_create_user(self, access_token, id_token, payload):
        from .services import oidc_user_for_claims

        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(self.get_userinfo(access_token, id_token, payload))
        if claims.get("sub") != payload.get("sub"):
            raise SuspiciousOperation("userinfo subject differs from the ID token's")
        with transaction.atomic():
            user = oidc_user_for_claims(issuer=settings.OIDC_ISSUER, claims=claims)
        if user is None:
            messages.error(self.request, OIDC_NO_ACCESS % {"provider": settings.OIDC_PROVIDER_NAME})
        return user
