"""What every app's pages share about answering a request."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.contrib import messages
from django.http import Http404

from .errors import DomainError

T = TypeVar("T")


def found_or_404(found: T | None) -> T:
    """What a lookup found, or a 404 when it found nothing (an object the person may not see
    answers like a missing one)."""
    if found is None:
        raise Http404
    return found


def action_taken(request, act: Callable[[], Any], success: str) -> bool:
    """A posted action with no form to show again: ``act()`` calls the service. Its refusal (a
    ``DomainError``) becomes an error message on the next page, its success the message
    ``success``. True when it was taken."""
    try:
        act()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    messages.success(request, success)
    return True
