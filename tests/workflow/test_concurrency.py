"""Two people act on one case at the same moment: one wins, the other gets a clear message."""

import threading

import pytest
from django.db import close_old_connections, connection
from django_fsm_log.models import StateLog

from config.errors import DomainError
from workflow import services
from workflow.models import Case

from .helpers import write_basis

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real row locking: runs on PostgreSQL in CI"
)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_one_wins(demo, travel):
    from allocation.services import allocation_run_create, allocation_run_freeze
    from grants.models import SchemeYear
    from networks.models import Network

    from .conftest import BEFORE_BASIS_DEADLINE

    travel(BEFORE_BASIS_DEADLINE)
    year = SchemeYear.objects.get(year=2027)
    allocation_run_freeze(
        actor=demo["sekretariat"],
        run=allocation_run_create(actor=demo["sekretariat"], scheme_year=year),
    )
    case = Case.objects.get(scheme_year=year, network=Network.objects.get(name="Trøndelag sørvest"))
    write_basis(demo, case)
    services.decision_basis_submit(actor=demo["koordinator"], case=case)
    log_before = StateLog.objects.for_(case).count()

    # Both load the case while it waits for the forum, then act at once.
    first = Case.objects.get(pk=case.pk)
    second = Case.objects.get(pk=case.pk)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(loaded, do):
        try:
            barrier.wait(timeout=10)
            do(loaded)
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(
            target=act,
            args=(
                first,
                lambda c: services.decision_basis_return(
                    actor=demo["sekretariat"], case=c, comment="Revider budsjettet."
                ),
            ),
        ),
        threading.Thread(
            target=act,
            args=(
                second,
                lambda c: services.decision_basis_return(
                    actor=demo["sekretariat"], case=c, comment="Revider kriteriene."
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes) == ["concurrent", "ok"]
    case.refresh_from_db()
    assert case.state == Case.State.BESLUTNINGSGRUNNLAG
    assert StateLog.objects.for_(case).count() == log_before + 1
