"""Fill empty msgstr entries of a .po file from a JSON dictionary {msgid: msgstr}.

Used when translating: ``python scripts/fill_po.py locale/en/LC_MESSAGES/django.po en.json``.
Only single-line msgids are matched; existing translations are kept.
"""

import json
import re
import sys
from pathlib import Path


def fill(po_path: Path, translations: dict[str, str]) -> int:
    text = po_path.read_text(encoding="utf-8")
    filled = 0

    def replace(match: re.Match) -> str:
        nonlocal filled
        msgid = match.group(1).encode().decode("unicode_escape").encode("latin-1").decode()
        if msgid in translations:
            filled += 1
            value = translations[msgid].replace("\\", "\\\\").replace('"', '\\"')
            return f'msgid "{match.group(1)}"\nmsgstr "{value}"\n'
        return match.group(0)

    text = re.sub(r'msgid "((?:[^"\\]|\\.)+)"\nmsgstr ""\n(?!")', replace, text)
    text = text.replace("#, fuzzy\n", "", 1)
    po_path.write_text(text, encoding="utf-8")
    return filled


if __name__ == "__main__":
    po, dictionary = Path(sys.argv[1]), Path(sys.argv[2])
    print(fill(po, json.loads(dictionary.read_text(encoding="utf-8"))), "filled")
