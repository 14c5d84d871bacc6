"""Writes for the allocation: compute a run, recompute a draft, freeze (publish), supersede.

Every service takes the acting user as ``actor=``, checks permission, works in one
``transaction.atomic()`` block and records ``networks.Event`` rows. The frames themselves come
from the pure engine (``allocation.engine.allocate``); an engine error becomes a ``DomainError``
with the engine's own message.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from fractions import Fraction
from typing import IO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.errors import DomainError
from config.formatting import format_kroner
from grants.events import year_event
from grants.locks import ensure_money_open
from grants.models import SchemeYear
from networks.headcount_import.checking import PreviewRow
from networks.headcount_import.messages import shown
from networks.headcount_import.storing import head_counts_import
from networks.models import Owner

from .engine import AllocationError, AllocationResult, allocate
from .models import AllocationLine, AllocationRun, RunStatus, final_run_message
from .permissions import can_import_head_counts, can_manage_allocation
from .selectors import YearInputs, run_matches_inputs, to_decimal, year_inputs


def already_frozen_message(year: int) -> str:
    return _(
        "Fordelingen for %(year)s er allerede fastsatt. Bruk «Erstatt fordelingen» for å "
        "beregne og publisere en ny."
    ) % {"year": year}


def draft_exists_message(year: int) -> str:
    return _(
        "Det finnes allerede et utkast til fordeling for %(year)s. Beregn utkastet på nytt i "
        "stedet for å lage et nytt."
    ) % {"year": year}


def only_draft_can_be_frozen_message() -> str:
    return _("Bare et utkast kan fastsettes.")


def only_frozen_can_be_superseded_message() -> str:
    return _("Bare en fastsatt fordeling kan erstattes. Et utkast kan beregnes på nytt.")


def stale_draft_message(year: int) -> str:
    return _(
        "Innstillingene eller elev- og barnetallene for %(year)s er endret etter at utkastet ble "
        "beregnet. Beregn utkastet på nytt før det fastsettes."
    ) % {"year": year}


def reason_required_message() -> str:
    return _("Skriv en begrunnelse for hvorfor fordelingen erstattes.")


def _check_permission(actor) -> None:
    if not can_manage_allocation(actor):
        raise PermissionDenied


def _compute(inputs: YearInputs) -> AllocationResult:
    try:
        return allocate(**inputs.engine_kwargs, networks=inputs.counts)
    except AllocationError as error:
        raise DomainError(error.message, code=error.code, field=error.field) from error


def _run_values(inputs: YearInputs, result: AllocationResult) -> dict:
    kwargs = inputs.engine_kwargs
    weight_total = sum((share.weight for share in result.networks), Fraction(0))
    return {
        "total_amount": result.total,
        "joint_percent": kwargs["joint_percent"],
        "joint_amount": kwargs["joint_amount"],
        "joint_measures": result.joint_measures,
        "base_grant": result.base_grant,
        "pupil_weight": result.pupil_weight,
        "child_weight": result.child_weight,
        "weight_total": to_decimal(weight_total),
        "distributable": result.distributable,
    }


def _create_lines(run: AllocationRun, inputs: YearInputs, result: AllocationResult) -> None:
    if result.frames_total() != result.total - result.joint_measures:
        raise AssertionError("the engine's frames do not add up")  # the engine guarantees this
    AllocationLine.objects.bulk_create(
        AllocationLine(
            run=run,
            position=position,
            network=item.network,
            network_name=item.network.name,
            pupils=share.pupils,
            children=share.children,
            owners_counted=item.owners_counted,
            counts_source=item.source_text,
            counted_on=item.counted_on,
            weight=to_decimal(share.weight),
            quota=f"{share.quota.numerator}/{share.quota.denominator}",
            base=share.base,
            pro_rata=share.pro_rata,
            frame=share.frame,
        )
        for position, (share, item) in enumerate(
            zip(result.networks, inputs.networks, strict=True), start=1
        )
    )


def _new_run(*, actor, scheme_year: SchemeYear) -> AllocationRun:
    inputs = year_inputs(scheme_year)
    result = _compute(inputs)
    last = (
        AllocationRun.objects.filter(scheme_year=scheme_year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    run = AllocationRun.objects.create(
        scheme_year=scheme_year,
        number=(last or 0) + 1,
        created_by=actor if actor.is_authenticated else None,
        **_run_values(inputs, result),
    )
    _create_lines(run, inputs, result)
    return run


def _lock_year(scheme_year: SchemeYear) -> SchemeYear:
    """Serialise the year's run writes (PostgreSQL row lock; SQLite locks the whole database).
    The allocation is fixed from the year's first vedtak on (and in a closed year)."""
    scheme_year = SchemeYear.objects.select_for_update().get(pk=scheme_year.pk)
    ensure_money_open(scheme_year)
    return scheme_year


