"""Who is who: networks, owners, units, universities, partnerships, head counts, people, roles."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from config.models import (
    NEWEST_FIRST,
    actor_field,
    network_field,
    optional_link,
    optional_one_to_one,
    person_field,
)

from .append_only import AUDIT_APPEND_ONLY, AppendOnlyQuerySet
from .parties import LegalParty
from .roles import ROLE_ORGANISATION, Role


class User(AbstractUser):
    """A person. What they may see and do follows from their memberships, never from flags."""

    #: The OpenID Connect provider and subject this person signs in with (set on first sign-in).
    oidc_issuer = models.CharField(_("innloggingstjeneste"), max_length=255, blank=True)
    oidc_subject = models.CharField(
        _("identitet hos innloggingstjenesten"), max_length=255, blank=True
    )

    class Language(models.TextChoices):
        """The interface languages (settings.LANGUAGES). Blank: the default, bokmål."""

        BOKMAL = "nb", "Norsk bokmål"
        NYNORSK = "nn", "Norsk nynorsk"
        ENGLISH = "en", "English"

    language = models.CharField(
        _("språk"),
        max_length=8,
        choices=Language.choices,
        blank=True,
        help_text=_("Språket sidene og e-postene vises på. Tomt: bokmål."),
    )

    class Meta:
        verbose_name = _("bruker")
        verbose_name_plural = _("brukere")
        constraints = [
            models.UniqueConstraint(
                fields=["oidc_issuer", "oidc_subject"],
                condition=~Q(oidc_subject=""),
                name="user_unique_oidc_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def preferred_language(self) -> str:
        """The language for e-mails and feeds to this person: their choice, else bokmål."""
        return self.language or settings.LANGUAGE_CODE


class NetworkQuerySet(models.QuerySet["Network"]):
    def regular(self) -> NetworkQuerySet:
        """The competence networks themselves, without the joint measures."""
        return self.filter(is_joint=False)

    def joint(self) -> NetworkQuerySet:
        return self.filter(is_joint=True)


class Network(models.Model):
    """A kompetansenettverk: a group of owners that plans competence development together.

    One row may be the year's **joint measures** (fellestiltak, ``is_joint``): not a network but
    the share set aside before the pro-rata allocation, with a case of its own each year and a
    recipient who receives its vedtak (its host owner, or else the UH institution of its
    partnership, which then receives the whole amount). It takes no part in the allocation."""

    name = models.CharField(_("navn"), max_length=120, unique=True)
    slug = models.SlugField(_("kortnavn"), max_length=120, unique=True)
    description = models.TextField(_("beskrivelse"), blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    host_owner = optional_link(
        "Owner",
        "hosted_networks",
        _("vertseier"),
        help_text=_(
            "Eieren (vertskommunen) som tar imot og forvalter nettverkets tilskudd. Vedtaket "
            "om nettverkets tilskudd rettes til vertseieren."
        ),
    )
    is_joint = models.BooleanField(
        _("fellestiltak"),
        default=False,
        help_text=_(
            "Andelen som settes av til fellestiltak før fordelingen, med egen sak hvert år. "
            "Den er ikke med i fordelingen. Mottakeren er vertseieren, eller ellers "
            "UH-institusjonen i partnerskapet, som da får hele beløpet."
        ),
    )

    objects = NetworkQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("kompetansenettverk")
        verbose_name_plural = _("kompetansenettverk")
        constraints = [
            models.UniqueConstraint(
                fields=["is_joint"], condition=Q(is_joint=True), name="network_one_joint_measures"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Owner(LegalParty):
    """An eier: a municipality, the county, or a private owner of kindergartens or schools."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "kommune", _("Kommune")
        COUNTY = "fylkeskommune", _("Fylkeskommune")
        PRIVATE = "privat", _("Privat eier")

    name = models.CharField(_("navn"), max_length=160)
    kind = models.CharField(_("type eier"), max_length=20, choices=Kind.choices)
    number = models.CharField(
        _("kommune- eller organisasjonsnummer"),
        max_length=9,
        unique=True,
        help_text=_("Kommunenummer (4 siffer), fylkesnummer (2 siffer) eller organisasjonsnummer."),
    )
    network = network_field("owners", _("nettverk"))
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("eier")
        verbose_name_plural = _("eiere")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[0-9]{2,9}$"), name="owner_number_digits"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A virksomhet: a kindergarten, school, SFO, PP service or other unit run by an owner."""

    class Kind(models.TextChoices):
        KINDERGARTEN = "barnehage", _("Barnehage")
        SCHOOL = "skole", _("Skole")
        SFO = "sfo", _("SFO")
        PPT = "ppt", _("PP-tjeneste")
        OTHER = "annet", _("Annet")

    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, related_name="units", verbose_name=_("eier")
    )
    name = models.CharField(_("navn"), max_length=160)
    kind = models.CharField(_("type virksomhet"), max_length=20, choices=Kind.choices)

    class Meta:
        ordering = ["owner__name", "name"]
        verbose_name = _("virksomhet")
        verbose_name_plural = _("virksomheter")
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="unit_unique_name_per_owner")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.owner})"


