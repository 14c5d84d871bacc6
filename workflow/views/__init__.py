"""The workflow's pages. Thin: parse input, call a service or selector, render."""

from .basis import (
    budget_line_delete,
    budget_line_edit,
    decision_basis_edit,
    measure_delete,
    measure_edit,
)
from .cases import (
    appeal_lodge,
    case_action,
    case_detail,
    case_documents,
    case_history,
    case_list,
    decision_basis_reopen,
    local_deadline_set,
    refusal_prepare,
    settlement_delivery_correct,
    year_overview,
)
from .decisions import (
    appeal_decide,
    appeal_late,
    appeal_ruling,
    decision_decide,
    decision_detail,
    decision_propose,
    delivery_correct,
)
from .forum import (
    conflict_declare,
    recommendation,
    recommendation_line,
    recommendation_submit,
    supplement_recommend,
)
from .home import home
from .money import (
    payout_batch_detail,
    payout_batch_export,
    payout_batches,
    payout_plan,
    report_control,
)
from .needs import needs_report_detail, needs_report_edit, needs_report_list
from .reports import report_edit
from .years import scheme_year_close, scheme_year_create, scheme_year_edit

__all__ = [
    "appeal_decide",
    "appeal_late",
    "appeal_lodge",
    "appeal_ruling",
    "budget_line_delete",
    "budget_line_edit",
    "case_action",
    "case_detail",
    "case_documents",
    "case_history",
    "case_list",
    "conflict_declare",
    "decision_basis_edit",
    "decision_basis_reopen",
    "decision_decide",
    "decision_detail",
    "decision_propose",
    "delivery_correct",
    "home",
    "local_deadline_set",
    "measure_delete",
    "measure_edit",
    "needs_report_detail",
    "needs_report_edit",
    "needs_report_list",
    "payout_batch_detail",
    "payout_batch_export",
    "payout_batches",
    "payout_plan",
    "recommendation",
    "recommendation_line",
    "recommendation_submit",
    "refusal_prepare",
    "report_control",
    "report_edit",
    "scheme_year_close",
    "scheme_year_create",
    "scheme_year_edit",
    "settlement_delivery_correct",
    "supplement_recommend",
    "year_overview",
]
