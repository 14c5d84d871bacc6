"""The calendar pages, mounted at ``kalender/`` (config/urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.calendar_settings, name="calendar_settings"),
    path("ny-adresse/", views.calendar_token_issue, name="calendar_token_issue"),
    path("trekk-tilbake/", views.calendar_token_revoke, name="calendar_token_revoke"),
    path("<slug:token>.ics", views.calendar_feed_view, name="calendar_feed"),
]
