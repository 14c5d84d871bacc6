"""Every write that moves a case or edits its documents.

Each service: checks the actor's permission (django-fsm-2 does not enforce ``permission=``), checks
the rules with messages a person can act on, runs the transition and saves inside one transaction
with optimistic locking (a case changed by someone else meanwhile is refused, never overwritten),
records events, and queues side effects with ``transaction.on_commit``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_fsm import ConcurrentTransition, can_proceed

from config.errors import DomainError
from config.formatting import format_date_nb, format_kroner
from grants.models import (
    BudgetLine,
    ConflictOfInterest,
    Decision,
    DecisionBasis,
    LegalText,
    Measure,
    NeedsReport,
    Recommendation,
    RecommendationLine,
    Report,
    ReportCost,
    ReportMeasure,
    SchemeYear,
)
from grants.services import scheme_year_create
from networks.models import Network
from networks.services import event_record

from . import journal, rules
from . import permissions as perms
from .models import Case
from .signals import case_transitioned, decision_made
from .states import CaseState

CONCURRENT_CHANGE = gettext_lazy(
    "Saken ble endret av noen andre mens du arbeidet med den. Last siden på nytt og prøv igjen."
)
STALE_DOCUMENT = gettext_lazy(
    "Dokumentet ble endret av noen andre etter at du åpnet det. Last siden på nytt; "
    "endringene dine er ikke lagret."
)
COMMENT_REQUIRED = gettext_lazy("Skriv en kommentar som forklarer hvorfor.")


def _today() -> dt.date:
    return timezone.localdate()


def _wrong_state(case: Case) -> DomainError:
    return DomainError(
        _("Det kan ikke gjøres nå: saken er i steget «%(state)s».")
        % {"state": case.get_state_display()},
        code="wrong_state",
    )


def _run_transition(
    case: Case,
    name: str,
    *,
    actor,
    allowed: bool,
    comment: str = "",
    problems: Callable[[], list[str]] | None = None,
    before_save: Callable[[], None] | None = None,
) -> Case:
    """The one way a case changes stage."""
    if not allowed:
        raise PermissionDenied
    method = getattr(case, name)
    if not can_proceed(method, check_conditions=False):
        raise _wrong_state(case)
    found = problems() if problems else []
    if found:
        raise DomainError(" ".join(found), code="conditions")
    if not can_proceed(method):
        raise DomainError(_("Vilkårene for dette steget er ikke oppfylt."), code="conditions")
    try:
        with transaction.atomic():
            method(by=actor, description=comment or None)
            case.save()
            if before_save:
                before_save()
    except ConcurrentTransition as exc:
        case.refresh_from_db()
        raise DomainError(CONCURRENT_CHANGE, code="concurrent") from exc
    transaction.on_commit(
        lambda: case_transitioned.send(sender=Case, case=case, transition=name, actor=actor)
    )
    return case


def _bump_version(document, expected_version: int | None, *, actor) -> None:
    """Optimistic lock for documents: refuse a save based on an older version."""
    model = type(document)
    if expected_version is None:
        expected_version = document.version
    updated = model.objects.filter(pk=document.pk, version=expected_version).update(
        version=F("version") + 1,
        updated_by=actor if actor.is_authenticated else None,
        updated_at=timezone.now(),
    )
    if not updated:
        raise DomainError(STALE_DOCUMENT, code="stale")
    document.version = expected_version + 1


# Scheme year ---------------------------------------------------------------------------------


@transaction.atomic
def scheme_year_open(*, actor, year: int, **settings) -> SchemeYear:
    """Create the scheme year and a case (with an empty decision basis) for every active network."""
    if not perms.can_open_scheme_year(actor):
        raise PermissionDenied
    scheme_year = scheme_year_create(actor=actor, year=year, **settings)
    cases_ensure(scheme_year=scheme_year)
    return scheme_year


def cases_ensure(*, scheme_year: SchemeYear, networks: Iterable[Network] | None = None) -> int:
    """Make sure every active network has its case for the year. Returns how many were made."""
    made = 0
    for network in networks or Network.objects.filter(is_active=True):
        if Case.objects.filter(scheme_year=scheme_year, network=network).exists():
            continue
        basis, _created = DecisionBasis.objects.get_or_create(
            scheme_year=scheme_year, network=network
        )
        Case.objects.create(scheme_year=scheme_year, network=network, decision_basis=basis)
        made += 1
    return made


# Behovsmelding -------------------------------------------------------------------------------


def needs_deadline(*, scheme_year: SchemeYear, network: Network) -> dt.date:
    from grants.models import LocalDeadline

    local = LocalDeadline.objects.filter(scheme_year=scheme_year, network=network).first()
    return local.needs_deadline if local else scheme_year.needs_deadline


@transaction.atomic
def local_deadline_set(*, actor, scheme_year: SchemeYear, network: Network, deadline: dt.date):
    from grants.models import LocalDeadline

    if not perms.can_set_local_deadline(actor, network):
        raise PermissionDenied
    if deadline >= scheme_year.decision_basis_deadline:
        raise DomainError(
            _("Den lokale fristen må være før fristen for beslutningsgrunnlag (%(date)s).")
            % {"date": format_date_nb(scheme_year.decision_basis_deadline)},
            field="deadline",
        )
    LocalDeadline.objects.update_or_create(
        scheme_year=scheme_year, network=network, defaults={"needs_deadline": deadline}
    )
    event_record(
        kind="local_deadline_set",
        actor=actor,
        network=network,
        year=scheme_year.year,
        message=_("Lokal frist for behovsmelding satt til %(date)s.")
        % {"date": format_date_nb(deadline)},
    )


NEEDS_FIELDS = ("unit_kinds", "target_groups", "themes", "involvement")


@transaction.atomic
def needs_report_save(
    *,
    actor,
    scheme_year: SchemeYear,
    owner,
    expected_version: int | None = None,
    units: Iterable | None = None,
    **fields,
) -> NeedsReport:
    """Create or update an owner's needs report (draft, or submitted while before the deadline)."""
    if not perms.can_write_needs_report(actor, owner):
        raise PermissionDenied
    unknown = set(fields) - set(NEEDS_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    report, created = NeedsReport.objects.get_or_create(
        scheme_year=scheme_year, owner=owner, defaults={"network_id": owner.network_id}
    )
    deadline = needs_deadline(scheme_year=scheme_year, network=owner.network)
    if report.status == NeedsReport.Status.SUBMITTED and _today() > deadline:
        raise DomainError(
            _("Behovsmeldingen er sendt, og fristen %(date)s er passert. Den kan ikke endres.")
            % {"date": format_date_nb(deadline)}
        )
    if not created:
        _bump_version(report, expected_version, actor=actor)
    for name, value in fields.items():
        setattr(report, name, value)
    report.updated_by = actor
    report.save(update_fields=[*fields, "updated_by", "updated_at"])
    if units is not None:
        units = list(units)
        if any(unit.owner_id != owner.pk for unit in units):
            raise DomainError(_("Du kan bare velge virksomheter som tilhører eieren."))
        report.units.set(units)
    return report


@transaction.atomic
def needs_report_submit(*, actor, report: NeedsReport) -> NeedsReport:
    if not perms.can_write_needs_report(actor, report.owner):
        raise PermissionDenied
    if report.status == NeedsReport.Status.SUBMITTED:
        raise DomainError(_("Behovsmeldingen er allerede sendt."))
    problems = []
    if not report.themes.strip():
        problems.append(_("Beskriv tema og behov."))
    if not report.target_groups:
        problems.append(_("Velg minst én målgruppe."))
    if not report.involvement.strip():
        problems.append(_("Beskriv hvordan ansatte og ledere er involvert."))
    if problems:
        raise DomainError(" ".join(problems))
    deadline = needs_deadline(scheme_year=report.scheme_year, network=report.network)
    report.status = NeedsReport.Status.SUBMITTED
    report.submitted_at = timezone.now()
    report.submitted_by = actor
    report.is_late = _today() > deadline
    report.save(update_fields=["status", "submitted_at", "submitted_by", "is_late"])
    if report.is_late:
        event_record(
            kind="late_submission",
            actor=actor,
            network=report.network,
            year=report.scheme_year.year,
            subject=report,
            message=_("Behovsmelding fra %(owner)s sendt etter fristen %(date)s.")
            % {"owner": report.owner.name, "date": format_date_nb(deadline)},
        )
    journal.needs_report_received(actor=actor, report=report)
    return report


# Beslutningsgrunnlag -------------------------------------------------------------------------


def decision_basis_start(*, actor, case: Case, comment: str = "") -> Case:
    return _run_transition(
        case,
        "start_decision_basis",
        actor=actor,
        allowed=perms.can_start_decision_basis(actor, case),
        comment=comment,
    )


def _require_editable_basis(actor, case: Case) -> None:
    if not perms.can_edit_decision_basis(actor, case):
        raise PermissionDenied
    if case.state != CaseState.BESLUTNINGSGRUNNLAG:
        raise DomainError(
            _("Beslutningsgrunnlaget kan bare endres i steget «Beslutningsgrunnlag».")
        )


BASIS_FIELDS = (
    "summary",
    *(name for name, _label in DecisionBasis.CRITERIA),
    *(f"{name}_text" for name, _label in DecisionBasis.CRITERIA),
)


@transaction.atomic
def decision_basis_update(
    *, actor, case: Case, expected_version: int | None = None, needs_reports=None, **fields
) -> DecisionBasis:
    _require_editable_basis(actor, case)
    unknown = set(fields) - set(BASIS_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    basis = case.decision_basis
    _bump_version(basis, expected_version, actor=actor)
    for name, value in fields.items():
        setattr(basis, name, value)
    basis.save(update_fields=[*fields, "updated_by", "updated_at"])
    if needs_reports is not None:
        needs_reports = list(needs_reports)
        if any(r.network_id != case.network_id for r in needs_reports):
            raise DomainError(_("Du kan bare knytte behovsmeldinger fra nettverkets egne eiere."))
        basis.needs_reports.set(needs_reports)
    return basis


MEASURE_FIELDS = (
    "title",
    "description",
    "target_groups",
    "university",
    "period_start",
    "period_end",
    "expected_participants",
)


def _check_measure(case: Case, fields: dict, owners, units) -> None:
    start, end = fields.get("period_start"), fields.get("period_end")
    if start and end and end < start:
        raise DomainError(_("Perioden kan ikke slutte før den starter."), field="period_end")
    university = fields.get("university")
    if (
        university is not None
        and not case.network.partnership.universities.filter(pk=university.pk).exists()
    ):
        raise DomainError(_("UH-partneren må være en del av partnerskapet."), field="university")
    if owners is not None and any(o.network_id != case.network_id for o in owners):
        raise DomainError(_("Deltakende eiere må høre til nettverket."), field="owners")
    if units is not None and any(u.owner.network_id != case.network_id for u in units):
        raise DomainError(_("Deltakende virksomheter må høre til nettverket."), field="units")


@transaction.atomic
def measure_save(
    *,
    actor,
    case: Case,
    measure: Measure | None = None,
    owners=None,
    units=None,
    expected_version: int | None = None,
    **fields,
) -> Measure:
    """Add or change a measure (tiltak) of the case's decision basis."""
    _require_editable_basis(actor, case)
    unknown = set(fields) - set(MEASURE_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    owners = list(owners) if owners is not None else None
    units = list(units) if units is not None else None
    _check_measure(case, fields, owners, units)
    _bump_version(case.decision_basis, expected_version, actor=actor)
    if measure is None:
        measure = Measure.objects.create(
            decision_basis=case.decision_basis,
            position=case.decision_basis.measures.count() + 1,
            **fields,
        )
    else:
        if measure.decision_basis_id != case.decision_basis_id:
            raise PermissionDenied
        for name, value in fields.items():
            setattr(measure, name, value)
        measure.save(update_fields=list(fields))
    if owners is not None:
        measure.owners.set(owners)
    if units is not None:
        measure.units.set(units)
    return measure


@transaction.atomic
def measure_delete(*, actor, case: Case, measure: Measure, expected_version: int | None = None):
    _require_editable_basis(actor, case)
    if measure.decision_basis_id != case.decision_basis_id:
        raise PermissionDenied
    _bump_version(case.decision_basis, expected_version, actor=actor)
    measure.delete()


@transaction.atomic
def budget_line_save(
    *,
    actor,
    case: Case,
    measure: Measure,
    kind: str,
    description: str,
    amount: int,
    line: BudgetLine | None = None,
    expected_version: int | None = None,
) -> BudgetLine:
    _require_editable_basis(actor, case)
    if measure.decision_basis_id != case.decision_basis_id:
        raise PermissionDenied
    if amount < 0:
        raise DomainError(_("Beløpet kan ikke være negativt."), field="amount")
    if kind not in BudgetLine.Kind.values:
        raise DomainError(_("Velg type budsjettlinje."), field="kind")
    _bump_version(case.decision_basis, expected_version, actor=actor)
    if line is None:
        line = BudgetLine.objects.create(
            measure=measure, kind=kind, description=description, amount=amount
        )
    else:
        if line.measure_id != measure.pk:
            raise PermissionDenied
        old = line.amount
        line.kind, line.description, line.amount = kind, description, amount
        line.save(update_fields=["kind", "description", "amount"])
        if old != amount:
            event_record(
                kind="amount_changed",
                actor=actor,
                network=case.network,
                year=case.scheme_year.year,
                subject=line,
                message=_("Budsjettlinjen «%(line)s» endret fra %(old)s til %(new)s.")
                % {"line": description, "old": format_kroner(old), "new": format_kroner(amount)},
            )
    return line


@transaction.atomic
def budget_line_delete(
    *, actor, case: Case, line: BudgetLine, expected_version: int | None = None
) -> None:
    _require_editable_basis(actor, case)
    if line.measure.decision_basis_id != case.decision_basis_id:
        raise PermissionDenied
    _bump_version(case.decision_basis, expected_version, actor=actor)
    line.delete()


def decision_basis_deadline(case: Case) -> dt.date:
    return case.decision_basis_reopened_until or case.scheme_year.decision_basis_deadline


def decision_basis_submit_problems(case: Case) -> list[str]:
    problems = rules.decision_basis_problems(case)
    frame = rules.frame_problem(case)
    if frame:
        problems.append(frame)
    deadline = decision_basis_deadline(case)
    if _today() > deadline:
        problems.append(
            _(
                "Fristen for beslutningsgrunnlaget var %(date)s. Sekretariatet for "
                "samarbeidsforum kan åpne for innsending etter fristen."
            )
            % {"date": format_date_nb(deadline)}
        )
    return problems


def decision_basis_submit(*, actor, case: Case, comment: str = "") -> Case:
    if not perms.can_submit_decision_basis(actor, case):
        raise PermissionDenied
    if case.state == CaseState.BESLUTNINGSGRUNNLAG:
        over = rules.frame_problem(case)
        if over and rules.case_frame(case) is not None:
            # Kept even though the submission is refused: the forum wants to see such attempts.
            event_record(
                kind="frame_exceeded",
                actor=actor,
                network=case.network,
                year=case.scheme_year.year,
                subject=case.decision_basis,
                message=over,
            )

    def stamp() -> None:
        case.decision_basis.submitted_at = timezone.now()
        case.decision_basis.save(update_fields=["submitted_at"])
        journal.decision_basis_received(actor=actor, case=case)

    return _run_transition(
        case,
        "submit_decision_basis",
        actor=actor,
        allowed=True,
        comment=comment,
        problems=lambda: decision_basis_submit_problems(case),
        before_save=stamp,
    )


def decision_basis_return(*, actor, case: Case, comment: str) -> Case:
    if not comment.strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")
    return _run_transition(
        case,
        "return_decision_basis",
        actor=actor,
        allowed=perms.can_return_decision_basis(actor, case),
        comment=comment,
    )


@transaction.atomic
def decision_basis_reopen(*, actor, case: Case, until: dt.date, comment: str) -> Case:
    """The secretariat lets a partnership submit after the deadline, until ``until``."""
    if not perms.can_reopen_decision_basis(actor, case):
        raise PermissionDenied
    if case.state not in (CaseState.BEHOVSMELDING, CaseState.BESLUTNINGSGRUNNLAG):
        raise _wrong_state(case)
    if until < _today():
        raise DomainError(_("Den nye fristen kan ikke være i fortiden."), field="until")
    if not comment.strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")
    Case.objects.filter(pk=case.pk).update(decision_basis_reopened_until=until)
    case.decision_basis_reopened_until = until
    event_record(
        kind="decision_basis_reopened",
        actor=actor,
        network=case.network,
        year=case.scheme_year.year,
        subject=case,
        message=_("Innsending åpnet til %(date)s: %(comment)s")
        % {"date": format_date_nb(until), "comment": comment},
    )
    return case


# Innstilling ---------------------------------------------------------------------------------


@transaction.atomic
def conflict_declare(*, actor, scheme_year: SchemeYear, network: Network, reason: str):
    if not perms.can_declare_conflict(actor):
        raise PermissionDenied
    if not reason.strip():
        raise DomainError(_("Oppgi grunnen til inhabiliteten."), field="reason")
    conflict, _created = ConflictOfInterest.objects.get_or_create(
        scheme_year=scheme_year, user=actor, network=network, defaults={"reason": reason}
    )
    event_record(
        kind="conflict_declared",
        actor=actor,
        network=network,
        year=scheme_year.year,
        message=_("%(user)s erklærte seg inhabil for %(network)s.")
        % {"user": actor, "network": network.name},
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
    actor,
    scheme_year: SchemeYear,
    expected_version: int | None = None,
    meeting_date: dt.date | None,
    consensus_note: str,
    joint_measures: str,
    joint_amount: int,
) -> Recommendation:
    if not perms.is_forum(actor):
        raise PermissionDenied
    recommendation = recommendation_for(scheme_year)
    _bump_version(recommendation, expected_version, actor=actor)
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
    *, actor, case: Case, amount: int, uh_amount: int, note: str = ""
) -> RecommendationLine:
    """Record the forum's recommended amount for one network (≤ its frame)."""
    if not perms.is_forum(actor):
        raise PermissionDenied
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
    if frame is not None and amount > frame:
        raise DomainError(
            _("Anbefalt beløp (%(amount)s) er større enn rammen (%(frame)s).")
            % {"amount": format_kroner(amount), "frame": format_kroner(frame)},
            field="amount",
        )
    if uh_amount > amount:
        raise DomainError(
            _("Andelen til UH kan ikke være større enn anbefalt beløp."), field="uh_amount"
        )
    recommendation = recommendation_for(case.scheme_year)
    line, _created = RecommendationLine.objects.update_or_create(
        recommendation=recommendation,
        network=case.network,
        defaults={"amount": amount, "uh_amount": uh_amount, "note": note, "recorded_by": actor},
    )
    event_record(
        kind="recommendation_recorded",
        actor=actor,
        network=case.network,
        year=case.scheme_year.year,
        subject=line,
        message=_("Innstilt beløp for %(network)s: %(amount)s (herav UH %(uh)s).")
        % {
            "network": case.network.name,
            "amount": format_kroner(amount),
            "uh": format_kroner(uh_amount),
        },
    )
    return line


def _draft_decision_from(case: Case, line: RecommendationLine) -> Decision:
    texts = {t.key: t.text for t in LegalText.objects.all()}
    return Decision.objects.create(
        scheme_year=case.scheme_year,
        network=case.network,
        amount=line.amount,
        uh_amount=line.uh_amount,
        recommended_amount=line.amount,
        frame=rules.case_frame(case),
        legal_basis=texts.get("hjemmel", ""),
        appeal_right=texts.get("klagerett", ""),
        appeal_body=texts.get("klageinstans", ""),
        appeal_instructions=texts.get("klage-slik", ""),
        conditions=texts.get("vilkar", ""),
        report_deadline=case.scheme_year.report_deadline,
    )


@transaction.atomic
def recommendation_submit(*, actor, scheme_year: SchemeYear, comment: str = "") -> list[Case]:
    """Send the innstilling for every network that has a recorded line and is waiting for it."""
    if not perms.can_submit_recommendation(actor):
        raise PermissionDenied
    recommendation = recommendation_for(scheme_year)
    if recommendation.meeting_date is None:
        raise DomainError(_("Oppgi datoen for møtet i samarbeidsforum."), field="meeting_date")
    if not recommendation.consensus_note.strip():
        raise DomainError(
            _("Beskriv om innstillingen er enstemmig eller resultat av votering."),
            field="consensus_note",
        )
    lines = {line.network_id: line for line in recommendation.lines.filter(sent_at__isnull=True)}
    cases = list(
        Case.objects.select_related("network", "scheme_year", "decision_basis").filter(
            scheme_year=scheme_year, state=CaseState.INNSTILLING, network_id__in=lines
        )
    )
    if not cases:
        raise DomainError(
            _("Det er ingen nettverk med ført innstilling som venter på å bli sendt.")
        )
    now = timezone.now()
    for case in cases:
        line = lines[case.network_id]
        _run_transition(case, "recommend", actor=actor, allowed=True, comment=comment)
        line.sent_at = now
        line.save(update_fields=["sent_at"])
        _draft_decision_from(case, line)
        journal.recommendation_noted(actor=actor, case=case, recommendation=recommendation)
    event_record(
        kind="recommendation_submitted",
        actor=actor,
        year=scheme_year.year,
        subject=recommendation,
        message=_("Innstillingen for %(year)s ble sendt Statsforvalteren for %(count)s nettverk.")
        % {"year": scheme_year.year, "count": len(cases)},
    )
    return cases


def recommendation_return(*, actor, case: Case, comment: str) -> Case:
    """Statsforvalteren returns the innstilling for one network to the forum."""
    if not comment.strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")

    def undo() -> None:
        RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, network=case.network
        ).update(sent_at=None)
        Decision.objects.filter(
            scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DRAFT
        ).delete()

    return _run_transition(
        case,
        "return_recommendation",
        actor=actor,
        allowed=perms.can_return_recommendation(actor, case),
        comment=comment,
        before_save=undo,
    )


# Vedtak --------------------------------------------------------------------------------------

DECISION_FIELDS = (
    "amount",
    "uh_amount",
    "conditions",
    "reasons",
    "legal_basis",
    "report_deadline",
    "appeal_right",
    "appeal_body",
    "appeal_weeks",
    "appeal_instructions",
    "departure_reason",
)


@transaction.atomic
def decision_update(
    *, actor, decision: Decision, expected_version: int | None = None, **fields
) -> Decision:
    """Edit a draft vedtak. A decided vedtak is frozen: a correction is a new vedtak."""
    case = Case.objects.get(scheme_year=decision.scheme_year, network=decision.network)
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    if decision.status != Decision.Status.DRAFT:
        raise DomainError(
            _("Vedtaket er fattet og kan ikke endres. En retting gjøres som et nytt vedtak."),
            code="frozen",
        )
    unknown = set(fields) - set(DECISION_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    expected = decision.version if expected_version is None else expected_version
    if not Decision.objects.filter(pk=decision.pk, version=expected).update(
        version=F("version") + 1
    ):
        raise DomainError(STALE_DOCUMENT, code="stale")
    decision.version = expected + 1
    for name, value in fields.items():
        setattr(decision, name, value)
    decision.save(update_fields=list(fields))
    return decision


def _mark_decided(decision: Decision, actor) -> None:
    if decision.supersedes_id:
        old = decision.supersedes
        old.status = Decision.Status.SUPERSEDED
        old.save(update_fields=["status"])
    decision.status = Decision.Status.DECIDED
    decision.decided_at = timezone.now()
    decision.decided_by = actor
    decision.notified_on = _today()
    decision.save(update_fields=["status", "decided_at", "decided_by", "notified_on"])


def decision_decide(*, actor, decision: Decision, comment: str = "") -> Decision:
    """Make the vedtak. For the first vedtak of a case this is the case's `decide` transition; a
    correction (after an upheld appeal) supersedes the vedtak in force."""
    case = Case.objects.select_related("network", "scheme_year").get(
        scheme_year=decision.scheme_year, network=decision.network
    )
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    if decision.status != Decision.Status.DRAFT:
        raise DomainError(_("Vedtaket er allerede fattet."), code="frozen")
    problems = rules.decision_problems(decision)
    if problems:
        raise DomainError(" ".join(problems), code="conditions")
    if decision.supersedes_id:
        with transaction.atomic():
            _mark_decided(decision, actor)
            event_record(
                kind="decision_corrected",
                actor=actor,
                network=case.network,
                year=case.scheme_year.year,
                subject=decision,
                message=_("Nytt vedtak fattet: %(amount)s (erstatter vedtak %(old)s).")
                % {"amount": format_kroner(decision.amount), "old": decision.supersedes_id},
            )
    else:
        _run_transition(
            case,
            "decide",
            actor=actor,
            allowed=True,
            comment=comment,
            before_save=lambda: _mark_decided(decision, actor),
        )
    transaction.on_commit(
        lambda: decision_made.send(sender=Decision, decision=decision, actor=actor)
    )
    return decision


# Klage ---------------------------------------------------------------------------------------


@transaction.atomic
def appeal_lodge(*, actor, case: Case, text: str):
    from grants.models import Appeal

    if not perms.can_lodge_appeal(actor, case):
        raise PermissionDenied
    decision = rules.decision_in_force(case)
    if decision is None:
        raise DomainError(_("Det finnes ikke noe vedtak å klage på."))
    if not text.strip():
        raise DomainError(_("Skriv hva du klager på og hvorfor."), field="text")
    deadline = decision.appeal_deadline()
    if deadline is not None and _today() > deadline:
        raise DomainError(
            _("Klagefristen gikk ut %(date)s.") % {"date": format_date_nb(deadline)},
            code="appeal_deadline",
        )
    appeal = Appeal.objects.create(decision=decision, text=text, lodged_by=actor)
    event_record(
        kind="appeal_lodged",
        actor=actor,
        network=case.network,
        year=case.scheme_year.year,
        subject=appeal,
        message=_("Klage mottatt på vedtaket."),
    )
    journal.appeal_received(actor=actor, case=case, appeal=appeal)
    return appeal


@transaction.atomic
def appeal_decide(*, actor, appeal, outcome: str, note: str, on: dt.date | None = None):
    """Record the outcome: upheld (a new draft vedtak is made to be decided) or forwarded."""
    from grants.models import Appeal

    decision = appeal.decision
    case = Case.objects.get(scheme_year=decision.scheme_year, network=decision.network)
    if not perms.can_decide_appeal(actor, case):
        raise PermissionDenied
    if appeal.outcome != Appeal.Outcome.PENDING:
        raise DomainError(_("Klagen er allerede avgjort."))
    if outcome not in (Appeal.Outcome.UPHELD, Appeal.Outcome.FORWARDED):
        raise DomainError(_("Velg utfall."), field="outcome")
    if not note.strip():
        raise DomainError(COMMENT_REQUIRED, field="note")
    appeal.outcome = outcome
    appeal.outcome_on = on or _today()
    appeal.outcome_note = note
    if outcome == Appeal.Outcome.UPHELD:
        fields = {name: getattr(decision, name) for name in DECISION_FIELDS}
        appeal.new_decision = Decision.objects.create(
            scheme_year=decision.scheme_year,
            network=decision.network,
            supersedes=decision,
            recommended_amount=decision.recommended_amount,
            frame=decision.frame,
            **fields,
        )
    appeal.save(update_fields=["outcome", "outcome_on", "outcome_note", "new_decision"])
    event_record(
        kind="appeal_decided",
        actor=actor,
        network=case.network,
        year=case.scheme_year.year,
        subject=appeal,
        message=_("Klagen: %(outcome)s. %(note)s")
        % {"outcome": appeal.get_outcome_display(), "note": note},
    )
    return appeal


# Rapportering --------------------------------------------------------------------------------


def reporting_open(*, actor, case: Case, comment: str = "") -> Case:
    def create_report() -> None:
        report, _created = Report.objects.get_or_create(
            scheme_year=case.scheme_year, network=case.network
        )
        for measure in case.decision_basis.measures.prefetch_related("budget_lines"):
            ReportMeasure.objects.get_or_create(report=report, measure=measure)
            for line in measure.budget_lines.all():
                ReportCost.objects.get_or_create(report=report, budget_line=line)
        Case.objects.filter(pk=case.pk).update(report=report)
        case.report = report

    return _run_transition(
        case,
        "open_reporting",
        actor=actor,
        allowed=perms.can_open_reporting(actor, case),
        comment=comment,
        before_save=create_report,
    )


@transaction.atomic
def report_update(
    *,
    actor,
    case: Case,
    expected_version: int | None = None,
    assessment: str | None = None,
    measures: dict[int, dict] | None = None,
    costs: dict[int, int] | None = None,
) -> Report:
    """Edit the report: ``measures`` maps ReportMeasure id to {what_was_done,
    participants_reached}; ``costs`` maps ReportCost id to the amount used."""
    if not perms.can_edit_report(actor, case):
        raise PermissionDenied
    report = case.report
    if report is None or case.state != CaseState.RAPPORTERING:
        raise _wrong_state(case)
    if report.status not in (Report.Status.DRAFT, Report.Status.RETURNED):
        raise DomainError(_("Rapporten er sendt og kan ikke endres nå."))
    _bump_version(report, expected_version, actor=actor)
    if assessment is not None:
        report.assessment = assessment
        report.save(update_fields=["assessment"])
    for item in report.measures.filter(pk__in=list(measures or {})):
        values = measures[item.pk]
        item.what_was_done = values.get("what_was_done", item.what_was_done)
        item.participants_reached = values.get("participants_reached", item.participants_reached)
        if item.participants_reached < 0:
            raise DomainError(_("Antall deltakere kan ikke være negativt."))
        item.save(update_fields=["what_was_done", "participants_reached"])
    for cost in report.costs.filter(pk__in=list(costs or {})):
        used = costs[cost.pk]
        if used < 0:
            raise DomainError(_("Brukte midler kan ikke være negative."))
        cost.used = used
        cost.save(update_fields=["used"])
    return report


def _report_status(case: Case, status: str, **fields) -> Callable[[], None]:
    """What a report transition writes on the report itself, inside the transition's transaction."""

    def mark() -> None:
        report = case.report
        report.status = status
        for name, value in fields.items():
            setattr(report, name, value)
        report.save(update_fields=["status", *fields])

    return mark


def report_submit(*, actor, case: Case, comment: str = "") -> Case:
    mark = _report_status(case, Report.Status.SUBMITTED, submitted_at=timezone.now())

    def mark_and_flag_late() -> None:
        mark()
        journal.report_received(actor=actor, case=case)
        if _today() > case.scheme_year.report_deadline:
            event_record(
                kind="late_submission",
                actor=actor,
                network=case.network,
                year=case.scheme_year.year,
                subject=case.report,
                message=_("Rapporten ble sendt etter fristen %(date)s.")
                % {"date": format_date_nb(case.scheme_year.report_deadline)},
            )

    return _run_transition(
        case,
        "submit_report",
        actor=actor,
        allowed=perms.can_edit_report(actor, case),
        comment=comment,
        problems=lambda: rules.report_problems(case),
        before_save=mark_and_flag_late,
    )


def report_return(*, actor, case: Case, comment: str) -> Case:
    if not comment.strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")
    return _run_transition(
        case,
        "return_report",
        actor=actor,
        allowed=perms.can_control_report(actor, case),
        comment=comment,
        before_save=_report_status(case, Report.Status.RETURNED, return_comment=comment),
    )


def report_approve(*, actor, case: Case, comment: str = "") -> Case:
    return _run_transition(
        case,
        "approve_report",
        actor=actor,
        allowed=perms.can_control_report(actor, case),
        comment=comment,
        before_save=_report_status(case, Report.Status.APPROVED, approved_at=timezone.now()),
    )
