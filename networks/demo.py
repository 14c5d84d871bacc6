"""Demo data for the Trøndelag networks, built through the services (never JSON fixtures).

The grouping of owners into networks is ILLUSTRATIVE and the counts are ESTIMATES (see
``networks/data/README.md``); the county's row is real. Administrators can change all of it.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .models import Network, Owner, University, User
from .roles import Role
from .services import (
    head_count_set,
    membership_grant,
    network_upsert,
    owner_upsert,
    partnership_set,
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


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    role: Role
    organisation: str | None  # owner number, network name or university short name


DEMO_USERS = (
    DemoUser("eier", "Eva", "Eier", Role.OWNER_CONTACT, "5059"),  # Orkland kommune
    DemoUser("koordinator", "Kari", "Koordinator", Role.NETWORK_COORDINATOR, "Trøndelag sørvest"),
    DemoUser("uh", "Ulrik", "Universitet", Role.UH_CONTACT, "NTNU"),
    DemoUser("sekretariat", "Siri", "Sekretariat", Role.FORUM_SECRETARIAT, None),
    DemoUser("forum", "Frode", "Forum", Role.FORUM_MEMBER, None),
    DemoUser("statsforvalter", "Stine", "Statsforvalter", Role.STATSFORVALTER, None),
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


def seed_organisations(*, year: int) -> dict[str, Network]:
    """Networks, owners, head counts for ``year``, universities and partnerships. Idempotent."""
    universities = {
        short: university_upsert(short_name=short, name=name)
        for short, name in UNIVERSITIES.items()
    }
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
        head_count_set(
            owner=owner,
            year=year,
            pupils=row.pupils,
            children=row.children,
            source=DEMO_SOURCE,
            counted_on=dt.date(year - 1, 10, 1),
        )
    for name, network in networks.items():
        partnership_set(network=network, universities=[universities[s] for s in PARTNERS[name]])
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
        organisation: dict[str, object] = {}
        if demo.role == Role.OWNER_CONTACT:
            organisation["owner"] = Owner.objects.get(number=demo.organisation)
        elif demo.role == Role.NETWORK_COORDINATOR:
            organisation["network"] = Network.objects.get(name=demo.organisation)
        elif demo.role == Role.UH_CONTACT:
            organisation["university"] = University.objects.get(short_name=demo.organisation)
        membership_grant(user=user, role=demo.role, **organisation)
        if demo.role == Role.SYSTEM_ADMIN and not (user.is_staff and user.is_superuser):
            user.is_staff = user.is_superuser = True
            user.save(update_fields=["is_staff", "is_superuser"])
        users.append(user)
    return users
