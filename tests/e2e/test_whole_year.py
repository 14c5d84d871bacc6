"""A whole scheme year clicked through in Chromium as the demo users, against the live server.

Owner sends its needs report; the forum secretariat freezes the allocation; the partnership writes
its decision basis inside its frame and sends it; the forum returns it once, then recommends;
Statsforvalteren decides and opens reporting; the partnership reports; Statsforvalteren approves.
axe-core (WCAG 2.0/2.1 A and AA) runs on every page visited, and the main page of each role is
saved to docs/screenshots/.

The server's clock is moved with time_machine (process-wide, so the live server thread sees it
too) to a date in each phase of the plan's annual cycle.
"""

from __future__ import annotations

import datetime as dt
import re
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from grants.models import Criterion
from tests.e2e.conftest import AXE_PAGES, assert_fits_a_phone, axe_check, shot
from workflow.demo import DEMO_ASSESSMENTS

pytestmark = pytest.mark.e2e

OSLO = ZoneInfo("Europe/Oslo")
NETWORK = "Trøndelag sørvest"
OWNER = "Orkland"
MEASURE = "Inkluderende læringsmiljø i Orkland og Skaun"
RETURN_COMMENT = "Beskriv hvordan PP-tjenesten er med i tiltaket."


@contextmanager
def server_date(year: int, month: int, day: int):
    """Run a phase of the year with the (server's) clock on this date, ticking from 10:00."""
    with time_machine.travel(dt.datetime(year, month, day, 10, 0, tzinfo=OSLO), tick=True):
        yield


def check_page(page, *, heading: str | re.Pattern | None = None) -> None:
    """After a navigation: no server error, no error summary left on the page, axe clean, and
    not wider than a phone (390 px)."""
    page.wait_for_load_state()
    errors = page.locator(".error-summary")
    assert errors.count() == 0, f"{page.url} shows errors: {errors.first.inner_text()}"
    if heading is not None:
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    axe_check(page)
    assert_fits_a_phone(page)


def click(page, locator, *, heading: str | re.Pattern | None = None) -> None:
    locator.click()
    check_page(page, heading=heading)


def expect_message(page, text: str) -> None:
    expect(page.get_by_role("status")).to_contain_text(text)


def nav(page, name: str, *, heading=None) -> None:
    click(
        page,
        page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name=name),
        heading=heading,
    )


def open_case(page) -> None:
    nav(page, "Saker", heading="Saker")
    click(
        page,
        page.get_by_role("link", name=NETWORK, exact=True),
        heading=re.compile(rf"^{NETWORK} – tilskuddsåret 2027"),
    )


def expect_state(page, state: str) -> None:
    expect(page.locator(".lead .ds-tag").first).to_have_text(f"Steg: {state}")


def case_frame() -> int:
    from networks.models import Network
    from workflow.models import Case
    from workflow.rules import case_frame as frame_of

    case = Case.objects.get(scheme_year__year=2027, network=Network.objects.get(name=NETWORK))
    frame = frame_of(case)
    assert frame, "the allocation must be frozen before the decision basis is written"
    return frame


def kroner(amount: int) -> str:
    return f"{amount:,}".replace(",", " ")


# --- The phases -----------------------------------------------------------------------------


def owner_sends_needs(browse) -> None:
    page = browse.login("eier")
    check_page(page, heading=re.compile("^Velkommen"))
    shot(page, "eier-start")
    nav(page, "Behovsmeldinger", heading="Behovsmeldinger")
    click(
        page,
        page.get_by_role("link", name="Skriv behovsmelding for 2027"),
        heading=f"Behovsmelding fra {OWNER} for 2027",
    )
    targets = page.get_by_role("group", name="Målgrupper")
    targets.get_by_label("Barnehage", exact=True).check()
    targets.get_by_label("Skole", exact=True).check()
    targets.get_by_label("PP-tjeneste", exact=True).check()
    page.get_by_label("Tema og behov").fill(
        "Inkluderende praksis i overgangen barnehage–skole og tidlig innsats i begynneropplæringen."
    )
    page.get_by_label("Involvering av ansatte og ledere").fill(
        "Drøftet i personalmøter, med tillitsvalgte og i ledermøtet for oppvekst."
    )
    click(page, page.get_by_role("button", name="Send behovsmeldingen"))
    expect_message(page, f"Behovsmeldingen er sendt til {NETWORK}")
    shot(page, "eier-behovsmelding")


