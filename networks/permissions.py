"""Who may see and do what, derived from memberships only. Predicates, no side effects.

``access_for(user)`` reads a user's memberships once per request-bound user object and caches the
result on it, so pages can ask many questions without asking the database again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .roles import PEOPLE_MANAGER_ROLES, REGIONAL_ROLES, Role


@dataclass(frozen=True)
class Access:
    roles: frozenset[str] = frozenset()
    owner_ids: frozenset[int] = frozenset()
    #: networks of the owners this person is contact for
    owner_network_ids: frozenset[int] = frozenset()
    #: networks this person coordinates
    coordinator_network_ids: frozenset[int] = frozenset()
    university_ids: frozenset[int] = frozenset()
    #: networks whose partnership includes one of this person's universities
    uh_network_ids: frozenset[int] = frozenset()
    is_superuser: bool = False
    #: a Statsforvalteren membership with budget authority (approves vedtak others prepared)
    budget_authority: bool = False

    @property
    def is_regional(self) -> bool:
        return self.is_superuser or bool(self.roles & REGIONAL_ROLES)

    @property
    def partnership_network_ids(self) -> frozenset[int]:
        """Networks whose partnership this person writes for (coordinator or UH contact)."""
        return self.coordinator_network_ids | self.uh_network_ids

    @property
    def member_network_ids(self) -> frozenset[int]:
        return self.partnership_network_ids | self.owner_network_ids

    def has(self, role: Role) -> bool:
        return role in self.roles or (self.is_superuser and role == Role.SYSTEM_ADMIN)

    def has_any(self, roles: Iterable[Role]) -> bool:
        """Whether the person holds one of ``roles`` (as ``has`` counts them)."""
        return any(self.has(role) for role in roles)


_CACHE_ATTR = "_kl_access"


def access_for(user) -> Access:
    if user is None or not user.is_authenticated:
        return Access()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    from .models import Membership, Partnership

    memberships = list(
        Membership.objects.active()
        .filter(user=user)
        .select_related("owner")
        .only(
            "role",
            "owner_id",
            "owner__network_id",
            "network_id",
            "university_id",
            "budget_authority",
        )
    )
    university_ids = frozenset(m.university_id for m in memberships if m.university_id)
    uh_network_ids: frozenset[int] = frozenset()
    if university_ids:
        uh_network_ids = frozenset(
            Partnership.objects.filter(universities__in=university_ids).values_list(
                "network_id", flat=True
            )
        )
    access = Access(
        roles=frozenset(m.role for m in memberships),
        owner_ids=frozenset(m.owner_id for m in memberships if m.owner_id),
        owner_network_ids=frozenset(m.owner.network_id for m in memberships if m.owner_id),
        coordinator_network_ids=frozenset(m.network_id for m in memberships if m.network_id),
        university_ids=university_ids,
        uh_network_ids=uh_network_ids,
        is_superuser=bool(user.is_superuser),
        budget_authority=any(
            m.budget_authority and m.role == Role.STATSFORVALTER for m in memberships
        ),
    )
    setattr(user, _CACHE_ATTR, access)
    return access


def forget_access(user) -> None:
    """Drop the cached access (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_regional(user) -> bool:
    return access_for(user).is_regional


def can_view_network(user, network_id: int) -> bool:
    access = access_for(user)
    return access.is_regional or network_id in access.member_network_ids


def can_act_for_partnership(user, network_id: int) -> bool:
    """Write the decision basis and the report of a network: its coordinator or a UH contact."""
    return network_id in access_for(user).partnership_network_ids


def can_act_for_owner(user, owner_id: int) -> bool:
    return owner_id in access_for(user).owner_ids


def can_view_directory(user) -> bool:
    return bool(user and user.is_authenticated)


def can_manage_all_people(user) -> bool:
    """The forum secretariat, Statsforvalteren and the system administrators manage every
    organisation's memberships and invitations."""
    return access_for(user).has_any(PEOPLE_MANAGER_ROLES)


def can_manage_people(user) -> bool:
    """May open the people page: the managers above, and network coordinators for their network."""
    return can_manage_all_people(user) or bool(access_for(user).coordinator_network_ids)


def can_manage_role(user, *, role: str, owner=None, network=None, university=None) -> bool:
    """May invite someone to (or end) this role in this organisation. A network coordinator
    manages the owner contacts of the network's owners and the UH contacts of its partners."""
    if can_manage_all_people(user):
        return True
    networks = access_for(user).coordinator_network_ids
    if not networks:
        return False
    if role == Role.OWNER_CONTACT and owner is not None:
        return owner.network_id in networks
    if role == Role.UH_CONTACT and university is not None:
        from .models import Partnership

        return Partnership.objects.filter(network_id__in=networks, universities=university).exists()
    return False


def can_manage_membership(user, membership) -> bool:
    return can_manage_role(
        user,
        role=membership.role,
        owner=membership.owner,
        network=membership.network,
        university=membership.university,
    )


def can_unlock_sign_in(user) -> bool:
    """Lift a sign-in lockout (too many wrong passwords)."""
    return can_manage_all_people(user)
