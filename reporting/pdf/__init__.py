"""PDF documents of the grant scheme, rendered from plain data (no Django in here).

Each ``render_*`` function takes one of the frozen dataclasses from ``reporting.pdf.data`` and
returns the PDF as ``bytes``.
"""

from reporting.pdf.data import (
    AllocationRow,
    AllocationTableData,
    DecisionLetterData,
    Issuer,
    JointMeasure,
    RecommendationData,
    RecommendationRow,
    Signatory,
    YearReportData,
    YearReportRow,
)
from reporting.pdf.documents import (
    render_allocation_table,
    render_recommendation,
    render_year_report,
)
from reporting.pdf.letters import (
    ELECTRONIC_APPROVAL,
    decision_letter_copy,
    decision_letter_title,
    render_decision_letter,
)

__all__ = [
    "ELECTRONIC_APPROVAL",
    "AllocationRow",
    "AllocationTableData",
    "DecisionLetterData",
    "Issuer",
    "JointMeasure",
    "RecommendationData",
    "RecommendationRow",
    "Signatory",
    "YearReportData",
    "YearReportRow",
    "decision_letter_copy",
    "decision_letter_title",
    "render_allocation_table",
    "render_decision_letter",
    "render_recommendation",
    "render_year_report",
]
