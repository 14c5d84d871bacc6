# ruff: noqa: F811 (pytest fixtures imported from test_pages_basis are parameters here)
"""The look and wording of the workflow pages: deleting asks first and leaves a line in the
history, feedback is marked resolved once the document is sent again, the history reads cleanly,
amounts never break inside, and an error is shown at its field as well as in the summary."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from grants.models import BudgetLine, Measure
from networks.models import Event
from networks.templatetags.nb import kr, unbreakable
from workflow.selectors import case_timeline, revision_comments

from .test_pages_basis import (
    _add_line,
    _add_measure,
    _basis,
    started,  # noqa: F401 (the fixture)
)
from .test_pages_support import body, last_message, text
from .test_selectors import walk_to

NBSP = "\u00a0"


def test_deleting_a_measure_or_budget_line_asks_first_and_is_recorded(login, demo, started):
    client = login("koordinator")
    _add_measure(client, started)
    measure = Measure.objects.get()
    _add_line(client, started, measure, "12 500")
    line = BudgetLine.objects.get()

    # The editor's "Slett" is a link to a question, not a button that deletes at once.
    editor = body(client.get(reverse("decision_basis_edit", args=[started.pk])))
    assert f'href="{reverse("budget_line_delete", args=[started.pk, line.pk])}"' in editor
    question = client.get(reverse("budget_line_delete", args=[started.pk, line.pk]))
    assert question.status_code == 200
    assert "Slette budsjettlinjen «UH-bidrag»?" in text(question)
    assert BudgetLine.objects.filter(pk=line.pk).exists()

    response = client.post(
        reverse("budget_line_delete", args=[started.pk, line.pk]),
        {"version": str(_basis(started).version)},
    )
    assert last_message(response) == "Budsjettlinjen «UH-bidrag» er slettet."
    question = client.get(reverse("measure_delete", args=[started.pk, measure.pk]))
    assert "Slette tiltaket «Inkluderende læringsmiljø»?" in text(question)
    assert Measure.objects.filter(pk=measure.pk).exists()
    client.post(
        reverse("measure_delete", args=[started.pk, measure.pk]),
        {"version": str(_basis(started).version)},
    )
    assert not Measure.objects.exists()

    kinds = list(Event.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds[-2:] == ["budget_line_deleted", "measure_deleted"]
    history = text(client.get(reverse("case_history", args=[started.pk])))
    assert "Budsjettlinjen «UH-bidrag» (12 500 kr) ble slettet fra tiltaket" in history
    assert "Tiltaket «Inkluderende læringsmiljø» ble slettet" in history


def test_feedback_is_resolved_when_the_document_is_sent_again(login, demo, started, travel):
    case = walk_to(demo, started, "grunnlag-klart", travel)
    submit = reverse("case_action", args=[case.pk, "submit_decision_basis"])
    partnership = login("koordinator")
    partnership.post(submit, {})
    login("sekretariat").post(
        reverse("case_action", args=[case.pk, "return_decision_basis"]),
        {"return_decision_basis-comment": "Beskriv UH-bidraget nærmere."},
    )
    partnership = login("koordinator")  # the test client is shared: sign in again
    [open_feedback] = revision_comments(case)
    assert open_feedback.answered_at is None
    page = text(partnership.get(reverse("case_detail", args=[case.pk])))
    assert "Må rettes" in page and "Løst" not in page

    resent = partnership.post(submit, {})
    assert resent.status_code == 302, text(resent)[:2000]
    [answered] = revision_comments(case)
    assert answered.answered_at is not None
    page = text(partnership.get(reverse("case_detail", args=[case.pk])))
    assert "Beskriv UH-bidraget nærmere." in page
    assert "Løst" in page and "Rettet og sendt på nytt" in page and "Må rettes" not in page


def test_the_history_says_from_and_to_only_when_the_stage_changes(login, demo, started, travel):
    case = walk_to(demo, started, "grunnlag-klart", travel)
    login("koordinator").post(reverse("case_action", args=[case.pk, "submit_decision_basis"]))
    entries = [e for e in case_timeline(case) if e.is_transition]
    assert any(e.moved for e in entries)
    assert all(e.moved == (e.source != e.target and bool(e.source)) for e in entries)
    page = text(login("koordinator").get(reverse("case_history", args=[case.pk])))
    assert not re.search(r"fra «([^»]+)» til «\1»", page)
    assert "kr., " not in page


def test_amounts_keep_their_spaces_together():
    assert str(kr(1234567)) == f'<span class="amount">1{NBSP}234{NBSP}567{NBSP}kr</span>'
    assert unbreakable("endret fra 815 074 kr til 900 000 kr.") == (
        f"endret fra 815{NBSP}074{NBSP}kr til 900{NBSP}000{NBSP}kr."
    )
    assert unbreakable("år 2027 og 12 elever") == "år 2027 og 12 elever"


@pytest.mark.parametrize("amount", ["mange penger", "-5 000"])
def test_an_error_is_marked_at_the_field_and_in_the_summary(login, started, amount):
    client = login("koordinator")
    _add_measure(client, started)
    measure = Measure.objects.get()
    response = _add_line(client, started, measure, amount)
    html = body(response)
    assert 'class="error-summary ds-error-summary"' in html
    field = re.search(r'<input[^>]*\bid="id_amount"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in field
    assert "id_amount_error" in field and "ds-input" in field
    assert re.search(r'<p class="error-text ds-validation-message" id="id_amount_error"', html)
