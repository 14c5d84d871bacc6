"""What must hold before a case moves on, and the messages people get when it does not."""

import datetime as dt

import pytest

from config.errors import DomainError
from grants.models import Decision, NeedsReport
from networks.models import Event
from workflow import rules, services
from workflow.models import Case

from .conftest import BEFORE_BASIS_DEADLINE, BEFORE_NEEDS_DEADLINE, DECISION_TIME, FORUM_MEETING
from .helpers import decide, prepare_and_approve, recommend, submit_needs, write_basis


def test_over_frame_decision_basis_is_refused_with_the_amounts(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    frame = rules.case_frame(sorvest_case)
    write_basis(demo, sorvest_case, amount=frame + 1_234)
    with pytest.raises(DomainError) as refused:
        services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    from config.formatting import format_kroner

    assert format_kroner(frame + 1_234) in refused.value.message
    assert format_kroner(frame) in refused.value.message
    assert "1 234 kr" in refused.value.message
    sorvest_case.refresh_from_db()
    assert sorvest_case.state == Case.State.BESLUTNINGSGRUNNLAG
    assert Event.objects.filter(kind="frame_exceeded", network=sorvest_case.network).count() == 1


def test_missing_criterion_is_refused(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_update(
        actor=demo["koordinator"], case=sorvest_case, criterion_interdisciplinary_text=""
    )
    with pytest.raises(DomainError, match="Tverrfaglig tilnærming"):
        services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)


def test_decision_basis_without_measures_is_refused(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    services.decision_basis_start(actor=demo["koordinator"], case=sorvest_case)
    with pytest.raises(DomainError, match="minst ett tiltak"):
        services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)


def test_decision_basis_after_the_deadline_needs_the_secretariat(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    travel(dt.datetime(2027, 2, 3, 9, 0))
    with pytest.raises(DomainError, match=r"1\. februar 2027"):
        services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    services.decision_basis_reopen(
        actor=demo["sekretariat"],
        case=sorvest_case,
        until=dt.date(2027, 2, 8),
        comment="Sykdom i nettverket.",
    )
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    assert sorvest_case.state == Case.State.INNSTILLING


def test_late_needs_report_is_accepted_and_marked_late(demo, frozen_year, travel):
    travel(dt.datetime(2026, 12, 3, 12, 0))
    report = submit_needs(demo, frozen_year)
    assert report.status == NeedsReport.Status.SUBMITTED
    assert report.is_late
    assert Event.objects.filter(kind="late_submission").exists()


def test_submitted_needs_report_cannot_change_after_the_deadline(demo, frozen_year, travel):
    travel(BEFORE_NEEDS_DEADLINE)
    report = submit_needs(demo, frozen_year)
    travel(dt.datetime(2026, 12, 2, 9, 0))
    with pytest.raises(DomainError, match=r"fristen 1\. desember 2026 er passert"):
        services.needs_report_save(
            actor=demo["eier"], scheme_year=frozen_year, owner=report.owner, themes="Endret"
        )


def _decided(demo, case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, case)
    services.decision_basis_submit(actor=demo["koordinator"], case=case)
    travel(FORUM_MEETING)
    recommend(demo, case)
    travel(DECISION_TIME)


def test_vedtak_without_appeal_information_is_refused(demo, sorvest_case, travel):
    _decided(demo, sorvest_case, travel)
    draft = Decision.objects.get(network=sorvest_case.network, status=Decision.Status.DRAFT)
    services.decision_update(
        actor=demo["statsforvalter"],
        decision=draft,
        reasons="Oppfyller kriteriene.",
        appeal_body="",
        appeal_instructions="",
    )
    with pytest.raises(DomainError, match="klageinstans"):
        prepare_and_approve(demo, draft)
    sorvest_case.refresh_from_db()
    assert rules.decision_in_force(sorvest_case) is None


def test_departing_from_the_innstilling_requires_a_reason(demo, sorvest_case, travel):
    _decided(demo, sorvest_case, travel)
    draft = Decision.objects.get(network=sorvest_case.network, status=Decision.Status.DRAFT)
    lower = draft.amount - 50_000
    services.decision_update(
        actor=demo["statsforvalter"], decision=draft, reasons="Delvis innvilget.", amount=lower
    )
    with pytest.raises(DomainError, match="avviker fra innstillingen"):
        prepare_and_approve(demo, draft)
    services.decision_update(
        actor=demo["statsforvalter"], decision=draft, departure_reason="Ett tiltak er utsatt."
    )
    assert prepare_and_approve(demo, draft).amount == lower


def test_a_decided_vedtak_is_frozen(demo, sorvest_case, travel):
    _decided(demo, sorvest_case, travel)
    decision = decide(demo, sorvest_case)
    with pytest.raises(DomainError, match="kan ikke endres"):
        services.decision_update(actor=demo["statsforvalter"], decision=decision, amount=1)
    decision.amount = 1
    with pytest.raises(ValueError, match="frozen"):
        decision.save()
    decision.refresh_from_db()
    # Its delivery may be recorded; that is not a change of the vedtak's content.
    decision.notified_on = decision.notified_on
    decision.save(update_fields=["notified_on"])


def test_conflicted_forum_member_cannot_record_the_recommendation(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    services.conflict_declare(
        actor=demo["forum"],
        scheme_year=sorvest_case.scheme_year,
        network=sorvest_case.network,
        reason="Ansatt i Orkland kommune.",
    )
    with pytest.raises(DomainError, match="inhabil"):
        services.recommendation_line_set(
            actor=demo["forum"], case=sorvest_case, amount=100_000, uh_amount=0
        )
    line = services.recommendation_line_set(
        actor=demo["sekretariat"], case=sorvest_case, amount=100_000, uh_amount=0
    )
    assert line.amount == 100_000


def test_recommendation_above_the_frame_is_refused(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    frame = rules.case_frame(sorvest_case)
    with pytest.raises(DomainError, match="større enn rammen"):
        services.recommendation_line_set(
            actor=demo["sekretariat"], case=sorvest_case, amount=frame + 1, uh_amount=0
        )


def test_report_using_more_than_granted_is_refused(demo, sorvest_case, travel):
    _decided(demo, sorvest_case, travel)
    decide(demo, sorvest_case)
    services.reporting_open(actor=demo["statsforvalter"], case=sorvest_case)
    report = sorvest_case.report
    cost = report.costs.first()
    services.report_update(
        actor=demo["koordinator"],
        case=sorvest_case,
        assessment="Vurdert.",
        measures={m.pk: {"what_was_done": "Gjort."} for m in report.measures.all()},
        costs={cost.pk: 99_999_999},
    )
    with pytest.raises(DomainError, match="mer enn innvilget"):
        services.report_submit(actor=demo["koordinator"], case=sorvest_case)


def test_stale_document_edit_is_refused_and_nothing_is_overwritten(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    services.decision_basis_start(actor=demo["koordinator"], case=sorvest_case)
    basis = sorvest_case.decision_basis
    seen = basis.version
    services.decision_basis_update(
        actor=demo["uh"], case=sorvest_case, expected_version=seen, summary="UH skrev dette."
    )
    with pytest.raises(DomainError, match="endret av noen andre"):
        services.decision_basis_update(
            actor=demo["koordinator"],
            case=sorvest_case,
            expected_version=seen,
            summary="Koordinator skrev dette.",
        )
    basis.refresh_from_db()
    assert basis.summary == "UH skrev dette."
