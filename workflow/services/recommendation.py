"""Innstilling: the forum records a recommended amount per network and the secretariat sends
the innstilling to Statsforvalteren, who may return it for one network."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_kroner
from grants.events import document_event, year_event
from grants.models import (
    ConflictOfInterest,
    Decision,
    Recommendation,
    RecommendationLine,
    SchemeYear,
)
from grants.selectors import decision_wording
from networks.models import Network, User

from .. import journal, rules
from .. import permissions as perms
from ..messages import JOINT_OVER_SET_ASIDE, UH_OVER_RECOMMENDED
from ..models import Case
from ..selectors.year import ready_to_send
from ..states import CaseState
from ._common import _wrong_state, bump_version, permitted_in_open_year, run_step


@transaction.atomic
def conflict_declare(
    *, actor: User, scheme_year: SchemeYear, network: Network, reason: str
) -> ConflictOfInterest:
    permitted_in_open_year(perms.can_declare_conflict(actor), scheme_year)
    if not reason.strip():
        raise DomainError(_("Oppgi grunnen til inhabiliteten."), field="reason")
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        scheme_year=scheme_year, user=actor, network=network, defaults={"reason": reason}
    )
    perms.forget_conflicts(actor)
    year_event(
        scheme_year,
        "conflict_declared",
        _("%(user)s erklærte seg inhabil for %(network)s.")
        % {"user": actor, "network": network.name},
        actor=actor,
        network=network,
    )
    return conflict


def recommendation_for(scheme_year: SchemeYear) -> Recommendation:
    recommendation, _created = Recommendation.objects.get_or_create(
        scheme_year=scheme_year, defaults={"joint_amount": 0}
    )
    return recommendation


@transaction.atomic
def recommendation_update(
    *,
    actor: User,
    scheme_year: SchemeYear,
    expected_version: int | None = None,
    meeting_date: dt.date | None,
    consensus_note: str,
    joint_measures: str,
    joint_amount: int,
) -> Recommendation:
    permitted_in_open_year(perms.is_forum(actor), scheme_year)
    late_meeting = rules.meeting_date_problem(meeting_date, rules.today())
    if late_meeting:
        raise DomainError(late_meeting, field="meeting_date", code="meeting_date")
    over = rules.joint_amount_problem(scheme_year, joint_amount)
    if over:
        raise DomainError(over, field="joint_amount", code="joint_amount")
    recommendation = recommendation_for(scheme_year)
    bump_version(recommendation, expected_version, actor=actor)
    recommendation.meeting_date = meeting_date
    recommendation.consensus_note = consensus_note
    recommendation.joint_measures = joint_measures
    recommendation.joint_amount = joint_amount
    recommendation.save(
        update_fields=["meeting_date", "consensus_note", "joint_measures", "joint_amount"]
    )
    return recommendation


@transaction.atomic
def recommendation_line_set(
    *, actor: User, case: Case, amount: int, uh_amount: int, note: str = ""
) -> RecommendationLine:
    """Record the forum's recommended amount for one network (≤ its frame)."""
    permitted_in_open_year(perms.is_forum(actor), case)
    if perms.has_conflict(actor, case):
        raise DomainError(
            _(
                "Du har erklært deg inhabil for %(network)s og kan ikke føre innstillingen for "
                "nettverket."
            )
            % {"network": case.network.name},
            code="conflict",
        )
    if case.state != CaseState.INNSTILLING:
        raise _wrong_state(case)
    frame = rules.case_frame(case)
    if frame is not None and amount > frame and case.network.is_joint:
        raise DomainError(
            str(JOINT_OVER_SET_ASIDE)
            % {"amount": format_kroner(amount), "set_aside": format_kroner(frame)},
            field="amount",
        )
    if frame is not None and amount > frame:
        raise DomainError(
            _("Anbefalt beløp (%(amount)s) er større enn rammen (%(frame)s).")
            % {"amount": format_kroner(amount), "frame": format_kroner(frame)},
            field="amount",
        )
    if uh_amount > amount:
        raise DomainError(UH_OVER_RECOMMENDED, field="uh_amount")
    if case.network.is_joint and case.network.host_owner_id is None:
        # Joint measures run by a UH institution: it receives the whole amount.
        uh_amount = amount
    recommendation = recommendation_for(case.scheme_year)
    line, _created = RecommendationLine.objects.update_or_create(
        recommendation=recommendation,
        network=case.network,
        defaults={"amount": amount, "uh_amount": uh_amount, "note": note, "recorded_by": actor},
    )
    if case.network.is_joint and recommendation.joint_amount != amount:
        # The innstilling's amount for joint measures is the joint measures' case's line.
        recommendation.joint_amount = amount
        recommendation.save(update_fields=["joint_amount"])
    document_event(
        case,
        "recommendation_recorded",
        _("Innstilt beløp for %(network)s: %(amount)s (herav UH %(uh)s).")
        % {
            "network": case.network.name,
            "amount": format_kroner(amount),
            "uh": format_kroner(uh_amount),
        },
        actor=actor,
        subject=line,
    )
    return line


