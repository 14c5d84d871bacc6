"""Pages about people and organisations: the network directory. (The start page, which lists a
person's tasks, lives in ``workflow.views`` because it reads cases.)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
@login_required
def network_list(request):
    year = selectors.latest_head_count_year()
    return render(
        request,
        "networks/network_list.html",
        {"networks": selectors.network_directory(viewer=request.user, year=year), "year": year},
    )


@require_GET
@login_required
def network_detail(request, slug: str):
    year = selectors.latest_head_count_year()
    network = selectors.network_detail(viewer=request.user, slug=slug, year=year)
    if network is None:
        raise Http404
    owners = list(network.owners.all())
    return render(
        request,
        "networks/network_detail.html",
        {
            "network": network,
            "owners": owners,
            "year": year,
            "total_pupils": sum(o.counts[0].pupils for o in owners if o.counts),
            "total_children": sum(o.counts[0].children for o in owners if o.counts),
            "is_member": selectors.is_member_of(viewer=request.user, network=network),
        },
    )


@require_GET
def accessibility_statement(request):
    return render(request, "accessibility.html")
