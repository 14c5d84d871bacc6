"""PDF documents of the grant scheme, rendered from plain data (no Django in here).

Each ``render_*`` function takes one of the frozen dataclasses from ``reporting.pdf.data`` and
returns the PDF as ``bytes``.
"""

from reporting.pdf.data import (
    AllocationRow,
    AllocationTableData,
    AppealLetterData,
    Assessment,
    DecisionLetterData,
    Issuer,
    JointMeasure,
    LetterFacts,
    Party,
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
from reporting.pdf.layout import Block, recipient_lines, reference_pairs
from reporting.pdf.letters import (
    ELECTRONIC_APPROVAL,
    appeal_letter_blocks,
    appeal_letter_title,
    decision_letter_blocks,
    decision_letter_title,
    letter_file_stem,
    render_appeal_letter,
    render_decision_letter,
)

__all__ = [
    "ELECTRONIC_APPROVAL",
    "AllocationRow",
    "AllocationTableData",
    "AppealLetterData",
    "Assessment",
    "Block",
    "DecisionLetterData",
    "Issuer",
    "JointMeasure",
    "LetterFacts",
    "Party",
    "RecommendationData",
    "RecommendationRow",
    "Signatory",
    "YearReportData",
    "YearReportRow",
    "appeal_letter_blocks",
    "appeal_letter_title",
    "decision_letter_blocks",
    "decision_letter_title",
    "letter_file_stem",
    "recipient_lines",
    "reference_pairs",
    "render_allocation_table",
    "render_appeal_letter",
    "render_decision_letter",
    "render_recommendation",
    "render_year_report",
]
