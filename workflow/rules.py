"""The rules a case must satisfy to move on, as pure predicates (they read, never write).

Each rule has a ``*_problems`` form that returns Norwegian messages for people and a boolean form
used as a django-fsm-2 condition, so the page, the service and the state machine agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from config.formatting import format_date_nb, format_kroner
from grants.models import (
    Appeal,
    BudgetLine,
    Criterion,
    Decision,
    LocalDeadline,
    RecommendationLine,
    Report,
    SchemeYear,
)
from networks.models import Network, Owner, University

from .messages import (
    CHANGE_REASON_REQUIRED,
    INTERIM_REPORT_NOT_FINAL,
    JOINT_OVER_SET_ASIDE,
    JOINT_WHOLE_AMOUNT_TO_UH,
    MEETING_AFTER_RECOMMENDATION,
    NOT_PROPOSED,
    REFUSAL_HAS_NO_AMOUNT,
    REPORT_DEADLINE_BEFORE_DECISION,
    SAME_PERSON_PREPARED,
    UH_OVER_GRANTED,
)
from .states import CaseState

T = TypeVar("T")


def today() -> dt.date:
    return timezone.localdate()


# --- Remembering answers for one page or one transition ---------------------------------------
# Several rules ask the database the same question many times while one page is built or one
# step is taken (is there a vedtak in force? a draft? the frame? the budget?). Inside
# ``remembering(case)`` each answer is read once and kept on the case (and its decision basis);
# outside it every call reads afresh, so code that keeps a case object across changes (tests,
# shells) never sees a stale answer. Services that change an answer call ``forget(case)``.

_MEMO = "_rules_memo"


def _holders(case) -> list:
    basis = case._state.fields_cache.get("decision_basis")
    return [case] if basis is None else [case, basis]


@contextmanager
def remembering(case) -> Iterator[None]:
    """Keep the rules' answers about ``case`` until the block ends (nested blocks share them);
    those about its decision basis too when the case was read with it."""
    if getattr(case, _MEMO, None) is not None:
        yield
        return
    holders = _holders(case)
    for holder in holders:
        setattr(holder, _MEMO, {})
    _seed_from_annotations(case)
    try:
        yield
    finally:
        for holder in holders:
            holder.__dict__.pop(_MEMO, None)


def forget(case) -> None:
    """Drop what ``remembering`` kept about ``case`` (after a change to what the rules read)."""
    for holder in _holders(case):
        memo = getattr(holder, _MEMO, None)
        if memo is not None:
            memo.clear()


def _seed_from_annotations(case) -> None:
    """Answers the case read already carries (``selectors.case_get`` annotates them), so the
    page asks the database once for the case and its frame, budget and local deadline."""
    found = case.__dict__
    if "frame" in found:
        remember(case, "frame", found["frame"])
    if "budget_total" in found and len(_holders(case)) > 1:
        remember(case.decision_basis, "total:None", int(found["budget_total"] or 0))
    if "local_needs_deadline" in found:
        remember(
            case, "needs_deadline", _needs_deadline(found["local_needs_deadline"], case.scheme_year)
        )


def remember(holder, key: str, value: object) -> None:
    """Give ``remembering`` an answer already read (e.g. the page's own list of measures)."""
    memo = getattr(holder, _MEMO, None)
    if memo is not None:
        memo[key] = value


def remembered(holder, key: str, read: Callable[[], T]) -> T:
    """``read()``, or inside ``remembering`` what it gave the first time for ``holder``."""
    memo = getattr(holder, _MEMO, None)
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


def needs_deadline(*, scheme_year: SchemeYear, network: Network) -> dt.date:
    """The network's local deadline for needs reports, else the year's recommended one."""
    local = (
        LocalDeadline.objects.filter(scheme_year=scheme_year, network=network)
        .values_list("needs_deadline", flat=True)
        .first()
    )
    return _needs_deadline(local, scheme_year)


def _needs_deadline(local: dt.date | None, scheme_year: SchemeYear) -> dt.date:
    return local or scheme_year.needs_deadline


def case_needs_deadline(case) -> dt.date:
    """``needs_deadline`` for the case's network and year."""
    return remembered(
        case,
        "needs_deadline",
        lambda: needs_deadline(scheme_year=case.scheme_year, network=case.network),
    )


def decision_basis_deadline(case) -> dt.date:
    return case.decision_basis_reopened_until or case.scheme_year.decision_basis_deadline


def decision_basis_total(decision_basis, *, kind: str | None = None) -> int:
    """The decision basis' budget in whole kroner (of one kind of budget line, if given)."""

    def read() -> int:
        lines = BudgetLine.objects.filter(measure__decision_basis=decision_basis)
        if kind is not None:
            lines = lines.filter(kind=kind)
        return int(lines.aggregate(total=Sum("amount"))["total"] or 0)

    return remembered(decision_basis, f"total:{kind}", read)


def case_frame(case) -> int | None:
    """The network's frozen, published frame for the case's year, or None before it exists."""
    from allocation.selectors import frozen_frame

    return remembered(
        case, "frame", lambda: frozen_frame(network=case.network, year=case.scheme_year.year)
    )


def decision_basis_problems(case) -> list[str]:
    basis = case.decision_basis
    problems: list[str] = []
    if not basis.summary.strip():
        problems.append(_("Sammendraget mangler."))
    measures = remembered(
        basis, "measures", lambda: list(basis.measures.prefetch_related("budget_lines"))
    )
    if not measures:
        problems.append(_("Beslutningsgrunnlaget må ha minst ett tiltak."))
    for measure in measures:
        if not measure.target_groups:
            problems.append(_("Tiltaket «%(title)s» mangler målgruppe.") % {"title": measure.title})
        if not measure.budget_lines.all():
            problems.append(
                _("Tiltaket «%(title)s» mangler budsjettlinjer.") % {"title": measure.title}
            )
    for label in basis.missing_criteria():
        problems.append(
            _("Kriteriet «%(criterion)s» må bekreftes og begrunnes skriftlig.")
            % {"criterion": label}
        )
    return problems


def frame_problem(case) -> str | None:
    frame = case_frame(case)
    if frame is None:
        return _(
            "Nettverket har ingen publisert forhåndstildelt ramme for %(year)s ennå. "
            "Fordelingen må fryses før beslutningsgrunnlaget kan sendes."
        ) % {"year": case.scheme_year.year}
    total = decision_basis_total(case.decision_basis)
    if total > frame:
        return _(
            "Budsjettet (%(total)s) er større enn den forhåndstildelte rammen (%(frame)s) "
            "med %(over)s."
        ) % {
            "total": format_kroner(total),
            "frame": format_kroner(frame),
            "over": format_kroner(total - frame),
        }
    return None


def decision_basis_submit_problems(case) -> list[str]:
    """Everything that stops the partnership from sending its decision basis now."""
    problems = decision_basis_problems(case)
    frame = frame_problem(case)
    if frame:
        problems.append(frame)
    deadline = decision_basis_deadline(case)
    if today() > deadline:
        problems.append(
            _(
                "Fristen for beslutningsgrunnlaget var %(date)s. Sekretariatet for "
                "samarbeidsforum kan åpne for innsending etter fristen."
            )
            % {"date": format_date_nb(deadline)}
        )
    return problems


def decision_basis_is_complete(case) -> bool:
    return not decision_basis_problems(case)


def decision_basis_within_frame(case) -> bool:
    return frame_problem(case) is None


def recommendation_line(case) -> RecommendationLine | None:
    return remembered(
        case,
        "recommendation_line",
        lambda: RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, network=case.network
        ).first(),
    )


