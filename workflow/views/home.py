"""The start page: what needs the signed-in person now, and what comes next."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.views.decorators.http import require_GET

from networks.permissions import access_for
from networks.roles import Role
from networks.selectors import membership_list

from .. import selectors
from .common import page, today


@require_GET
@login_required
def home(request):
    now = today()
    access = access_for(request.user)
    return page(
        request,
        "workflow/home.html",
        {
            "tasks": selectors.tasks_for(request.user, now),
            "upcoming": selectors.upcoming_for(request.user, now)[:6],
            "memberships": membership_list(user=request.user),
            "access": access,
            "roles": {role.name: access.has(role) for role in Role},
        },
    )
