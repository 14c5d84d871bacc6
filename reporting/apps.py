from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "reporting"
    verbose_name = _("Rapporter og uttrekk")

    def ready(self) -> None:
        from importlib import import_module

        from workflow.signals import appeal_answered, decision_made

        # Register the Celery tasks: the services hand work over by task name.
        import_module(f"{self.name}.tasks")

        from .signals import make_appeal_letter, queue_decision_deliveries, queue_decision_letters

        decision_made.connect(queue_decision_letters, dispatch_uid="reporting.decision_letters")
        decision_made.connect(
            queue_decision_deliveries, dispatch_uid="reporting.decision_deliveries"
        )

        from workflow.signals import settlement_decided

        from .repayment import on_settlement_decided

        settlement_decided.connect(on_settlement_decided, dispatch_uid="reporting.repayment_letter")
        from .signals import queue_repayment_delivery

        settlement_decided.connect(
            queue_repayment_delivery, dispatch_uid="reporting.repayment_delivery"
        )
        appeal_answered.connect(make_appeal_letter, dispatch_uid="reporting.appeal_letters")