def _locked_run_in(status: str, run: AllocationRun, message: str, code: str) -> AllocationRun:
    """The run, locked for a write, when it is in ``status``; otherwise refused (``message``,
    ``code``)."""
    run = AllocationRun.objects.select_for_update().select_related("scheme_year").get(pk=run.pk)
    ensure_money_open(run.scheme_year)
    if run.status != status:
        raise DomainError(message, code=code)
    return run


def _frames(run: AllocationRun) -> dict[str, int]:
    return {line.network_name: line.frame for line in run.lines.order_by("position")}


def _record_run(
    kind: str,
    *,
    actor,
    run: AllocationRun,
    message: str,
    frames_of: AllocationRun | None = None,
    **data,
) -> None:
    """An event about a run; its data ends with the frames (of ``frames_of``, else the run's)."""
    year_event(
        run.scheme_year,
        kind,
        message,
        actor=actor,
        subject=run,
        data={**data, "frames": _frames(frames_of or run)},
    )


def allocation_run_create(*, actor, scheme_year: SchemeYear) -> AllocationRun:
    """Compute a draft run from the year's settings and the current head counts."""
    _check_permission(actor)
    with transaction.atomic():
        scheme_year = _lock_year(scheme_year)
        year = scheme_year.year
        existing = set(
            AllocationRun.objects.filter(
                scheme_year=scheme_year, status__in=[RunStatus.FROZEN, RunStatus.DRAFT]
            ).values_list("status", flat=True)
        )
        if RunStatus.FROZEN in existing:
            raise DomainError(already_frozen_message(year), code="already_frozen")
        if RunStatus.DRAFT in existing:
            raise DomainError(draft_exists_message(year), code="draft_exists")
        run = _new_run(actor=actor, scheme_year=scheme_year)
        _record_run(
            "allocation_run_created",
            actor=actor,
            run=run,
            message=_("Utkast nr. %(number)s til fordeling for %(year)s ble beregnet.")
            % {"number": run.number, "year": year},
        )
    return run


def allocation_run_recompute(*, actor, run: AllocationRun) -> AllocationRun:
    """Compute a draft again from the current settings and counts (drafts only)."""
    _check_permission(actor)
    with transaction.atomic():
        run = _locked_run_in(RunStatus.DRAFT, run, final_run_message(), "run_final")
        inputs = year_inputs(run.scheme_year)
        result = _compute(inputs)
        values = _run_values(inputs, result)
        for name, value in values.items():
            setattr(run, name, value)
        run.save(update_fields=list(values))
        run.lines.all().delete()
        _create_lines(run, inputs, result)
        _record_run(
            "allocation_run_recomputed",
            actor=actor,
            run=run,
            message=_("Utkast nr. %(number)s til fordeling for %(year)s ble beregnet på nytt.")
            % {"number": run.number, "year": run.scheme_year.year},
        )
    return run


def _record_published(*, actor, run: AllocationRun, previous: dict[int, int]) -> None:
    year = run.scheme_year.year
    for line in run.lines.select_related("network").order_by("position"):
        old = previous.get(line.network_id)
        if old is None:
            message = _("Rammen for %(year)s er fastsatt: %(frame)s.") % {
                "year": year,
                "frame": format_kroner(line.frame),
            }
        else:
            message = _("Rammen for %(year)s er endret fra %(old)s til %(frame)s.") % {
                "year": year,
                "old": format_kroner(old),
                "frame": format_kroner(line.frame),
            }
        year_event(
            run.scheme_year,
            "allocation_frame_published",
            message,
            actor=actor,
            network=line.network,
            subject=run,
            data={"frame": line.frame, "previous_frame": old, "run": run.pk},
        )


