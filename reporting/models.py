"""What reporting stores itself: the progress of a batch of decision letters, and proxy models
that give the admin export-only views of other apps' rows (no second registration of theirs)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from allocation.models import AllocationLine
from config.models import NEWEST_FIRST, actor_field, scheme_year_field
from grants.models import Report
from workflow.models import Case


class LetterBatch(models.Model):
    """One run of "make every missing decision letter of the year", with its progress."""

    class Status(models.TextChoices):
        QUEUED = "i_ko", _("I kø")
        RUNNING = "pagar", _("Pågår")
        DONE = "ferdig", _("Ferdig")
        FAILED = "feilet", _("Feilet")

    scheme_year = scheme_year_field("letter_batches", _("tilskuddsår"), on_delete=models.CASCADE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("antall brev"), default=0)
    done = models.PositiveIntegerField(_("laget"), default=0)
    error = models.TextField(_("feil"), blank=True)
    started_by = actor_field(_("startet av"))
    created_at = models.DateTimeField(_("startet"), auto_now_add=True)
    finished_at = models.DateTimeField(_("ferdig"), null=True, blank=True)

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("brevkjøring")
        verbose_name_plural = _("brevkjøringer")
        constraints = [
            models.CheckConstraint(condition=Q(done__lte=F("total")), name="letter_batch_done_lte"),
        ]

    def __str__(self) -> str:
        return f"{self.scheme_year_id}: {self.done}/{self.total} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def percent(self) -> int:
        return 100 if not self.total else self.done * 100 // self.total


class AllocationExport(AllocationLine):
    """The frames of the frozen runs, for export from the admin."""

    class Meta:
        proxy = True
        verbose_name = _("uttrekk: ramme")
        verbose_name_plural = _("uttrekk: fordeling")


class CaseExport(Case):
    """Cases with state and amounts, for export from the admin."""

    class Meta:
        proxy = True
        verbose_name = _("uttrekk: sak")
        verbose_name_plural = _("uttrekk: saker")


class ReportExport(Report):
    """Reports with money used and to be returned, for export from the admin."""

    class Meta:
        proxy = True
        verbose_name = _("uttrekk: rapport")
        verbose_name_plural = _("uttrekk: rapporter")
