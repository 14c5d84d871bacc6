"""Pages and downloads: decision letters, the year's PDFs, exports, the dashboard and open data.

Views parse input, check the permission predicates, call a selector or service and render.
A wrong role gets 403; another network's letter gets 404, exactly like one that does not exist.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.exports import csv_bytes, delimiter_from, xlsx_bytes
from config.formatting import format_kroner
from config.pages import act, download, found, require
from grants.models import Letter
from grants.selectors import scheme_year_or_404
from networks.selectors import party_key
from workflow import permissions as workflow_perms
from workflow import selectors as workflow_selectors

from . import permissions as perms
from . import selectors, services
from .charts import bar_chart
from .pdf import (
    letter_file_stem,
    render_allocation_table,
    render_decision_letter,
    render_recommendation,
    render_year_report,
)
from .pdf.texts import document_language, texts
from .resources import EXPORTS

# --- year pages -----------------------------------------------------------------------------


@require_GET
@login_required
def index(request):
    require(perms.can_view_reporting(request.user))
    return render(
        request,
        "reporting/index.html",
        {"years": selectors.scheme_year_list(), "published": selectors.published_years()},
    )


@require_GET
@login_required
def year_detail(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=perms.can_view_reporting(request.user))
    rows = selectors.year_rows(scheme_year=scheme_year, viewer=request.user)
    regional = perms.can_download_year_documents(request.user)
    return render(
        request,
        "reporting/year_detail.html",
        {
            "scheme_year": scheme_year,
            "rows": rows,
            "regional": regional,
            "documents": selectors.year_documents_ready(scheme_year) if regional else {},
            "can_run_batch": perms.can_run_letter_batch(request.user),
            "can_manage_payouts": perms.can_manage_payouts(request.user),
            "exports": [
                ("fordeling", _("Fordeling (rammer per nettverk)")),
                ("saker", _("Saker med steg og beløp")),
                ("rapporter", _("Rapporter med brukte og ubrukte midler")),
            ],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def letter_batch(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=perms.can_run_letter_batch(request.user))
    if request.method == "POST":
        act(
            request,
            lambda: services.letter_batch_start(actor=request.user, scheme_year=scheme_year),
            _("Laging av vedtaksbrevene er startet."),
        )
        return redirect("reporting:letter_batch", year=year)
    batch = selectors.letter_batch_latest(scheme_year)
    auto = request.GET.get("auto") == "1" and batch is not None and batch.is_active
    response = render(
        request,
        "reporting/letter_batch.html",
        {
            "scheme_year": scheme_year,
            "batch": batch,
            "missing": selectors.decisions_missing_letters(scheme_year).count(),
            "failures": selectors.letter_failures(scheme_year),
            "auto_refresh": auto,
        },
    )
    if auto:
        # Reload while the batch runs, only when asked for (WCAG 2.2.1: the user controls it).
        response["Refresh"] = "5"
    return response


# --- decision letters -----------------------------------------------------------------------


def _stored_letter(request, letter) -> bytes | HttpResponse:
    """The stored bytes of a letter, checked against its checksum (an alarm and an error page
    when they differ: what was sent must stay what is stored)."""
    try:
        with letter.letter_pdf.open("rb") as stored:
            content = stored.read()
    except FileNotFoundError as missing:
        raise Http404 from missing
    actual = hashlib.sha256(content).hexdigest()
    if actual != letter.letter_sha256:
        services.decision_letter_alarm(letter=letter, actual=actual, actor=request.user)
        return render(
            request, "reporting/letter_damaged.html", {"decision": letter.decision}, status=500
        )
    return content


def _letter_or_404(request, pk: int):
    letter = selectors.letter_get(pk)
    if letter is None or not perms.can_view_decision_letter(request.user, letter.decision):
        raise Http404
    return letter


def _pdf_response(request, letter):
    content = _stored_letter(request, letter)
    if isinstance(content, HttpResponse):
        return content
    response = download(content, f"{letter_file_stem(letter.number)}.pdf", "application/pdf")
    response["ETag"] = f'"{letter.letter_sha256}"'
    return response


@require_GET
@login_required
def letter_pdf(request, pk: int):
    """One letter as sent, named by its document number (``2027-00042-3.pdf``)."""
    return _pdf_response(request, _letter_or_404(request, pk))


@require_GET
@login_required
def letter_html(request, pk: int):
    """The accessible HTML version of a letter: the body rendered from the same data as its PDF
    when the letter was made, and kept with it, so it is the letter that was sent."""
    letter = _letter_or_404(request, pk)
    pdf_url = reverse("reporting:letter_pdf", args=[pk])
    title = f"{letter.get_kind_display()} {letter.number}"
    if letter.letter_html:
        return _letter_page(request, title=title, pdf_url=pdf_url, stored_html=letter.letter_html)
    # A letter made before the HTML was kept: rendered now from the stored rows.
    if letter.kind == Letter.Kind.DECISION:
        decision = selectors.decision_for_letter(letter.decision_id)
        if decision is None:
            raise Http404
        data: Any = selectors.decision_letter_data(
            decision,
            party=letter.owner or letter.university,
            document_number=letter.number,
            language=letter.language,
        )
    elif letter.appeal is not None:
        data = selectors.appeal_letter_data(
            letter.appeal, letter.kind, document_number=letter.number, language=letter.language
        )
    else:
        raise Http404
    return _letter_page(request, title=title, pdf_url=pdf_url, data=data)


def _letter_page(request, *, title: str, pdf_url: str, stored_html: str = "", data=None):
    context = {"title": title, "pdf_url": pdf_url, "stored_html": stored_html}
    if data is not None:
        context.update(selectors.letter_body_context(data))
    return render(request, "reporting/letter.html", context)


@require_GET
@login_required
def decision_letter(request, pk: int):
    """The vedtak's letter to the network's host owner (the letters are made now if the worker
    has not made them yet; they are stored and never made again)."""
    decision = selectors.decision_for_letter(pk)
    if decision is None or not perms.can_view_decision_letter(request.user, decision):
        raise Http404
    if not decision.letters.filter(kind=Letter.Kind.DECISION).exists():
        decision = services.decision_letters_make(decision_id=decision.pk, actor=request.user)
    letters = decision.letters.filter(kind=Letter.Kind.DECISION)
    letter = letters.filter(owner__isnull=False).first() or letters.first()
    if letter is None:
        raise Http404
    return _pdf_response(request, letter)


def _previewed(request, pk: int) -> tuple[Any, str]:
    """A draft's letter to one party, for whoever may decide it: ``?part=`` names the party
    (``eier-<id>``, ``uh-<id>``; the host owner when not given; another party answers 404).
    Its input, and the party's key."""
    decision, case = found(workflow_selectors.decision_get(viewer=request.user, pk=pk))
    if decision.status != decision.Status.DRAFT or not workflow_perms.can_decide(
        request.user, case
    ):
        raise Http404
    parties = selectors.decision_parties(decision)
    wanted = request.GET.get("part", "")
    if not wanted:
        party = parties[0] if parties else None
    else:
        party = next((p for p in parties if party_key(p) == wanted), None)
        if party is None:
            raise Http404
    data = selectors.decision_letter_data(decision, party=party, preview=True)
    return data, party_key(party) if party is not None else ""


