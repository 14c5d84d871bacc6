"""``manage.py allocate --year``: the stored scheme year's settings and head counts as input.

In-process (``call_command``) because this mode reads the database; the manual mode is tested in
a subprocess without one in ``test_cli.py``.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from allocation import services
from allocation.engine import allocate
from allocation.selectors import scheme_year_inputs
from grants.models import SchemeYear
from grants.services import scheme_year_update
from networks.models import HeadCount


def allocate_command(*args: str) -> str:
    out = io.StringIO()
    call_command("allocate", *args, stdout=out)
    return out.getvalue()


def test_year_gives_the_same_frames_as_a_stored_run(demo):
    year = SchemeYear.objects.get(year=2027)
    run = services.allocation_run_create(actor=demo["sekretariat"], scheme_year=year)
    data = json.loads(allocate_command("--year", "2027", "--format", "json"))
    assert data["total"] == 12_000_000
    assert data["joint_measures"] == 1_800_000
    assert data["distributable"] == 6_900_000
    stored = [(line.network_name, line.frame) for line in run.lines.order_by("position")]
    assert [(n["network"], n["frame"]) for n in data["networks"]] == stored
    assert sum(n["frame"] for n in data["networks"]) == 10_200_000


def test_year_table_is_readable(demo):
    output = allocate_command("--year", "2027")
    assert "Trøndelag sørvest" in output
    assert "10 200 000 kr" in output
    assert "1 800 000 kr" in output


def test_year_uses_the_years_weights(demo):
    year = SchemeYear.objects.get(year=2027)
    scheme_year_update(
        actor=demo["statsforvalter"],
        scheme_year=year,
        pupil_weight=Decimal("1.5"),
        child_weight=Decimal("0.5"),
    )
    kwargs, networks = scheme_year_inputs(2027)
    assert kwargs["pupil_weight"] == Decimal("1.5")
    expected = allocate(**kwargs, networks=networks)
    data = json.loads(allocate_command("--year", "2027", "--format", "json"))
    assert [n["frame"] for n in data["networks"]] == [s.frame for s in expected.networks]


def test_unknown_year_is_a_clear_error(demo):
    with pytest.raises(CommandError, match="Tilskuddsåret 2031 finnes ikke"):
        allocate_command("--year", "2031")


def test_year_without_counts_is_a_clear_error(demo):
    HeadCount.objects.filter(year=2027).delete()
    with pytest.raises(CommandError, match="Det finnes ingen elev- og barnetall for 2027"):
        allocate_command("--year", "2027")
