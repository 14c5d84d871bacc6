"""Shared fixtures. Test data is built through the services (as users build it), mostly by the
demo seed, which gives every role one user."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from networks.demo import DEMO_PASSWORD
from networks.models import User

DEMO_USERNAMES = ("eier", "koordinator", "uh", "sekretariat", "forum", "statsforvalter", "admin")


@pytest.fixture
def demo(db):
    """The demo world: 11 networks, 39 owners, scheme year 2027, one user per role."""
    call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))  # noqa: SIM115
    return {name: User.objects.get(username=name) for name in DEMO_USERNAMES}


@pytest.fixture
def login(client):
    """Log the test client in as a demo user by username."""

    def _login(username: str):
        assert client.login(username=username, password=DEMO_PASSWORD)
        return client

    return _login
