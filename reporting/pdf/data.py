"""Plain inputs for the PDF renderers.

These are frozen dataclasses on purpose: the renderers must not reach into the database, so the
caller (a selector or service in the reporting app) builds one of these from whatever it has read
and hands it over. Amounts are whole kroner as ``int``; legal wording is data, never hard-coded.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from reporting.pdf.texts import BOKMAL, LANGUAGES


def _require_language(language: str) -> None:
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {LANGUAGES}, got {language!r}")


def _as_tuples(data: object, *names: str) -> None:
    """Keep the sequences of frozen data as tuples, also when they were given as lists."""
    for name in names:
        object.__setattr__(data, name, tuple(getattr(data, name)))


def _require_amount(name: str, value: int) -> None:
    # bool is an int subclass; a True slipping in as an amount is always a bug.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be whole kroner as int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")


@dataclass(frozen=True)
class Issuer:
    """The body a document comes from, e.g. Statsforvalteren i Trøndelag."""

    name: str
    unit: str = ""
    address_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class Signatory:
    """A person who signs or handles a document."""

    name: str
    title: str
    phone: str = ""
    email: str = ""


@dataclass(frozen=True)
class Party:
    """The legal person a letter is addressed to: its name, organisation number and address."""

    name: str
    org_number: str = ""
    address_lines: tuple[str, ...] = ()
    #: "owner" (the host owner, on behalf of the network) or "university" (for its share)
    role: str = "owner"

    def __post_init__(self) -> None:
        _as_tuples(self, "address_lines")


@dataclass(frozen=True)
class Assessment:
    """Statsforvalteren's assessment of one criterion: met or not, and why."""

    criterion: str
    met: bool
    text: str


@dataclass(frozen=True)
class LetterFacts:
    """The facts a vedtak rests on: the documents' dates, the frame and how it was computed,
    and the amount applied for. Any of them may be unknown (None)."""

    basis_date: dt.date | None = None
    recommendation_date: dt.date | None = None
    applied_amount: int | None = None
    frame_base: int | None = None
    frame_pro_rata: int | None = None
    pupils: int | None = None
    children: int | None = None
    counted_on: dt.date | None = None


@dataclass(frozen=True, kw_only=True)
class LetterData:
    """What every letter about a network's year carries: who sends it and who handles it, its
    date and case reference, the year and network it is about, and its written standard."""

    issuer: Issuer
    case_officer: Signatory
    document_date: dt.date
    reference: str
    year: int
    network: str
    language: str = BOKMAL  # the written standard of the fixed texts: "nb" or "nn"

    def __post_init__(self) -> None:
        _require_language(self.language)


@dataclass(frozen=True)
class DecisionLetterData(LetterData):
    """One vedtaksbrev (enkeltvedtak) to a competence network.

    Set ``copy_to`` to the UH partner's name to render the copy that goes to the UH; the copy is
    marked "Kopi til <copy_to>" on every page. ``decision_letter_copy()`` does that for you.
    """

    uh_partner: str
    amount_granted: int
    frame: int
    recommended_amount: int
    conditions: tuple[str, ...]
    reasons: str
    legal_basis: str
    report_deadline: dt.date
    appeal_body: str
    appeal_send_to: str
    appeal_instructions: str
    appeal_weeks: int = 3
    #: the sections that give the right to appeal (the year's legal text «klage-hjemmel»)
    appeal_legal_basis: str = ""
    departure_reason: str = ""
    #: a vedtak after an appeal: the one it replaces (its reference and date) and why
    replaces_reference: str = ""
    replaces_date: dt.date | None = None
    change_reason: str = ""
    #: a tilleggstildeling: the amount added from the year's remaining money (``amount_granted``
    #: is the total with it); it replaces ``replaces_reference``
    supplement: int = 0
    network_address_lines: tuple[str, ...] = ()
    uh_share: int | None = None
    #: who receives what, as the payout plan pays it: each UH institution its share, then the
    #: network its part (through its host owner); adds up to ``amount_granted``. Without it,
    #: the UH partner(s) get ``uh_share`` together and the network the rest.
    payees: tuple[tuple[str, int], ...] = ()
    report_instructions: str = ""
    their_reference: str = ""
    approved_by: Signatory | None = None
    copy_to: str | None = None
    #: a refusal (avslag): the letter refuses the grant, with reasons and the right to appeal,
    #: and has no amounts, conditions or reporting
    refusal: bool = False
    #: the legal person the letter is addressed to (one letter per party)
    recipient: Party | None = None
    #: dokumentnummer ``2027/00042-3``; empty in a preview (nothing numbered yet)
    document_number: str = ""
    #: a preview of a draft: marked on every page as not sent
    preview: bool = False
    facts: LetterFacts = field(default_factory=LetterFacts)
    assessments: tuple[Assessment, ...] = ()
    #: the case officer who prepared the vedtak (``case_officer`` handles the case)
    prepared_by: Signatory | None = None
    #: the year's texts: the budget chapter and item, and the right of access (fvl. § 18)
    budget_basis: str = ""
    access_text: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        _as_tuples(self, "conditions", "assessments", "network_address_lines", "payees")
        for name in ("amount_granted", "frame", "recommended_amount"):
            _require_amount(name, getattr(self, name))
        if self.uh_share is not None:
            _require_amount("uh_share", self.uh_share)
            if self.uh_share > self.amount_granted:
                raise ValueError("uh_share cannot exceed amount_granted")
            if not self.payees:
                shares = ((self.uh_partner, self.uh_share), (self.network, self.network_share))
                object.__setattr__(self, "payees", shares)
        if self.payees and sum(amount for _name, amount in self.payees) != self.amount_granted:
            raise ValueError("the payees' amounts must add up to amount_granted")
        if self.appeal_weeks < 1:
            raise ValueError("appeal_weeks must be at least 1")
        if self.departs_from_recommendation and not self.departure_reason.strip():
            raise ValueError(
                "A decision that departs from the innstilling must state a departure_reason"
            )

    @property
    def departs_from_recommendation(self) -> bool:
        return not self.refusal and self.amount_granted != self.recommended_amount

    @property
    def network_share(self) -> int | None:
        if self.uh_share is None:
            return None
        return self.amount_granted - self.uh_share


