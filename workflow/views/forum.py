"""Innstilling: the cooperation forum's recommendation for the year, network by network."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.errors import DomainError
from config.pages import form_saved, found, require
from grants.models import BudgetLine, Recommendation
from grants.selectors import scheme_year_or_404
from networks.models import Network
from networks.permissions import access_for

from .. import amounts, rules, selectors, services
from .. import permissions as perms
from ..forms import (
    ConflictForm,
    RecommendationForm,
    RecommendationLineForm,
    RecommendationSubmitForm,
    SupplementForm,
)
from ..models import Case
from ..states import CaseState
from .common import case_or_404, page


def _require_regional(user) -> None:
    """The innstilling is the forum's document; Statsforvalteren reads it too."""
    require(perms.is_forum(user) or access_for(user).is_regional)


def _recommendation_page(request, scheme_year, *, form=None, submit_form=None, conflict_form=None):
    user = request.user
    recommendation = Recommendation.objects.filter(scheme_year=scheme_year).first()
    rows = list(selectors.recommendation_rows(scheme_year))
    for row in rows:
        row.may_record = row.state == CaseState.INNSTILLING and perms.can_record_recommendation(
            user, row
        )
    is_forum = perms.is_forum(user)
    if form is None and is_forum:
        form = RecommendationForm(
            initial=RecommendationForm.initial_for(recommendation) if recommendation else {}
        )
    if submit_form is None and perms.can_submit_recommendation(user):
        submit_form = RecommendationSubmitForm()
    if conflict_form is None and perms.can_declare_conflict(user):
        conflict_form = ConflictForm(networks=Network.objects.filter(is_active=True))
    ready_ids = set(selectors.ready_to_send(scheme_year).values_list("pk", flat=True))
    ready = [r for r in rows if r.pk in ready_ids]
    return page(
        request,
        "workflow/recommendation.html",
        {
            "scheme_year": scheme_year,
            "recommendation": recommendation,
            "rows": rows,
            "ready": ready,
            "totals": amounts.totals(rows),
            "form": form,
            "submit_form": submit_form,
            "conflict_form": conflict_form,
            "my_conflicts": selectors.conflicts_of(user=user, scheme_year=scheme_year),
            "all_conflicts": selectors.year_conflicts(scheme_year),
            "is_forum": is_forum,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def recommendation(request, year: int):
    _require_regional(request.user)
    scheme_year = scheme_year_or_404(year)
    form = None
    if request.method == "POST":
        require(perms.is_forum(request.user))
        form = RecommendationForm(request.POST)
        saved = form_saved(
            request,
            form,
            lambda data: services.recommendation_update(
                actor=request.user,
                scheme_year=scheme_year,
                expected_version=data.get("version"),
                meeting_date=data.get("meeting_date"),
                consensus_note=data["consensus_note"],
                joint_measures=data["joint_measures"],
                joint_amount=data.get("joint_amount") or 0,
            ),
            _("Innstillingen er lagret."),
        )
        if saved:
            return redirect("recommendation", year=year)
    return _recommendation_page(request, scheme_year, form=form)


@require_POST
@login_required
def recommendation_submit(request, year: int):
    _require_regional(request.user)
    scheme_year = scheme_year_or_404(year)
    require(perms.can_submit_recommendation(request.user))
    submit_form = RecommendationSubmitForm(request.POST)
    form = None
    if submit_form.is_valid():
        try:
            cases = services.recommendation_submit(
                actor=request.user,
                scheme_year=scheme_year,
                comment=submit_form.cleaned_data["comment"],
            )
        except DomainError as error:
            if error.field in ("meeting_date", "consensus_note"):
                recommendation = Recommendation.objects.filter(scheme_year=scheme_year).first()
                form = RecommendationForm(
                    initial=RecommendationForm.initial_for(recommendation) if recommendation else {}
                )
                form.add_domain_error(error)
            else:
                submit_form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Innstillingen er sendt til Statsforvalteren for %(count)s nettverk.")
                % {"count": len(cases)},
            )
            return redirect("recommendation", year=year)
    return _recommendation_page(request, scheme_year, form=form, submit_form=submit_form)


@require_http_methods(["GET", "POST"])
@login_required
def recommendation_line(request, year: int, case_pk: int):
    _require_regional(request.user)
    scheme_year = scheme_year_or_404(year)
    case = found(
        Case.objects.select_related("network", "scheme_year", "decision_basis")
        .filter(pk=case_pk, scheme_year=scheme_year)
        .first()
    )
    require(perms.can_record_recommendation(request.user, case))
    line = rules.recommendation_line(case)
    budget = rules.decision_basis_total(case.decision_basis)
    uh_budget = rules.decision_basis_total(case.decision_basis, kind=BudgetLine.Kind.UH)
    if line is not None:
        initial = {"amount": line.amount, "uh_amount": line.uh_amount, "note": line.note}
    else:
        initial = {"amount": budget, "uh_amount": uh_budget}
    form = RecommendationLineForm(request.POST or None, initial=initial)
    saved = form_saved(
        request,
        form,
        lambda data: services.recommendation_line_set(
            actor=request.user,
            case=case,
            amount=data["amount"],
            uh_amount=data["uh_amount"],
            note=data["note"],
        ),
        _("Innstilt beløp for %(network)s er ført.") % {"network": case.network},
    )
    if saved:
        return redirect("recommendation", year=year)
    return page(
        request,
        "workflow/recommendation_line.html",
        {
            "scheme_year": scheme_year,
            "case": case,
            "line": line,
            "form": form,
            "frame": selectors.case_frame(case),
            "budget_total": budget,
            "uh_budget": uh_budget,
        },
    )


@require_POST
@login_required
def conflict_declare(request, year: int):
    scheme_year = scheme_year_or_404(year)
    require(perms.can_declare_conflict(request.user))
    conflict_form = ConflictForm(request.POST, networks=Network.objects.filter(is_active=True))
    saved = form_saved(
        request,
        conflict_form,
        lambda data: services.conflict_declare(
            actor=request.user,
            scheme_year=scheme_year,
            network=data["network"],
            reason=data["reason"],
        ),
        lambda _conflict: (
            _(
                "Inhabiliteten for %(network)s er registrert. Du fører ikke innstilling for "
                "nettverket."
            )
            % {"network": conflict_form.cleaned_data["network"]}
        ),
    )
    if saved:
        return redirect("recommendation", year=year)
    return _recommendation_page(request, scheme_year, conflict_form=conflict_form)


@require_http_methods(["GET", "POST"])
@login_required
def supplement_recommend(request, pk: int):
    """The forum recommends a supplementary grant from the year's remaining money."""
    case = case_or_404(request, pk, may=perms.can_record_recommendation)
    form = SupplementForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: services.supplement_recommend(
            actor=request.user,
            case=case,
            amount=data["amount"],
            uh_amount=data["uh_amount"] or 0,
            reason=data["reason"],
        ),
        _("Tilleggstildelingen til %(network)s er innstilt og venter på Statsforvalterens vedtak.")
        % {"network": case.network},
    )
    if saved:
        return redirect("case_detail", pk=case.pk)
    return page(
        request,
        "workflow/supplement_recommend.html",
        {
            "case": case,
            "form": form,
            "in_force": rules.decision_in_force(case),
            "money": selectors.year_money(case.scheme_year),
        },
    )
