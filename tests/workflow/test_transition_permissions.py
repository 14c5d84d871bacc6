"""Every transition is refused for every role that may not perform it, and for other networks'
users; the state and the log stay as they were."""

import pytest
from django.core.exceptions import PermissionDenied
from django_fsm_log.models import StateLog

from grants.models import Decision
from networks.models import Network
from networks.roles import Role
from tests.factories import user_with_role
from workflow import services
from workflow.models import Case

from .conftest import BEFORE_BASIS_DEADLINE, DECISION_TIME, FORUM_MEETING, REPORT_TIME
from .helpers import assess_and_propose, decide, fill_report, recommend, write_basis

#: Both Statsforvalteren case officers of the demo (the approver is one too).
STATSFORVALTEREN = {"statsforvalter", "godkjenner"}

ALL = ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter", "godkjenner", "admin")


def _to(users, case, state, travel):
    travel(BEFORE_BASIS_DEADLINE)
    if state == Case.State.BEHOVSMELDING:
        return
    write_basis(users, case)
    if state == Case.State.BESLUTNINGSGRUNNLAG:
        return
    services.decision_basis_submit(actor=users["koordinator"], case=case)
    if state == Case.State.INNSTILLING:
        return
    travel(FORUM_MEETING)
    recommend(users, case)
    case.refresh_from_db()
    travel(DECISION_TIME)
    if state == "vedtak-draft":
        services.decision_update(
            actor=users["statsforvalter"], decision=_draft(case), reasons="Oppfyller kriteriene."
        )
        assess_and_propose(users, _draft(case))
        return
    decide(users, case)
    case.refresh_from_db()
    if state == "vedtak-decided":
        return
    services.reporting_open(actor=users["statsforvalter"], case=case)
    travel(REPORT_TIME)
    fill_report(users, case)
    if state == "report-draft":
        return
    services.report_submit(actor=users["koordinator"], case=case)


def _draft(case):
    return Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)


TRANSITIONS = {
    "start": (
        Case.State.BEHOVSMELDING,
        {"koordinator", "uh", "sekretariat"},
        lambda u, c: services.decision_basis_start(actor=u, case=c),
    ),
    "submit_basis": (
        Case.State.BESLUTNINGSGRUNNLAG,
        {"koordinator", "uh"},
        lambda u, c: services.decision_basis_submit(actor=u, case=c),
    ),
    "return_basis": (
        Case.State.INNSTILLING,
        {"sekretariat"},
        lambda u, c: services.decision_basis_return(actor=u, case=c, comment="Nei"),
    ),
    "return_recommendation": (
        "vedtak-draft",
        STATSFORVALTEREN,
        lambda u, c: services.recommendation_return(actor=u, case=c, comment="Tilbake"),
    ),
    "decide": (
        "vedtak-draft",
        # Only the approver with budget authority; the case officer who proposed it is refused.
        {"godkjenner"},
        lambda u, c: services.decision_decide(actor=u, decision=_draft(c)),
    ),
    "open_reporting": (
        "vedtak-decided",
        STATSFORVALTEREN,
        lambda u, c: services.reporting_open(actor=u, case=c),
    ),
    "submit_report": (
        "report-draft",
        {"koordinator", "uh"},
        lambda u, c: services.report_submit(actor=u, case=c),
    ),
    "return_report": (
        "report-submitted",
        STATSFORVALTEREN,
        lambda u, c: services.report_return(actor=u, case=c, comment="Mangler"),
    ),
    "approve_report": (
        "report-submitted",
        STATSFORVALTEREN,
        lambda u, c: services.report_approve(actor=u, case=c),
    ),
}


@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_refused_for_everyone_else(demo, sorvest_case, travel, name):
    state, allowed, perform = TRANSITIONS[name]
    case = sorvest_case
    _to(demo, case, state, travel)
    case.refresh_from_db()
    before_state, before_log = case.state, StateLog.objects.for_(case).count()
    fosen = Network.objects.get(name="Fosen")
    outsiders = {
        **{username: demo[username] for username in ALL if username not in allowed},
        "fosen-koordinator": user_with_role(Role.NETWORK_COORDINATOR, network=fosen),
    }
    for label, user in outsiders.items():
        with pytest.raises(PermissionDenied):
            perform(user, Case.objects.get(pk=case.pk))
        case.refresh_from_db()
        assert (case.state, StateLog.objects.for_(case).count()) == (before_state, before_log), (
            label
        )
    for username in sorted(allowed)[:1]:
        perform(demo[username], Case.objects.get(pk=case.pk))
        assert StateLog.objects.for_(case).count() == before_log + 1


def test_only_the_secretariat_submits_the_innstilling(demo, sorvest_case, travel):
    _to(demo, sorvest_case, Case.State.INNSTILLING, travel)
    services.recommendation_line_set(
        actor=demo["forum"], case=sorvest_case, amount=100_000, uh_amount=0
    )
    for username in ALL:
        if username == "sekretariat":
            continue
        with pytest.raises(PermissionDenied):
            services.recommendation_submit(
                actor=demo[username], scheme_year=sorvest_case.scheme_year
            )


def test_owner_contact_writes_only_for_own_owner(demo, frozen_year):
    from networks.models import Owner

    heim = Owner.objects.get(name="Heim")
    with pytest.raises(PermissionDenied):
        services.needs_report_save(
            actor=demo["eier"], scheme_year=frozen_year, owner=heim, themes="x"
        )
    for username in ("koordinator", "uh", "sekretariat", "statsforvalter"):
        with pytest.raises(PermissionDenied):
            services.needs_report_save(
                actor=demo[username],
                scheme_year=frozen_year,
                owner=Owner.objects.get(number="5059"),
                themes="x",
            )


def test_other_networks_partnership_cannot_edit_the_decision_basis(demo, sorvest_case, travel):
    _to(demo, sorvest_case, Case.State.BESLUTNINGSGRUNNLAG, travel)
    outsider = user_with_role(Role.NETWORK_COORDINATOR, network=Network.objects.get(name="Fosen"))
    with pytest.raises(PermissionDenied):
        services.decision_basis_update(actor=outsider, case=sorvest_case, summary="Kapret")
    nord = user_with_role(
        Role.UH_CONTACT,
        university=__import__("networks.models").models.University.objects.get(short_name="Nord"),
    )
    with pytest.raises(PermissionDenied):
        services.decision_basis_update(actor=nord, case=sorvest_case, summary="Kapret")
