from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    """The case workflow. Its ``reminders`` package is a part of this app (same app label and
    migrations, so no table moves) with its own models, admin, urls and tasks modules; the app
    loads them here, at the phase Django loads each kind, so no module of the app re-exports or
    imports them for their side effects."""

    name = "workflow"
    verbose_name = _("Saksgang")

    #: Packages of this app that have their own ``models`` (and ``admin``, ``tasks``) modules.
    parts = ("workflow.reminders", "workflow.notifications")

    def import_models(self) -> None:
        # Called while Django loads every app's models: models defined in a part are then
        # registered like the app's own (migrations, relations, apps.get_model).
        super().import_models()
        for part in self.parts:
            import_module(f"{part}.models")

    def ready(self) -> None:
        # The admin registrations and the Celery tasks (registered by name, so the web process
        # can hand work to the broker and the worker can run it).
        for part in self.parts:
            import_module(f"{part}.admin")
            import_module(f"{part}.tasks")

        from .notifications.handovers import (
            on_case_transitioned,
            on_decision_made,
            on_settlement_decided,
        )
        from .signals import case_transitioned, decision_made, settlement_decided

        case_transitioned.connect(on_case_transitioned, dispatch_uid="workflow.notifications")
        decision_made.connect(on_decision_made, dispatch_uid="workflow.notifications")
        settlement_decided.connect(on_settlement_decided, dispatch_uid="workflow.notifications")
