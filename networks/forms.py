"""Forms for the people pages: inviting someone, and setting up an account from an invitation."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from config.errors import DomainError

from .models import Network, Owner, University
from .roles import REGIONAL_ROLES, Role

_KINDS = {"owner": Owner, "network": Network, "university": University}
ROLE_KIND = {
    Role.OWNER_CONTACT: "owner",
    Role.NETWORK_COORDINATOR: "network",
    Role.UH_CONTACT: "university",
}


class PeopleForm(forms.Form):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def add_domain_error(self, error: DomainError) -> None:
        self.add_error(error.field if error.field in self.fields else None, error.message)

    def error_summary(self) -> list[dict]:
        items = [{"id": "", "message": message} for message in self.non_field_errors()]
        for bound in self:
            for message in bound.errors:
                items.append({"id": bound.auto_id, "message": message, "label": bound.label})
        return items


class InvitationForm(PeopleForm):
    """Who to invite, to which role, in which organisation. The choices are what the inviting
    person may manage (``selectors.invitable_organisations``)."""

    email = forms.EmailField(label=_("E-postadresse"), max_length=254)
    role = forms.ChoiceField(label=_("Rolle"))
    organisation = forms.ChoiceField(
        label=_("Organisasjon"),
        required=False,
        help_text=_("Velg ingen for rollene hos samarbeidsforumet og Statsforvalteren."),
    )

    def __init__(self, *args, organisations: dict, regional: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        roles = [
            role for role in Role if role in organisations or (regional and role in REGIONAL_ROLES)
        ]
        cast(forms.ChoiceField, self.fields["role"]).choices = [(r.value, r.label) for r in roles]
        groups: list = []
        if regional:
            groups.append(("", _("Ingen (regional rolle)")))
        labels = {
            Role.OWNER_CONTACT: _("Eiere"),
            Role.NETWORK_COORDINATOR: _("Nettverk"),
            Role.UH_CONTACT: _("UH-institusjoner"),
        }
        self._objects: dict[str, object] = {}
        for role, items in organisations.items():
            kind = ROLE_KIND[role]
            options = []
            for item in items:
                key = f"{kind}:{item.pk}"
                self._objects[key] = item
                options.append((key, str(item.name)))
            if options:
                groups.append((labels[role], options))
        cast(forms.ChoiceField, self.fields["organisation"]).choices = groups

    def organisation_kwargs(self) -> dict:
        """``owner=``/``network=``/``university=`` for the service, from the chosen option."""
        key = self.cleaned_data.get("organisation") or ""
        if not key:
            return {}
        return {key.split(":", 1)[0]: self._objects[key]}


class AccountSetupForm(PeopleForm):
    """A new person's name and password, when they accept an invitation."""

    first_name = forms.CharField(label=_("Fornavn"), max_length=150)
    last_name = forms.CharField(label=_("Etternavn"), max_length=150)
    password1 = forms.CharField(
        label=_("Passord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Gjenta passordet"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"

    def clean(self):
        data = super().clean()
        one, two = data.get("password1"), data.get("password2")
        if one and two and one != two:
            self.add_error("password2", _("Passordene er ikke like."))
        elif one:
            from .models import User

            probe = User(
                username=self.email,
                email=self.email,
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(one, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class NetworkAddForm(PeopleForm):
    name = forms.CharField(label=_("Navn på nettverket"), max_length=120)


class OwnerAddForm(PeopleForm):
    name = forms.CharField(label=_("Navn på eieren"), max_length=160)
    kind = forms.ChoiceField(label=_("Type eier"), choices=Owner.Kind.choices)
    number = forms.CharField(
        label=_("Kommune- eller organisasjonsnummer"),
        max_length=9,
        help_text=_("Kommunenummer (4 siffer), fylkesnummer (2 siffer) eller organisasjonsnummer."),
    )
    network = forms.ModelChoiceField(
        label=_("Nettverk"), queryset=Network.objects.filter(is_active=True)
    )


class UniversityAddForm(PeopleForm):
    name = forms.CharField(label=_("Navn på UH-institusjonen"), max_length=200)
    short_name = forms.CharField(label=_("Forkortelse"), max_length=20)


class PartnerAddForm(PeopleForm):
    network = forms.ModelChoiceField(
        label=_("Nettverk"), queryset=Network.objects.filter(is_active=True)
    )
    university = forms.ModelChoiceField(label=_("UH-partner"), queryset=University.objects.all())
