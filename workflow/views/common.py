"""What every workflow page shares: the page context (today), the error summary, paging."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from config.pages import found
from grants.messages import YEAR_CLOSED_NOTICE
from grants.models import Decision, SchemeYear

from .. import selectors
from ..forms import CommentForm, NbForm
from ..models import Case

PAGE_PARAM = "side"


def today():
    return timezone.localdate()


def error_summary(*forms) -> list[dict]:
    items: list[dict] = []
    for form in forms:
        if isinstance(form, NbForm):
            items += form.error_summary()
    return items


def year_closed_notice(context: dict) -> str:
    """The notice for a page about a closed year or one of its objects (a case, a document)."""
    for key in ("scheme_year", "case", "decision", "report"):
        value = context.get(key)
        scheme_year = (
            value if isinstance(value, SchemeYear) else getattr(value, "scheme_year", None)
        )
        if isinstance(scheme_year, SchemeYear):
            if scheme_year.closed_at is None:
                return ""
            return str(YEAR_CLOSED_NOTICE % {"year": scheme_year.year})
    return ""


def page(request, template: str, context: dict, *, status: int = 200):
    """Render a workflow page; every NbForm in the context feeds the error summary at the top, and
    a page of a closed year says that nothing in it can change."""
    forms = [v for v in context.values() if isinstance(v, NbForm)]
    forms += [f for f in context.get("extra_forms", ()) if isinstance(f, NbForm)]
    context = {
        "today": today(),
        "error_summary": error_summary(*forms),
        "year_closed_notice": year_closed_notice(context),
        **context,
    }
    return render(request, template, context, status=status)


def paginate(request, items, per_page: int = selectors.PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def case_or_404(request, pk: int, *, may: Callable[[Any, Case], bool] | None = None) -> Case:
    """The case if the person may see it; another network's case answers like a missing one.
    With ``may``, a person who sees the case but may not do this (``may(user, case)``) is
    refused (403)."""
    case = found(selectors.case_get(viewer=request.user, pk=pk))
    if may is not None and not may(request.user, case):
        raise PermissionDenied
    return case


def decision_or_404(request, pk: int) -> tuple[Decision, Case]:
    """The vedtak and its case if the person may see them."""
    return found(selectors.decision_get(viewer=request.user, pk=pk))


def submit_step(request, case, name: str) -> dict[str, Any]:
    """An editor page's step that sends the document on (``name``): ``submit_action`` with its
    comment form (``submit_form``) when the person may take it now, else None; ``blocked``, what
    keeps the step from being taken."""
    actions, blocked = selectors.case_actions(request.user, case, today())
    submit = [a for a in actions if a.name == name]
    return {
        "submit_action": submit[0] if submit else None,
        "submit_form": CommentForm(action=name) if submit else None,
        "blocked": [b for b in blocked if b.name == name],
    }


def list_filters(request, form_class) -> tuple[Any, dict[str, Any]]:
    """A list page's filter form (the years, and the networks the viewer may see) and what is
    chosen in it, as the list selector's keyword arguments (nothing before it is used)."""
    filters = form_class(
        request.GET or None,
        years=list(selectors.scheme_years().values_list("year", flat=True)),
        networks=selectors.visible_networks(request.user),
    )
    if not request.GET:
        return filters, {}
    return filters, {name: value or None for name, value in filters.values().items()}
