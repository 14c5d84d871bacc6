"""Reads about the money after the vedtak: a case's payout plan, the year's payout batches, and
unused money settled or carried in."""

from __future__ import annotations

from django.db.models import QuerySet

from grants.models import PayoutBatch, PayoutInstalment, SchemeYear, Settlement

from ..models import Case


def case_instalments(case: Case) -> list[PayoutInstalment]:
    """The payout plan of the case's vedtak (every vedtak made, the replaced ones' too)."""
    return list(
        PayoutInstalment.objects.filter(
            decision__scheme_year_id=case.scheme_year_id, decision__network_id=case.network_id
        )
        .select_related("batch__scheme_year", "decision")
        .order_by("decision_id", "university_id", "due_on", "pk")
    )


def case_settlement(case: Case) -> Settlement | None:
    if case.report_id is None:
        return None
    return Settlement.objects.filter(report_id=case.report_id).first()


def carried_in(case: Case) -> list[Settlement]:
    """Money carried into this case from the network's previous year."""
    return list(
        Settlement.objects.filter(
            network_id=case.network_id,
            kind=Settlement.Kind.CARRY_OVER,
            carried_to_year=case.scheme_year.year,
        ).select_related("scheme_year")
    )


def payout_batches(scheme_year: SchemeYear) -> QuerySet[PayoutBatch]:
    from django.db.models import Count, Sum

    return (
        PayoutBatch.objects.filter(scheme_year=scheme_year)
        .select_related("scheme_year", "created_by", "paid_by")
        .annotate(total=Sum("instalments__amount"), count=Count("instalments"))
        .order_by("-number")
    )


def batch_instalments(batch: PayoutBatch) -> list[PayoutInstalment]:
    return list(
        batch.instalments.select_related(
            "decision__network", "decision__scheme_year", "owner", "university"
        ).order_by("decision__network__name", "university_id", "due_on", "pk")
    )
