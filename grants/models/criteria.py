"""The four criteria a decision basis must meet (domain.md): named once, for the partnership's
confirmation in its decision basis and Statsforvalteren's assessment in the vedtak."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """The four criteria of the guidelines a decision basis must meet (the same four the
    partnership confirms in its decision basis)."""

    LOCAL_NEEDS = "local_needs", _("Tiltakene møter lokalt definerte behov")
    WORKPLACE = "workplace", _("Arbeidsplassbasert kompetanseutvikling")
    PARTNERSHIP = "partnership", _("Gjennomføres i partnerskap mellom nettverk/eiere og UH")
    INTERDISCIPLINARY = "interdisciplinary", _("Tverrfaglig tilnærming")
