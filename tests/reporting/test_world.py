"""A decided year loaded from the snapshot is the year the services made: its letters are files
in this test's own media folder, with the bytes the vedtak recorded, and the clock stands where
the year left it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.utils import timezone

from grants.models import Decision, Letter

from .conftest import AUTUMN, DECISION_TIME


def test_the_letters_of_the_decided_year_are_in_this_tests_media_folder(decided_year, media_root):
    decisions = list(Decision.objects.filter(scheme_year=decided_year))
    assert len(decisions) == 12  # 11 networks and the joint measures
    for letter in Letter.objects.filter(decision__in=decisions):
        stored = Path(media_root) / letter.letter_pdf.name
        assert stored.is_file()
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == letter.letter_sha256
        assert letter.letter_pdf.path == str(stored)
    assert timezone.now().replace(tzinfo=None) == DECISION_TIME


def test_the_reported_year_stands_in_autumn(reported_year):
    assert timezone.now().replace(tzinfo=None) == AUTUMN
