"""Designsystemet markup for Django form fields: ``{{ field|ds_widget }}``.

The widget gets Designsystemet's ``ds-input`` class and is described by its help text and its
error message, so a screen reader reads the error at the field as well as in the summary.
"""

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def ds_widget(field: BoundField):
    if field.is_hidden:
        return field
    attrs: dict[str, str | bool] = {}
    existing = field.field.widget.attrs.get("class", "")
    if field.widget_type not in ("clearablefile", "file"):
        attrs["class"] = f"{existing} ds-input".strip()
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        described_by.append(f"{field.auto_id}_error")
        attrs["aria-invalid"] = "true"
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
