"""The vedtak and the klage."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.formatting import field_label
from config.models import (
    actor_field,
    network_field,
    optional_link,
    optional_one_to_one,
    scheme_year_field,
)

from .criteria import Criterion

#: fvl. § 29: the appeal period is at least three weeks; it may be longer, never shorter.
APPEAL_WEEKS_MIN = 3


def last_day_to_appeal(received_on: dt.date | None, weeks: int) -> dt.date | None:
    """The last day to appeal: ``weeks`` after the party received the decision (fvl. § 29);
    None while it has not (there is no deadline yet)."""
    if received_on is None:
        return None
    return received_on + dt.timedelta(weeks=weeks)


def appeal_weeks_field() -> models.PositiveSmallIntegerField:
    """The appeal period of an enkeltvedtak in weeks (fvl. § 29), three unless set longer."""
    return models.PositiveSmallIntegerField(_("klagefrist (uker)"), default=APPEAL_WEEKS_MIN)


def appeal_weeks_at_least_min(prefix: str) -> models.CheckConstraint:
    """The appeal period is never shorter than the law's three weeks (fvl. § 29)."""
    return models.CheckConstraint(
        condition=Q(appeal_weeks__gte=APPEAL_WEEKS_MIN),
        name=f"{prefix}_appeal_weeks_at_least_three",
    )


def one_party(prefix: str) -> models.CheckConstraint:
    """A row addressed to one party names either an owner (the network's host owner) or a UH
    institution of its partnership, never both and never neither (``<prefix>_one_party``)."""
    return models.CheckConstraint(
        condition=Q(owner__isnull=False, university__isnull=True)
        | Q(owner__isnull=True, university__isnull=False),
        name=f"{prefix}_one_party",
    )


def uh_share_within_amount(prefix: str) -> models.CheckConstraint:
    """The UH institutions' share (``uh_amount``) is part of ``amount``, never more."""
    return models.CheckConstraint(
        condition=Q(uh_amount__lte=models.F("amount")), name=f"{prefix}_uh_lte_amount"
    )


class UhShare:
    """An amount of which ``uh_amount`` goes to the UH institutions and the rest to the network."""

    amount: int
    uh_amount: int

    @property
    def network_amount(self) -> int:
        return self.amount - self.uh_amount