def secretariat_freezes_allocation(browse) -> None:
    page = browse.login("sekretariat")
    check_page(page, heading=re.compile("^Velkommen"))
    shot(page, "sekretariat-start")
    nav(page, "Fordeling", heading="Fordeling av tilskuddet")
    click(page, page.get_by_role("link", name="2027", exact=True), heading="Fordeling for 2027")
    click(page, page.get_by_role("button", name="Beregn fordeling"), heading="Fordeling for 2027")
    click(
        page,
        page.get_by_role("link", name="Fastsett og publiser"),
        heading=re.compile("^Fastsett fordeling nr. 1 for 2027"),
    )
    click(
        page,
        page.get_by_role("button", name=re.compile("^Fastsett og publiser rammer")),
        heading="Fordeling for 2027",
    )
    expect_message(page, "Fordelingen for 2027 er fastsatt og publisert til nettverkene.")
    shot(page, "sekretariat-fordeling")


def partnership_writes_basis(browse, frame: int) -> None:
    uh = browse.login("uh")
    check_page(uh, heading=re.compile("^Velkommen"))
    shot(uh, "uh-start")

    page = browse.login("koordinator")
    check_page(page, heading=re.compile("^Velkommen"))
    shot(page, "koordinator-start")
    open_case(page)
    expect_state(page, "Behovsmelding")
    click(page, page.get_by_role("button", name="Start beslutningsgrunnlaget"))
    expect_state(page, "Beslutningsgrunnlag")
    click(
        page,
        page.get_by_role("link", name="Skriv beslutningsgrunnlaget"),
        heading=f"Beslutningsgrunnlag for {NETWORK} 2027",
    )

    page.get_by_label("Sammendrag", exact=True).fill(
        "Et felles løft for inkluderende læringsmiljø i barnehager og skoler i nettverket, "
        "planlagt og gjennomført sammen med NTNU."
    )
    page.get_by_role("group", name="Behovsmeldinger som besvares").get_by_label(OWNER).check()
    criteria = {
        "Tiltakene møter lokalt definerte behov": "Bygger på behovsmeldingene fra eierne.",
        "Tiltakene er arbeidsplassbasert kompetanseutvikling": "Kollektive prosesser i personalet.",
        "Tiltakene gjennomføres i partnerskap mellom nettverk/eiere og UH": "Planlagt med NTNU.",
        "Tiltakene har en tverrfaglig tilnærming": "Barnehage, skole og PPT arbeider sammen.",
    }
    for number, (criterion, reason) in enumerate(criteria.items(), start=1):
        group = page.get_by_role("group", name=f"Kriterium {number}: {criterion}")
        group.get_by_role("checkbox").check()
        group.get_by_role("textbox").fill(reason)
    click(page, page.get_by_role("button", name="Lagre beslutningsgrunnlaget"))
    expect_message(page, "Beslutningsgrunnlaget er lagret.")

    click(page, page.get_by_role("link", name="Legg til tiltak"), heading="Nytt tiltak")
    page.get_by_label("Tittel").fill(MEASURE)
    page.get_by_label("Beskrivelse", exact=True).fill(
        "Fire samlinger og veiledning i egen praksis for team i barnehage, skole og PPT."
    )
    targets = page.get_by_role("group", name="Målgrupper")
    for label in ("Barnehage", "Skole", "PP-tjeneste"):
        targets.get_by_label(label, exact=True).check()
    page.get_by_label("UH-partner").select_option(index=1)
    owners = page.get_by_role("group", name="Deltakende eiere")
    owners.get_by_label(OWNER, exact=True).check()
    owners.get_by_label("Skaun", exact=True).check()
    page.get_by_label("Periode fra").fill("2027-03-15")
    page.get_by_label("Periode til").fill("2027-06-15")
    page.get_by_label("Forventet antall deltakere").fill("120")
    click(
        page,
        page.get_by_role("button", name="Lagre tiltaket"),
        heading=f"Beslutningsgrunnlag for {NETWORK} 2027",
    )
    expect_message(page, f"Tiltaket «{MEASURE}» er lagret.")

    uh_part = frame * 6 // 10
    for kind, description, amount in (
        ("UH", "Faglig bidrag fra NTNU", uh_part),
        ("Nettverk/eiere", "Frikjøp og samlinger", frame - uh_part),
    ):
        click(
            page,
            page.get_by_role("link", name=f"Legg til budsjettlinje i «{MEASURE}»"),
            heading=f"Ny budsjettlinje i «{MEASURE}»",
        )
        page.get_by_label("Type").select_option(label=kind)
        page.get_by_label("Beskrivelse").fill(description)
        page.get_by_label("Beløp").fill(kroner(amount))
        click(
            page,
            page.get_by_role("button", name="Lagre budsjettlinjen"),
            heading=f"Beslutningsgrunnlag for {NETWORK} 2027",
        )
        expect_message(page, "Budsjettlinjen er lagret.")

    money = page.get_by_role("table", name="Budsjettet mot rammen")
    expect(money).to_contain_text("Igjen av rammen")
    shot(page, "koordinator-beslutningsgrunnlag")

    # How the frame was computed: the allocation page as the network sees it.
    click(
        page,
        page.get_by_role("link", name="slik er rammen beregnet"),
        heading=f"Forhåndstildelt ramme for {NETWORK} 2027",
    )
    expect(page.locator("dl.facts").first).to_contain_text(f"{kroner(frame)} kr")
    shot(page, "koordinator-ramme")
    page.go_back()
    check_page(page, heading=f"Beslutningsgrunnlag for {NETWORK} 2027")

    page.get_by_label("Kommentar til samarbeidsforum (valgfritt)").fill("Klart til behandling.")
    click(page, page.get_by_role("button", name="Send beslutningsgrunnlaget til samarbeidsforum"))
    expect_message(page, "Beslutningsgrunnlaget er sendt til samarbeidsforum.")
    expect_state(page, "Innstilling")


