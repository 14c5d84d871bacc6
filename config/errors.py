"""The one domain error type. Services raise it with a Norwegian message a person can act on;
views show the message, tests import the message constants from the raising module."""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    """A rule of the scheme was broken; nothing was written."""

    def __init__(
        self, message: str | Promise, *, code: str = "invalid", field: str | None = None
    ) -> None:
        # A lazy translation (gettext_lazy constant) becomes text in the language active now.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message
