"""The yearly case of each network: a state machine (django-fsm-2) and nothing else.

Transitions set fields on their own row only; conditions are pure predicates. Permission checks,
cross-document rules, saving and side effects live in ``workflow.services``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition
from django_fsm_log.decorators import fsm_log_by, fsm_log_description

from grants.models import DecisionBasis, Report, SchemeYear, one_per_network_and_year

from . import rules
from .states import CaseState

S = CaseState

#: Where a case can end without a grant (issue 12): anywhere before a vedtak is in force.
BEFORE_VEDTAK: list[str] = [S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG, S.INNSTILLING, S.VEDTAK]


def case_transition(source: str | Sequence[str], target: str, conditions: list | None = None):
    """A transition of ``Case.state`` that django-fsm-log records with who took it (``by``) and
    the comment (``description``)."""

    def decorate(method):
        move = transition(field="state", source=source, target=target, conditions=conditions)
        return fsm_log_by(fsm_log_description(move(method)))

    return decorate


class Case(ConcurrentTransitionMixin, models.Model):
    """One network's case in one scheme year."""

    State = CaseState

    scheme_year = models.ForeignKey(
        SchemeYear, on_delete=models.PROTECT, related_name="cases", verbose_name=_("tilskuddsår")
    )
    network = models.ForeignKey(
        "networks.Network",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("nettverk"),
    )
    state = FSMField(
        _("steg"), default=S.BEHOVSMELDING, choices=S.choices, protected=True, db_index=True
    )
    decision_basis = models.OneToOneField(
        DecisionBasis, on_delete=models.PROTECT, related_name="case"
    )
    report = models.OneToOneField(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="case"
    )
    decision_basis_reopened_until = models.DateField(
        _("gjenåpnet for innsending til"),
        null=True,
        blank=True,
        help_text=_("Satt av sekretariatet når et beslutningsgrunnlag kan sendes etter fristen."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    #: saksnummer ``2027/00042``, given when the case is made (grants.records numbers it)
    case_number = models.CharField(
        _("saksnummer"), max_length=12, unique=True, null=True, blank=True, editable=False
    )

    class Meta:
        ordering = ["scheme_year", "network__name"]
        verbose_name = _("sak")
        verbose_name_plural = _("saker")
        constraints = [one_per_network_and_year("case")]

    def __str__(self) -> str:
        return f"{self.network} {self.scheme_year.year}"

    def save(self, *args, **kwargs):
        if not self.case_number:
            from grants.records.services import case_number_next

            self.case_number = case_number_next(self.scheme_year.year)
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "case_number"}
        super().save(*args, **kwargs)

    # Transitions (see ``case_transition``).

    @case_transition(S.BEHOVSMELDING, S.BESLUTNINGSGRUNNLAG)
    def start_decision_basis(self, by=None, description=None) -> None:
        """Start drafting the decision basis."""

    @case_transition(
        S.BESLUTNINGSGRUNNLAG,
        S.INNSTILLING,
        [rules.decision_basis_is_complete, rules.decision_basis_within_frame],
    )
    def submit_decision_basis(self, by=None, description=None) -> None:
        """Submit the decision basis to the forum."""

    @case_transition(S.INNSTILLING, S.BESLUTNINGSGRUNNLAG)
    def return_decision_basis(self, by=None, description=None) -> None:
        """The forum returns the decision basis for revision."""
        self.decision_basis_reopened_until = None

    @case_transition(S.INNSTILLING, S.VEDTAK, [rules.has_recommendation_line])
    def recommend(self, by=None, description=None) -> None:
        """The forum's innstilling for this network is sent to Statsforvalteren."""

    @case_transition(S.VEDTAK, S.INNSTILLING, [rules.not_decided])
    def return_recommendation(self, by=None, description=None) -> None:
        """Statsforvalteren returns the innstilling for this network to the forum."""

    @case_transition(S.VEDTAK, S.VEDTAK, [rules.not_decided, rules.draft_decision_is_complete])
    def decide(self, by=None, description=None) -> None:
        """Statsforvalteren makes the vedtak (the case stays in `vedtak` until reporting opens)."""

    @case_transition(S.VEDTAK, S.RAPPORTERING, [rules.decided])
    def open_reporting(self, by=None, description=None) -> None:
        """Open reporting for the partnership."""

    @case_transition(S.RAPPORTERING, S.RAPPORTERING, [rules.report_is_complete])
    def submit_report(self, by=None, description=None) -> None:
        """The partnership submits its report."""

    @case_transition(S.RAPPORTERING, S.RAPPORTERING, [rules.report_is_submitted])
    def return_report(self, by=None, description=None) -> None:
        """Statsforvalteren returns the report with a comment."""

    @case_transition(S.RAPPORTERING, S.RAPPORTERING, [rules.interim_report_is_submitted])
    def approve_interim_report(self, by=None, description=None) -> None:
        """Statsforvalteren approves the interim report; the final report opens."""

    @case_transition(S.RAPPORTERING, S.AVSLUTTET, [rules.report_is_submitted])
    def approve_report(self, by=None, description=None) -> None:
        """Statsforvalteren approves the (final) report; the case is closed."""

    @case_transition(BEFORE_VEDTAK, S.AVSLATT, [rules.not_decided, rules.draft_refusal_is_complete])
    def refuse(self, by=None, description=None) -> None:
        """Statsforvalteren refuses the grant (an enkeltvedtak, with its letter); the case ends."""

    @case_transition(BEFORE_VEDTAK, S.TRUKKET, [rules.not_decided])
    def withdraw(self, by=None, description=None) -> None:
        """The network withdraws its case before the vedtak, with a reason; the case ends."""

    @case_transition(S.AVSLATT, S.VEDTAK)
    def grant_after_appeal(self, by=None, description=None) -> None:
        """A grant replaces the refusal after an appeal: the case goes on as a granted one."""
