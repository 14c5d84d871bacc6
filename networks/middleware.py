"""The interface language: bokmål unless the person has chosen another.

Django's ``LocaleMiddleware`` falls back on the browser's ``Accept-Language``, so a browser set to
English opened the product in English. Kompetanseløftet is a Norwegian service (språklova: bokmål
and nynorsk side by side), so the language comes only from a choice the person made:

1. the signed-in user's profile (``User.language``, saved by the language switcher);
2. the language cookie the switcher sets (before sign-in, or a user who never chose);
3. ``settings.LANGUAGE_CODE`` (bokmål).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def supported_language(code: str | None) -> str | None:
    """``code`` as one of settings.LANGUAGES, or None when it is empty or not offered."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def profile_language(user) -> str | None:
    if user is None or not user.is_authenticated:
        return None
    return supported_language(getattr(user, "language", ""))


def chosen_language(request: HttpRequest) -> str:
    return (
        profile_language(getattr(request, "user", None))
        or supported_language(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
        or settings.LANGUAGE_CODE
    )


class LanguageMiddleware:
    """Activates the chosen language, never Accept-Language. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = chosen_language(request)
        previous = translation.get_language()
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            # Leave the thread as it was found: the next request, task or test on this thread
            # must not inherit this person's language.
            if previous is None:
                translation.deactivate_all()
            else:
                translation.activate(previous)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        # Keep the cookie in step with the profile: after signing out (or on the redirect right
        # after signing in) the pages stay in the language the person chose.
        kept = profile_language(getattr(request, "user", None))
        if kept and request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) != kept:
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                kept,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response
