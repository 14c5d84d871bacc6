"""The inbox at ``/varsler/`` (the person's own notifications only; another person's answers
404 like a missing one) and the email choices page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.errors import DomainError
from config.pages import found

from . import selectors, services
from .forms import NotificationPreferencesForm

PAGE_SIZE = 25


@login_required
def inbox(request):
    page_obj = Paginator(selectors.inbox(viewer=request.user), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(request, "workflow/notifications/inbox.html", {"page_obj": page_obj})


@require_POST
@login_required
def mark_read(request, pk: int):
    notification = found(selectors.notification_get(viewer=request.user, pk=pk))
    services.notification_mark_read(actor=request.user, notification=notification)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("notification_inbox")


@require_POST
@login_required
def mark_all_read(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("Alle varslene er merket som lest."))
    return redirect("notification_inbox")


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request):
    form = NotificationPreferencesForm(
        request.POST or None, initial_choices=selectors.email_choices(request.user)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.notification_preferences_set(actor=request.user, choices=form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, _("Valgene dine for e-post er lagret."))
            return redirect("notification_preferences")
    return render(
        request,
        "workflow/notifications/preferences.html",
        {"form": form, "error_summary": form.error_summary() if form.is_bound else []},
    )
