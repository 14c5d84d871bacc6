from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Saksgang")

    def ready(self) -> None:
        from .notifications.handovers import on_case_transitioned, on_decision_made
        from .signals import case_transitioned, decision_made

        case_transitioned.connect(on_case_transitioned, dispatch_uid="workflow.notifications")
        decision_made.connect(on_decision_made, dispatch_uid="workflow.notifications")
