"""The journal through a whole year: every document the services receive, note or send gets an
entry with the case number and the next document number of its case."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from grants.models import JournalCorrection, JournalEntry, Letter
from grants.records.services import journal_correct
from tests.reporting.conftest import SORVEST, case_of, fill_and_submit_report
from workflow import services
from workflow.models import Case

IN, OUT, NOTE = (
    JournalEntry.Direction.INCOMING,
    JournalEntry.Direction.OUTGOING,
    JournalEntry.Direction.INTERNAL,
)


def test_every_case_has_a_unique_case_number_of_its_year(decided_year):
    numbers = sorted(
        Case.objects.filter(scheme_year=decided_year).values_list("case_number", flat=True)
    )
    assert numbers == [f"2027/{n:05d}" for n in range(1, 13)]  # the joint measures' last


def test_each_document_of_a_case_is_journaled_in_order_with_its_document_number(
    users, decided_year
):
    orkland = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    case = Case.objects.get(case_number=orkland.case_number)
    entries = list(
        JournalEntry.objects.filter(case_number=case.case_number).order_by("document_number")
    )
    assert [(e.document_number, e.direction, e.kind) for e in entries] == [
        (1, IN, "behovsmelding"),
        (2, IN, "beslutningsgrunnlag"),
        (3, NOTE, "innstilling"),
        (4, OUT, "vedtaksbrev"),
        (5, OUT, "vedtaksbrev"),
    ]
    assert orkland.correspondent == "Orkland"
    assert orkland.title == "Behovsmelding 2027 fra Orkland"
    assert orkland.document_reference == f"{case.case_number}-1"
    # One letter to each party, journaled under the document number printed on it.
    to_owner, to_uh = entries[3], entries[4]
    assert to_owner.correspondent == case.network.host_owner.name
    assert to_uh.correspondent == "Norges teknisk-naturvitenskapelige universitet"
    assert to_owner.file_field == "letter_pdf"
    letter = Letter.objects.get(pk=to_owner.document_id)
    assert letter.number == to_owner.document_reference


def test_an_appeal_and_a_report_are_journaled_as_received(users, decided_year):
    case = case_of(decided_year, SORVEST)
    before = JournalEntry.objects.filter(case_number=case.case_number).count()
    services.appeal_lodge(actor=users["koordinator"], case=case, text="Vi klager.")
    services.reporting_open(actor=users["statsforvalter"], case=case)
    case.refresh_from_db()
    fill_and_submit_report(users, case, unused=0)

    latest = list(
        JournalEntry.objects.filter(case_number=case.case_number)
        .order_by("document_number")
        .values_list("document_number", "direction", "kind")
    )[before:]
    assert latest == [(before + 1, IN, "klage"), (before + 2, IN, "rapport")]


def test_the_journal_sequence_of_the_year_is_unbroken(decided_year):
    by_year = {}
    for year, sequence in JournalEntry.objects.values_list("journal_year", "journal_sequence"):
        by_year.setdefault(year, []).append(sequence)
    for sequences in by_year.values():
        assert sorted(sequences) == list(range(1, len(sequences) + 1))


def test_a_correction_is_logged_with_the_old_and_new_value_and_the_reason(users, decided_year):
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    journal_correct(
        actor=users["statsforvalter"],
        entry=entry,
        reason="Feil tittel.",
        title="Behovsmelding 2027 fra Orkland (rettet)",
    )
    correction = JournalCorrection.objects.get()
    assert (correction.field, correction.old_value, correction.new_value) == (
        "title",
        "Behovsmelding 2027 fra Orkland",
        "Behovsmelding 2027 fra Orkland (rettet)",
    )
    assert correction.reason == "Feil tittel."
    assert correction.corrected_by == users["statsforvalter"]


def test_only_the_archive_keepers_may_correct_the_journal(users, decided_year):
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.NEEDS_REPORT)
    with pytest.raises(PermissionDenied):
        journal_correct(actor=users["koordinator"], entry=entry, reason="x", title="y")
    assert not JournalCorrection.objects.exists()
