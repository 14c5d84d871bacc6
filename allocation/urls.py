from config.routes import route

from . import views

urlpatterns = [
    route("", views.allocation_index),
    route("<int:year>/", views.allocation_year),
    route("<int:year>/beregn/", views.allocation_run_create),
    route("<int:year>/historikk/", views.allocation_history),
    route("<int:year>/hva-om/", views.allocation_what_if),
    route("<int:year>/nettverk/<slug:slug>/", views.allocation_network_frame),
    route("beregning/<int:pk>/", views.allocation_run_detail),
    route("beregning/<int:pk>/beregn-pa-nytt/", views.allocation_run_recompute),
    route("beregning/<int:pk>/fastsett/", views.allocation_run_freeze),
    route("beregning/<int:pk>/erstatt/", views.allocation_run_supersede),
    route("elev-og-barnetall/importer/", views.head_count_import),
    route("elev-og-barnetall/importer/bekreft/", views.head_count_import_confirm),
]
