"""Who may do what with a case. Predicates only; the services and the pages both use them, so a
page never offers a button the service would refuse."""

from __future__ import annotations

from networks.permissions import access_for, can_act_for_owner, can_act_for_partnership
from networks.roles import Role


def _has(user, *roles: Role) -> bool:
    access = access_for(user)
    return any(access.has(role) for role in roles)


def is_secretariat(user) -> bool:
    return _has(user, Role.FORUM_SECRETARIAT)


def is_forum(user) -> bool:
    return _has(user, Role.FORUM_SECRETARIAT, Role.FORUM_MEMBER)


def is_statsforvalter(user) -> bool:
    return _has(user, Role.STATSFORVALTER)


def can_view_case(user, case) -> bool:
    access = access_for(user)
    return access.is_regional or case.network_id in access.member_network_ids


def can_open_scheme_year(user) -> bool:
    return _has(user, Role.STATSFORVALTER, Role.FORUM_SECRETARIAT, Role.SYSTEM_ADMIN)


def can_write_needs_report(user, owner) -> bool:
    return can_act_for_owner(user, owner.pk)


def can_view_needs_report(user, needs_report) -> bool:
    """The owner's contacts, the network's partnership, and the regional bodies."""
    access = access_for(user)
    return (
        access.is_regional
        or needs_report.owner_id in access.owner_ids
        or needs_report.network_id in access.partnership_network_ids
    )


def can_set_local_deadline(user, network) -> bool:
    return can_act_for_partnership(user, network.pk) or is_secretariat(user)


def can_edit_decision_basis(user, case) -> bool:
    return can_act_for_partnership(user, case.network_id)


def can_start_decision_basis(user, case) -> bool:
    return can_act_for_partnership(user, case.network_id) or is_secretariat(user)


def can_submit_decision_basis(user, case) -> bool:
    return can_act_for_partnership(user, case.network_id)


def can_return_decision_basis(user, case) -> bool:
    return is_secretariat(user)


def can_reopen_decision_basis(user, case) -> bool:
    return is_secretariat(user)


def _conflicts(user) -> set[tuple[int, int]]:
    """The (scheme year, network) pairs the user declared a conflict for, read once per user
    object (``conflict_declare`` forgets them when it adds one)."""
    from grants.models import ConflictOfInterest

    cached = getattr(user, "_workflow_conflicts", None)
    if cached is None:
        cached = set(
            ConflictOfInterest.objects.filter(user_id=user.pk).values_list(
                "scheme_year_id", "network_id"
            )
        )
        user._workflow_conflicts = cached
    return cached


def forget_conflicts(user) -> None:
    user.__dict__.pop("_workflow_conflicts", None)


def has_conflict(user, case) -> bool:
    if not user.is_authenticated:
        return False
    return (case.scheme_year_id, case.network_id) in _conflicts(user)


def can_record_recommendation(user, case) -> bool:
    """Forum members and the secretariat, except for a network they declared a conflict for."""
    return is_forum(user) and not has_conflict(user, case)


def can_submit_recommendation(user) -> bool:
    return is_secretariat(user)


def can_declare_conflict(user) -> bool:
    return is_forum(user)


def can_return_recommendation(user, case) -> bool:
    return is_statsforvalter(user)


def can_decide(user, case) -> bool:
    return is_statsforvalter(user)


def can_approve_decision(user, case) -> bool:
    """Approve (and so make) a vedtak: a Statsforvalteren case officer with budget authority.
    Whether this person prepared the vedtak is a problem of the step, not a matter of role."""
    return is_statsforvalter(user) and access_for(user).budget_authority


def can_open_reporting(user, case) -> bool:
    return is_statsforvalter(user)


def can_edit_report(user, case) -> bool:
    return can_act_for_partnership(user, case.network_id)


def can_control_report(user, case) -> bool:
    return is_statsforvalter(user)


def can_lodge_appeal(user, case) -> bool:
    """Any party to the vedtak: the network's partnership (its coordinator and UH contacts) and
    the contacts of its host owner, to whom the vedtak is addressed."""
    if can_act_for_partnership(user, case.network_id):
        return True
    host_owner_id = case.network.host_owner_id
    return host_owner_id is not None and can_act_for_owner(user, host_owner_id)


def can_withdraw_case(user, case) -> bool:
    """The network withdraws its own case: its partnership, or its host owner's contacts (the
    party a vedtak would be addressed to)."""
    return can_lodge_appeal(user, case)


def can_decide_appeal(user, case) -> bool:
    return is_statsforvalter(user)


def can_correct_delivery(user, case) -> bool:
    return is_statsforvalter(user)


def can_close_scheme_year(user) -> bool:
    """Statsforvalteren closes the year (once its checklist is empty)."""
    return is_statsforvalter(user)


def can_manage_payouts(user) -> bool:
    """Payout plans, batches and the year's payout settings: Statsforvalteren, who pays."""
    return is_statsforvalter(user)


def can_view_ledger(user) -> bool:
    return is_statsforvalter(user)
