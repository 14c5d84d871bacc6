"""Notifications: every handover tells the people who must act next (from their memberships) and
no one else, gives the sender a receipt, and its email is sent once, after commit."""

from __future__ import annotations

import datetime as dt
import smtplib

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from config.errors import DomainError
from grants.models import Appeal, Decision
from networks.models import Network, Owner, University
from networks.roles import Role
from tests.factories import user_with_role
from workflow import services
from workflow.notifications import services as notification_services
from workflow.notifications.handovers import payout_handover
from workflow.notifications.kinds import KINDS, EmailMode, Kind
from workflow.notifications.models import Notification, NotificationPreference
from workflow.notifications.selectors import case_recipients
from workflow.notifications.tasks import send_notification_digests, send_notification_email
from workflow.reminders.services import send_due_reminders

from .conftest import BEFORE_BASIS_DEADLINE, DECISION_TIME, FORUM_MEETING, REPORT_TIME
from .helpers import decide, fill_report, recommend, submit_needs, write_basis

NEEDS_TIME = dt.datetime(2026, 11, 25, 10, 0)
APPEAL_TIME = dt.datetime(2027, 3, 5, 10, 0)


@pytest.fixture
def outsiders(demo):
    """People who must never hear about Trøndelag sørvest's case: those of other networks, and
    the contact of an owner in it that is not the host owner (the demo's Orkland is)."""
    sorvest = Network.objects.get(name="Trøndelag sørvest")
    fosen = Network.objects.get(name="Fosen")
    foreign_university = University.objects.exclude(partnerships__network=sorvest).first()
    return [
        # An owner in the network that is not its host owner: not a party to the vedtak.
        user_with_role(
            Role.OWNER_CONTACT,
            owner=Owner.objects.filter(network=sorvest).exclude(pk=sorvest.host_owner_id).first(),
        ),
        user_with_role(Role.NETWORK_COORDINATOR, network=fosen),
        user_with_role(Role.OWNER_CONTACT, owner=Owner.objects.filter(network=fosen).first()),
        user_with_role(Role.UH_CONTACT, university=foreign_university),
    ]


@pytest.fixture
def handover(django_capture_on_commit_callbacks):
    """handover(step) runs one step as a committed request would, and returns what it made:
    {kind: set of usernames} for the notifications, and the emails sent."""

    def _run(step):
        before = set(Notification.objects.values_list("pk", flat=True))
        sent_before = len(mail.outbox)
        with django_capture_on_commit_callbacks(execute=True):
            step()
        made: dict[str, set[str]] = {}
        for kind, username in (
            Notification.objects.exclude(pk__in=before)
            .order_by("pk")
            .values_list("kind", "recipient__username")
        ):
            made.setdefault(kind, set()).add(username)
        return made, mail.outbox[sent_before:]

    return _run


def _nobody_else(outsiders):
    assert not Notification.objects.filter(recipient__in=outsiders).exists()


def test_needs_report_goes_to_the_networks_coordinator_with_a_receipt_for_the_owner(
    demo, frozen_year, travel, handover, outsiders
):
    travel(NEEDS_TIME)
    made, emails = handover(lambda: submit_needs(demo, frozen_year))
    assert made == {Kind.NEEDS_REPORT_SUBMITTED: {"koordinator"}, Kind.RECEIPT: {"eier"}}
    assert sorted(m.to[0] for m in emails) == [
        "eier@demo.kompetanseloftet.example",
        "koordinator@demo.kompetanseloftet.example",
    ]
    _nobody_else(outsiders)


def test_decision_basis_handovers_reach_the_forum_and_back_the_partnership(
    demo, sorvest_case, travel, handover, outsiders
):
    travel(BEFORE_BASIS_DEADLINE)
    case = sorvest_case
    made, _emails = handover(lambda: write_basis(demo, case))
    assert made == {}  # starting and editing hand nothing over

    made, _emails = handover(
        lambda: services.decision_basis_submit(actor=demo["koordinator"], case=case)
    )
    assert made == {
        Kind.DECISION_BASIS_SUBMITTED: {"sekretariat", "forum"},
        Kind.RECEIPT: {"koordinator"},
    }

    made, emails = handover(
        lambda: services.decision_basis_return(
            actor=demo["sekretariat"], case=case, comment="Beskriv UH-bidraget nærmere."
        )
    )
    assert made == {
        Kind.DECISION_BASIS_RETURNED: {"koordinator", "uh"},
        Kind.RECEIPT: {"sekretariat"},
    }
    returned = Notification.objects.get(kind=Kind.DECISION_BASIS_RETURNED, recipient=demo["uh"])
    assert returned.body == "Beskriv UH-bidraget nærmere."
    assert returned.url == f"/saker/{case.pk}/beslutningsgrunnlag/"
    to_uh = next(m for m in emails if m.to == [demo["uh"].email])
    assert "Beskriv UH-bidraget nærmere." in to_uh.body
    assert "returnert for retting" in to_uh.subject
    _nobody_else(outsiders)


