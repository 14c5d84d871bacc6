"""Decisions that hold in law (forvaltningsloven): the appeal period, the delivery of the vedtak
that starts it, late appeals, who may appeal, and the outcomes of an appeal."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from config.errors import DomainError
from grants.models import Decision
from workflow import services
from workflow.messages import APPEAL_PERIOD_TOO_SHORT

from .test_pages_decision import _decision_data, _draft
from .test_pages_support import field_error
from .test_selectors import walk_to


@pytest.fixture
def drafted(demo, sorvest_case, travel):
    return walk_to(demo, sorvest_case, "vedtak-utkast", travel)


# 1. The appeal period -----------------------------------------------------------------------


def test_an_appeal_period_under_three_weeks_is_refused_and_nothing_changes(demo, drafted):
    draft = _draft(drafted)
    with pytest.raises(DomainError) as refused:
        services.decision_update(
            actor=demo["statsforvalter"], decision=draft, appeal_weeks=2, reasons="Endret."
        )
    assert str(refused.value) == str(APPEAL_PERIOD_TOO_SHORT)
    assert refused.value.field == "appeal_weeks"
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.appeal_weeks, stored.reasons, stored.version) == (3, "", draft.version)


def test_an_appeal_period_may_be_extended(demo, drafted):
    draft = services.decision_update(
        actor=demo["statsforvalter"], decision=_draft(drafted), appeal_weeks=6
    )
    assert Decision.objects.get(pk=draft.pk).appeal_weeks == 6


def test_the_form_refuses_a_shorter_appeal_period_with_the_same_message(login, drafted):
    client = login("statsforvalter")
    draft = _draft(drafted)
    url = reverse("decision_detail", args=[draft.pk])
    refused = client.post(url, _decision_data(draft, appeal_weeks="2"))
    assert refused.status_code == 200
    assert field_error(refused, "id_appeal_weeks") == str(APPEAL_PERIOD_TOO_SHORT)
    stored = Decision.objects.get(pk=draft.pk)
    assert (stored.appeal_weeks, stored.reasons) == (3, "")


def test_the_database_refuses_a_shorter_appeal_period(drafted):
    draft = _draft(drafted)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=draft.pk).update(appeal_weeks=2)
