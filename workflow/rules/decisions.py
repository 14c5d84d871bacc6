"""The vedtak: in force, drafts, appeals, what blocks one, two-person approval, refusals."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet, Sum
from django.utils.translation import gettext as _

from config.formatting import format_date_nb, format_kroner
from grants.models import (
    Appeal,
    Criterion,
    Decision,
    RecommendationLine,
)
from networks.models import Network, Owner, University

from ..messages import (
    CHANGE_REASON_REQUIRED,
    JOINT_OVER_SET_ASIDE,
    JOINT_WHOLE_AMOUNT_TO_UH,
    NOT_PROPOSED,
    REFUSAL_HAS_NO_AMOUNT,
    SAME_PERSON_PREPARED,
    UH_OVER_GRANTED,
)
from ..states import CaseState
from .basis import decision_basis_deadline
from .cross_field import report_deadline_problem
from .memo import is_remembering, remember, remembered, today


def decisions_of(case) -> QuerySet[Decision]:
    """The vedtak of the case: its network's in its scheme year, whatever their status."""
    return Decision.objects.filter(scheme_year=case.scheme_year, network=case.network)


def case_decision_list(case) -> list[Decision]:
    """Every vedtak of the case, newest first, each with its appeals (``appeals.all()``), in two
    queries. Inside ``remembering`` it also answers ``decision_in_force``, ``draft_decision``
    and ``case_appeals`` for the rest of the page."""
    decisions: list[Decision] = remembered(
        case,
        "decisions",
        lambda: list(
            decisions_of(case)
            .prefetch_related(
                # the case page links a new vedtak by its id; a page that shows who lodged
                # an appeal reads it with the appeal
                Prefetch("appeals", queryset=Appeal.objects.order_by("-lodged_at"))
            )
            .order_by("-id")
        ),
    )
    status = Decision.Status
    remember(
        case, "decision_in_force", next((d for d in decisions if d.status == status.DECIDED), None)
    )
    remember(case, "draft_decision", next((d for d in decisions if d.status == status.DRAFT), None))
    appeals = [appeal for decision in decisions for appeal in decision.appeals.all()]
    remember(case, "appeals", sorted(appeals, key=lambda a: a.lodged_at, reverse=True))
    return decisions


def _read_decisions_once(case) -> None:
    """Inside ``remembering``, a draft or the appeals are read with every vedtak of the case, in
    two light queries (``case_decision_list``), which answer ``decision_in_force`` too. (The vedtak
    in force alone is one query, which the steps that need nothing else keep.)"""
    if is_remembering(case) and not is_remembering(case, "decisions"):
        case_decision_list(case)


def decision_in_force(case) -> Decision | None:
    return remembered(
        case,
        "decision_in_force",
        lambda: (
            decisions_of(case)
            .filter(status=Decision.Status.DECIDED)
            .order_by("pk")  # one in force at most: the default ordering would only cost joins
            .first()
        ),
    )


def case_appeals(case) -> list[Appeal]:
    """Every klage on the case's vedtak, newest first."""
    _read_decisions_once(case)
    return remembered(
        case,
        "appeals",
        lambda: list(
            Appeal.objects.filter(
                decision__scheme_year=case.scheme_year, decision__network=case.network
            )
            .select_related("decision", "lodged_by", "new_decision")
            .order_by("-lodged_at")
        ),
    )


def draft_decision(case) -> Decision | None:
    _read_decisions_once(case)
    return remembered(
        case,
        "draft_decision",
        lambda: decisions_of(case).filter(status=Decision.Status.DRAFT).order_by("-id").first(),
    )


def decided(case) -> bool:
    return decision_in_force(case) is not None


def not_decided(case) -> bool:
    return not decided(case)


def supplements_made(decision: Decision) -> int:
    """The supplementary grants already made to the vedtak's network that year."""
    made = Decision.objects.filter(
        scheme_year_id=decision.scheme_year_id,
        network_id=decision.network_id,
        status__in=(Decision.Status.DECIDED, Decision.Status.SUPERSEDED),
    )
    return int(made.aggregate(total=Sum("supplement"))["total"] or 0)


def decision_problems(decision: Decision) -> list[str]:
    problems = [
        _("Feltet «%(field)s» må fylles ut.") % {"field": label}
        for label in decision.missing_legal_fields()
    ]
    if decision.is_refusal:
        if decision.amount or decision.uh_amount:
            problems.append(str(REFUSAL_HAS_NO_AMOUNT))
        return problems
    if (
        decision.recommended_amount is not None
        and decision.amount != decision.recommended_amount
        and not decision.departure_reason.strip()
    ):
        problems.append(
            _("Beløpet (%(amount)s) avviker fra innstillingen (%(recommended)s). Begrunn avviket.")
            % {
                "amount": format_kroner(decision.amount),
                "recommended": format_kroner(decision.recommended_amount),
            }
        )
    # A tilleggstildeling comes from the year's remaining money, not the frame: only the vedtak
    # it adds to is held to the frame (the service checks the supplement against what remains).
    within_frame = decision.amount - decision.supplement
    if decision.frame is not None and within_frame > decision.frame:
        # A vedtak that replaces one with supplements (a correction after klage) carries them.
        within_frame -= supplements_made(decision)
    if decision.frame is not None and within_frame > decision.frame:
        if decision.network.is_joint:
            problems.append(
                str(JOINT_OVER_SET_ASIDE)
                % {
                    "amount": format_kroner(within_frame),
                    "set_aside": format_kroner(decision.frame),
                }
            )
        else:
            problems.append(
                _("Beløpet (%(amount)s) er større enn rammen (%(frame)s).")
                % {"amount": format_kroner(within_frame), "frame": format_kroner(decision.frame)}
            )
    if (
        decision.network.is_joint
        and decision.network.host_owner_id is None
        and decision.uh_amount != decision.amount
    ):
        problems.append(str(JOINT_WHOLE_AMOUNT_TO_UH))
    if decision.uh_amount > decision.amount:
        problems.append(str(UH_OVER_GRANTED))
    if decision.supersedes_id and not decision.change_reason.strip():
        problems.append(str(CHANGE_REASON_REQUIRED))
    if not decision.supersedes_id:
        late = report_deadline_problem(decision.report_deadline, today())
        if late:
            problems.append(late)
    if not decision.is_refusal:  # a refusal states its reasons; a grant assesses each criterion
        problems += assessment_problems(decision)
    problems += party_problems(decision.network)
    return problems