def test_innstilling_goes_to_statsforvalteren_and_a_return_to_the_secretariat(
    demo, sorvest_case, travel, handover, outsiders
):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    travel(FORUM_MEETING)
    made, _emails = handover(lambda: recommend(demo, sorvest_case))
    assert made == {
        Kind.RECOMMENDATION_SENT: {"statsforvalter", "godkjenner"},
        Kind.RECEIPT: {"sekretariat"},
    }

    made, _emails = handover(
        lambda: services.recommendation_return(
            actor=demo["statsforvalter"], case=sorvest_case, comment="Beløpet må begrunnes."
        )
    )
    assert made == {Kind.RECOMMENDATION_RETURNED: {"sekretariat"}, Kind.RECEIPT: {"statsforvalter"}}
    _nobody_else(outsiders)


def test_vedtak_with_its_letter_and_the_appeal_reach_the_right_people(
    demo, sorvest_case, travel, handover, outsiders
):
    travel(BEFORE_BASIS_DEADLINE)
    write_basis(demo, sorvest_case)
    services.decision_basis_submit(actor=demo["koordinator"], case=sorvest_case)
    travel(FORUM_MEETING)
    recommend(demo, sorvest_case)
    travel(DECISION_TIME)

    made, emails = handover(lambda: decide(demo, sorvest_case))
    # The partnership, and the host owner (Orkland, the demo's "eier"): the vedtak's party.
    assert made == {
        Kind.DECISION_MADE: {"koordinator", "uh", "eier"},
        # the approver made it (two-person approval)
        Kind.RECEIPT: {"godkjenner"},
    }
    vedtak = Notification.objects.get(kind=Kind.DECISION_MADE, recipient=demo["koordinator"])
    decision = Decision.objects.get(network=sorvest_case.network, status=Decision.Status.DECIDED)
    assert vedtak.legal_effect
    assert vedtak.url == f"/vedtak/{decision.pk}/"
    letter_url = vedtak.params["letter_url"]
    to_coordinator = next(m for m in emails if m.to == [demo["koordinator"].email])
    assert letter_url in to_coordinator.body
    html, mimetype = to_coordinator.alternatives[0]
    assert mimetype == "text/html" and letter_url in html

    travel(APPEAL_TIME)
    appeal = None

    def lodge():
        nonlocal appeal
        appeal = services.appeal_lodge(
            actor=demo["koordinator"], case=sorvest_case, text="Vi mener beløpet er for lavt."
        )

    made, _emails = handover(lodge)
    assert made == {
        Kind.APPEAL_LODGED: {"statsforvalter", "godkjenner"},
        Kind.RECEIPT: {"koordinator"},
    }

    made, _emails = handover(
        lambda: services.appeal_decide(
            actor=demo["statsforvalter"],
            appeal=appeal,
            outcome=Appeal.Outcome.FORWARDED,
            forwarding_letter="Vedtaket opprettholdes.",
            note="Oversendt klageinstansen.",
        )
    )
    assert made == {
        Kind.APPEAL_DECIDED: {"koordinator", "uh", "eier"},
        Kind.RECEIPT: {"statsforvalter"},
    }
    decided = Notification.objects.get(kind=Kind.APPEAL_DECIDED, recipient=demo["uh"])
    assert decided.legal_effect
    assert "Opprettholdt og oversendt klageinstansen" in decided.title
    _nobody_else(outsiders)


def test_report_handovers_and_a_payout(demo, sorvest_case, travel, handover, outsiders):
    travel(BEFORE_BASIS_DEADLINE)
    case = sorvest_case
    write_basis(demo, case)
    services.decision_basis_submit(actor=demo["koordinator"], case=case)
    travel(FORUM_MEETING)
    recommend(demo, case)
    travel(DECISION_TIME)
    decide(demo, case)

    made, _emails = handover(
        lambda: services.reporting_open(actor=demo["statsforvalter"], case=case)
    )
    assert made == {Kind.REPORTING_OPENED: {"koordinator", "uh"}, Kind.RECEIPT: {"statsforvalter"}}
    case.refresh_from_db()
    travel(REPORT_TIME)
    fill_report(demo, case)
    made, _emails = handover(lambda: services.report_submit(actor=demo["koordinator"], case=case))
    assert made == {
        Kind.REPORT_SUBMITTED: {"statsforvalter", "godkjenner"},
        Kind.RECEIPT: {"koordinator"},
    }
    made, _emails = handover(
        lambda: services.report_return(
            actor=demo["statsforvalter"], case=case, comment="Mangler tall."
        )
    )
    assert made == {Kind.REPORT_RETURNED: {"koordinator", "uh"}, Kind.RECEIPT: {"statsforvalter"}}
    services.report_submit(actor=demo["uh"], case=case)
    made, _emails = handover(
        lambda: services.report_approve(actor=demo["statsforvalter"], case=case)
    )
    assert made == {Kind.REPORT_APPROVED: {"koordinator", "uh"}, Kind.RECEIPT: {"statsforvalter"}}

    # The payout service (to come) calls this when it has paid.
    made, emails = handover(
        lambda: payout_handover(case=case, amount=1_234_567, actor=demo["statsforvalter"])
    )
    assert made == {
        Kind.PAYOUT_MADE: {"koordinator", "uh", "eier"},
        Kind.RECEIPT: {"statsforvalter"},
    }
    assert any("1 234 567 kr" in m.subject for m in emails)
    _nobody_else(outsiders)


