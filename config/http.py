"""What every app's pages share about answering a request."""

from __future__ import annotations

from typing import TypeVar

from django.http import Http404

T = TypeVar("T")


def found_or_404(found: T | None) -> T:
    """What a lookup found, or a 404 when it found nothing (an object the person may not see
    answers like a missing one)."""
    if found is None:
        raise Http404
    return found