@dataclass(frozen=True)
class AppealLetterData(LetterData):
    """A letter about an appeal: the dismissal (avvisning) to the party that appealed, or the
    cover letter (oversendelsesbrev) that forwards a maintained vedtak to the appeal body."""

    kind: str  # "avvisning" or "oversendelse"
    document_number: str
    recipient: Party
    appellant: str
    appeal_received: dt.date
    decision_reference: str
    decision_date: dt.date | None
    reasons: str
    appeal_body: str = ""
    appeal_legal_basis: str = ""
    appeal_weeks: int = 3
    access_text: str = ""
    copy_to: str | None = None

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.kind not in ("avvisning", "oversendelse"):
            raise ValueError(f"kind must be avvisning or oversendelse, got {self.kind!r}")


@dataclass(frozen=True)
class RecommendationRow:
    """One network's line in the innstilling."""

    network: str
    uh_partner: str
    frame: int
    recommended_amount: int
    uh_share: int

    def __post_init__(self) -> None:
        for name in ("frame", "recommended_amount", "uh_share"):
            _require_amount(name, getattr(self, name))
        if self.uh_share > self.recommended_amount:
            raise ValueError(f"{self.network}: uh_share cannot exceed recommended_amount")

    @property
    def network_share(self) -> int:
        return self.recommended_amount - self.uh_share


@dataclass(frozen=True)
class JointMeasure:
    """A fellestiltak every network takes part in, e.g. Inkluderingsanalysen."""

    name: str
    amount: int
    description: str = ""

    def __post_init__(self) -> None:
        _require_amount("amount", self.amount)


@dataclass(frozen=True)
class RecommendationData:
    """The innstilling from samarbeidsforum to Statsforvalteren for one scheme year."""

    issuer: Issuer
    recipient: str
    year: int
    meeting_date: dt.date
    document_date: dt.date
    rows: tuple[RecommendationRow, ...]
    joint_measures: tuple[JointMeasure, ...]
    decision_note: str
    reference: str = ""
    intro: str = ""
    secretariat: str = ""
    language: str = BOKMAL  # the written standard of the fixed texts: "nb" or "nn"

    def __post_init__(self) -> None:
        _require_language(self.language)
        _as_tuples(self, "rows", "joint_measures")


@dataclass(frozen=True)
class AllocationRow:
    """One network's counts and frame in the pro-rata allocation."""

    network: str
    pupils: int
    children: int
    base: int
    pro_rata: int
    frame: int

    def __post_init__(self) -> None:
        for name in ("pupils", "children", "base", "pro_rata", "frame"):
            _require_amount(name, getattr(self, name))
        if self.frame != self.base + self.pro_rata:
            raise ValueError(f"{self.network}: frame must equal base + pro_rata")


@dataclass(frozen=True)
class AllocationTableData:
    """The allocation of pre-allocated frames (forhåndstildelte rammer) for one scheme year.

    ``counts_date`` is when the counts were taken; give ``children_counts_date`` as well when the
    kindergarten count has its own date (SSB counts children on 15 December, pupils on 1 October).
    """

    issuer: Issuer
    year: int
    document_date: dt.date
    total: int
    joint_measures: int
    base_grant: int
    pupil_weight: int | Decimal
    child_weight: int | Decimal
    counts_source: str
    counts_date: dt.date
    rows: tuple[AllocationRow, ...]
    children_counts_date: dt.date | None = None
    reference: str = ""
    note: str = ""
    language: str = BOKMAL  # the written standard of the fixed texts: "nb" or "nn"

    def __post_init__(self) -> None:
        _require_language(self.language)
        _as_tuples(self, "rows")
        for name in ("total", "joint_measures", "base_grant"):
            _require_amount(name, getattr(self, name))
        if self.joint_measures > self.total:
            raise ValueError("joint_measures cannot exceed total")

    @property
    def distributable(self) -> int:
        return self.total - self.joint_measures


@dataclass(frozen=True)
class YearReportRow:
    """One network's use of its grant and what it was claimed to pay back (``reclaimed``: a
    carry-over into next year is not owed)."""

    network: str
    granted: int
    used: int
    status: str
    reclaimed: int = 0

    def __post_init__(self) -> None:
        _require_amount("granted", self.granted)
        _require_amount("used", self.used)
        _require_amount("reclaimed", self.reclaimed)

    @property
    def to_return(self) -> int:
        return self.reclaimed


@dataclass(frozen=True)
class YearReportData:
    """Statsforvalteren's overview of how the year's grants were used."""

    issuer: Issuer
    year: int
    document_date: dt.date
    rows: tuple[YearReportRow, ...] = field(default_factory=tuple)
    reference: str = ""
    intro: str = ""
    report_deadline: dt.date | None = None
    note: str = ""
    language: str = BOKMAL  # the written standard of the fixed texts: "nb" or "nn"

    def __post_init__(self) -> None:
        _require_language(self.language)
        _as_tuples(self, "rows")
