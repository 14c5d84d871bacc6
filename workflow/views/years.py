"""Opening a scheme year and changing its money, allocation key and deadlines."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.errors import DomainError
from config.pages import form_saved, require
from grants.locks import money_is_locked
from grants.messages import YEAR_MONEY_LOCKED
from grants.models import SchemeYear
from grants.selectors import scheme_year_or_404
from grants.services import scheme_year_update
from networks.permissions import access_for

from .. import permissions as perms
from .. import services
from ..forms import SchemeYearForm
from ..selectors.closing import year_checklist
from .common import page, today


def _initial(scheme_year: SchemeYear) -> dict:
    fields = (*SchemeYear.MONEY_FIELDS, *SchemeYear.DEADLINE_FIELDS)
    return {name: getattr(scheme_year, name) for name in fields}


@require_http_methods(["GET", "POST"])
@login_required
def scheme_year_create(request):
    require(perms.can_open_scheme_year(request.user))
    latest = SchemeYear.objects.order_by("-year").first()
    initial = _initial(latest) if latest else {"pupil_weight": 1, "child_weight": 1}
    for name in SchemeYearForm.DEADLINES:
        initial.pop(name, None)
    initial["year"] = (latest.year + 1) if latest else today().year + 1
    form = SchemeYearForm(request.POST or None, initial=initial)
    opened = form_saved(
        request,
        form,
        lambda data: services.scheme_year_open(
            actor=request.user, year=data["year"], **form.settings()
        ),
        lambda scheme_year: (
            _("Tilskuddsåret %(year)s er opprettet med en sak for hvert aktive nettverk.")
            % {"year": scheme_year.year}
        ),
    )
    if opened:
        return redirect("year_overview", year=opened.result.year)
    return page(
        request,
        "workflow/scheme_year_form.html",
        {
            "form": form,
            "title": _("Opprett tilskuddsår"),
            "intro": _(
                "Frister du lar stå tomme, får standardverdiene i den langsiktige planen: "
                "1. desember året før, 1. februar, 15. mars og 30. juni."
            ),
            "button": _("Opprett tilskuddsåret"),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def scheme_year_edit(request, year: int):
    require(perms.can_open_scheme_year(request.user))
    scheme_year = scheme_year_or_404(year)
    form = SchemeYearForm(request.POST or None, initial=_initial(scheme_year), editing=True)

    def save(_data: dict) -> SchemeYear:
        settings = form.settings()
        deadlines = settings.pop("deadlines")
        return scheme_year_update(
            actor=request.user, scheme_year=scheme_year, **settings, **deadlines
        )

    if form_saved(request, form, save, _("Endringene for %(year)s er lagret.") % {"year": year}):
        return redirect("year_overview", year=year)
    return page(
        request,
        "workflow/scheme_year_form.html",
        {
            "form": form,
            "scheme_year": scheme_year,
            "title": _("Innstillinger for tilskuddsåret %(year)s") % {"year": year},
            "intro": _(
                "Endrede frister gir nye påminnelser for den nye datoen. En allerede fastsatt "
                "fordeling endres ikke: den må erstattes under Fordeling."
            ),
            "button": _("Lagre endringene"),
            "notice": (
                YEAR_MONEY_LOCKED % {"year": year}
                if money_is_locked(scheme_year) and not scheme_year.is_closed
                else ""
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def scheme_year_close(request, year: int):
    """The year's checklist: what is still missing before it can close, with links; Statsforvalteren
    closes it here once nothing is missing. Closing with open items shows the checklist again and
    changes nothing."""
    require(access_for(request.user).is_regional)
    scheme_year = scheme_year_or_404(year)
    may_close = perms.can_close_scheme_year(request.user)
    error = ""
    if request.method == "POST":
        require(may_close)
        try:
            services.scheme_year_close(actor=request.user, scheme_year=scheme_year)
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, _("Tilskuddsåret %(year)s er avsluttet.") % {"year": year})
            return redirect("year_overview", year=year)
    checklist = year_checklist(scheme_year)
    return page(
        request,
        "workflow/year_close.html",
        {
            "scheme_year": scheme_year,
            "checklist": checklist,
            "ready": all(row.done for row in checklist),
            "may_close": may_close and not scheme_year.is_closed,
            "error": error,
        },
    )
