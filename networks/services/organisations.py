"""Networks, owners, UH institutions, partnerships and head counts, and organisations as parties."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from config.errors import DomainError
from config.formatting import field_label

from ..models import (
    HeadCount,
    Network,
    Owner,
    Partnership,
    University,
    User,
)
from .events import event_record
from .people import NOT_ALLOWED

M = TypeVar("M", bound=models.Model)

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def slug_for(name: str) -> str:
    """A URL-safe short name that keeps Norwegian letters readable (Frøya -> froya)."""
    return slugify(name.translate(_NORWEGIAN_LETTERS))


def _made_or_changed(model: type[M], lookup: dict[str, Any], values: dict[str, Any]) -> M:
    """The row found by ``lookup``: made with ``values``, or changed to them (saving only the
    fields that differ, and nothing when none does)."""
    obj, created = model._default_manager.get_or_create(**lookup, defaults=values)
    if not created:
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, values[name])
        if changed:
            obj.save(update_fields=changed)
    return obj


def network_upsert(*, name: str, description: str = "") -> Network:
    name = name.strip()
    if not name:
        raise DomainError(_("Nettverket må ha et navn."), field="name")
    slug = slug_for(name)
    network, created = Network.objects.get_or_create(
        name=name, defaults={"slug": slug, "description": description}
    )
    if not created and description and network.description != description:
        network.description = description
        network.save(update_fields=["description"])
    return network


def owner_upsert(*, number: str, name: str, kind: str, network: Network) -> Owner:
    number = number.strip()
    if not number.isdigit() or not 2 <= len(number) <= 9:
        raise DomainError(
            _("Eiernummeret «%(number)s» må bestå av 2–9 siffer.") % {"number": number},
            field="number",
        )
    if kind not in Owner.Kind.values:
        raise DomainError(_("Ukjent type eier: «%(kind)s».") % {"kind": kind}, field="kind")
    return _made_or_changed(
        Owner, {"number": number}, {"name": name, "kind": kind, "network": network}
    )


def university_upsert(*, short_name: str, name: str) -> University:
    university, _created = University.objects.get_or_create(
        short_name=short_name, defaults={"name": name}
    )
    return university


PARTY_FIELDS = (
    "org_number",
    "postal_address",
    "postcode",
    "city",
    "official_email",
    "account_number",
    "language_decision",
)


def party_update(*, actor: User | None, party: Owner | University, **fields: object) -> None:
    """Change what a letter and a payment need to know about an owner or a UH institution. Each
    value is validated (organisation and account numbers by mod 11); nothing is saved if one is
    wrong, and the change is an audit event."""
    unknown = set(fields) - set(PARTY_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    changed = [name for name, value in fields.items() if getattr(party, name) != value]
    if not changed:
        return
    for name in changed:
        setattr(party, name, fields[name])
    try:
        party.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        party.refresh_from_db()
        raise DomainError(" ".join(messages), field=name) from error
    party.save(update_fields=changed)
    event_record(
        kind="party_changed",
        actor=actor,
        network=party.network if isinstance(party, Owner) else None,
        subject=party,
        message=_("Opplysningene om %(party)s ble endret: %(fields)s.")
        % {
            "party": party.name,
            "fields": ", ".join(field_label(party, n) for n in changed),
        },
    )


def network_host_set(*, actor: User | None, network: Network, owner: Owner) -> None:
    """Name the owner (vertskommune) that receives and administers the network's grant."""
    if owner.network_id != network.pk:
        raise DomainError(
            _("Vertseieren må være en av nettverkets egne eiere."), field="host_owner"
        )
    if network.host_owner_id == owner.pk:
        return
    network.host_owner = owner
    network.save(update_fields=["host_owner"])
    event_record(
        kind="network_host_set",
        actor=actor,
        network=network,
        subject=network,
        message=_("%(owner)s er vertseier for %(network)s.")
        % {"owner": owner.name, "network": network.name},
    )


#: The name the joint measures get when they are made (data: the admin may rename them).
JOINT_MEASURES_NAME = "Fellestiltak"


def joint_measures_ensure() -> Network:
    """The joint measures (fellestiltak: the one ``Network`` with ``is_joint``), made the first
    time a year is opened, so that every year has their case."""
    joint = Network.objects.joint().first()
    if joint is None:
        joint = Network.objects.create(
            name=JOINT_MEASURES_NAME,
            slug=slug_for(JOINT_MEASURES_NAME),
            is_joint=True,
            description="Andelen som settes av til fellestiltak før fordelingen til nettverkene.",
        )
    Partnership.objects.get_or_create(network=joint)
    return joint


