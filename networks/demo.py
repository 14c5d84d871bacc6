"""Demo data for the Trøndelag networks, built through the services (never JSON fixtures).

The grouping of owners into networks is ILLUSTRATIVE and the counts are ESTIMATES (see
``networks/data/README.md``); the county's row is real. Organisation numbers, addresses, e-mail
addresses and account numbers are MADE UP (valid check digits, never real ones), and each
network's host owner is its largest owner. Administrators can change all of it.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .models import Network, Owner, University, User
from .parties import ACCOUNT_NUMBER_WEIGHTS, ORG_NUMBER_WEIGHTS, LanguageDecision, mod11_check_digit
from .roles import Role
from .services import (
    head_count_set,
    joint_measures_recipient_set,
    membership_grant,
    network_host_set,
    network_upsert,
    owner_upsert,
    partnership_set,
    party_update,
    slug_for,
    university_upsert,
    user_upsert,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "trondelag_demo_counts.csv"
DEMO_SOURCE = "Demodata: illustrativ gruppering og estimerte tall (ikke offisiell statistikk)"
DEMO_PASSWORD = "kompetanse2027"

UNIVERSITIES = {
    "NTNU": "Norges teknisk-naturvitenskapelige universitet",
    "Nord": "Nord universitet",
    "DMMH": "Dronning Mauds Minne Høgskole for barnehagelærerutdanning",
}

#: Illustrative UH partners per network (a stand-in until the forum's own list is loaded).
PARTNERS = {
    "Trondheim": ["NTNU", "DMMH"],
    "Trøndelag fylkeskommune": ["NTNU"],
    "Trøndelag sørvest": ["NTNU"],
    "Fosen": ["NTNU"],
    "Gauldal og Trøndelag sør": ["NTNU", "DMMH"],
    "Værnesregionen": ["NTNU"],
    "Innherred": ["Nord"],
    "Inn-Trøndelag": ["Nord"],
    "Midtre Namdal": ["Nord"],
    "Ytre Namdal": ["Nord"],
    "Indre Namdal": ["Nord"],
}


#: Who runs the joint measures (fellestiltak) in the demo, and what they are (illustrative).
JOINT_MEASURES_RECIPIENT = "NTNU"
JOINT_MEASURES_DESCRIPTION = (
    "Inkluderingsanalysen: felles kartlegging av inkluderende praksis i alle nettverkene."
)


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str | None  # owner number, network name or university short name
    budget_authority: bool = False


DEMO_USERS = (
    DemoUser("eier", "Eva", "Eier", Role.OWNER_CONTACT, "5059"),  # Orkland kommune
    DemoUser("koordinator", "Kari", "Koordinator", Role.NETWORK_COORDINATOR, "Trøndelag sørvest"),
    DemoUser("uh", "Ulrik", "Universitet", Role.UH_CONTACT, "NTNU"),
    DemoUser("sekretariat", "Siri", "Sekretariat", Role.FORUM_SECRETARIAT, None),
    DemoUser("forum", "Frode", "Forum", Role.FORUM_MEMBER, None),
    DemoUser("statsforvalter", "Stine", "Statsforvalter", Role.STATSFORVALTER, None),
    # Approves the vedtak the case officer above prepares (budget authority; two-person approval).
    DemoUser("godkjenner", "Gunnar", "Godkjenner", Role.STATSFORVALTER, None, True),
    DemoUser("admin", "Ada", "Administrator", Role.SYSTEM_ADMIN, None),
)


@dataclass(frozen=True)
class DemoRow:
    network: str
    owner: str
    owner_kind: str
    number: str
    pupils: int
    children: int


def read_demo_rows(path: Path = DATA_FILE) -> list[DemoRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            DemoRow(
                network=row["network"],
                owner=row["owner"],
                owner_kind=row["owner_kind"],
                number=row["number"],
                pupils=int(row["pupils"]),
                children=int(row["children"]),
            )
            for row in csv.DictReader(handle)
        ]


def illustrative_number(seed: str, *, length: int, weights: tuple[int, ...], first: str) -> str:
    """A made-up number with a valid mod 11 check digit, derived from ``seed`` (the demo's org.
    and account numbers are ILLUSTRATIVE, never real)."""
    body = (first + seed.zfill(length - 1 - len(first)))[: length - 1]
    while (digit := mod11_check_digit(body, weights)) is None:
        body = str(int(body) + 1).zfill(length - 1)
    return body + str(digit)


def demo_party(*, seed: str, name: str, slug: str, language: str) -> dict[str, str]:
    """Illustrative party details: address, postmottak, org. and account numbers."""
    return {
        "org_number": illustrative_number(seed, length=9, weights=ORG_NUMBER_WEIGHTS, first="9"),
        "postal_address": f"Postboks {int(seed) % 900 + 10}",
        "postcode": str(7000 + int(seed) % 900).zfill(4),
        "city": name.replace(" kommune", "").replace("Trøndelag fylkeskommune", "Steinkjer"),
        "official_email": f"postmottak@{slug}.demo.example",
        "account_number": illustrative_number(
            seed, length=11, weights=ACCOUNT_NUMBER_WEIGHTS, first="1503"
        ),
        "language_decision": language,
    }


#: Owners the demo gives a språkvedtak for nynorsk (ILLUSTRATIVE, like the rest of the parties'
#: details): Ørland, the host owner of Fosen, so the demo has a network whose letters are nynorsk.
NYNORSK_OWNERS = frozenset({"5057"})


def _language_of(kind: str, number: str = "") -> str:
    if number in NYNORSK_OWNERS:
        return LanguageDecision.NYNORSK
    return LanguageDecision.BOKMAL if kind == Owner.Kind.MUNICIPALITY else LanguageDecision.NEUTRAL


def seed_organisations(*, year: int) -> dict[str, Network]:
    """Networks, owners, head counts for ``year``, universities and partnerships, and the joint
    measures with their recipient (NTNU, running Inkluderingsanalysen). Idempotent."""
    universities = {
        short: university_upsert(short_name=short, name=name)
        for short, name in UNIVERSITIES.items()
    }
    for index, university in enumerate(universities.values(), start=1):
        party_update(
            actor=None,
            party=university,
            **demo_party(
                seed=f"{index}00",
                name="Trondheim",
                slug=slug_for(university.short_name),
                language=LanguageDecision.NEUTRAL,
            ),
        )
    largest: dict[str, tuple[int, Owner]] = {}
    networks: dict[str, Network] = {}
    for row in read_demo_rows():
        network = networks.get(row.network) or network_upsert(
            name=row.network,
            description="Illustrativ gruppering for demo (ikke samarbeidsforumets egen liste).",
        )
        networks[row.network] = network
        owner = owner_upsert(
            number=row.number, name=row.owner, kind=row.owner_kind, network=network
        )
        party_update(
            actor=None,
            party=owner,
            **demo_party(
                seed=row.number,
                name=row.owner,
                slug=slug_for(row.owner),
                language=_language_of(row.owner_kind, row.number),
            ),
        )
        size = row.pupils + row.children
        if row.network not in largest or size > largest[row.network][0]:
            largest[row.network] = (size, owner)
        head_count_set(
            owner=owner,
            year=year,
            pupils=row.pupils,
            children=row.children,
            source=DEMO_SOURCE,
            counted_on=dt.date(year - 1, 10, 1),
        )
    for name, network in networks.items():
        network_host_set(actor=None, network=network, owner=largest[name][1])
        partnership_set(network=network, universities=[universities[s] for s in PARTNERS[name]])
    joint_measures_recipient_set(
        actor=None,
        university=universities[JOINT_MEASURES_RECIPIENT],
        description=JOINT_MEASURES_DESCRIPTION,
    )
    return networks


def seed_users() -> list[User]:
    """One demo user per role, all with the documented demo password. Idempotent."""
    users = []
    for demo in DEMO_USERS:
        user = user_upsert(
            username=demo.username,
            email=f"{demo.username}@demo.kompetanseloftet.example",
            first_name=demo.first_name,
            last_name=demo.last_name,
            password=DEMO_PASSWORD,
        )
        membership_grant(
            user=user,
            role=demo.role,
            owner=Owner.objects.get(number=demo.organisation)
            if demo.role == Role.OWNER_CONTACT
            else None,
            network=Network.objects.get(name=demo.organisation)
            if demo.role == Role.NETWORK_COORDINATOR
            else None,
            university=University.objects.get(short_name=demo.organisation)
            if demo.role == Role.UH_CONTACT
            else None,
            budget_authority=demo.budget_authority,
        )
        if demo.role == Role.SYSTEM_ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        users.append(user)
    return users
