"""The translations (English and nynorsk): each catalogue is complete and compiled, and the pages
read in the chosen language. Bokmål stays the default, whatever the browser asks for.

The bokmål text in the code is the msgid; ``locale/en.json`` holds the English and
``locale/nn.json`` the nynorsk, and ``make messages`` writes them into
``locale/<lang>/LC_MESSAGES/django.po`` and compiles the ``.mo`` files.
"""

from __future__ import annotations

import gettext
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from networks.demo import DEMO_PASSWORD

LOCALE = Path(settings.BASE_DIR) / "locale"
#: Every translated language: the same strictness for each.
TRANSLATIONS = ["en", "nn"]


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.po"


def mo_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "django.mo"


def dictionary_path(language: str) -> Path:
    return LOCALE / f"{language}.json"


PLACEHOLDER = re.compile(r"%\([^)]+\)[sd]|%%")
TAG = re.compile(r"<[^>]+>")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)


def _unquote(text: str) -> str:
    escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
    return re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(0)), text.strip()[1:-1])


def read_po(path: Path) -> list[Entry]:
    """A small .po reader (no obsolete entries are expected: makemessages runs --no-obsolete)."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
                entry, target = Entry(), None
            continue
        if line.startswith("#,"):
            entry.flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            assert not line.startswith("#~"), f"obsolete entry left in {path}: {raw}"
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.group(1), match.group(2), _unquote(match.group(3))
            target = (keyword, int(index or 0))
        else:
            assert line.startswith('"') and target, f"cannot read {path}: {raw!r}"
            keyword, index = target
            value = _unquote(line)
        if keyword == "msgstr":
            slot = target[1]
            entry.msgstr[slot] = entry.msgstr.get(slot, "") + value
        else:
            setattr(entry, keyword, (getattr(entry, keyword) or "") + value)
    return entries


@pytest.fixture(scope="module", params=TRANSLATIONS)
def language(request) -> str:
    return request.param


@pytest.fixture(scope="module")
def catalogue(language) -> list[Entry]:
    entries = read_po(po_path(language))
    assert entries and entries[0].msgid == "", "the .po header is missing"
    return entries[1:]


def test_languages_on_offer_are_bokmal_nynorsk_and_english():
    assert settings.LANGUAGE_CODE == "nb"
    assert [code for code, _name in settings.LANGUAGES] == ["nb", "nn", "en"]
    assert set(TRANSLATIONS) == {"nn", "en"}


def test_catalogue_has_no_untranslated_or_fuzzy_entries(catalogue, language):
    assert len(catalogue) > 1000
    fuzzy = [e.msgid for e in catalogue if "fuzzy" in e.flags]
    untranslated = [e.msgid for e in catalogue if not e.msgstr or not all(e.msgstr.values())]
    assert not fuzzy, (
        f"fuzzy entries (check them in locale/{language}.json, run make messages): {fuzzy}"
    )
    assert not untranslated, f"untranslated (add them to locale/{language}.json): {untranslated}"


def test_catalogues_hold_the_same_msgids():
    """Both catalogues come from the same makemessages run: none lags behind the code."""
    keys = {
        language: {(e.msgctxt, e.msgid) for e in read_po(po_path(language))[1:]}
        for language in TRANSLATIONS
    }
    assert keys["nn"] == keys["en"]


def test_translations_keep_placeholders_and_markup(catalogue):
    for entry in catalogue:
        sources = [entry.msgid] + ([entry.msgid_plural] if entry.msgid_plural else [])
        for index, text in entry.msgstr.items():
            source = sources[min(index, len(sources) - 1)]
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
                entry.msgid
            )
            assert len(TAG.findall(text)) == len(TAG.findall(source)), entry.msgid


def test_compiled_catalogue_matches_the_po_file(catalogue, language):
    """The .mo is what Django reads: it must not lag behind the .po (run make messages)."""
    with mo_path(language).open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in catalogue:
        msgid = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is None:
            assert compiled.gettext(msgid) == entry.msgstr[0], entry.msgid
        else:
            assert compiled.ngettext(msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert compiled.ngettext(msgid, entry.msgid_plural, 5) == entry.msgstr[1]


def test_dictionary_holds_every_translation(catalogue, language):
    """locale/<lang>.json is where the translation is edited; the .po file is generated from it."""
    dictionary = json.loads(dictionary_path(language).read_text(encoding="utf-8"))
    missing = [
        e.msgid
        for e in catalogue
        if (e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}") not in dictionary
    ]
    assert not missing, f"translated in the .po but not in locale/{language}.json: {missing}"


#: What each demo user sees on the start page in English: their role, as the table shows it.
ROLE_IN_ENGLISH = {
    "eier": "Owner contact",
    "koordinator": "Network coordinator (partnership)",
    "uh": "University partner contact",
    "sekretariat": "Cooperation forum secretariat",
    "forum": "Cooperation forum member",
    "statsforvalter": "Case officer at the County Governor",
    "admin": "System administrator",
}


def _sign_in_in_english(client, username: str):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body and "Log in" in body
    response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


@pytest.mark.parametrize("username", sorted(ROLE_IN_ENGLISH))
def test_demo_users_see_the_pages_in_english(client, demo, username):
    client = _sign_in_in_english(client, username)

    home = client.get(reverse("home")).content.decode()
    assert '<html lang="en">' in home
    for text in (
        "My tasks",
        "Log out",
        f"Welcome, {demo[username]}",
        "Your organisations and roles",
        "Coming up",
        ROLE_IN_ENGLISH[username],
    ):
        assert text in home, (username, text)
    for norwegian in ("Mine oppgaver", "Logg ut", "Dine organisasjoner og roller"):
        assert norwegian not in home, (username, norwegian)

    cases = client.get(reverse("case_list")).content.decode()
    for text in ("Cases", "for each scheme year", "Filter the list", "All years", "All stages"):
        assert text in cases, (username, text)
    assert re.search(r"\b\d+ cases?\b", cases), username
    assert "Alle år" not in cases and "Filtrer listen" not in cases

    for body in (home, cases):
        assert "%(" not in body, username
        assert "{{" not in body and "{%" not in body, username


def test_norwegian_stays_the_default(client, demo):
    assert client.login(username="eier", password=DEMO_PASSWORD)
    body = client.get(reverse("home")).content.decode()
    assert '<html lang="nb">' in body and "Mine oppgaver" in body and "My tasks" not in body


#: Words that are bokmål only; a nynorsk text never has them (the «…» quoted column names a user
#: types in an import file are literal and excluded).
BOKMAL_ONLY = re.compile(
    r"\b(ikke|hva|hvem|hvilke|hvilken|hvordan|hvorfor|hvis|hver|hvert|jeg|noen|noe|mye|bare|"
    r"nå|ennå|fra|være|gjøre|tilskudd\w*|eiere?|eierne|påminnelser?|oppgaver?|dager|"
    r"begrunnelse\w*|Statsforvalteren)\b",
    re.IGNORECASE,
)


def test_nynorsk_is_nynorsk():
    entries = read_po(po_path("nn"))[1:]
    bokmal = {
        e.msgid: text
        for e in entries
        for text in e.msgstr.values()
        if BOKMAL_ONLY.search(re.sub(r"«[^»]*»", "", text))
    }
    assert not bokmal, f"bokmål words in the nynorsk catalogue: {bokmal}"
    # Most text differs from bokmål; short labels such as «Lagre» or «Vedtak» are the same.
    changed = [e for e in entries if e.msgstr[0] != e.msgid]
    assert len(changed) > len(entries) / 2
    expected = {
        "Mine oppgaver": "Mine oppgåver",
        "Ikke levert": "Ikkje levert",
        "Send beslutningsgrunnlaget": "Send beslutningsgrunnlaget",
        "Logg inn": "Logg inn",
        "Avbryt": "Avbryt",
        "Tilskuddsår": "Tilskotsår",
        "Statsforvalteren": "Statsforvaltaren",
    }
    found = {e.msgid: e.msgstr[0] for e in entries if e.msgid in expected}
    assert found == expected
