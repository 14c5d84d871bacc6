"""The joint measures (fellestiltak) have a case of their own each year, with the share set aside as
their frame and a recipient; money not granted is the year's remaining money, from which the
forum may recommend and Statsforvalteren decide a supplementary grant (tilleggstildeling)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from allocation.models import AllocationLine, RunStatus
from config.errors import DomainError
from config.formatting import format_kroner
from grants.models import Decision, DeliveryRecord
from networks.models import Network, Owner, University
from networks.roles import Role
from tests.factories import user_with_role
from workflow import rules, selectors, services
from workflow.amounts import with_amounts
from workflow.models import Case
from workflow.remaining import year_money

from .conftest import BEFORE_BASIS_DEADLINE, DECISION_TIME, FORUM_MEETING
from .helpers import CASE_PAGES, decide, deliver, prepare_and_approve, write_basis

SET_ASIDE = 1_800_000  # 15 % of the demo year's 12 000 000 kr
BELOW = 100_001  # Trøndelag sørvest is granted this much below its frame


def joint_case(scheme_year) -> Case:
    return Case.objects.select_related("network", "scheme_year", "decision_basis").get(
        scheme_year=scheme_year, network__is_joint=True
    )


def to_forum(users, cases: list[Case], travel) -> None:
    """Decision bases written and sent by each partnership (NTNU's contact for the joint
    measures): the cases wait for the forum's innstilling."""
    travel(BEFORE_BASIS_DEADLINE)
    for case in cases:
        writer = "uh" if case.network.is_joint else "koordinator"
        write_basis(users, case, writer=writer)
        services.decision_basis_submit(actor=users[writer], case=case)
    travel(FORUM_MEETING)


def to_recommended(users, cases: list[Case], travel) -> None:
    """The innstilling recorded and sent as well: the cases wait for their vedtak."""
    to_forum(users, cases, travel)
    for case in cases:
        frame = rules.case_frame(case)
        services.recommendation_line_set(
            actor=users["forum"], case=case, amount=frame, uh_amount=frame * 6 // 10
        )
    services.recommendation_update(
        actor=users["sekretariat"],
        scheme_year=cases[0].scheme_year,
        meeting_date=dt.date(2027, 2, 20),
        consensus_note="Enstemmig innstilling.",
        joint_measures="Inkluderingsanalysen",
        joint_amount=SET_ASIDE,
    )
    services.recommendation_submit(actor=users["sekretariat"], scheme_year=cases[0].scheme_year)
    travel(DECISION_TIME)
    for case in cases:
        case.refresh_from_db()


@pytest.fixture
def joint(frozen_year):
    return joint_case(frozen_year)


@pytest.fixture
def decided(demo, joint, sorvest_case, travel):
    """The joint measures granted their set-aside, Trøndelag sørvest granted ``BELOW`` under its
    frame; the other ten networks still wait for their vedtak."""
    to_recommended(demo, [sorvest_case, joint], travel)
    frame = rules.case_frame(sorvest_case)
    decide(
        demo,
        sorvest_case,
        amount=frame - BELOW,
        uh_amount=(frame - BELOW) // 2,
        departure_reason="Ett tiltak er ikke tilstrekkelig begrunnet.",
    )
    decide(demo, joint)
    return {"joint": joint, "sorvest": sorvest_case}


# --- The joint measures' case -------------------------------------------------------------------


def test_every_year_has_a_joint_measures_case_with_the_set_aside_as_its_frame(frozen_year, joint):
    assert joint.network.is_joint and joint.state == Case.State.BEHOVSMELDING
    assert rules.case_frame(joint) == SET_ASIDE
    annotated = with_amounts(Case.objects.filter(scheme_year=frozen_year))
    frames = {case.network.name: case.frame for case in annotated.select_related("network")}
    assert frames[joint.network.name] == SET_ASIDE
    # The allocation leaves the joint measures out, and the frames still add up to the total.
    lines = AllocationLine.objects.filter(
        run__scheme_year=frozen_year, run__status=RunStatus.FROZEN
    )
    assert not lines.filter(network=joint.network).exists()
    assert lines.count() == Network.objects.regular().count() == 11
    assert sum(frames.values()) == 12_000_000


def test_opening_a_new_year_gives_the_joint_measures_their_case(demo):
    scheme_year = services.scheme_year_open(
        actor=demo["statsforvalter"],
        year=2028,
        total_amount=10_000_000,
        joint_percent=Decimal(10),
        base_grant=200_000,
    )
    cases = Case.objects.filter(scheme_year=scheme_year)
    assert cases.filter(network__is_joint=True).count() == 1
    # The joint measures come last, so the networks keep the case numbers they had.
    assert cases.order_by("case_number").last().network.is_joint


def test_the_joint_measures_are_not_listed_as_a_network(demo, client, login):
    page = login("sekretariat").get(reverse("network_list")).content.decode()
    assert "Trøndelag sørvest" in page and "Fellestiltak" not in page