class University(LegalParty):
    """A UH institution (universitet eller høgskole) that works with the networks."""

    name = models.CharField(_("navn"), max_length=200, unique=True)
    short_name = models.CharField(_("forkortelse"), max_length=20, unique=True)

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("UH-institusjon")
        verbose_name_plural = _("UH-institusjoner")

    def __str__(self) -> str:
        return self.short_name


class Partnership(models.Model):
    """A network together with its UH partner(s): the party that writes the decision basis."""

    network = models.OneToOneField(
        Network, on_delete=models.CASCADE, related_name="partnership", verbose_name=_("nettverk")
    )
    universities = models.ManyToManyField(
        University, related_name="partnerships", verbose_name=_("UH-partnere")
    )

    class Meta:
        ordering = ["network__name"]
        verbose_name = _("partnerskap")
        verbose_name_plural = _("partnerskap")

    def __str__(self) -> str:
        return str(_("Partnerskapet %(network)s") % {"network": self.network.name})


#: The largest pupil or child count one owner can have: above Norway's whole population of pupils,
#: far below what a 32-bit integer column holds (2 147 483 647).
HEAD_COUNT_MAX = 1_000_000


class HeadCount(models.Model):
    """Pupils (apprentices count as pupils) and kindergarten children of one owner for one year."""

    owner = models.ForeignKey(
        Owner, on_delete=models.CASCADE, related_name="head_counts", verbose_name=_("eier")
    )
    year = models.PositiveIntegerField(_("tilskuddsår"))
    pupils = models.PositiveIntegerField(
        _("elevtall"),
        help_text=_("Lærlinger og lærekandidater regnes som elever."),
        validators=[MaxValueValidator(HEAD_COUNT_MAX)],
    )
    children = models.PositiveIntegerField(
        _("barnetall"), validators=[MaxValueValidator(HEAD_COUNT_MAX)]
    )
    source = models.CharField(_("kilde"), max_length=200)
    counted_on = models.DateField(_("telledato"), null=True, blank=True)

    class Meta:
        ordering = ["year", "owner__name"]
        verbose_name = _("elev- og barnetall")
        verbose_name_plural = _("elev- og barnetall")
        constraints = [
            models.UniqueConstraint(fields=["owner", "year"], name="head_count_one_per_owner_year"),
            models.CheckConstraint(condition=Q(pupils__gte=0), name="head_count_pupils_gte_0"),
            models.CheckConstraint(condition=Q(children__gte=0), name="head_count_children_gte_0"),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.year}"


#: Each role points at exactly the organisation kind it belongs to, and no other.
ROLE_MATCHES_ORGANISATION = (
    Q(
        role=Role.OWNER_CONTACT,
        owner__isnull=False,
        network__isnull=True,
        university__isnull=True,
    )
    | Q(
        role=Role.NETWORK_COORDINATOR,
        owner__isnull=True,
        network__isnull=False,
        university__isnull=True,
    )
    | Q(
        role=Role.UH_CONTACT,
        owner__isnull=True,
        network__isnull=True,
        university__isnull=False,
    )
    | Q(
        role__in=[
            Role.FORUM_SECRETARIAT,
            Role.FORUM_MEMBER,
            Role.STATSFORVALTER,
            Role.SYSTEM_ADMIN,
        ],
        owner__isnull=True,
        network__isnull=True,
        university__isnull=True,
    )
)


def role_matches_organisation(prefix: str) -> models.CheckConstraint:
    """A row holding a role names the organisation the role needs and no other
    (``ROLE_MATCHES_ORGANISATION``, as ``<prefix>_role_matches_organisation``)."""
    return models.CheckConstraint(
        condition=ROLE_MATCHES_ORGANISATION, name=f"{prefix}_role_matches_organisation"
    )


class MembershipQuerySet(models.QuerySet):
    def active(self):
        """Memberships in force: an ended membership gives no access and no reminders."""
        return self.filter(ended_at__isnull=True)