def assessment_problems(decision: Decision) -> list[str]:
    """Each of the four criteria needs Statsforvalteren's assessment: met or not, and why."""
    done = {a.criterion for a in decision.assessments.all() if a.met is not None and a.text.strip()}
    return [
        _("Vurder kriteriet «%(criterion)s»: oppfylt eller ikke, med begrunnelse.")
        % {"criterion": label}
        for value, label in Criterion.choices
        if value not in done
    ]


def party_problems(network: Network) -> list[str]:
    """A vedtak is made to legal parties: the network's host owner and each UH institution of
    its partnership. Each needs what its letter and its payment need."""
    problems = []
    host = Owner.objects.filter(pk=network.host_owner_id).first() if network.host_owner_id else None
    if host is None and not network.is_joint:  # the joint measures may go to a UH alone
        problems.append(
            _("Nettverket %(network)s har ingen vertseier som kan motta vedtaket og tilskuddet.")
            % {"network": network.name}
        )
    parties: list[Owner | University] = [host] if host is not None else []
    parties += list(
        University.objects.filter(partnerships__network_id=network.pk)
        .order_by("short_name")
        .distinct()
    )
    for party in parties:
        missing = party.missing_for_decision()
        if missing:
            problems.append(
                _("%(party)s mangler %(fields)s. Det må registreres før vedtaket kan fattes.")
                % {"party": party.name, "fields": ", ".join(missing)}
            )
    return problems


def approval_problems(decision: Decision, actor) -> list[str]:
    """Two-person approval: a proposed vedtak, approved by someone other than who prepared it."""
    if decision.proposed_at is None:
        return [str(NOT_PROPOSED)]
    if actor is not None and decision.prepared_by_id == getattr(actor, "pk", None):
        return [str(SAME_PERSON_PREPARED)]
    return []


def draft_problems(case) -> list[str]:
    """What stops the case's draft vedtak from being made (asked once per page or step)."""
    draft = draft_decision(case)
    if draft is None:
        return []
    return remembered(case, "draft_problems", lambda: decision_problems(draft))


def draft_grant(case) -> Decision | None:
    """The draft vedtak when it grants (the one the ``decide`` step makes)."""
    draft = draft_decision(case)
    return draft if draft is not None and not draft.is_refusal else None


def draft_refusal(case) -> Decision | None:
    """The draft vedtak when it refuses (the one the ``refuse`` step makes)."""
    draft = draft_decision(case)
    return draft if draft is not None and draft.is_refusal else None


def draft_decision_is_complete(case) -> bool:
    return draft_grant(case) is not None and not draft_problems(case)


def draft_refusal_is_complete(case) -> bool:
    draft = draft_refusal(case)
    return draft is not None and not decision_problems(draft) and not refusal_problems(case)


#: Stages in which the network has sent no decision basis (yet).
NOTHING_SENT = (CaseState.BEHOVSMELDING, CaseState.BESLUTNINGSGRUNNLAG)


def innstilling_sent(case) -> bool:
    """The forum has sent its innstilling to Statsforvalteren for some network of the year."""
    return remembered(
        case,
        "innstilling_sent",
        lambda: RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, sent_at__isnull=False
        ).exists(),
    )


def refusal_problems(case) -> list[str]:
    """What stops a refusal of a network that has sent nothing: it may still send while its
    deadline (or the date the secretariat reopened it to) has not passed, unless the forum has
    already sent the year's innstilling without it. From the innstilling on, the basis is there
    and is judged against the criteria: nothing here stops that."""
    if case.state not in NOTHING_SENT:
        return []
    reopened = case.decision_basis_reopened_until
    if reopened is not None and today() <= reopened:
        return [
            _(
                "Sekretariatet har åpnet for innsending til %(date)s. Nettverket kan sende "
                "beslutningsgrunnlaget til da."
            )
            % {"date": format_date_nb(reopened)}
        ]
    if today() <= decision_basis_deadline(case) and not innstilling_sent(case):
        return [
            _(
                "Fristen for beslutningsgrunnlaget er %(date)s. Nettverket kan sende til da, og "
                "sekretariatet kan åpne for innsending etter fristen."
            )
            % {"date": format_date_nb(decision_basis_deadline(case))}
        ]
    return []


def may_prepare_refusal(case) -> bool:
    """A refusal can be prepared: no vedtak is in force, none is drafted as a refusal yet, the
    case is before the vedtak and nothing stops it (see ``refusal_problems``)."""
    return (
        case.state in (*NOTHING_SENT, CaseState.INNSTILLING, CaseState.VEDTAK)
        and not decided(case)
        and draft_refusal(case) is None
        and not refusal_problems(case)
    )
