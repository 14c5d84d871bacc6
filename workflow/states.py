"""The stages of a network's yearly case. Imports no models, so every app can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseState(models.TextChoices):
    BEHOVSMELDING = "behovsmelding", _("Behovsmelding")
    BESLUTNINGSGRUNNLAG = "beslutningsgrunnlag", _("Beslutningsgrunnlag")
    INNSTILLING = "innstilling", _("Innstilling")
    VEDTAK = "vedtak", _("Vedtak")
    RAPPORTERING = "rapportering", _("Rapportering")
    AVSLUTTET = "avsluttet", _("Avsluttet")
    #: Outcomes other than a grant (issue 12): an enkeltvedtak refusing the grant, or the network
    #: withdrawing its case. Both end the case, like ``avsluttet``.
    AVSLATT = "avslatt", _("Avslått")
    TRUKKET = "trukket", _("Trukket")


#: A case in one of these has its outcome: the year can close once every case is in one.
OUTCOME_STATES = frozenset({CaseState.AVSLUTTET, CaseState.AVSLATT, CaseState.TRUKKET})
#: The outcomes without a grant: nothing is paid, reported or reminded of after them.
NO_GRANT_STATES = frozenset({CaseState.AVSLATT, CaseState.TRUKKET})


#: What each stage means for the people involved (shown on case pages).
STATE_HELP = {
    CaseState.BEHOVSMELDING: _("Eierne sender behovsmeldinger til nettverket."),
    CaseState.BESLUTNINGSGRUNNLAG: _("Partnerskapet skriver beslutningsgrunnlaget."),
    CaseState.INNSTILLING: _("Samarbeidsforum behandler beslutningsgrunnlaget og innstiller."),
    CaseState.VEDTAK: _("Statsforvalteren behandler innstillingen og fatter vedtak."),
    CaseState.RAPPORTERING: _("Partnerskapet rapporterer på bruken av midlene."),
    CaseState.AVSLUTTET: _("Rapporten er godkjent og saken er avsluttet."),
    CaseState.AVSLATT: _("Statsforvalteren har avslått søknaden om tilskudd."),
    CaseState.TRUKKET: _("Nettverket har trukket saken."),
}
