"""Messages of the scheme year's rules that several layers show (service, form, page, command):
each defined once."""

from django.utils.translation import gettext_lazy as _

#: The joint-measures share is a percent or a fixed amount, exactly one of them.
JOINT_SHARE_ONE_OF = _(
    "Oppgi enten andel i prosent eller et fast beløp til fellestiltak, ikke begge."
)
JOINT_SHARE_HELP = _("Fyll ut enten prosent eller fast beløp til fellestiltak.")
JOINT_PERCENT_RANGE = _("Andelen til fellestiltak må være mellom 0 og 100 %.")
