"""The outcomes of a case besides a grant (issue 12): a refusal (avslag) and a withdrawal.

A refusal is a vedtak like a grant (``Decision`` of kind ``avslag``, no amount): prepared here as
a draft with the year's legal texts, edited on the vedtak page and made by ``decision_decide``
(the ``refuse`` step), with its letter, deliveries and appeal right. A withdrawal is the
network's own step (``withdraw``), with its reason.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from config.errors import DomainError
from grants.events import document_event
from grants.models import Decision
from grants.selectors import decision_wording, legal_texts
from networks.models import User

from .. import permissions as perms
from .. import rules
from ..messages import REASONS_REQUIRED
from ..models import BEFORE_VEDTAK, Case
from ._common import _wrong_state, run_step

#: The legal text whose wording fills a new refusal's reasons, by what the network has sent.
REFUSAL_REASON_KEYS = {True: "avslag-ikke-sendt", False: "avslag-kriterier"}


def refusal_reasons_default(case: Case) -> str:
    """The year's standard reasons for refusing this case (editable legal text)."""
    key = REFUSAL_REASON_KEYS[case.state in rules.NOTHING_SENT]
    return legal_texts(case.scheme_year).get(key, "")


@transaction.atomic
def refusal_prepare(*, actor: User, case: Case, reasons: str) -> Decision:
    """Draft a refusal for the case, with the reasons: the draft vedtak the forum's innstilling
    made (if any) becomes the refusal, else a new draft is made. It is decided as any vedtak."""
    if not perms.can_decide(actor, case):
        raise PermissionDenied
    with rules.remembering(case):
        if case.state not in BEFORE_VEDTAK:
            raise _wrong_state(case)
        if rules.decided(case):
            raise DomainError(_("Det er allerede fattet vedtak i saken."), code="decided")
        if rules.draft_refusal(case) is not None:
            raise DomainError(
                _("Det finnes allerede et utkast til avslag. Rediger det på vedtakssiden."),
                code="drafted",
            )
        problems = rules.refusal_problems(case)
        if problems:
            raise DomainError(" ".join(problems), code="conditions")
        if not reasons.strip():
            raise DomainError(REASONS_REQUIRED, field="reasons")
        draft = rules.draft_decision(case)
        if draft is None:
            draft = Decision(
                scheme_year=case.scheme_year,
                network=case.network,
                frame=rules.case_frame(case),
                **decision_wording(case.scheme_year),
            )
        draft.kind = Decision.Kind.REFUSAL
        draft.amount = 0
        draft.uh_amount = 0
        draft.conditions = ""
        draft.report_deadline = None
        draft.departure_reason = ""
        draft.reasons = reasons.strip()
        draft.save()
    document_event(
        case,
        "refusal_prepared",
        _("Utkast til avslag for %(network)s.") % {"network": case.network.name},
        actor=actor,
        subject=draft,
    )
    return draft


def case_withdraw(*, actor: User, case: Case, comment: str) -> Case:
    """The network withdraws its case before the vedtak; a draft vedtak is dropped."""

    def drop_drafts() -> None:
        rules.decisions_of(case).filter(status=Decision.Status.DRAFT).delete()

    return run_step(case, "withdraw", actor=actor, comment=comment, before_save=drop_drafts)
