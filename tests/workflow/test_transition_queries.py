"""A query budget per service transition: each step of a case costs at most this many queries,
whatever the size of the world. ``tests/bench/bench_transitions.py`` times a whole year at 110
networks through the same services; this counts one case's steps in the demo world."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Decision
from networks.models import Owner
from workflow import services

from .conftest import BEFORE_NEEDS_DEADLINE, DECISION_TIME, FORUM_MEETING, REPORT_TIME
from .helpers import assess_and_propose, fill_report, recommend, write_basis

#: The most queries each service transition may make for one case (measured on SQLite and
#: PostgreSQL, plus one or two of room; SAVEPOINT and RELEASE statements count). The sending
#: steps journal the document (records: two numbers from their sequences, each a get_or_create
#: in a savepoint the first time a sequence is used, the journal entry, its attachments): about
#: 20 of their queries. ``recommendation_submit`` sends a whole year's innstilling; this is its
#: cost for one network. ``reporting_open`` grows with the decision basis: one get_or_create per
#: measure and per budget line (here one measure with two lines). ``decision_decide`` makes the
#: delivery records (underretning): the host owner, the UH institutions, one insert; and checks
#: the parties (host owner, UH institutions), the four assessments and which draft the step
#: acts on before it approves (+5).
TRANSITION_QUERY_BUDGET = {
    "needs_report_submit": 33,
    "decision_basis_start": 7,
    "decision_basis_submit": 28,
    "recommendation_submit": 35,
    "decision_decide": 21,
    "reporting_open": 29,
    "report_submit": 31,
    "report_approve": 10,
}


class Counter:
    def __init__(self):
        self.counts: dict[str, int] = {}

    def __call__(self, name, func, *args, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            result = func(*args, **kwargs)
        self.counts[name] = len(queries)
        return result


@pytest.fixture
def counted_year(demo, sorvest_case, travel, monkeypatch):
    """One case through every step, with each transition's queries counted."""
    users, case = demo, sorvest_case
    count = Counter()
    travel(BEFORE_NEEDS_DEADLINE)
    report = services.needs_report_save(
        actor=users["eier"],
        scheme_year=case.scheme_year,
        owner=Owner.objects.get(number="5059"),
        themes="Inkluderende praksis",
        target_groups=["skole"],
        involvement="Drøftet i personalmøter.",
    )
    count("needs_report_submit", services.needs_report_submit, actor=users["eier"], report=report)
    count(
        "decision_basis_start", services.decision_basis_start, actor=users["koordinator"], case=case
    )
    write_basis(users, case)
    count(
        "decision_basis_submit",
        services.decision_basis_submit,
        actor=users["koordinator"],
        case=case,
    )
    travel(FORUM_MEETING)
    original_submit = services.recommendation_submit
    monkeypatch.setattr(
        services,
        "recommendation_submit",
        lambda **kw: count("recommendation_submit", original_submit, **kw),
    )
    recommend(users, case)
    monkeypatch.undo()
    travel(DECISION_TIME)
    draft = Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)
    services.decision_update(actor=users["statsforvalter"], decision=draft, reasons="Begrunnet.")
    assess_and_propose(users, draft)
    count("decision_decide", services.decision_decide, actor=users["godkjenner"], decision=draft)
    case.refresh_from_db()
    count("reporting_open", services.reporting_open, actor=users["statsforvalter"], case=case)
    travel(REPORT_TIME)
    case.refresh_from_db()
    fill_report(users, case)
    count("report_submit", services.report_submit, actor=users["koordinator"], case=case)
    count("report_approve", services.report_approve, actor=users["statsforvalter"], case=case)
    return count.counts


def test_each_transition_stays_within_its_query_budget(counted_year):
    assert set(counted_year) == set(TRANSITION_QUERY_BUDGET)
    over = {
        name: (used, TRANSITION_QUERY_BUDGET[name])
        for name, used in counted_year.items()
        if used > TRANSITION_QUERY_BUDGET[name]
    }
    print("queries per transition:", counted_year)
    assert not over, over
