"""What a person may do with a case right now, read off the step table (``workflow.steps``).

A step is offered when the state machine allows it from the case's stage, the row's ``may`` says
the person may take it and the row's ``offered`` holds; if its ``problems`` are not empty it is
shown as blocked, with the reasons, instead. The services check the same ``may`` and ``problems``
(``workflow.services.run_step``), so a page never offers a button the service would refuse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django_fsm import can_proceed

from grants.locks import year_is_closed

from ..links import CORRECTION_TARGETS, LINKS, Link
from ..models import Case
from ..rules import decision_problems
from ..rules import today as _today
from ..steps import STEPS, Step, step


@dataclass
class Action:
    """Something the signed-in person may do with a case right now.

    ``kind`` is "post" (a button posting to ``url``, with a comment field when ``comment`` is
    "required" or "optional") or "link" (a page with its own form).
    """

    name: str
    label: str
    kind: str
    url: str
    comment: str | None = None
    help: str = ""
    primary: bool = False
    target_id: int | None = None


@dataclass
class Blocked:
    """An action the person has the right to take in this stage, but a rule stops it for now."""

    name: str
    label: str
    problems: list[str] = field(default_factory=list)


def _in_stage(row: Step, case: Case) -> bool:
    return can_proceed(getattr(case, row.name), check_conditions=False)


def _post(row: Step, case: Case, target: Any = None) -> Action:
    return Action(
        name=row.name,
        label=str(row.label),
        kind="post",
        url=row.post_url(case, target),
        comment=row.comment,
        help=str(row.help),
        primary=row.primary,
        target_id=getattr(target, "pk", None),
    )


def _blocked(row: Step, problems: list[str]) -> Blocked:
    return Blocked(row.name, str(row.blocked_label or row.label), [str(p) for p in problems])


def _step_actions(user: Any, case: Case) -> tuple[list[Action], list[Blocked]]:
    actions: list[Action] = []
    blocked: list[Blocked] = []
    for row in STEPS:
        if not row.on_case_page or not _in_stage(row, case) or not row.may(user, case):
            continue
        if row.offered is not None and not row.offered(case):
            continue
        problems = row.problems(case, user)
        if problems:
            blocked.append(_blocked(row, problems))
        else:
            actions.append(_post(row, case, row.target(case) if row.target else None))
    return actions, blocked


def _link_label(link: Link, target: Any) -> str:
    return str(link.label(target) if callable(link.label) else link.label)


def _link_actions(user: Any, case: Case, today: dt.date) -> tuple[list[Action], list[Blocked]]:
    actions: list[Action] = []
    blocked: list[Blocked] = []
    for link in LINKS:
        if link.states is not None and case.state not in link.states:
            continue
        if not link.may(user, case):
            continue
        reason = link.refused(user, case) if link.refused else None
        if reason:
            blocked.append(Blocked(link.name, _link_label(link, None), [str(reason)]))
            continue
        targets = link.targets(case, today) if link.targets else [case]
        for target in targets:
            actions.append(
                Action(
                    name=link.name,
                    label=_link_label(link, target),
                    kind="link",
                    url=link.url(case, target),
                    primary=link.primary,
                    target_id=None if target is case else getattr(target, "pk", None),
                )
            )
    return actions, blocked


def _correction_actions(
    user: Any, case: Case, today: dt.date
) -> tuple[list[Action], list[Blocked]]:
    """A new vedtak after an upheld appeal: the ``decide`` step acting on that draft, taken after
    the case has moved on (so outside the state machine)."""
    row = step("decide")
    if not row.may(user, case):
        return [], []
    actions: list[Action] = []
    blocked: list[Blocked] = []
    for draft in CORRECTION_TARGETS(case, today):
        problems = decision_problems(draft)
        if problems:
            blocked.append(_blocked(row, problems))
        else:
            actions.append(_post(row, case, draft))
    return actions, blocked


def case_actions(
    user: Any, case: Case, today: dt.date | None = None
) -> tuple[list[Action], list[Blocked]]:
    """What the person may do with the case now, and what they may do but a rule blocks, with
    the reasons: links to the pages with forms first, then the steps, as the page shows them."""
    if year_is_closed(case):
        return [], []
    today = today or _today()
    link_actions, link_blocked = _link_actions(user, case, today)
    step_actions, step_blocked = _step_actions(user, case)
    fix_actions, fix_blocked = _correction_actions(user, case, today)
    return (
        link_actions + step_actions + fix_actions,
        link_blocked + step_blocked + fix_blocked,
    )


def available_actions(user: Any, case: Case, today: dt.date | None = None) -> list[Action]:
    """What the signed-in person may do with the case now; each one the service would accept."""
    return case_actions(user, case, today)[0]


def blocked_actions(user: Any, case: Case, today: dt.date | None = None) -> list[Blocked]:
    """Steps the person is responsible for now but cannot take yet, with the reasons."""
    return case_actions(user, case, today)[1]
