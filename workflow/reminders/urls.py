"""The calendar pages, mounted at ``kalender/`` (config/urls.py)."""

from django.urls import path

from config.routes import route

from . import views

urlpatterns = [
    route("", views.calendar_settings),
    route("ny-adresse/", views.calendar_token_issue),
    route("trekk-tilbake/", views.calendar_token_revoke),
    path("<slug:token>.ics", views.calendar_feed_view, name="calendar_feed"),
]
