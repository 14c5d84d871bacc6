"""The test worlds are built once per run and loaded into each test's own transaction: a test
that asks for none sees the database as migrated, and what one test changes never reaches the
next."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from grants.models import SchemeYear
from networks.models import Network, User


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
