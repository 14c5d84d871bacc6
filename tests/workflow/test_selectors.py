"""What a person sees as their tasks, and which actions a case offers them: the offer must match
exactly what the services accept."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction

from config.errors import DomainError
from grants.models import Appeal, Decision, NeedsReport
from networks.models import Network, Owner
from networks.roles import Role
from tests.factories import user_with_role
from workflow import rules, selectors, services
from workflow.models import Case

from .conftest import BEFORE_BASIS_DEADLINE, DECISION_TIME, FORUM_MEETING, REPORT_TIME
from .helpers import (
    decide,
    deliver,
    fill_report,
    prepare_and_approve,
    recommend,
    submit_needs,
    write_basis,
)

USERS = ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter", "admin")
NEEDS_TIME = dt.datetime(2026, 11, 25, 10, 0)
APPEAL_TIME = dt.datetime(2027, 3, 5, 10, 0)

#: Every stage a case can be in, as the pages meet it.
STAGES = (
    "behovsmelding",
    "grunnlag-tomt",
    "grunnlag-klart",
    "innstilling",
    "innstilling-ført",
    "grunnlag-returnert",
    "vedtak-utkast",
    "vedtak-fattet",
    "klage",
    "klage-tatt-til-følge",
    "rapport-åpnet",
    "rapport-utfylt",
    "rapport-sendt",
    "rapport-returnert",
    "avsluttet",
    "avslag-utkast",
    "avslått",
    "trukket",
)


def walk_to(users, case: Case, stage: str, travel, *, measure_ends: dt.date | None = None) -> Case:
    """Take the case through the services (as the demo users would) until it is in ``stage``
    (``measure_ends``: when its measure ends, if not by 15 June)."""
    travel(BEFORE_BASIS_DEADLINE)
    if stage == "behovsmelding":
        return case
    if stage == "grunnlag-tomt":
        services.decision_basis_start(actor=users["koordinator"], case=case)
        return case
    write_basis(users, case, **({"period_end": measure_ends} if measure_ends else {}))
    if stage == "grunnlag-klart":
        return case
    if stage == "trukket":
        services.case_withdraw(
            actor=users["koordinator"], case=case, comment="Vi har ikke kapasitet i år."
        )
        return case
    services.decision_basis_submit(actor=users["koordinator"], case=case)
    if stage == "innstilling":
        return case
    if stage in ("avslag-utkast", "avslått"):
        draft = services.refusal_prepare(
            actor=users["statsforvalter"], case=case, reasons="Kriteriene er ikke oppfylt."
        )
        if stage == "avslått":
            deliver(prepare_and_approve(users, draft))
            case.refresh_from_db()
        return case
    if stage == "grunnlag-returnert":
        services.decision_basis_return(
            actor=users["sekretariat"], case=case, comment="Beskriv UH-bidraget nærmere."
        )
        return case
    travel(FORUM_MEETING)
    if stage == "innstilling-ført":
        frame = rules.case_frame(case)
        services.recommendation_line_set(
            actor=users["forum"], case=case, amount=frame, uh_amount=frame * 6 // 10
        )
        return case
    recommend(users, case)
    case.refresh_from_db()
    travel(DECISION_TIME)
    if stage == "vedtak-utkast":
        return case
    decide(users, case)
    case.refresh_from_db()
    if stage == "vedtak-fattet":
        return case
    if stage in ("klage", "klage-tatt-til-følge"):
        travel(APPEAL_TIME)
        appeal = services.appeal_lodge(
            actor=users["koordinator"], case=case, text="Vi mener beløpet er for lavt."
        )
        if stage == "klage-tatt-til-følge":
            services.appeal_decide(
                actor=users["statsforvalter"],
                appeal=appeal,
                outcome=Appeal.Outcome.UPHELD,
                note="Klagen tas til følge.",
            )
        return case
    services.reporting_open(actor=users["statsforvalter"], case=case)
    case.refresh_from_db()
    travel(REPORT_TIME)
    if stage == "rapport-åpnet":
        return case
    fill_report(users, case)
    if stage == "rapport-utfylt":
        return case
    services.report_submit(actor=users["koordinator"], case=case)
    if stage == "rapport-sendt":
        return case
    if stage == "rapport-returnert":
        services.report_return(
            actor=users["statsforvalter"], case=case, comment="Tallene for UH mangler."
        )
        return case
    services.report_approve(actor=users["statsforvalter"], case=case)
    return case


def fresh(case: Case) -> Case:
    return Case.objects.select_related(
        "network__partnership", "scheme_year", "decision_basis", "report"
    ).get(pk=case.pk)


def _draft(case):
    return rules.draft_decision(case)


def _pending_appeal(case):
    return Appeal.objects.filter(
        decision__network=case.network, outcome=Appeal.Outcome.PENDING
    ).first()


#: For each action a page can offer: the service call that action makes.
PROBES = {
    "start_decision_basis": lambda u, c: services.decision_basis_start(actor=u, case=c),
    "reopen_decision_basis": lambda u, c: services.decision_basis_reopen(
        actor=u, case=c, until=services._today() + dt.timedelta(days=7), comment="Sykdom."
    ),
    "edit_decision_basis": lambda u, c: services.decision_basis_update(actor=u, case=c),
    "submit_decision_basis": lambda u, c: services.decision_basis_submit(actor=u, case=c),
    "return_decision_basis": lambda u, c: services.decision_basis_return(
        actor=u, case=c, comment="Rett opp."
    ),
    "record_recommendation": lambda u, c: services.recommendation_line_set(
        actor=u, case=c, amount=0, uh_amount=0
    ),
    "return_recommendation": lambda u, c: services.recommendation_return(
        actor=u, case=c, comment="Vurder på nytt."
    ),
    "edit_decision": lambda u, c: services.decision_update(actor=u, decision=_draft(c)),
    "decide": lambda u, c: services.decision_decide(actor=u, decision=rules.draft_grant(c)),
    "prepare_refusal": lambda u, c: services.refusal_prepare(actor=u, case=c, reasons="Avslag."),
    "refuse": lambda u, c: services.decision_decide(actor=u, decision=rules.draft_refusal(c)),
    "withdraw": lambda u, c: services.case_withdraw(actor=u, case=c, comment="Trekker saken."),
    "open_reporting": lambda u, c: services.reporting_open(actor=u, case=c),
    "edit_report": lambda u, c: services.report_update(actor=u, case=c),
    "submit_report": lambda u, c: services.report_submit(actor=u, case=c),
    "return_report": lambda u, c: services.report_return(actor=u, case=c, comment="Mangler."),
    "approve_report": lambda u, c: services.report_approve(actor=u, case=c),
    "control_report": lambda u, c: services.report_approve(actor=u, case=c),
    "lodge_appeal": lambda u, c: services.appeal_lodge(actor=u, case=c, text="Klage."),
    "recommend_supplement": lambda u, c: services.supplement_recommend(
        actor=u, case=c, amount=1, reason="Ubrukte midler."
    ),
    "decide_appeal": lambda u, c: services.appeal_decide(
        actor=u,
        appeal=_pending_appeal(c),
        outcome=Appeal.Outcome.FORWARDED,
        note="Oversendt.",
        forwarding_letter="Vedtaket opprettholdes.",
    ),
}


class _Rollback(Exception):
    pass


def service_accepts(user, case: Case, name: str) -> bool:
    """Whether the service behind ``name`` accepts this user now (nothing is kept)."""
    probe = PROBES[name]
    if name == "edit_decision" and _draft(case) is None:
        return False
    if name == "decide" and rules.draft_grant(case) is None:
        return False
    if name == "refuse" and rules.draft_refusal(case) is None:
        return False
    if name == "decide_appeal" and _pending_appeal(case) is None:
        return False
    try:
        with transaction.atomic():
            probe(user, fresh(case))
            raise _Rollback
    except _Rollback:
        return True
    except (PermissionDenied, DomainError):
        return False


@pytest.mark.parametrize("stage", STAGES)
def test_offered_actions_are_exactly_those_the_services_accept(demo, sorvest_case, travel, stage):
    case = walk_to(demo, sorvest_case, stage, travel)
    offered_anything = False
    for username in USERS:
        user = demo[username]
        offered = {a.name for a in selectors.available_actions(user, fresh(case))}
        offered.discard("set_local_deadline")  # checked on its own below
        accepted = {name for name in PROBES if service_accepts(user, case, name)}
        assert offered == accepted, (stage, username)
        offered_anything = offered_anything or bool(offered)
    assert offered_anything or stage in ("avsluttet", "trukket")


@pytest.mark.parametrize("stage", ["avsluttet", "trukket"])
def test_the_closed_case_offers_nothing_to_anyone(demo, sorvest_case, travel, stage):
    case = walk_to(demo, sorvest_case, stage, travel)
    for username in USERS:
        assert selectors.available_actions(demo[username], fresh(case)) == []


def test_local_deadline_is_offered_in_the_needs_stage_and_the_service_accepts_it(
    demo, sorvest_case, travel
):
    travel(NEEDS_TIME)
    case = fresh(sorvest_case)
    for username in USERS:
        offered = "set_local_deadline" in {
            a.name for a in selectors.available_actions(demo[username], case)
        }
        assert offered == (username in ("koordinator", "uh", "sekretariat")), username
    services.local_deadline_set(
        actor=demo["koordinator"],
        scheme_year=case.scheme_year,
        network=case.network,
        deadline=dt.date(2026, 12, 10),
    )
    services.decision_basis_start(actor=demo["koordinator"], case=case)
    assert "set_local_deadline" not in {
        a.name for a in selectors.available_actions(demo["koordinator"], fresh(case))
    }


def test_reopening_is_refused_once_the_basis_is_with_the_forum(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    with pytest.raises(DomainError, match="Innstilling"):
        services.decision_basis_reopen(
            actor=demo["sekretariat"], case=case, until=dt.date(2027, 2, 10), comment="Sent."
        )


def test_blocked_submission_explains_what_is_missing(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "grunnlag-tomt", travel)
    blocked = selectors.blocked_actions(demo["koordinator"], fresh(case))
    assert [b.name for b in blocked] == ["submit_decision_basis"]
    assert any("minst ett tiltak" in p for p in blocked[0].problems)
    assert selectors.blocked_actions(demo["eier"], fresh(case)) == []


def test_conflicted_forum_member_is_told_why_not_offered(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    services.conflict_declare(
        actor=demo["forum"], scheme_year=case.scheme_year, network=case.network, reason="Ansatt."
    )
    names = {a.name for a in selectors.available_actions(demo["forum"], fresh(case))}
    assert "record_recommendation" not in names
    blocked = selectors.blocked_actions(demo["forum"], fresh(case))
    assert blocked[0].problems == ["Du har erklært deg inhabil for dette nettverket."]


# --- tasks_for -------------------------------------------------------------------------------


def _titles(user, today):
    return [(t.title, t.subject) for t in selectors.tasks_for(user, today)]


def test_owner_contact_is_asked_for_the_needs_report_until_it_is_sent(demo, frozen_year, travel):
    travel(NEEDS_TIME)
    today = dt.date(2026, 11, 25)
    [task] = selectors.tasks_for(demo["eier"], today)
    assert (task.title, task.subject) == ("Send behovsmelding for 2027", "Orkland")
    assert task.deadline == dt.date(2026, 12, 1)
    assert task.days_left == 6 and not task.overdue
    owner = Owner.objects.get(number="5059")
    services.needs_report_save(
        actor=demo["eier"], scheme_year=frozen_year, owner=owner, themes="Utkast"
    )
    assert _titles(demo["eier"], today) == [("Fullfør og send behovsmeldingen for 2027", "Orkland")]
    NeedsReport.objects.filter(owner=owner).delete()
    submit_needs(demo, frozen_year)
    assert selectors.tasks_for(demo["eier"], today) == []


def test_needs_task_is_overdue_after_the_deadline_and_follows_the_local_deadline(
    demo, frozen_year, travel
):
    travel(NEEDS_TIME)
    network = Network.objects.get(name="Trøndelag sørvest")
    services.local_deadline_set(
        actor=demo["koordinator"],
        scheme_year=frozen_year,
        network=network,
        deadline=dt.date(2026, 12, 3),
    )
    [task] = selectors.tasks_for(demo["eier"], dt.date(2026, 12, 5))
    assert task.deadline == dt.date(2026, 12, 3)
    assert task.overdue and task.days_overdue == 2
    # After the decision-basis deadline the optional needs report is no longer asked for.
    assert selectors.tasks_for(demo["eier"], dt.date(2027, 2, 2)) == []


def test_owner_contact_of_another_network_sees_only_their_own_owner(demo, frozen_year, travel):
    travel(NEEDS_TIME)
    fosen_owner = Owner.objects.filter(network__name="Fosen").first()
    other = user_with_role(Role.OWNER_CONTACT, owner=fosen_owner)
    tasks = selectors.tasks_for(other, dt.date(2026, 11, 25))
    assert [t.subject for t in tasks] == [fosen_owner.name]


def test_partnership_tasks_follow_the_case(demo, sorvest_case, travel):
    today = dt.date(2027, 1, 20)
    case = walk_to(demo, sorvest_case, "behovsmelding", travel)
    assert ("Start beslutningsgrunnlaget for 2027", "Trøndelag sørvest") in _titles(
        demo["koordinator"], today
    )
    # The UH contact works with six networks and the joint measures: a task for each of them.
    assert len(selectors.tasks_for(demo["uh"], today)) == 7
    services.decision_basis_start(actor=demo["koordinator"], case=case)
    [task] = selectors.tasks_for(demo["koordinator"], today)
    assert task.title == "Skriv og send beslutningsgrunnlaget for 2027"
    assert task.deadline == dt.date(2027, 2, 1) and task.days_left == 12
    write_basis(demo, case)
    services.decision_basis_submit(actor=demo["koordinator"], case=case)
    assert selectors.tasks_for(demo["koordinator"], today) == []
    services.decision_basis_return(actor=demo["sekretariat"], case=case, comment="Mer om UH.")
    assert _titles(demo["koordinator"], today) == [
        ("Rett opp beslutningsgrunnlaget for 2027 og send det på nytt", "Trøndelag sørvest")
    ]


def test_forum_tasks_skip_networks_with_a_declared_conflict(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "innstilling", travel)
    today = dt.date(2027, 2, 20)
    expected = ("Behandle beslutningsgrunnlaget og før innstilling", "Trøndelag sørvest")
    assert expected in _titles(demo["forum"], today)
    assert expected in _titles(demo["sekretariat"], today)
    services.conflict_declare(
        actor=demo["forum"], scheme_year=case.scheme_year, network=case.network, reason="Ansatt."
    )
    assert expected not in _titles(demo["forum"], today)
    services.recommendation_line_set(
        actor=demo["sekretariat"], case=case, amount=500_000, uh_amount=0
    )
    assert ("Send innstillingen for 2027 til Statsforvalteren", "Samarbeidsforum") in _titles(
        demo["sekretariat"], today
    )
    assert not any(t.startswith("Send innstillingen") for t, _s in _titles(demo["forum"], today))


def test_statsforvalter_tasks_from_vedtak_to_report_control(demo, sorvest_case, travel):
    case = walk_to(demo, sorvest_case, "vedtak-utkast", travel)
    today = dt.date(2027, 3, 1)
    [task] = selectors.tasks_for(demo["statsforvalter"], today)
    assert task.title == "Fatt vedtak for 2027"
    assert task.deadline == dt.date(2027, 3, 15)
    draft = Decision.objects.get(network=case.network, status=Decision.Status.DRAFT)
    assert task.url == f"/vedtak/{draft.pk}/"
    decide(demo, case)
    assert _titles(demo["statsforvalter"], today) == [
        ("Åpne rapporteringen for 2027", "Trøndelag sørvest")
    ]
    case.refresh_from_db()
    services.reporting_open(actor=demo["statsforvalter"], case=case)
    case.refresh_from_db()
    assert selectors.tasks_for(demo["statsforvalter"], today) == []
    [task] = selectors.tasks_for(demo["koordinator"], today)
    assert task.title == "Skriv og send rapporten for 2027"
    assert task.deadline == dt.date(2027, 6, 30)
    travel(REPORT_TIME)
    fill_report(demo, case)
    services.report_submit(actor=demo["koordinator"], case=case)
    assert _titles(demo["statsforvalter"], today) == [
        ("Kontroller rapporten for 2027", "Trøndelag sørvest")
    ]
    assert selectors.tasks_for(demo["koordinator"], today) == []


def test_appeals_become_tasks_for_the_statsforvalter(demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "klage", travel)
    titles = _titles(demo["statsforvalter"], dt.date(2027, 3, 5))
    assert ("Behandle klagen på vedtaket", "Trøndelag sørvest") in titles


def test_tasks_are_sorted_by_deadline_and_the_admin_has_none(demo, sorvest_case, travel):
    walk_to(demo, sorvest_case, "behovsmelding", travel)
    tasks = selectors.tasks_for(demo["uh"], dt.date(2027, 1, 20))
    deadlines = [t.deadline for t in tasks]
    assert deadlines == sorted(deadlines)
    assert selectors.tasks_for(demo["admin"], dt.date(2027, 1, 20)) == []


def test_upcoming_deadlines_match_the_role(demo, frozen_year):
    today = dt.date(2026, 11, 25)
    owner = selectors.upcoming_for(demo["eier"], today)
    assert [(u.label, u.date) for u in owner] == [
        ("Anbefalt frist for behovsmelding fra eierne", dt.date(2026, 12, 1))
    ]
    statsforvalter = {u.date for u in selectors.upcoming_for(demo["statsforvalter"], today)}
    assert statsforvalter == {dt.date(2027, 3, 15), dt.date(2027, 6, 30)}
    assert selectors.upcoming_for(demo["eier"], dt.date(2026, 12, 2)) == []
