from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from config.routes import route
from networks import views as network_views

urlpatterns = [
    path("", include("workflow.urls")),
    path("logg-inn/", network_views.SignIn.as_view(), name="login"),
    path("logg-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("tilgjengelighet/", network_views.accessibility_statement, name="accessibility"),
    route("i18n/setlang/", network_views.set_language),
    path("admin/", admin.site.urls),
    path("fordeling/", include("allocation.urls")),
    path("kalender/", include("workflow.reminders.urls")),
    path("varsler/", include("workflow.notifications.urls")),
    path("", include("networks.urls")),
    path("", include("reporting.urls")),
]

# The project's own error pages, used whenever DEBUG is off (config/error_views.py).
handler403 = "config.error_views.permission_denied"
handler404 = "config.error_views.page_not_found"
handler500 = "config.error_views.server_error"