def test_a_forum_member_with_a_declared_conflict_is_not_told(demo, sorvest_case):
    services.conflict_declare(
        actor=demo["forum"],
        scheme_year=sorvest_case.scheme_year,
        network=sorvest_case.network,
        reason="Ansatt i en av kommunene.",
    )
    told = {u.username for u in case_recipients(Kind.DECISION_BASIS_SUBMITTED, sorvest_case)}
    assert told == {"sekretariat"}
    fosen_case = sorvest_case.scheme_year.cases.get(network__name="Fosen")
    told = {u.username for u in case_recipients(Kind.DECISION_BASIS_SUBMITTED, fosen_case)}
    assert told == {"sekretariat", "forum"}


def test_recipients_follow_the_memberships_not_a_list(demo, sorvest_case):
    assert {u.username for u in case_recipients(Kind.DECISION_MADE, sorvest_case)} == {
        "koordinator",
        "uh",
        "eier",
    }
    newcomer = user_with_role(Role.NETWORK_COORDINATOR, network=sorvest_case.network)
    assert newcomer in case_recipients(Kind.DECISION_MADE, sorvest_case)
    newcomer.is_active = False
    newcomer.save()
    assert newcomer not in case_recipients(Kind.DECISION_MADE, sorvest_case)


# --- the email: once, after commit ------------------------------------------------------------


def test_email_is_sent_after_commit_and_only_once(
    demo, frozen_year, travel, django_capture_on_commit_callbacks
):
    travel(NEEDS_TIME)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_needs(demo, frozen_year)
    # In the inbox at once (same transaction), but nothing is mailed before the commit.
    assert Notification.objects.filter(kind=Kind.NEEDS_REPORT_SUBMITTED).count() == 1
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2
    receipt = next(m for m in mail.outbox if m.to == [demo["eier"].email])
    assert receipt.subject.startswith("Kvittering: Behovsmelding for 2027 fra Orkland")
    assert "Auto-Submitted" in receipt.extra_headers
    assert receipt.alternatives[0][1] == "text/html"
    # The task handed over again (a broker redelivery) finds nothing left to send.
    for notification in Notification.objects.all():
        assert notification.email_sent_at is not None
        assert send_notification_email.delay(notification.pk) is not None
    assert len(mail.outbox) == 2


def test_a_rolled_back_handover_notifies_no_one(
    demo, frozen_year, travel, django_capture_on_commit_callbacks
):
    travel(NEEDS_TIME)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        submit_needs(demo, frozen_year)
        raise RuntimeError("the request failed after the service")
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_failing_mail_server_is_tried_again_and_the_email_still_goes_once(
    demo, frozen_year, travel, django_capture_on_commit_callbacks, monkeypatch
):
    travel(NEEDS_TIME)
    from django.core.mail.backends.locmem import EmailBackend

    real_send = EmailBackend.send_messages

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        submit_needs(demo, frozen_year)
    assert mail.outbox == []
    failed = Notification.objects.get(kind=Kind.NEEDS_REPORT_SUBMITTED)
    assert failed.email_sent_at is None and failed.email_claimed_at is None
    assert failed.email_attempts == 1 and "mail server down" in failed.email_error

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    send_notification_email.delay(failed.pk)
    send_notification_email.delay(failed.pk)
    assert [m.to for m in mail.outbox] == [[demo["koordinator"].email]]
    failed.refresh_from_db()
    assert failed.email_sent_at is not None and failed.email_attempts == 2


