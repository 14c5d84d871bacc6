"""Who may read which document, export and overview. Predicates only.

The regional bodies (forum, secretariat, Statsforvalteren, administrators) read everything. A
network's people (its coordinator, the UH contacts of its partnership and the contacts of its
owners) read their own network's decision letters and export their own network's rows; they do
not get the year's documents about all networks.
"""

from __future__ import annotations

from networks.permissions import access_for
from networks.roles import Role


def visible_network_ids(user) -> frozenset[int] | None:
    """The networks whose rows ``user`` may read; None means all of them."""
    access = access_for(user)
    if access.is_regional:
        return None
    return access.member_network_ids


def can_view_decision_letter(user, decision) -> bool:
    """The network's own people (its owners, coordinator and UH partners, each a party or acting
    for one) and the regional bodies; every letter of the vedtak, as PDF and as HTML."""
    access = access_for(user)
    return access.is_regional or decision.network_id in access.member_network_ids


def can_download_year_documents(user) -> bool:
    """The innstilling, the allocation table and the year report cover every network."""
    return access_for(user).is_regional


def can_view_dashboard(user) -> bool:
    return access_for(user).is_regional


def can_run_letter_batch(user) -> bool:
    access = access_for(user)
    return access.has(Role.STATSFORVALTER) or access.has(Role.SYSTEM_ADMIN)


def can_view_reporting(user) -> bool:
    """The year pages: regional bodies, and anyone belonging to a network (own rows only)."""
    access = access_for(user)
    return access.is_regional or bool(access.member_network_ids)


def can_manage_payouts(user) -> bool:
    """Payouts, the ledger and its pages: Statsforvalteren, who pays and claims back."""
    return access_for(user).has(Role.STATSFORVALTER)


def can_view_repayment_letter(user, settlement) -> bool:
    """Like a decision letter: the network's own people and the regional bodies."""
    access = access_for(user)
    return access.is_regional or settlement.network_id in access.member_network_ids
