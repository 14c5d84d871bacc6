"""The case pages: the list, one case (timeline, documents, what you may do now) and the steps
taken from it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from config.errors import DomainError
from config.formatting import format_date_nb
from config.pages import Success, form_saved, require
from grants.models import DecisionBasis
from grants.selectors import scheme_year_or_404
from networks.permissions import access_for

from .. import permissions as perms
from .. import rules, selectors, services
from ..forms import (
    AppealForm,
    CaseFilterForm,
    CommentForm,
    LocalDeadlineForm,
    ReceivedOnForm,
    RefusalForm,
    ReopenForm,
)
from ..messages import CONCURRENT_CHANGE
from ..models import Case
from ..reminders.selectors import case_reminder_list
from ..states import STATE_HELP, CaseState
from ..steps import STEP_BY_NAME
from .common import case_or_404, list_filters, page, paginate, today


@require_GET
@login_required
def case_list(request):
    filters, chosen = list_filters(request, CaseFilterForm)
    cases = selectors.case_list(viewer=request.user, **chosen)
    return page(
        request,
        "workflow/case_list.html",
        {
            "filters": filters,
            "page_obj": paginate(request, cases),
            "totals": selectors.case_totals(cases),
        },
    )


def case_context(request, case, *, bound: dict | None = None) -> dict:
    """What the case page shows: where the case stands, its money, deadlines, what the person may
    do now (or what blocks it) and the feedback to answer. ``bound`` holds a posted action form to
    show with errors. The documents and the history have pages of their own.

    A posted form whose step the page no longer offers (someone else moved the case meanwhile) is
    shown at the top as ``lost_form``, with the text the person typed, so nothing they wrote is
    lost."""
    bound = bound or {}
    actions, blocked = selectors.case_actions(request.user, case, today())
    action_forms = []
    for action in actions:
        form = None
        if action.kind == "post":
            form = bound.pop(action.name, None) or CommentForm(
                action=action.name, help_text=action.help, initial={"seen_state": case.state}
            )
        action_forms.append((action, form))
    lost_form = next(iter(bound.values()), None)
    frame = selectors.case_frame(case)
    total = rules.decision_basis_total(case.decision_basis)
    return {
        "case": case,
        "state_help": STATE_HELP[CaseState(case.state)],
        # the stages in order, the case's marked (a row each, so the template does not compare)
        "stages": [(label, value == case.state) for value, label in CaseState.choices],
        "action_forms": action_forms,
        "extra_forms": [form for _a, form in action_forms if form is not None]
        + ([lost_form] if lost_form is not None else []),
        "lost_form": lost_form,
        "blocked": blocked,
        "frame": frame,
        "frame_url": selectors.frame_page_url(case),
        "budget_total": total,
        "remaining": None if frame is None else frame - total,
        "over": None if frame is None or total <= frame else total - frame,
        "basis_deadline": services.decision_basis_deadline(case),
        "needs_deadline": rules.case_needs_deadline(case),
        "comments": selectors.revision_comments(case),
    }


def _documents_context(request, case) -> dict:
    """The case's documents: needs reports, decision basis, innstilling, vedtak, klager, report,
    payouts and settled money."""
    user = request.user
    decisions = selectors.case_decisions(viewer=user, case=case)  # answers the rules' too
    measures = selectors.case_measures(case, owners=False)
    rules.remember(case.decision_basis, "measures", measures)  # the rules read the same list
    basis: DecisionBasis = case.decision_basis
    line = rules.recommendation_line(case)
    if line is not None and line.sent_at is None and not access_for(user).is_regional:
        line = None
    report = case.report
    report_measures = report_costs = None
    if report is not None:
        report_measures = list(report.measures.select_related("measure"))
        report_costs = list(report.costs.select_related("budget_line__measure"))
    # the approved interim report before the final one stays readable
    earlier = rules.interim_report(case)
    if earlier is not None and earlier == report:
        earlier = None
    actions = selectors.available_actions(user, case, today())
    return {
        "case": case,
        "needs_reports": selectors.case_needs_reports(viewer=user, case=case),
        "basis": basis,
        "criteria": [
            (label, getattr(basis, name), getattr(basis, f"{name}_text"))
            for name, label in DecisionBasis.CRITERIA
        ],
        "measures": measures,
        "recommendation_line": line,
        "decisions": decisions,
        "appeals": selectors.case_appeals(case),
        "report": report,
        "report_measures": report_measures,
        "report_costs": report_costs,
        # rules.report_used_total, from the costs already read for the table
        "report_used": None if report is None else sum(c.used for c in report_costs or []),
        "report_expected": sum(c.expected for c in report_costs or []),
        "interim_report": earlier,
        "interim_costs": list(earlier.costs.select_related("budget_line__measure"))
        if earlier
        else [],
        **_money_context(user, case),
        "can_edit_basis": any(a.name == "edit_decision_basis" for a in actions),
        "basis_started": case.state != CaseState.BEHOVSMELDING,
    }


def _money_context(user, case) -> dict:
    """The case's payouts, its settled unused money and what was carried in from last year."""
    from ..selectors import money

    settlement, carried_in = money.case_settlements(case)
    return {
        "instalments": money.case_instalments(case),
        "settlement": settlement,
        "carried_in": carried_in,
        "may_correct_delivery": perms.can_correct_delivery(user, case),
        "payout_decision": rules.decision_in_force(case)
        if perms.can_manage_payouts(user)
        else None,
    }


