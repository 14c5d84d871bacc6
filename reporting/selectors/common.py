"""What every reporting read shares: the issuers, the scheme years, scoping to a viewer."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from allocation.models import AllocationLine
from allocation.selectors import nb_sort_key
from grants.models import (
    SchemeYear,
)
from grants.selectors import scheme_year_get  # noqa: F401 (re-exported)

from ..pdf import (
    Issuer,
)
from ..pdf.texts import BOKMAL, texts
from ..permissions import visible_network_ids


def statsforvalteren(language: str = BOKMAL) -> Issuer:
    t = texts(language)
    return Issuer(
        name=t["statsforvalteren"],
        unit=t["statsforvalteren_unit"],
        address_lines=("Postboks 4710 Torgarden", "7468 Trondheim"),
    )


def forum(language: str = BOKMAL) -> Issuer:
    return Issuer(name=texts(language)["forum"])


STATSFORVALTEREN = statsforvalteren(BOKMAL)
FORUM = forum(BOKMAL)
CASE_OFFICER_TITLE = texts(BOKMAL)["case_officer_title"]
REPORT_INSTRUCTIONS = texts(BOKMAL)["report_instructions"]
NO_UH_PARTNER = texts(BOKMAL)["no_uh_partner"]


def allocation_figures(line: AllocationLine) -> dict[str, Any]:
    """A frozen allocation line as the fields of an ``AllocationRow`` (the allocation table's
    row, and the start of an open-data row)."""
    return {
        "network": line.network_name,
        "pupils": int(line.pupils),
        "children": int(line.children),
        "base": int(line.base),
        "pro_rata": int(line.pro_rata),
        "frame": int(line.frame),
    }


def scheme_year_list() -> list[SchemeYear]:
    return list(SchemeYear.objects.order_by("-year"))


def _scoped(queryset: QuerySet, viewer) -> QuerySet:
    """Only the networks ``viewer`` may read (all of them for the regional bodies)."""
    if viewer is None:
        return queryset
    ids = visible_network_ids(viewer)
    return queryset if ids is None else queryset.filter(network_id__in=ids)


def _sorted_by_network(items, name=lambda item: item.network.name):
    return sorted(items, key=lambda item: nb_sort_key(name(item)))
