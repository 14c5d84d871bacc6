"""Letters: each letter sent to one party is a document of its own, with its document number."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import optional_link

from ..records.models import document_number_unique, document_reference
from .decision import Appeal, Decision


class Letter(models.Model):
    """One letter to one recipient: the vedtak to each party (the host owner on behalf of the
    network, each UH institution for its share), the dismissal of an appeal (to the party that
    appealed), or the cover letter (oversendelsesbrev) that forwards an appeal to the appeal
    body. Made once, stored with its SHA-256 and numbered ``<case number>-<document number>``
    (``2027/00042-3``): the number is on the letter, in the journal and in the file's name."""

    class Kind(models.TextChoices):
        DECISION = "vedtak", _("Vedtaksbrev")
        DISMISSAL = "avvisning", _("Avvisning av klage")
        FORWARDING = "oversendelse", _("Oversendelsesbrev")

    kind = models.CharField(_("brev"), max_length=20, choices=Kind.choices)
    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="letters")
    appeal = optional_link(Appeal, "letters")
    owner = optional_link("networks.Owner")
    university = optional_link("networks.University")
    recipient = models.CharField(_("mottaker"), max_length=200)
    case_number = models.CharField(_("saksnummer"), max_length=12)
    document_number = models.PositiveIntegerField(_("dokumentnummer"))
    language = models.CharField(_("målform"), max_length=2, default="nb")
    letter_pdf = models.FileField(_("brev (PDF)"), upload_to="brev/", max_length=200)
    letter_sha256 = models.CharField(max_length=64)
    #: The accessible HTML version, rendered from the same data as the PDF when the letter was
    #: made and kept with it, so it says what the PDF says even if a text is edited later.
    letter_html = models.TextField(_("brev (HTML)"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["case_number", "document_number"]
        verbose_name = _("brev")
        verbose_name_plural = _("brev")
        constraints = [
            document_number_unique("letter"),
            models.UniqueConstraint(
                fields=["decision", "owner"],
                condition=Q(kind="vedtak", owner__isnull=False),
                name="letter_decision_once_per_owner",
            ),
            models.UniqueConstraint(
                fields=["decision", "university"],
                condition=Q(kind="vedtak", university__isnull=False),
                name="letter_decision_once_per_university",
            ),
            models.UniqueConstraint(
                fields=["appeal", "kind"],
                condition=Q(appeal__isnull=False),
                name="letter_once_per_appeal_and_kind",
            ),
            models.CheckConstraint(
                condition=~Q(owner__isnull=False, university__isnull=False),
                name="letter_at_most_one_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.get_kind_display()} – {self.recipient}"

    @property
    def number(self) -> str:
        """Dokumentnummer as written on the letter: ``2027/00042-3``."""
        return document_reference(self.case_number, self.document_number)

    @property
    def file_stem(self) -> str:
        """The document number as a file name: ``2027-00042-3``."""
        return self.number.replace("/", "-")
