"""The year's PDFs (innstilling, allocation table, year report), read back with pypdf: the names,
amounts in Norwegian format and dates come from the stored rows; only regional roles get them."""

from __future__ import annotations

from django.urls import reverse

from allocation.selectors import frozen_run
from grants.models import Decision

from .conftest import SORVEST, SORVEST_CUT, nb_kroner, pdf_text

DOCUMENTS = (
    "reporting:recommendation_pdf",
    "reporting:allocation_pdf",
    "reporting:year_report_pdf",
)


def download(client, name: str) -> str:
    response = client.get(reverse(name, args=[2027]))
    assert response.status_code == 200, name
    assert response["Content-Type"] == "application/pdf"
    return pdf_text(response.content)


def test_innstilling_lists_every_network_with_frame_and_recommended_amount(recommended_year, login):
    text = download(login("sekretariat"), "reporting:recommendation_pdf")
    run = frozen_run(2027)
    assert "Innstilling om tilskudd 2027" in text
    assert "Samarbeidsforum for Kompetanseløftet i Trøndelag" in text
    assert "Til: Statsforvalteren i Trøndelag" in text
    assert "Møtedato: 20. februar 2027" in text
    for line in run.lines.all():
        assert line.network_name in text
        assert nb_kroner(line.frame) in text
    frames = sum(line.frame for line in run.lines.all())
    assert f"Sum nettverk {nb_kroner(frames)} {nb_kroner(frames)}" in text
    assert "Inkluderingsanalysen" in text and nb_kroner(1_800_000) in text
    assert f"Samlet innstilt beløp {nb_kroner(frames + 1_800_000)}" in text
    assert "Enstemmig innstilling." in text
    assert "Norges teknisk-naturvitenskapelige universitet" in text


def test_allocation_table_is_the_frozen_run(frozen_year, login):
    text = download(login("forum"), "reporting:allocation_pdf")
    run = frozen_run(2027)
    assert "Forhåndstildelte rammer 2027" in text
    assert f"Samlet tilskudd {nb_kroner(12_000_000)}" in text
    assert f"Avsatt til fellestiltak {nb_kroner(run.joint_measures)}" in text
    assert f"Grunntilskudd per nettverk {nb_kroner(300_000)}" in text
    for line in run.lines.all():
        assert f"{line.network_name} " in text
        assert nb_kroner(line.frame) in text
    base = sum(line.base for line in run.lines.all())
    pro_rata = sum(line.pro_rata for line in run.lines.all())
    distributed = run.total_amount - run.joint_measures
    assert f"{nb_kroner(base)} {nb_kroner(pro_rata)} {nb_kroner(distributed)}" in text
    assert f"Ref. 2027/fordeling-{run.number}" in text


def test_year_report_shows_granted_used_and_to_be_returned(reported_year, login):
    text = download(login("statsforvalter"), "reporting:year_report_pdf")
    sorvest = Decision.objects.get(network__name=SORVEST, status=Decision.Status.DECIDED)
    assert "Årsrapport 2027" in text
    assert "Rapporteringsfrist: 30. juni 2027" in text
    assert (
        f"{SORVEST} {nb_kroner(sorvest.amount)} {nb_kroner(sorvest.amount - 25_000)} "
        f"{nb_kroner(25_000)} Godkjent" in text
    )
    fosen = Decision.objects.get(network__name="Fosen", status=Decision.Status.DECIDED)
    assert f"Fosen {nb_kroner(fosen.amount)} {nb_kroner(fosen.amount)} 0 kr Sendt" in text
    granted = sum(
        Decision.objects.filter(status=Decision.Status.DECIDED).values_list("amount", flat=True)
    )
    # Only Trøndelag sørvest (25 000 kr unused) and Fosen (all used) have reported money.
    used = sorvest.amount - 25_000 + fosen.amount
    # To be repaid is what was claimed back (Trøndelag sørvest's claim), not granted − used: the
    # networks that have not reported owe nothing yet.
    assert f"Sum {nb_kroner(granted)} {nb_kroner(used)} {nb_kroner(25_000)}" in text
    assert sorvest.amount == sorvest.recommended_amount - SORVEST_CUT


def test_documents_that_do_not_exist_yet_are_not_found(demo, login):
    client = login("statsforvalter")
    assert client.get(reverse("reporting:recommendation_pdf", args=[2027])).status_code == 404
    assert client.get(reverse("reporting:allocation_pdf", args=[2027])).status_code == 404
    assert client.get(reverse("reporting:year_report_pdf", args=[2031])).status_code == 404


def test_only_regional_roles_get_the_years_documents(recommended_year, client, users):
    for username in ("koordinator", "uh", "eier", "nord"):
        client.force_login(users[username])
        for name in DOCUMENTS:
            assert client.get(reverse(name, args=[2027])).status_code == 403, (username, name)
    for username in ("statsforvalter", "sekretariat", "forum", "admin"):
        client.force_login(users[username])
        for name in DOCUMENTS:
            assert client.get(reverse(name, args=[2027])).status_code == 200, (username, name)
