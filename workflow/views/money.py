"""Money after the vedtak: the report's control (approval and unused money), a vedtak's payout
plan, the year's payout batches with their exports, and marking a batch paid. Statsforvalteren
only; another network's case answers 404 like elsewhere."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.exports import csv_bytes, delimiter_from, xlsx_bytes
from config.pages import download, form_saved, found, require
from grants.models import Decision, PayoutBatch, Settlement
from grants.selectors import scheme_year_or_404
from networks.models import Owner, University

from .. import permissions as perms
from .. import rules, selectors, services
from ..forms import CommentForm
from ..forms.money import (
    BatchPaidForm,
    InstalmentPlanForm,
    PayoutBatchForm,
    PayoutSettingsForm,
    ReportControlForm,
)
from ..selectors import money
from .common import case_or_404, decision_or_404, page, today

# --- the report's control -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def report_control(request, pk: int):
    """The report against the grant, per budget line, and the approval with the decision on
    the money not used."""
    case = case_or_404(request, pk, may=perms.can_control_report)
    report = found(case.report)
    control = services.report_control(case)
    costs = list(report.costs.select_related("budget_line__measure"))
    interim = report.is_interim
    lines = [
        {
            "cost": cost,
            "budget": int(cost.budget_line.amount),
            "used": int(cost.used),
            "expected": int(cost.expected),
            # an interim report: what is left of the budget after the use expected as well
            "difference": int(cost.budget_line.amount)
            - int(cost.used)
            - (int(cost.expected) if interim else 0),
        }
        for cost in costs
    ]
    if interim:
        return _interim_control(request, case, report, control, lines)
    may_approve = rules.report_is_submitted(case)
    form = None
    if may_approve:
        form = ReportControlForm(
            request.POST if request.method == "POST" else None,
            carry_over_allowed=case.scheme_year.carry_over_allowed,
            unused=control.unused,
        )
        saved = form_saved(
            request,
            form,
            lambda data: services.report_approve(
                actor=request.user,
                case=case,
                comment=data.get("comment", ""),
                carry_over=data.get("settlement") == Settlement.Kind.CARRY_OVER,
                reasons=data.get("reasons", ""),
            ),
            _("Rapporten er godkjent, og saken er avsluttet."),
        )
        if saved:
            return redirect("case_detail", pk=case.pk)
    elif request.method == "POST":
        raise Http404
    return page(
        request,
        "workflow/report_control.html",
        {
            **_control_context(case, report, control, lines),
            "form": form,
            "settlement": money.case_settlement(case),
            "may_correct_delivery": perms.can_correct_delivery(request.user, case),
            "problems": services.settlement_problems(case, carry_over=False) if may_approve else [],
        },
    )


def _control_context(case, report, control, lines) -> dict:
    """What the control page shows of a final and of an interim report alike."""
    return {
        "case": case,
        "report": report,
        "control": control,
        "lines": lines,
        "budget_total": sum(line["budget"] for line in lines),
    }


def _interim_control(request, case, report, control, lines):
    """An interim report: the use so far and the use expected against the grant. No money is
    settled; Statsforvalteren approves it (``approve_interim_report``) or returns it from the case
    page, and the final report follows."""
    if request.method == "POST":
        raise Http404
    actions = selectors.case_actions(request.user, case, today())[0]
    approve = [a for a in actions if a.name == "approve_interim_report"]
    expected = sum(line["expected"] for line in lines)
    return page(
        request,
        "workflow/report_control.html",
        {
            **_control_context(case, report, control, lines),
            "interim": True,
            "expected_total": expected,
            "left_after_expected": control.granted - control.used - expected,
            "interim_action": approve[0] if approve else None,
            "interim_form": CommentForm(
                action="approve_interim_report",
                help_text=approve[0].help,
                initial={"seen_state": case.state},
            )
            if approve
            else None,
        },
    )


# --- a vedtak's payout plan ---------------------------------------------------------------------


def _payees(decision: Decision, instalments) -> list[dict]:
    """The vedtak's instalments grouped by payee, in the plan's order."""
    groups: dict[tuple[str, int], dict] = {}
    for instalment in instalments:
        key = (
            ("owner", instalment.owner_id)
            if instalment.owner_id
            else ("university", instalment.university_id)
        )
        group = groups.setdefault(
            key, {"key": f"{key[0]}-{key[1]}", "name": instalment.payee_name, "rows": []}
        )
        group["rows"].append(instalment)
    for group in groups.values():
        group["editable"] = [i for i in group["rows"] if i.is_editable]
        group["total"] = sum(int(i.amount) for i in group["rows"] if i.status != i.Status.CANCELLED)
    return list(groups.values())


def _may_manage(request) -> None:
    """403 unless the person manages payouts (plans, batches, their export)."""
    require(perms.can_manage_payouts(request.user))


@require_http_methods(["GET", "POST"])
@login_required
def payout_plan(request, pk: int):
    decision, case = decision_or_404(request, pk)
    _may_manage(request)
    if decision.status == Decision.Status.DRAFT:
        raise Http404
    payees = _payees(decision, decision.instalments.select_related("batch__scheme_year"))
    posted = request.POST.get("payee") if request.method == "POST" else None
    for group in payees:
        editable = decision.status == Decision.Status.DECIDED and group["editable"]
        group["form"] = None
        if not editable:
            continue
        group["form"] = InstalmentPlanForm(
            request.POST if posted == group["key"] else None,
            prefix=group["key"],
            initial={"lines": InstalmentPlanForm.initial_lines(group["editable"])},
        )
    bound = [g for g in payees if g["form"] is not None and g["key"] == posted]
    if bound:
        kind, _sep, party_pk = bound[0]["key"].partition("-")
        saved = form_saved(
            request,
            bound[0]["form"],
            lambda data: services.payout_instalments_set(
                actor=request.user,
                decision=decision,
                instalments=data["lines"],
                owner=Owner.objects.filter(pk=party_pk).first() if kind == "owner" else None,
                university=University.objects.filter(pk=party_pk).first()
                if kind == "university"
                else None,
            ),
            _("Utbetalingsplanen er lagret."),
        )
        if saved:
            return redirect("payout_plan", pk=decision.pk)
    return page(
        request,
        "workflow/payout_plan.html",
        {
            "decision": decision,
            "case": case,
            "payees": payees,
            "extra_forms": [g["form"] for g in payees if g["form"] is not None],
        },
    )


# --- the year's payout batches ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def payout_batches(request, year: int):
    _may_manage(request)
    scheme_year = scheme_year_or_404(year)
    posted = request.POST.get("form") if request.method == "POST" else None
    settings_form = PayoutSettingsForm(
        request.POST if posted == "settings" else None,
        prefix="settings",
        initial={name: getattr(scheme_year, name) for name in scheme_year.PAYOUT_FIELDS},
    )
    batch_form = PayoutBatchForm(
        request.POST if posted == "batch" else None, prefix="batch", initial={"due_by": today()}
    )
    if posted == "settings" and form_saved(
        request,
        settings_form,
        lambda data: services.payout_settings_set(
            actor=request.user, scheme_year=scheme_year, **data
        ),
        _("Innstillingene for utbetaling er lagret."),
    ):
        return redirect("payout_batches", year=year)
    batch = posted == "batch" and form_saved(
        request,
        batch_form,
        lambda data: services.payout_batch_create(
            actor=request.user, scheme_year=scheme_year, due_by=data["due_by"]
        ),
        _("Utbetalingsbunten er laget."),
    )
    if batch:
        return redirect("payout_batch_detail", pk=batch.result.pk)
    due = list(services.payout_batch_due(scheme_year, due_by=today()))
    return page(
        request,
        "workflow/payout_batches.html",
        {
            "scheme_year": scheme_year,
            "batches": list(money.payout_batches(scheme_year)),
            "due": due,
            "due_total": sum(int(i.amount) for i in due),
            "settings_form": settings_form,
            "batch_form": batch_form,
        },
    )


def _batch_or_404(pk: int) -> PayoutBatch:
    return found(
        PayoutBatch.objects.select_related("scheme_year", "created_by", "paid_by")
        .filter(pk=pk)
        .first()
    )


@require_http_methods(["GET", "POST"])
@login_required
def payout_batch_detail(request, pk: int):
    _may_manage(request)
    batch = _batch_or_404(pk)
    form = None
    if batch.status == PayoutBatch.Status.READY:
        form = BatchPaidForm(
            request.POST if request.method == "POST" else None, initial={"paid_on": today()}
        )
        saved = form_saved(
            request,
            form,
            lambda data: services.payout_batch_mark_paid(
                actor=request.user, batch=batch, paid_on=data["paid_on"]
            ),
            _("Utbetalingsbunten er markert som betalt."),
        )
        if saved:
            return redirect("payout_batch_detail", pk=batch.pk)
    elif request.method == "POST":
        messages.error(request, _("Utbetalingsbunten er allerede markert som betalt."))
        return redirect("payout_batch_detail", pk=batch.pk)
    instalments = money.batch_instalments(batch)
    return page(
        request,
        "workflow/payout_batch_detail.html",
        {
            "batch": batch,
            "instalments": instalments,
            "total": sum(int(i.amount) for i in instalments),
            "form": form,
        },
    )


@require_GET
@login_required
def payout_batch_export(request, pk: int, fmt: str):
    _may_manage(request)
    batch = _batch_or_404(pk)
    headers, rows = money.batch_export_rows(batch)
    name = batch.reference.lower()
    if fmt == "csv":
        content = csv_bytes(headers, rows, delimiter=delimiter_from(request.GET))
        content_type = "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        content = xlsx_bytes(headers, rows, title=batch.reference)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404
    return download(content, f"{name}.{fmt}", content_type)
