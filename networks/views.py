"""Pages about people and organisations: the network directory, people and invitations, and
the sign-in extras (password reset, OpenID Connect). (The start page, which lists a
person's tasks, lives in ``workflow.views`` because it reads cases.)"""

import time
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.generic import View
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from config.errors import DomainError
from config.pages import act, require

from . import permissions, selectors, services
from .auth import oidc_enabled, oidc_setting
from .forms import (
    AccountSetupForm,
    InvitationForm,
    NetworkAddForm,
    OwnerAddForm,
    PartnerAddForm,
    UniversityAddForm,
)
from .middleware import supported_language
from .models import Invitation, Membership
from .sessions import AUTH_TIME


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
    owners: list[Any] = list(network.owners.all())  # each with its year's ``counts``
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


# --- People: memberships, invitations, sign-in --------------------------------------------------


def _people_page(request, form: InvitationForm, *, status: int = 200):
    viewer = request.user
    return render(
        request,
        "networks/people.html",
        {
            "form": form,
            "error_summary": form.error_summary() if form.is_bound else [],
            "memberships": selectors.managed_memberships(viewer=viewer),
            "invitations": selectors.managed_invitations(viewer=viewer),
            "locked_out": selectors.locked_out_usernames(viewer=viewer),
            "now": timezone.now(),
            "valid_days": settings.INVITATION_VALID_DAYS,
            "can_manage_organisations": permissions.can_manage_all_people(viewer),
        },
        status=status,
    )


def _invitation_form(request, data=None) -> InvitationForm:
    return InvitationForm(
        data,
        organisations=selectors.invitable_organisations(viewer=request.user),
        regional=permissions.can_manage_all_people(request.user),
    )


@require_http_methods(["GET", "POST"])
@login_required
def people(request):
    """Who has which role, pending invitations, and a form to invite someone."""
    require(permissions.can_manage_people(request.user))
    if request.method == "GET":
        return _people_page(request, _invitation_form(request))
    form = _invitation_form(request, request.POST)
    if form.is_valid():
        try:
            invitation, _token = services.invitation_create(
                actor=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                **form.organisation_kwargs(),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                _("Invitasjonen er sendt til %(email)s.") % {"email": invitation.email},
            )
            return redirect("people")
    return _people_page(request, form, status=400)


@require_POST
@login_required
def membership_end(request, pk: int):
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    if not permissions.can_manage_membership(request.user, membership):
        raise Http404
    act(
        request,
        lambda: services.membership_end(actor=request.user, membership=membership),
        _("%(user)s har ikke lenger rollen %(role)s.")
        % {"user": membership.user, "role": membership.get_role_display()},
    )
    return redirect("people")


@require_POST
@login_required
def invitation_revoke(request, pk: int):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        act(
            request,
            lambda: services.invitation_revoke(actor=request.user, invitation=invitation),
            _("Invitasjonen til %(email)s er trukket tilbake.") % {"email": invitation.email},
        )
    except PermissionDenied as error:
        raise Http404 from error
    return redirect("people")


