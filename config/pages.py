"""What the pages of every app share: a permission check that answers 403, a lookup that answers
404, how a posted action or form tells the person how it went, and a file to download (not named
``views``: only URL configuration imports views)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header

from .errors import DomainError

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

T = TypeVar("T")


def require(allowed: bool) -> None:
    """403 unless the person may."""
    if not allowed:
        raise PermissionDenied


def found(obj: T | None) -> T:
    """The object a page is about; 404 when there is none."""
    if obj is None:
        raise Http404
    return obj


@dataclass(frozen=True)
class Outcome:
    """How a posted action went: true when the service ran, with what it returned (``result``;
    a service that returns nothing gives None, so ask the outcome, not the result)."""

    done: bool
    result: Any = None

    def __bool__(self) -> bool:
        return self.done


#: A success message, or how to make it from what the service returned.
Success: TypeAlias = "StrOrPromise | Callable[[Any], StrOrPromise]"


def attempt(
    request, action: Callable[[], Any], success: Success, refused: Callable[[DomainError], None]
) -> Outcome:
    """Run a posted action (a service call): a refusal (``DomainError``) goes to ``refused``; a
    success queues the message ``success`` (or ``success(result)``, from what it returned)."""
    try:
        result = action()
    except DomainError as error:
        refused(error)
        return Outcome(False)
    messages.success(request, success(result) if callable(success) else success)
    return Outcome(True, result)


def act(request, action: Callable[[], Any], success: Success) -> Outcome:
    """A posted action with no form to show again: a refusal becomes an error message on the
    next page. The caller redirects."""
    return attempt(request, action, success, lambda error: messages.error(request, error.message))


class DomainErrorForm(Protocol):
    """A form that can show a service's refusal on itself (the apps' base forms)."""

    cleaned_data: dict[str, Any]

    def is_valid(self) -> bool: ...

    def add_domain_error(self, error: DomainError) -> None: ...


def form_saved(
    request, form: DomainErrorForm, save: Callable[[dict[str, Any]], Any], success: Success
) -> Outcome:
    """The usual handling of a posted form: when it is valid, ``save(form.cleaned_data)`` calls
    the service. A refusal (``DomainError``) is shown on the form; a success queues the message
    ``success`` (or ``success(result)``). True when it was saved (the caller redirects;
    ``.result`` is what the service returned); false to show the form again."""
    if request.method != "POST" or not form.is_valid():
        return Outcome(False)
    return attempt(request, lambda: save(form.cleaned_data), success, form.add_domain_error)


def download(content: bytes, filename: str, content_type: str, *, private: bool = True):
    """A file to save (not to show inline); a private one is never kept by a shared cache."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-cache" if private else "public, max-age=300"
    return response
