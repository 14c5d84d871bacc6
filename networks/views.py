"""Pages about people and organisations: the network directory. (The start page, which lists a
person's tasks, lives in ``workflow.views`` because it reads cases.)"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST

from . import selectors, services
from .middleware import supported_language


@require_POST
def set_language(request):
    """The language switcher: Django's view (cookie, redirect back), and for a signed-in user the
    choice is also kept on the profile, so it follows them to a new session or device."""
    response = i18n.set_language(request)
    language = supported_language(request.POST.get("language"))
    if language and request.user.is_authenticated:
        services.user_language_set(actor=request.user, language=language)
    return response


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