@transaction.atomic
def joint_measures_recipient_set(
    *,
    actor: User | None,
    university: University | None = None,
    owner: Owner | None = None,
    description: str = "",
) -> Network:
    """Name who receives the joint measures' vedtak and money: a UH institution (it becomes the
    joint measures' only partner and receives the whole amount) or an owner (the host owner,
    from any network). ``actor`` None: the demo and data loads."""
    if actor is not None:
        _require_people_manager(actor)
    if (university is None) == (owner is None):
        raise DomainError(
            _("Velg én mottaker for fellestiltakene: en UH-institusjon eller en eier."),
            field="recipient",
        )
    joint = joint_measures_ensure()
    partners = list(joint.partnership.universities.all())
    if joint.host_owner_id == (owner.pk if owner else None) and partners == (
        [university] if university else []
    ):
        return joint
    joint.host_owner = owner
    if description:
        joint.description = description
    joint.save(update_fields=["host_owner", "description"])
    partnership_set(network=joint, universities=[university] if university else [])
    recipient = university or owner
    event_record(
        kind="joint_measures_recipient_set",
        actor=actor,
        network=joint,
        subject=joint,
        message=_("%(recipient)s er mottaker for %(network)s.")
        % {"recipient": getattr(recipient, "name", ""), "network": joint.name},
    )
    return joint


def partnership_set(*, network: Network, universities: Iterable[University]) -> Partnership:
    partnership, _created = Partnership.objects.get_or_create(network=network)
    partnership.universities.set(list(universities))
    return partnership


def head_count_set(
    *,
    owner: Owner,
    year: int,
    pupils: int,
    children: int,
    source: str,
    counted_on: dt.date | None = None,
) -> HeadCount:
    if pupils < 0 or children < 0:
        raise DomainError(_("Elev- og barnetall kan ikke være negative."))
    return _made_or_changed(
        HeadCount,
        {"owner": owner, "year": year},
        {"pupils": pupils, "children": children, "source": source, "counted_on": counted_on},
    )


ORGANISATION_EXISTS = gettext_lazy("Det finnes allerede %(what)s med dette navnet eller nummeret.")


def _require_people_manager(actor: User) -> None:
    from ..permissions import can_manage_all_people

    if not can_manage_all_people(actor):
        raise PermissionDenied(str(NOT_ALLOWED))


@transaction.atomic
def network_add(*, actor: User, name: str, description: str = "") -> Network:
    _require_people_manager(actor)
    if Network.objects.filter(name__iexact=name.strip()).exists():
        raise DomainError(str(ORGANISATION_EXISTS) % {"what": _("et nettverk")}, field="name")
    network = network_upsert(name=name, description=description)
    partnership_set(network=network, universities=[])
    event_record(
        kind="network_added",
        message=_("%(actor)s la til nettverket %(name)s.") % {"actor": actor, "name": network},
        actor=actor,
        network=network,
        subject=network,
    )
    return network


@transaction.atomic
def owner_add(*, actor: User, name: str, kind: str, number: str, network: Network) -> Owner:
    _require_people_manager(actor)
    if not name.strip():
        raise DomainError(_("Eieren må ha et navn."), field="name")
    if Owner.objects.filter(number=number.strip()).exists():
        raise DomainError(str(ORGANISATION_EXISTS) % {"what": _("en eier")}, field="number")
    owner = owner_upsert(number=number, name=name.strip(), kind=kind, network=network)
    event_record(
        kind="owner_added",
        message=_("%(actor)s la til eieren %(name)s i %(network)s.")
        % {"actor": actor, "name": owner, "network": network},
        actor=actor,
        network=network,
        subject=owner,
    )
    return owner


@transaction.atomic
def university_add(*, actor: User, name: str, short_name: str) -> University:
    _require_people_manager(actor)
    name, short_name = name.strip(), short_name.strip()
    if not name or not short_name:
        raise DomainError(_("UH-institusjonen må ha navn og forkortelse."), field="name")
    if University.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=short_name)).exists():
        raise DomainError(str(ORGANISATION_EXISTS) % {"what": _("en UH-institusjon")}, field="name")
    university = university_upsert(short_name=short_name, name=name)
    event_record(
        kind="university_added",
        message=_("%(actor)s la til UH-institusjonen %(name)s.")
        % {"actor": actor, "name": university.name},
        actor=actor,
        subject=university,
    )
    return university


@transaction.atomic
def partnership_university_add(
    *, actor: User, network: Network, university: University
) -> Partnership:
    _require_people_manager(actor)
    partnership, _created = Partnership.objects.get_or_create(network=network)
    partnership.universities.add(university)
    event_record(
        kind="partnership_changed",
        message=_("%(actor)s la %(university)s til partnerskapet i %(network)s.")
        % {"actor": actor, "university": university.short_name, "network": network},
        actor=actor,
        network=network,
        subject=partnership,
    )
    return partnership