def _organisation_field(to: type[models.Model], verbose_name: Any) -> Any:
    """The organisation of a role: empty for the regional roles (``ROLE_MATCHES_ORGANISATION``
    says which one each role needs), ``<model>s`` on the organisation (``memberships``)."""
    return models.ForeignKey(
        to,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=verbose_name,
    )


class RoleInOrganisation(models.Model):
    """A role and the one organisation it belongs to: what a membership holds and an invitation
    offers."""

    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    owner = _organisation_field(Owner, _("eier"))
    network = _organisation_field(Network, _("nettverk"))
    university = _organisation_field(University, _("UH-institusjon"))

    class Meta:
        abstract = True

    @property
    def organisation(self) -> Owner | Network | University | None:
        attr = ROLE_ORGANISATION[Role(self.role)]
        return getattr(self, attr) if attr else None

    @property
    def organisation_name(self) -> str:
        org = self.organisation
        if org is not None:
            return str(org.name)
        if self.role in (Role.FORUM_SECRETARIAT, Role.FORUM_MEMBER):
            return str(_("Samarbeidsforum for Kompetanseløftet i Trøndelag"))
        if self.role == Role.STATSFORVALTER:
            return str(_("Statsforvalteren i Trøndelag"))
        return str(_("Kompetanseløftet (drift)"))

    @property
    def network_id_for_audit(self) -> int | None:
        """The network an audit event about this role belongs to, when there is exactly one."""
        if self.network_id:
            return self.network_id
        if self.owner is not None:
            return self.owner.network_id
        return None


class Membership(RoleInOrganisation):
    """A person's role in an organisation. All access in the product is derived from these.
    Ending one keeps the row (and the person's history) and takes the access away at once."""

    user = person_field("memberships", _("bruker"))
    created_at = models.DateTimeField(_("opprettet"), auto_now_add=True, null=True)
    ended_at = models.DateTimeField(_("avsluttet"), null=True, blank=True, db_index=True)
    #: Budsjettdisponeringsmyndighet: a Statsforvalteren case officer who may approve a vedtak
    #: another case officer prepared (two-person approval). Only on that role.
    budget_authority = models.BooleanField(
        _("budsjettdisponeringsmyndighet"),
        default=False,
        help_text=_("Kan godkjenne vedtak som en annen saksbehandler har forberedt."),
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["user__username", "role"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            role_matches_organisation("membership"),
            models.CheckConstraint(
                condition=Q(budget_authority=False) | Q(role=Role.STATSFORVALTER),
                name="membership_budget_authority_only_statsforvalter",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_role_display()} {self.organisation_name}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Invitation(RoleInOrganisation):
    """An e-mail with a single-use link that sets up a person's account and membership. Only a
    hash of the link's token is stored; the link itself exists only in the e-mail."""

    email = models.EmailField(_("e-post"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = actor_field(_("invitert av"), blank=False)
    created_at = models.DateTimeField(_("sendt"), auto_now_add=True)
    expires_at = models.DateTimeField(_("utløper"))
    accepted_at = models.DateTimeField(_("godtatt"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("trukket tilbake"), null=True, blank=True)
    membership = optional_one_to_one(
        Membership, "invitation", _("medlemskap"), on_delete=models.SET_NULL
    )

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("invitasjon")
        verbose_name_plural = _("invitasjoner")
        constraints = [
            role_matches_organisation("invitation"),
        ]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()} {self.organisation_name}"

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class Event(models.Model):
    """A fact that matters and is not a state change (those are in django-fsm-log's StateLog):
    allocation frozen, amount changed, frame exceeded attempt, reminder sent, file attached."""

    created_at = models.DateTimeField(_("tidspunkt"), auto_now_add=True, db_index=True)
    actor = actor_field(_("utført av"))
    kind = models.CharField(_("hendelse"), max_length=60, db_index=True)
    network = optional_link(Network, "events", _("nettverk"), on_delete=models.CASCADE)
    year = models.PositiveIntegerField(_("tilskuddsår"), null=True, blank=True, db_index=True)
    subject_type = optional_link("contenttypes.ContentType", on_delete=models.CASCADE)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    message = models.TextField(_("beskrivelse"))
    data = models.JSONField(_("data"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = NEWEST_FIRST
        verbose_name = _("hendelse")
        verbose_name_plural = _("hendelser")
        indexes = [models.Index(fields=["subject_type", "subject_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise PermissionError(AUDIT_APPEND_ONLY)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(AUDIT_APPEND_ONLY)
