"""The one domain error type. Services raise it with a Norwegian message a person can act on;
views show the message, tests import the message constants from the raising module."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the scheme was broken; nothing was written."""

    def __init__(self, message: object, *, code: str = "invalid", field: str | None = None) -> None:
        # A str or a lazy translation (a gettext_lazy constant; not imported here: the pure
        # allocation engine imports this module) becomes text in the language active now.
        message = str(message)
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def __str__(self) -> str:
        return self.message
