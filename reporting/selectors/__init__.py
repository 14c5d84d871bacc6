"""Reads for reporting, one module per thing it feeds: decision letters, the year's rows and
dashboard, the year's PDFs, open data and exports. Every list is read in a fixed number of queries;
amounts come from the workflow's one annotation (``workflow.amounts``)."""

from workflow.amounts import MADE, REPORTED, with_amounts

from .common import (
    CASE_OFFICER_TITLE,
    FORUM,
    NO_UH_PARTNER,
    REPORT_INSTRUCTIONS,
    STATSFORVALTEREN,
    forum,
    scheme_year_get,
    scheme_year_list,
    statsforvalteren,
)
from .documents import (
    allocation_table_data,
    recommendation_data,
    year_documents_ready,
    year_report_data,
)
from .exports import allocation_export_queryset, case_export_queryset, report_export_queryset
from .letters import (
    appeal_letter_data,
    appeals_missing_letters,
    decision_for_letter,
    decision_letter_data,
    decision_parties,
    decision_reference,
    decisions_missing_letters,
    letter_batch_latest,
    letter_body_context,
    letter_body_html,
    letter_failures,
    letter_get,
    party_language,
    uh_partner_names,
    year_letters,
)
from .open_data import OPEN_DATA_COLUMNS, OpenData, OpenDataRow, open_data, published_years
from .repayment import repayment_claim_letters
from .year import Dashboard, Deadline, YearRow, dashboard, deadline_status, year_rows

__all__ = [
    "CASE_OFFICER_TITLE",
    "FORUM",
    "MADE",
    "NO_UH_PARTNER",
    "OPEN_DATA_COLUMNS",
    "REPORTED",
    "REPORT_INSTRUCTIONS",
    "STATSFORVALTEREN",
    "Dashboard",
    "Deadline",
    "OpenData",
    "OpenDataRow",
    "YearRow",
    "allocation_export_queryset",
    "allocation_table_data",
    "appeal_letter_data",
    "appeals_missing_letters",
    "case_export_queryset",
    "dashboard",
    "deadline_status",
    "decision_for_letter",
    "decision_letter_data",
    "decision_parties",
    "decision_reference",
    "decisions_missing_letters",
    "forum",
    "letter_batch_latest",
    "letter_body_context",
    "letter_body_html",
    "letter_failures",
    "letter_get",
    "open_data",
    "party_language",
    "published_years",
    "recommendation_data",
    "repayment_claim_letters",
    "report_export_queryset",
    "scheme_year_get",
    "scheme_year_list",
    "statsforvalteren",
    "uh_partner_names",
    "with_amounts",
    "year_documents_ready",
    "year_letters",
    "year_report_data",
    "year_rows",
]
