"""The main menu: which pages a signed-in person's menu shows, for every page of the site.

It lives in the last app because the menu names pages of every app."""

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from networks.permissions import can_manage_people
from workflow.notifications.selectors import unread_count
from workflow.selectors import menu_for

from . import permissions as perms


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def build() -> dict:
        return {
            **menu_for(user, timezone.localdate()),
            "reporting": perms.can_view_reporting(user),
            "people": can_manage_people(user),
            "unread": unread_count(user),
        }

    return {"menu": SimpleLazyObject(build)}
