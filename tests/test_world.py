"""The test worlds are built once per run and loaded into each test's own transaction: a test
that asks for none sees the database as migrated, and what one test changes never reaches the
next."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType

from grants.models import SchemeYear
from networks.models import Network, User
from networks.services import network_upsert

from .world import layer, load


def test_a_test_without_a_world_sees_the_database_as_migrated(db):
    assert not Network.objects.exists()
    assert not User.objects.exists()
    assert not SchemeYear.objects.exists()
    assert ContentType.objects.filter(app_label="networks", model="network").exists()


def test_a_test_changes_the_demo_world(demo):
    Network.objects.filter(name="Fosen").update(name="Fosen (endret)")
    demo["eier"].delete()
    SchemeYear.objects.filter(year=2027).update(total_amount=1)
    assert not User.objects.filter(username="eier").exists()


def test_the_next_test_gets_the_demo_world_unchanged(demo):
    assert Network.objects.filter(name="Fosen").exists()
    assert not Network.objects.filter(name="Fosen (endret)").exists()
    assert User.objects.filter(username="eier").exists()
    assert SchemeYear.objects.get(year=2027).total_amount == 12_000_000


def test_the_demo_users_are_fresh_objects_in_every_test(demo):
    assert demo["sekretariat"].username == "sekretariat"
    assert demo["sekretariat"] is not User.objects.get(username="sekretariat")
    assert demo["eier"].check_password("kompetanse2027")


@layer("tests.renamed_fosen", parent="demo")
def build_renamed_fosen(building):
    Network.objects.filter(name="Fosen").update(name="Fosen og Hitra")
    return {"renamed": "Fosen og Hitra"}


def test_a_world_on_top_of_the_loaded_one_is_written_over_it(demo, request):
    world = load(request, "tests.renamed_fosen")
    assert world.data == {"renamed": "Fosen og Hitra"}
    assert Network.objects.filter(name="Fosen og Hitra").exists()
    assert not Network.objects.filter(name="Fosen").exists()
    assert Network.objects.regular().count() == 11
    assert User.objects.get(username="eier").check_password("kompetanse2027")


def test_a_world_is_not_written_over_data_the_test_added(demo, request):
    network_upsert(name="Testnettverk", description="Lagt til før verdenen.")
    with pytest.raises(RuntimeError, match="loaded over data written before it"):
        load(request, "tests.renamed_fosen")
