from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("saker/", views.case_list, name="case_list"),
    path("saker/<int:pk>/", views.case_detail, name="case_detail"),
    path("saker/<int:pk>/dokumenter/", views.case_documents, name="case_documents"),
    path("saker/<int:pk>/historikk/", views.case_history, name="case_history"),
    path("saker/<int:pk>/steg/<slug:action>/", views.case_action, name="case_action"),
    path("saker/<int:pk>/lokal-frist/", views.local_deadline_set, name="local_deadline_set"),
    path("saker/<int:pk>/gjenapne/", views.decision_basis_reopen, name="decision_basis_reopen"),
    path("saker/<int:pk>/klage/", views.appeal_lodge, name="appeal_lodge"),
    path("saker/<int:pk>/avslag/", views.refusal_prepare, name="refusal_prepare"),
    path(
        "saker/<int:pk>/beslutningsgrunnlag/", views.decision_basis_edit, name="decision_basis_edit"
    ),
    path("saker/<int:pk>/tiltak/ny/", views.measure_edit, name="measure_add"),
    path("saker/<int:pk>/tiltak/<int:measure_pk>/", views.measure_edit, name="measure_edit"),
    path(
        "saker/<int:pk>/tiltak/<int:measure_pk>/slett/", views.measure_delete, name="measure_delete"
    ),
    path(
        "saker/<int:pk>/tiltak/<int:measure_pk>/budsjettlinje/ny/",
        views.budget_line_edit,
        name="budget_line_add",
    ),
    path(
        "saker/<int:pk>/budsjettlinje/<int:line_pk>/",
        views.budget_line_edit,
        name="budget_line_edit",
    ),
    path(
        "saker/<int:pk>/budsjettlinje/<int:line_pk>/slett/",
        views.budget_line_delete,
        name="budget_line_delete",
    ),
    path("saker/<int:pk>/rapport/", views.report_edit, name="report_edit"),
    path(
        "saker/<int:pk>/tilleggstildeling/",
        views.supplement_recommend,
        name="supplement_recommend",
    ),
    path("saker/<int:pk>/kontroll/", views.report_control, name="report_control"),
    path("behovsmeldinger/", views.needs_report_list, name="needs_report_list"),
    path(
        "behovsmeldinger/<int:year>/<int:owner_pk>/",
        views.needs_report_edit,
        name="needs_report_edit",
    ),
    path("behovsmeldinger/vis/<int:pk>/", views.needs_report_detail, name="needs_report_detail"),
    path("innstilling/<int:year>/", views.recommendation, name="recommendation"),
    path("innstilling/<int:year>/send/", views.recommendation_submit, name="recommendation_submit"),
    path("innstilling/<int:year>/habilitet/", views.conflict_declare, name="conflict_declare"),
    path(
        "innstilling/<int:year>/nettverk/<int:case_pk>/",
        views.recommendation_line,
        name="recommendation_line",
    ),
    path("vedtak/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("vedtak/<int:pk>/fatt/", views.decision_decide, name="decision_decide"),
    path("vedtak/<int:pk>/foresla/", views.decision_propose, name="decision_propose"),
    path("underretning/<int:pk>/", views.delivery_correct, name="delivery_correct"),
    path("klager/<int:pk>/", views.appeal_decide, name="appeal_decide"),
    path("klager/<int:pk>/for-sent/", views.appeal_late, name="appeal_late"),
    path("klager/<int:pk>/klageinstans/", views.appeal_ruling, name="appeal_ruling"),
    path("aar/<int:year>/", views.year_overview, name="year_overview"),
    path("aar/ny/", views.scheme_year_create, name="scheme_year_create"),
    path("vedtak/<int:pk>/utbetalinger/", views.payout_plan, name="payout_plan"),
    path("aar/<int:year>/utbetalinger/", views.payout_batches, name="payout_batches"),
    path("utbetalinger/<int:pk>/", views.payout_batch_detail, name="payout_batch_detail"),
    path(
        "utbetalinger/<int:pk>/bunt.<slug:fmt>",
        views.payout_batch_export,
        name="payout_batch_export",
    ),
    path("aar/<int:year>/innstillinger/", views.scheme_year_edit, name="scheme_year_edit"),
    path("aar/<int:year>/avslutt/", views.scheme_year_close, name="scheme_year_close"),
]