def _draft_decision_from(case: Case, line: RecommendationLine) -> Decision:
    return Decision.objects.create(
        scheme_year=case.scheme_year,
        network=case.network,
        amount=line.amount,
        uh_amount=line.uh_amount,
        recommended_amount=line.amount,
        frame=rules.case_frame(case),
        **decision_wording(case.scheme_year),
        report_deadline=case.scheme_year.report_deadline,
    )


@transaction.atomic
def recommendation_submit(*, actor: User, scheme_year: SchemeYear, comment: str = "") -> list[Case]:
    """Send the innstilling for every network that has a recorded line and is waiting for it."""
    if not perms.can_submit_recommendation(actor):
        raise PermissionDenied
    recommendation = recommendation_for(scheme_year)
    if recommendation.meeting_date is None:
        raise DomainError(_("Oppgi datoen for møtet i samarbeidsforum."), field="meeting_date")
    problem = rules.meeting_date_problem(
        recommendation.meeting_date, rules.today()
    ) or rules.joint_amount_problem(scheme_year, recommendation.joint_amount)
    if problem:
        raise DomainError(problem, field="meeting_date", code="recommendation_dates")
    if not recommendation.consensus_note.strip():
        raise DomainError(
            _("Beskriv om innstillingen er enstemmig eller resultat av votering."),
            field="consensus_note",
        )
    lines = {line.network_id: line for line in recommendation.lines.filter(sent_at__isnull=True)}
    cases = list(
        ready_to_send(scheme_year).select_related("network", "scheme_year", "decision_basis")
    )
    if not cases:
        raise DomainError(
            _("Det er ingen nettverk med registrert innstilling som venter på å bli sendt.")
        )
    now = timezone.now()
    for case in cases:
        line = lines[case.network_id]
        run_step(case, "recommend", actor=actor, comment=comment)
        line.sent_at = now
        line.save(update_fields=["sent_at"])
        _draft_decision_from(case, line)
        journal.recommendation_noted(actor=actor, case=case, recommendation=recommendation)
    year_event(
        scheme_year,
        "recommendation_submitted",
        _("Innstillingen for %(year)s ble sendt Statsforvalteren for %(count)s nettverk.")
        % {"year": scheme_year.year, "count": len(cases)},
        actor=actor,
        subject=recommendation,
    )
    return cases


def recommendation_return(*, actor: User, case: Case, comment: str) -> Case:
    """Statsforvalteren returns the innstilling for one network to the forum."""

    def undo() -> None:
        RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, network=case.network
        ).update(sent_at=None)
        rules.decisions_of(case).filter(status=Decision.Status.DRAFT).delete()

    return run_step(case, "return_recommendation", actor=actor, comment=comment, before_save=undo)