def forum_returns_basis(browse) -> None:
    page = browse.login("sekretariat")
    check_page(page, heading=re.compile("^Velkommen"))
    open_case(page)
    expect_state(page, "Innstilling")
    page.get_by_label("Hva må partnerskapet rette opp?").fill(RETURN_COMMENT)
    click(page, page.get_by_role("button", name="Returner beslutningsgrunnlaget"))
    expect_message(page, "Beslutningsgrunnlaget er returnert til partnerskapet.")
    expect_state(page, "Beslutningsgrunnlag")


def partnership_revises_and_resends(browse) -> None:
    page = browse.login("koordinator")
    check_page(page, heading=re.compile("^Velkommen"))
    open_case(page)
    expect(page.get_by_role("region", name="Tilbakemeldinger")).to_contain_text(RETURN_COMMENT)
    click(
        page,
        page.get_by_role("link", name="Skriv beslutningsgrunnlaget"),
        heading=f"Beslutningsgrunnlag for {NETWORK} 2027",
    )
    expect(page.get_by_role("region", name="Tilbakemeldinger")).to_contain_text(RETURN_COMMENT)
    tverrfaglig = page.get_by_role(
        "group", name="Kriterium 4: Tiltakene har en tverrfaglig tilnærming"
    ).get_by_role("textbox")
    tverrfaglig.fill(
        "Barnehage, skole og PPT arbeider sammen; PP-tjenesten veileder teamene og deltar på "
        "alle samlingene."
    )
    click(page, page.get_by_role("button", name="Lagre beslutningsgrunnlaget"))
    expect_message(page, "Beslutningsgrunnlaget er lagret.")
    page.get_by_label("Kommentar til samarbeidsforum (valgfritt)").fill(
        "PP-tjenestens rolle er beskrevet under kriterium 4."
    )
    click(page, page.get_by_role("button", name="Send beslutningsgrunnlaget til samarbeidsforum"))
    expect_message(page, "Beslutningsgrunnlaget er sendt til samarbeidsforum.")
    expect_state(page, "Innstilling")
    # The document was sent again: the feedback is marked resolved, not left open all year.
    expect(page.get_by_role("region", name="Tilbakemeldinger")).to_contain_text("Løst")
    shot(page, "koordinator-sak")


