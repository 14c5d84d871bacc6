"""Who may set up and change a scheme year."""

from networks.permissions import access_for
from networks.roles import Role


def can_manage_scheme_year(user) -> bool:
    access = access_for(user)
    return (
        access.has(Role.STATSFORVALTER)
        or access.has(Role.FORUM_SECRETARIAT)
        or access.has(Role.SYSTEM_ADMIN)
    )


def can_correct_journal(user) -> bool:
    """The archive keepers: Statsforvalteren (the record-keeping body) and the administrators."""
    access = access_for(user)
    return access.has(Role.STATSFORVALTER) or access.has(Role.SYSTEM_ADMIN)