@require_GET
@login_required
def decision_preview(request, pk: int):
    """The draft's letter to a party as it would be sent, marked as a preview. Nothing is
    stored, numbered or journaled."""
    data, key = _previewed(request, pk)
    name = "-".join(part for part in ("forhandsvisning-vedtak", str(pk), key) if part)
    response = HttpResponse(render_decision_letter(data), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, f"{name}.pdf") or ""
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@login_required
def decision_preview_html(request, pk: int):
    data, key = _previewed(request, pk)
    return _letter_page(
        request,
        title=str(texts(data.language)["preview_mark"]),
        pdf_url=reverse("reporting:decision_preview", args=[pk]) + (f"?part={key}" if key else ""),
        data=data,
    )


# --- the year's PDFs ------------------------------------------------------------------------


def _year_document(request, year: int):
    return scheme_year_or_404(year, allowed=perms.can_download_year_documents(request.user))


def _document_language() -> str:
    """The year's documents follow the reader: nynorsk in nynorsk, otherwise bokmål."""
    return document_language(translation.get_language())


def _year_pdf(request, year: int, data_for, render, name: str):
    """``<name>-<year>.pdf``, made from the year's data when there is any (404 before)."""
    scheme_year = _year_document(request, year)
    data = data_for(scheme_year, language=_document_language())
    if data is None:
        raise Http404
    return download(render(data), f"{name}-{year}.pdf", "application/pdf")


@require_GET
@login_required
def recommendation_pdf(request, year: int):
    return _year_pdf(
        request, year, selectors.recommendation_data, render_recommendation, "innstilling"
    )


@require_GET
@login_required
def allocation_pdf(request, year: int):
    return _year_pdf(
        request, year, selectors.allocation_table_data, render_allocation_table, "fordeling"
    )


