"""Reads about the money after the vedtak: a case's payout plan, the year's payout batches, and
unused money settled or carried in."""

from __future__ import annotations

from django.db.models import F, Q, QuerySet

from grants.models import PayoutBatch, PayoutInstalment, SchemeYear, Settlement

from .. import rules
from ..models import Case


def case_instalments(case: Case) -> list[PayoutInstalment]:
    """The payout plan of the case's vedtak (every vedtak made, the replaced ones' too), each
    with its batch (paid when)."""
    decision_ids = [d.pk for d in rules.case_decision_list(case)]  # remembered on the case page
    if not decision_ids:
        return []
    return list(
        PayoutInstalment.objects.filter(decision_id__in=decision_ids)
        .select_related("batch")
        .order_by("decision_id", F("university_id").asc(nulls_first=True), "due_on", "pk")
    )


def case_settlements(case: Case) -> tuple[Settlement | None, list[Settlement]]:
    """In one query: the settlement of the case's report (its unused money, once approved) and
    the money carried into this case from the network's previous year, newest year first."""
    carried = Q(
        network_id=case.network_id,
        kind=Settlement.Kind.CARRY_OVER,
        carried_to_year=case.scheme_year.year,
    )
    found = carried if case.report_id is None else carried | Q(report_id=case.report_id)
    rows = list(
        Settlement.objects.filter(found)
        .select_related("scheme_year")
        .order_by("-scheme_year__year", "pk")  # one network: as its default ordering
    )
    own = [s for s in rows if case.report_id is not None and s.report_id == case.report_id]
    carried_in = [
        s
        for s in rows
        if s.kind == Settlement.Kind.CARRY_OVER
        and s.network_id == case.network_id
        and s.carried_to_year == case.scheme_year.year
    ]
    return (own[0] if own else None), carried_in


def case_settlement(case: Case) -> Settlement | None:
    if case.report_id is None:
        return None
    return Settlement.objects.filter(report_id=case.report_id).first()


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
        ).order_by(
            "decision__network__name", F("university_id").asc(nulls_first=True), "due_on", "pk"
        )
    )


def decision_document_numbers(decision_ids: list[int]) -> dict[tuple[int, str, int], str]:
    """The vedtaksbrev of these vedtak by (decision, "owner" or "university", party id): its
    document number ``2027/00042-5`` (one letter per party)."""
    from grants.models import Letter

    letters = Letter.objects.filter(decision_id__in=decision_ids, kind=Letter.Kind.DECISION)
    numbers = {}
    for letter in letters:
        if letter.owner_id is not None:
            numbers[(int(letter.decision_id), "owner", int(letter.owner_id))] = letter.number
        if letter.university_id is not None:
            numbers[(int(letter.decision_id), "university", int(letter.university_id))] = (
                letter.number
            )
    return numbers


def batch_export_rows(batch: PayoutBatch) -> tuple[list[str], list[list]]:
    """The batch as the accounting system reads it: one row per instalment."""
    from django.utils.translation import gettext as _

    instalments = batch_instalments(batch)
    decision_ids = sorted({i.decision_id for i in instalments})
    numbers = decision_document_numbers(decision_ids)
    case_numbers = dict(
        Case.objects.filter(scheme_year_id=batch.scheme_year_id).values_list(
            "network_id", "case_number"
        )
    )
    headers = [
        _("Mottaker"),
        _("Organisasjonsnummer"),
        _("Kontonummer"),
        _("Beløp"),
        _("Referanse"),
        _("Budsjettkapittel"),
        _("Budsjettpost"),
        _("Vedtaksreferanse"),
        _("Nettverk"),
        _("Forfallsdato"),
    ]
    year = batch.scheme_year
    rows = []
    for instalment in instalments:
        party = (
            ("owner", int(instalment.owner_id))
            if instalment.owner_id
            else ("university", int(instalment.university_id or 0))
        )
        reference = numbers.get((instalment.decision_id, *party)) or case_numbers.get(
            instalment.decision.network_id, ""
        )
        rows.append(
            [
                instalment.payee_name,
                instalment.org_number,
                instalment.account_number,
                int(instalment.amount),
                f"{batch.reference}-{instalment.pk}",
                year.budget_chapter,
                year.budget_item,
                reference,
                instalment.decision.network.name,
                instalment.due_on,
            ]
        )
    return headers, rows


def payouts_open(scheme_year: SchemeYear) -> list[tuple[str, str]]:
    """What stops the year from closing on the money side: each payout neither paid nor
    cancelled, as (text, url) for the year's checklist (``workflow.selectors.closing``)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from config.formatting import format_date_nb, format_kroner

    rows = (
        PayoutInstalment.objects.filter(
            decision__scheme_year=scheme_year, status=PayoutInstalment.Status.PLANNED
        )
        .select_related("decision__network", "batch__scheme_year")
        .order_by("decision__network__name", "due_on", "pk")
    )
    found = []
    for instalment in rows:
        values = {
            "network": instalment.decision.network.name,
            "payee": instalment.payee_name,
            "amount": format_kroner(instalment.amount),
            "date": format_date_nb(instalment.due_on),
        }
        if instalment.batch is not None:
            text = _(
                "%(network)s: %(amount)s til %(payee)s ligger i bunt %(batch)s, som ikke er "
                "markert som betalt."
            ) % {**values, "batch": instalment.batch.reference}
            url = reverse("payout_batch_detail", kwargs={"pk": instalment.batch.pk})
        else:
            text = _(
                "%(network)s: %(amount)s til %(payee)s (forfall %(date)s) er ikke utbetalt."
            ) % (values)
            url = reverse("payout_plan", kwargs={"pk": instalment.decision_id})
        found.append((text, url))
    return found
