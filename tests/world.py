"""The test worlds: the demo and the years built on it, each built once per test run.

A *layer* is a function that builds one step of a world through the services (``seed_demo``, the
allocation frozen, a year decided ...) on top of its parent layer. The first test that asks for a
layer builds it inside a transaction that is rolled back, after taking a snapshot of every table,
of the files it stored, of the emails it sent and of where it left the clock. Every test that asks
for it afterwards gets the snapshot written into its own rolled-back transaction (only the tables
that differ from the migrated database), the files copied into its media folder, the emails in its
outbox and the clock where the build left it. Tests that ask for no world see the database as
migrated, as before.

Fixtures declare their layer with ``@world_layer(NAME)`` under ``@pytest.fixture`` and call
``load(request, NAME)``: the first world fixture of a test loads the deepest layer the test asks
for, so the fixtures in between (``demo`` → ``users`` → ``frozen_year`` ...) only read.
"""

from __future__ import annotations

import copy
import datetime as dt
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.utils import translation

#: Rows of one table as the database holds them: SQLite row tuples, or PostgreSQL COPY text.
TableData = Any


@dataclass
class Layer:
    name: str
    parent: str | None
    build: Callable[[Building], dict | None]


@dataclass
class World:
    """A snapshot of the database and of what the build left outside it."""

    name: str
    parent: World | None
    tables: dict[str, TableData]
    data: dict = field(default_factory=dict)
    clock: dt.datetime | None = None
    media: dict[str, bytes] = field(default_factory=dict)
    mails: list = field(default_factory=list)

    def descends_from(self, other: World) -> bool:
        world: World | None = self
        while world is not None:
            if world is other:
                return True
            world = world.parent
        return False


class Building:
    """What a layer's build function gets: the values its parents recorded (``data``), a clock
    (``travel``) and a way to run what is queued after commit (``capture``, like
    ``django_capture_on_commit_callbacks``)."""

    def __init__(self, data: dict, clock: dt.datetime | None):
        self.data = dict(data)
        self.clock = clock
        self._traveller = None
        if clock is not None:
            self.travel(clock)

    def travel(self, when: dt.datetime) -> None:
        self.stop()
        self._traveller = time_machine.travel(when, tick=False)
        self._traveller.start()
        self.clock = when

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None

    @staticmethod
    def capture(execute: bool = False):
        return TestCase.captureOnCommitCallbacks(execute=execute)


LAYERS: dict[str, Layer] = {}


def layer(name: str, *, parent: str | None = None):
    """Register ``build(building) -> dict | None`` as the layer ``name`` on top of ``parent``."""

    def register(build: Callable[[Building], dict | None]):
        LAYERS[name] = Layer(name=name, parent=parent, build=build)
        return build

    return register


def world_layer(name: str):
    """Mark a fixture as giving the layer ``name`` (put it under ``@pytest.fixture``)."""

    def mark(function):
        function.world_layer = name
        return function

    return mark


# --- Reading and writing tables ----------------------------------------------------------------


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


