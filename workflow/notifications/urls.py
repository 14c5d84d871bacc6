"""The notification pages, mounted at ``varsler/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.inbox, name="notification_inbox"),
    path("les-alle/", views.mark_all_read, name="notification_mark_all_read"),
    path("<int:pk>/les/", views.mark_read, name="notification_mark_read"),
    path("innstillinger/", views.preferences, name="notification_preferences"),
]
