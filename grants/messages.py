"""Messages of the scheme year's rules that several layers show (service, form, page, command):
each defined once."""

from django.utils.translation import gettext_lazy as _

#: The joint-measures share is a percent or a fixed amount, exactly one of them.
JOINT_SHARE_ONE_OF = _(
    "Oppgi enten andel i prosent eller et fast beløp til fellestiltak, ikke begge."
)
JOINT_SHARE_HELP = _("Fyll ut enten prosent eller fast beløp til fellestiltak.")
JOINT_PERCENT_RANGE = _("Andelen til fellestiltak må være mellom 0 og 100 %.")

#: The most participants a measure can expect or a report can say it reached: far above any real
#: measure in Trøndelag, far below what a 32-bit integer column holds (2 147 483 647).
PARTICIPANTS_MAX = 100_000
PARTICIPANTS_TOO_MANY = _("Antall deltakere kan ikke være over 100 000.")

#: A closed year is read-only everywhere (services, forms, admin).
YEAR_CLOSED = _("Tilskuddsåret %(year)s er avsluttet. Ingenting i året kan endres.")
#: The notice on every page of a closed year's objects.
YEAR_CLOSED_NOTICE = _(
    "Tilskuddsåret %(year)s er avsluttet. Alt i året kan leses, men ikke endres."
)
#: From the first vedtak of a year on, its total, allocation and money settings stay as decided.
YEAR_MONEY_LOCKED = _(
    "Det er fattet vedtak for %(year)s. Totalbeløpet, fordelingen og beløpsinnstillingene for "
    "året kan ikke lenger endres."
)
