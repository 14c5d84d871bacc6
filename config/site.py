"""Absolute addresses of the product's pages, for e-mail, calendar feeds and invitations.

``SITE_URL`` (the environment) is the public address when set. When it is not, a page builds
addresses from the request it answers (so they carry the host and port the server really runs
on), and work without a request (e-mail from a task) falls back to the local development address.
"""

from __future__ import annotations

from django.conf import settings

#: Where ``make run`` serves the product; only used when neither SITE_URL nor a request says.
LOCAL_SITE_URL = "http://127.0.0.1:8000"


def site_root(request=None) -> str:
    """The address of the site's root, without a trailing slash."""
    if settings.SITE_URL:
        return settings.SITE_URL.rstrip("/")
    if request is not None:
        return request.build_absolute_uri("/").rstrip("/")
    return LOCAL_SITE_URL


def absolute_url(path: str, request=None) -> str:
    """``path`` (from ``reverse``) as an absolute address."""
    return f"{site_root(request)}{path}"
