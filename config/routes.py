"""URL routes named after their views, so that a URL list says each name once:
``route("saker/", views.case_list)`` is ``path("saker/", views.case_list, name="case_list")``.
A URL whose name is not its view's name keeps ``path(..., name=...)``."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponseBase
from django.urls import URLPattern, path


def route(pattern: str, view: Callable[..., HttpResponseBase]) -> URLPattern:
    """The URL ``pattern`` for the function ``view``, named as the view is (``reverse()`` and
    ``{% url %}`` use that name)."""
    return path(pattern, view, name=view.__name__)
