"""Every message of the head-count import, in Norwegian through gettext. The readers, the
checker, the pages, the admin and ``import_counts`` use these; tests import them."""

from __future__ import annotations

from django.utils.translation import gettext as _

from config.formatting import format_number

#: How far down the header may be (Statistics Norway puts a title above it).
HEADER_SEARCH_LINES = 30
#: A page or the admin shows this many messages and then how many more there are.
MAX_MESSAGES_SHOWN = 100


def _number(value: int) -> str:
    return format_number(value)


def msg_unknown_owner_number(line: int, number: str) -> str:
    return _("Linje %(line)s: Finner ingen eier med nummer %(number)s.") % {
        "line": line,
        "number": number,
    }


def msg_unknown_owner_name(line: int, name: str) -> str:
    return _("Linje %(line)s: Finner ingen eier som heter «%(name)s».") % {
        "line": line,
        "name": name,
    }


def msg_ambiguous_owner(line: int, name: str) -> str:
    return _("Linje %(line)s: Flere eiere heter «%(name)s». Bruk eiernummeret.") % {
        "line": line,
        "name": name,
    }


def msg_owner_missing(line: int) -> str:
    return _("Linje %(line)s: Eier mangler.") % {"line": line}


def msg_duplicate_owner(line: int, owner: str, first: int) -> str:
    return _(
        "Linje %(line)s: %(owner)s står også på linje %(first)s. Hver eier kan bare stå én gang."
    ) % {"line": line, "owner": owner, "first": first}


def msg_negative(line: int, label: str, value: str) -> str:
    return _("Linje %(line)s: %(label)s kan ikke være negativt (%(value)s).") % {
        "line": line,
        "label": label,
        "value": value,
    }


def msg_count_too_large(line: int, label: str, value: str, maximum: int) -> str:
    return _("Linje %(line)s: %(label)s kan ikke være over %(max)s (%(value)s).") % {
        "line": line,
        "label": label,
        "max": format_number(maximum),
        "value": value,
    }


def msg_not_whole(line: int, label: str, value: str) -> str:
    return _("Linje %(line)s: %(label)s «%(value)s» er ikke et helt tall.") % {
        "line": line,
        "label": label,
        "value": value,
    }


def msg_no_figure(line: int, label: str, value: str) -> str:
    return _(
        "Linje %(line)s: %(label)s mangler («%(value)s» betyr at Statistisk sentralbyrå ikke "
        "har tallet)."
    ) % {"line": line, "label": label, "value": value}


def msg_count_missing(line: int, label: str) -> str:
    return _("Linje %(line)s: %(label)s mangler.") % {"line": line, "label": label}


def msg_missing_column(line: int, what: str, examples: str) -> str:
    return _(
        "Linje %(line)s: Filen mangler en kolonne for %(what)s (for eksempel %(examples)s)."
    ) % {
        "line": line,
        "what": what,
        "examples": examples,
    }


def msg_duplicate_column(line: int, first: str, second: str) -> str:
    return _(
        "Linje %(line)s: Kolonnene «%(first)s» og «%(second)s» betyr det samme. Fjern en av dem."
    ) % {"line": line, "first": first, "second": second}


def msg_no_header() -> str:
    return _(
        "Fant ingen overskriftsrad med kolonner for eier og elev- og barnetall i de første "
        "%(lines)s linjene. Se veiledningen for hvilke kolonnenavn som godtas."
    ) % {"lines": HEADER_SEARCH_LINES}


def msg_no_rows() -> str:
    return _("Filen har ingen rader med tall under overskriftsraden.")


def msg_unsupported_file() -> str:
    return _("Filtypen støttes ikke. Last opp en CSV- eller XLSX-fil.")


def msg_unreadable(kind: str) -> str:
    return _("Filen kunne ikke leses som %(kind)s. Kontroller at filtypen stemmer.") % {
        "kind": kind
    }


def msg_too_large(max_bytes: int) -> str:
    return _("Filen er for stor (mer enn %(size)s MB).") % {
        "size": _number(max(1, max_bytes // (1024 * 1024)))
    }


def msg_too_many_rows(max_rows: int) -> str:
    return _(
        "Filen har mer enn %(rows)s rader, og det er flere enn importen tar imot. Kontroller at "
        "det er riktig fil, eller del den opp."
    ) % {"rows": _number(max_rows)}


def msg_unpacked_too_large(max_bytes: int) -> str:
    return _(
        "XLSX-filen blir mer enn %(size)s MB når den pakkes ut, og det er mer enn importen tar "
        "imot. Lagre arket som CSV, eller fjern det som ikke er elev- og barnetall."
    ) % {"size": _number(max(1, max_bytes // (1024 * 1024)))}


def msg_more_errors(count: int) -> str:
    return _("… og %(count)s feil til. Rett feilene over og prøv igjen.") % {
        "count": _number(count)
    }


def msg_no_year() -> str:
    return _("Velg tilskuddsåret tallene gjelder.")


def msg_no_source() -> str:
    return _("Oppgi kilden for tallene.")


def msg_imported(year: int, count: int, source: str) -> str:
    return _("Elev- og barnetall for %(year)s ble importert for %(count)s eiere (%(source)s).") % {
        "year": year,
        "count": count,
        "source": source,
    }


def pupils_label() -> str:
    return _("Elevtallet")


def children_label() -> str:
    return _("Barnetallet")


def shown(messages: list[str]) -> list[str]:
    """The first ``MAX_MESSAGES_SHOWN`` messages and, when there are more, how many more."""
    if len(messages) <= MAX_MESSAGES_SHOWN:
        return messages
    rest = len(messages) - MAX_MESSAGES_SHOWN
    return [*messages[:MAX_MESSAGES_SHOWN], msg_more_errors(rest)]