@require_POST
@login_required
def sign_in_unlock(request):
    require(permissions.can_unlock_sign_in(request.user))
    username = request.POST.get("username", "").strip()
    if username:
        services.sign_in_unlock(actor=request.user, username=username, reason=_("av administrator"))
        messages.success(request, _("%(username)s kan logge inn igjen.") % {"username": username})
    return redirect("people")


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token: str):
    """The link in an invitation e-mail: set up an account (or add the role to the signed-in
    person) once. A bad link shows why and creates nothing."""
    invitation = services.invitation_for_token(token)
    problem = services.invitation_problem(invitation)
    if problem:
        return render(request, "networks/invitation_invalid.html", {"problem": problem}, status=410)
    assert invitation is not None
    signed_in = request.user.is_authenticated
    form = None if signed_in else AccountSetupForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and (signed_in or (form is not None and form.is_valid())):
        try:
            if signed_in:
                membership = services.invitation_accept(token=token, user=request.user)
            else:
                assert form is not None
                membership = services.invitation_accept(
                    token=token,
                    first_name=form.cleaned_data["first_name"],
                    last_name=form.cleaned_data["last_name"],
                    password=form.cleaned_data["password1"],
                )
                login(request, membership.user, backend="django.contrib.auth.backends.ModelBackend")
        except DomainError as error:
            return render(
                request, "networks/invitation_invalid.html", {"problem": error.message}, status=410
            )
        messages.success(
            request,
            _("Velkommen! Du har nå rollen %(role)s (%(organisation)s).")
            % {"role": membership.get_role_display(), "organisation": membership.organisation_name},
        )
        return redirect("home")
    return render(
        request,
        "networks/invitation_accept.html",
        {
            "invitation": invitation,
            "form": form,
            "error_summary": form.error_summary() if form is not None and form.is_bound else [],
            "oidc_enabled": oidc_enabled(),
            "oidc_provider": settings.OIDC_PROVIDER_NAME,
        },
        status=400 if form is not None and form.is_bound else 200,
    )


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """Django's reset view; a completed reset also lifts a lockout on the user name, since the
    person has just proved they read the account's e-mail."""

    template_name = "registration/password_reset_confirm.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        services.sign_in_unlock(
            actor=None, username=self.user.get_username(), reason=_("passordet ble tilbakestilt")
        )
        return response


def _oidc_or_404() -> None:
    if not oidc_enabled():
        raise Http404


class OidcStart(OIDCAuthenticationRequestView):
    """Sends the person to the OpenID Connect provider (ID-porten, Ansattporten or Feide)."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        _oidc_or_404()
        return super().dispatch(request, *args, **kwargs)

    def __init__(self, *args, **kwargs):
        View.__init__(self, *args, **kwargs)

    def get(self, request):
        self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        return super().get(request)


class OidcCallback(OIDCAuthenticationCallbackView):
    """Where the provider sends the person back; a failure returns to the sign-in page, which
    says why."""

    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        _oidc_or_404()
        return super().dispatch(request, *args, **kwargs)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_success(self):
        # The parent skips login() when the same person signs in again (a renewed sign-in for
        # recent_login_required); the sign-in time must be renewed all the same.
        response = super().login_success()
        self.request.session[AUTH_TIME] = int(time.time())
        return response


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a sign-in while locked out (``AXES_LOCKOUT_CALLABLE``)."""
    cool_off = settings.AXES_COOLOFF_TIME
    return render(
        request,
        "registration/locked_out.html",
        {"lockout_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0},
        status=429,
    )


class SignIn(auth_views.LoginView):
    """The sign-in page: user name and password, and OpenID Connect when it is configured."""

    template_name = "registration/login.html"

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "oidc_enabled": oidc_enabled(),
            "oidc_provider": settings.OIDC_PROVIDER_NAME,
        }


ORGANISATION_FORMS = {
    "nettverk": (NetworkAddForm, services.network_add),
    "eier": (OwnerAddForm, services.owner_add),
    "uh": (UniversityAddForm, services.university_add),
    "partner": (PartnerAddForm, services.partnership_university_add),
}


@require_http_methods(["GET", "POST"])
@login_required
def organisations(request):
    """Add networks, owners, UH institutions and partners (the regional managers)."""
    require(permissions.can_manage_all_people(request.user))
    sent = request.POST.get("skjema") if request.method == "POST" else None
    forms = {
        key: form_class(request.POST if key == sent else None, prefix=key)
        for key, (form_class, _service) in ORGANISATION_FORMS.items()
    }
    if sent in forms:
        form = forms[sent]
        if form.is_valid():
            try:
                created = ORGANISATION_FORMS[sent][1](actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, _("Lagret: %(name)s.") % {"name": created})
                return redirect("organisations")
    summary = [item for form in forms.values() if form.is_bound for item in form.error_summary()]
    return render(
        request,
        "networks/organisations.html",
        {"forms": forms, "error_summary": summary},
        status=400 if summary else 200,
    )
