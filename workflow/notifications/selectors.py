"""Reads: who must act next for a kind (from memberships), a person's inbox and unread count,
and their email choices."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from networks.models import Membership, User
from networks.roles import Role

from .kinds import KINDS, EmailMode, Relation, Rule
from .models import Notification, NotificationPreference


def _membership_q(rule: Rule, *, network_id: int | None, owner_id: int | None) -> Q | None:
    """The memberships a rule picks for a network (and owner), or None when it cannot apply."""
    if rule.relation == Relation.REGION:
        return Q(role=rule.role)
    if rule.relation == Relation.NETWORK and network_id is not None:
        return Q(role=rule.role, network_id=network_id)
    if rule.relation == Relation.PARTNERSHIP and network_id is not None:
        return Q(role=rule.role, university__partnerships__network_id=network_id)
    if rule.relation == Relation.OWNER and owner_id is not None:
        return Q(role=rule.role, owner_id=owner_id)
    if rule.relation == Relation.HOST_OWNER and network_id is not None:
        return Q(role=rule.role, owner__hosted_networks=network_id)
    return None


def recipients_for(
    kind: str, *, network_id: int | None, owner_id: int | None = None
) -> QuerySet[User]:
    """The active people who must act next for ``kind`` about a network (and an owner), by the
    kind's (role, relation) rules. One query; never a hard-coded list."""
    q = Q()
    matched = False
    for rule in KINDS[kind].rules:
        part = _membership_q(rule, network_id=network_id, owner_id=owner_id)
        if part is not None:
            q |= part
            matched = True
    if not matched:
        return User.objects.none()
    return User.objects.filter(
        is_active=True, pk__in=Membership.objects.filter(q).values("user_id")
    ).order_by("pk")


def case_recipients(kind: str, case) -> QuerySet[User]:
    """``recipients_for`` a case: the function a step of the case names for its handover. A
    forum member who has declared a conflict of interest for the network that year may not act
    on it, so is not told."""
    users = recipients_for(kind, network_id=case.network_id)
    if any(rule.role == Role.FORUM_MEMBER for rule in KINDS[kind].rules):
        users = users.exclude(
            conflicts__scheme_year_id=case.scheme_year_id, conflicts__network_id=case.network_id
        )
    return users


def inbox(*, viewer) -> QuerySet[Notification]:
    """The person's own notifications, newest first (no one sees another's)."""
    return Notification.objects.filter(recipient=viewer).select_related("case")


def notification_get(*, viewer, pk: int) -> Notification | None:
    return Notification.objects.filter(recipient=viewer, pk=pk).first()


def unread_count(user) -> int:
    """For the header: one query."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def email_choices(user) -> dict[str, EmailMode]:
    """The person's email choice for every kind (their own, or the kind's default)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: EmailMode(chosen.get(kind, spec.default_email)) for kind, spec in KINDS.items()}
