"""Stored allocation runs: the inputs of one computation of the frames and one line per network.

A run starts as a draft (``utkast``), is frozen (``fastsatt``: published to the networks, the
frame the workflow checks decision bases against), and may later be superseded (``erstattet``) by
a new frozen run, with a reason. Frozen and superseded runs are history: the services refuse to
change them, and so do ``save()``, ``delete()`` and the querysets here, so that a slip in an admin
action or a shell cannot rewrite what a network was told.
"""

from __future__ import annotations

from fractions import Fraction

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from config.errors import DomainError
from config.models import actor_field, network_field, optional_one_to_one, scheme_year_field
from grants.models import joint_share_constraints, numbered_within_year


def final_run_message() -> str:
    return gettext("En fastsatt eller erstattet fordeling kan ikke endres.")


class RunStatus(models.TextChoices):
    DRAFT = "utkast", _("Utkast")
    FROZEN = "fastsatt", _("Fastsatt")
    SUPERSEDED = "erstattet", _("Erstattet")


#: Fields a frozen run may still change, and only on its way to ``superseded``.
SUPERSEDE_FIELDS = frozenset(
    {"status", "superseded_at", "superseded_by_user_id", "superseded_by_id", "supersede_reason"}
)


class DraftOnlyQuerySet(models.QuerySet):
    """Bulk updates and deletes touch draft runs only: ``status_lookup`` names the run's status
    from the queryset's model."""

    status_lookup = "status"

    def _refuse_final(self) -> None:
        if self.exclude(**{self.status_lookup: RunStatus.DRAFT}).exists():
            raise DomainError(final_run_message(), code="run_final")

    def update(self, **kwargs):
        self._refuse_final()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_final()
        return super().delete()


class AllocationRunQuerySet(DraftOnlyQuerySet):
    status_lookup = "status"


class AllocationRun(ConcurrentTransitionMixin, models.Model):
    """One computation of a scheme year's frames, with the inputs it was computed from."""

    Status = RunStatus

    scheme_year = scheme_year_field("allocation_runs", _("tilskuddsår"))
    number = models.PositiveIntegerField(
        _("nummer"), help_text=_("Løpenummer for beregningen innenfor tilskuddsåret.")
    )
    status = FSMField(
        _("status"),
        default=RunStatus.DRAFT,
        choices=RunStatus.choices,
        protected=True,
        db_index=True,
    )
    total_amount = models.PositiveBigIntegerField(_("totalbeløp (kr)"))
    joint_percent = models.DecimalField(
        _("andel til fellestiltak (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    joint_amount = models.PositiveBigIntegerField(
        _("oppgitt beløp til fellestiltak (kr)"), null=True, blank=True
    )
    joint_measures = models.PositiveBigIntegerField(_("fellestiltak (kr)"))
    base_grant = models.PositiveBigIntegerField(_("grunntilskudd per nettverk (kr)"))
    pupil_weight = models.DecimalField(_("vekt per elev"), max_digits=9, decimal_places=4)
    child_weight = models.DecimalField(_("vekt per barn"), max_digits=9, decimal_places=4)
    weight_total = models.DecimalField(_("samlet vekt"), max_digits=24, decimal_places=4)
    distributable = models.PositiveBigIntegerField(
        _("fordelt etter elev- og barnetall (kr)"),
        help_text=_("Totalbeløpet minus fellestiltak og grunntilskudd."),
    )
    created_at = models.DateTimeField(_("beregnet"), auto_now_add=True)
    created_by = actor_field(_("beregnet av"))
    frozen_at = models.DateTimeField(_("fastsatt"), null=True, blank=True)
    frozen_by = actor_field(_("fastsatt av"))
    superseded_at = models.DateTimeField(_("erstattet"), null=True, blank=True)
    superseded_by_user = actor_field(_("erstattet av (person)"))
    superseded_by = optional_one_to_one("self", "supersedes", _("erstattet av (beregning)"))
    supersede_reason = models.TextField(_("begrunnelse for erstatning"), blank=True)

    objects = AllocationRunQuerySet.as_manager()

    class Meta:
        ordering = ["-scheme_year__year", "-number"]
        verbose_name = _("fordeling")
        verbose_name_plural = _("fordelinger")
        constraints = [
            numbered_within_year("allocation_run_unique_number"),
            models.UniqueConstraint(
                fields=["scheme_year"],
                condition=Q(status=RunStatus.FROZEN),
                name="allocation_run_one_frozen_per_year",
            ),
            models.UniqueConstraint(
                fields=["scheme_year"],
                condition=Q(status=RunStatus.DRAFT),
                name="allocation_run_one_draft_per_year",
            ),
            *joint_share_constraints("allocation_run"),
            models.CheckConstraint(
                condition=Q(distributable__lte=F("total_amount") - F("joint_measures")),
                name="allocation_run_money_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(pupil_weight__gte=0, child_weight__gte=0, weight_total__gte=0),
                name="allocation_run_weights_not_negative",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=RunStatus.DRAFT, frozen_at__isnull=True, superseded_at__isnull=True)
                    | Q(
                        status=RunStatus.FROZEN,
                        frozen_at__isnull=False,
                        superseded_at__isnull=True,
                    )
                    | (
                        Q(
                            status=RunStatus.SUPERSEDED,
                            frozen_at__isnull=False,
                            superseded_at__isnull=False,
                        )
                        & ~Q(supersede_reason="")
                    )
                ),
                name="allocation_run_status_dates",
            ),
        ]

    def __str__(self) -> str:
        return gettext("Fordeling %(year)s nr. %(number)s (%(status)s)") % {
            "year": self.scheme_year.year,
            "number": self.number,
            "status": self.get_status_display().lower(),
        }

    @property
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT

    @property
    def is_frozen(self) -> bool:
        return self.status == RunStatus.FROZEN

    @property
    def is_final(self) -> bool:
        return self.status != RunStatus.DRAFT

    @property
    def base_total(self) -> int:
        """Base grants of all networks; needs the lines (prefetched or counted)."""
        return self.base_grant * len(self.lines.all())

    # Transitions: they set fields on this row only. ``by`` and ``description`` go to fsm-log.

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=RunStatus.DRAFT, target=RunStatus.FROZEN)
    def freeze(self, *, at, by=None, description=None) -> None:
        """Publish the frames: the networks see them, the workflow checks against them."""
        self.frozen_at = at
        self.frozen_by = by

    @fsm_log_by
    @fsm_log_description
    @transition(field=status, source=RunStatus.FROZEN, target=RunStatus.SUPERSEDED)
    def supersede(self, *, at, replacement, reason, by=None, description=None) -> None:
        """Replace the published frames by ``replacement``, keeping this run as history."""
        self.superseded_at = at
        self.superseded_by_user = by
        self.superseded_by = replacement
        self.supersede_reason = reason

    # Frozen runs are final: refuse changes however they are attempted.

    def save(self, *args, **kwargs):
        if not self._state.adding and self.pk is not None:
            self._refuse_changes_to_final_run()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
        if stored is not None and stored != RunStatus.DRAFT:
            raise DomainError(final_run_message(), code="run_final")
        return super().delete(*args, **kwargs)

    def _refuse_changes_to_final_run(self) -> None:
        attnames = [f.attname for f in self._meta.concrete_fields]
        stored = type(self).objects.filter(pk=self.pk).values(*attnames).first()
        if stored is None or stored["status"] == RunStatus.DRAFT:
            return
        changed = {name for name in attnames if getattr(self, name) != stored[name]}
        allowed: frozenset[str] = frozenset()
        if stored["status"] == RunStatus.FROZEN and self.status == RunStatus.SUPERSEDED:
            allowed = SUPERSEDE_FIELDS
        if changed - allowed:
            raise DomainError(final_run_message(), code="run_final")


