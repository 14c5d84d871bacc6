"""Model fields the apps share, so each concept is declared once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


def actor_field(verbose_name: Any = None) -> Any:
    """Who did something (prepared, froze, started, changed): a user, kept as empty when the
    user is deleted, with no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )
