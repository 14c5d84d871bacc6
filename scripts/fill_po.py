"""Fill a translated .po file from its translation dictionary ``locale/<language>.json``.

The msgids are bokmål (the source language). ``locale/en.json`` is where the English lives and
``locale/nn.json`` the nynorsk: ``{bokmål msgid: translated msgstr}``. Keys are
the msgids exactly as in the source (several lines joined, ``\\n`` kept). A plural entry's value
is a list ``[singular, plural]``; an entry with a context uses the key ``"context\\u0004msgid"``
(as gettext does).

    python scripts/fill_po.py locale/en/LC_MESSAGES/django.po locale/en.json
        fills empty and fuzzy msgstr from the dictionary (and corrects any that differ from it:
        the dictionary wins), removes the fuzzy flag of every entry it fills, and lists the
        msgids the dictionary lacks. Exit status 1 when any entry is still untranslated.
    python scripts/fill_po.py locale/nn/LC_MESSAGES/django.po locale/nn.json
        the same for nynorsk.
    python scripts/fill_po.py --missing locale/en/LC_MESSAGES/django.po locale/en.json
        only lists what is missing (as JSON, ready to be translated and pasted in).
    python scripts/fill_po.py --export some/other/django.po locale/en.json
        copies the translations of another catalogue into the dictionary (keeps existing keys).

Only the standard library; the .po file is parsed and written back entry by entry, so comments,
references and the header are kept. Line wrapping is left to the next ``makemessages``.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

CONTEXT_SEPARATOR = "\x04"


@dataclass
class Entry:
    comments: list[str] = field(default_factory=list)  # every line starting with '#'
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # index 0 when not plural
    obsolete: bool = False

    @property
    def flags(self) -> set[str]:
        found: set[str] = set()
        for line in self.comments:
            if line.startswith("#,"):
                found.update(flag.strip() for flag in line[2:].split(","))
        return found - {""}

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    def remove_fuzzy(self) -> None:
        kept = []
        for line in self.comments:
            if line.startswith("#,"):
                flags = [
                    f.strip() for f in line[2:].split(",") if f.strip() and f.strip() != "fuzzy"
                ]
                if not flags:
                    continue
                line = "#, " + ", ".join(flags)
            elif line.startswith("#|"):  # the previous msgid that made it fuzzy
                continue
            kept.append(line)
        self.comments = kept

    @property
    def key(self) -> str:
        return self.msgid if self.msgctxt is None else self.msgctxt + CONTEXT_SEPARATOR + self.msgid

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values()) and not self.fuzzy

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None


_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


def unquote(token: str) -> str:
    body = token.strip()
    if not (body.startswith('"') and body.endswith('"')):
        raise ValueError(f"not a quoted .po string: {token!r}")
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body[1:-1])


def quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    lines = escaped.split("\n")
    if len(lines) == 1:
        return f'"{escaped}"'
    # One source line per .po line, as xgettext writes multi-line strings.
    parts = [line + "\\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
    return '""\n' + "\n".join(f'"{part}"' for part in parts)


def parse(text: str) -> list[Entry]:
    entries: list[Entry] = []
    current = Entry()
    target: tuple[str, int] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal current, target, seen_keyword
        if seen_keyword or current.comments:
            entries.append(current)
        current, target, seen_keyword = Entry(), None, False

    for raw in text.splitlines():
        line = raw.strip()
        obsolete = line.startswith("#~")
        if obsolete:
            line = line[2:].strip()
            if line.startswith("#|"):
                continue
        if not line:  # blank lines are only white space; an entry ends at its last msgstr
            if seen_keyword:
                finish()
            continue
        if line.startswith("#") and not obsolete:
            if seen_keyword:  # comments always come first: a new entry begins
                finish()
            current.comments.append(raw.rstrip())
            continue
        current.obsolete = current.obsolete or obsolete
        match = re.match(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*\")$", line)
        if match:
            keyword, index, value = match.group(1), match.group(2), unquote(match.group(3))
            if keyword == "msgid" and seen_keyword and target and target[0] not in ("msgctxt",):
                finish()
            seen_keyword = True
            if keyword == "msgctxt":
                current.msgctxt, target = value, ("msgctxt", 0)
            elif keyword == "msgid":
                current.msgid, target = value, ("msgid", 0)
            elif keyword == "msgid_plural":
                current.msgid_plural, target = value, ("msgid_plural", 0)
            else:
                slot = int(index) if index is not None else 0
                current.msgstr[slot], target = value, ("msgstr", slot)
            continue
        if line.startswith('"') and target:
            value = unquote(line)
            name, slot = target
            if name == "msgctxt":
                current.msgctxt = (current.msgctxt or "") + value
            elif name == "msgid":
                current.msgid += value
            elif name == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            else:
                current.msgstr[slot] += value
            continue
        raise ValueError(f"cannot read .po line: {raw!r}")
    finish()
    return entries


def render_entry(entry: Entry) -> str:
    prefix = "#~ " if entry.obsolete else ""
    fields: list[tuple[str, str]] = []
    if entry.msgctxt is not None:
        fields.append(("msgctxt", entry.msgctxt))
    fields.append(("msgid", entry.msgid))
    if entry.msgid_plural is not None:
        fields.append(("msgid_plural", entry.msgid_plural))
        fields += [(f"msgstr[{slot}]", entry.msgstr[slot]) for slot in sorted(entry.msgstr)]
    else:
        fields.append(("msgstr", entry.msgstr.get(0, "")))
    lines = list(entry.comments)
    for keyword, value in fields:
        for i, part in enumerate(quote(value).split("\n")):
            lines.append(f"{prefix}{keyword} {part}" if i == 0 else f"{prefix}{part}")
    return "\n".join(lines)


def render(entries: list[Entry]) -> str:
    return "\n\n".join(render_entry(entry) for entry in entries) + "\n"


def plural_count(entries: list[Entry]) -> int:
    for entry in entries:
        if entry.is_header:
            match = re.search(r"nplurals\s*=\s*(\d+)", entry.msgstr.get(0, ""))
            if match:
                return int(match.group(1))
    return 2


def translation_for(entry: Entry, translations: dict) -> dict[int, str] | None:
    value = translations.get(entry.key)
    if value is None:
        return None
    if entry.msgid_plural is None:
        return {0: value} if isinstance(value, str) and value else None
    if isinstance(value, str):  # the same text for both forms
        value = [value, value]
    if not value or not all(value):
        return None
    return dict(enumerate(value))


LANGUAGE_NAMES = {"en": "English", "nn": "Norwegian Nynorsk"}


def header_comment(language: str) -> list[str]:
    name = LANGUAGE_NAMES.get(language, language)
    return [f"# {name} translation of Kompetanseløftet. Edit locale/{language}.json, not here."]


def fill_header(header: str, po_path: Path) -> str:
    """Replace the placeholders xgettext leaves in the header (msgfmt --check warns about them)."""
    language = po_path.parent.parent.name  # locale/<language>/LC_MESSAGES/django.po
    values = {
        "Project-Id-Version": "kompetanseloftet",
        "PO-Revision-Date": None,  # keep unless it is the placeholder
        "Last-Translator": "Kompetanseløftet <noreply@kompetanseloftet.invalid>",
        "Language-Team": LANGUAGE_NAMES.get(language, language),
        "Language": language,
    }
    lines = []
    for line in header.split("\n"):
        name, _, value = line.partition(":")
        if name in values:
            value = value.strip()
            placeholder = not value or any(
                marker in value for marker in ("PACKAGE", "YEAR", "FULL NAME", "LANGUAGE")
            )
            if placeholder:
                new = values[name]
                if new is None:  # PO-Revision-Date: use the POT creation date
                    match = re.search(r"POT-Creation-Date: ([^\n]+)", header)
                    new = match.group(1).strip() if match else "2026-01-01 00:00+0100"
                line = f"{name}: {new}"
        lines.append(line)
    return "\n".join(lines)


def fill(po_path: Path, translations: dict) -> tuple[int, list[Entry]]:
    """Fill ``po_path`` in place; return (entries changed, entries still untranslated)."""
    entries = parse(po_path.read_text(encoding="utf-8"))
    nplurals = plural_count(entries)
    changed = 0
    for entry in entries:
        if entry.obsolete:
            continue
        if entry.is_header:
            entry.remove_fuzzy()
            entry.msgstr[0] = fill_header(entry.msgstr.get(0, ""), po_path)
            language = po_path.parent.parent.name
            entry.comments = header_comment(language) + [
                c for c in entry.comments if c.startswith("#,")
            ]
            continue
        wanted = translation_for(entry, translations)
        if wanted is None:
            continue
        if entry.msgid_plural is not None:
            # English and nynorsk have 2 forms; fill up to the catalogue's count with the last one.
            forms = [wanted.get(i, wanted[max(wanted)]) for i in range(nplurals)]
            wanted = dict(enumerate(forms))
        if wanted != entry.msgstr or entry.fuzzy:
            entry.msgstr = wanted
            entry.remove_fuzzy()
            changed += 1
    po_path.write_text(render(entries), encoding="utf-8")
    missing = [e for e in entries if not e.obsolete and not e.is_header and not e.translated]
    return changed, missing


def missing_as_json(missing: list[Entry]) -> str:
    skeleton = {e.key: (["", ""] if e.msgid_plural is not None else "") for e in missing}
    return json.dumps(skeleton, ensure_ascii=False, indent=1)


def main(argv: list[str]) -> int:
    mode = "fill"
    if argv and argv[0] in ("--missing", "--export"):
        mode, argv = argv[0][2:], argv[1:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    po, dictionary = Path(argv[0]), Path(argv[1])
    translations = json.loads(dictionary.read_text(encoding="utf-8")) if dictionary.exists() else {}
    if mode == "export":
        added = 0
        for entry in parse(po.read_text(encoding="utf-8")):
            if (
                entry.obsolete
                or entry.is_header
                or not entry.translated
                or entry.key in translations
            ):
                continue
            forms = [entry.msgstr[i] for i in sorted(entry.msgstr)]
            translations[entry.key] = forms[:2] if entry.msgid_plural is not None else forms[0]
            added += 1
        dictionary.write_text(
            json.dumps(translations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        print(added, "added to", dictionary)
        return 0
    if mode == "missing":
        entries = parse(po.read_text(encoding="utf-8"))
        missing = [e for e in entries if not e.obsolete and not e.is_header and not e.translated]
        print(missing_as_json(missing))
        return 1 if missing else 0
    changed, missing = fill(po, translations)
    print(f"{changed} filled, {len(missing)} untranslated")
    if missing:
        print("Add these to", dictionary, file=sys.stderr)
        print(missing_as_json(missing), file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
