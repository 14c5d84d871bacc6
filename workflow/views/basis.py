"""Beslutningsgrunnlag: the partnership's editor (summary, criteria, measures, budget lines)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.pages import act, form_saved, found
from grants.models import BudgetLine, Measure

from .. import permissions as perms
from .. import rules, selectors, services
from ..forms import BudgetLineForm, DecisionBasisForm, DeleteForm, MeasureForm
from ..states import CaseState
from .common import case_or_404, page, submit_step


def _editor_case(request, pk: int):
    case = case_or_404(request, pk, may=perms.can_edit_decision_basis)
    return case


def _editor_url(case, anchor: str = "") -> str:
    url = reverse("decision_basis_edit", kwargs={"pk": case.pk})
    return f"{url}#{anchor}" if anchor else url


def _money(case) -> dict:
    frame = selectors.case_frame(case)
    total = rules.decision_basis_total(case.decision_basis)
    return {
        "frame": frame,
        "budget_total": total,
        "remaining": None if frame is None else frame - total,
        "over": None if frame is None or total <= frame else total - frame,
        "frame_url": selectors.frame_page_url(case),
    }


@require_http_methods(["GET", "POST"])
@login_required
def decision_basis_edit(request, pk: int):
    case = _editor_case(request, pk)
    basis = case.decision_basis
    editable = case.state == CaseState.BESLUTNINGSGRUNNLAG
    form = DecisionBasisForm(
        request.POST if request.method == "POST" else None,
        case=case,
        initial=DecisionBasisForm.initial_for(basis),
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.decision_basis_update(
            actor=request.user,
            case=case,
            expected_version=data.get("version"),
            needs_reports=data["needs_reports"],
            **form.service_fields(),
        ),
        _("Beslutningsgrunnlaget er lagret."),
    )
    if saved:
        return redirect("decision_basis_edit", pk=case.pk)
    measures = selectors.case_measures(case)
    return page(
        request,
        "workflow/decision_basis_edit.html",
        {
            "case": case,
            "basis": basis,
            "editable": editable,
            "form": form,
            "measures": measures,
            "version": basis.version,
            "comments": selectors.revision_comments(case),
            "deadline": services.decision_basis_deadline(case),
            **submit_step(request, case, "submit_decision_basis"),
            **_money(case),
        },
    )


def _not_editable(request, case):
    messages.warning(
        request, _("Beslutningsgrunnlaget kan bare endres i steget «Beslutningsgrunnlag».")
    )
    return redirect(_editor_url(case))


def _measure_of(case, measure_pk: int) -> Measure:
    return found(
        Measure.objects.filter(pk=measure_pk, decision_basis_id=case.decision_basis_id).first()
    )


def _line_of(case, line_pk: int) -> BudgetLine:
    return found(
        BudgetLine.objects.select_related("measure")
        .filter(pk=line_pk, measure__decision_basis_id=case.decision_basis_id)
        .first()
    )


@require_http_methods(["GET", "POST"])
@login_required
def measure_edit(request, pk: int, measure_pk: int | None = None):
    case = _editor_case(request, pk)
    measure = _measure_of(case, measure_pk) if measure_pk else None
    if case.state != CaseState.BESLUTNINGSGRUNNLAG:
        return _not_editable(request, case)
    form = MeasureForm(
        request.POST if request.method == "POST" else None,
        case=case,
        initial=MeasureForm.initial_for(measure, case.decision_basis.version),
    )

    def save(cleaned: dict) -> Measure:
        data = dict(cleaned)
        version = data.pop("version", None)
        owners = data.pop("owners")
        return services.measure_save(
            actor=request.user,
            case=case,
            measure=measure,
            owners=owners,
            expected_version=version,
            **data,
        )

    saved = form_saved(
        request,
        form,
        save,
        lambda made: _("Tiltaket «%(title)s» er lagret.") % {"title": made},
    )
    if saved:
        return redirect(_editor_url(case, f"tiltak-{saved.result.pk}"))
    return page(
        request,
        "workflow/measure_form.html",
        {"case": case, "measure": measure, "form": form, **_money(case)},
    )


def _confirm_or_delete(
    request,
    case,
    doomed: Measure | BudgetLine,
    delete: Callable[[int | None], Any],
    success: str,
    back: str,
):
    """Delete a measure or a budget line (``doomed``) from the decision basis. GET asks "delete
    this?"; a POST deletes: ``delete(version)`` calls the service with the version the person saw,
    and a refusal or the success is shown as a message on the page at ``back``."""
    if request.method == "GET":
        measure, line = (doomed, None) if isinstance(doomed, Measure) else (None, doomed)
        measure_pk = doomed.pk if isinstance(doomed, Measure) else doomed.measure_id
        return page(
            request,
            "workflow/confirm_delete.html",
            {
                "case": case,
                "measure": measure,
                "line": line,
                "version": case.decision_basis.version,
                "cancel_url": _editor_url(case, f"tiltak-{measure_pk}"),
            },
        )
    form = DeleteForm(request.POST)
    form.is_valid()
    act(request, lambda: delete(form.cleaned_data.get("version")), success)
    return redirect(back)


@require_http_methods(["GET", "POST"])
@login_required
def measure_delete(request, pk: int, measure_pk: int):
    """GET asks "delete this measure?"; only the POST from that page (or the editor) deletes."""
    case = _editor_case(request, pk)
    measure = _measure_of(case, measure_pk)
    return _confirm_or_delete(
        request,
        case,
        measure,
        lambda version: services.measure_delete(
            actor=request.user, case=case, measure=measure, expected_version=version
        ),
        _("Tiltaket «%(title)s» er slettet.") % {"title": measure},
        _editor_url(case, "tiltak"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def budget_line_edit(request, pk: int, measure_pk: int | None = None, line_pk: int | None = None):
    case = _editor_case(request, pk)
    line = None
    if line_pk is not None:
        line = _line_of(case, line_pk)
        measure = line.measure
    else:
        assert measure_pk is not None, "a new line belongs to a measure"
        measure = _measure_of(case, measure_pk)
    if case.state != CaseState.BESLUTNINGSGRUNNLAG:
        return _not_editable(request, case)
    form = BudgetLineForm(
        request.POST if request.method == "POST" else None,
        initial=BudgetLineForm.initial_for(line, case.decision_basis.version),
    )
    saved = form_saved(
        request,
        form,
        lambda data: services.budget_line_save(
            actor=request.user,
            case=case,
            measure=measure,
            line=line,
            kind=data["kind"],
            description=data["description"],
            amount=data["amount"],
            expected_version=data.get("version"),
        ),
        _("Budsjettlinjen er lagret."),
    )
    if saved:
        return redirect(_editor_url(case, f"tiltak-{measure.pk}"))
    return page(
        request,
        "workflow/budget_line_form.html",
        {"case": case, "measure": measure, "line": line, "form": form, **_money(case)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def budget_line_delete(request, pk: int, line_pk: int):
    """GET asks "delete this budget line?"; only a POST deletes."""
    case = _editor_case(request, pk)
    line = _line_of(case, line_pk)
    return _confirm_or_delete(
        request,
        case,
        line,
        lambda version: services.budget_line_delete(
            actor=request.user, case=case, line=line, expected_version=version
        ),
        _("Budsjettlinjen «%(line)s» er slettet.") % {"line": line.description},
        _editor_url(case, f"tiltak-{line.measure_id}"),
    )
