"""How long a sign-in lasts: an idle timeout for everyone, browser-session cookies for the
regional roles, and ``recent_login_required`` for actions that want a fresh sign-in.

Times are whole seconds from ``time.time()`` kept in the session (time_machine moves them too).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.core.signing import BadSignature
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .permissions import access_for
from .roles import BROWSER_SESSION_ROLES

#: When the person last proved who they are (signed in), and when they signed in as activity.
AUTH_TIME = "kl_auth_time"
LAST_ACTIVITY = "kl_last_activity"
#: Later activity is kept in a signed cookie tied to the session, not in the session itself, so
#: a page view never writes to the database; it is renewed at most this often.
ACTIVITY_COOKIE = "kl_activity"
ACTIVITY_SALT = "networks.sessions.activity"
ACTIVITY_RESOLUTION = 60

IDLE_LOGOUT_MESSAGE = _(
    "Du ble logget ut fordi du ikke har vært aktiv på %(minutes)s minutter. Logg inn igjen."
)
RECENT_LOGIN_MESSAGE = _(
    "Av sikkerhetshensyn må du logge inn på nytt før du gjør dette. Innloggingen din er mer "
    "enn %(minutes)s minutter gammel."
)


def on_user_logged_in(sender, request, user, **kwargs) -> None:
    """Stamp the sign-in time; regional roles get a cookie that ends with the browser."""
    if request is None or not hasattr(request, "session"):
        return
    now = int(time.time())
    request.session[AUTH_TIME] = now
    request.session[LAST_ACTIVITY] = now
    if access_for(user).roles & BROWSER_SESSION_ROLES or user.is_superuser:
        request.session.set_expiry(0)


def idle_timeout_seconds() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT_MINUTES) * 60


def _session_tag(request) -> str:
    return hashlib.sha256((request.session.session_key or "").encode()).hexdigest()[:16]


def _last_activity(request) -> int | None:
    """The latest activity stamp of this session: the activity cookie if it is genuine and
    belongs to this session, else the sign-in time."""
    try:
        tag, stamp = request.get_signed_cookie(ACTIVITY_COOKIE, salt=ACTIVITY_SALT).split(":")
        if tag == _session_tag(request):
            return int(stamp)
    except (KeyError, BadSignature, ValueError):
        pass
    last = request.session.get(LAST_ACTIVITY)
    return int(last) if last is not None else None


class IdleTimeoutMiddleware:
    """Signs out a person who has done nothing for ``SESSION_IDLE_TIMEOUT_MINUTES`` and says why.

    The session itself lives a little longer than the timeout (``SESSION_COOKIE_AGE``) only so this
    middleware can still explain the sign-out; it never lets such a session through."""

    def __init__(self, get_response: Callable) -> None:
        self.get_response = get_response

    def __call__(self, request):
        last = None
        if request.user.is_authenticated:
            last = _last_activity(request)
            now = int(time.time())
            if last is None or now - last > idle_timeout_seconds():
                logout(request)
                messages.info(
                    request,
                    IDLE_LOGOUT_MESSAGE % {"minutes": settings.SESSION_IDLE_TIMEOUT_MINUTES},
                )
                return redirect_to_login(request.get_full_path())
        response = self.get_response(request)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            now = int(time.time())
            if last is None or now - last >= ACTIVITY_RESOLUTION:
                browser_session = request.session.get_expire_at_browser_close()
                response.set_signed_cookie(
                    ACTIVITY_COOKIE,
                    f"{_session_tag(request)}:{now}",
                    salt=ACTIVITY_SALT,
                    max_age=None if browser_session else settings.SESSION_COOKIE_AGE,
                    secure=settings.SESSION_COOKIE_SECURE,
                    httponly=True,
                    samesite="Lax",
                )
        return response


def has_recent_login(request, max_age_minutes: int | None = None) -> bool:
    """Did the person sign in within ``max_age_minutes`` (default ``RECENT_LOGIN_MINUTES``)?"""
    if not request.user.is_authenticated:
        return False
    minutes = settings.RECENT_LOGIN_MINUTES if max_age_minutes is None else max_age_minutes
    auth_time = request.session.get(AUTH_TIME)
    return auth_time is not None and int(time.time()) - int(auth_time) <= minutes * 60


def recent_login_required(max_age: int | None = None) -> Callable:
    """View decorator: the person must have signed in within ``max_age`` minutes (default
    ``RECENT_LOGIN_MINUTES``), else they are sent to sign in again and come back.

    For a POST (an approval button) they come back to the page the button was on, since the
    POST itself cannot be repeated by a redirect; nothing is done until they press it again."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if has_recent_login(request, max_age):
                return view(request, *args, **kwargs)
            minutes = settings.RECENT_LOGIN_MINUTES if max_age is None else max_age
            if request.user.is_authenticated:
                messages.info(request, RECENT_LOGIN_MESSAGE % {"minutes": minutes})
            next_url = request.get_full_path()
            if request.method != "GET":
                referer = request.META.get("HTTP_REFERER", "")
                safe = url_has_allowed_host_and_scheme(
                    referer,
                    allowed_hosts={request.get_host()},
                    require_https=request.is_secure(),
                )
                next_url = referer if referer and safe else resolve_url(settings.LOGIN_REDIRECT_URL)
            return redirect_to_login(next_url)

        return wrapper

    return decorator