def _history_context(request, case) -> dict:
    """The reminders sent in the case and everything that happened in it, newest first."""
    return {
        "case": case,
        "reminders": case_reminder_list(case=case, viewer=request.user),
        "timeline": selectors.case_timeline(case),
    }


def _case_page(request, pk: int, template: str, context_of: Callable[[Case], dict]):
    """A page about one case, for whoever may see it (another network's case: 404):
    ``context_of(case)`` reads what it shows while the rules remember their answers about the
    case (each asked once), then the page is rendered."""
    case = case_or_404(request, pk)
    with rules.remembering(case):
        context = context_of(case)
    return page(request, template, context)


@require_GET
@login_required
def case_detail(request, pk: int):
    return _case_page(
        request, pk, "workflow/case_detail.html", lambda case: case_context(request, case)
    )


@require_GET
@login_required
def case_documents(request, pk: int):
    """The case's documents: needs reports, decision basis, innstilling, vedtak and the rest."""
    return _case_page(
        request, pk, "workflow/case_documents.html", lambda case: _documents_context(request, case)
    )


@require_GET
@login_required
def case_history(request, pk: int):
    """The reminders sent in the case and everything that happened in it."""
    return _case_page(
        request, pk, "workflow/case_history.html", lambda case: _history_context(request, case)
    )


@require_POST
@login_required
def case_action(request, pk: int, action: str):
    case = case_or_404(request, pk)
    row = STEP_BY_NAME.get(action)
    if row is None or not row.on_case_page or row.target is not None:
        raise Http404
    form = CommentForm(request.POST, action=action)
    if form.is_valid():
        seen = form.cleaned_data["seen_state"]
        try:
            if seen and seen != case.state:
                raise DomainError(CONCURRENT_CHANGE, code="concurrent")
            row.run(actor=request.user, case=case, comment=form.cleaned_data["comment"])
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, str(row.success))
            return redirect("case_detail", pk=case.pk)
    return _case_page(  # the case read afresh
        request,
        pk,
        "workflow/case_detail.html",
        lambda case: case_context(request, case, bound={action: form}),
    )


def _case_form(
    request,
    case,
    form,
    save: Callable[[dict[str, Any]], Any],
    success: Success,
    *,
    then: Callable[[Any], HttpResponseBase] | None = None,
    **context,
):
    """A short form about one case: once ``form_saved`` (``save`` calls the service,
    ``success`` is the message) back to the case page, or to ``then(result)`` with what the
    service returned; otherwise the form again, the context naming its ``title``, ``intro`` and
    ``button``."""
    saved = form_saved(request, form, save, success)
    if saved:
        return then(saved.result) if then else redirect("case_detail", pk=case.pk)
    return page(request, "workflow/case_form.html", {"case": case, "form": form, **context})


