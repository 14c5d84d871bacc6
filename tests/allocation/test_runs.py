"""Stored allocation runs: computed from the demo year, frozen, final, superseded with a reason."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from allocation import services
from allocation.engine import NetworkCounts, allocate
from allocation.models import AllocationLine, AllocationRun, RunStatus, final_run_message
from allocation.selectors import frozen_frame, scheme_year_inputs
from config.errors import DomainError
from grants.models import SchemeYear
from grants.services import scheme_year_update
from networks.models import Event, HeadCount, Network
from networks.services import head_count_set, network_upsert
from tests.factories import OwnerFactory


@pytest.fixture
def year(demo):
    return SchemeYear.objects.get(year=2027)


@pytest.fixture
def draft(demo, year):
    return services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)


@pytest.fixture
def frozen(demo, draft):
    return services.allocation_run_freeze(actor=demo["sekretariat"], run=draft)


def _demo_counts() -> dict[str, tuple[int, int]]:
    """Sum the demo file by network, independently of the code under test."""
    from networks.demo import read_demo_rows

    sums: dict[str, tuple[int, int]] = {}
    for row in read_demo_rows():
        pupils, children = sums.get(row.network, (0, 0))
        sums[row.network] = (pupils + row.pupils, children + row.children)
    return sums


def test_run_from_the_demo_year_has_eleven_lines_that_add_up_to_the_money_distributed(draft):
    lines = list(draft.lines.order_by("position"))
    assert len(lines) == 11
    assert draft.total_amount == 12_000_000
    assert draft.joint_percent == Decimal(15)
    assert draft.joint_measures == 1_800_000
    assert draft.base_grant == 300_000
    assert draft.distributable == 12_000_000 - 1_800_000 - 11 * 300_000
    assert sum(line.frame for line in lines) == 12_000_000 - 1_800_000
    assert all(line.frame == line.base + line.pro_rata for line in lines)
    assert draft.status == RunStatus.DRAFT


def test_run_lines_equal_the_engine_result_for_the_summed_counts(draft):
    counts = _demo_counts()
    lines = list(draft.lines.order_by("position"))
    assert {line.network_name: (line.pupils, line.children) for line in lines} == counts
    expected = allocate(
        total=12_000_000,
        base_grant=300_000,
        joint_percent=Decimal(15),
        networks=[NetworkCounts(line.network_name, *counts[line.network_name]) for line in lines],
    )
    for line, share in zip(lines, expected.networks, strict=True):
        assert (line.network_name, line.frame, line.pro_rata) == (
            share.network,
            share.frame,
            share.pro_rata,
        )
        assert Fraction(line.quota) == share.quota
        assert line.weight == Decimal(share.pupils + share.children)


def test_lines_snapshot_the_counts_source_and_counting_date(draft):
    trondheim = draft.lines.get(network_name="Trondheim")
    assert trondheim.counts_source.startswith("Demodata")
    assert trondheim.counted_on.isoformat() == "2026-10-01"
    assert trondheim.owners_counted == 1
    assert draft.lines.get(network_name="Trøndelag sørvest").owners_counted == 6


def test_a_network_without_counts_takes_part_with_zero(demo, year):
    empty = network_upsert(name="Nytt nettverk")
    OwnerFactory(network=empty)  # an owner, but no head counts
    run = services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)
    line = run.lines.get(network=empty)
    assert (line.pupils, line.children, line.pro_rata, line.frame) == (0, 0, 0, 300_000)
    assert run.lines.count() == 12
    assert sum(run.lines.values_list("frame", flat=True)) == 12_000_000 - 1_800_000


def test_no_counts_at_all_is_refused_and_nothing_is_stored(demo, year):
    HeadCount.objects.all().delete()
    with pytest.raises(DomainError, match="Det finnes ingen elev- og barnetall for 2027"):
        services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)
    assert not AllocationRun.objects.exists()


def test_engine_errors_come_back_as_domain_errors_with_the_engines_message(demo, year):
    scheme_year_update(actor=demo["statsforvalter"], scheme_year=year, base_grant=1_000_000)
    with pytest.raises(DomainError, match="Grunntilskuddene") as caught:
        services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)
    assert caught.value.code == "base_grants_exceed"
    assert not AllocationRun.objects.exists()


@pytest.mark.parametrize("username", ["eier", "koordinator", "uh", "forum"])
def test_only_the_secretariat_statsforvalter_and_admin_compute_runs(demo, year, username):
    with pytest.raises(PermissionDenied):
        services.allocation_run_create(actor=demo[username], scheme_year=year)
    for allowed in ("statsforvalter", "admin"):
        run = services.allocation_run_create(actor=demo[allowed], scheme_year=year)
        run.delete()


def test_creating_a_second_draft_is_refused(demo, year, draft):
    with pytest.raises(DomainError, match="Det finnes allerede et utkast"):
        services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)


def test_freeze_publishes_the_run_and_records_events(demo, frozen):
    frozen.refresh_from_db()
    assert frozen.status == RunStatus.FROZEN
    assert frozen.frozen_by == demo["sekretariat"]
    assert frozen.frozen_at is not None
    assert Event.objects.filter(kind="allocation_run_frozen", year=2027).count() == 1
    published = Event.objects.filter(kind="allocation_frame_published", year=2027)
    assert published.count() == 11
    sorvest = Network.objects.get(name="Trøndelag sørvest")
    assert published.get(network=sorvest).data["frame"] == frozen_frame(sorvest, 2027)


def test_frozen_frame_is_none_before_freezing_and_the_frame_after(draft):
    sorvest = Network.objects.get(name="Trøndelag sørvest")
    assert frozen_frame(sorvest, 2027) is None
    assert frozen_frame(network=sorvest, year=2028) is None
    services.allocation_run_freeze(actor=draft.created_by, run=draft)
    line = draft.lines.get(network=sorvest)
    assert frozen_frame(sorvest, 2027) == line.frame
    assert frozen_frame(network=sorvest.pk, year=2027) == line.frame


def test_a_draft_is_recomputed_with_new_counts(demo, draft):
    orkland = HeadCount.objects.get(owner__number="5059", year=2027)
    head_count_set(
        owner=orkland.owner, year=2027, pupils=orkland.pupils + 1000, children=0, source="Rettet"
    )
    before = draft.lines.get(network_name="Trøndelag sørvest").frame
    services.allocation_run_recompute(actor=demo["sekretariat"], run=draft)
    after = draft.lines.get(network_name="Trøndelag sørvest")
    assert after.pupils == 5430 + 1000
    assert after.frame != before
    assert sum(draft.lines.values_list("frame", flat=True)) == 10_200_000


def test_a_stale_draft_cannot_be_frozen(demo, draft):
    orkland = HeadCount.objects.get(owner__number="5059", year=2027)
    head_count_set(owner=orkland.owner, year=2027, pupils=1, children=1, source="Rettet")
    with pytest.raises(DomainError, match="endret etter at utkastet ble beregnet"):
        services.allocation_run_freeze(actor=demo["sekretariat"], run=draft)
    draft.refresh_from_db()
    assert draft.status == RunStatus.DRAFT


def test_a_frozen_run_cannot_be_recomputed_or_frozen_again(demo, frozen):
    with pytest.raises(DomainError) as caught:
        services.allocation_run_recompute(actor=demo["sekretariat"], run=frozen)
    assert caught.value.message == final_run_message()
    with pytest.raises(DomainError, match="Bare et utkast kan fastsettes"):
        services.allocation_run_freeze(actor=demo["sekretariat"], run=frozen)
    with pytest.raises(DomainError, match="allerede fastsatt"):
        services.allocation_run_create(actor=demo["sekretariat"], scheme_year=frozen.scheme_year)


def test_the_model_refuses_to_change_a_frozen_run_or_its_lines(frozen):
    run = AllocationRun.objects.get(pk=frozen.pk)
    run.total_amount = 13_000_000
    with pytest.raises(DomainError, match="kan ikke endres"):
        run.save()
    line = frozen.lines.get(network_name="Trondheim")
    line.frame += 1
    line.pro_rata += 1
    with pytest.raises(DomainError, match="kan ikke endres"):
        line.save()
    with pytest.raises(DomainError):
        line.delete()
    with pytest.raises(DomainError):
        AllocationLine.objects.filter(run=frozen).update(frame=0)
    with pytest.raises(DomainError):
        AllocationRun.objects.filter(pk=frozen.pk).delete()
    stored = AllocationLine.objects.get(pk=line.pk)
    assert stored.frame == line.frame - 1
    assert AllocationRun.objects.get(pk=frozen.pk).total_amount == 12_000_000


def test_the_database_keeps_frame_equal_to_base_plus_share(draft):
    line = draft.lines.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationLine.objects.filter(pk=line.pk).update(frame=line.frame + 1)


def test_only_one_frozen_run_per_year_in_the_database(demo, frozen):
    other = AllocationRun.objects.create(
        scheme_year=frozen.scheme_year,
        number=99,
        total_amount=1,
        joint_amount=0,
        joint_measures=0,
        base_grant=0,
        pupil_weight=1,
        child_weight=1,
        weight_total=0,
        distributable=0,
    )
    other.freeze(at=timezone.now(), by=demo["sekretariat"])
    with pytest.raises(IntegrityError), transaction.atomic():
        other.save()


def test_supersede_requires_a_reason(demo, frozen):
    for reason in ("", "   "):
        with pytest.raises(DomainError, match="Skriv en begrunnelse"):
            services.allocation_run_supersede(actor=demo["sekretariat"], run=frozen, reason=reason)
    assert AllocationRun.objects.count() == 1


def test_supersede_keeps_both_runs_and_publishes_the_new_one(demo, frozen):
    orkland = HeadCount.objects.get(owner__number="5059", year=2027)
    head_count_set(owner=orkland.owner, year=2027, pupils=3000, children=960, source="Rettet")
    new = services.allocation_run_supersede(
        actor=demo["statsforvalter"], run=frozen, reason="Rettet elevtall for Orkland"
    )
    old = AllocationRun.objects.get(pk=frozen.pk)
    assert old.status == RunStatus.SUPERSEDED
    assert old.superseded_by == new
    assert old.supersede_reason == "Rettet elevtall for Orkland"
    assert old.superseded_by_user == demo["statsforvalter"]
    assert new.status == RunStatus.FROZEN and new.number == 2
    assert AllocationRun.objects.filter(scheme_year__year=2027).count() == 2
    assert old.lines.count() == new.lines.count() == 11
    sorvest = Network.objects.get(name="Trøndelag sørvest")
    assert frozen_frame(sorvest, 2027) == new.lines.get(network=sorvest).frame
    assert new.lines.get(network=sorvest).frame > old.lines.get(network=sorvest).frame
    event = Event.objects.get(kind="allocation_run_superseded")
    assert "Rettet elevtall for Orkland" in event.message
    changed = Event.objects.filter(kind="allocation_frame_published", network=sorvest)
    assert changed.latest("id").data["previous_frame"] == old.lines.get(network=sorvest).frame


def test_a_superseded_run_can_never_change_again(demo, frozen):
    services.allocation_run_supersede(actor=demo["sekretariat"], run=frozen, reason="Ny sum")
    old = AllocationRun.objects.get(pk=frozen.pk)
    with pytest.raises(DomainError, match="Bare en fastsatt fordeling kan erstattes"):
        services.allocation_run_supersede(actor=demo["sekretariat"], run=old, reason="Igjen")
    old.supersede_reason = "Omskrevet historie"
    with pytest.raises(DomainError):
        old.save()
    assert AllocationRun.objects.get(pk=frozen.pk).supersede_reason == "Ny sum"


def test_a_draft_cannot_be_superseded(demo, draft):
    with pytest.raises(DomainError, match="Bare en fastsatt fordeling kan erstattes"):
        services.allocation_run_supersede(actor=demo["sekretariat"], run=draft, reason="Feil")


def test_scheme_year_inputs_give_the_same_frames_as_a_stored_run(draft):
    kwargs, networks = scheme_year_inputs(2027)
    result = allocate(**kwargs, networks=networks)
    assert [s.frame for s in result.networks] == list(
        draft.lines.order_by("position").values_list("frame", flat=True)
    )


def test_scheme_year_inputs_for_a_missing_year_is_a_domain_error(db):
    with pytest.raises(DomainError, match="Tilskuddsåret 2031 finnes ikke"):
        scheme_year_inputs(2031)
