"""Rules across fields found when the product was tried: each refused with one message that the
service and the form share, and nothing saved."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from config.errors import DomainError
from grants.messages import PARTICIPANTS_TOO_MANY
from grants.models import Decision, Measure, Recommendation, ReportMeasure
from networks.headcount_import.rules import parse_count
from workflow import services

from .conftest import BEFORE_BASIS_DEADLINE, FORUM_MEETING
from .helpers import decide
from .test_pages_basis import _add_measure
from .test_pages_decision import _decision_data, _draft
from .test_pages_support import field_error, text
from .test_selectors import walk_to


@pytest.fixture
def drafted(demo, sorvest_case, travel):
    return walk_to(demo, sorvest_case, "vedtak-utkast", travel)


@pytest.fixture
def started(demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    services.decision_basis_start(actor=demo["koordinator"], case=sorvest_case)
    return sorvest_case


#: Beyond a 32-bit integer column (2 147 483 647): PostgreSQL would refuse it with an error.
HUGE = 3_000_000_000


# --- The vedtak's report deadline --------------------------------------------------------------

REPORT_DEADLINE_TOO_EARLY = (
    "Fristen for rapport (1. februar 2027) kan ikke være før vedtaksdatoen (1. mars 2027)."
)


def test_a_report_deadline_before_the_decision_date_is_refused(demo, drafted):
    draft = _draft(drafted)
    with pytest.raises(DomainError, match=r"Fristen for rapport \(1\. februar 2027\)") as refused:
        services.decision_update(
            actor=demo["statsforvalter"], decision=draft, report_deadline=dt.date(2027, 2, 1)
        )
    assert refused.value.field == "report_deadline"
    assert Decision.objects.get(pk=draft.pk).report_deadline == dt.date(2027, 6, 30)


def test_the_vedtak_form_shows_the_report_deadline_rule_on_its_field(login, drafted):
    draft = _draft(drafted)
    response = login("statsforvalter").post(
        reverse("decision_detail", args=[draft.pk]),
        _decision_data(draft, report_deadline="01.02.2027"),
    )
    assert response.status_code == 200
    assert field_error(response, "id_report_deadline") == REPORT_DEADLINE_TOO_EARLY
    assert Decision.objects.get(pk=draft.pk).report_deadline == dt.date(2027, 6, 30)


# --- The innstilling: joint measures and the meeting date ----------------------------------------


def _innstilling(demo, **changes):
    values = {
        "meeting_date": dt.date(2027, 2, 20),
        "consensus_note": "Enstemmig.",
        "joint_measures": "Inkluderingsanalysen",
        "joint_amount": 1_800_000,
    }
    values.update(changes)
    return services.recommendation_update(
        actor=demo["sekretariat"], scheme_year=demo_year(), **values
    )


def demo_year():
    from grants.models import SchemeYear

    return SchemeYear.objects.get(year=2027)


def test_the_joint_measures_amount_cannot_exceed_what_was_set_aside(demo, frozen_year, travel):
    travel(FORUM_MEETING)
    _innstilling(demo)  # exactly what was set aside (15 % of 12 000 000 kr)
    with pytest.raises(DomainError) as refused:
        _innstilling(demo, joint_amount=5_000_000)
    assert refused.value.message == (
        "Beløpet til fellestiltak (5 000 000 kr) kan ikke være større enn det som er "
        "satt av til fellestiltak (1 800 000 kr)."
    )
    assert Recommendation.objects.get(scheme_year=frozen_year).joint_amount == 1_800_000


def test_the_forum_page_refuses_too_much_for_joint_measures(login, frozen_year, travel):
    travel(FORUM_MEETING)
    response = login("sekretariat").post(
        reverse("recommendation", args=[2027]),
        {
            "meeting_date": "20.02.2027",
            "consensus_note": "Enstemmig.",
            "joint_measures": "Inkluderingsanalysen",
            "joint_amount": "5 000 000 kr",
            "version": "",
        },
    )
    assert response.status_code == 200
    assert "kan ikke være større enn det som er satt av til fellestiltak" in field_error(
        response, "id_joint_amount"
    )
    assert not Recommendation.objects.filter(scheme_year=frozen_year, joint_amount=5_000_000)


def test_a_meeting_after_the_innstillings_own_date_is_refused(demo, login, frozen_year, travel):
    travel(FORUM_MEETING)  # the innstilling is written on 20 February
    with pytest.raises(DomainError, match="Møtedatoen") as refused:
        _innstilling(demo, meeting_date=dt.date(2027, 2, 21))
    assert refused.value.message == (
        "Møtedatoen (21. februar 2027) kan ikke være senere enn datoen for innstillingen "
        "(20. februar 2027)."
    )
    response = login("sekretariat").post(
        reverse("recommendation", args=[2027]),
        {
            "meeting_date": "21.02.2027",
            "consensus_note": "Enstemmig.",
            "joint_measures": "",
            "joint_amount": "0",
            "version": "",
        },
    )
    assert field_error(response, "id_meeting_date") == refused.value.message
    assert not Recommendation.objects.filter(scheme_year=frozen_year).exists()


# --- Counts and participants: bounded, and never past a 32-bit column ---------------------------


def test_a_huge_number_of_expected_participants_is_refused_on_the_form(login, started):
    client = login("koordinator")
    response = _add_measure(client, started, expected_participants=str(HUGE))
    assert response.status_code == 200
    assert field_error(response, "id_expected_participants") == str(PARTICIPANTS_TOO_MANY)
    response = _add_measure(client, started, expected_participants="100001")
    assert field_error(response, "id_expected_participants") == str(PARTICIPANTS_TOO_MANY)
    assert not Measure.objects.filter(decision_basis=started.decision_basis).exists()


def test_the_services_refuse_huge_participant_counts(demo, started):
    with pytest.raises(DomainError) as refused:
        services.measure_save(
            actor=demo["koordinator"],
            case=started,
            title="Stort tiltak",
            description="For mange.",
            target_groups=["skole"],
            period_start=dt.date(2027, 3, 15),
            period_end=dt.date(2027, 6, 1),
            expected_participants=HUGE,
        )
    assert refused.value.message == str(PARTICIPANTS_TOO_MANY)
    assert not Measure.objects.filter(decision_basis=started.decision_basis).exists()


def test_a_report_cannot_say_it_reached_a_huge_number(demo, login, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    decide(demo, case)
    services.reporting_open(actor=demo["statsforvalter"], case=case)
    case.refresh_from_db()
    item = case.report.measures.first()
    with pytest.raises(DomainError, match="100 000"):
        services.report_update(
            actor=demo["koordinator"],
            case=case,
            measures={item.pk: {"what_was_done": "", "participants_reached": HUGE}},
        )
    response = login("koordinator").post(
        reverse("report_edit", args=[case.pk]),
        {"assessment": "", f"reached_{item.pk}": str(HUGE), "version": ""},
    )
    assert response.status_code == 200
    assert str(PARTICIPANTS_TOO_MANY) in text(response)
    assert ReportMeasure.objects.get(pk=item.pk).participants_reached == 0


def test_a_head_count_over_the_bound_is_an_error_on_its_line():
    assert parse_count("1 000 000", line=4, label="elevtall") == (1_000_000, None)
    number, error = parse_count(str(HUGE), line=4, label="elevtall")
    assert number is None
    assert error == "Linje 4: elevtall kan ikke være over 1 000 000 (3 000 000 000)."