def test_joint_innstilling_over_the_set_aside_is_refused(demo, joint, travel):
    to_forum(demo, [joint], travel)
    with pytest.raises(DomainError, match="satt av til fellestiltak"):
        services.recommendation_line_set(
            actor=demo["forum"], case=joint, amount=SET_ASIDE + 1, uh_amount=0
        )
    assert rules.recommendation_line(joint) is None


def test_joint_grant_over_the_set_aside_is_refused(demo, joint, travel):
    to_recommended(demo, [joint], travel)
    draft = rules.draft_decision(joint)
    services.decision_update(
        actor=demo["statsforvalter"],
        decision=draft,
        amount=SET_ASIDE + 1,
        uh_amount=SET_ASIDE + 1,
        reasons="Tiltakene oppfyller kriteriene.",
        departure_reason="Mer til analysen.",
    )
    with pytest.raises(DomainError) as refused:
        prepare_and_approve(demo, draft)
    assert str(refused.value) == (
        f"Beløpet til fellestiltak ({format_kroner(SET_ASIDE + 1)}) kan ikke være større enn det "
        f"som er satt av til fellestiltak ({format_kroner(SET_ASIDE)})."
    )
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT
    assert not Decision.objects.filter(network=joint.network, status="vedtatt").exists()


def test_joint_vedtak_and_its_letter_go_to_the_recipient(decided, settings, tmp_path):
    from reporting.delivery import delivery_message
    from reporting.services import decision_letters_make

    settings.MEDIA_ROOT = tmp_path
    joint = decided["joint"]
    decision = rules.decision_in_force(joint)
    assert (decision.amount, decision.uh_amount) == (SET_ASIDE, SET_ASIDE)
    records = list(DeliveryRecord.objects.filter(decision=decision))
    ntnu = University.objects.get(short_name="NTNU")
    assert [(r.university_id, r.owner_id) for r in records] == [(ntnu.pk, None)]
    decision = decision_letters_make(decision_id=decision.pk)
    message = delivery_message(records[0], decision)
    assert message.to == [ntnu.official_email]
    name = message.attachments[0][0]
    [letter] = decision.letters.all()  # one letter, to the recipient itself
    assert name == f"{letter.file_stem}.pdf"  # named by its document number


def test_joint_measures_with_an_owner_as_recipient_send_the_vedtak_to_that_owner(demo, frozen_year):
    from networks.services import joint_measures_recipient_set

    trondheim = Owner.objects.get(number="5001")
    joint = joint_measures_recipient_set(actor=demo["sekretariat"], owner=trondheim)
    assert joint.host_owner == trondheim and not joint.partnership.universities.exists()
    with pytest.raises(DomainError, match="Velg én mottaker"):
        joint_measures_recipient_set(actor=demo["sekretariat"])


# --- Remaining money and supplementary grants ----------------------------------------------------


def test_remaining_money_counts_a_grant_below_its_frame_to_the_krone(decided, frozen_year):
    money = year_money(frozen_year)
    sorvest_frame = rules.case_frame(decided["sorvest"])
    assert money.granted == sorvest_frame - BELOW + SET_ASIDE
    assert money.granted_joint == SET_ASIDE
    assert money.reserved == 12_000_000 - SET_ASIDE - sorvest_frame
    assert money.remaining == BELOW == money.available


def test_nothing_is_remaining_before_the_allocation_is_frozen(demo):
    from grants.models import SchemeYear

    money = year_money(SchemeYear.objects.get(year=2027))
    assert (money.frozen, money.remaining) == (False, 0)


def test_year_page_shows_the_remaining_money(decided, login):
    page = login("statsforvalter").get(reverse("year_overview", args=[2027])).content.decode()
    assert f'data-remaining="{BELOW}"' in page
    assert "Fellestiltak" in page  # the joint measures' case is in the year's list


def test_supplementary_grant_over_the_remaining_money_is_refused_and_nothing_saved(decided, demo):
    joint = decided["joint"]
    drafts = Decision.objects.filter(status=Decision.Status.DRAFT)
    with pytest.raises(DomainError) as refused:
        services.supplement_recommend(
            actor=demo["forum"], case=joint, amount=BELOW + 1, reason="Mer til analysen."
        )
    assert str(refused.value) == (
        f"Tilleggstildelingen ({format_kroner(BELOW + 1)}) er større enn årets ubrukte midler "
        f"({format_kroner(BELOW)})."
    )
    assert not drafts.exists()


