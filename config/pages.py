"""What the pages of every app share: a permission check that answers 403, a lookup that answers
404, how a posted action tells the person how it went, and a file to download (not named
``views``: only URL configuration imports views)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from .errors import DomainError

T = TypeVar("T")


def require(allowed: bool) -> None:
    """403 unless the person may."""
    if not allowed:
        raise PermissionDenied


def found(obj: T | None) -> T:
    """The object a page is about; 404 when there is none."""
    if obj is None:
        raise Http404
    return obj


def act(request, action: Callable[[], T], success: str | Callable[[T], str]) -> T | None:
    """Run a posted action (a service call) and tell the person how it went: a refusal
    (``DomainError``) as an error message, otherwise ``success`` (text, or made from what the
    action returned). The action's result, or None when it was refused; the caller redirects."""
    try:
        result = action()
    except DomainError as error:
        messages.error(request, error.message)
        return None
    messages.success(request, success if isinstance(success, str) else success(result))
    return result


def download(content: bytes, filename: str, content_type: str, *, private: bool = True):
    """A file to save (not to show inline); a private one is never kept by a shared cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache" if private else "public, max-age=300"
    return response
