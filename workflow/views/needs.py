"""Behovsmelding: owners write and send theirs; partnerships and the regional bodies read them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from config.errors import DomainError
from config.pages import found, require
from grants.models import NeedsReport, TargetGroup
from grants.selectors import scheme_year_or_404
from networks.models import Owner, Unit
from networks.permissions import access_for, can_view_network

from .. import permissions as perms
from .. import selectors, services
from ..forms import NeedsReportFilterForm, NeedsReportForm
from .common import list_filters, page, paginate, today


@require_GET
@login_required
def needs_report_list(request):
    access = access_for(request.user)
    reads_others = access.is_regional or bool(access.partnership_network_ids)
    context: dict = {
        "own": selectors.owner_needs_overview(viewer=request.user, today=today()),
        "reads_others": reads_others,
    }
    if reads_others:
        filters, chosen = list_filters(request, NeedsReportFilterForm)
        reports = selectors.needs_report_list(viewer=request.user, **chosen)
        context.update(filters=filters, page_obj=paginate(request, reports))
    return page(request, "workflow/needs_report_list.html", context)


def _labels(values, choices) -> list[str]:
    names = dict(choices)
    return [str(names.get(v, v)) for v in values]


@require_http_methods(["GET", "POST"])
@login_required
def needs_report_edit(request, year: int, owner_pk: int):
    scheme_year = scheme_year_or_404(year)
    owner = Owner.objects.select_related("network").filter(pk=owner_pk).first()
    if owner is None or not can_view_network(request.user, owner.network_id):
        raise Http404
    require(perms.can_write_needs_report(request.user, owner))
    report = NeedsReport.objects.filter(scheme_year=scheme_year, owner=owner).first()
    deadline = services.needs_deadline(scheme_year=scheme_year, network=owner.network)
    submitted = report is not None and report.status == NeedsReport.Status.SUBMITTED
    locked = submitted and today() > deadline
    form = NeedsReportForm(
        request.POST if request.method == "POST" else None,
        owner=owner,
        initial=NeedsReportForm.initial_for(report),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        sending = request.POST.get("action") == "submit"
        fields = {
            name: data[name] for name in ("target_groups", "unit_kinds", "themes", "involvement")
        }
        try:
            report = services.needs_report_save(
                actor=request.user,
                scheme_year=scheme_year,
                owner=owner,
                expected_version=data.get("version"),
                units=data.get("units") if "units" in form.fields else None,
                **fields,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if not sending or submitted:
                messages.success(
                    request,
                    _("Endringene i behovsmeldingen er lagret.")
                    if submitted
                    else _("Behovsmeldingen er lagret som utkast."),
                )
                return redirect("needs_report_edit", year=year, owner_pk=owner.pk)
            try:
                services.needs_report_submit(actor=request.user, report=report)
            except DomainError as error:
                # The draft is saved; the form continues from the version just written.
                posted = request.POST.copy()
                posted["version"] = str(report.version)
                form = NeedsReportForm(posted, owner=owner)
                form.is_valid()
                form.add_domain_error(
                    DomainError(
                        _("Utkastet er lagret, men behovsmeldingen er ikke sendt: %(why)s")
                        % {"why": error.message}
                    )
                )
            else:
                messages.success(
                    request,
                    _("Behovsmeldingen er sendt til %(network)s.") % {"network": owner.network},
                )
                return redirect("needs_report_edit", year=year, owner_pk=owner.pk)
    return page(
        request,
        "workflow/needs_report_edit.html",
        {
            "scheme_year": scheme_year,
            "owner": owner,
            "report": report,
            "deadline": deadline,
            "submitted": submitted,
            "locked": locked,
            "overdue": today() > deadline,
            "form": form,
            "target_group_labels": _labels(report.target_groups, TargetGroup.choices)
            if report
            else [],
            "unit_kind_labels": _labels(report.unit_kinds, Unit.Kind.choices) if report else [],
        },
    )


@require_GET
@login_required
def needs_report_detail(request, pk: int):
    report = found(selectors.needs_report_get(viewer=request.user, pk=pk))
    return page(
        request,
        "workflow/needs_report_detail.html",
        {
            "report": report,
            "deadline": services.needs_deadline(
                scheme_year=report.scheme_year, network=report.network
            ),
            "target_group_labels": _labels(report.target_groups, TargetGroup.choices),
            "unit_kind_labels": _labels(report.unit_kinds, Unit.Kind.choices),
            "can_write": perms.can_write_needs_report(request.user, report.owner),
        },
    )
