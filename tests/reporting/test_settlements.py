"""Control and repayment: at approval, unused money becomes a repayment claim (an enkeltvedtak
with its own letter), or is carried into the network's case next year where the year allows."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from config.errors import DomainError
from grants.models import JournalEntry, LegalText, Report, SchemeYear, Settlement
from reporting.repayment import repayment_letter_bytes
from reporting.selectors.repayment import repayment_claim_letters
from workflow import services
from workflow.models import Case

from .conftest import SORVEST, case_of, fill_and_submit_report, nb_kroner, pdf_text

INNHERRED = "Innherred"


def test_unused_money_at_approval_is_a_repayment_claim_with_its_letter(reported_year, login):
    claim = Settlement.objects.select_related("network").get(network__name=SORVEST)
    assert claim.kind == Settlement.Kind.REPAYMENT
    assert claim.amount == 25_000 == claim.granted - claim.used
    assert claim.due_on == dt.date(2027, 6, 1) + dt.timedelta(days=30)
    assert claim.account_number == "76940512057"
    entry = JournalEntry.objects.get(
        document_type=ContentType.objects.get_for_model(Settlement), document_id=claim.pk
    )
    assert entry.direction == JournalEntry.Direction.OUTGOING
    assert entry.kind == JournalEntry.Kind.REPAYMENT_CLAIM
    text = pdf_text(repayment_letter_bytes(claim))
    assert "Krav om tilbakebetaling av tilskudd for 2027" in text
    assert nb_kroner(25_000) in text
    assert "7694 05 12057" in text and "1. juli 2027" in text
    assert f"{entry.case_number}-{entry.document_number}" in text
    assert "Klageinstans er Utdanningsdirektoratet" in text
    assert "forvaltningsloven §§ 28 og 29" in text
    assert "forvaltningsloven § 18" in text  # the right of access
    host = claim.network.host_owner
    assert host.name in text and host.org_number[:3] in text
    # The case page and the network's people see it; another network's people do not.
    case = case_of(reported_year, SORVEST)
    page = login("koordinator").get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "Krav om tilbakebetaling" in page
    url = reverse("reporting:repayment_letter", args=[claim.pk])
    assert login("koordinator").get(url).status_code == 200
    assert login("statsforvalter").get(url)["Content-Type"] == "application/pdf"
    from networks.models import Network
    from networks.roles import Role
    from tests.factories import user_with_role

    outsider = user_with_role(Role.NETWORK_COORDINATOR, network=Network.objects.get(name="Fosen"))
    client = login("eier")
    client.force_login(outsider)
    assert client.get(url).status_code == 404


def test_the_claim_is_in_the_years_letter_list_named_by_its_document_number(reported_year):
    [letter] = repayment_claim_letters(reported_year)
    entry = JournalEntry.objects.get(kind=JournalEntry.Kind.REPAYMENT_CLAIM)
    assert letter.document_number == f"{entry.case_number}-{entry.document_number}"
    assert letter.filename.startswith(letter.document_number.replace("/", "-"))
    assert repayment_letter_bytes(letter.settlement).startswith(b"%PDF-")


def test_the_claim_cites_the_years_own_legal_text(reported_year, users):
    LegalText.objects.filter(scheme_year=reported_year, key="tilbakebetaling-hjemmel").update(
        text="Vilkår 7 i tilskuddsbrevet (redigert for året)."
    )
    case = case_of(reported_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    services.report_approve(actor=users["statsforvalter"], case=case)
    claim = Settlement.objects.get(network__name=INNHERRED)
    assert claim.amount == 10_000
    assert "Vilkår 7 i tilskuddsbrevet (redigert for året)." in pdf_text(
        repayment_letter_bytes(claim)
    )


def test_approval_without_an_account_to_repay_to_is_refused_and_nothing_is_saved(
    reported_year, users
):
    SchemeYear.objects.filter(pk=reported_year.pk).update(repayment_account="")
    case = case_of(reported_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    case = case_of(reported_year, INNHERRED)
    with pytest.raises(DomainError, match="Kontonummer for tilbakebetaling mangler"):
        services.report_approve(actor=users["statsforvalter"], case=case)
    case.refresh_from_db()
    assert case.state == Case.State.RAPPORTERING
    assert case.report.status == Report.Status.SUBMITTED
    assert not Settlement.objects.filter(network__name=INNHERRED).exists()


def test_nothing_unused_means_no_claim(reported_year, users):
    fosen = case_of(reported_year, "Fosen")
    services.report_approve(actor=users["statsforvalter"], case=fosen)
    assert not Settlement.objects.filter(network__name="Fosen").exists()


def test_carrying_over_is_refused_unless_the_year_allows_it(reported_year, users):
    case = case_of(reported_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    case = case_of(reported_year, INNHERRED)
    with pytest.raises(DomainError, match="tillater ikke"):
        services.report_approve(actor=users["statsforvalter"], case=case, carry_over=True)
    assert case_of(reported_year, INNHERRED).state == Case.State.RAPPORTERING


def test_carried_over_money_shows_in_both_years(reported_year, users, login):
    services.payout_settings_set(
        actor=users["statsforvalter"], scheme_year=reported_year, carry_over_allowed=True
    )
    case = case_of(reported_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    client = login("statsforvalter")
    control = reverse("report_control", args=[case.pk])
    page = client.get(control).content.decode()
    assert "Overført til neste år" in page and "Budsjett og bruk per budsjettlinje" in page
    response = client.post(control, {"settlement": "overforing", "comment": ""})
    assert response.status_code == 302, response.content.decode()[:3000]
    carried = Settlement.objects.get(network__name=INNHERRED)
    assert carried.kind == Settlement.Kind.CARRY_OVER and carried.carried_to_year == 2028
    assert not JournalEntry.objects.filter(
        document_type=ContentType.objects.get_for_model(Settlement), document_id=carried.pk
    ).exists()
    this_year = client.get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "Overført til neste år" in this_year
    next_year = services.scheme_year_open(
        actor=users["statsforvalter"],
        year=2028,
        total_amount=12_000_000,
        joint_amount=1_000_000,
        base_grant=0,
    )
    next_case = Case.objects.get(scheme_year=next_year, network__name=INNHERRED)
    page = client.get(reverse("case_documents", args=[next_case.pk])).content.decode()
    assert "Overført fra 2027" in page and nb_kroner(10_000) in page.replace("\xa0", " ")
    ledger = client.get(reverse("reporting:ledger", args=[2028])).content.decode()
    assert "Overført fra 2027" in ledger


def test_the_control_page_compares_each_budget_line_and_is_statsforvalterens(
    reported_year, users, login
):
    case = case_of(reported_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    url = reverse("report_control", args=[case.pk])
    page = login("statsforvalter").get(url).content.decode().replace("\xa0", " ")
    assert "UH-bidrag" in page and "Frikjøp og samlinger" in page
    assert nb_kroner(10_000) in page
    for name in ("eier", "koordinator", "uh", "sekretariat", "forum"):
        assert login(name).get(url).status_code in (403, 404), name
    # The case page offers it to Statsforvalteren as the next thing to do.
    case_page = login("statsforvalter").get(reverse("case_detail", args=[case.pk])).content
    assert url in case_page.decode()


def test_a_host_owner_that_writes_nynorsk_gets_the_claim_in_nynorsk(reported_year, users):
    from networks.models import Owner

    case = case_of(reported_year, INNHERRED)
    Owner.objects.filter(pk=case.network.host_owner_id).update(language_decision="nn")
    fill_and_submit_report(users, case, unused=10_000)
    services.report_approve(actor=users["statsforvalter"], case=case_of(reported_year, INNHERRED))
    text = pdf_text(repayment_letter_bytes(Settlement.objects.get(network__name=INNHERRED)))
    assert "Krav om tilbakebetaling av tilskot for 2027" in text
    assert "Klagefristen er 3 veker" in text
    assert "Grunngjeving" in text  # spelt as in the vedtak letter in nynorsk
    assert "forvaltningslova" in text
    assert "Tilskot som ikkje er brukt til føremålet, skal betalast tilbake" in text
    assert "føresegner om økonomistyring i staten" in text  # the year's legal text in nynorsk


# --- underretning of the claim (fvl. § 27) ------------------------------------------------------


def _claim_innherred(users, scheme_year, capture, *, execute=True, carry_over=False) -> Settlement:
    case = case_of(scheme_year, INNHERRED)
    fill_and_submit_report(users, case, unused=10_000)
    case = case_of(scheme_year, INNHERRED)
    with capture(execute=execute):
        services.report_approve(actor=users["statsforvalter"], case=case, carry_over=carry_over)
    return Settlement.objects.select_related("network__host_owner").get(network__name=INNHERRED)


def test_the_claims_letter_is_emailed_to_the_host_owners_postmottak_after_commit(
    reported_year, users, mailoutbox, django_capture_on_commit_callbacks
):
    from reporting.tasks import make_missing_letters
    from workflow.notifications.kinds import Kind
    from workflow.notifications.models import Notification

    claim = _claim_innherred(users, reported_year, django_capture_on_commit_callbacks)
    host = claim.network.host_owner

    def claim_letters():
        return [m for m in mailoutbox if m.attachments and m.subject.startswith("Krav om")]

    [message] = claim_letters()
    assert message.to == [host.official_email]
    # An official letter says it is automatic, but does not suppress bounces and delivery reports.
    assert message.extra_headers == {"Auto-Submitted": "auto-generated"}
    assert "Krav om tilbakebetaling 2027" in message.subject and INNHERRED in message.subject
    name, content, mimetype = message.attachments[0]
    assert name.endswith("-tilbakebetaling-" + claim.network.slug + ".pdf")
    assert mimetype == "application/pdf" and nb_kroner(10_000) in pdf_text(content)
    assert claim.email == host.official_email and claim.sent_at is not None
    assert claim.delivered_on == dt.date(2027, 9, 1)  # the day the mail server accepted it
    assert claim.appeal_deadline() == dt.date(2027, 9, 22)
    # The partnership is told in the product too, with legal effect.
    told = Notification.objects.filter(kind=Kind.REPAYMENT_CLAIMED, case__network=claim.network)
    assert told.exists() and all(n.legal_effect for n in told)
    # The periodic run sends nothing again.
    make_missing_letters()
    assert len([m for m in claim_letters() if INNHERRED in m.subject]) == 1


def test_the_claims_appeal_deadline_counts_from_the_day_it_reached_the_party(
    reported_year, users, travel, login, mailoutbox, django_capture_on_commit_callbacks
):
    from reporting.tasks import make_missing_letters

    claim = _claim_innherred(
        users, reported_year, django_capture_on_commit_callbacks, execute=False
    )
    assert claim.delivered_on is None and claim.appeal_deadline() is None
    case = case_of(reported_year, INNHERRED)
    page = login("statsforvalter").get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "Klagefristen har ikke begynt å løpe" in page
    travel(dt.datetime(2027, 9, 6, 9, 0))  # the mail server was down until now
    make_missing_letters()
    claim.refresh_from_db()
    assert claim.delivered_on == dt.date(2027, 9, 6)
    assert claim.appeal_deadline() == dt.date(2027, 9, 27)
    page = login("statsforvalter").get(reverse("case_documents", args=[case.pk])).content.decode()
    assert "27. september 2027" in page and claim.email in page


def test_a_host_owner_without_a_postmottak_address_is_shown_as_not_sent(
    reported_year, users, login, mailoutbox, django_capture_on_commit_callbacks
):
    from networks.models import Owner

    Owner.objects.filter(hosted_networks__name=INNHERRED).update(official_email="")
    claim = _claim_innherred(users, reported_year, django_capture_on_commit_callbacks)
    assert claim.email == "" and claim.sent_at is None and claim.delivered_on is None
    assert not [m for m in mailoutbox if m.attachments and "tilbakebetaling" in m.subject]
    case = case_of(reported_year, INNHERRED)
    for page_url in (
        reverse("case_documents", args=[case.pk]),
        reverse("report_control", args=[case.pk]),
    ):
        page = login("statsforvalter").get(page_url).content.decode()
        assert "Ikke sendt: vertseieren har ingen e-postadresse for offisiell post" in page


def test_the_years_to_be_repaid_is_what_was_claimed_not_a_carry_over(
    reported_year, users, login, django_capture_on_commit_callbacks
):
    from reporting.selectors import year_rows
    from reporting.selectors.documents import year_report_data

    services.payout_settings_set(
        actor=users["statsforvalter"], scheme_year=reported_year, carry_over_allowed=True
    )
    _claim_innherred(users, reported_year, django_capture_on_commit_callbacks, carry_over=True)
    rows = {row.network.name: row for row in year_rows(scheme_year=reported_year)}
    assert rows[INNHERRED].to_return == 0  # carried over to 2028, not owed
    assert rows[SORVEST].to_return == 25_000
    assert rows["Fosen"].to_return == 0
    report = {row.network: row for row in year_report_data(reported_year).rows}
    assert report[INNHERRED].to_return == 0 and report[SORVEST].to_return == 25_000
    # the reports export says the same
    csv_file = login("statsforvalter").get(
        reverse("reporting:export", args=[2027, "rapporter", "csv"])
    )
    text = csv_file.content.decode("utf-8-sig")
    exported = {r["Nettverk"]: r for r in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert exported[INNHERRED]["Tilbakebetales (kr)"] == "0"
    assert exported[SORVEST]["Tilbakebetales (kr)"] == "25000"


def test_statsforvalteren_records_the_day_a_posted_claim_arrived(
    reported_year, users, login, travel, django_capture_on_commit_callbacks
):
    from networks.models import Event, Owner

    Owner.objects.filter(hosted_networks__name=INNHERRED).update(official_email="")
    claim = _claim_innherred(users, reported_year, django_capture_on_commit_callbacks)
    assert claim.delivered_on is None  # sent by post: the appeal period has not begun
    case = case_of(reported_year, INNHERRED)
    documents = reverse("case_documents", args=[case.pk])
    url = reverse("settlement_delivery_correct", args=[case.pk])
    client = login("statsforvalter")
    page = client.get(documents).content.decode()
    assert f'href="{url}"' in page and "Registrer mottatt-dato" in page
    travel(dt.datetime(2027, 9, 6, 9, 0))

    refused = client.post(url, {"delivered_on": "7.9.2027", "reason": "Sendt i posten."})
    assert refused.status_code == 200
    assert "Datoen vedtaket ble mottatt kan ikke være fram i tid." in refused.content.decode()
    refused = client.post(url, {"delivered_on": "3.9.2027", "reason": " "})
    assert refused.status_code == 200
    assert "Skriv hvorfor datoen rettes" in refused.content.decode()
    claim.refresh_from_db()
    assert claim.delivered_on is None  # nothing written by a refused save

    saved = client.post(url, {"delivered_on": "3.9.2027", "reason": "Sendt i posten 1. september."})
    assert saved.status_code == 302 and saved.url == documents
    claim.refresh_from_db()
    assert claim.delivered_on == dt.date(2027, 9, 3)
    assert claim.corrected_by == users["statsforvalter"]
    assert claim.appeal_deadline() == dt.date(2027, 9, 24)
    page = client.get(documents).content.decode()
    assert "24. september 2027" in page and "Registrert: Sendt i posten 1. september." in page
    assert "Rett mottatt-datoen" in page
    event = Event.objects.get(kind="settlement_delivery_corrected", network=claim.network)
    assert "til 3. september 2027" in event.message and event.actor == users["statsforvalter"]


def test_only_statsforvalteren_records_when_a_claim_arrived(
    reported_year, users, login, django_capture_on_commit_callbacks
):
    case = case_of(reported_year, INNHERRED)
    url = reverse("settlement_delivery_correct", args=[case.pk])
    assert login("statsforvalter").get(url).status_code == 404  # no claim yet: nothing to record
    claim = _claim_innherred(users, reported_year, django_capture_on_commit_callbacks)
    assert login("statsforvalter").get(url).status_code == 200
    assert login("sekretariat").get(url).status_code == 403
    assert (
        login("sekretariat").post(url, {"delivered_on": "1.9.2027", "reason": "x"}).status_code
        == 403
    )
    assert login("koordinator").get(url).status_code == 404  # Sørvest's: another network's case
    page = login("sekretariat").get(reverse("case_documents", args=[case.pk])).content.decode()
    assert url not in page
    claim.refresh_from_db()
    assert claim.corrected_by is None and claim.correction_reason == ""


def test_a_recorded_day_stands_when_the_claims_email_goes_out_later(
    reported_year, users, login, travel, django_capture_on_commit_callbacks
):
    from reporting.tasks import make_missing_letters

    claim = _claim_innherred(
        users, reported_year, django_capture_on_commit_callbacks, execute=False
    )  # the mail server is down: nothing sent
    case = case_of(reported_year, INNHERRED)
    url = reverse("settlement_delivery_correct", args=[case.pk])
    travel(dt.datetime(2027, 9, 6, 9, 0))
    client = login("statsforvalter")
    client.post(url, {"delivered_on": "3.9.2027", "reason": "Sendt i posten 1. september."})
    travel(dt.datetime(2027, 9, 10, 9, 0))
    make_missing_letters()  # the e-mail goes out a week later
    claim.refresh_from_db()
    assert claim.sent_at is not None
    assert claim.delivered_on == dt.date(2027, 9, 3)  # the recorded day, not the e-mail's
    assert claim.appeal_deadline() == dt.date(2027, 9, 24)
    form = client.get(url).content.decode()
    assert 'value="2027-09-03"' in form  # the form starts from the day recorded
    history = client.get(reverse("case_history", args=[case.pk])).content.decode()
    assert "Mottatt-dato for kravet om tilbakebetaling rettet" in history


def test_the_day_a_claim_arrived_cannot_change_in_a_closed_year(
    reported_year, users, login, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    claim = _claim_innherred(users, reported_year, django_capture_on_commit_callbacks)
    SchemeYear.objects.filter(pk=reported_year.pk).update(closed_at=timezone.now())
    case = case_of(reported_year, INNHERRED)
    response = login("statsforvalter").post(
        reverse("settlement_delivery_correct", args=[case.pk]),
        {"delivered_on": "1.9.2027", "reason": "Sendt i posten."},
    )
    assert response.status_code == 200
    assert "Tilskuddsåret 2027 er avsluttet" in response.content.decode()
    before = claim.delivered_on
    claim.refresh_from_db()
    assert claim.delivered_on == before and claim.correction_reason == ""


def test_money_carried_over_has_no_day_of_delivery_to_record(
    reported_year, users, login, django_capture_on_commit_callbacks
):
    services.payout_settings_set(
        actor=users["statsforvalter"], scheme_year=reported_year, carry_over_allowed=True
    )
    carried = _claim_innherred(
        users, reported_year, django_capture_on_commit_callbacks, carry_over=True
    )
    assert carried.kind == Settlement.Kind.CARRY_OVER
    case = case_of(reported_year, INNHERRED)
    url = reverse("settlement_delivery_correct", args=[case.pk])
    client = login("statsforvalter")
    assert client.get(url).status_code == 404
    assert url not in client.get(reverse("case_documents", args=[case.pk])).content.decode()
    with pytest.raises(ValueError):
        services.settlement_delivery_correct(
            actor=users["statsforvalter"],
            settlement=carried,
            delivered_on=dt.date(2027, 9, 1),
            reason="x",
        )
