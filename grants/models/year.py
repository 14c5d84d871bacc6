"""The scheme year (money, allocation key, deadlines), local deadlines, legal texts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import actor_field, network_field, scheme_year_field
from networks.models import Unit
from networks.parties import validate_account_number


def default_deadlines(year: int) -> dict[str, dt.date]:
    """The long-term plan's defaults (seed 003): 1 Dec the year before, 1 Feb, 15 Mar, 30 Jun."""
    return {
        "needs_deadline": dt.date(year - 1, 12, 1),
        "decision_basis_deadline": dt.date(year, 2, 1),
        "decision_deadline": dt.date(year, 3, 15),
        "report_deadline": dt.date(year, 6, 30),
    }


def one_per_year(prefix: str, per: str) -> models.UniqueConstraint:
    """At most one of these a scheme year for each ``per`` (the field naming a network, an
    owner): ``<prefix>_one_per_<per>_year``."""
    return models.UniqueConstraint(fields=["scheme_year", per], name=f"{prefix}_one_per_{per}_year")


def one_per_network_and_year(prefix: str) -> models.UniqueConstraint:
    """A network has at most one of these a scheme year (``<prefix>_one_per_network_year``)."""
    return one_per_year(prefix, "network")


def numbered_within_year(name: str) -> models.UniqueConstraint:
    """Rows numbered in sequence within their scheme year (allocation runs, payout batches): each
    number is taken once a year."""
    return models.UniqueConstraint(fields=["scheme_year", "number"], name=name)


def joint_share_constraints(prefix: str) -> list[models.CheckConstraint]:
    """The joint-measures share is either a percent (0–100) or a fixed amount, never both."""
    return [
        models.CheckConstraint(
            condition=(
                Q(joint_percent__isnull=False, joint_amount__isnull=True)
                | Q(joint_percent__isnull=True, joint_amount__isnull=False)
            ),
            name=f"{prefix}_joint_percent_xor_amount",
        ),
        models.CheckConstraint(
            condition=Q(joint_percent__isnull=True)
            | Q(joint_percent__gte=0, joint_percent__lte=100),
            name=f"{prefix}_joint_percent_0_100",
        ),
    ]


