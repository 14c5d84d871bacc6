"""Allocation pages: the year's table, runs (create, recompute, freeze, supersede), history,
what-if, a network's own frame, and the head-count import. Views parse input, call a service or
selector and render; permissions come from ``allocation.permissions``."""

from __future__ import annotations

import base64
import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError
from config.pages import act, found, require
from grants.locks import money_is_locked
from grants.messages import YEAR_MONEY_LOCKED
from grants.models import SchemeYear
from grants.selectors import scheme_year_or_404
from networks.headcount_import.messages import msg_too_large
from networks.headcount_import.uploads import SizeCappedUploadHandler, upload_was_too_large
from networks.models import Network
from networks.permissions import access_for

from . import selectors, services
from .engine import AllocationError
from .forms import HeadCountUploadForm, SupersedeForm, WhatIfForm
from .models import AllocationRun
from .permissions import (
    can_import_head_counts,
    can_manage_allocation,
    can_view_all_allocations,
    can_view_own_frames,
)

PENDING_IMPORT = "allocation_pending_head_count_import"


def _run(allowed: bool, pk: int) -> AllocationRun:
    require(allowed)
    return found(selectors.run_get(pk))


@require_GET
@login_required
def allocation_index(request):
    user = request.user
    if can_view_all_allocations(user):
        return render(
            request,
            "allocation/index.html",
            {
                "years": selectors.scheme_years_overview(),
                "can_manage": can_manage_allocation(user),
                "can_import": can_import_head_counts(user),
            },
        )
    require(can_view_own_frames(user))
    frames = selectors.frames_for_viewer(user)
    latest_year = frames[0].run.scheme_year.year if frames else None
    return render(
        request,
        "allocation/my_frames.html",
        {
            "frames": frames,
            "networks": selectors.member_networks(user),
            "years": list(SchemeYear.objects.order_by("-year").values_list("year", flat=True)),
            "latest_year": latest_year,
        },
    )


@require_GET
@login_required
def allocation_year(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=can_view_all_allocations(request.user))
    run = selectors.current_run(year)
    locked = money_is_locked(scheme_year)
    return render(
        request,
        "allocation/year.html",
        {
            "scheme_year": scheme_year,
            "money_locked": str(YEAR_MONEY_LOCKED % {"year": year}) if locked else "",
            "run": run,
            "table": selectors.run_table(run) if run else None,
            "is_current": selectors.run_is_current(run) if run and run.is_draft else True,
            "can_manage": can_manage_allocation(request.user),
            "run_count": AllocationRun.objects.filter(scheme_year=scheme_year).count(),
        },
    )


@require_POST
@login_required
def allocation_run_create(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=can_manage_allocation(request.user))
    act(
        request,
        lambda: services.allocation_run_create(actor=request.user, scheme_year=scheme_year),
        lambda run: (
            _("Utkast nr. %(number)s er beregnet. Kontroller tallene før du fastsetter dem.")
            % {"number": run.number}
        ),
    )
    return redirect("allocation_year", year=year)


@require_POST
@login_required
def allocation_run_recompute(request, pk: int):
    run = _run(can_manage_allocation(request.user), pk)
    act(
        request,
        lambda: services.allocation_run_recompute(actor=request.user, run=run),
        _("Utkastet er beregnet på nytt med dagens tall."),
    )
    return redirect("allocation_year", year=run.scheme_year.year)


@require_GET
@login_required
def allocation_run_detail(request, pk: int):
    run = _run(can_view_all_allocations(request.user), pk)
    return render(
        request,
        "allocation/run_detail.html",
        {"run": run, "table": selectors.run_table(run), "scheme_year": run.scheme_year},
    )


