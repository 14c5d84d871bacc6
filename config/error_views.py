"""The project's 403, 404 and 500 pages (``handler403`` and friends in ``config.urls``).

Django uses them whenever DEBUG is off (production, the tests). 403 and 404 extend the base
layout, so a person keeps the menu and a way back; 500 is a standalone page that needs no
database, no context processor and no request, because something has already gone wrong.
"""

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
