"""seed_scale at a small size: the same rows it makes at 1 100 networks × 5 years."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django_fsm_log.models import StateLog

from allocation.models import AllocationLine, RunStatus
from grants.models import BudgetLine, Decision, NeedsReport, RecommendationLine, Report
from networks.demo import DEMO_PASSWORD
from networks.models import Membership, Network, Owner
from networks.roles import Role
from workflow.models import Case
from workflow.scale import STAGES
from workflow.states import CaseState

S = CaseState


@pytest.fixture
def scale_world(db):
    call_command("seed_scale", networks=14, years=2, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_every_network_has_a_case_each_year_and_the_current_year_has_every_state(scale_world):
    # The joint measures are left out of the load world.
    assert Network.objects.regular().count() == 14
    assert Case.objects.filter(scheme_year__year=2026).count() == 14
    past = Counter(Case.objects.filter(scheme_year__year=2026).values_list("state", flat=True))
    assert past == {S.AVSLUTTET: 14}
    current = Counter(Case.objects.filter(scheme_year__year=2027).values_list("state", flat=True))
    assert current == {
        S.BEHOVSMELDING: 3,
        S.BESLUTNINGSGRUNNLAG: 3,
        S.INNSTILLING: 2,
        S.VEDTAK: 2,
        S.RAPPORTERING: 2,
        S.AVSLUTTET: 2,
    }


def test_new_networks_have_ten_owners_with_a_contact_and_a_coordinator(scale_world):
    new = Network.objects.filter(name__startswith="Skalanettverk")
    assert new.count() == 3
    for network in new:
        assert Owner.objects.filter(network=network).count() == 10
        assert Membership.objects.filter(role=Role.NETWORK_COORDINATOR, network=network).exists()
    assert Membership.objects.filter(role=Role.OWNER_CONTACT).count() >= 30


def test_demo_users_log_in_as_after_seed_demo(scale_world, client):
    for username in ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter"):
        assert client.login(username=username, password=DEMO_PASSWORD)


def test_every_case_has_the_documents_its_state_implies(scale_world):
    cases = Case.objects.select_related("decision_basis", "report", "scheme_year", "network")
    for case in cases:
        stage = STAGES.index(S(case.state))
        basis = case.decision_basis
        needs = NeedsReport.objects.filter(scheme_year=case.scheme_year, network=case.network)
        assert needs.count() == Owner.objects.filter(network=case.network).count()
        if stage >= 1:
            assert not needs.filter(status=NeedsReport.Status.DRAFT).exists()
            assert basis.summary and basis.measures.count() == 2
            frame = AllocationLine.objects.get(
                run__scheme_year=case.scheme_year,
                run__status=RunStatus.FROZEN,
                network=case.network,
            ).frame
            lines = BudgetLine.objects.filter(measure__decision_basis=basis)
            assert lines.count() == 4
            assert sum(line.amount for line in lines) == frame
        else:
            assert not basis.measures.exists()
        assert (basis.submitted_at is not None) == (stage >= 2), case
        line = RecommendationLine.objects.filter(
            recommendation__scheme_year=case.scheme_year, network=case.network
        ).first()
        if stage >= 3:
            assert line is not None and line.sent_at is not None
        decisions = Decision.objects.filter(scheme_year=case.scheme_year, network=case.network)
        assert decisions.exists() == (stage >= 3)
        if stage >= 4:
            assert decisions.get().status == Decision.Status.DECIDED
            assert case.report is not None
            assert case.report.measures.count() == 2 and case.report.costs.count() == 4
            if stage == 5:
                assert case.report.status == Report.Status.APPROVED
        else:
            assert case.report is None
        logs = StateLog.objects.for_(case)
        assert logs.count() == stage
        if stage:
            assert logs.latest().state == case.state


def test_vedtak_stage_has_both_draft_and_decided_vedtak(db):
    call_command("seed_scale", networks=24, years=1, stdout=open("/dev/null", "w"))  # noqa: SIM115
    statuses = set(
        Decision.objects.filter(network__cases__state=S.VEDTAK, scheme_year__year=2027).values_list(
            "status", flat=True
        )
    )
    assert statuses == {Decision.Status.DRAFT, Decision.Status.DECIDED}


def test_refuses_a_database_that_already_has_cases(scale_world):
    with pytest.raises(CommandError):
        call_command("seed_scale", networks=14, years=1, stdout=open("/dev/null", "w"))  # noqa: SIM115
