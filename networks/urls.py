from django.urls import path

from . import views

urlpatterns = [
    path("nettverk/", views.network_list, name="network_list"),
    path("nettverk/<slug:slug>/", views.network_detail, name="network_detail"),
]