class Tables:
    """Reads and writes whole tables the fastest way each database allows."""

    def __init__(self):
        with connection.cursor() as cursor:
            names = connection.introspection.table_names(cursor)
            self.columns = {
                name: [
                    column.name
                    for column in connection.introspection.get_table_description(cursor, name)
                ]
                for name in names
                if name != "django_migrations"
            }
        self.models = {}
        from django.apps import apps

        for model in apps.get_models(include_auto_created=True):
            self.models[model._meta.db_table] = model

    def read(self, cursor, table: str) -> TableData:
        columns = self.columns[table]
        if connection.vendor == "postgresql":
            listed = ", ".join(_quote(c) for c in columns)
            sql = f"COPY (SELECT {listed} FROM {_quote(table)} ORDER BY 1) TO STDOUT"
            with cursor.cursor.copy(sql) as copy:
                return b"".join(bytes(block) for block in copy)
        # Unary + hands back the stored value untouched (no date or bool converters).
        listed = ", ".join(f"+{_quote(c)}" for c in columns)
        cursor.execute(f"SELECT {listed} FROM {_quote(table)} ORDER BY 1")
        return cursor.fetchall()

    def read_all(self) -> dict[str, TableData]:
        with connection.cursor() as cursor:
            return {table: self.read(cursor, table) for table in self.columns}

    def count(self, cursor, tables) -> list[int]:
        tables = list(tables)
        if not tables:
            return []
        counts = ", ".join(f"(SELECT COUNT(*) FROM {_quote(t)})" for t in tables)
        cursor.execute(f"SELECT {counts}")
        return list(cursor.fetchone())

    def write(self, cursor, table: str, rows: TableData) -> None:
        cursor.execute(f"DELETE FROM {_quote(table)}")
        if not rows:
            return
        columns = self.columns[table]
        listed = ", ".join(_quote(c) for c in columns)
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_quote(table)} ({listed}) FROM STDIN") as copy:
                copy.write(rows)
            return
        marks = ", ".join(["%s"] * len(columns))
        cursor.executemany(f"INSERT INTO {_quote(table)} ({listed}) VALUES ({marks})", rows)

    def reset_sequences(self, cursor, tables) -> None:
        """PostgreSQL: the next id after the restored rows (SQLite keeps track by itself)."""
        if connection.vendor != "postgresql":
            return
        models = [self.models[t] for t in tables if t in self.models]
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)

    @staticmethod
    def rows(data: TableData) -> int:
        if isinstance(data, bytes):
            return data.count(b"\n")
        return len(data)


# --- The worlds of one test run -----------------------------------------------------------------


class Worlds:
    def __init__(self):
        self.tables: Tables | None = None
        self.base: World | None = None
        self.built: dict[str, World] = {}
        self._changed: dict[tuple[str | None, str], list[str]] = {}

    def capture_base(self) -> None:
        """Remember the database as migrated (call once, right after the test database is made)."""
        self.tables = Tables()
        self.base = World(name="(migrated)", parent=None, tables=self.tables.read_all())
        self._base_counts = {t: Tables.rows(d) for t, d in self.base.tables.items() if d}

    def get(self, name: str, *, current: World) -> World:
        """The world ``name``, built now if need be (the database holds ``current``, and does
        again afterwards)."""
        if name not in self.built:
            self.built[name] = self._build(LAYERS[name], current=current)
        return self.built[name]

    def _build(self, layer: Layer, *, current: World) -> World:
        assert self.base is not None, "the base was not captured (django_db_setup)"
        parent = self.get(layer.parent, current=current) if layer.parent else None
        media = Path(tempfile.mkdtemp(prefix=f"testworld-{layer.name}-"))
        outbox = getattr(mail, "outbox", None)
        mails_before = len(outbox) if outbox is not None else 0
        building = Building(parent.data if parent else {}, parent.clock if parent else None)
        try:
            with (
                translation.override(settings.LANGUAGE_CODE),
                override_settings(MEDIA_ROOT=str(media)),
                transaction.atomic(),
            ):
                self._restore(parent or self.base, over=current)
                if parent is not None:
                    self._put_media(parent, media)
                data = layer.build(building) or {}
                tables = self.tables.read_all()
                transaction.set_rollback(True)
            files = {
                str(path.relative_to(media)): path.read_bytes()
                for path in sorted(media.rglob("*"))
                if path.is_file()
            }
        finally:
            building.stop()
            shutil.rmtree(media, ignore_errors=True)
        mails = []
        if outbox is not None:
            mails = (parent.mails if parent else []) + outbox[mails_before:]
            del outbox[mails_before:]
        return World(
            name=layer.name,
            parent=parent,
            tables=tables,
            data={**building.data, **data},
            clock=building.clock,
            media=files,
            mails=mails,
        )

    def _changed_tables(self, world: World, over: World) -> list[str]:
        key = (over.name, world.name)
        if key not in self._changed:
            self._changed[key] = [t for t, rows in world.tables.items() if rows != over.tables[t]]
        return self._changed[key]

    def _base_intact(self, cursor) -> bool:
        """False after a flush (a transactional test): the migrations' rows are gone or were made
        anew with other ids."""
        counts = self.tables.count(cursor, self._base_counts)
        # At least the migrations' rows: a world may add to those tables (a scheme year copies
        # the legal text templates), a flush empties them.
        if any(now < base for now, base in zip(counts, self._base_counts.values(), strict=True)):
            return False
        content_types = self.base.tables["django_content_type"]
        return self.tables.read(cursor, "django_content_type") == content_types

    def _restore(self, world: World, *, over: World) -> None:
        """Write ``world`` into the database, which holds ``over``."""
        tables = self.tables
        with transaction.atomic(), connection.cursor() as cursor:
            intact = self._base_intact(cursor)
            if intact:
                changed = self._changed_tables(world, over)
                expected = [Tables.rows(over.tables[t]) for t in changed]
                if tables.count(cursor, changed) != expected:
                    raise RuntimeError(
                        f"The test world {world.name!r} is loaded over data written before it: "
                        "ask for the world fixture (demo, frozen_year ...) before fixtures "
                        "that write to the database."
                    )
            else:
                changed = list(tables.columns)
            # The audit tables are append-only on PostgreSQL (a trigger refuses DELETE): writing a
            # snapshot over them is the one thing allowed to, so triggers are off while it does.
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = replica")
            for table in changed:
                tables.write(cursor, table, world.tables[table])
            if connection.vendor == "postgresql":
                cursor.execute("SET LOCAL session_replication_role = DEFAULT")
            tables.reset_sequences(cursor, changed)
        if not intact:
            from django.contrib.contenttypes.models import ContentType

            ContentType.objects.clear_cache()

    @staticmethod
    def _put_media(world: World, root: Path) -> None:
        for name, content in world.media.items():
            path = root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)

    def load(self, request: pytest.FixtureRequest, name: str) -> World:
        """Give the test the deepest world it asks for (once), and return the world ``name``."""
        item = request.node
        loaded: World = item.stash.get(LOADED, self.base)
        wanted = self.get(name, current=loaded)
        if loaded.descends_from(wanted):
            return wanted
        target = self.get(_deepest_layer(request, name), current=loaded)
        if loaded is not self.base and not target.descends_from(loaded):
            raise RuntimeError(f"The test asks for two worlds: {loaded.name!r} and {target.name!r}")
        self._restore(target, over=loaded)
        self._put_media(target, Path(settings.MEDIA_ROOT))
        outbox = getattr(mail, "outbox", None)
        if outbox is not None:
            outbox.extend(copy.deepcopy(target.mails[len(loaded.mails) :]))
        item.stash[LOADED] = target
        return wanted


