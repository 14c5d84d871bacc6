"""Forms for the workflow pages, one module per document (see ``base`` for what they share)."""

from .base import (
    AmountField,
    AmountInput,
    DateInput,
    NbDateField,
    NbDecimalField,
    NbForm,
    VersionedForm,
    checkboxes,
    text_area,
)
from .basis import CRITERIA_FIELDS, BudgetLineForm, DecisionBasisForm, DeleteForm, MeasureForm
from .case import CommentForm, LocalDeadlineForm, ReopenForm
from .decision import (
    AppealDecideForm,
    AppealForm,
    AppealLateForm,
    AppealRulingForm,
    DecisionForm,
    DeliveryCorrectForm,
    ReceivedOnForm,
    RefusalForm,
)
from .filters import CaseFilterForm, FilterForm, NeedsReportFilterForm
from .forum import (
    ConflictForm,
    RecommendationForm,
    RecommendationLineForm,
    RecommendationSubmitForm,
    SupplementForm,
)
from .needs import NeedsReportForm
from .report import ReportForm
from .year import SchemeYearForm

__all__ = [
    "CRITERIA_FIELDS",
    "AmountField",
    "AmountInput",
    "AppealDecideForm",
    "AppealForm",
    "AppealLateForm",
    "AppealRulingForm",
    "BudgetLineForm",
    "CaseFilterForm",
    "CommentForm",
    "ConflictForm",
    "DateInput",
    "DecisionBasisForm",
    "DecisionForm",
    "DeleteForm",
    "DeliveryCorrectForm",
    "FilterForm",
    "LocalDeadlineForm",
    "MeasureForm",
    "NbDateField",
    "NbDecimalField",
    "NbForm",
    "NeedsReportFilterForm",
    "NeedsReportForm",
    "ReceivedOnForm",
    "RecommendationForm",
    "RecommendationLineForm",
    "RecommendationSubmitForm",
    "RefusalForm",
    "ReopenForm",
    "ReportForm",
    "SchemeYearForm",
    "SupplementForm",
    "VersionedForm",
    "checkboxes",
    "text_area",
]