@require_http_methods(["GET", "POST"])
@login_required
def local_deadline_set(request, pk: int):
    case = case_or_404(
        request, pk, may=lambda user, case: perms.can_set_local_deadline(user, case.network)
    )
    current = services.needs_deadline(scheme_year=case.scheme_year, network=case.network)
    form = LocalDeadlineForm(request.POST or None, initial={"deadline": current})
    return _case_form(
        request,
        case,
        form,
        lambda data: services.local_deadline_set(
            actor=request.user,
            scheme_year=case.scheme_year,
            network=case.network,
            deadline=data["deadline"],
        ),
        _("Den lokale fristen for behovsmelding er lagret."),
        title=_("Lokal frist for behovsmelding"),
        intro=_(
            "Eierne i nettverket ser fristen når de skriver behovsmeldingen. Anbefalt frist "
            "i den langsiktige planen er 1. desember."
        ),
        button=_("Lagre fristen"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_basis_reopen(request, pk: int):
    case = case_or_404(request, pk, may=perms.can_reopen_decision_basis)
    form = ReopenForm(request.POST or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: services.decision_basis_reopen(
            actor=request.user, case=case, until=data["until"], comment=data["comment"]
        ),
        _("Partnerskapet kan sende beslutningsgrunnlaget etter fristen."),
        title=_("Åpne for innsending etter fristen"),
        intro=_("Gi partnerskapet en ny frist for å sende beslutningsgrunnlaget."),
        button=_("Åpne for innsending"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def refusal_prepare(request, pk: int):
    """Statsforvalteren drafts a refusal (avslag) with its reasons; it is then edited and made
    on the vedtak page like any vedtak."""
    case = case_or_404(request, pk, may=perms.can_decide)
    form = RefusalForm(
        request.POST or None, initial={"reasons": services.refusal_reasons_default(case)}
    )
    return _case_form(
        request,
        case,
        form,
        lambda data: services.refusal_prepare(
            actor=request.user, case=case, reasons=data["reasons"]
        ),
        _("Utkastet til avslag er lagret. Se over vedtaket og fatt det."),
        then=lambda drafted: redirect("decision_detail", pk=drafted.pk),
        title=_("Forbered avslag"),
        intro=_(
            "Et avslag er et enkeltvedtak med begrunnelse og klagerett, og saken avsluttes når "
            "det er fattet. Utkastet får årets tekster om hjemmel og klage; du kan rette dem "
            "før du fatter vedtaket."
        ),
        button=_("Lagre utkast til avslag"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def appeal_lodge(request, pk: int):
    case = case_or_404(request, pk, may=perms.can_lodge_appeal)
    decision = rules.decision_in_force(case)
    form = AppealForm(request.POST or None)
    return _case_form(
        request,
        case,
        form,
        lambda data: services.appeal_lodge(actor=request.user, case=case, text=data["text"]),
        _("Klagen er sendt til Statsforvalteren."),
        decision=decision,
        title=_("Klag på vedtaket"),
        intro=decision.appeal_instructions if decision else "",
        late_notice=_(
            "Klagefristen gikk ut %(date)s. Klagen blir registrert som for sent innkommet; "
            "Statsforvalteren avgjør om den likevel skal behandles (forvaltningsloven § 31). "
            "Skriv gjerne hvorfor den kommer for sent."
        )
        % {"date": format_date_nb(decision.appeal_deadline())}
        if decision and services.appeal_is_late(decision)
        else "",
        button=_("Send klagen"),
    )


@require_http_methods(["GET", "POST"])
@login_required
def settlement_delivery_correct(request, pk: int):
    """Statsforvalteren records or corrects the day the repayment claim reached the host owner
    (sent by post, or read later than the mail server took it): its appeal deadline counts
    from that day."""
    from ..selectors import money

    case = case_or_404(request, pk, may=perms.can_correct_delivery)
    claim = money.case_settlement(case)
    if claim is None or not claim.is_repayment:  # nothing was claimed back: nothing delivered
        raise Http404
    form = ReceivedOnForm(request.POST or None, initial={"delivered_on": claim.delivered_on})
    return _case_form(
        request,
        case,
        form,
        lambda data: services.settlement_delivery_correct(
            actor=request.user, settlement=claim, **data
        ),
        _("Datoen da kravet om tilbakebetaling kom fram, er lagret."),
        then=lambda _claim: redirect("case_documents", pk=case.pk),
        cancel_url=reverse("case_documents", args=[case.pk]),
        claim=claim,
        title=_("Når kom kravet om tilbakebetaling fram?"),
        intro=_(
            "Klagefristen for kravet regnes fra den dagen det kom fram til vertseieren. "
            "Registrer dagen når kravet ble sendt i posten, eller rett den, og skriv hvorfor."
        ),
        button=_("Lagre mottatt-dato"),
    )


@require_GET
@login_required
def year_overview(request, year: int):
    require(access_for(request.user).is_regional)
    scheme_year = scheme_year_or_404(year)
    return page(
        request,
        "workflow/year_overview.html",
        {
            "scheme_year": scheme_year,
            "can_manage_year": perms.can_open_scheme_year(request.user),
            **selectors.year_overview(scheme_year),
        },
    )
