"""Rapport: the partnership's report on what it did with the money."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from config.pages import form_saved
from grants.models import Report

from .. import permissions as perms
from .. import rules, selectors, services
from ..forms import ReportForm
from ..states import CaseState
from .common import case_or_404, page, submit_step


@require_http_methods(["GET", "POST"])
@login_required
def report_edit(request, pk: int):
    case = case_or_404(request, pk, may=perms.can_edit_report)
    report = case.report
    editable = (
        report is not None
        and case.state == CaseState.RAPPORTERING
        and report.status in (Report.Status.DRAFT, Report.Status.RETURNED)
    )
    form = None
    if report is not None:
        form = ReportForm(
            request.POST if request.method == "POST" else None,
            report=report,
            initial=ReportForm.initial_for(report),
        )
        saved = form_saved(
            request,
            form,
            lambda _data: services.report_update(
                actor=request.user, case=case, **form.service_kwargs()
            ),
            _("Rapporten er lagret."),
        )
        if saved:
            return redirect("report_edit", pk=case.pk)
    decision = rules.decision_in_force(case)
    return page(
        request,
        "workflow/report_edit.html",
        {
            "case": case,
            "report": report,
            "form": form,
            "editable": editable,
            "decision": decision,
            "used_total": rules.report_used_total(report) if report else 0,
            "expected_total": rules.report_expected_total(report) if report else 0,
            "deadline": rules.case_report_deadline(case),
            # the final report after an approved interim one
            "interim": report is not None and not report.is_interim and rules.interim_report(case),
            "comments": selectors.revision_comments(case),
            **submit_step(request, case, "submit_report"),
        },
    )
