"""Beslutningsgrunnlag: the partnership writes its measures and budget inside the frame and sends
it to the forum; the secretariat returns it or reopens it after the deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_date_nb, format_kroner
from grants.events import document_event
from grants.messages import PARTICIPANTS_MAX, PARTICIPANTS_TOO_MANY
from grants.models import BudgetLine, DecisionBasis, Measure
from networks.models import User

from .. import journal, rules
from .. import permissions as perms
from ..messages import COMMENT_REQUIRED
from ..models import Case
from ..rules import today
from ..states import CaseState
from ._common import (
    _wrong_state,
    bump_version,
    fields_known,
    fields_save,
    permitted_in_open_year,
    related_set,
    run_step,
)


def decision_basis_start(*, actor: User, case: Case, comment: str = "") -> Case:
    return run_step(case, "start_decision_basis", actor=actor, comment=comment)


def _require_editable_basis(actor: User, case: Case) -> None:
    permitted_in_open_year(perms.can_edit_decision_basis(actor, case), case)
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
    *,
    actor: User,
    case: Case,
    expected_version: int | None = None,
    needs_reports: Any = None,
    **fields: Any,
) -> DecisionBasis:
    _require_editable_basis(actor, case)
    fields_known(fields, BASIS_FIELDS)
    basis = case.decision_basis
    bump_version(basis, expected_version, actor=actor)
    fields_save(basis, fields, "updated_by", "updated_at")
    related_set(
        basis.needs_reports,
        needs_reports,
        belongs=lambda report: report.network_id == case.network_id,
        refused=_("Du kan bare knytte behovsmeldinger fra nettverkets egne eiere."),
    )
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


def _check_measure(case: Case, fields: dict[str, Any], owners: Any, units: Any) -> None:
    participants = fields.get("expected_participants")
    if participants is not None and participants > PARTICIPANTS_MAX:
        raise DomainError(PARTICIPANTS_TOO_MANY, field="expected_participants", code="too_many")
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
    actor: User,
    case: Case,
    measure: Measure | None = None,
    owners: Any = None,
    units: Any = None,
    expected_version: int | None = None,
    **fields: Any,
) -> Measure:
    """Add or change a measure (tiltak) of the case's decision basis."""
    _require_editable_basis(actor, case)
    fields_known(fields, MEASURE_FIELDS)
    owners = list(owners) if owners is not None else None
    units = list(units) if units is not None else None
    _check_measure(case, fields, owners, units)
    bump_version(case.decision_basis, expected_version, actor=actor)
    if measure is None:
        measure = Measure.objects.create(
            decision_basis=case.decision_basis,
            position=case.decision_basis.measures.count() + 1,
            **fields,
        )
    else:
        if measure.decision_basis_id != case.decision_basis_id:
            raise PermissionDenied
        fields_save(measure, fields)
    if owners is not None:
        measure.owners.set(owners)
    if units is not None:
        measure.units.set(units)
    return measure


@transaction.atomic
def measure_delete(
    *, actor: User, case: Case, measure: Measure, expected_version: int | None = None
) -> None:
    _require_editable_basis(actor, case)
    if measure.decision_basis_id != case.decision_basis_id:
        raise PermissionDenied
    bump_version(case.decision_basis, expected_version, actor=actor)
    total = measure.total
    document_event(
        case,
        "measure_deleted",
        _("Tiltaket «%(title)s» ble slettet (budsjett %(amount)s).")
        % {"title": measure.title, "amount": format_kroner(total)},
        actor=actor,
        subject=case.decision_basis,
        data={"measure": measure.pk, "title": measure.title, "amount": total},
    )
    measure.delete()


@transaction.atomic
def budget_line_save(
    *,
    actor: User,
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
    bump_version(case.decision_basis, expected_version, actor=actor)
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
            document_event(
                case,
                "amount_changed",
                _("Budsjettlinjen «%(line)s» endret fra %(old)s til %(new)s.")
                % {"line": description, "old": format_kroner(old), "new": format_kroner(amount)},
                actor=actor,
                subject=line,
            )
    return line


@transaction.atomic
def budget_line_delete(
    *, actor: User, case: Case, line: BudgetLine, expected_version: int | None = None
) -> None:
    _require_editable_basis(actor, case)
    if line.measure.decision_basis_id != case.decision_basis_id:
        raise PermissionDenied
    bump_version(case.decision_basis, expected_version, actor=actor)
    document_event(
        case,
        "budget_line_deleted",
        _("Budsjettlinjen «%(line)s» (%(amount)s) ble slettet fra tiltaket «%(title)s».")
        % {
            "line": line.description,
            "amount": format_kroner(line.amount),
            "title": line.measure.title,
        },
        actor=actor,
        subject=case.decision_basis,
        data={"line": line.pk, "measure": line.measure_id, "amount": line.amount},
    )
    line.delete()


def decision_basis_submit(*, actor: User, case: Case, comment: str = "") -> Case:
    if perms.can_submit_decision_basis(actor, case) and case.state == CaseState.BESLUTNINGSGRUNNLAG:
        over = rules.frame_problem(case)
        if over and rules.case_frame(case) is not None:
            # Kept even though the submission is refused: the forum wants to see such attempts.
            document_event(
                case,
                "frame_exceeded",
                over,
                actor=actor,
                subject=case.decision_basis,
            )

    def stamp() -> None:
        case.decision_basis.submitted_at = timezone.now()
        case.decision_basis.save(update_fields=["submitted_at"])
        journal.decision_basis_received(actor=actor, case=case)

    return run_step(case, "submit_decision_basis", actor=actor, comment=comment, before_save=stamp)


def decision_basis_return(*, actor: User, case: Case, comment: str) -> Case:
    return run_step(case, "return_decision_basis", actor=actor, comment=comment)


@transaction.atomic
def decision_basis_reopen(*, actor: User, case: Case, until: dt.date, comment: str) -> Case:
    """The secretariat lets a partnership submit after the deadline, until ``until``."""
    permitted_in_open_year(perms.can_reopen_decision_basis(actor, case), case)
    if case.state not in (CaseState.BEHOVSMELDING, CaseState.BESLUTNINGSGRUNNLAG):
        raise _wrong_state(case)
    if until < today():
        raise DomainError(_("Den nye fristen kan ikke være i fortiden."), field="until")
    if not comment.strip():
        raise DomainError(COMMENT_REQUIRED, field="comment")
    Case.objects.filter(pk=case.pk).update(decision_basis_reopened_until=until)
    case.decision_basis_reopened_until = until
    document_event(
        case,
        "decision_basis_reopened",
        _("Innsending åpnet til %(date)s: %(comment)s")
        % {"date": format_date_nb(until), "comment": comment},
        actor=actor,
        subject=case,
    )
    return case
