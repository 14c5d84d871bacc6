"""The audit trails (events and the transition log) are append-only: not through the models, not
through the admin, and on PostgreSQL not even in SQL."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django_fsm_log.models import StateLog

from networks.models import Event
from networks.services import event_record
from workflow import services
from workflow.models import Case


@pytest.fixture
def event(db):
    return event_record(kind="test", message="Noe som skjedde.")


def test_an_event_cannot_be_changed_or_deleted_through_the_model(event):
    event.message = "Omskrevet."
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).update(message="Omskrevet.")
    with pytest.raises(PermissionError):
        Event.objects.filter(pk=event.pk).delete()
    assert Event.objects.get(pk=event.pk).message == "Noe som skjedde."


def test_a_transition_log_row_cannot_be_changed_or_deleted(demo):
    case = Case.objects.first()
    services.decision_basis_start(actor=demo["sekretariat"], case=case)
    log = StateLog.objects.get()
    log.description = "Omskrevet."
    with pytest.raises(PermissionError):
        log.save()
    with pytest.raises(PermissionError):
        log.delete()


def test_the_admin_offers_no_change_or_delete_of_events(demo, login, event):
    client = login("admin")
    assert client.get(f"/admin/networks/event/{event.pk}/delete/").status_code == 403
    response = client.post(f"/admin/networks/event/{event.pk}/change/", {"message": "x"})
    assert response.status_code == 403
    assert Event.objects.get(pk=event.pk).message == "Noe som skjedde."


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_trigger_refuses_delete_and_update_on_the_event_table(event):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM networks_event WHERE id = %s", [event.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE networks_event SET message = 'x' WHERE id = %s", [event.pk])
    assert Event.objects.filter(pk=event.pk, message="Noe som skjedde.").exists()


@pytest.mark.services
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_trigger_refuses_delete_on_the_transition_log(demo):
    case = Case.objects.first()
    services.decision_basis_start(actor=demo["sekretariat"], case=case)
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM django_fsm_log_statelog")
    assert StateLog.objects.count() == 1