def allocation_run_freeze(*, actor, run: AllocationRun) -> AllocationRun:
    """Publish a draft: its frames become the networks' pre-allocated frames for the year."""
    _check_permission(actor)
    with transaction.atomic():
        run = _locked_run_in(RunStatus.DRAFT, run, only_draft_can_be_frozen_message(), "not_draft")
        year = run.scheme_year.year
        frozen = AllocationRun.objects.filter(
            scheme_year=run.scheme_year, status=RunStatus.FROZEN
        ).exists()
        if frozen:
            raise DomainError(already_frozen_message(year), code="already_frozen")
        try:
            inputs = year_inputs(run.scheme_year)
        except DomainError:
            inputs = None
        if inputs is None or not run_matches_inputs(run, inputs):
            raise DomainError(stale_draft_message(year), code="stale_draft")
        run.freeze(at=timezone.now(), by=actor)
        run.save()
        _record_run(
            "allocation_run_frozen",
            actor=actor,
            run=run,
            message=_("Fordeling nr. %(number)s for %(year)s ble fastsatt og publisert.")
            % {"number": run.number, "year": year},
        )
        _record_published(actor=actor, run=run, previous={})
    return run


def allocation_run_supersede(*, actor, run: AllocationRun, reason: str) -> AllocationRun:
    """Replace a frozen run by a new frozen run computed from the current inputs.

    The old run is kept, marked superseded with the reason and a link to the new one; both stay
    visible in the history. Returns the new run.
    """
    _check_permission(actor)
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(reason_required_message(), code="reason_required", field="reason")
    with transaction.atomic():
        old = _locked_run_in(
            RunStatus.FROZEN, run, only_frozen_can_be_superseded_message(), "not_frozen"
        )
        scheme_year = _lock_year(old.scheme_year)
        year = scheme_year.year
        previous = {line.network_id: line.frame for line in old.lines.all()}
        new = _new_run(actor=actor, scheme_year=scheme_year)
        now = timezone.now()
        old.supersede(at=now, replacement=new, reason=reason, by=actor, description=reason)
        old.save()
        new.freeze(at=now, by=actor)
        new.save()
        _record_run(
            "allocation_run_superseded",
            actor=actor,
            run=old,
            message=_(
                "Fordeling nr. %(old)s for %(year)s ble erstattet av nr. %(new)s. "
                "Begrunnelse: %(reason)s"
            )
            % {"old": old.number, "new": new.number, "year": year, "reason": reason},
            frames_of=new,
            replacement=new.pk,
            reason=reason,
        )
        _record_published(actor=actor, run=new, previous=previous)
    return new


@dataclass
class HeadCountImport:
    """The outcome of checking (``dry_run``) or importing a head-count file."""

    year: int
    errors: list[str] = field(default_factory=list)
    rows: list[PreviewRow] = field(default_factory=list)
    owners_not_in_file: list[Owner] = field(default_factory=list)
    written: bool = False

    @property
    def errors_shown(self) -> list[str]:
        """What a page shows: the first messages and how many more there are."""
        return shown(self.errors)


def head_count_import(
    *,
    actor,
    data: bytes | IO[bytes],
    filename: str,
    year: int,
    source: str,
    counted_on: dt.date | None,
    dry_run: bool,
) -> HeadCountImport:
    """Check (``dry_run=True``) or import a CSV/XLSX file of head counts for ``year``.

    ``data`` is the file's bytes or a binary file (an upload), read as a stream. All or
    nothing: when any row is bad, ``errors`` names every bad row by its line and nothing is
    written. The work is ``networks.headcount_import`` (as for the admin and ``manage.py
    import_counts``); this checks who may.
    """
    if not can_import_head_counts(actor):
        raise PermissionDenied
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    plan = head_counts_import(
        stream=stream,
        filename=filename,
        year=year,
        source=source,
        counted_on=counted_on,
        dry_run=dry_run,
        actor=actor,
    )
    return HeadCountImport(
        year=year,
        errors=plan.errors,
        rows=plan.rows,
        owners_not_in_file=plan.owners_not_in_file,
        written=plan.ok and not dry_run,
    )
