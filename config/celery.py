"""The Celery app. Configuration comes from Django settings (CELERY_* names)."""

import logging
import os
from collections.abc import Sequence
from typing import Any

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("kompetanseloftet")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

logger = logging.getLogger(__name__)


def hand_over(task_name: str, items: Sequence[Any], *, what: str, stop_at_failure: bool) -> int:
    """Hand each of ``items`` to the task registered as ``task_name``, one task each; returns how
    many were handed over. Never raises for an item: a failure to hand one over is logged
    (naming ``what``), and the rows in the database say what is left for the periodic run. With
    ``stop_at_failure`` the rest are not tried, so a dead broker costs one connection timeout,
    not one per item; without it each is tried (a task run at once may fail by itself without
    the broker being down). An unknown ``task_name`` is a programming error (``KeyError``)."""
    task = app.tasks[task_name]
    handed = 0
    for item in items:
        try:
            task.delay(item)
        except Exception:
            logger.warning(
                "Could not hand %s %s to the broker (%s of %s handed over)",
                what,
                item,
                handed,
                len(items),
                exc_info=True,
            )
            if stop_at_failure:
                break
            continue
        handed += 1
    return handed
