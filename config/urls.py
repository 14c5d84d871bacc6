from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from networks import views as network_views

urlpatterns = [
    path("", include("workflow.urls")),
    path(
        "logg-inn/",
        auth_views.LoginView.as_view(template_name="registration/login.html"),
        name="login",
    ),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tilgjengelighet/", network_views.accessibility_statement, name="accessibility"),
    path("i18n/setlang/", network_views.set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("fordeling/", include("allocation.urls")),
    path("kalender/", include("workflow.urls_calendar")),
    path("", include("networks.urls")),
    path("", include("reporting.urls")),
]
