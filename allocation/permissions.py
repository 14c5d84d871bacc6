"""Who may compute, publish and see the allocation. Predicates over ``access_for(user)`` only.

- The forum secretariat, Statsforvalteren and the system administrator compute, freeze and
  supersede runs, try what-if inputs and import head counts; they see every run.
- Forum members (the forum sets the allocation key) read every run, but change nothing.
- A network's people (its coordinator, the UH contacts of its partnership and the contacts of its
  owners) see only their own network's frame and its breakdown, and only once it is frozen.
"""

from __future__ import annotations

from networks.permissions import access_for
from networks.roles import MANAGER_ROLES


def can_manage_allocation(user) -> bool:
    return access_for(user).has_any(MANAGER_ROLES)


def can_import_head_counts(user) -> bool:
    return can_manage_allocation(user)


def can_view_all_allocations(user) -> bool:
    """Every network's frames, drafts and history: the regional bodies."""
    return access_for(user).is_regional


def can_view_own_frames(user) -> bool:
    """Whether the user belongs to any network whose frame they could be shown."""
    return bool(access_for(user).member_network_ids)


def can_view_network_frame(user, network_id: int, *, frozen: bool) -> bool:
    access = access_for(user)
    if access.is_regional:
        return True
    return frozen and network_id in access.member_network_ids