class AllocationLineQuerySet(DraftOnlyQuerySet):
    status_lookup = "run__status"


class AllocationLine(models.Model):
    """One network's frame in a run, with the counts and the exact share it came from."""

    run = models.ForeignKey(
        AllocationRun, on_delete=models.CASCADE, related_name="lines", verbose_name=_("fordeling")
    )
    position = models.PositiveSmallIntegerField(
        _("rekkefølge"), help_text=_("Rekkefølgen nettverkene ble gitt til beregningen i.")
    )
    network = network_field("allocation_lines", _("nettverk"))
    network_name = models.CharField(
        _("nettverkets navn"), max_length=120, help_text=_("Navnet slik det var ved beregningen.")
    )
    pupils = models.PositiveBigIntegerField(_("elevtall"))
    children = models.PositiveBigIntegerField(_("barnetall"))
    owners_counted = models.PositiveIntegerField(
        _("eiere med tall"), help_text=_("Antall eiere i nettverket med elev- og barnetall.")
    )
    counts_source = models.CharField(_("kilde for tallene"), max_length=500, blank=True)
    counted_on = models.DateField(_("telledato"), null=True, blank=True)
    weight = models.DecimalField(_("vekt"), max_digits=24, decimal_places=4)
    quota = models.CharField(
        _("eksakt andel (kr)"),
        max_length=80,
        help_text=_("Den eksakte andelen som brøk «teller/nevner», før avrunding til hele kroner."),
    )
    base = models.PositiveBigIntegerField(_("grunntilskudd (kr)"))
    pro_rata = models.PositiveBigIntegerField(_("andel etter elev- og barnetall (kr)"))
    frame = models.PositiveBigIntegerField(_("ramme (kr)"))

    objects = AllocationLineQuerySet.as_manager()

    class Meta:
        ordering = ["run", "position"]
        verbose_name = _("ramme")
        verbose_name_plural = _("rammer")
        constraints = [
            models.UniqueConstraint(fields=["run", "network"], name="allocation_line_one_per_run"),
            models.UniqueConstraint(
                fields=["run", "position"], name="allocation_line_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(frame=F("base") + F("pro_rata")),
                name="allocation_line_frame_is_base_plus_share",
            ),
            models.CheckConstraint(
                condition=Q(quota__regex=r"^[0-9]+/[1-9][0-9]*$"),
                name="allocation_line_quota_is_fraction",
            ),
            models.CheckConstraint(
                condition=Q(weight__gte=0), name="allocation_line_weight_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network_name}: {self.frame}"

    @property
    def quota_fraction(self) -> Fraction:
        return Fraction(self.quota)

    @property
    def rounded_up(self) -> bool:
        """Whether this network got one of the kroner left over by the largest remainder."""
        return self.pro_rata > self.quota_fraction

    def save(self, *args, **kwargs):
        self._refuse_if_run_final()
        return super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self._refuse_if_run_final()
        return super().delete(*args, **kwargs)

    def _refuse_if_run_final(self) -> None:
        # Ask the database, not ``self.run``: an in-memory run may be stale or tampered with.
        stored = AllocationRun.objects.filter(pk=self.run_id).values_list("status", flat=True)
        status = stored.first()
        if status is not None and status != RunStatus.DRAFT:
            raise DomainError(final_run_message(), code="run_final")
