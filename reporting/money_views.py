"""The ledger page and the repayment claim's letter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from config.pages import download
from grants.selectors import scheme_year_or_404

from . import permissions as perms
from .repayment import repayment_letter_bytes
from .selectors.ledger import ledger
from .selectors.repayment import repayment_letter_filename, settlement_for_letter


@require_GET
@login_required
def ledger_page(request, year: int):
    scheme_year = scheme_year_or_404(year, allowed=perms.can_manage_payouts(request.user))
    return render(
        request,
        "reporting/ledger.html",
        {"scheme_year": scheme_year, "ledger": ledger(scheme_year)},
    )


@require_GET
@login_required
def repayment_letter(request, pk: int):
    settlement = settlement_for_letter(pk)
    if settlement is None or not perms.can_view_repayment_letter(request.user, settlement):
        raise Http404
    return download(
        repayment_letter_bytes(settlement, actor=request.user),
        repayment_letter_filename(settlement),
        "application/pdf",
    )
