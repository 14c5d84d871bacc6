"""The calendar pages: the signed-in person's own feed address (show, make new, revoke) and the
feed itself, reached by its secret address alone (calendar apps cannot sign in)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from config.site import absolute_url

from . import services
from .calendar import calendar_entries, calendar_feed
from .models import CalendarToken


@require_GET
@login_required
def calendar_settings(request):
    token = CalendarToken.objects.filter(user=request.user).first()
    today = timezone.localdate()
    upcoming = [e for e in calendar_entries(user=request.user, today=today) if e.due_date >= today]
    feed_url = (
        absolute_url(reverse("calendar_feed", args=[token.token]), request) if token else None
    )
    return render(
        request,
        "workflow/calendar.html",
        {
            "token": token,
            "feed_url": feed_url,
            "webcal_url": feed_url.replace("https://", "webcal://", 1).replace(
                "http://", "webcal://", 1
            )
            if feed_url
            else None,
            "upcoming": upcoming[:20],
        },
    )


@require_POST
@login_required
def calendar_token_issue(request):
    had_token = CalendarToken.objects.filter(user=request.user).exists()
    services.calendar_token_issue(actor=request.user)
    if had_token:
        messages.success(
            request, _("Du har fått en ny kalenderadresse. Den gamle virker ikke lenger.")
        )
    else:
        messages.success(request, _("Kalenderadressen din er klar."))
    return redirect("calendar_settings")


@require_POST
@login_required
def calendar_token_revoke(request):
    if services.calendar_token_revoke(actor=request.user):
        messages.success(request, _("Kalenderadressen er trukket tilbake og virker ikke lenger."))
    return redirect("calendar_settings")


@require_GET
def calendar_feed_view(request, token: str):
    found = CalendarToken.objects.select_related("user").filter(token=token).first()
    if found is None or not found.user.is_active:
        raise Http404
    services.calendar_token_touch(found)
    response = HttpResponse(
        calendar_feed(user=found.user), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="kompetanseloftet-frister.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