class SchemeYear(models.Model):
    """One year of the grant scheme: the money, the allocation key and the deadlines."""

    #: The money and the allocation key: what opening or changing a year sets besides deadlines.
    MONEY_FIELDS = (
        "total_amount",
        "joint_percent",
        "joint_amount",
        "base_grant",
        "pupil_weight",
        "child_weight",
    )
    #: The deadlines, in the order they fall.
    #: What payouts and repayment claims read (budget chapter and item, the rules for unused money).
    PAYOUT_FIELDS = (
        "budget_chapter",
        "budget_item",
        "carry_over_allowed",
        "repayment_days",
        "repayment_account",
    )
    DEADLINE_FIELDS = (
        "needs_deadline",
        "decision_basis_deadline",
        "decision_deadline",
        "report_deadline",
    )

    year = models.PositiveIntegerField(_("år"), unique=True)
    total_amount = models.PositiveBigIntegerField(
        _("totalbeløp (kr)"), help_text=_("Hele kroner til fordeling i Trøndelag dette året.")
    )
    joint_percent = models.DecimalField(
        _("andel til fellestiltak (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Bruk enten prosent eller fast beløp til fellestiltak."),
    )
    joint_amount = models.PositiveBigIntegerField(
        _("beløp til fellestiltak (kr)"), null=True, blank=True
    )
    base_grant = models.PositiveBigIntegerField(_("grunntilskudd per nettverk (kr)"), default=0)
    pupil_weight = models.DecimalField(
        _("vekt per elev"), max_digits=9, decimal_places=4, default=Decimal(1)
    )
    child_weight = models.DecimalField(
        _("vekt per barn"), max_digits=9, decimal_places=4, default=Decimal(1)
    )
    needs_deadline = models.DateField(
        _("frist for behovsmelding"),
        help_text=_("Anbefalt frist; hvert nettverk kan sette sin egen lokale frist."),
    )
    decision_basis_deadline = models.DateField(_("frist for beslutningsgrunnlag"))
    decision_deadline = models.DateField(_("frist for vedtak"))
    report_deadline = models.DateField(_("frist for rapportering"))
    # Payouts and repayment: the budget lines the accounting system books against and what
    # the rules allow for unused money, per year (data, not code).
    budget_chapter = models.CharField(
        _("budsjettkapittel"),
        max_length=10,
        blank=True,
        help_text=_("Kapittelet i statsbudsjettet tilskuddet utbetales fra."),
    )
    budget_item = models.CharField(_("budsjettpost"), max_length=10, blank=True)
    carry_over_allowed = models.BooleanField(
        _("ubrukte midler kan overføres til neste år"),
        default=False,
        help_text=_(
            "Når reglene for året tillater det, kan Statsforvalteren vedta overføring "
            "i stedet for å kreve tilbake."
        ),
    )
    repayment_days = models.PositiveSmallIntegerField(
        _("betalingsfrist for tilbakebetaling (dager)"), default=30
    )
    repayment_account = models.CharField(
        _("kontonummer for tilbakebetaling"),
        max_length=11,
        blank=True,
        validators=[validate_account_number],
        help_text=_("Statsforvalterens konto som ubrukte midler betales tilbake til."),
    )
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = actor_field(_("opprettet av"))
    #: Set once, when Statsforvalteren closes the year (``workflow.services.scheme_year_close``):
    #: from then on nothing of the year changes (``grants.locks.ensure_year_open``).
    closed_at = models.DateTimeField(_("avsluttet"), null=True, blank=True, editable=False)
    closed_by = actor_field(_("avsluttet av"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("tilskuddsår")
        verbose_name_plural = _("tilskuddsår")
        constraints = [
            *joint_share_constraints("scheme_year"),
            models.CheckConstraint(
                condition=Q(pupil_weight__gte=0, child_weight__gte=0),
                name="scheme_year_weights_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


#: The target groups of needs reports and measures are the kinds of unit (barnehage, skole, SFO,
#: PP-tjeneste, annet), declared once on ``networks.Unit``: on purpose, a new kind of unit is a new
#: target group, since owners report needs and measures are aimed per unit.
TargetGroup = Unit.Kind


class VersionedDocument(models.Model):
    """A document several people may edit: ``version`` rises with every save, and a save based on an
    older version is refused (optimistic locking), so no edit silently overwrites another."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = actor_field(_("sist endret av"))

    class Meta:
        abstract = True


class LocalDeadline(models.Model):
    """A network's own deadline for needs reports (the plan: "frist settes lokalt")."""

    scheme_year = scheme_year_field(on_delete=models.CASCADE)
    network = network_field(on_delete=models.CASCADE)
    needs_deadline = models.DateField(_("lokal frist for behovsmelding"))

    class Meta:
        verbose_name = _("lokal frist")
        verbose_name_plural = _("lokale frister")
        constraints = [one_per_network_and_year("local_deadline")]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.needs_deadline}"


class LegalText(models.Model):
    """Editable legal wording in letters: the legal basis, the budget chapter and item, the
    sections for reasons, appeal and access, in bokmål and nynorsk. It lives in data, not in
    code, so a change in the law (such as the new Public Administration Act) is an edit, not a
    release. Rows without a scheme year are the template each new year starts from; a year's own
    rows are what its letters cite."""

    scheme_year = models.ForeignKey(
        SchemeYear,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_texts",
        verbose_name=_("tilskuddsår"),
        help_text=_("Tom: malen nye år starter fra."),
    )
    key = models.SlugField(_("nøkkel"))
    title = models.CharField(_("tittel"), max_length=200)
    text = models.TextField(_("tekst (bokmål)"))
    text_nn = models.TextField(_("tekst (nynorsk)"), blank=True)

    class Meta:
        ordering = ["scheme_year__year", "key"]
        verbose_name = _("juridisk tekst")
        verbose_name_plural = _("juridiske tekster")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "key"], name="legal_text_one_per_year_and_key"
            ),
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(scheme_year__isnull=True),
                name="legal_text_one_template_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.scheme_year or _('mal')})"

    def in_language(self, language: str) -> str:
        return self.text_nn if language == "nn" and self.text_nn.strip() else self.text