def forum_recommends(browse, frame: int) -> None:
    page = browse.login("forum")
    check_page(page, heading=re.compile("^Velkommen"))
    shot(page, "forum-start")
    nav(page, "Innstilling", heading="Innstilling for 2027")
    click(
        page,
        page.get_by_role("link", name=f"Registrer innstilling for {NETWORK}"),
        heading=f"Innstilling for {NETWORK} 2027",
    )
    expect(page.get_by_label("Innstilt beløp")).to_have_value(kroner(frame))
    page.get_by_label("Merknad").fill("Godt forankret i behovsmeldingene. Innstilles i sin helhet.")
    click(
        page,
        page.get_by_role("button", name="Registrer innstilt beløp"),
        heading="Innstilling for 2027",
    )
    expect_message(page, f"Innstilt beløp for {NETWORK} er ført.")
    page.get_by_label("Møtedato").fill("2027-02-20")
    page.get_by_label("Konsensus eller votering").fill("Enstemmig innstilling.")
    page.get_by_label("Fellestiltak", exact=True).fill("Inkluderingsanalysen")
    page.get_by_label("Beløp til fellestiltak").fill("1 800 000")
    click(
        page, page.get_by_role("button", name="Lagre innstillingen"), heading="Innstilling for 2027"
    )
    expect_message(page, "Innstillingen er lagret.")
    shot(page, "forum-innstilling")

    secretariat = browse.login("sekretariat")
    check_page(secretariat, heading=re.compile("^Velkommen"))
    nav(secretariat, "Innstilling", heading="Innstilling for 2027")
    secretariat.get_by_label("Kommentar til Statsforvalteren (valgfritt)").fill(
        "Innstillingen fra møtet 20. februar."
    )
    click(
        secretariat,
        secretariat.get_by_role("button", name="Send innstillingen til Statsforvalteren"),
        heading="Innstilling for 2027",
    )
    expect_message(secretariat, "Innstillingen er sendt til Statsforvalteren for 1 nettverk.")
    shot(secretariat, "sekretariat-innstilling-sendt")


def statsforvalter_decides(browse, frame: int) -> None:
    page = browse.login("statsforvalter")
    check_page(page, heading=re.compile("^Velkommen"))
    shot(page, "statsforvalter-start")
    open_case(page)
    expect_state(page, "Vedtak")
    click(
        page,
        page.get_by_role("link", name="Rediger utkast til vedtak"),
        heading=f"Utkast til vedtak for {NETWORK} 2027",
    )
    expect(page.get_by_label("Innvilget beløp")).to_have_value(kroner(frame))
    page.get_by_label("Begrunnelse", exact=True).fill(
        "Tiltakene oppfyller de fire kriteriene og holder seg innenfor rammen."
    )
    # The assessment of each of the four criteria, which the letter states before its conclusion.
    for criterion, reason in DEMO_ASSESSMENTS.items():
        label = str(Criterion(criterion).label)
        page.get_by_role("group", name=label).get_by_label("Oppfylt", exact=True).check()
        page.get_by_label(f"Vurdering: {label}").fill(reason)
    click(page, page.get_by_role("button", name="Lagre utkastet"))
    expect_message(page, "Utkastet til vedtak er lagret.")
    expect(
        page.get_by_role("link", name=re.compile(r"^Brevet til .+ \(PDF\)$")).first
    ).to_be_visible()
    # The case officer proposes; another case officer with budget authority approves.
    click(page, page.get_by_role("button", name="Foreslå vedtaket for godkjenning"))
    expect_message(
        page, "Vedtaket er foreslått. En annen med budsjettdisponeringsmyndighet må godkjenne det."
    )
    expect(page.get_by_role("button", name="Godkjenn og fatt vedtak")).to_have_count(0)
    draft_url = page.url
    page = browse.login("godkjenner")
    page.goto(draft_url)
    click(
        page,
        page.get_by_role("button", name="Godkjenn og fatt vedtak"),
        heading=f"Vedtak for {NETWORK} 2027",
    )
    expect_message(page, f"Vedtaket for {NETWORK} er fattet.")
    shot(page, "statsforvalter-vedtak")
    page = browse.login("statsforvalter")
    open_case(page)
    expect_state(page, "Vedtak")
    click(page, page.get_by_role("button", name="Åpne rapporteringen"))
    expect_message(page, "Rapporteringen er åpnet.")
    expect_state(page, "Rapportering")


