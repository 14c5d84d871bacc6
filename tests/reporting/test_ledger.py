"""The ledger: ``manage.py ledger --year YYYY --format json|table`` and the property that a settled
year accounts for every krone (granted = used + reclaimed + carried over, per network)."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from grants.models import Decision
from reporting.selectors.ledger import ledger
from workflow import rules, services
from workflow.models import Case

from .conftest import SORVEST, case_of, cases, writer

KEYS = ["year", "total", "joint_set_aside", "unspent", "networks", "totals"]
ROW_KEYS = ["network", "granted", "paid", "used", "reclaimed", "carried_over"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("ledger", *args, stdout=out)
    return out.getvalue()


def test_json_has_exactly_the_agreed_shape_in_whole_kroner(reported_year):
    data = json.loads(run("--year", "2027", "--format", "json"))
    assert list(data) == KEYS
    assert data["year"] == 2027 and data["total"] == 12_000_000
    assert data["joint_set_aside"] == 1_800_000
    # one row per case of the year: the eleven networks and the joint measures
    assert [r["network"] for r in data["networks"]][-1] == "Fellestiltak"
    assert len(data["networks"]) == Case.objects.filter(scheme_year__year=2027).count() == 12
    for row in data["networks"]:
        assert list(row) == ROW_KEYS
        assert all(isinstance(row[k], int) for k in ROW_KEYS[1:])
    assert list(data["totals"]) == ROW_KEYS[1:]
    sorvest = next(r for r in data["networks"] if r["network"] == SORVEST)
    granted = Decision.objects.get(network__name=SORVEST, status="vedtatt").amount
    assert sorvest == {
        "network": SORVEST,
        "granted": granted,
        "paid": 0,
        "used": granted - 25_000,
        "reclaimed": 25_000,
        "carried_over": 0,
    }
    assert data["totals"]["granted"] == sum(r["granted"] for r in data["networks"])
    assert data["unspent"] == 12_000_000 - data["totals"]["granted"]


def test_the_table_has_aligned_columns_and_grouped_amounts(reported_year):
    text = run("--year", "2027")
    lines = text.splitlines()
    assert lines[0].split() == [
        "Nettverk",
        "Innvilget",
        "Utbetalt",
        "Brukt",
        "Krevd",
        "tilbake",
        "Overført",
    ]
    granted = sum(Decision.objects.filter(status="vedtatt").values_list("amount", flat=True))
    assert f"{granted:,}".replace(",", " ") in text  # the sum granted, grouped with spaces
    assert "Satt av til fellestiltak   1 800 000" in text
    rows = lines[2:14]  # the eleven networks and the joint measures
    assert len({len(line) for line in rows}) == 1  # right-aligned amounts: equal widths
    [sorvest] = [line for line in rows if line.startswith(SORVEST)]
    assert sorvest.endswith("25 000         0")


def test_an_unknown_year_is_refused(reported_year):
    with pytest.raises(CommandError, match="1999"):
        run("--year", "1999")


# --- the property ------------------------------------------------------------------------------


def report_use(users, case, *, used_total: int) -> None:
    """Report ``used_total`` spent, filling the budget lines in order."""
    actor = writer(users, case)
    report = case.report
    left, used = used_total, {}
    for cost in report.costs.select_related("budget_line").order_by("pk"):
        used[cost.pk] = min(left, cost.budget_line.amount)
        left -= used[cost.pk]
    assert left == 0
    services.report_update(
        actor=actor,
        case=case,
        assessment="Gjennomført.",
        measures={
            m.pk: {"what_was_done": "Samlinger.", "participants_reached": 10}
            for m in report.measures.all()
        },
        costs=used,
    )
    services.report_submit(actor=actor, case=case)


class _Rollback(Exception):
    pass


network_plan = st.fixed_dictionaries(
    {
        "unused_permille": st.integers(0, 1000),
        "carry": st.booleans(),
        "pay": st.sampled_from(["none", "part", "all"]),
        "split_permille": st.integers(1, 999),
    }
)


@settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(plans=st.lists(network_plan, min_size=12, max_size=12), carry_allowed=st.booleans())
def test_a_settled_year_accounts_for_every_krone(decided_year, users, travel, plans, carry_allowed):
    statsforvalter = users["statsforvalter"]
    try:
        with transaction.atomic():
            travel(dt.datetime(2027, 3, 10, 10, 0))
            services.payout_settings_set(
                actor=statsforvalter, scheme_year=decided_year, carry_over_allowed=carry_allowed
            )
            year_cases = cases(decided_year)
            for case, plan in zip(year_cases, plans, strict=True):
                decision = rules.decision_in_force(case)
                host = case.network.host_owner
                share = decision.amount - decision.uh_amount
                if host is None:  # the joint measures: one payee, their UH recipient
                    continue
                if plan["pay"] == "none":
                    services.payout_instalments_set(
                        actor=statsforvalter,
                        decision=decision,
                        owner=host,
                        instalments=[(dt.date(2027, 12, 1), share)],
                    )
                elif plan["pay"] == "part" and share > 1:
                    first = max(1, share * plan["split_permille"] // 1000)
                    first = min(first, share - 1)
                    services.payout_instalments_set(
                        actor=statsforvalter,
                        decision=decision,
                        owner=host,
                        instalments=[
                            (dt.date(2027, 3, 5), first),
                            (dt.date(2027, 12, 1), share - first),
                        ],
                    )
            batch = services.payout_batch_create(
                actor=statsforvalter, scheme_year=decided_year, due_by=dt.date(2027, 3, 10)
            )
            services.payout_batch_mark_paid(
                actor=statsforvalter, batch=batch, paid_on=dt.date(2027, 3, 10)
            )
            for case in year_cases:
                services.reporting_open(actor=statsforvalter, case=case)
            travel(dt.datetime(2027, 6, 1, 10, 0))
            for case, plan in zip(cases(decided_year), plans, strict=True):
                case = case_of(decided_year, case.network.name)
                granted = rules.decision_in_force(case).amount
                unused = granted * plan["unused_permille"] // 1000
                report_use(users, case, used_total=granted - unused)
                services.report_approve(
                    actor=statsforvalter,
                    case=case_of(decided_year, case.network.name),
                    carry_over=carry_allowed and plan["carry"],
                )

            result = ledger(decided_year)
            assert len(result.rows) == len(year_cases)
            for row in result.rows:
                assert row.granted == row.used + row.reclaimed + row.carried_over, row
                assert 0 <= row.paid <= row.granted, row
                if not carry_allowed:
                    assert row.carried_over == 0
            totals = result.totals
            assert totals["granted"] <= result.total
            assert totals["granted"] + result.unspent == result.total
            assert (
                totals["granted"] == totals["used"] + totals["reclaimed"] + totals["carried_over"]
            )
            raise _Rollback
    except _Rollback:
        pass


def test_the_ledger_is_read_in_a_fixed_number_of_queries(
    reported_year, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        result = ledger(reported_year)
    assert len(result.rows) == Case.objects.filter(scheme_year=reported_year).count()
