"""What every workflow page shares: the page context (today), the error summary, paging."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from grants.models import SchemeYear

from .. import selectors
from ..forms import NbForm

PAGE_PARAM = "side"


def today():
    return timezone.localdate()


def error_summary(*forms) -> list[dict]:
    items: list[dict] = []
    for form in forms:
        if isinstance(form, NbForm):
            items += form.error_summary()
    return items


def page(request, template: str, context: dict, *, status: int = 200):
    """Render a workflow page; every NbForm in the context feeds the error summary at the top."""
    forms = [v for v in context.values() if isinstance(v, NbForm)]
    forms += [f for f in context.get("extra_forms", ()) if isinstance(f, NbForm)]
    context = {
        "today": today(),
        "error_summary": error_summary(*forms),
        **context,
    }
    return render(request, template, context, status=status)


def paginate(request, items, per_page: int = selectors.PAGE_SIZE):
    return Paginator(items, per_page).get_page(request.GET.get(PAGE_PARAM))


def case_or_404(request, pk: int):
    """The case if the person may see it; another network's case answers like a missing one."""
    case = selectors.case_get(viewer=request.user, pk=pk)
    if case is None:
        raise Http404
    return case


def scheme_year_or_404(year: int) -> SchemeYear:
    scheme_year = SchemeYear.objects.filter(year=year).first()
    if scheme_year is None:
        raise Http404
    return scheme_year
