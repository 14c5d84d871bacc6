"""The step table and the state machine agree, and the case page is read off the table."""

from __future__ import annotations

import re

from django.urls import reverse
from django_fsm_log.models import StateLog

from workflow.links import LINKS
from workflow.models import Case
from workflow.states import CaseState
from workflow.steps import RETURN_STEPS, STEPS

from .conftest import BEFORE_BASIS_DEADLINE
from .helpers import write_basis
from .test_pages_support import body, text


def _transitions() -> set[str]:
    return {t.name for t in Case._meta.get_field("state").get_all_transitions(Case)}


def test_every_transition_has_exactly_one_step_and_every_step_is_a_transition():
    names = [step.name for step in STEPS]
    assert len(names) == len(set(names))
    assert set(names) == _transitions()


def test_links_are_not_transitions_and_have_unique_names():
    names = [link.name for link in LINKS]
    assert len(names) == len(set(names))
    assert not set(names) & _transitions()
    assert not set(names) & {step.name for step in STEPS}


def test_steps_that_send_a_document_back_demand_a_comment():
    assert set(RETURN_STEPS) == {"return_decision_basis", "return_recommendation", "return_report"}
    for step in STEPS:
        if step.returns:
            assert step.comment == "required", step.name


def test_every_step_has_the_wording_people_read():
    for step in STEPS:
        for words in (step.label, step.done, step.success, step.comment_label):
            assert str(words).strip(), step.name


def test_a_step_taken_is_worded_in_the_history_from_the_table(login, demo, sorvest_case, travel):
    travel(BEFORE_BASIS_DEADLINE)
    client = login("koordinator")
    url = reverse("case_action", args=[sorvest_case.pk, "start_decision_basis"])
    client.post(url, {"start_decision_basis-seen_state": CaseState.BEHOVSMELDING})
    log = StateLog.objects.for_(sorvest_case).get()
    assert log.transition == "start_decision_basis"
    page = text(client.get(reverse("case_history", args=[sorvest_case.pk])))
    assert "Arbeidet med beslutningsgrunnlaget ble startet" in page


def test_an_unknown_or_off_page_step_is_not_found(login, demo, sorvest_case):
    client = login("statsforvalter")
    for name in ("nonsense", "recommend", "decide"):
        response = client.post(reverse("case_action", args=[sorvest_case.pk, name]), {})
        assert response.status_code == 404, name


def test_the_loser_of_a_simultaneous_step_is_told_and_keeps_the_comment(
    login, demo, sorvest_case, travel
):
    """The secretariat has the case page open with a return comment typed when the partnership's
    decision basis is returned by someone else: the second return is refused with the message at
    the top and the comment is still on the page."""
    travel(BEFORE_BASIS_DEADLINE)
    case = sorvest_case
    write_basis(demo, case)
    from workflow import services

    services.decision_basis_submit(actor=demo["koordinator"], case=case)
    services.decision_basis_return(
        actor=demo["sekretariat"], case=Case.objects.get(pk=case.pk), comment="Første retur."
    )
    client = login("sekretariat")
    typed = "Budsjettlinjen for UH mangler fordeling per tiltak."
    response = client.post(
        reverse("case_action", args=[case.pk, "return_decision_basis"]),
        {
            "return_decision_basis-comment": typed,
            "return_decision_basis-seen_state": CaseState.INNSTILLING,
        },
    )
    assert response.status_code == 200
    summary = re.search(r'<div class="error-summary[ "].*?</div>', body(response), re.S)
    assert summary and "Saken ble endret av noen andre" in summary.group(0)
    assert typed in body(response)
    assert "Det du skrev, er tatt vare på" in text(response)
    assert StateLog.objects.for_(case).filter(transition="return_decision_basis").count() == 1
