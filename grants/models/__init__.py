"""What is written for a scheme year, one module per document (and the records kept of them)."""

from ..records.models import Attachment, JournalCorrection, JournalEntry, NumberSequence
from .decision import Appeal, Criterion, CriterionAssessment, Decision, DeliveryRecord
from .documents import BudgetLine, DecisionBasis, Measure, NeedsReport
from .letter import Letter
from .money import PayoutBatch, PayoutInstalment, Settlement
from .recommendation import ConflictOfInterest, Recommendation, RecommendationLine
from .report import Report, ReportCost, ReportMeasure
from .year import (
    LegalText,
    LocalDeadline,
    SchemeYear,
    TargetGroup,
    VersionedDocument,
    default_deadlines,
    joint_share_constraints,
    numbered_within_year,
    one_per_network_and_year,
    one_per_year,
)

__all__ = [
    "Appeal",
    "Attachment",
    "BudgetLine",
    "ConflictOfInterest",
    "Criterion",
    "CriterionAssessment",
    "Decision",
    "DecisionBasis",
    "DeliveryRecord",
    "JournalCorrection",
    "JournalEntry",
    "LegalText",
    "Letter",
    "LocalDeadline",
    "Measure",
    "NeedsReport",
    "NumberSequence",
    "PayoutBatch",
    "PayoutInstalment",
    "Recommendation",
    "RecommendationLine",
    "Report",
    "ReportCost",
    "ReportMeasure",
    "SchemeYear",
    "Settlement",
    "TargetGroup",
    "VersionedDocument",
    "default_deadlines",
    "joint_share_constraints",
    "numbered_within_year",
    "one_per_network_and_year",
    "one_per_year",
]
