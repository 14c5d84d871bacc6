"""Writes for who-is-who. Every write goes through here: admin, import, demo data and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from config.errors import DomainError

from .models import HeadCount, Membership, Network, Owner, Partnership, University, User
from .permissions import forget_access
from .roles import ROLE_ORGANISATION, Role

_NORWEGIAN_LETTERS = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})


def slug_for(name: str) -> str:
    """A URL-safe short name that keeps Norwegian letters readable (Frøya -> froya)."""
    return slugify(name.translate(_NORWEGIAN_LETTERS))


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
    owner, created = Owner.objects.get_or_create(
        number=number, defaults={"name": name, "kind": kind, "network": network}
    )
    if not created:
        wanted = {"name": name, "kind": kind, "network": network}
        changed = [attr for attr, value in wanted.items() if getattr(owner, attr) != value]
        for attr in changed:
            setattr(owner, attr, wanted[attr])
        if changed:
            owner.save(update_fields=changed)
    return owner


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
            "fields": ", ".join(str(party._meta.get_field(n).verbose_name) for n in changed),
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
    head_count, created = HeadCount.objects.get_or_create(
        owner=owner,
        year=year,
        defaults={
            "pupils": pupils,
            "children": children,
            "source": source,
            "counted_on": counted_on,
        },
    )
    if not created:
        new = {"pupils": pupils, "children": children, "source": source, "counted_on": counted_on}
        changed = [k for k, v in new.items() if getattr(head_count, k) != v]
        for k in changed:
            setattr(head_count, k, new[k])
        if changed:
            head_count.save(update_fields=changed)
    return head_count


@transaction.atomic
def membership_grant(
    *,
    user: User,
    role: Role | str,
    owner: Owner | None = None,
    network: Network | None = None,
    university: University | None = None,
) -> Membership:
    role = Role(role)
    wanted = ROLE_ORGANISATION[role]
    given = {"owner": owner, "network": network, "university": university}
    if wanted and given[wanted] is None:
        raise DomainError(
            _("Rollen «%(role)s» må knyttes til en organisasjon.") % {"role": role.label}
        )
    if any(v is not None for k, v in given.items() if k != wanted):
        raise DomainError(
            _("Rollen «%(role)s» kan ikke knyttes til denne typen organisasjon.")
            % {"role": role.label}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, role=role, owner=owner, network=network, university=university
    )
    forget_access(user)
    return membership


def user_upsert(
    *, username: str, email: str, first_name: str, last_name: str, password: str | None = None
) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"email": email, "first_name": first_name, "last_name": last_name},
    )
    if created:
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def event_record(
    *,
    kind: str,
    message: str,
    actor: User | None = None,
    network: Network | None = None,
    year: int | None = None,
    subject=None,
    data: dict | None = None,
):
    """Record a fact in the event table (in the caller's transaction)."""
    from django.contrib.contenttypes.models import ContentType

    from .models import Event

    return Event.objects.create(
        kind=kind,
        message=message,
        actor=actor if actor is not None and actor.is_authenticated else None,
        network=network,
        year=year,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        data=data or {},
    )