LOADED = pytest.StashKey[World]()
WORLDS = Worlds()


def _deepest_layer(request: pytest.FixtureRequest, name: str) -> str:
    """Of the world fixtures this test uses, the deepest one on top of ``name``."""
    chosen = name
    fixture_info = getattr(request.node, "_fixtureinfo", None)
    definitions = getattr(fixture_info, "name2fixturedefs", {}) or {}
    for fixture_name in request.fixturenames:
        defs = definitions.get(fixture_name)
        layer_name = getattr(defs[-1].func, "world_layer", None) if defs else None
        if layer_name and _depth_above(layer_name, chosen) > 0:
            chosen = layer_name
    return chosen


def _depth_above(name: str, ancestor: str) -> int:
    """How many layers ``name`` lies above ``ancestor`` (-1 if not on top of it)."""
    depth = 0
    current: str | None = name
    while current is not None:
        if current == ancestor:
            return depth
        current = LAYERS[current].parent
        depth += 1
    return -1


def load(request: pytest.FixtureRequest, name: str) -> World:
    """Load the world ``name`` (or a deeper one the test also asks for) into this test."""
    return WORLDS.load(request, name)


# --- The demo -----------------------------------------------------------------------------------

DEMO_USERNAMES = (
    "eier",
    "koordinator",
    "uh",
    "sekretariat",
    "forum",
    "statsforvalter",
    "godkjenner",
    "admin",
)


def demo_users() -> dict:
    """The demo users, one per role, by username (fresh objects: nothing cached on them)."""
    from networks.models import User

    users = User.objects.in_bulk(DEMO_USERNAMES, field_name="username")
    return {name: users[name] for name in DEMO_USERNAMES}