class Decision(UhShare, models.Model):
    """Vedtak: Statsforvalteren's individual decision for one network. Once decided it is frozen:
    its data and its letter never change; a correction is a new Decision that supersedes it."""

    class Status(models.TextChoices):
        DRAFT = "utkast", _("Utkast")
        DECIDED = "vedtatt", _("Vedtatt")
        SUPERSEDED = "erstattet", _("Erstattet")

    class Kind(models.TextChoices):
        """What the vedtak decides: a grant, or a refusal (avslag, no amount: issue 12)."""

        GRANT = "innvilgelse", _("Innvilgelse")
        REFUSAL = "avslag", _("Avslag")

    APPEAL_WEEKS_MIN = APPEAL_WEEKS_MIN

    #: What Statsforvalteren writes in a draft vedtak (the form and the service edit these).
    EDITABLE_FIELDS = (
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
        "change_reason",
    )
    FROZEN_FIELDS = (
        *EDITABLE_FIELDS,
        "kind",
        "supplement",
        "recommended_amount",
        "frame",
        "decided_at",
        "decided_by_id",
        "prepared_by_id",
    )

    scheme_year = scheme_year_field("decisions")
    network = network_field()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(
        _("type vedtak"), max_length=12, choices=Kind.choices, default=Kind.GRANT
    )
    amount = models.PositiveBigIntegerField(_("innvilget beløp (kr)"))
    uh_amount = models.PositiveBigIntegerField(_("herav til UH (kr)"), default=0)
    recommended_amount = models.PositiveBigIntegerField(_("innstilt beløp (kr)"), null=True)
    #: A tilleggstildeling: the part of ``amount`` added, from the year's remaining money, to the
    #: vedtak it supersedes (``amount`` is then that vedtak's amount plus this). 0: not one.
    supplement = models.PositiveBigIntegerField(
        _("tilleggstildeling (kr)"),
        default=0,
        help_text=_("Tillegg fra årets ubrukte midler til vedtaket dette erstatter."),
    )
    frame = models.PositiveBigIntegerField(_("forhåndstildelt ramme (kr)"), null=True)
    conditions = models.TextField(_("vilkår"), blank=True)
    reasons = models.TextField(_("begrunnelse"), blank=True)
    legal_basis = models.TextField(_("hjemmel"), blank=True)
    report_deadline = models.DateField(_("frist for rapport"), null=True, blank=True)
    appeal_right = models.TextField(_("klagerett"), blank=True)
    appeal_body = models.CharField(_("klageinstans"), max_length=200, blank=True)
    appeal_weeks = appeal_weeks_field()
    appeal_instructions = models.TextField(_("slik klager du"), blank=True)
    departure_reason = models.TextField(_("begrunnelse for avvik fra innstillingen"), blank=True)
    change_reason = models.TextField(
        _("begrunnelse for endringen"),
        blank=True,
        help_text=_("For et nytt vedtak etter klage: hvorfor vedtaket det erstatter endres."),
    )
    decided_at = models.DateTimeField(_("vedtatt"), null=True, blank=True)
    #: Two-person approval: the case officer who prepared and proposed the vedtak, and when
    #: (empty while it is being written; editing the draft takes the proposal back), and the
    #: approver with budget authority, ``decided_by``, whose approval makes it. Never one person.
    prepared_by = actor_field(_("forberedt av"))
    proposed_at = models.DateTimeField(_("foreslått"), null=True, blank=True)
    decided_by = actor_field(_("godkjent av"))
    #: The day the vedtak reached the parties (underretning, fvl. § 27): the latest delivered date
    #: of its ``DeliveryRecord``s once every party has it, otherwise empty. Kept by the delivery
    #: services; the appeal period counts from it.
    notified_on = models.DateField(_("mottatt av partene"), null=True, blank=True)
    supersedes = optional_one_to_one("self", "superseded_by")
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
            uh_share_within_amount("decision"),
            models.CheckConstraint(
                condition=Q(kind="innvilgelse") | Q(amount=0, uh_amount=0),
                name="decision_refusal_grants_nothing",
            ),
            models.CheckConstraint(
                condition=Q(supplement=0)
                | Q(supplement__lte=models.F("amount"), supersedes__isnull=False),
                name="decision_supplement_adds_to_a_vedtak",
            ),
            appeal_weeks_at_least_min("decision"),
        ]

    def __str__(self) -> str:
        return f"{self.network} {self.scheme_year} ({self.get_status_display()})"

    @property
    def is_refusal(self) -> bool:
        return self.kind == self.Kind.REFUSAL

    @property
    def is_supplement(self) -> bool:
        """A tilleggstildeling: it adds to the vedtak it supersedes."""
        return self.supplement > 0

    @property
    def is_proposed(self) -> bool:
        """A draft a case officer has proposed for approval."""
        return self.status == self.Status.DRAFT and self.proposed_at is not None

    def missing_legal_fields(self) -> list[str]:
        required = [
            "reasons",
            "legal_basis",
            "report_deadline",
            "appeal_right",
            "appeal_body",
            "appeal_instructions",
        ]
        if self.is_refusal:
            # Nothing is granted, so nothing is reported.
            required.remove("report_deadline")
        return [
            field_label(self, name)
            for name in required
            if not getattr(self, name)
            or (isinstance(getattr(self, name), str) and not getattr(self, name).strip())
        ]

    def appeal_deadline(self):
        """The last day to appeal: ``appeal_weeks`` after the vedtak reached the last party.
        None while it has not reached every party (there is no deadline yet)."""
        return last_day_to_appeal(self.notified_on, self.appeal_weeks)

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


