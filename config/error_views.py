"""The project's 403, 404 and 500 pages (``handler403`` and friends in ``config.urls``).

Django uses them whenever DEBUG is off (production, the tests). 403 and 404 extend the base
layout, so a person keeps the menu and a way back; 500 is a standalone page that needs no
database, no context processor and no request, because something has already gone wrong.
"""

from django.conf import settings
from django.http import HttpResponseForbidden, HttpResponseNotFound, HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def page_not_found(request, exception=None):
    return HttpResponseNotFound(loader.render_to_string("404.html", {}, request))


@requires_csrf_token
def permission_denied(request, exception=None):
    return HttpResponseForbidden(loader.render_to_string("403.html", {}, request))


@requires_csrf_token
def server_error(request):
    return HttpResponseServerError(loader.get_template("500.html").render())


class ProjectNotFoundMiddleware:
    """With DEBUG on (the local default), Django answers a missing page with its technical 404,
    which lists every URL pattern. People trying the product locally should see the product's
    page instead; a developer who wants the technical page sets ``SHOW_DEBUG_404=True``.
    Does nothing when DEBUG is off: then ``handler404`` is used anyway."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not settings.SHOW_DEBUG_404
            and response.get("Content-Type", "").startswith("text/html")
            and b"DEBUG = True" in response.content
        ):
            return page_not_found(request)
        return response
