"""Allocation pages: who may open which page, what they see, and what the forms do."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from allocation import services
from allocation.models import AllocationLine, AllocationRun, RunStatus
from config.formatting import format_kroner
from grants.models import SchemeYear
from networks.models import Event, HeadCount, Network
from networks.services import head_count_set, network_upsert, owner_upsert
from tests.factories import UserFactory
from tests.workflow.test_pages_support import page_content

DATA = Path(__file__).parent / "data"
USERS = ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter", "admin")
MANAGERS = {"sekretariat", "statsforvalter", "admin"}
READERS = MANAGERS | {"forum"}


@pytest.fixture
def draft(demo):
    year = SchemeYear.objects.get(year=2027)
    return services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)


@pytest.fixture
def frozen(demo, draft):
    return services.allocation_run_freeze(actor=demo["sekretariat"], run=draft)


def frame_text(run, network_name: str) -> str:
    return format_kroner(run.lines.get(network_name=network_name).frame)


def expected(username: str, allowed: set[str]) -> int:
    return 200 if username in allowed else 403


# --- Who gets what ------------------------------------------------------------------------


@pytest.mark.parametrize("username", USERS)
def test_get_pages_answer_by_role(login, frozen, username):
    client = login(username)
    pages = {
        reverse("allocation_index"): set(USERS),
        reverse("allocation_year", args=[2027]): READERS,
        reverse("allocation_history", args=[2027]): READERS,
        reverse("allocation_run_detail", args=[frozen.pk]): READERS,
        reverse("allocation_what_if", args=[2027]): MANAGERS,
        reverse("allocation_run_freeze", args=[frozen.pk]): MANAGERS,
        reverse("allocation_run_supersede", args=[frozen.pk]): MANAGERS,
        reverse("head_count_import"): MANAGERS,
        reverse("allocation_network_frame", args=[2027, "trondelag-sorvest"]): set(USERS),
    }
    for url, allowed in pages.items():
        assert client.get(url).status_code == expected(username, allowed), url


@pytest.mark.parametrize("username", USERS)
def test_post_actions_answer_by_role(login, draft, username):
    client = login(username)
    status = client.post(reverse("allocation_run_recompute", args=[draft.pk])).status_code
    assert status == (302 if username in MANAGERS else 403)
    status = client.post(reverse("head_count_import_confirm"), {"token": "x"}).status_code
    assert status == (302 if username in MANAGERS else 403)
    status = client.post(reverse("allocation_run_freeze", args=[draft.pk])).status_code
    assert status == (302 if username in MANAGERS else 403)
    draft.refresh_from_db()
    assert draft.status == (RunStatus.FROZEN if username in MANAGERS else RunStatus.DRAFT)


def test_a_user_without_any_role_gets_403(client, frozen):
    client.force_login(UserFactory())
    assert client.get(reverse("allocation_index")).status_code == 403
    url = reverse("allocation_network_frame", args=[2027, "trondelag-sorvest"])
    assert client.get(url).status_code == 403


def test_anonymous_users_are_sent_to_login(client, frozen):
    for url in (
        reverse("allocation_index"),
        reverse("allocation_year", args=[2027]),
        reverse("allocation_network_frame", args=[2027, "fosen"]),
        reverse("head_count_import"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("eier", "trondelag-sorvest", "fosen"),
        ("koordinator", "trondelag-sorvest", "trondheim"),
        ("uh", "fosen", "indre-namdal"),  # NTNU is partner in Fosen, not in Indre Namdal
    ],
)
def test_networks_see_their_own_frame_and_another_network_is_404_like_a_missing_one(
    login, frozen, username, own, other
):
    client = login(username)
    network = Network.objects.get(slug=own)
    response = client.get(reverse("allocation_network_frame", args=[2027, own]))
    body = response.content.decode().replace("\xa0", " ")
    assert response.status_code == 200
    assert frame_text(frozen, network.name) in body
    assert f"{network.name}: 300 000 kr + 6 900 000 kr × " in body
    for line in frozen.lines.exclude(network=network):
        assert f"{line.network_name}: 300 000 kr" not in body
    other_response = client.get(reverse("allocation_network_frame", args=[2027, other]))
    missing = client.get(reverse("allocation_network_frame", args=[2027, "finnes-ikke"]))
    assert other_response.status_code == missing.status_code == 404
    assert page_content(other_response) == page_content(missing)


def test_networks_see_no_frame_before_it_is_frozen(login, draft):
    body = login("koordinator").get(
        reverse("allocation_network_frame", args=[2027, "trondelag-sorvest"])
    )
    text = body.content.decode().replace("\xa0", " ")
    assert body.status_code == 200
    assert "Rammen for 2027 er ikke publisert ennå" in text
    assert frame_text(draft, "Trøndelag sørvest") not in text
    assert "6 900 000 kr" not in text


def test_the_regional_bodies_see_a_draft_marked_as_not_published(login, draft):
    body = login("forum").get(reverse("allocation_network_frame", args=[2027, "fosen"]))
    text = body.content.decode().replace("\xa0", " ")
    assert "Dette er et utkast" in text
    assert frame_text(draft, "Fosen") in text


def test_the_network_users_index_lists_only_their_own_frames(login, frozen):
    body = login("uh").get(reverse("allocation_index")).content.decode().replace("\xa0", " ")
    # The joint measures (NTNU's too) have no line of the allocation: their frame is set aside.
    ntnu = Network.objects.regular().filter(partnership__universities__short_name="NTNU")
    assert ntnu.count() == 6
    for network in Network.objects.all():
        shown = f">{network.name}</a>" in body
        assert shown == (network in ntnu), network.name
    assert frame_text(frozen, "Fosen") in body


# --- The year's table ---------------------------------------------------------------------


def test_year_page_shows_every_frame_with_totals_and_the_formula(login, draft):
    body = (
        login("statsforvalter")
        .get(reverse("allocation_year", args=[2027]))
        .content.decode()
        .replace("\xa0", " ")
    )
    assert body.count('<th scope="row"><a href="/fordeling/2027/nettverk/') == 11
    assert "10 200 000 kr" in body  # the frames' sum: 12 000 000 − 15 %
    assert "15 % av 12 000 000 kr = 1 800 000 kr" in body
    assert "11 nettverk × 300 000 kr = 3 300 000 kr" in body
    assert "12 000 000 kr − 1 800 000 kr − 3 300 000 kr = 6 900 000 kr" in body
    trondheim = draft.lines.get(network_name="Trondheim")
    assert (
        f"Trondheim: 300 000 kr + 6 900 000 kr × 36 160 / {draft.weight_total:,.0f}".replace(
            ",", " "
        )
        in body
    )
    assert f"= {format_kroner(trondheim.frame)}" in body
    assert "Utkast" in body and "Fastsett og publiser" in body


def test_year_page_without_a_run_offers_to_compute_one(login, demo):
    client = login("sekretariat")
    body = client.get(reverse("allocation_year", args=[2027])).content.decode().replace("\xa0", " ")
    assert "Ingen fordeling er beregnet for 2027 ennå" in body
    response = client.post(reverse("allocation_run_create", args=[2027]), follow=True)
    assert "Utkast nr. 1 er beregnet" in response.content.decode().replace("\xa0", " ")
    assert AllocationRun.objects.get().lines.count() == 11


def test_forum_members_read_the_table_but_get_no_buttons(login, draft):
    body = (
        login("forum")
        .get(reverse("allocation_year", args=[2027]))
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "Fastsett og publiser" not in body
    assert "Beregn på nytt" not in body
    assert "Trondheim" in body


def test_unknown_year_is_404(login, demo):
    assert login("sekretariat").get(reverse("allocation_year", args=[2031])).status_code == 404


def test_year_page_query_count_does_not_grow_with_networks(login, draft):
    client = login("sekretariat")
    url = reverse("allocation_year", args=[2027])
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for i in range(5):
        network = network_upsert(name=f"Ekstra {i}")
        owner = owner_upsert(
            number=f"{7000 + i}", name=f"Ekstra eier {i}", kind="privat", network=network
        )
        head_count_set(owner=owner, year=2027, pupils=10, children=5, source="test")
    services.allocation_run_recompute(actor=draft.created_by, run=draft)
    assert draft.lines.count() == 16
    with CaptureQueriesContext(connection) as after:
        body = client.get(url).content.decode().replace("\xa0", " ")
    assert "Ekstra 4" in body
    assert len(after) == len(before)


# --- Freeze and supersede -----------------------------------------------------------------


def test_freeze_asks_for_confirmation_first(login, draft):
    client = login("sekretariat")
    url = reverse("allocation_run_freeze", args=[draft.pk])
    body = client.get(url).content.decode().replace("\xa0", " ")
    assert "Fastsett og publiser rammer på til sammen" in body
    draft.refresh_from_db()
    assert draft.status == RunStatus.DRAFT
    response = client.post(url, follow=True)
    assert "er fastsatt og publisert" in response.content.decode().replace("\xa0", " ")
    draft.refresh_from_db()
    assert draft.status == RunStatus.FROZEN


def test_freezing_a_stale_draft_shows_why_and_changes_nothing(login, draft):
    orkland = HeadCount.objects.get(owner__number="5059", year=2027)
    head_count_set(owner=orkland.owner, year=2027, pupils=1, children=1, source="Rettet")
    client = login("sekretariat")
    url = reverse("allocation_run_freeze", args=[draft.pk])
    assert "er endret etter at utkastet ble beregnet" in client.get(url).content.decode().replace(
        "\xa0", " "
    )
    body = client.post(url).content.decode().replace("\xa0", " ")
    assert 'class="error-summary' in body
    draft.refresh_from_db()
    assert draft.status == RunStatus.DRAFT


def test_supersede_needs_a_reason_and_shows_the_error_by_the_field(login, frozen):
    client = login("sekretariat")
    url = reverse("allocation_run_supersede", args=[frozen.pk])
    assert '<a href="#id_reason">' in client.post(url, {}).content.decode().replace("\xa0", " ")
    body = client.post(url, {"reason": "  "}).content.decode().replace("\xa0", " ")
    assert '<a href="#id_reason">' in body
    assert 'aria-describedby="id_reason_helptext id_reason_error"' in body
    assert "Skriv en begrunnelse for hvorfor fordelingen erstattes." in body
    assert AllocationRun.objects.count() == 1


def test_supersede_shows_the_difference_and_keeps_both_runs_in_the_history(login, frozen):
    orkland = HeadCount.objects.get(owner__number="5059", year=2027)
    head_count_set(owner=orkland.owner, year=2027, pupils=3230, children=960, source="Rettet")
    client = login("statsforvalter")
    url = reverse("allocation_run_supersede", args=[frozen.pk])
    preview = client.get(url).content.decode().replace("\xa0", " ")
    assert "Fastsatt nå" in preview and "+" in preview
    response = client.post(url, {"reason": "Rettet elevtall for Orkland"}, follow=True)
    assert "er erstattet av nr. 2" in response.content.decode().replace("\xa0", " ")
    history = (
        client.get(reverse("allocation_history", args=[2027])).content.decode().replace("\xa0", " ")
    )
    assert "Nr. 1" in history and "Nr. 2" in history
    assert "Erstattet" in history and "Fastsatt" in history
    assert "Rettet elevtall for Orkland" in history


# --- What if ------------------------------------------------------------------------------


def test_what_if_recomputes_shows_the_difference_and_stores_nothing(login, frozen):
    client = login("sekretariat")
    before = (
        AllocationRun.objects.count(),
        AllocationLine.objects.count(),
        Event.objects.count(),
        SchemeYear.objects.get(year=2027).total_amount,
    )
    response = client.get(
        reverse("allocation_what_if", args=[2027]),
        {
            "total": "13 100 000",
            "joint_percent": "",
            "joint_amount": "1 800 000",
            "base_grant": "300 000 kr",
            "pupil_weight": "1",
            "child_weight": "1,0",
        },
    )
    body = response.content.decode().replace("\xa0", " ")
    assert "Fast beløp: 1 800 000 kr" in body
    assert "13 100 000 kr − 1 800 000 kr − 3 300 000 kr = 8 000 000 kr" in body
    assert "Endring" in body
    # The extra 1 100 000 kr is spread on top of the frozen frames.
    assert "+1 100 000 kr" in body
    after = (
        AllocationRun.objects.count(),
        AllocationLine.objects.count(),
        Event.objects.count(),
        SchemeYear.objects.get(year=2027).total_amount,
    )
    assert after == before


def test_what_if_form_errors_are_summarised_and_tied_to_fields(login, demo):
    client = login("sekretariat")
    response = client.get(
        reverse("allocation_what_if", args=[2027]),
        {
            "total": "tolv millioner",
            "joint_percent": "15",
            "joint_amount": "1 000",
            "base_grant": "300 000",
            "pupil_weight": "-1",
            "child_weight": "1",
        },
    )
    body = response.content.decode().replace("\xa0", " ")
    assert 'class="error-summary' in body
    for field in ("total", "joint_percent", "pupil_weight"):
        assert f'<a href="#id_{field}">' in body
        assert f'aria-describedby="id_{field}_helptext id_{field}_error"' in body
    assert "Skriv beløpet med sifre, for eksempel 1 234 567." in body
    assert "Oppgi enten andel i prosent eller et fast beløp til fellestiltak, ikke begge." in body
    assert "Resultat (ikke lagret)" not in body


def test_what_if_shows_the_engines_message_next_to_the_field(login, demo):
    response = login("sekretariat").get(
        reverse("allocation_what_if", args=[2027]),
        {
            "total": "1 000 000",
            "joint_percent": "0",
            "joint_amount": "",
            "base_grant": "300 000",
            "pupil_weight": "1",
            "child_weight": "1",
        },
    )
    body = response.content.decode().replace("\xa0", " ")
    assert '<a href="#id_base_grant">' in body
    assert "Grunntilskuddene" in body


def test_what_if_starts_with_the_years_settings(login, demo):
    body = (
        login("sekretariat")
        .get(reverse("allocation_what_if", args=[2027]))
        .content.decode()
        .replace("\xa0", " ")
    )
    assert 'name="total" value="12 000 000"' in body
    assert 'name="joint_percent" value="15"' in body
    assert 'name="base_grant" value="300 000"' in body


# --- Head-count import page ---------------------------------------------------------------


def upload(client, path: Path, name: str | None = None):
    return client.post(
        reverse("head_count_import"),
        {
            "year": "2027",
            "source": "SSB 2026",
            "counted_on": "2026-10-01",
            "file": SimpleUploadedFile(name or path.name, path.read_bytes()),
        },
    )


def test_import_page_previews_then_saves_on_confirm(login, demo):
    client = login("sekretariat")
    response = upload(client, DATA / "ssb_table_export.csv")
    body = response.content.decode().replace("\xa0", " ")
    assert "Kontroller tallene før de lagres" in body
    assert "Frøya" in body and "25 300" in body
    assert HeadCount.objects.get(owner__number="5001", year=2027).pupils == 25250
    token = response.context["token"]
    response = client.post(reverse("head_count_import_confirm"), {"token": token}, follow=True)
    assert "Elev- og barnetall for 2027 er lagret for 5 eiere" in response.content.decode().replace(
        "\xa0", " "
    )
    assert HeadCount.objects.get(owner__number="5001", year=2027).pupils == 25300
    # The pending upload is gone: confirming twice does nothing more.
    again = client.post(reverse("head_count_import_confirm"), {"token": token}, follow=True)
    assert "Opplastingen finnes ikke lenger" in again.content.decode().replace("\xa0", " ")


def test_import_page_cancel_writes_nothing(login, demo):
    client = login("sekretariat")
    token = upload(client, DATA / "head_counts_2027.csv").context["token"]
    response = client.post(
        reverse("head_count_import_confirm"), {"token": token, "cancel": "1"}, follow=True
    )
    assert "Ingen tall ble lagret" in response.content.decode().replace("\xa0", " ")
    assert HeadCount.objects.get(owner__number="5014", year=2027).pupils == 640


def test_import_page_lists_every_bad_row_and_offers_no_confirm(login, demo):
    body = upload(login("sekretariat"), DATA / "bad_rows.csv").content.decode().replace("\xa0", " ")
    assert "Filen kan ikke importeres. Ingen tall er lagret." in body
    assert "Linje 3: Finner ingen eier med nummer 9999." in body
    assert "Linje 8: Finner ingen eier som heter «Ukjentby»." in body
    assert "Lagre tallene" not in body
    assert HeadCount.objects.get(owner__number="5014", year=2027).pupils == 640


def test_import_confirm_checks_the_file_again(login, demo):
    client = login("sekretariat")
    token = upload(client, DATA / "head_counts_2027.csv").context["token"]
    from networks.models import Owner

    Owner.objects.filter(number="5058").update(number="5998")  # Åfjord renumbered meanwhile
    body = (
        client.post(reverse("head_count_import_confirm"), {"token": token})
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "Linje 3: Finner ingen eier med nummer 5058." in body
    assert HeadCount.objects.get(owner__number="5014", year=2027).pupils == 640


def test_import_form_requires_every_field(login, demo):
    body = (
        login("sekretariat")
        .post(reverse("head_count_import"), {})
        .content.decode()
        .replace("\xa0", " ")
    )
    for field in ("source", "counted_on", "file"):
        assert f'<a href="#id_{field}">' in body


def test_import_page_warns_when_the_year_is_frozen(login, frozen):
    body = (
        upload(login("sekretariat"), DATA / "head_counts_2027.csv")
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "Fordelingen for 2027 er allerede fastsatt" in body


def test_admin_shows_runs_read_only_with_their_lines(login, frozen):
    client = login("admin")
    body = (
        client.get(reverse("admin:allocation_allocationrun_change", args=[frozen.pk]))
        .content.decode()
        .replace("\xa0", " ")
    )
    assert "Trøndelag sørvest" in body
    assert 'name="_save"' not in body
    assert client.get(reverse("admin:allocation_allocationrun_add")).status_code == 403
    delete = reverse("admin:allocation_allocationrun_delete", args=[frozen.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AllocationRun.objects.filter(pk=frozen.pk, status=RunStatus.FROZEN).exists()


def test_admin_head_counts_offer_import_and_export(login, demo):
    body = (
        login("admin")
        .get(reverse("admin:networks_headcount_changelist"))
        .content.decode()
        .replace("\xa0", " ")
    )
    assert reverse("admin:networks_headcount_import") in body
    assert reverse("admin:networks_headcount_export") in body