def test_supplementary_grant_within_the_remaining_money_is_decided_with_its_letter(
    decided, demo, settings, tmp_path
):
    from reporting.pdf import render_decision_letter
    from reporting.selectors.letters import decision_letter_data
    from tests.reporting.conftest import pdf_text

    settings.MEDIA_ROOT = tmp_path
    joint = decided["joint"]
    draft = services.supplement_recommend(
        actor=demo["forum"], case=joint, amount=BELOW, reason="Analysen utvides til PPT."
    )
    assert (draft.supplement, draft.amount, draft.supersedes.amount) == (
        BELOW,
        SET_ASIDE + BELOW,
        SET_ASIDE,
    )
    assert draft.uh_amount == draft.amount  # the UH institution receives all of it
    assert year_money(joint.scheme_year).available == 0
    decision = deliver(prepare_and_approve(demo, draft))
    assert decision.status == Decision.Status.DECIDED
    assert rules.decision_in_force(joint).amount == SET_ASIDE + BELOW
    money = year_money(joint.scheme_year)
    assert (money.remaining, money.supplements, money.granted_joint) == (
        0,
        BELOW,
        SET_ASIDE + BELOW,
    )
    text = pdf_text(render_decision_letter(decision_letter_data(decision)))
    assert "Tilleggstildeling" in text and "er dermed til sammen" in text


def test_a_supplemented_vedtak_can_still_be_corrected_after_klage(decided, demo):
    from grants.models import Appeal

    joint = decided["joint"]
    draft = services.supplement_recommend(
        actor=demo["forum"], case=joint, amount=BELOW, reason="Analysen utvides."
    )
    prepare_and_approve(demo, draft)
    appeal = services.appeal_lodge(actor=demo["uh"], case=joint, text="Vilkårene er uklare.")
    services.appeal_decide(
        actor=demo["statsforvalter"],
        appeal=appeal,
        outcome=Appeal.Outcome.PARTLY_UPHELD,
        note="Vilkårene skrives tydeligere.",
    )
    appeal.refresh_from_db()
    correction = appeal.new_decision
    assert correction.amount == SET_ASIDE + BELOW and not correction.is_supplement
    assert rules.decision_problems(correction) == []
    prepare_and_approve(demo, correction)
    assert rules.decision_in_force(joint).pk == correction.pk
    assert year_money(joint.scheme_year).remaining == 0


def test_supplementary_grant_raised_past_the_remaining_money_is_refused_at_the_vedtak(
    decided, demo
):
    sorvest = decided["sorvest"]
    draft = services.supplement_recommend(
        actor=demo["forum"], case=sorvest, amount=60_000, reason="Ubrukte midler."
    )
    base = draft.supersedes.amount
    services.decision_update(
        actor=demo["statsforvalter"],
        decision=draft,
        amount=base + BELOW + 1,
        departure_reason="Mer enn innstilt.",
    )
    draft.refresh_from_db()
    assert draft.supplement == BELOW + 1
    with pytest.raises(DomainError, match="større enn årets ubrukte midler"):
        prepare_and_approve(demo, draft)
    draft.refresh_from_db()
    assert draft.status == Decision.Status.DRAFT
    assert rules.decision_in_force(sorvest).amount == base


def test_forum_is_offered_a_supplementary_grant_only_while_money_remains(decided, demo):
    joint = decided["joint"]
    names = {a.name for a in selectors.available_actions(demo["forum"], joint)}
    assert "recommend_supplement" in names
    assert "recommend_supplement" not in {
        a.name for a in selectors.available_actions(demo["koordinator"], decided["sorvest"])
    }
    services.supplement_recommend(actor=demo["forum"], case=joint, amount=BELOW, reason="Alt.")
    rules.forget(decided["sorvest"])
    names = {a.name for a in selectors.available_actions(demo["forum"], decided["sorvest"])}
    assert "recommend_supplement" not in names


# --- Access ---------------------------------------------------------------------------------------


def test_other_organisations_get_404_on_the_joint_case(client, demo, joint):
    nord_uh = user_with_role(Role.UH_CONTACT, university=University.objects.get(short_name="Nord"))
    fosen = user_with_role(Role.NETWORK_COORDINATOR, network=Network.objects.get(name="Fosen"))
    urls = [reverse(name, args=[joint.pk]) for name in CASE_PAGES]
    for user in (demo["eier"], demo["koordinator"], nord_uh, fosen):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.get(reverse("supplement_recommend", args=[joint.pk])).status_code == 404
    for username in ("uh", "sekretariat", "forum", "statsforvalter"):
        client.force_login(demo[username])
        for url in urls:
            assert client.get(url).status_code == 200, (username, url)


def test_supplement_page_is_the_forums(client, decided, demo):
    url = reverse("supplement_recommend", args=[decided["joint"].pk])
    for username, status in (
        ("forum", 200),
        ("sekretariat", 200),
        ("statsforvalter", 403),
        ("uh", 403),
        ("koordinator", 404),
    ):
        client.force_login(demo[username])
        assert client.get(url).status_code == status, username
    client.force_login(demo["forum"])
    response = client.post(url, {"amount": "100 002", "uh_amount": "0", "reason": "Mer."})
    assert response.status_code == 200
    assert "større enn årets ubrukte midler" in response.content.decode()
    assert not Decision.objects.filter(status=Decision.Status.DRAFT).exists()


def test_case_list_shows_the_joint_case_to_the_regional_bodies(demo, joint):
    cases = selectors.case_list(viewer=demo["statsforvalter"], year=2027)
    assert joint.pk in {case.pk for case in cases}
    assert joint.pk not in {c.pk for c in selectors.case_list(viewer=demo["koordinator"])}
