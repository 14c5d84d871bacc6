"""Who may set up and change a scheme year."""

from networks.permissions import access_for
from networks.roles import MANAGER_ROLES, Role


def can_manage_scheme_year(user) -> bool:
    return access_for(user).has_any(MANAGER_ROLES)


def can_correct_journal(user) -> bool:
    """The archive keepers: Statsforvalteren (the record-keeping body) and the administrators."""
    return access_for(user).has_any((Role.STATSFORVALTER, Role.SYSTEM_ADMIN))
