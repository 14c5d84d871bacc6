"""Template filters for Norwegian amounts and dates: ``{{ amount|kr }}`` -> ``1 234 567 kr``."""

from django import template
from django.utils.html import format_html

from config.formatting import format_kroner, format_number

register = template.Library()


@register.filter
def kr(value):
    """An amount in whole kroner, kept on one line."""
    if value is None or value == "":
        return "–"
    return format_html('<span class="amount">{}</span>', format_kroner(value))


@register.filter
def number(value):
    if value is None or value == "":
        return "–"
    return format_number(value)
