"""Reads for who-is-who, scoped and with their related rows fetched up front."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from .models import HeadCount, Membership, Network, Owner
from .permissions import access_for


def membership_list(*, user) -> list[Membership]:
    return list(
        Membership.objects.filter(user=user)
        .select_related("owner__network", "network", "university")
        .order_by("role", "id")
    )


def latest_head_count_year() -> int | None:
    return HeadCount.objects.order_by("-year").values_list("year", flat=True).first()


def network_directory(*, viewer, year: int | None) -> QuerySet[Network]:
    """All active networks with owner counts and summed head counts for ``year``.

    Every signed-in user may read the directory (who is in which network is not secret); what they
    may change is decided elsewhere.
    """
    counts = Q(owners__head_counts__year=year)
    return (
        Network.objects.filter(is_active=True)
        .annotate(
            owner_count=Count("owners", distinct=True),
            pupils=Sum("owners__head_counts__pupils", filter=counts),
            children=Sum("owners__head_counts__children", filter=counts),
        )
        .select_related("partnership")
        .prefetch_related("partnership__universities")
        .order_by("name")
    )


def network_detail(*, viewer, slug: str, year: int | None) -> Network | None:
    owners = Owner.objects.order_by("name").prefetch_related(
        Prefetch("head_counts", queryset=HeadCount.objects.filter(year=year), to_attr="counts")
    )
    return (
        Network.objects.filter(slug=slug, is_active=True)
        .select_related("partnership")
        .prefetch_related("partnership__universities", Prefetch("owners", queryset=owners))
        .first()
    )


def is_member_of(*, viewer, network: Network) -> bool:
    return network.pk in access_for(viewer).member_network_ids
