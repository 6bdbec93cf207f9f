#!/usr/bin/env python
"""Helpers for the Dutch catalogues.

python scripts/po.py todo FILE.po          untranslated/fuzzy msgids, as JSON
python scripts/po.py fill FILE.po T.json   apply {"msgid": "msgstr"} (plurals: a list)
python scripts/po.py check                 every catalogue complete (exit 1 if not)
"""

import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogues():
    return sorted(
        p
        for p in ROOT.glob("**/locale/nl/LC_MESSAGES/django.po")
        if ".venv" not in p.parts
    )


def todo(path):
    po = polib.pofile(str(path))
    items = {}
    for entry in po:
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            if "fuzzy" in entry.flags or not all(entry.msgstr_plural.values()):
                items[entry.msgid] = [entry.msgid, entry.msgid_plural]
        elif "fuzzy" in entry.flags or not entry.msgstr:
            items[entry.msgid] = ""
    return items


def fill(path, translations):
    po = polib.pofile(str(path))
    for entry in po:
        if entry.msgid in translations:
            value = translations[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
                entry.previous_msgid = None
    po.save()
    po.save_as_mofile(str(path.with_suffix(".mo")))


def main(argv):
    command = argv[1]
    if command == "todo":
        print(json.dumps(todo(Path(argv[2])), ensure_ascii=False, indent=1))
    elif command == "fill":
        fill(Path(argv[2]), json.loads(Path(argv[3]).read_text()))
    elif command == "check":
        missing = {str(p.relative_to(ROOT)): len(todo(p)) for p in catalogues()}
        missing = {k: v for k, v in missing.items() if v}
        if missing:
            print(json.dumps(missing, indent=1))
            return 1
        print("All catalogues complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