def has_recommendation_line(case) -> bool:
    return recommendation_line(case) is not None


def case_decision_list(case) -> list[Decision]:
    """Every vedtak of the case, newest first, each with its appeals (``appeals.all()``), in two
    queries. Inside ``remembering`` it also answers ``decision_in_force``, ``draft_decision``
    and ``case_appeals`` for the rest of the page."""
    decisions: list[Decision] = remembered(
        case,
        "decisions",
        lambda: list(
            Decision.objects.filter(scheme_year=case.scheme_year, network=case.network)
            .select_related("decided_by")
            .prefetch_related(
                Prefetch(
                    "appeals",
                    queryset=Appeal.objects.select_related("lodged_by", "new_decision").order_by(
                        "-lodged_at"
                    ),
                )
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


def decision_in_force(case) -> Decision | None:
    return remembered(
        case,
        "decision_in_force",
        lambda: Decision.objects.filter(
            scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DECIDED
        ).first(),
    )


def case_appeals(case) -> list[Appeal]:
    """Every klage on the case's vedtak, newest first."""
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
    return remembered(
        case,
        "draft_decision",
        lambda: (
            Decision.objects.filter(
                scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
            )
            .order_by("-id")
            .first()
        ),
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


def report_used_total(report: Report) -> int:
    return int(report.costs.aggregate(total=Sum("used"))["total"] or 0)


def report_expected_total(report: Report) -> int:
    """An interim report's expected use after it (0 in a final report)."""
    if report.kind != Report.Kind.INTERIM:
        return 0
    return int(report.costs.aggregate(total=Sum("expected"))["total"] or 0)


def report_problems(case) -> list[str]:
    report = case.report
    if report is None:
        return [_("Rapporteringen er ikke åpnet.")]
    problems: list[str] = []
    if report.status in (Report.Status.SUBMITTED, Report.Status.APPROVED):
        problems.append(_("Rapporten er allerede sendt."))
    if not report.assessment.strip():
        problems.append(_("Vurderingen mangler."))
    for item in report.measures.select_related("measure"):
        if not item.what_was_done.strip():
            problems.append(
                _("Beskriv hva som ble gjort i tiltaket «%(title)s».")
                % {"title": item.measure.title}
            )
    decision = decision_in_force(case)
    used = report_used_total(report)
    expected = report_expected_total(report)
    if decision is not None and used > decision.amount:
        problems.append(
            _("Brukte midler (%(used)s) er mer enn innvilget beløp (%(granted)s).")
            % {"used": format_kroner(used), "granted": format_kroner(decision.amount)}
        )
    elif decision is not None and used + expected > decision.amount:
        problems.append(
            _(
                "Brukte midler og forventet videre bruk (%(total)s) er mer enn innvilget beløp "
                "(%(granted)s)."
            )
            % {"total": format_kroner(used + expected), "granted": format_kroner(decision.amount)}
        )
    return problems


def report_is_complete(case) -> bool:
    return not report_problems(case)


def report_is_open(case) -> bool:
    """The report exists and the partnership may write it (a draft, or returned)."""
    return case.report is not None and case.report.status in (
        Report.Status.DRAFT,
        Report.Status.RETURNED,
    )


def report_is_submitted(case) -> bool:
    return case.report is not None and case.report.status == Report.Status.SUBMITTED


# --- Interim and final reports (delrapport, sluttrapport) ---------------------------------------


def case_report_deadline(case) -> dt.date:
    """The report deadline the case answers to: the vedtak's, else the year's."""
    decision = decision_in_force(case)
    if decision is not None and decision.report_deadline is not None:
        return decision.report_deadline
    return case.scheme_year.report_deadline


def measures_past_report_deadline(case) -> bool:
    """A measure of the decision basis ends after the report deadline (and has not ended yet):
    the report then is an interim report with the expected use, and the final report comes once
    it is approved. Reporting opened after every measure has ended asks for the final report."""
    after = max(case_report_deadline(case), today())
    return case.decision_basis.measures.filter(period_end__gt=after).exists()


def interim_report(case) -> Report | None:
    """The case's interim report, if it has one (the current one, or approved before the final)."""
    report = case.report
    if report is None or report.kind == Report.Kind.INTERIM:
        return report  # no report before reporting opens; an interim one is opened first
    return Report.objects.filter(
        scheme_year_id=case.scheme_year_id, network_id=case.network_id, kind=Report.Kind.INTERIM
    ).first()


def report_is_interim(case) -> bool:
    return case.report is not None and case.report.kind == Report.Kind.INTERIM


def interim_report_is_submitted(case) -> bool:
    return report_is_interim(case) and report_is_submitted(case)


def final_report_problems(case) -> list[str]:
    """What stops the report from being approved as the final one (an interim report is
    approved with its own step, and then the final report follows)."""
    if report_is_interim(case):
        return [str(INTERIM_REPORT_NOT_FINAL)]
    return []


def follows_interim_report(case) -> bool:
    """The current report is the final report that follows an approved interim report (its
    deadline was the interim report's)."""
    report = case.report
    return (
        report is not None
        and report.kind == Report.Kind.FINAL
        and approved_interim_reports(report.scheme_year_id, report.network_id).exists()
    )


def approved_interim_reports(scheme_year_id: Any, network_id: Any):
    """The approved interim report of a network and year (ids, or ``OuterRef``s to annotate a
    list of cases in one query)."""
    return Report.objects.filter(
        scheme_year_id=scheme_year_id,
        network_id=network_id,
        kind=Report.Kind.INTERIM,
        status=Report.Status.APPROVED,
    )


# --- Cross-field checks (each message in ``workflow.messages``, shared by services and forms) ---


def report_deadline_problem(report_deadline: dt.date | None, decided_on: dt.date) -> str | None:
    """A vedtak's report deadline cannot fall before the day the vedtak is made."""
    if report_deadline is None or report_deadline >= decided_on:
        return None
    return str(
        REPORT_DEADLINE_BEFORE_DECISION
        % {"deadline": format_date_nb(report_deadline), "date": format_date_nb(decided_on)}
    )


def joint_set_aside(scheme_year: SchemeYear) -> int | None:
    """What the year's frozen allocation set aside for joint measures (None before it exists)."""
    from allocation.models import AllocationRun, RunStatus

    value = (
        AllocationRun.objects.filter(scheme_year=scheme_year, status=RunStatus.FROZEN)
        .values_list("joint_measures", flat=True)
        .first()
    )
    return None if value is None else int(value)


def joint_amount_problem(scheme_year: SchemeYear, amount: int) -> str | None:
    """The innstilling's joint-measures amount stays within what was set aside."""
    set_aside = joint_set_aside(scheme_year)
    if set_aside is None or amount <= set_aside:
        return None
    return str(
        JOINT_OVER_SET_ASIDE
        % {"amount": format_kroner(amount), "set_aside": format_kroner(set_aside)}
    )


def meeting_date_problem(meeting_date: dt.date | None, recommended_on: dt.date) -> str | None:
    """The forum's meeting comes before (or on) the day its innstilling is written and sent."""
    if meeting_date is None or meeting_date <= recommended_on:
        return None
    return str(
        MEETING_AFTER_RECOMMENDATION
        % {"meeting": format_date_nb(meeting_date), "date": format_date_nb(recommended_on)}
    )
