"""Opening a scheme year: the year and a case for every active network and the joint measures."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from grants.models import DecisionBasis, SchemeYear
from grants.services import scheme_year_create
from networks.models import Network, User
from networks.services import joint_measures_ensure

from .. import permissions as perms
from ..models import Case


@transaction.atomic
def scheme_year_open(*, actor: User, year: int, **settings: Any) -> SchemeYear:
    """Create the scheme year and a case (with an empty decision basis) for every active network
    and for the joint measures (made here the first time: every year has their case)."""
    if not perms.can_open_scheme_year(actor):
        raise PermissionDenied
    scheme_year = scheme_year_create(actor=actor, year=year, **settings)
    joint_measures_ensure()
    cases_ensure(scheme_year=scheme_year)
    return scheme_year


def cases_ensure(*, scheme_year: SchemeYear, networks: Iterable[Network] | None = None) -> int:
    """Make sure every active network has its case for the year. Returns how many were made."""
    made = 0
    # The joint measures last, so the networks' case numbers do not depend on them.
    for network in networks or Network.objects.filter(is_active=True).order_by("is_joint", "name"):
        if Case.objects.filter(scheme_year=scheme_year, network=network).exists():
            continue
        basis, _created = DecisionBasis.objects.get_or_create(
            scheme_year=scheme_year, network=network
        )
        Case.objects.create(scheme_year=scheme_year, network=network, decision_basis=basis)
        made += 1
    return made
