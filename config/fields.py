"""The one set of Norwegian input fields: whole kroner, decimals and dates as people type them.

Every form in the product (allocation, scheme years, decision bases, vedtak, reports) uses these,
so ``1 234 567``, ``1 234 567 kr``, ``1.234.567`` and ``12,5`` are read the same everywhere.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .formatting import MONTHS_NB, format_number

#: The largest amount a ``PositiveBigIntegerField`` holds.
MAX_AMOUNT = 2**63 - 1

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_AMOUNT_AFFIX = re.compile(r"^(?:kr\.?|nok)\s*|\s*(?:kr\.?|nok|,-|,–)$", re.IGNORECASE)
_DOT_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")


class AmountInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "autocomplete": "off", "class": "amount-input"}
        super().__init__({**base, **(attrs or {})})


class AmountField(forms.Field):
    """Whole kroner. Accepts ``1 234 567``, ``1234567``, ``1 234 567 kr`` and ``1.234.567``;
    refuses øre and negative amounts with a message a person can act on."""

    widget = AmountInput
    default_error_messages = {
        "required": _("Skriv beløpet i hele kroner."),
        "invalid": _("Skriv beløpet med sifre, for eksempel 1 234 567."),
        "decimal": _("Skriv beløpet i hele kroner, uten øre."),
        "negative": _("Beløpet kan ikke være negativt."),
        "too_large": _("Beløpet er for stort."),
    }

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = _SPACES.sub("", str(value))
        previous = None
        while previous != text:
            previous, text = text, _AMOUNT_AFFIX.sub("", text).strip()
        if not text:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if text[0] in "-−–":
            raise ValidationError(self.error_messages["negative"], code="negative")
        if _DOT_THOUSANDS.match(text):
            text = text.replace(".", "")
        if re.fullmatch(r"\d*[.,]\d*", text) and re.search(r"\d", text):
            raise ValidationError(self.error_messages["decimal"], code="decimal")
        if not re.fullmatch(r"[0-9]+", text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if amount > MAX_AMOUNT:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        return amount

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int) and not isinstance(value, bool):
            return format_number(value)
        return value


class NbDecimalField(forms.DecimalField):
    """A decimal typed the Norwegian way (``12,5``, ``1 234,5``) or with a point (``12.5``)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal"}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format(value.normalize(), "f").replace(".", ",")
        return value

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        # (django-stubs types DecimalField as an IntegerField subclass returning int)
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


_NB_DATE = re.compile(r"^(\d{1,2})\.\s*([a-zæøå]+)\s+(\d{4})$", re.IGNORECASE)


class NbDateField(forms.DateField):
    """A date from the browser's date picker (ISO), or typed as 20.02.2027 or 20. februar 2027."""

    widget = DateInput
    input_formats = ["%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y"]
    default_error_messages = {
        "invalid": _("Skriv en gyldig dato, for eksempel 20.02.2027."),
    }

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, str):
            match = _NB_DATE.match(value.strip())
            if match and match.group(2).lower() in MONTHS_NB:
                day, month, year = match.groups()
                try:
                    return dt.date(int(year), MONTHS_NB.index(month.lower()) + 1, int(day))
                except ValueError as exc:
                    raise ValidationError(self.error_messages["invalid"], code="invalid") from exc
        return super().to_python(value)
