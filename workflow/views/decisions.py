"""Vedtak and klage: Statsforvalteren edits and makes the vedtak; the network reads it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.pages import act, form_saved, found, require
from grants.models import Appeal, Decision, DeliveryRecord
from networks.sessions import recent_login_required

from .. import permissions as perms
from .. import rules, selectors, services
from ..forms import (
    AppealDecideForm,
    AppealLateForm,
    AppealRulingForm,
    CommentForm,
    DecisionForm,
    DeliveryCorrectForm,
)
from ..messages import DECISION_PROPOSED
from ..models import Case
from .common import decision_or_404, page, today


def _delivery_rows(request, decision, case, bound=None):
    """Each party's delivery, with a correction form for the case officer."""
    may_correct = perms.can_correct_delivery(request.user, case)
    rows = []
    for record in decision.deliveries.all():
        form = None
        if may_correct:
            if bound is not None and bound.prefix == f"d{record.pk}":
                form = bound
            else:
                form = DeliveryCorrectForm(
                    prefix=f"d{record.pk}",
                    initial={"delivered_on": record.delivered_on, "channel": record.channel},
                )
        rows.append({"record": record, "form": form})
    return rows


def _decision_page(request, decision, case, *, form=None, decide_form=None, delivery_form=None):
    is_draft = decision.status == Decision.Status.DRAFT
    may_edit = is_draft and perms.can_decide(request.user, case)
    if may_edit and form is None:
        form = DecisionForm(initial=DecisionForm.initial_for(decision))
    actions, _blocked = selectors.case_actions(request.user, case, today())
    decide = [a for a in actions if a.name in ("decide", "refuse") and a.target_id == decision.pk]
    returns = [a for a in actions if a.name == "return_recommendation"]
    if decide and decide_form is None:
        decide_form = CommentForm(action=decide[0].name)
    return page(
        request,
        "workflow/decision_detail.html",
        {
            "decision": decision,
            "case": case,
            "form": form if may_edit else None,
            # A refused save of a decided vedtak still shows why at the top.
            "extra_forms": ([form] if form is not None and not may_edit else [])
            + ([delivery_form] if delivery_form is not None else []),
            "may_edit": may_edit,
            "problems": rules.decision_problems(decision) if may_edit else [],
            "approval_problems": rules.approval_problems(decision, request.user)
            if may_edit
            else [],
            "may_approve": perms.can_approve_decision(request.user, case),
            "preview": selectors.decision_preview_urls(decision) if may_edit else None,
            "assessments": list(decision.assessments.all()),
            "letters": selectors.decision_letters(decision)
            if decision.status != Decision.Status.DRAFT
            else [],
            "decide_action": decide[0] if decide else None,
            "decide_form": decide_form,
            "return_action": returns[0] if returns and decision.supersedes_id is None else None,
            "return_form": CommentForm(action="return_recommendation", help_text=returns[0].help)
            if returns
            else None,
            "appeals": list(decision.appeals.select_related("lodged_by")),
            "deliveries": _delivery_rows(request, decision, case, delivery_form)
            if decision.status != Decision.Status.DRAFT
            else [],
            "may_decide_appeal": perms.can_decide_appeal(request.user, case),
            "letter_url": selectors.decision_letter_url(decision)
            if decision.status != Decision.Status.DRAFT
            else None,
            "letter_problems": selectors.decision_letter_problems(decision)
            if decision.status != Decision.Status.DRAFT
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def decision_detail(request, pk: int):
    decision, case = decision_or_404(request, pk)
    form = None
    if request.method == "POST":
        require(perms.can_decide(request.user, case))
        form = DecisionForm(request.POST)

        def save(cleaned: dict) -> None:
            data = dict(cleaned)
            version = data.pop("version", None)
            assessments = form.pop_assessments(data)
            for name in ("appeal_body",):
                data[name] = data.get(name) or ""
            services.decision_update(
                actor=request.user, decision=decision, expected_version=version, **data
            )
            services.decision_assess(actor=request.user, decision=decision, assessments=assessments)

        if form_saved(request, form, save, _("Utkastet til vedtak er lagret.")):
            return redirect("decision_detail", pk=decision.pk)
    return _decision_page(request, decision, case, form=form)


@require_POST
@login_required
def decision_propose(request, pk: int):
    """The case officer who prepared the draft proposes it for approval."""
    decision, case = decision_or_404(request, pk)
    require(perms.can_decide(request.user, case))
    act(
        request,
        lambda: services.decision_propose(actor=request.user, decision=decision),
        str(DECISION_PROPOSED),
    )
    return redirect("decision_detail", pk=decision.pk)


@require_POST
@login_required
@recent_login_required()
def decision_decide(request, pk: int):
    """Approve the vedtak (two-person approval): this is what makes it."""
    decision, case = decision_or_404(request, pk)
    refuses = decision.is_refusal and not decision.supersedes_id
    form = CommentForm(request.POST, action="refuse" if refuses else "decide")
    saved = form_saved(
        request,
        form,
        lambda data: services.decision_decide(
            actor=request.user, decision=decision, comment=data["comment"]
        ),
        _("Vedtaket for %(network)s er fattet.") % {"network": decision.network},
    )
    if saved:
        return redirect("decision_detail", pk=decision.pk)
    decision.refresh_from_db()
    return _decision_page(request, decision, case, decide_form=form)


@require_POST
@login_required
def delivery_correct(request, pk: int):
    record = found(DeliveryRecord.objects.filter(pk=pk).select_related("decision").first())
    decision, case = decision_or_404(request, record.decision_id)
    require(perms.can_correct_delivery(request.user, case))
    form = DeliveryCorrectForm(request.POST, prefix=f"d{record.pk}")
    saved = form_saved(
        request,
        form,
        lambda data: services.delivery_correct(actor=request.user, record=record, **data),
        _("Mottatt-datoen for %(party)s er rettet.") % {"party": record.party_name},
    )
    if saved:
        return redirect("decision_detail", pk=decision.pk)
    return _decision_page(request, decision, case, delivery_form=form)


def _appeal_and_case(request, pk: int) -> tuple[Appeal, Case]:
    appeal, case = found(selectors.appeal_get(viewer=request.user, pk=pk))
    require(perms.can_decide_appeal(request.user, case))
    return appeal, case


def _appeal_page(request, appeal, case, *, form=None, late_form=None, ruling_form=None):
    late = appeal.awaits_late_handling
    awaits_ruling = appeal.outcome == Appeal.Outcome.FORWARDED and not appeal.ruling
    return page(
        request,
        "workflow/appeal_decide.html",
        {
            "appeal": appeal,
            "case": case,
            "form": None if late else (form or AppealDecideForm()),
            "late_form": (late_form or AppealLateForm(prefix="late")) if late else None,
            "ruling_form": (ruling_form or AppealRulingForm(prefix="ruling"))
            if awaits_ruling
            else None,
            "extra_forms": [f for f in (late_form, ruling_form) if f is not None and f.errors]
            if not late and not awaits_ruling
            else [],
            "pending": appeal.outcome == Appeal.Outcome.PENDING,
        },
    )


@require_POST
@login_required
def appeal_ruling(request, pk: int):
    """Register the appeal body's ruling on a forwarded appeal."""
    appeal, case = _appeal_and_case(request, pk)
    form = AppealRulingForm(request.POST, prefix="ruling")
    saved = form_saved(
        request,
        form,
        lambda data: services.appeal_ruling_register(
            actor=request.user,
            appeal=appeal,
            ruling=data["ruling"],
            on=data["ruling_on"],
            note=data["ruling_note"],
        ),
        lambda registered: (
            _("Klageinstansens avgjørelse er registrert. Rediger det nye vedtaket og fatt det.")
            if registered.ruling_decision_id
            else _("Klageinstansens avgjørelse er registrert.")
        ),
    )
    if saved and saved.result.ruling_decision_id:
        return redirect("decision_detail", pk=saved.result.ruling_decision_id)
    if saved:
        return redirect("appeal_decide", pk=appeal.pk)
    return _appeal_page(request, appeal, case, ruling_form=form)


@require_POST
@login_required
def appeal_late(request, pk: int):
    """Consider a late appeal all the same (fvl. § 31) or dismiss it."""
    appeal, case = _appeal_and_case(request, pk)
    form = AppealLateForm(request.POST, prefix="late")

    def handle(data: dict) -> str:
        """Consider or dismiss the appeal; what was done, as the message to show."""
        if data["handling"] == AppealLateForm.CONSIDER:
            services.appeal_late_consider(actor=request.user, appeal=appeal, reason=data["reason"])
            return _("Klagen behandles likevel. Registrer utfallet når den er vurdert.")
        services.appeal_dismiss(actor=request.user, appeal=appeal, reasons=data["reason"])
        return _("Klagen er avvist.")

    if form_saved(request, form, handle, lambda done: done):
        return redirect("appeal_decide", pk=appeal.pk)
    return _appeal_page(request, appeal, case, late_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def appeal_decide(request, pk: int):
    appeal, case = _appeal_and_case(request, pk)
    form = AppealDecideForm(request.POST or None)
    saved = form_saved(
        request,
        form,
        lambda data: services.appeal_decide(
            actor=request.user,
            appeal=appeal,
            outcome=data["outcome"],
            note=data["note"],
            forwarding_letter=data["forwarding_letter"],
        ),
        lambda decided: (
            _("Klagen er tatt til følge. Rediger det nye vedtaket og fatt det.")
            if decided.new_decision_id
            else _("Utfallet av klagen er registrert.")
        ),
    )
    if saved and saved.result.new_decision_id:
        return redirect("decision_detail", pk=saved.result.new_decision_id)
    if saved:
        return redirect("case_detail", pk=case.pk)
    return _appeal_page(request, appeal, case, form=form)
