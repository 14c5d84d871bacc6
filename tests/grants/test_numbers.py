"""Case and document numbers: one place allocates them, per year and per case, and two
transactions asking at once get different numbers."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from grants.models import NumberSequence
from grants.records.services import case_number_next, sequence_next
from workflow import services
from workflow.models import Case


def test_the_demo_years_cases_are_numbered_per_year(demo):
    numbers = list(
        Case.objects.filter(scheme_year__year=2027)
        .order_by("case_number")
        .values_list("case_number", flat=True)
    )
    assert numbers == [f"2027/{n:05d}" for n in range(1, 13)]  # the joint measures last


def test_a_new_years_cases_start_from_one(demo):
    services.scheme_year_open(
        actor=demo["sekretariat"],
        year=2028,
        total_amount=10_000_000,
        joint_percent=10,
        base_grant=0,
    )
    numbers = sorted(
        Case.objects.filter(scheme_year__year=2028).values_list("case_number", flat=True)
    )
    assert numbers[0] == "2028/00001"
    assert len(set(numbers)) == len(numbers) == 12  # 11 networks and the joint measures


def test_numbers_follow_on_from_the_last(db):
    assert case_number_next(2030) == "2030/00001"
    assert case_number_next(2030) == "2030/00002"
    assert sequence_next("dok/2030/00001") == 1
    assert sequence_next("dok/2030/00001") == 2
    assert sequence_next("dok/2030/00002") == 1


@pytest.fixture(scope="module")
def _migrated_data_back(django_db_setup, django_db_blocker):
    """The concurrent test needs real commits, so its database is flushed afterwards; put back
    what the migrations wrote (legal texts, content types) for the transactional tests that
    follow (as tests/e2e does). Module scope: torn down after the flush."""
    yield
    from django.contrib.contenttypes.models import ContentType

    contents = getattr(connections["default"], "_test_serialized_contents", None)
    if contents:
        with django_db_blocker.unblock():
            connections["default"].creation.deserialize_db_from_string(contents)
    ContentType.objects.clear_cache()


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_transactions_at_once_never_get_the_same_number(_migrated_data_back):
    NumberSequence.objects.create(name="dok/2031/00001")
    results: list[int] = []
    barrier = threading.Barrier(4)

    def take() -> None:
        try:
            barrier.wait()
            for _ in range(10):
                results.append(sequence_next("dok/2031/00001"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 41))
