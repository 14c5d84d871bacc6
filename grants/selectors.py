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
