"""Reads of what is written for a scheme year."""

from __future__ import annotations

from config.pages import found, require

from .models import LegalText, SchemeYear


def scheme_year_get(year: int) -> SchemeYear | None:
    return SchemeYear.objects.filter(year=year).first()


def scheme_year_or_404(year: int, *, allowed: bool = True) -> SchemeYear:
    """The year a page is about: 403 for a person who may not see the page (``allowed``), then
    404 for a year that does not exist."""
    require(allowed)
    return found(scheme_year_get(year))


def legal_texts(scheme_year: SchemeYear, *, language: str = "nb") -> dict[str, str]:
    """The year's legal wording by key, in bokmål or nynorsk (``nn``). A key the year lacks falls
    back to the template, so a letter never cites nothing."""
    texts = {t.key: t.in_language(language) for t in LegalText.objects.filter(scheme_year=None)}
    texts.update(
        {t.key: t.in_language(language) for t in LegalText.objects.filter(scheme_year=scheme_year)}
    )
    return texts


# A new vedtak's wording: its field, and the key of the year's legal text it starts from.
DECISION_WORDING = {
    "legal_basis": "hjemmel",
    "appeal_right": "klagerett",
    "appeal_body": "klageinstans",
    "appeal_instructions": "klage-slik",
    "conditions": "vilkar",
}


def decision_wording(scheme_year: SchemeYear) -> dict[str, str]:
    """The wording a new vedtak of the year starts with, by field (empty where the year has
    no such text)."""
    texts = legal_texts(scheme_year)
    return {field: texts.get(key, "") for field, key in DECISION_WORDING.items()}
