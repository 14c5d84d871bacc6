"""Organisations as legal parties: what a decision letter and a payment need to know about them.

A vedtak is made to a legal person (a network is not one): the network's host owner receives the
network's grant, and each UH institution receives its own share. Each party has an organisation
number (Brønnøysund, mod 11), a postal address, an e-mail address for official mail (postmottak),
an account number (mod 11) and, for municipalities and counties, the written standard it has
decided on (språkvedtak, språklova § 15).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.formatting import field_label

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

ORG_NUMBER_WEIGHTS = (3, 2, 7, 6, 5, 4, 3, 2)
ACCOUNT_NUMBER_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def mod11_check_digit(digits: str, weights: tuple[int, ...]) -> int | None:
    """The mod 11 check digit of ``digits``, or None when no digit is valid (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def _compact(value: str) -> str:
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != ".")


@dataclass(frozen=True)
class Mod11Number:
    """A number whose last digit is the mod 11 check digit of the others (``weights``), and what
    to say when it has the wrong form or a wrong check digit."""

    weights: tuple[int, ...]
    format_error: StrOrPromise
    checksum_error: StrOrPromise

    def validate(self, value: str) -> None:
        number = _compact(value)
        if not (len(number) == len(self.weights) + 1 and number.isdigit()):
            raise ValidationError(self.format_error, code="format")
        if mod11_check_digit(number[:-1], self.weights) != int(number[-1]):
            raise ValidationError(self.checksum_error, code="checksum")


ORG_NUMBER = Mod11Number(
    ORG_NUMBER_WEIGHTS,
    _("Organisasjonsnummeret må ha ni sifre, for eksempel 974 760 673."),
    _("Organisasjonsnummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
)
ACCOUNT_NUMBER = Mod11Number(
    ACCOUNT_NUMBER_WEIGHTS,
    _("Kontonummeret må ha elleve sifre, for eksempel 1234 56 78903."),
    _("Kontonummeret er ikke gyldig (kontrollsifferet stemmer ikke)."),
)


def validate_org_number(value: str) -> None:
    ORG_NUMBER.validate(value)


def validate_account_number(value: str) -> None:
    ACCOUNT_NUMBER.validate(value)


def format_org_number(value: str) -> str:
    number = _compact(value)
    return f"{number[:3]} {number[3:6]} {number[6:]}" if len(number) == 9 else value


def format_account_number(value: str) -> str:
    number = _compact(value)
    return f"{number[:4]} {number[4:6]} {number[6:]}" if len(number) == 11 else value


class LanguageDecision(models.TextChoices):
    """The written standard an organisation has decided on (språkvedtak)."""

    BOKMAL = "nb", _("Bokmål")
    NYNORSK = "nn", _("Nynorsk")
    NEUTRAL = "noytral", _("Språknøytral")


class LegalParty(models.Model):
    """The fields of an organisation that can be a party to a vedtak and a payee."""

    org_number = models.CharField(
        _("organisasjonsnummer"),
        max_length=9,
        blank=True,
        validators=[validate_org_number],
        help_text=_("Ni sifre fra Enhetsregisteret."),
    )
    postal_address = models.CharField(_("postadresse"), max_length=200, blank=True)
    postcode = models.CharField(
        _("postnummer"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[0-9]{4}$", _("Postnummeret har fire sifre."))],
    )
    city = models.CharField(_("poststed"), max_length=80, blank=True)
    official_email = models.EmailField(
        _("e-post for offisiell post"),
        blank=True,
        help_text=_("Postmottaket der vedtak og andre brev sendes."),
    )
    account_number = models.CharField(
        _("kontonummer"),
        max_length=11,
        blank=True,
        validators=[validate_account_number],
        help_text=_("Elleve sifre; tilskudd utbetales hit."),
    )
    language_decision = models.CharField(
        _("språkvedtak"),
        max_length=10,
        choices=LanguageDecision.choices,
        default=LanguageDecision.NEUTRAL,
        help_text=_("Målformen organisasjonen har vedtatt; brev til den skrives på denne."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.org_number = _compact(self.org_number)
        self.account_number = _compact(self.account_number)
        super().save(*args, **kwargs)

    def missing_for_letter(self) -> list[str]:
        """What a decision letter to this party needs and it lacks (field labels)."""
        needed = ("org_number", "postal_address", "postcode", "city", "official_email")
        return [field_label(self, name) for name in needed if not getattr(self, name)]

    def missing_for_decision(self) -> list[str]:
        """What a party to a vedtak must have before it is made: the organisation number, the
        postal address and the account number the grant is paid to (field labels)."""
        needed = ("org_number", "postal_address", "postcode", "city", "account_number")
        return [field_label(self, name) for name in needed if not getattr(self, name)]

    def missing_for_payment(self) -> list[str]:
        needed = ("org_number", "account_number")
        return [field_label(self, name) for name in needed if not getattr(self, name)]

    @property
    def address_lines(self) -> list[str]:
        return [
            line for line in (self.postal_address, f"{self.postcode} {self.city}".strip()) if line
        ]
