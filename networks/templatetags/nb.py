"""Template filters for Norwegian amounts and dates: ``{{ amount|kr }}`` -> ``1 234 567 kr``."""

import re

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from config.formatting import format_kroner, format_number

register = template.Library()

NBSP = "\u00a0"
#: A space inside an amount in running text: between digit groups ("815 074") and before "kr".
_AMOUNT_SPACE = re.compile(r"(?<=\d) (?=\d{3}(?!\d)|kr\b)")


def unbreakable(text: str) -> str:
    """The amount's spaces made non-breaking, so ``1 234 567 kr`` never breaks across lines."""
    return _AMOUNT_SPACE.sub(NBSP, text)


@register.filter
def kr(value):
    """An amount in whole kroner, kept on one line."""
    if value is None or value == "":
        return "–"
    return format_html('<span class="amount">{}</span>', unbreakable(format_kroner(value)))


@register.filter
def number(value):
    if value is None or value == "":
        return "–"
    return unbreakable(format_number(value))


@register.filter(needs_autoescape=True)
def amounts_nowrap(value, autoescape=True):
    """Running text (an event in the history) with its amounts kept on one line."""
    text = conditional_escape(value) if autoescape else str(value)
    return mark_safe(unbreakable(str(text)))
