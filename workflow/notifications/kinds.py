"""The one table of notification kinds: for each, its label, the title a recipient sees, whether
it has legal effect (then its email cannot be switched off), and who must act next, as
(role, relation to the case) rules resolved from ``networks.Membership`` by
``selectors.recipients_for``. Imports no models, so the step table can name a kind.

A handover notifies the people who must act next and gives the sender a receipt
(``Kind.RECEIPT``); a kind with no rules (a receipt, a reminder) names its recipients itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from networks.roles import Role


class Kind(models.TextChoices):
    NEEDS_REPORT_SUBMITTED = "behovsmelding_sendt", _("Behovsmelding sendt")
    DECISION_BASIS_SUBMITTED = "beslutningsgrunnlag_sendt", _("Beslutningsgrunnlag sendt")
    DECISION_BASIS_RETURNED = "beslutningsgrunnlag_returnert", _("Beslutningsgrunnlag returnert")
    RECOMMENDATION_SENT = "innstilling_sendt", _("Innstilling sendt")
    RECOMMENDATION_RETURNED = "innstilling_returnert", _("Innstilling returnert")
    DECISION_MADE = "vedtak_fattet", _("Vedtak fattet")
    APPEAL_LODGED = "klage_mottatt", _("Klage mottatt")
    APPEAL_DECIDED = "klage_avgjort", _("Klage avgjort")
    REPORTING_OPENED = "rapportering_apnet", _("Rapporteringen åpnet")
    REPORT_SUBMITTED = "rapport_sendt", _("Rapport sendt")
    REPORT_RETURNED = "rapport_returnert", _("Rapport returnert")
    REPORT_APPROVED = "rapport_godkjent", _("Rapport godkjent")
    PAYOUT_MADE = "utbetaling", _("Utbetaling")
    CASE_WITHDRAWN = "sak_trukket", _("Sak trukket")
    DECISION_REFUSED = "vedtak_avslag", _("Vedtak om avslag")
    DEADLINE_REMINDER = "frist", _("Påminnelse om frist")
    REPAYMENT_CLAIMED = "tilbakebetalingskrav", _("Krav om tilbakebetaling")
    RECEIPT = "kvittering", _("Kvittering for det du har sendt")


class Relation(models.TextChoices):
    """How a membership relates to the case (its network) a notification is about."""

    #: a regional role (forum, Statsforvalteren): no organisation on the membership
    REGION = "region", _("regionalt")
    #: the membership's network is the case's network (the coordinators)
    NETWORK = "network", _("nettverket")
    #: the membership's university is in the case's partnership (the UH contacts)
    PARTNERSHIP = "partnership", _("partnerskapet")
    #: the membership's owner is the document's owner (a needs report's owner contacts)
    OWNER = "owner", _("eieren")
    #: the membership's owner is the network's host owner, the party a vedtak is addressed to
    HOST_OWNER = "host_owner", _("vertseieren")


class EmailMode(models.TextChoices):
    """What a person wants by email for a kind (the inbox always gets the notification)."""

    OFF = "av", _("Ingen e-post")
    IMMEDIATE = "straks", _("E-post straks")
    DIGEST = "daglig", _("Daglig sammendrag")


@dataclass(frozen=True)
class Rule:
    role: Role
    relation: Relation


@dataclass(frozen=True)
class KindSpec:
    #: the line a recipient sees; placeholders from the notification's params
    title: Promise
    #: who must act next (empty: the caller names the recipients)
    rules: tuple[Rule, ...] = ()
    #: a letter or other decision with legal effect: its email cannot be switched off
    legal_effect: bool = False
    #: False when the email is sent elsewhere (reminders send their own); inbox only here
    emailed: bool = True
    default_email: EmailMode = EmailMode.IMMEDIATE


PARTNERSHIP = (
    Rule(Role.NETWORK_COORDINATOR, Relation.NETWORK),
    Rule(Role.UH_CONTACT, Relation.PARTNERSHIP),
)
FORUM = (
    Rule(Role.FORUM_SECRETARIAT, Relation.REGION),
    Rule(Role.FORUM_MEMBER, Relation.REGION),
)
#: The party of a vedtak and of a payout: the network's host owner, and the partnership.
PARTY = (*PARTNERSHIP, Rule(Role.OWNER_CONTACT, Relation.HOST_OWNER))
SECRETARIAT = (Rule(Role.FORUM_SECRETARIAT, Relation.REGION),)
STATSFORVALTER = (Rule(Role.STATSFORVALTER, Relation.REGION),)

KINDS: dict[str, KindSpec] = {
    Kind.NEEDS_REPORT_SUBMITTED: KindSpec(
        title=_("Behovsmelding for %(year)s fra %(owner)s"),
        rules=(Rule(Role.NETWORK_COORDINATOR, Relation.NETWORK),),
    ),
    Kind.DECISION_BASIS_SUBMITTED: KindSpec(
        title=_("Beslutningsgrunnlaget for %(year)s fra %(network)s er sendt til samarbeidsforum"),
        rules=FORUM,
    ),
    Kind.DECISION_BASIS_RETURNED: KindSpec(
        title=_("Beslutningsgrunnlaget for %(year)s (%(network)s) er returnert for retting"),
        rules=PARTNERSHIP,
    ),
    Kind.RECOMMENDATION_SENT: KindSpec(
        title=_("Innstillingen for %(year)s for %(network)s er sendt til Statsforvalteren"),
        rules=STATSFORVALTER,
    ),
    Kind.RECOMMENDATION_RETURNED: KindSpec(
        title=_("Innstillingen for %(year)s for %(network)s er returnert til samarbeidsforum"),
        rules=SECRETARIAT,
    ),
    Kind.DECISION_MADE: KindSpec(
        title=_("Vedtak om tilskudd for %(year)s til %(network)s"),
        rules=PARTY,
        legal_effect=True,
    ),
    Kind.APPEAL_LODGED: KindSpec(
        title=_("Klage på vedtaket for %(year)s fra %(network)s"),
        rules=STATSFORVALTER,
    ),
    Kind.APPEAL_DECIDED: KindSpec(
        title=_("Klagen på vedtaket for %(year)s (%(network)s) er avgjort: %(outcome)s"),
        rules=PARTY,
        legal_effect=True,
    ),
    Kind.REPORTING_OPENED: KindSpec(
        title=_("Rapporteringen for %(year)s (%(network)s) er åpnet"),
        rules=PARTNERSHIP,
    ),
    Kind.REPORT_SUBMITTED: KindSpec(
        title=_("Rapporten for %(year)s fra %(network)s er sendt til kontroll"),
        rules=STATSFORVALTER,
    ),
    Kind.REPORT_RETURNED: KindSpec(
        title=_("Rapporten for %(year)s (%(network)s) er returnert for retting"),
        rules=PARTNERSHIP,
    ),
    Kind.REPORT_APPROVED: KindSpec(
        title=_("Rapporten for %(year)s (%(network)s) er godkjent"),
        rules=PARTNERSHIP,
    ),
    Kind.PAYOUT_MADE: KindSpec(
        title=_("Utbetaling for %(year)s til %(network)s: %(amount)s"),
        rules=PARTY,
    ),
    Kind.DECISION_REFUSED: KindSpec(
        title=_("Vedtak om avslag for %(year)s til %(network)s"),
        rules=PARTY,
        legal_effect=True,
    ),
    Kind.CASE_WITHDRAWN: KindSpec(
        title=_("Saken for %(year)s for %(network)s er trukket av nettverket"),
        rules=(*STATSFORVALTER, *SECRETARIAT),
    ),
    Kind.REPAYMENT_CLAIMED: KindSpec(
        title=_("Krav om tilbakebetaling for %(year)s til %(network)s: %(amount)s"),
        rules=PARTY,
        legal_effect=True,
    ),
    Kind.DEADLINE_REMINDER: KindSpec(
        title=_("Påminnelse: %(obligation)s for %(network)s, frist %(date)s"),
        emailed=False,
    ),
    # Its params are those of the handover, plus ``of`` (the handover's kind).
    Kind.RECEIPT: KindSpec(
        title=_("Kvittering: %(what)s"),
    ),
}

#: Which handover a committed case transition is (``workflow.signals.case_transitioned``). The
#: vedtak is announced by ``decision_made`` instead, which also covers a corrected vedtak.
#: The email task's registered name: the services hand work to it by name (the tasks module
#: imports the services, so the services must not import it).
SEND_TASK = "workflow.notifications.tasks.send_notification_email"

LEGAL_EFFECT_KINDS = frozenset(kind for kind, spec in KINDS.items() if spec.legal_effect)
#: Kinds a person chooses email for on the preferences page.
EMAILED_KINDS = tuple(kind for kind in Kind if KINDS[kind].emailed)


def allowed_modes(kind: str) -> tuple[EmailMode, ...]:
    """A kind with legal effect cannot be switched off: only when the email comes."""
    if KINDS[kind].legal_effect:
        return (EmailMode.IMMEDIATE, EmailMode.DIGEST)
    return tuple(EmailMode)
