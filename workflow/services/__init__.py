"""Every write that moves a case or edits its documents, one module per document.

Each service checks the actor's permission (django-fsm-2 does not enforce ``permission=``), checks
the rules with messages a person can act on, runs the transition and saves inside one transaction
with optimistic locking (a case changed by someone else meanwhile is refused, never overwritten),
records events, and queues side effects with ``transaction.on_commit``. A step of the case is taken
through ``run_step``, which reads who may and what blocks it from the step table
(``workflow.steps``).
"""

from ..rules import decision_basis_deadline, decision_basis_submit_problems, needs_deadline
from ._common import _today, bump_version, run_step
from .appeal import (
    appeal_decide,
    appeal_dismiss,
    appeal_is_late,
    appeal_late_consider,
    appeal_lodge,
    appeal_ruling_register,
)
from .basis import (
    BASIS_FIELDS,
    MEASURE_FIELDS,
    budget_line_delete,
    budget_line_save,
    decision_basis_reopen,
    decision_basis_return,
    decision_basis_start,
    decision_basis_submit,
    decision_basis_update,
    measure_delete,
    measure_save,
)
from .closing import scheme_year_close
from .decision import (
    DECISION_FIELDS,
    decision_assess,
    decision_decide,
    decision_propose,
    decision_update,
)
from .delivery import (
    deliveries_create,
    delivery_claim,
    delivery_correct,
    delivery_release,
    delivery_sent,
    notified_on_refresh,
    settlement_delivery_claim,
    settlement_delivery_correct,
    settlement_delivery_release,
    settlement_delivery_sent,
    unsent_email_deliveries,
    unsent_settlement_deliveries,
)
from .needs import NEEDS_FIELDS, local_deadline_set, needs_report_save, needs_report_submit
from .outcome import case_withdraw, refusal_prepare, refusal_reasons_default
from .payout import (
    payout_batch_create,
    payout_batch_due,
    payout_batch_mark_paid,
    payout_instalments_set,
    payout_plan_create,
    payout_settings_set,
    payout_shares,
)
from .recommendation import (
    conflict_declare,
    recommendation_for,
    recommendation_line_set,
    recommendation_return,
    recommendation_submit,
    recommendation_update,
)
from .report import (
    report_approve,
    report_interim_approve,
    report_return,
    report_submit,
    report_update,
    reporting_open,
)
from .settlement import report_control, settlement_decide, settlement_problems
from .supplement import supplement_recommend
from .year import cases_ensure, scheme_year_open

__all__ = [
    "BASIS_FIELDS",
    "DECISION_FIELDS",
    "MEASURE_FIELDS",
    "NEEDS_FIELDS",
    "_today",
    "appeal_decide",
    "appeal_dismiss",
    "appeal_is_late",
    "appeal_late_consider",
    "appeal_lodge",
    "appeal_ruling_register",
    "budget_line_delete",
    "budget_line_save",
    "bump_version",
    "case_withdraw",
    "cases_ensure",
    "conflict_declare",
    "decision_assess",
    "decision_basis_deadline",
    "decision_basis_reopen",
    "decision_basis_return",
    "decision_basis_start",
    "decision_basis_submit",
    "decision_basis_submit_problems",
    "decision_basis_update",
    "decision_decide",
    "decision_propose",
    "decision_update",
    "deliveries_create",
    "delivery_claim",
    "delivery_correct",
    "delivery_release",
    "delivery_sent",
    "local_deadline_set",
    "measure_delete",
    "measure_save",
    "needs_deadline",
    "needs_report_save",
    "needs_report_submit",
    "notified_on_refresh",
    "payout_batch_create",
    "payout_batch_due",
    "payout_batch_mark_paid",
    "payout_instalments_set",
    "payout_plan_create",
    "payout_settings_set",
    "payout_shares",
    "recommendation_for",
    "recommendation_line_set",
    "recommendation_return",
    "recommendation_submit",
    "recommendation_update",
    "refusal_prepare",
    "refusal_reasons_default",
    "report_approve",
    "report_control",
    "report_interim_approve",
    "report_return",
    "report_submit",
    "report_update",
    "reporting_open",
    "run_step",
    "scheme_year_close",
    "scheme_year_open",
    "settlement_decide",
    "settlement_delivery_claim",
    "settlement_delivery_correct",
    "settlement_delivery_release",
    "settlement_delivery_sent",
    "settlement_problems",
    "supplement_recommend",
    "unsent_email_deliveries",
    "unsent_settlement_deliveries",
]
