"""Pages of the records: attachment upload, download and removal; the public journal
(anonymous, `/offentlig-journal/`); search."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.pages import act, form_saved, found, require
from grants.models import JournalEntry
from grants.permissions import can_correct_journal
from grants.records.services import journal_correct

from . import attachments as att
from . import records
from .journal_forms import JournalCorrectionForm

DEFAULT_PUBLIC_DAYS = 30


def _back(request, fallback: str = "home"):
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


@require_POST
@login_required
def attachment_upload(request, kind: str, pk: int):
    holder = att.document_get(viewer=request.user, kind=kind, pk=pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Velg en fil å laste opp."))
        return _back(request)
    act(
        request,
        lambda: att.attachment_upload(
            actor=request.user, holder=holder, upload=upload, name=upload.name, size=upload.size
        ),
        lambda attachment: _("Vedlegget «%(name)s» er lagt til.") % {"name": attachment.name},
    )
    return _back(request)


@require_POST
@login_required
def attachment_remove(request, pk: int):
    attachment = att.attachment_get(viewer=request.user, pk=pk)
    act(
        request,
        lambda: att.attachment_remove(actor=request.user, attachment=attachment),
        _("Vedlegget er fjernet."),
    )
    return _back(request)


@require_GET
@login_required
def attachment_download(request, pk: int, name: str):
    attachment = att.attachment_get(viewer=request.user, pk=pk)
    if name != attachment.name:
        raise Http404
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.mime_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response


def _date(value: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(value) if value else default
    except ValueError:
        return default


@require_GET
def public_journal(request):
    """Offentlig journal: open to everyone, no login."""
    today = timezone.localdate()
    date_to = _date(request.GET.get("til", ""), today)
    date_from = _date(request.GET.get("fra", ""), date_to - dt.timedelta(days=DEFAULT_PUBLIC_DAYS))
    if date_from > date_to:
        date_from, date_to = date_to, date_from
    query = request.GET.get("q", "").strip()[:200]
    page = Paginator(
        records.public_journal(date_from=date_from, date_to=date_to, query=query),
        records.PUBLIC_PAGE_SIZE,
    ).get_page(request.GET.get("side"))
    return render(
        request,
        "reporting/public_journal.html",
        {
            "entries": [records.public_entry(e) for e in page.object_list],
            "page": page,
            "date_from": date_from,
            "date_to": date_to,
            "query": query,
            "access_email": settings.RECORDS_ACCESS_EMAIL,
            "can_correct": can_correct_journal(request.user),
        },
    )


@require_GET
@login_required
def search(request):
    query = request.GET.get("q", "").strip()[:200]
    kind = request.GET.get("type", "")
    if kind not in records.KIND_LABELS:
        kind = ""
    year_text = request.GET.get("aar", "")
    year = int(year_text) if year_text.isdigit() else None
    hits = records.search(viewer=request.user, query=query, kind=kind, year=year) if query else []
    return render(
        request,
        "reporting/search.html",
        {
            "query": query,
            "kind": kind,
            "year": year,
            "kinds": [(key, str(label)) for key, label in records.KIND_LABELS.items()],
            "hits": hits,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def journal_entry_correct(request, pk: int):
    """The archive keepers correct an entry (a title, a restriction); every change is logged."""
    require(can_correct_journal(request.user))
    entry = found(JournalEntry.objects.filter(pk=pk).first())
    fields = ["title", "correspondent", "correspondent_is_person", "restriction_basis"]
    initial = {name: getattr(entry, name) for name in fields}
    initial["public_title"] = entry.public_title
    form = JournalCorrectionForm(request.POST or None, initial=initial)
    if form_saved(
        request,
        form,
        lambda data: journal_correct(actor=request.user, entry=entry, **data),
        _("Journalpost %(reference)s er rettet.") % {"reference": entry.document_reference},
    ):
        return redirect("reporting:journal_entry_correct", pk=entry.pk)
    return render(
        request,
        "reporting/journal_entry_correct.html",
        {
            "entry": entry,
            "form": form,
            "error_summary": form.error_summary(),
            "corrections": entry.corrections.select_related("corrected_by"),
        },
    )
