"""What the management commands share: a file named on the command line, opened for reading,
with what can go wrong said in Norwegian as a ``CommandError``."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from django.core.management.base import CommandError


@contextlib.contextmanager
def opened_file(path: Path | str, *, kind: str = "fil") -> Iterator[BinaryIO]:
    """The file at ``path`` as a binary stream. A missing file, a folder (``kind`` says what it
    should have been: "CSV-fil") or a read error stops the command with a message."""
    try:
        with Path(path).open("rb") as stream:
            yield stream
    except FileNotFoundError:
        raise CommandError(f"Finner ikke filen «{path}».") from None
    except IsADirectoryError:
        raise CommandError(f"«{path}» er en mappe, ikke en {kind}.") from None
    except OSError as error:
        raise CommandError(f"Kan ikke lese filen «{path}»: {error.strerror}.") from None