def partnership_reports(browse, frame: int) -> None:
    page = browse.login("koordinator")
    check_page(page, heading=re.compile("^Velkommen"))
    open_case(page)
    click(
        page,
        page.get_by_role("link", name="Skriv rapporten"),
        heading=f"Rapport for {NETWORK} 2027",
    )
    page.get_by_label("Samlet vurdering").fill(
        "Samlingene ble gjennomført som planlagt. Teamene tar med seg veiledningsmodellen videre."
    )
    page.get_by_label(f"Hva ble gjort i «{MEASURE}»?").fill(
        "Fire samlinger og veiledning i tolv team."
    )
    page.get_by_label(f"Deltakere nådd i «{MEASURE}»").fill("112")
    uh_part = frame * 6 // 10
    page.get_by_label("Brukt på «Faglig bidrag fra NTNU»").fill(kroner(uh_part))
    page.get_by_label("Brukt på «Frikjøp og samlinger»").fill(kroner(frame - uh_part - 25_000))
    click(
        page,
        page.get_by_role("button", name="Lagre rapporten"),
        heading=f"Rapport for {NETWORK} 2027",
    )
    expect_message(page, "Rapporten er lagret.")
    shot(page, "koordinator-rapport")
    page.get_by_label("Kommentar til Statsforvalteren (valgfritt)").fill("Rapporten for 2027.")
    click(page, page.get_by_role("button", name="Send rapporten til Statsforvalteren"))
    expect_message(page, "Rapporten er sendt til Statsforvalteren.")


def statsforvalter_approves(browse) -> None:
    page = browse.login("statsforvalter")
    check_page(page, heading=re.compile("^Velkommen"))
    open_case(page)
    expect_state(page, "Rapportering")
    page.get_by_label("Kommentar til godkjenningen (valgfritt)").fill("Godkjent uten merknader.")
    click(page, page.get_by_role("button", name="Godkjenn rapporten"))
    expect_message(page, "Rapporten er godkjent, og saken er avsluttet.")
    expect_state(page, "Avsluttet")
    shot(page, "statsforvalter-sak-avsluttet")
    nav(page, "Årsoversikt", heading="Årsoversikt for 2027")
    shot(page, "statsforvalter-arsoversikt")


# --- The test -------------------------------------------------------------------------------


def test_whole_year_as_the_demo_users(browse):
    checked_before = len(AXE_PAGES)

    with server_date(2026, 11, 25):
        owner_sends_needs(browse)
        secretariat_freezes_allocation(browse)
        frame = case_frame()
        partnership_writes_basis(browse, frame)
        forum_returns_basis(browse)
        partnership_revises_and_resends(browse)

    with server_date(2027, 2, 20):
        forum_recommends(browse, frame)

    with server_date(2027, 3, 1):
        statsforvalter_decides(browse, frame)

    with server_date(2027, 6, 1):
        partnership_reports(browse, frame)
        statsforvalter_approves(browse)

    from django_fsm_log.models import StateLog

    from grants.models import Decision, Report
    from workflow.models import Case
    from workflow.rules import report_used_total

    case = Case.objects.select_related("report").get(scheme_year__year=2027, network__name=NETWORK)
    assert case.state == Case.State.AVSLUTTET
    assert case.report.status == Report.Status.APPROVED
    decision = Decision.objects.get(
        scheme_year=case.scheme_year, network=case.network, status=Decision.Status.DECIDED
    )
    assert decision.amount == frame
    assert report_used_total(case.report) == frame - 25_000
    assert [row.transition for row in StateLog.objects.for_(case).order_by("timestamp", "id")] == [
        "start_decision_basis",
        "submit_decision_basis",
        "return_decision_basis",
        "submit_decision_basis",
        "recommend",
        "decide",
        "open_reporting",
        "submit_report",
        "approve_report",
    ]
    assert len(AXE_PAGES) - checked_before >= 40, "axe must have run on every page visited"
