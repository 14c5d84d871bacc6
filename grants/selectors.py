"""Reads of what is written for a scheme year."""

from __future__ import annotations

from .models import LegalText, SchemeYear


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
