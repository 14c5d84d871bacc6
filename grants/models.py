"""What is written in a scheme year: the year's settings, and the documents of each step."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def default_deadlines(year: int) -> dict[str, dt.date]:
    """The long-term plan's defaults (seed 003): 1 Dec the year before, 1 Feb, 15 Mar, 30 Jun."""
    return {
        "needs_deadline": dt.date(year - 1, 12, 1),
        "decision_basis_deadline": dt.date(year, 2, 1),
        "decision_deadline": dt.date(year, 3, 15),
        "report_deadline": dt.date(year, 6, 30),
    }


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
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opprettet av"),
    )

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


class TargetGroup(models.TextChoices):
    KINDERGARTEN = "barnehage", _("Barnehage")
    SCHOOL = "skole", _("Skole")
    SFO = "sfo", _("SFO")
    PPT = "ppt", _("PP-tjeneste")
    OTHER = "annet", _("Annet")


class VersionedDocument(models.Model):
    """A document several people may edit: ``version`` rises with every save, and a save based on an
    older version is refused (optimistic locking), so no edit silently overwrites another."""

    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(_("sist endret"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sist endret av"),
    )

    class Meta:
        abstract = True


class LocalDeadline(models.Model):
    """A network's own deadline for needs reports (the plan: "frist settes lokalt")."""

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.CASCADE, related_name="+")
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    needs_deadline = models.DateField(_("lokal frist for behovsmelding"))

    class Meta:
        verbose_name = _("lokal frist")
        verbose_name_plural = _("lokale frister")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "network"], name="local_deadline_one_per_network_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network_id}: {self.needs_deadline}"


class NeedsReport(VersionedDocument):
    """Behovsmelding: an owner's needs, from its units' own assessments, sent to its network."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "sendt", _("Sendt")

    scheme_year = models.ForeignKey(
        SchemeYear,
        on_delete=models.PROTECT,
        related_name="needs_reports",
        verbose_name=_("tilskuddsår"),
    )
    owner = models.ForeignKey(
        "networks.Owner",
        on_delete=models.PROTECT,
        related_name="needs_reports",
        verbose_name=_("eier"),
    )
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        related_name="needs_reports",
        verbose_name=_("nettverk"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    units = models.ManyToManyField(
        "networks.Unit", blank=True, related_name="needs_reports", verbose_name=_("virksomheter")
    )
    unit_kinds = models.JSONField(_("typer virksomheter"), default=list, blank=True)
    target_groups = models.JSONField(_("målgrupper"), default=list, blank=True)
    themes = models.TextField(_("tema og behov"), blank=True)
    involvement = models.TextField(
        _("involvering av ansatte og ledere"),
        blank=True,
        help_text=_("Hvordan vurderingen er forankret i virksomhetene med ansatte og ledere."),
    )
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_late = models.BooleanField(_("sendt etter fristen"), default=False)

    class Meta:
        ordering = ["network__name", "owner__name"]
        verbose_name = _("behovsmelding")
        verbose_name_plural = _("behovsmeldinger")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "owner"], name="needs_report_one_per_owner_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.scheme_year}"


class DecisionBasis(VersionedDocument):
    """Beslutningsgrunnlag: the partnership's measures and budget inside the network's frame,
    with the four criteria confirmed. Its stage is the case's state (workflow)."""

    scheme_year = models.ForeignKey(
        SchemeYear, on_delete=models.PROTECT, related_name="decision_bases"
    )
    network = models.ForeignKey(
        "networks.Network", on_delete=models.PROTECT, related_name="decision_bases"
    )
    summary = models.TextField(_("sammendrag"), blank=True)
    needs_reports = models.ManyToManyField(
        NeedsReport,
        blank=True,
        related_name="answered_by",
        verbose_name=_("behovsmeldinger som besvares"),
    )
    criterion_local_needs = models.BooleanField(_("møter lokalt definerte behov"), default=False)
    criterion_local_needs_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_workplace = models.BooleanField(
        _("arbeidsplassbasert kompetanseutvikling"), default=False
    )
    criterion_workplace_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_partnership = models.BooleanField(
        _("gjennomføres i partnerskap med UH"), default=False
    )
    criterion_partnership_text = models.TextField(_("begrunnelse"), blank=True)
    criterion_interdisciplinary = models.BooleanField(_("tverrfaglig tilnærming"), default=False)
    criterion_interdisciplinary_text = models.TextField(_("begrunnelse"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)

    CRITERIA = (
        ("criterion_local_needs", _("Tiltakene møter lokalt definerte behov")),
        ("criterion_workplace", _("Arbeidsplassbasert kompetanseutvikling")),
        ("criterion_partnership", _("Gjennomføres i partnerskap mellom nettverk/eiere og UH")),
        ("criterion_interdisciplinary", _("Tverrfaglig tilnærming")),
    )

    class Meta:
        verbose_name = _("beslutningsgrunnlag")
        verbose_name_plural = _("beslutningsgrunnlag")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "network"], name="decision_basis_one_per_network_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.scheme_year}"

    def missing_criteria(self) -> list[str]:
        """The criteria not both confirmed and justified in writing."""
        return [
            str(label)
            for name, label in self.CRITERIA
            if not (getattr(self, name) and getattr(self, f"{name}_text").strip())
        ]