@require_http_methods(["GET", "POST"])
@login_required
def allocation_run_freeze(request, pk: int):
    run = _run(can_manage_allocation(request.user), pk)
    error = None
    if request.method == "POST":
        try:
            services.allocation_run_freeze(actor=request.user, run=run)
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Fordelingen for %(year)s er fastsatt og publisert til nettverkene.")
                % {"year": run.scheme_year.year},
            )
            return redirect("allocation_year", year=run.scheme_year.year)
    return render(
        request,
        "allocation/run_freeze.html",
        {
            "run": run,
            "scheme_year": run.scheme_year,
            "table": selectors.run_table(run),
            "is_current": selectors.run_is_current(run) if run.is_draft else True,
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def allocation_run_supersede(request, pk: int):
    run = _run(can_manage_allocation(request.user), pk)
    form = SupersedeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.allocation_run_supersede(
                actor=request.user, run=run, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                _(
                    "Fordeling nr. %(old)s er erstattet av nr. %(new)s, som nå er fastsatt og "
                    "publisert."
                )
                % {"old": run.number, "new": new.number},
            )
            return redirect("allocation_year", year=run.scheme_year.year)
    preview, preview_error = None, None
    if run.is_frozen:
        try:
            preview = selectors.recomputed_table(run.scheme_year, compare_with=run)
        except DomainError as error:  # AllocationError is a DomainError
            preview_error = error.message
    return render(
        request,
        "allocation/run_supersede.html",
        {
            "run": run,
            "scheme_year": run.scheme_year,
            "form": form,
            "preview": preview,
            "preview_error": preview_error,
        },
    )


@require_GET
@login_required
def allocation_history(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=can_view_all_allocations(request.user))
    return render(
        request,
        "allocation/history.html",
        {"scheme_year": scheme_year, "runs": selectors.run_history(year)},
    )


@require_GET
@login_required
def allocation_what_if(request, year: int):
    """Recompute with other inputs and compare; GET only, so nothing can be stored."""
    scheme_year = scheme_year_or_404(year, allowed=can_manage_allocation(request.user))
    compared = selectors.current_run(year)
    bound = "total" in request.GET
    form = WhatIfForm(request.GET if bound else None, initial=WhatIfForm.initial_for(scheme_year))
    table = None
    if bound and form.is_valid():
        try:
            table = selectors.recomputed_table(
                scheme_year, compare_with=compared, settings=form.engine_kwargs()
            )
        except AllocationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        except DomainError as error:
            form.add_error(None, error.message)
    return render(
        request,
        "allocation/what_if.html",
        {"scheme_year": scheme_year, "form": form, "table": table, "compared": compared},
    )


@require_GET
@login_required
def allocation_network_frame(request, year: int, slug: str):
    """One network's frame and how it came about. A network's own people see it once it is
    frozen; any other network answers 404, exactly like one that does not exist."""
    access = access_for(request.user)
    require(access.is_regional or bool(access.member_network_ids))
    network = Network.objects.filter(slug=slug, is_active=True).first()
    if network is None or not (access.is_regional or network.pk in access.member_network_ids):
        raise Http404
    scheme_year = found(selectors.scheme_year_get(year))
    run = selectors.current_run(year) if access.is_regional else selectors.frozen_run(year)
    line = None
    if run is not None:
        line = next((item for item in run.lines.all() if item.network_id == network.pk), None)
    table = selectors.run_table(run, lines=[line]) if run is not None and line is not None else None
    return render(
        request,
        "allocation/network_frame.html",
        {
            "network": network,
            "scheme_year": scheme_year,
            "run": run if line is not None else None,
            "line": line,
            "row": table.rows[0] if table else None,
            "table": table,
            "is_regional": access.is_regional,
        },
    )


# --- Head-count import ----------------------------------------------------------------------


def _import_years() -> list[int]:
    return list(SchemeYear.objects.order_by("-year").values_list("year", flat=True))


@csrf_exempt  # checked below, once the upload handler that caps the file's size is in place
@require_http_methods(["GET", "POST"])
@login_required
def head_count_import(request):
    """Step 1: upload and check. Valid files are kept in the session for the confirm step."""
    require(can_import_head_counts(request.user))
    max_bytes = settings.HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES
    request.upload_handlers.insert(0, SizeCappedUploadHandler(request, max_bytes=max_bytes))
    return _head_count_upload(request, max_bytes)


@csrf_protect
def _head_count_upload(request, max_bytes: int):
    years = _import_years()
    posted = request.method == "POST"
    form = HeadCountUploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        years=years,
        initial={"year": years[0] if years else None},
    )
    file_errors: list[str] = []
    valid = posted and form.is_valid()
    if posted and upload_was_too_large(request):
        # The file was dropped unread past the cap: say that, not that it is missing.
        form.errors["file"] = form.error_class([msg_too_large(max_bytes)])
    elif valid:
        upload = form.cleaned_data["file"]
        # Read as a stream. A file over the cap never got here (the handler dropped it), and
        # Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE on disk, not in memory.
        outcome = services.head_count_import(
            actor=request.user,
            data=upload,
            filename=upload.name,
            year=form.cleaned_data["year"],
            source=form.cleaned_data["source"],
            counted_on=form.cleaned_data["counted_on"],
            dry_run=True,
        )
        if outcome.errors:
            file_errors = outcome.errors_shown
        else:
            upload.seek(0)
            data = upload.read()  # at most HEAD_COUNT_IMPORT_MAX_UPLOAD_BYTES
            token = uuid.uuid4().hex
            request.session[PENDING_IMPORT] = {
                "token": token,
                "data": base64.b64encode(data).decode("ascii"),
                "filename": upload.name,
                "year": outcome.year,
                "source": form.cleaned_data["source"],
                "counted_on": form.cleaned_data["counted_on"].isoformat(),
            }
            return render(
                request,
                "allocation/head_count_preview.html",
                {
                    "outcome": outcome,
                    "token": token,
                    "filename": upload.name,
                    "source": form.cleaned_data["source"],
                    "counted_on": form.cleaned_data["counted_on"],
                    "frozen": selectors.frozen_run(outcome.year) is not None,
                },
            )
    return render(
        request,
        "allocation/head_count_import.html",
        {"form": form, "file_errors": file_errors, "years": years},
    )


@require_POST
@login_required
def head_count_import_confirm(request):
    """Step 2: import the checked file. It is checked again; if it is no longer valid (an owner
    was removed meanwhile), nothing is written and the errors are shown."""
    require(can_import_head_counts(request.user))
    pending = request.session.get(PENDING_IMPORT)
    if not pending or pending.get("token") != request.POST.get("token"):
        messages.error(request, _("Opplastingen finnes ikke lenger. Last opp filen på nytt."))
        return redirect("head_count_import")
    if "cancel" in request.POST:
        del request.session[PENDING_IMPORT]
        messages.info(request, _("Importen er avbrutt. Ingen tall ble lagret."))
        return redirect("head_count_import")
    outcome = services.head_count_import(
        actor=request.user,
        data=base64.b64decode(pending["data"]),
        filename=pending["filename"],
        year=pending["year"],
        source=pending["source"],
        counted_on=dt.date.fromisoformat(pending["counted_on"]),
        dry_run=False,
    )
    del request.session[PENDING_IMPORT]
    if outcome.errors:
        years = _import_years()
        form = HeadCountUploadForm(years=years, initial={"year": pending["year"]})
        return render(
            request,
            "allocation/head_count_import.html",
            {"form": form, "file_errors": outcome.errors_shown, "years": years},
        )
    messages.success(
        request,
        _("Elev- og barnetall for %(year)s er lagret for %(count)s eiere.")
        % {"year": outcome.year, "count": len(outcome.rows)},
    )
    return redirect(reverse("allocation_year", kwargs={"year": outcome.year}))
