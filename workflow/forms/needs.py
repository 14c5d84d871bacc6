"""The owner's needs report (behovsmelding)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from grants.models import NeedsReport, TargetGroup
from networks.models import Unit

from .base import VersionedForm, checkboxes, row_checkboxes, text_area


class NeedsReportForm(VersionedForm):
    target_groups = checkboxes(
        TargetGroup.choices,
        label=_("Målgrupper"),
        help_text=_("Hvem i laget rundt barna og elevene behovene gjelder."),
    )
    unit_kinds = checkboxes(
        Unit.Kind.choices,
        label=_("Typer virksomheter som har vurdert behovene"),
    )
    units = row_checkboxes(Unit, label=_("Virksomheter som har vurdert sitt ståsted"))
    themes = text_area(
        _("Tema og behov"),
        help_text=_("Hva virksomhetene trenger kompetanse på, og hvorfor."),
    )
    involvement = text_area(
        _("Involvering av ansatte og ledere"),
        help_text=_("Hvordan vurderingen er forankret i virksomhetene med ansatte og ledere."),
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        units = owner.units.order_by("name")
        if units.exists():
            self.fields["units"].queryset = units
        else:
            del self.fields["units"]

    @classmethod
    def initial_for(cls, report: NeedsReport | None) -> dict:
        if report is None:
            return {}
        return {
            "target_groups": report.target_groups,
            "unit_kinds": report.unit_kinds,
            "units": list(report.units.all()),
            "themes": report.themes,
            "involvement": report.involvement,
            "version": report.version,
        }
