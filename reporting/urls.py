from django.urls import path

from . import money_views, records_views, views

app_name = "reporting"

urlpatterns = [
    path("rapporter/", views.index, name="index"),
    path("rapporter/<int:year>/", views.year_detail, name="year"),
    path("rapporter/<int:year>/oversikt/", views.dashboard, name="dashboard"),
    path("rapporter/<int:year>/vedtaksbrev/", views.letter_batch, name="letter_batch"),
    path(
        "rapporter/<int:year>/innstilling.pdf", views.recommendation_pdf, name="recommendation_pdf"
    ),
    path("rapporter/<int:year>/fordeling.pdf", views.allocation_pdf, name="allocation_pdf"),
    path("rapporter/<int:year>/arsrapport.pdf", views.year_report_pdf, name="year_report_pdf"),
    path("rapporter/<int:year>/uttrekk/<slug:kind>.<slug:fmt>", views.export, name="export"),
    path(
        "rapporter/vedtak/<int:pk>/vedtaksbrev.pdf", views.decision_letter, name="decision_letter"
    ),
    path(
        "rapporter/vedtak/<int:pk>/forhandsvisning.pdf",
        views.decision_preview,
        name="decision_preview",
    ),
    path("rapporter/<int:year>/regnskap/", money_views.ledger_page, name="ledger"),
    path(
        "rapporter/tilbakebetaling/<int:pk>/brev.pdf",
        money_views.repayment_letter,
        name="repayment_letter",
    ),
    path(
        "rapporter/vedtak/<int:pk>/forhandsvisning/",
        views.decision_preview_html,
        name="decision_preview_html",
    ),
    path("rapporter/brev/<int:pk>/brev.pdf", views.letter_pdf, name="letter_pdf"),
    path("rapporter/brev/<int:pk>/", views.letter_html, name="letter_html"),
    path("offentlig-journal/", records_views.public_journal, name="public_journal"),
    path("sok/", records_views.search, name="search"),
    path(
        "journal/<int:pk>/rett/",
        records_views.journal_entry_correct,
        name="journal_entry_correct",
    ),
    path(
        "vedlegg/<slug:kind>/<int:pk>/last-opp/",
        records_views.attachment_upload,
        name="attachment_upload",
    ),
    path("vedlegg/<int:pk>/fjern/", records_views.attachment_remove, name="attachment_remove"),
    path(
        "vedlegg/<int:pk>/<str:name>",
        records_views.attachment_download,
        name="attachment_download",
    ),
    path("apne-data/", views.open_data_index, name="open_data_index"),
    path("apne-data/<int:year>/", views.open_data_year, name="open_data"),
    path("apne-data/<int:year>/data.csv", views.open_data_csv, name="open_data_csv"),
    path("apne-data/<int:year>/data.json", views.open_data_json, name="open_data_json"),
]
