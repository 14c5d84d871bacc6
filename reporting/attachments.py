"""Attachments (vedlegg) of the documents people write: who may see and add them, the upload and
removal that check it, and the download lookup. One module, because every one of these turns on
the same question: which case a document belongs to, and what stage it is in.

Reads the workflow's permission predicates; stores through ``grants.records.services``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from grants.models import Appeal, Attachment, DecisionBasis, JournalEntry, NeedsReport, Report
from grants.records import services as records
from workflow import permissions as wperms
from workflow.models import Case
from workflow.states import CaseState

NOT_EDITABLE = gettext_lazy(
    "Dokumentet er sendt og kan ikke endres. Vedleggene er låst sammen med det."
)
#: the URL word for each kind of document that takes attachments
KINDS: dict[str, Any] = {
    "behovsmelding": NeedsReport,
    "beslutningsgrunnlag": DecisionBasis,
    "rapport": Report,
    "klage": Appeal,
}


@dataclass(frozen=True)
class Holder:
    """A document that takes attachments, with what decides who sees and edits it."""

    document: object
    kind: str
    network_id: int
    year: int
    case: Any  # Case, or None for a needs report


def holder_for(document, case: Case | None = None) -> Holder:
    """The document with its case; ``case`` is used when it is the document's own (a page that
    has the case already need not read it again)."""
    if isinstance(document, NeedsReport):
        return Holder(
            document, "behovsmelding", document.network_id, document.scheme_year.year, None
        )
    if isinstance(document, Appeal):
        decision = document.decision
        case = _case_of(decision.scheme_year_id, decision.network_id, case)
        return Holder(document, "klage", case.network_id, case.scheme_year.year, case)
    kind = "beslutningsgrunnlag" if isinstance(document, DecisionBasis) else "rapport"
    case = _case_of(document.scheme_year_id, document.network_id, case)
    return Holder(document, kind, case.network_id, case.scheme_year.year, case)


def _case_of(scheme_year_id: int, network_id: int, known: Case | None) -> Case:
    if (
        known is not None
        and known.scheme_year_id == scheme_year_id
        and known.network_id == network_id
    ):
        return known
    return Case.objects.select_related("network", "scheme_year").get(
        scheme_year_id=scheme_year_id, network_id=network_id
    )


def can_view_document(user, holder: Holder) -> bool:
    if isinstance(holder.document, NeedsReport):
        return wperms.can_view_needs_report(user, holder.document)
    return holder.case is not None and wperms.can_view_case(user, holder.case)


def can_attach(user, holder: Holder) -> bool:
    """Whoever may write the document, while it is still being written (for a klage: while it
    is being considered, since it is received when lodged)."""
    document, case = holder.document, holder.case
    if isinstance(document, NeedsReport):
        return (
            wperms.can_write_needs_report(user, document.owner)
            and document.status == NeedsReport.Status.DRAFT
        )
    if isinstance(document, DecisionBasis):
        return (
            wperms.can_edit_decision_basis(user, case)
            and case.state == CaseState.BESLUTNINGSGRUNNLAG
        )
    if isinstance(document, Report):
        return (
            wperms.can_edit_report(user, case)
            and case.state == CaseState.RAPPORTERING
            and document.status in (Report.Status.DRAFT, Report.Status.RETURNED)
        )
    if isinstance(document, Appeal):
        return wperms.can_lodge_appeal(user, case) and document.outcome == Appeal.Outcome.PENDING
    return False


def document_get(*, viewer, kind: str, pk: int) -> Holder:
    """The document of that kind, if ``viewer`` may see it; 404 otherwise (another network's
    document answers exactly like a missing one)."""
    model = KINDS.get(kind)
    document = model.objects.filter(pk=pk).first() if model else None
    if document is None:
        raise Http404
    holder = holder_for(document)
    if not can_view_document(viewer, holder):
        raise Http404
    return holder


def attachment_list(holder: Holder) -> list[Attachment]:
    return list(records.attachments_for(holder.document).order_by("uploaded_at", "pk"))


def attachment_get(*, viewer, pk: int) -> Attachment:
    """An attachment for download, if ``viewer`` may see its document; else 404."""
    attachment = Attachment.objects.select_related("document_type").filter(pk=pk).first()
    if attachment is None:
        raise Http404
    model: Any = attachment.document_type.model_class()
    document = model.objects.filter(pk=attachment.document_id).first() if model else None
    if document is None or not can_view_document(viewer, holder_for(document)):
        raise Http404
    return attachment


def attachment_upload(*, actor, holder: Holder, upload, name: str, size: int) -> Attachment:
    if not can_view_document(actor, holder):
        raise Http404
    if not can_attach(actor, holder):
        if (
            isinstance(holder.document, NeedsReport)
            and wperms.can_write_needs_report(actor, holder.document.owner)
        ) or (holder.case is not None and wperms.can_view_case(actor, holder.case)):
            raise DomainError(NOT_EDITABLE, code="frozen")
        raise PermissionDenied
    received_with = None
    if isinstance(holder.document, Appeal):
        received_with = (
            JournalEntry.objects.filter(
                document_type=ContentType.objects.get_for_model(Appeal),
                document_id=holder.document.pk,
            )
            .order_by("-pk")
            .first()
        )
    return records.attachment_store(
        actor=actor,
        document=holder.document,
        network_id=holder.network_id,
        year=holder.year,
        upload=upload,
        name=name,
        size=size,
        received_with=received_with,
    )


def attachment_remove(*, actor, attachment: Attachment) -> None:
    model: Any = attachment.document_type.model_class()
    holder = holder_for(model.objects.get(pk=attachment.document_id))
    if not can_view_document(actor, holder):
        raise Http404
    if attachment.frozen_at is not None:
        raise DomainError(records.ATTACHMENT_FROZEN, code="frozen")
    if not can_attach(actor, holder):
        raise PermissionDenied
    records.attachment_delete(actor=actor, attachment=attachment)