def test_daily_digest_gathers_a_persons_notifications_into_one_email(
    demo, sorvest_case, django_capture_on_commit_callbacks
):
    statsforvalter = demo["statsforvalter"]
    NotificationPreference.objects.create(
        user=statsforvalter, kind=Kind.APPEAL_LODGED, email=EmailMode.DIGEST
    )
    NotificationPreference.objects.create(
        user=statsforvalter, kind=Kind.REPORT_SUBMITTED, email=EmailMode.DIGEST
    )
    with django_capture_on_commit_callbacks(execute=True):
        for kind in (Kind.APPEAL_LODGED, Kind.REPORT_SUBMITTED):
            notification_services.notify(
                kind=kind,
                recipients=case_recipients(kind, sorvest_case),
                case=sorvest_case,
                params={"year": 2027, "network": "Trøndelag sørvest"},
            )
    # The other case officer (the approver) keeps immediate e-mails.
    assert {tuple(m.to) for m in mail.outbox} <= {(demo["godkjenner"].email,)}
    mail.outbox.clear()
    send_notification_digests.delay()
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == [statsforvalter.email]
    assert "2 nye varsler" in digest.subject
    assert "Klage på vedtaket for 2027 fra Trøndelag sørvest" in digest.body
    assert "Rapporten for 2027 fra Trøndelag sørvest er sendt til kontroll" in digest.body
    send_notification_digests.delay()
    assert len(mail.outbox) == 1


def test_switched_off_kinds_stay_in_the_inbox_but_a_vedtak_cannot_be_switched_off(
    demo, sorvest_case, django_capture_on_commit_callbacks
):
    coordinator = demo["koordinator"]
    notification_services.notification_preferences_set(
        actor=coordinator, choices={Kind.REPORTING_OPENED: EmailMode.OFF}
    )
    with pytest.raises(DomainError) as refused:
        notification_services.notification_preferences_set(
            actor=coordinator, choices={Kind.DECISION_MADE: EmailMode.OFF}
        )
    assert str(refused.value) == str(notification_services.LEGAL_EFFECT_CANNOT_BE_OFF)
    with pytest.raises(IntegrityError), transaction.atomic():
        NotificationPreference.objects.create(
            user=coordinator, kind=Kind.DECISION_MADE, email=EmailMode.OFF
        )
    assert KINDS[Kind.DECISION_MADE].legal_effect and KINDS[Kind.APPEAL_DECIDED].legal_effect

    with django_capture_on_commit_callbacks(execute=True):
        for kind in (Kind.REPORTING_OPENED, Kind.DECISION_MADE):
            notification_services.notify(
                kind=kind,
                recipients=[coordinator],
                case=sorvest_case,
                params={"year": 2027, "network": "Trøndelag sørvest", "amount": 5},
            )
    assert Notification.objects.filter(recipient=coordinator).count() == 2
    assert [m.subject for m in mail.outbox] == ["Vedtak om tilskudd for 2027 til Trøndelag sørvest"]


def test_each_sent_reminder_is_also_in_the_inbox(
    demo, frozen_year, travel, django_capture_on_commit_callbacks
):
    travel(dt.datetime(2026, 11, 17, 7, 0))
    with django_capture_on_commit_callbacks(execute=True):
        send_due_reminders(today=dt.date(2026, 11, 17))
    reminders = Notification.objects.filter(kind=Kind.DEADLINE_REMINDER)
    assert reminders.filter(recipient=demo["eier"]).exists()
    first = reminders.filter(recipient=demo["eier"]).first()
    assert first.title.startswith("Påminnelse: Behovsmelding for Trøndelag sørvest, frist")
    # The reminder sent its own email; the inbox entry makes none of its own.
    assert not reminders.exclude(email=Notification.Email.NONE).exists()
    assert demo["eier"].email in {m.to[0] for m in mail.outbox}


def test_a_worker_retries_a_refused_email_with_growing_backoff(
    demo, sorvest_case, django_capture_on_commit_callbacks, monkeypatch
):
    from celery.exceptions import Retry
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with django_capture_on_commit_callbacks(execute=False):
        [notification] = notification_services.notify(
            kind=Kind.REPORT_APPROVED,
            recipients=[demo["koordinator"]],
            params={"year": 2027, "network": "Trøndelag sørvest"},
        )
    countdowns = []

    def retry(*, countdown, exc, **kwargs):
        countdowns.append(countdown)
        return Retry(exc=exc, when=countdown)

    monkeypatch.setattr(send_notification_email, "retry", retry)
    for tries_so_far in (0, 3):
        send_notification_email.push_request(is_eager=False, retries=tries_so_far)
        try:
            with pytest.raises(Retry):
                send_notification_email.run(notification.pk)
        finally:
            send_notification_email.pop_request()
    # Half a minute to a minute after the first failure, four to eight minutes after the fourth.
    assert 30 <= countdowns[0] <= 60 and 240 <= countdowns[1] <= 480
    notification.refresh_from_db()
    assert notification.email_attempts == 2 and notification.email_sent_at is None
