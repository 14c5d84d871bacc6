"""The large world's organisations and people, after the demo's."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.text import slugify

from networks.demo import seed_organisations, seed_users
from networks.models import Membership, Network, Owner, Partnership, University, User
from networks.parties import ACCOUNT_NUMBER_WEIGHTS, ORG_NUMBER_WEIGHTS, mod11_check_digit
from networks.roles import Role

from .common import (
    BATCH,
    OWNERS_PER_NETWORK,
)


def _with_check_digit(serial: int, weights: tuple[int, ...], lead: str) -> str:
    """A made-up number of ``len(weights) + 1`` digits with a valid mod 11 check digit: the
    first free serial from ``serial`` up (a serial whose check digit would be 10 is skipped)."""
    while True:
        digits = f"{lead}{serial:0{len(weights) - len(lead)}d}"
        check = mod11_check_digit(digits, weights)
        if check is not None:
            return f"{digits}{check}"
        serial += 1


def _party(index: int) -> dict[str, str]:
    """What a legal party needs for a vedtak and its payout (a load owner's made-up details)."""
    return {
        "org_number": _with_check_digit(index * 2, ORG_NUMBER_WEIGHTS, "9"),
        "account_number": _with_check_digit(index * 2, ACCOUNT_NUMBER_WEIGHTS, "15"),
        "postal_address": f"Postboks {index}",
        "postcode": "7000",
        "city": "Trondheim",
    }


@dataclass
class Organisations:
    networks: list[Network]
    owners_of: dict[int, list[int]]
    users: dict[str, User]


def build_organisations(
    *, networks: int, year: int, contacts_for_all: bool = False
) -> Organisations:
    """The demo organisations and users (as ``seed_demo`` makes them) and bulk-made networks up to
    ``networks`` in all, with ten owners each, an owner contact per new owner and a coordinator per
    new network (per every owner and network with ``contacts_for_all``)."""
    # The demo organisations and users, as seed_demo makes them.
    seed_organisations(year=year)
    users = {u.username: u for u in seed_users()}
    universities = list(University.objects.order_by("pk"))
    existing = Network.objects.regular().count()
    Network.objects.bulk_create(
        [
            Network(name=f"Skalanettverk {i:04d}", slug=slugify(f"skalanettverk-{i:04d}"))
            for i in range(existing, networks)
        ],
        batch_size=BATCH,
    )
    # The joint measures (no owners, no allocation line) are left out of the load world.
    all_networks = list(Network.objects.regular().order_by("pk"))
    new_networks = [n for n in all_networks if n.name.startswith("Skalanettverk ")]
    Owner.objects.bulk_create(
        [
            Owner(
                name=f"Eier {n.pk}-{j}",
                kind=Owner.Kind.MUNICIPALITY if j else Owner.Kind.PRIVATE,
                number=f"7{n.pk:06d}{j:02d}",
                network=n,
                **_party(n.pk * OWNERS_PER_NETWORK + j),
            )
            for n in new_networks
            for j in range(OWNERS_PER_NETWORK)
        ],
        batch_size=BATCH,
    )
    # The first municipality of each new network hosts it: the vedtak goes to it.
    hosts: dict[int, int] = {}
    for owner_pk, network_pk in (
        Owner.objects.filter(network__in=new_networks, kind=Owner.Kind.MUNICIPALITY)
        .order_by("-pk")
        .values_list("pk", "network_id")
    ):
        hosts[network_pk] = owner_pk  # descending: the lowest pk is written last
    for network in new_networks:
        network.host_owner_id = hosts[network.pk]
    Network.objects.bulk_update(new_networks, ["host_owner"], batch_size=BATCH)
    Partnership.objects.bulk_create(
        [Partnership(network=n) for n in new_networks], batch_size=BATCH
    )
    through = Partnership.universities.through
    partnerships = dict(
        Partnership.objects.filter(network__in=new_networks).values_list("network_id", "pk")
    )
    through.objects.bulk_create(
        [
            through(partnership_id=partnerships[n.pk], university_id=universities[n.pk % 3].pk)
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    owners = list(Owner.objects.order_by("pk").values_list("pk", "network_id"))
    owners_of: dict[int, list[int]] = {}
    for owner_pk, network_pk in owners:
        owners_of.setdefault(network_pk, []).append(owner_pk)

    # One owner contact per new owner and one coordinator per new network.
    new_owner_pks = [pk for n in new_networks for pk in owners_of[n.pk]]
    if contacts_for_all:
        # Every owner and network gets someone to act for it (the transitions benchmark).
        covered = set(
            Membership.objects.filter(role=Role.OWNER_CONTACT).values_list("owner", flat=True)
        )
        new_owner_pks = [pk for pks in owners_of.values() for pk in pks if pk not in covered]
        coordinated = set(
            Membership.objects.filter(role=Role.NETWORK_COORDINATOR).values_list(
                "network", flat=True
            )
        )
        new_networks = [n for n in all_networks if n.pk not in coordinated]
    User.objects.bulk_create(
        [
            User(username=f"eier-{pk}", email=f"eier-{pk}@skala.example", password="!")
            for pk in new_owner_pks
        ]
        + [
            User(username=f"koord-{n.pk}", email=f"koord-{n.pk}@skala.example", password="!")
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    user_pk = dict(
        User.objects.filter(email__endswith="@skala.example").values_list("username", "pk")
    )
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_pk[f"eier-{pk}"], role=Role.OWNER_CONTACT, owner_id=pk)
            for pk in new_owner_pks
        ]
        + [
            Membership(user_id=user_pk[f"koord-{n.pk}"], role=Role.NETWORK_COORDINATOR, network=n)
            for n in new_networks
        ],
        batch_size=BATCH,
    )
    return Organisations(networks=all_networks, owners_of=owners_of, users=users)