@require_GET
@login_required
def year_report_pdf(request, year: int):
    scheme_year = _year_document(request, year)
    language = _document_language()
    with translation.override(language):  # the report statuses are interface labels
        data = selectors.year_report_data(scheme_year, language=language)
    return download(render_year_report(data), f"arsrapport-{year}.pdf", "application/pdf")


# --- exports --------------------------------------------------------------------------------

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@require_GET
@login_required
def export(request, year: int, kind: str, fmt: str):
    if kind not in EXPORTS or fmt not in FORMATS:
        raise Http404
    scheme_year = scheme_year_or_404(year, allowed=perms.can_view_reporting(request.user))
    resource_class, queryset_for = EXPORTS[kind]
    dataset = resource_class().export(
        queryset=queryset_for(scheme_year=scheme_year, viewer=request.user),
        # Numbers stay numbers in the spreadsheet, so it can sum them.
        force_native_type=fmt == "xlsx",
    )
    rows = [dataset[i] for i in range(dataset.height)]
    # Formulas neutralised; CSV with semicolons and a byte order mark unless commas are asked
    # for; XLSX with real dates and number formats (config.exports).
    if fmt == "xlsx":
        content = xlsx_bytes(dataset.headers, rows, title=f"{kind} {year}")
    else:
        content = csv_bytes(dataset.headers, rows, delimiter=delimiter_from(request.GET))
    return download(content, f"kompetanseloftet-{year}-{kind}.{fmt}", FORMATS[fmt])


# --- dashboard ------------------------------------------------------------------------------


@require_GET
@login_required
def dashboard(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=perms.can_view_dashboard(request.user))
    board = selectors.dashboard(scheme_year=scheme_year)
    state_chart = bar_chart(
        chart_id="saker-per-steg",
        title=_("Saker per steg i %(year)s") % {"year": year},
        description=", ".join(f"{item.label}: {item.value}" for item in board.states),
        items=[(item.label, item.value) for item in board.states],
    )
    money_chart = bar_chart(
        chart_id="penger",
        title=_("Penger i %(year)s") % {"year": year},
        description=", ".join(f"{item.label}: {format_kroner(item.value)}" for item in board.money),
        items=[(item.label, item.value) for item in board.money],
        text=format_kroner,
    )
    granted_rows = [(row.network.name, row.granted or 0) for row in board.rows]
    granted_chart = bar_chart(
        chart_id="innvilget-per-nettverk",
        title=_("Innvilget per nettverk i %(year)s") % {"year": year},
        description=", ".join(f"{name}: {format_kroner(value)}" for name, value in granted_rows),
        items=granted_rows,
        text=format_kroner,
    )
    return render(
        request,
        "reporting/dashboard.html",
        {
            "scheme_year": scheme_year,
            "board": board,
            "state_chart": state_chart,
            "money_chart": money_chart,
            "granted_chart": granted_chart,
        },
    )


# --- open data (public) ---------------------------------------------------------------------


@require_GET
def open_data_index(request):
    return render(request, "reporting/open_data_index.html", {"years": selectors.published_years()})


@require_GET
def open_data_year(request, year: int):
    data = selectors.open_data(year)
    if data is None:
        raise Http404
    return render(
        request,
        "reporting/open_data_year.html",
        {"data": data, "columns": selectors.OPEN_DATA_COLUMNS},
    )


def _published_open_data(year: int):
    data = selectors.open_data(year)
    if data is None or not data.published:
        raise Http404
    return data


@require_GET
def open_data_csv(request, year: int):
    data = _published_open_data(year)
    response = download(
        csv_bytes(
            selectors.OPEN_DATA_COLUMNS,
            [list(row.as_dict().values()) for row in data.rows],
            delimiter=delimiter_from(request.GET),
        ),
        f"kompetanseloftet-{year}.csv",
        "text/csv; charset=utf-8",
        private=False,
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def open_data_json(request, year: int):
    data = _published_open_data(year)
    payload = {
        "dataset": "Kompetanseløftet for spesialpedagogikk og inkluderende praksis – Trøndelag",
        "publisher": selectors.STATSFORVALTEREN.name,
        "year": data.year,
        "currency": "NOK",
        "total": data.total,
        "joint_measures": data.joint_measures,
        "allocation_frozen_on": data.frozen_on.isoformat() if data.frozen_on else None,
        "decided_on": data.decided_on.isoformat() if data.decided_on else None,
        "columns": list(selectors.OPEN_DATA_COLUMNS),
        "rows": [row.as_dict() for row in data.rows],
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = (
        content_disposition_header(False, f"kompetanseloftet-{year}.json") or ""
    )
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response
