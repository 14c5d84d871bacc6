from django.contrib.auth import views as auth_views
from django.urls import path

from config.routes import route

from . import views

urlpatterns = [
    route("nettverk/", views.network_list),
    route("nettverk/<slug:slug>/", views.network_detail),
    route("personer/", views.people),
    route("personer/medlemskap/<int:pk>/avslutt/", views.membership_end),
    route("personer/invitasjon/<int:pk>/trekk-tilbake/", views.invitation_revoke),
    route("personer/las-opp/", views.sign_in_unlock),
    route("personer/organisasjoner/", views.organisations),
    route("invitasjon/<str:token>/", views.invitation_accept),
    # Password reset by e-mail: Django's views with our templates.
    path(
        "glemt-passord/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "glemt-passord/sendt/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        views.PasswordResetConfirm.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    # OpenID Connect (answers 404 unless configured).
    path("oidc/logg-inn/", views.OidcStart.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", views.OidcCallback.as_view(), name="oidc_authentication_callback"),
]
