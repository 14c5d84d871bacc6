"""The inputs of the year's PDFs (innstilling, allocation table, year report), from stored rows."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils import timezone

from allocation.models import AllocationLine, RunStatus
from allocation.selectors import frozen_run
from grants.models import (
    Recommendation,
    RecommendationLine,
    SchemeYear,
)

from ..pdf import (
    AllocationRow,
    AllocationTableData,
    JointMeasure,
    RecommendationData,
    RecommendationRow,
    YearReportData,
    YearReportRow,
)
from ..pdf.texts import BOKMAL, document_language, texts
from .common import (
    _sorted_by_network,
    allocation_figures,
    forum,
    statsforvalteren,
)
from .letters import _join_names, uh_partner_names
from .year import year_rows


def year_documents_ready(scheme_year: SchemeYear) -> dict[str, bool]:
    """Which of the year's PDFs exist yet: the innstilling once the forum has a meeting date and
    recorded lines, the allocation table once the allocation is frozen."""
    return {
        "recommendation": Recommendation.objects.filter(
            scheme_year=scheme_year, meeting_date__isnull=False, lines__isnull=False
        ).exists(),
        "allocation": frozen_run(scheme_year.year) is not None,
    }


def recommendation_data(
    scheme_year: SchemeYear, *, language: str = BOKMAL
) -> RecommendationData | None:
    """The innstilling as sent: None until the forum has a meeting date and recorded lines."""
    t = texts(language)
    recommendation = (
        Recommendation.objects.filter(scheme_year=scheme_year)
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=RecommendationLine.objects.select_related(
                    "network__partnership"
                ).prefetch_related("network__partnership__universities"),
            )
        )
        .first()
    )
    if recommendation is None or recommendation.meeting_date is None:
        return None
    lines = list(recommendation.lines.all())
    if not lines:
        return None
    frames = _frozen_frames(scheme_year)
    sent = [line.sent_at for line in lines if line.sent_at]
    document_date = timezone.localdate(max(sent)) if sent else recommendation.meeting_date
    rows = [
        RecommendationRow(
            network=line.network.name,
            uh_partner=_join_names(uh_partner_names(line.network)) or t["no_uh_partner"],
            frame=frames.get(line.network_id, 0),
            recommended_amount=int(line.amount),
            uh_share=int(line.uh_amount),
        )
        for line in _sorted_by_network(lines)
        if not line.network.is_joint  # the joint measures have their own section
    ]
    joint = []
    if recommendation.joint_amount or recommendation.joint_measures.strip():
        joint.append(
            JointMeasure(
                name=recommendation.joint_measures.strip().split("\n")[0] or t["joint_measures"],
                amount=int(recommendation.joint_amount),
                description="\n".join(recommendation.joint_measures.strip().split("\n")[1:]),
            )
        )
    return RecommendationData(
        issuer=forum(language),
        recipient=t["statsforvalteren"],
        year=scheme_year.year,
        meeting_date=recommendation.meeting_date,
        document_date=document_date,
        rows=tuple(rows),
        joint_measures=tuple(joint),
        decision_note=recommendation.consensus_note,
        reference=f"{scheme_year.year}/innstilling",
        secretariat=t["statsforvalteren"],
        language=document_language(language),
    )


def _frozen_frames(scheme_year: SchemeYear) -> dict[int, int]:
    return dict(
        AllocationLine.objects.filter(
            run__scheme_year=scheme_year, run__status=RunStatus.FROZEN
        ).values_list("network_id", "frame")
    )


def allocation_table_data(
    scheme_year: SchemeYear, *, language: str = BOKMAL
) -> AllocationTableData | None:
    """The frozen allocation of the year; None before it is frozen."""
    run = frozen_run(scheme_year.year)
    if run is None:
        return None
    lines = list(run.lines.all())
    sources = sorted({line.counts_source for line in lines if line.counts_source})
    dates = [line.counted_on for line in lines if line.counted_on]
    frozen_on = timezone.localdate(run.frozen_at)
    return AllocationTableData(
        issuer=statsforvalteren(language),
        year=scheme_year.year,
        document_date=frozen_on,
        total=int(run.total_amount),
        joint_measures=int(run.joint_measures),
        base_grant=int(run.base_grant),
        pupil_weight=run.pupil_weight.normalize(),
        child_weight=run.child_weight.normalize(),
        counts_source="; ".join(sources) or "–",
        counts_date=max(dates) if dates else frozen_on,
        rows=tuple(AllocationRow(**allocation_figures(line)) for line in lines),
        reference=f"{scheme_year.year}/fordeling-{run.number}",
        language=document_language(language),
    )


def year_report_data(scheme_year: SchemeYear, *, language: str = BOKMAL) -> YearReportData:
    """Granted, used and to be returned per network with a vedtak in force.

    The report statuses are the interface's labels: call it with ``language`` active.
    """
    rows = [row for row in year_rows(scheme_year=scheme_year) if row.granted is not None]
    return YearReportData(
        issuer=statsforvalteren(language),
        year=scheme_year.year,
        document_date=timezone.localdate(),
        rows=tuple(
            YearReportRow(
                network=row.network.name,
                granted=int(row.granted or 0),
                used=int(row.used or 0),
                status=row.report_status_label,
                reclaimed=row.reclaimed,
            )
            for row in rows
        ),
        reference=f"{scheme_year.year}/arsrapport",
        intro=texts(language)["year_report_intro"].format(year=scheme_year.year),
        report_deadline=scheme_year.report_deadline,
        language=document_language(language),
    )
