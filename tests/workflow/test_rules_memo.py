"""The rules read each answer once per page or transition (``rules.remembering``), and never
give a stale answer: outside that block, and after a step that changes the answer, they read
afresh."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from grants.models import Decision
from workflow import rules, services

from .conftest import BEFORE_NEEDS_DEADLINE, DECISION_TIME, FORUM_MEETING
from .helpers import decide, recommend, submit_needs, write_basis


def decision_queries(queries: CaptureQueriesContext) -> int:
    return sum('FROM "grants_decision"' in q["sql"] for q in queries.captured_queries)


def test_inside_one_page_the_vedtak_in_force_is_read_once(sorvest_case):
    case = sorvest_case
    with CaptureQueriesContext(connection) as outside:
        for _ in range(3):
            assert rules.not_decided(case)
    with CaptureQueriesContext(connection) as inside, rules.remembering(case):
        for _ in range(3):
            assert rules.not_decided(case)
            assert rules.decision_in_force(case) is None
    assert decision_queries(outside) == 3
    assert decision_queries(inside) == 1


def test_outside_the_block_a_new_vedtak_is_seen_at_once(demo, sorvest_case, travel):
    users, case = demo, sorvest_case
    travel(BEFORE_NEEDS_DEADLINE)
    submit_needs(users, case.scheme_year)
    services.decision_basis_start(actor=users["koordinator"], case=case)
    write_basis(users, case)
    services.decision_basis_submit(actor=users["koordinator"], case=case)
    travel(FORUM_MEETING)
    recommend(users, case)
    travel(DECISION_TIME)
    with rules.remembering(case):
        assert rules.not_decided(case)
    decision = decide(users, case)
    assert rules.decision_in_force(case) == decision
    assert decision.status == Decision.Status.DECIDED


def test_forget_drops_the_remembered_answer(sorvest_case):
    case = sorvest_case
    with rules.remembering(case):
        assert rules.draft_decision(case) is None
        draft = Decision.objects.create(
            scheme_year=case.scheme_year, network=case.network, amount=1, frame=1
        )
        assert rules.draft_decision(case) is None  # remembered for the rest of the page
        rules.forget(case)
        assert rules.draft_decision(case) == draft
