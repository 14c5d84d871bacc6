"""The roles a person can hold in an organisation. Imports no models, so every app can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OWNER_CONTACT = "eier", _("Eierkontakt")
    NETWORK_COORDINATOR = "nettverkskoordinator", _("Nettverkskoordinator (partnerskap)")
    UH_CONTACT = "uh_kontakt", _("UH-kontakt")
    FORUM_SECRETARIAT = "forumsekretariat", _("Sekretariat for samarbeidsforum")
    FORUM_MEMBER = "forummedlem", _("Medlem av samarbeidsforum")
    STATSFORVALTER = "statsforvalter", _("Saksbehandler hos Statsforvalteren")
    SYSTEM_ADMIN = "systemadministrator", _("Systemadministrator")


#: Which organisation a membership of each role must point at.
ROLE_ORGANISATION = {
    Role.OWNER_CONTACT: "owner",
    Role.NETWORK_COORDINATOR: "network",
    Role.UH_CONTACT: "university",
    Role.FORUM_SECRETARIAT: None,
    Role.FORUM_MEMBER: None,
    Role.STATSFORVALTER: None,
    Role.SYSTEM_ADMIN: None,
}

#: Roles that see every network's data (the regional bodies).
REGIONAL_ROLES = frozenset(
    {Role.FORUM_SECRETARIAT, Role.FORUM_MEMBER, Role.STATSFORVALTER, Role.SYSTEM_ADMIN}
)

#: The regional bodies that run the scheme (all regional roles but the forum members): they set up
#: scheme years and compute the allocation.
MANAGER_ROLES = frozenset({Role.FORUM_SECRETARIAT, Role.STATSFORVALTER, Role.SYSTEM_ADMIN})

#: Roles that manage organisations, memberships and invitations for everyone: the same bodies
#: as MANAGER_ROLES, on purpose (those who run the scheme also say who takes part in it).
PEOPLE_MANAGER_ROLES = MANAGER_ROLES

#: Roles whose sessions end when the browser closes (they see every network's data).
BROWSER_SESSION_ROLES = REGIONAL_ROLES
