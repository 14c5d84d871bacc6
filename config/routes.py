"""URL routes named after their views, so that a URL list says each name once:
``route("saker/", views.case_list)`` is ``path("saker/", views.case_list, name="case_list")``.
A URL whose name is not its view's name keeps ``path(..., name=...)``."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpResponseBase
from django.urls import URLPattern, path


def route(pattern: str, view: Callable[..., HttpResponseBase]) -> URLPattern:
    """The URL ``pattern`` for the function ``view``, named as the view is (``reverse()`` and
    ``{% url %}`` use that name)."""
    name = view.__name__
    if name in {"view", "wrapper", "_wrapped_view", "<lambda>"}:  # as_view(), a bare decorator
        raise ImproperlyConfigured(f"route({pattern!r}): name the URL with path(..., name=...)")
    return path(pattern, view, name=name)
