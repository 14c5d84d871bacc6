"""Reads for who-is-who, scoped and with their related rows fetched up front."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from .models import HeadCount, Invitation, Membership, Network, Owner, University
from .permissions import access_for, can_manage_all_people
from .roles import Role


def membership_list(*, user) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("owner__network", "network", "university")
        .order_by("role", "id")
    )


def latest_head_count_year() -> int | None:
    return HeadCount.objects.order_by("-year").values_list("year", flat=True).first()


def network_directory(*, viewer, year: int | None) -> QuerySet[Network]:
    """All active networks with owner counts and summed head counts for ``year`` (the joint
    measures are no network: they are not listed).

    Every signed-in user may read the directory (who is in which network is not secret); what they
    may change is decided elsewhere.
    """
    counts = Q(owners__head_counts__year=year)
    return (
        Network.objects.filter(is_active=True)
        .regular()
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
        Prefetch(
            "head_counts",
            queryset=HeadCount.objects.filter(year=year or 0),
            to_attr="counts",
        )
    )
    return (
        Network.objects.filter(slug=slug, is_active=True)
        .select_related("partnership")
        .prefetch_related("partnership__universities", Prefetch("owners", queryset=owners))
        .first()
    )


def is_member_of(*, viewer, network: Network) -> bool:
    return network.pk in access_for(viewer).member_network_ids


def _managed_scope(viewer) -> Q | None:
    """Which role rows (memberships or invitations) ``viewer`` manages: None for all, else a Q."""
    if can_manage_all_people(viewer):
        return None
    networks = access_for(viewer).coordinator_network_ids
    return Q(role=Role.OWNER_CONTACT, owner__network_id__in=networks) | Q(
        role=Role.UH_CONTACT, university__partnerships__network_id__in=networks
    )


def managed_memberships(*, viewer, include_ended: bool = True) -> list[Membership]:
    """The memberships ``viewer`` may manage, active first, then ended (kept as history)."""
    memberships = Membership.objects.select_related(
        "user", "owner__network", "network", "university"
    )
    scope = _managed_scope(viewer)
    if scope is not None:
        memberships = memberships.filter(scope).distinct()
    if not include_ended:
        memberships = memberships.active()
    return sorted(
        memberships,
        key=lambda m: (m.ended_at is not None, m.role, m.organisation_name, str(m.user)),
    )


def managed_invitations(*, viewer) -> list[Invitation]:
    """Pending invitations ``viewer`` may see and revoke (expired ones included, marked)."""
    invitations = Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("owner__network", "network", "university", "invited_by")
    scope = _managed_scope(viewer)
    if scope is not None:
        invitations = invitations.filter(scope).distinct()
    return list(invitations.order_by("-created_at", "-id"))


def invitable_organisations(*, viewer) -> dict[str, list]:
    """What ``viewer`` may invite people to, per role: owners, networks and universities."""
    if can_manage_all_people(viewer):
        return {
            Role.OWNER_CONTACT: list(Owner.objects.filter(is_active=True).order_by("name")),
            Role.NETWORK_COORDINATOR: list(Network.objects.filter(is_active=True)),
            Role.UH_CONTACT: list(University.objects.all()),
        }
    networks = access_for(viewer).coordinator_network_ids
    return {
        Role.OWNER_CONTACT: list(
            Owner.objects.filter(is_active=True, network_id__in=networks).order_by("name")
        ),
        Role.UH_CONTACT: list(
            University.objects.filter(partnerships__network_id__in=networks).distinct()
        ),
    }


def locked_out_usernames(*, viewer) -> list[str]:
    """Usernames that are locked out now after too many wrong passwords (for managers)."""
    if not can_manage_all_people(viewer):
        return []
    from axes.helpers import get_failure_limit
    from axes.models import AccessAttempt
    from django.conf import settings
    from django.utils import timezone

    limit = get_failure_limit(None, {})
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=limit)
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
    return sorted(
        {
            username
            for username in attempts.exclude(username__isnull=True).values_list(
                "username", flat=True
            )
        }
    )


def network_parties(network: Network) -> list[Owner | University]:
    """The legal persons a vedtak to ``network`` is made to, each with its own letter and
    delivery: the host owner first (on behalf of the network), then each UH institution of its
    partnership by short name."""
    parties: list[Owner | University] = list(Owner.objects.filter(pk=network.host_owner_id or 0))
    parties += (
        University.objects.filter(partnerships__network_id=network.pk)
        .order_by("short_name")
        .distinct()
    )
    return parties


def party_key(party: Owner | University) -> str:
    """A party of a vedtak named in an address (``eier-<id>`` or ``uh-<id>``)."""
    return f"{'eier' if isinstance(party, Owner) else 'uh'}-{party.pk}"
