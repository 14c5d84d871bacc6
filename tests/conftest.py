"""Shared fixtures. Test data is built through the services (as users build it), mostly by the
demo seed, which gives every role one user.

The demo world and the worlds built on it are built once per test run and written into each
test's rolled-back transaction (see ``tests/world.py``). A test asks for a world by fixture name:
``demo`` here, ``frozen_year``/``sorvest_case`` in ``tests/workflow``, ``users``/``frozen_year``/
``recommended_year``/``decided_year``/``reported_year`` in ``tests/reporting``."""

from __future__ import annotations

import datetime as dt
import os

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

from networks.demo import DEMO_PASSWORD

from .world import DEMO_USERNAMES, WORLDS, demo_users, layer, load, world_layer

__all__ = ["DEMO_USERNAMES"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database as migrated, remembered so that the worlds can be written over it."""
    with django_db_blocker.unblock():
        WORLDS.capture_base()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a page asked for in English leaves English
    active in this thread, which a later test would otherwise inherit."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@layer("demo")
def build_demo(building):
    with open(os.devnull, "w") as devnull:
        call_command("seed_demo", verbosity=0, stdout=devnull)


@pytest.fixture
@world_layer("demo")
def demo(db, request):
    """The demo world: 11 networks, 39 owners, scheme year 2027, one user per role."""
    load(request, "demo")
    return demo_users()


@pytest.fixture
def login(client):
    """Log the test client in as a demo user by username."""

    def _login(username: str):
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return _login


@pytest.fixture
def travel():
    """travel(when) moves the clock for the rest of the test."""
    travellers = []

    def _travel(when: dt.datetime):
        if travellers:
            travellers.pop().stop()
        traveller = time_machine.travel(when, tick=False)
        traveller.start()
        travellers.append(traveller)

    yield _travel
    for traveller in travellers:
        traveller.stop()
