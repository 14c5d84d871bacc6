"""The project's URLs plus two that fail on purpose, for tests/test_error_pages.py."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("boom")


urlpatterns = [path("test-forbidden/", forbidden), path("test-broken/", broken), *urlpatterns]
