from django.urls import path

from . import views

urlpatterns = [
    path("", views.allocation_index, name="allocation_index"),
    path("<int:year>/", views.allocation_year, name="allocation_year"),
    path("<int:year>/beregn/", views.allocation_run_create, name="allocation_run_create"),
    path("<int:year>/historikk/", views.allocation_history, name="allocation_history"),
    path("<int:year>/hva-om/", views.allocation_what_if, name="allocation_what_if"),
    path(
        "<int:year>/nettverk/<slug:slug>/",
        views.allocation_network_frame,
        name="allocation_network_frame",
    ),
    path("beregning/<int:pk>/", views.allocation_run_detail, name="allocation_run_detail"),
    path(
        "beregning/<int:pk>/beregn-pa-nytt/",
        views.allocation_run_recompute,
        name="allocation_run_recompute",
    ),
    path("beregning/<int:pk>/fastsett/", views.allocation_run_freeze, name="allocation_run_freeze"),
    path(
        "beregning/<int:pk>/erstatt/",
        views.allocation_run_supersede,
        name="allocation_run_supersede",
    ),
    path("elev-og-barnetall/importer/", views.head_count_import, name="head_count_import"),
    path(
        "elev-og-barnetall/importer/bekreft/",
        views.head_count_import_confirm,
        name="head_count_import_confirm",
    ),
]