class CriterionAssessment(models.Model):
    """Statsforvalteren's assessment of one criterion for a vedtak: met or not, and why.
    Written on the draft; frozen with the vedtak (the service refuses changes once decided)."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="assessments")
    criterion = models.CharField(_("kriterium"), max_length=20, choices=Criterion.choices)
    met = models.BooleanField(_("oppfylt"), null=True, blank=True)
    text = models.TextField(_("vurdering"), blank=True)

    class Meta:
        ordering = ["decision", "id"]
        verbose_name = _("vurdering av kriterium")
        verbose_name_plural = _("vurderinger av kriteriene")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "criterion"], name="assessment_once_per_criterion"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.met}"


class Appeal(models.Model):
    """Klage on a vedtak, lodged by the network within the appeal deadline."""

    class Outcome(models.TextChoices):
        PENDING = "til_behandling", _("Til behandling")
        UPHELD = "tatt_til_folge", _("Tatt til følge (nytt vedtak)")
        PARTLY_UPHELD = "delvis", _("Delvis tatt til følge (nytt vedtak)")
        FORWARDED = "oversendt", _("Opprettholdt og oversendt klageinstansen")
        DISMISSED = "avvist", _("Avvist")

    class Ruling(models.TextChoices):
        """The appeal body's decision on a forwarded appeal."""

        NONE = "", _("Ikke avgjort")
        CONFIRMED = "stadfestet", _("Vedtaket stadfestet")
        CHANGED = "endret", _("Vedtaket endret")
        SET_ASIDE = "opphevet", _("Vedtaket opphevet og sendt tilbake")

    class LateHandling(models.TextChoices):
        """What the case officer decided about a late appeal (fvl. § 31)."""

        UNDECIDED = "", _("Ikke vurdert")
        CONSIDERED = "behandles", _("Behandles likevel (fvl. § 31)")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="appeals")
    text = models.TextField(_("klage"))
    lodged_at = models.DateTimeField(_("mottatt"), auto_now_add=True)
    lodged_by = actor_field(blank=False)
    #: The party that appeals: the network's host owner (also for the partnership) or a UH
    #: institution of the partnership. Its own delivery date decides whether the appeal is late,
    #: and a dismissal is addressed to it. Empty for appeals lodged before parties were kept.
    owner = optional_link("networks.Owner", verbose_name=_("klager (eier)"))
    university = optional_link("networks.University", verbose_name=_("klager (UH-institusjon)"))
    outcome = models.CharField(
        _("utfall"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    outcome_on = models.DateField(_("dato for utfall"), null=True, blank=True)
    #: the case officer who decided the outcome: signs the dismissal or the cover letter
    outcome_by = actor_field(_("avgjort av"))
    outcome_note = models.TextField(_("merknad"), blank=True)
    new_decision = optional_one_to_one(Decision, "from_appeal")
    is_late = models.BooleanField(
        _("kom inn etter klagefristen"),
        default=False,
        help_text=_("Registreres likevel; saksbehandleren avgjør om den behandles eller avvises."),
    )
    late_handling = models.CharField(
        _("for sent innkommet klage"),
        max_length=10,
        choices=LateHandling.choices,
        default=LateHandling.UNDECIDED,
        blank=True,
    )
    late_reason = models.TextField(_("begrunnelse for å behandle klagen"), blank=True)
    forwarding_letter = models.TextField(
        _("oversendelsesbrev"),
        blank=True,
        help_text=_("Statsforvalterens vurdering av klagen, sendt med saken til klageinstansen."),
    )
    ruling = models.CharField(
        _("klageinstansens avgjørelse"),
        max_length=10,
        choices=Ruling.choices,
        default=Ruling.NONE,
        blank=True,
    )
    ruling_on = models.DateField(_("dato for klageinstansens avgjørelse"), null=True, blank=True)
    ruling_note = models.TextField(_("merknad til klageinstansens avgjørelse"), blank=True)
    ruling_decision = optional_one_to_one(
        Decision, "from_appeal_body", _("nytt vedtak etter klageinstansens avgjørelse")
    )

    class Meta:
        ordering = ["-lodged_at"]
        verbose_name = _("klage")
        verbose_name_plural = _("klager")

    def __str__(self) -> str:
        return f"Klage {self.pk} ({self.get_outcome_display()})"

    @property
    def awaits_late_handling(self) -> bool:
        """A late appeal the case officer has neither considered (fvl. § 31) nor dismissed."""
        return (
            self.is_late
            and self.outcome == self.Outcome.PENDING
            and self.late_handling == self.LateHandling.UNDECIDED
        )


class DeliveryRecord(models.Model):
    """Underretning (fvl. § 27): how and when a vedtak reached one party, the network's host
    owner or one UH institution of its partnership. The appeal period of that party counts from
    ``delivered_on``; a case officer may correct the date (a letter sent by post), with a reason.
    """

    class Channel(models.TextChoices):
        EMAIL = "epost", _("E-post")
        POST = "post", _("Post")
        IN_PRODUCT = "produktet", _("I produktet")

    decision = models.ForeignKey(Decision, on_delete=models.PROTECT, related_name="deliveries")
    owner = optional_link("networks.Owner")
    university = optional_link("networks.University")
    party_name = models.CharField(_("part"), max_length=200)
    email = models.EmailField(_("e-post for offisiell post"), blank=True)
    channel = models.CharField(
        _("kanal"), max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    sent_at = models.DateTimeField(_("sendt"), null=True, blank=True)
    delivered_on = models.DateField(_("mottatt"), null=True, blank=True)
    corrected_by = actor_field()
    correction_reason = models.TextField(_("begrunnelse for rettet dato"), blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    last_error = models.TextField(blank=True, editable=False)

    class Meta:
        ordering = ["decision", "university", "party_name"]
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")
        constraints = [
            one_party("delivery"),
            models.UniqueConstraint(fields=["decision", "owner"], name="delivery_once_per_owner"),
            models.UniqueConstraint(
                fields=["decision", "university"], name="delivery_once_per_university"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.party_name}: {self.delivered_on or '-'}"

    @property
    def is_host_owner(self) -> bool:
        return self.owner_id is not None

    def appeal_deadline(self):
        """This party's last day to appeal (None while the vedtak has not reached it)."""
        return last_day_to_appeal(self.delivered_on, self.decision.appeal_weeks)
