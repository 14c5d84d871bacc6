"""Messages of the workflow's rules that more than one layer shows (service, form, page): each
defined once, so the form that checks early and the service that checks for sure say the same."""

from django.utils.translation import gettext_lazy as _

CONCURRENT_CHANGE = _(
    "Saken ble endret av noen andre mens du arbeidet med den. Last siden på nytt og prøv igjen."
)
STALE_DOCUMENT = _(
    "Dokumentet ble endret av noen andre etter at du åpnet det. Last siden på nytt; "
    "endringene dine er ikke lagret."
)
COMMENT_REQUIRED = _("Skriv en kommentar som forklarer hvorfor.")
UH_OVER_RECOMMENDED = _("Andelen til UH kan ikke være større enn anbefalt beløp.")
UH_OVER_GRANTED = _("Andelen til UH kan ikke være større enn det innvilgede beløpet.")
CONFLICTED = _("Du har erklært deg inhabil for dette nettverket.")
APPEAL_PERIOD_TOO_SHORT = _(
    "Klagefristen kan ikke være kortere enn tre uker (forvaltningsloven § 29). "
    "Den kan forlenges, men ikke forkortes."
)
DELIVERY_REASON_REQUIRED = _(
    "Skriv hvorfor datoen rettes, for eksempel at brevet ble sendt i posten."
)
DELIVERY_DATE_IN_FUTURE = _("Datoen vedtaket ble mottatt kan ikke være fram i tid.")
DELIVERY_DATE_BEFORE_DECISION = _("Datoen vedtaket ble mottatt kan ikke være før vedtaksdatoen.")
LATE_APPEAL_UNDECIDED = _(
    "Klagen kom inn etter klagefristen. Avgjør først om den skal behandles likevel "
    "(forvaltningsloven § 31) eller avvises."
)
REASONS_REQUIRED = _("Skriv begrunnelsen.")
FORWARDING_LETTER_REQUIRED = _(
    "Skriv oversendelsesbrevet: Statsforvalterens vurdering av klagen til klageinstansen."
)
CHANGE_REASON_REQUIRED = _("Skriv hvorfor vedtaket endres (begrunnelse for endringen).")
REFUSAL_HAS_NO_AMOUNT = _("Et avslag innvilger ikke noe beløp.")
REPORT_DEADLINE_BEFORE_DECISION = _(
    "Fristen for rapport (%(deadline)s) kan ikke være før vedtaksdatoen (%(date)s)."
)
JOINT_OVER_SET_ASIDE = _(
    "Beløpet til fellestiltak (%(amount)s) kan ikke være større enn det som er satt av til "
    "fellestiltak (%(set_aside)s)."
)
MEETING_AFTER_RECOMMENDATION = _(
    "Møtedatoen (%(meeting)s) kan ikke være senere enn datoen for innstillingen (%(date)s)."
)
SUPPLEMENT_OVER_REMAINING = _(
    "Tilleggstildelingen (%(amount)s) er større enn årets ubrukte midler (%(remaining)s)."
)
JOINT_WHOLE_AMOUNT_TO_UH = _(
    "Fellestiltakene har ingen vertseier: hele beløpet går til UH-institusjonen, så andelen til "
    "UH må være lik beløpet."
)
# Payouts and unused money (issue 12)
PAYOUT_PAYEE_MISSING = _(
    "%(payee)s kan ikke få utbetaling: %(missing)s mangler. Legg det inn under Personer → "
    "Organisasjoner først."
)
PAYOUT_OVER_GRANTED = _(
    "Bunten ville betale %(total)s til %(network)s, mer enn innvilget beløp (%(granted)s)."
)
PAYOUT_NOTHING_DUE = _("Ingen planlagte utbetalinger forfaller innen %(date)s.")
PAYOUT_SETTINGS_MISSING = _(
    "Budsjettkapittel og budsjettpost for året mangler. Fyll dem inn under innstillingene for "
    "utbetaling."
)
PAYOUT_PAID_IN_FUTURE = _("Utbetalingsdatoen kan ikke være fram i tid.")
PAYOUT_PLAN_SUM = _(
    "Utbetalingene til %(payee)s må til sammen være %(expected)s (det som er igjen av andelen "
    "etter %(locked)s som er utbetalt eller lagt i en bunt), ikke %(given)s."
)
CARRY_OVER_NOT_ALLOWED = _("Årets regler tillater ikke at ubrukte midler overføres til neste år.")
REPAYMENT_ACCOUNT_MISSING = _(
    "Kontonummer for tilbakebetaling mangler for året. Fyll det inn under innstillingene for "
    "utbetaling før rapporten godkjennes."
)
SAME_PERSON_PREPARED = _(
    "Du forberedte dette vedtaket og kan ikke også godkjenne det. En annen med "
    "budsjettdisponeringsmyndighet må godkjenne det."
)
NOT_PROPOSED = _(
    "Vedtaket er ikke foreslått ennå. Saksbehandleren som forbereder det, må foreslå det før "
    "det kan godkjennes."
)
NO_BUDGET_AUTHORITY = _("Bare en med budsjettdisponeringsmyndighet kan godkjenne vedtak.")
ALREADY_PROPOSED = _("Vedtaket er allerede foreslått og venter på godkjenning.")
DECISION_PROPOSED = _(
    "Vedtaket er foreslått. En annen med budsjettdisponeringsmyndighet må godkjenne det."
)
INTERIM_REPORT_NOT_FINAL = _(
    "Dette er en delrapport: et tiltak varer lenger enn rapportfristen. Godkjenn delrapporten; "
    "ubrukte midler avgjøres når sluttrapporten er godkjent."
)