class Measure(models.Model):
    """Tiltak: one competence measure of a decision basis."""

    decision_basis = models.ForeignKey(
        DecisionBasis, on_delete=models.CASCADE, related_name="measures"
    )
    title = models.CharField(_("tittel"), max_length=200)
    description = models.TextField(_("beskrivelse"))
    target_groups = models.JSONField(_("målgrupper"), default=list)
    owners = models.ManyToManyField(
        "networks.Owner", blank=True, related_name="+", verbose_name=_("deltakende eiere")
    )
    units = models.ManyToManyField(
        "networks.Unit", blank=True, related_name="+", verbose_name=_("deltakende virksomheter")
    )
    university = models.ForeignKey(
        "networks.University",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("UH-partner"),
    )
    period_start = models.DateField(_("periode fra"))
    period_end = models.DateField(_("periode til"))
    expected_participants = models.PositiveIntegerField(_("forventet antall deltakere"))
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="measure_period_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total(self) -> int:
        """The measure's budget in whole kroner (uses prefetched budget lines)."""
        return sum(line.amount for line in self.budget_lines.all())


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        NETWORK = "nettverk", _("Nettverk/eiere")
        UH = "uh", _("UH")
        COORDINATION = "koordinering", _("Koordinering")
        OTHER = "annet", _("Annet")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="budget_lines")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    description = models.CharField(_("beskrivelse"), max_length=200)
    amount = models.PositiveBigIntegerField(_("beløp (kr)"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("budsjettlinje")
        verbose_name_plural = _("budsjettlinjer")

    def __str__(self) -> str:
        return f"{self.description}: {self.amount}"


class Recommendation(VersionedDocument):
    """Innstilling: the forum's recommendation to Statsforvalteren for the whole year."""

    scheme_year = models.OneToOneField(
        SchemeYear, on_delete=models.PROTECT, related_name="recommendation"
    )
    meeting_date = models.DateField(_("møtedato"), null=True, blank=True)
    consensus_note = models.TextField(
        _("konsensus eller votering"),
        blank=True,
        help_text=_("Hvordan forumet kom fram til innstillingen."),
    )
    joint_measures = models.TextField(_("fellestiltak"), blank=True)
    joint_amount = models.PositiveBigIntegerField(_("beløp til fellestiltak (kr)"), default=0)

    class Meta:
        verbose_name = _("innstilling")
        verbose_name_plural = _("innstillinger")

    def __str__(self) -> str:
        return str(_("Innstilling %(year)s") % {"year": self.scheme_year.year})


class RecommendationLine(models.Model):
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="lines"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField(_("anbefalt beløp (kr)"))
    uh_amount = models.PositiveBigIntegerField(_("herav til UH (kr)"), default=0)
    note = models.TextField(_("merknad"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)
    sent_at = models.DateTimeField(_("sendt Statsforvalteren"), null=True, blank=True)

    class Meta:
        ordering = ["network__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "network"], name="recommendation_line_one_per_network"
            ),
            models.CheckConstraint(
                condition=Q(uh_amount__lte=models.F("amount")), name="recommendation_uh_lte_amount"
            ),
        ]

    @property
    def network_amount(self) -> int:
        return self.amount - self.uh_amount

    def __str__(self) -> str:
        return f"{self.network_id}: {self.amount}"


class ConflictOfInterest(models.Model):
    """A forum member's declared conflict of interest (inhabilitet) for a network in a year."""

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    network = models.ForeignKey("networks.Network", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("grunn"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("habilitetserklæring")
        verbose_name_plural = _("habilitetserklæringer")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "user", "network"], name="conflict_once_per_network_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.network_id}"


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


class Decision(models.Model):
    """Vedtak: Statsforvalteren's individual decision for one network. Once decided it is frozen:
    its data and its letter never change; a correction is a new Decision that supersedes it."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        DECIDED = "vedtatt", _("Vedtatt")
        SUPERSEDED = "erstattet", _("Erstattet")

    FROZEN_FIELDS = (
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
        "recommended_amount",
        "frame",
        "decided_at",
        "decided_by_id",
        "notified_on",
    )

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="decisions")
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    amount = models.PositiveBigIntegerField(_("innvilget beløp (kr)"))
    uh_amount = models.PositiveBigIntegerField(_("herav til UH (kr)"), default=0)
    recommended_amount = models.PositiveBigIntegerField(_("innstilt beløp (kr)"), null=True)
    frame = models.PositiveBigIntegerField(_("forhåndstildelt ramme (kr)"), null=True)
    conditions = models.TextField(_("vilkår"), blank=True)
    reasons = models.TextField(_("begrunnelse"), blank=True)
    legal_basis = models.TextField(_("hjemmel"), blank=True)
    report_deadline = models.DateField(_("frist for rapport"), null=True, blank=True)
    appeal_right = models.TextField(_("klagerett"), blank=True)
    appeal_body = models.CharField(_("klageinstans"), max_length=200, blank=True)
    appeal_weeks = models.PositiveSmallIntegerField(_("klagefrist (uker)"), default=3)
    appeal_instructions = models.TextField(_("slik klager du"), blank=True)
    departure_reason = models.TextField(_("begrunnelse for avvik fra innstillingen"), blank=True)
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    notified_on = models.DateField(_("mottatt av parten"), null=True, blank=True)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    letter_pdf = models.FileField(_("vedtaksbrev"), upload_to="vedtak/", blank=True)
    letter_sha256 = models.CharField(max_length=64, blank=True)
    uh_letter_pdf = models.FileField(_("kopi til UH"), upload_to="vedtak/", blank=True)
    uh_letter_sha256 = models.CharField(max_length=64, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["scheme_year", "network__name", "-id"]
        verbose_name = _("vedtak")
        verbose_name_plural = _("vedtak")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "network"],
                condition=Q(status="vedtatt"),
                name="decision_one_in_force_per_network_year",
            ),
            models.CheckConstraint(
                condition=Q(uh_amount__lte=models.F("amount")), name="decision_uh_lte_amount"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.scheme_year} ({self.get_status_display()})"

    @property
    def network_amount(self) -> int:
        return self.amount - self.uh_amount

    def missing_legal_fields(self) -> list[str]:
        required = (
            "reasons",
            "legal_basis",
            "report_deadline",
            "appeal_right",
            "appeal_body",
            "appeal_instructions",
        )
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in required
            if not getattr(self, name)
            or (isinstance(getattr(self, name), str) and not getattr(self, name).strip())
        ]

    def appeal_deadline(self):
        if self.notified_on is None:
            return None
        return self.notified_on + dt.timedelta(weeks=self.appeal_weeks)

    def save(self, *args, **kwargs):
        if self.pk:
            stored = (
                Decision.objects.filter(pk=self.pk).values(*self.FROZEN_FIELDS, "status").first()
            )
            if stored and stored["status"] != self.Status.DRAFT:
                changed = [f for f in self.FROZEN_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise ValueError(f"A decided vedtak is frozen; refused change of {changed}")
        super().save(*args, **kwargs)


class Appeal(models.Model):
    """Klage on a vedtak, lodged by the network within the appeal deadline."""

    class Outcome(models.TextChoices):
        PENDING = "til_behandling", _("Til behandling")
        UPHELD = "tatt_til_folge", _("Tatt til følge (nytt vedtak)")
        FORWARDED = "oversendt", _("Oversendt klageinstansen")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("klage"))
    lodged_at = models.DateTimeField(_("mottatt"), auto_now_add=True)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("dato for utfall"), null=True, blank=True)
    outcome_note = models.TextField(_("merknad"), blank=True)
    new_decision = models.OneToOneField(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="from_appeal"
    )

    class Meta:
        ordering = ["-lodged_at"]
        verbose_name = _("klage")
        verbose_name_plural = _("klager")

    def __str__(self) -> str:
        return f"Klage {self.pk} ({self.get_outcome_display()})"


class Report(VersionedDocument):
    """Rapport: what the partnership did with the money, by the end of June."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        SUBMITTED = "sendt", _("Sendt")
        RETURNED = "returnert", _("Returnert")
        APPROVED = "godkjent", _("Godkjent")

    scheme_year = models.ForeignKey(SchemeYear, on_delete=models.PROTECT, related_name="reports")
    network = models.ForeignKey("networks.Network", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    assessment = models.TextField(_("vurdering"), blank=True)
    return_comment = models.TextField(_("kommentar ved retur"), blank=True)
    submitted_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    approved_at = models.DateTimeField(_("godkjent"), null=True, blank=True)

    class Meta:
        verbose_name = _("rapport")
        verbose_name_plural = _("rapporter")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme_year", "network"], name="report_one_per_network_year"
            )
        ]

    def __str__(self) -> str:
        return f"Rapport {self.network_id} {self.scheme_year_id}"


class ReportMeasure(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="measures")
    measure = models.ForeignKey(Measure, on_delete=models.PROTECT, related_name="+")
    what_was_done = models.TextField(_("hva ble gjort"), blank=True)
    participants_reached = models.PositiveIntegerField(_("deltakere nådd"), default=0)

    class Meta:
        ordering = ["measure__position", "measure_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "measure"], name="report_measure_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.measure_id}"


class ReportCost(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="costs")
    budget_line = models.ForeignKey(BudgetLine, on_delete=models.PROTECT, related_name="+")
    used = models.PositiveBigIntegerField(_("brukt (kr)"), default=0)

    class Meta:
        ordering = ["budget_line_id"]
        constraints = [
            models.UniqueConstraint(fields=["report", "budget_line"], name="report_cost_once")
        ]

    def __str__(self) -> str:
        return f"{self.report_id}/{self.budget_line_id}: {self.used}"


from .records.models import (  # noqa: E402,F401
    Attachment,
    JournalCorrection,
    JournalEntry,
    NumberSequence,
)
