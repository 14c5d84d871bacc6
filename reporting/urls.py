from django.urls import path

from config.routes import route

from . import money_views, records_views, views

app_name = "reporting"

urlpatterns = [
    route("rapporter/", views.index),
    path("rapporter/<int:year>/", views.year_detail, name="year"),
    route("rapporter/<int:year>/oversikt/", views.dashboard),
    route("rapporter/<int:year>/vedtaksbrev/", views.letter_batch),
    route("rapporter/<int:year>/innstilling.pdf", views.recommendation_pdf),
    route("rapporter/<int:year>/fordeling.pdf", views.allocation_pdf),
    route("rapporter/<int:year>/arsrapport.pdf", views.year_report_pdf),
    route("rapporter/<int:year>/uttrekk/<slug:kind>.<slug:fmt>", views.export),
    route("rapporter/vedtak/<int:pk>/vedtaksbrev.pdf", views.decision_letter),
    route("rapporter/vedtak/<int:pk>/forhandsvisning.pdf", views.decision_preview),
    path("rapporter/<int:year>/regnskap/", money_views.ledger_page, name="ledger"),
    route("rapporter/tilbakebetaling/<int:pk>/brev.pdf", money_views.repayment_letter),
    route("rapporter/vedtak/<int:pk>/forhandsvisning/", views.decision_preview_html),
    route("rapporter/brev/<int:pk>/brev.pdf", views.letter_pdf),
    route("rapporter/brev/<int:pk>/", views.letter_html),
    route("offentlig-journal/", records_views.public_journal),
    route("sok/", records_views.search),
    route("journal/<int:pk>/rett/", records_views.journal_entry_correct),
    route("vedlegg/<slug:kind>/<int:pk>/last-opp/", records_views.attachment_upload),
    route("vedlegg/<int:pk>/fjern/", records_views.attachment_remove),
    route("vedlegg/<int:pk>/<str:name>", records_views.attachment_download),
    route("apne-data/", views.open_data_index),
    path("apne-data/<int:year>/", views.open_data_year, name="open_data"),
    route("apne-data/<int:year>/data.csv", views.open_data_csv),
    route("apne-data/<int:year>/data.json", views.open_data_json),
]
