"""The journal, its corrections, number sequences and attachments.

The case number lives on ``workflow.Case``; grants cannot import the workflow, so a journal entry
keys on (scheme year, network) — which is what a case is — and stores the case number as text.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import actor_field, network_field, optional_link, scheme_year_field


class NumberSequence(models.Model):
    """A named counter: ``sak/2027`` numbers the year's cases, ``dok/2027/00042`` a case's
    documents. Rows are locked (select_for_update) while a number is taken."""

    name = models.CharField(max_length=40, unique=True)
    value = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nummerserie")
        verbose_name_plural = _("nummerserier")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"


def document_reference(case_number: str, document_number: int) -> str:
    """Dokumentnummer as written on letters and in the journal: ``2027/00042-3``."""
    return f"{case_number}-{document_number}"


def document_number_unique(prefix: str) -> models.UniqueConstraint:
    """A document number is taken once within its case: ``2027/00042-3`` names one document."""
    return models.UniqueConstraint(
        fields=["case_number", "document_number"], name=f"{prefix}_document_number_unique"
    )


class JournalEntry(models.Model):
    """Journalpost: one document received, sent or written internally."""

    class Direction(models.TextChoices):
        INCOMING = "I", _("Inngående")
        OUTGOING = "U", _("Utgående")
        INTERNAL = "N", _("Organinternt notat")

    class Kind(models.TextChoices):
        NEEDS_REPORT = "behovsmelding", _("Behovsmelding")
        DECISION_BASIS = "beslutningsgrunnlag", _("Beslutningsgrunnlag")
        RECOMMENDATION = "innstilling", _("Innstilling")
        DECISION_LETTER = "vedtaksbrev", _("Vedtaksbrev")
        APPEAL = "klage", _("Klage")
        DISMISSAL = "avvisning", _("Avvisning av klage")
        FORWARDING = "oversendelsesbrev", _("Oversendelsesbrev")
        REPORT = "rapport", _("Rapport")
        REPAYMENT_CLAIM = "tilbakebetalingskrav", _("Krav om tilbakebetaling")

    scheme_year = scheme_year_field("journal_entries")
    network = network_field()
    case_number = models.CharField(_("saksnummer"), max_length=12, db_index=True)
    document_number = models.PositiveIntegerField(_("dokumentnummer"))
    direction = models.CharField(_("type"), max_length=1, choices=Direction.choices)
    kind = models.CharField(_("dokument"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("tittel"), max_length=255)
    correspondent = models.CharField(_("avsender/mottaker"), max_length=255, blank=True)
    #: a private person named as sender/recipient is not shown in the public journal
    correspondent_is_person = models.BooleanField(default=False)
    document_date = models.DateField(_("dokumentdato"))
    journal_date = models.DateField(_("journaldato"), db_index=True)
    #: journalsekvensnummer: the entry's number in the whole journal of its year
    journal_year = models.PositiveIntegerField(_("journalår"))
    journal_sequence = models.PositiveIntegerField(_("løpenummer"))
    restricted = models.BooleanField(_("skjermet"), default=False)
    restriction_basis = models.CharField(_("hjemmel for skjerming"), max_length=100, blank=True)
    #: the title with the restricted words replaced, for the public journal
    public_title = models.CharField(_("offentlig tittel"), max_length=255, blank=True)
    document_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    document_id = models.PositiveBigIntegerField()
    #: for a letter: the file sent (a FileField on the document), for the archive
    file_field = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = actor_field()

    class Meta:
        ordering = ["-journal_date", "case_number", "document_number"]
        verbose_name = _("journalpost")
        verbose_name_plural = _("journalposter")
        constraints = [
            document_number_unique("journal"),
            models.UniqueConstraint(
                fields=["journal_year", "journal_sequence"], name="journal_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(restricted=False) | ~Q(restriction_basis=""),
                name="journal_restriction_has_basis",
            ),
        ]
        indexes = [models.Index(fields=["document_type", "document_id"])]

    def __str__(self) -> str:
        return f"{self.document_reference} {self.title}"

    @property
    def document_reference(self) -> str:
        """Dokumentnummer as written on letters: ``2027/00042-3``."""
        return document_reference(self.case_number, self.document_number)

    @property
    def shown_title(self) -> str:
        return self.public_title if self.restricted and self.public_title else self.title


class JournalCorrection(models.Model):
    """A logged change to a journal entry: which field, from what, to what, why, by whom."""

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="corrections")
    field = models.CharField(max_length=40)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    reason = models.TextField(_("begrunnelse"))
    corrected_at = models.DateTimeField(auto_now_add=True)
    corrected_by = actor_field(blank=False)

    class Meta:
        ordering = ["corrected_at", "id"]
        verbose_name = _("retting i journalen")
        verbose_name_plural = _("rettinger i journalen")

    def __str__(self) -> str:
        return f"{self.entry_id}: {self.field}"


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"vedlegg/{instance.sha256[:2]}/{instance.sha256[:16]}-{filename}"


class Attachment(models.Model):
    """Vedlegg on a document (needs report, decision basis, appeal, report). The type is read
    from the bytes; the name is sanitised; the file goes through Django's storage API."""

    document_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, related_name="+"
    )
    document_id = models.PositiveBigIntegerField()
    network = network_field()
    file = models.FileField(_("fil"), upload_to=attachment_path, max_length=255)
    name = models.CharField(_("filnavn"), max_length=120)
    mime_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = actor_field(blank=False)
    #: set when the document is submitted (journaled): the file can then never be removed
    frozen_at = models.DateTimeField(null=True, blank=True)
    #: the journal entry the file was received or sent with
    journal_entry = optional_link(JournalEntry, "attachments")

    class Meta:
        ordering = ["uploaded_at", "id"]
        verbose_name = _("vedlegg")
        verbose_name_plural = _("vedlegg")
        indexes = [models.Index(fields=["document_type", "document_id"])]

    def __str__(self) -> str:
        return self.name
