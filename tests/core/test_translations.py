"""Everything user-facing is translated to Dutch, and the compiled catalogues match."""

import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

from po import catalogues, todo  # noqa: E402


def test_every_dutch_catalogue_is_complete():
    missing = {
        str(path.relative_to(ROOT)): list(todo(path))[:5] for path in catalogues()
    }
    assert {k: v for k, v in missing.items() if v} == {}


def test_compiled_catalogues_match_their_sources():
    for path in catalogues():
        source = {
            e.msgid: e.msgstr
            for e in polib.pofile(str(path))
            if e.msgstr and not e.obsolete
        }
        compiled = {
            e.msgid: e.msgstr
            for e in polib.mofile(str(path.with_suffix(".mo")))
            if e.msgstr
        }
        assert source == {k: compiled.get(k) for k in source}, path


def test_catalogues_cover_the_code(tmp_path):
    """Every `{% translate "..." %}` in a template is in a catalogue."""
    import re

    known = set()
    for path in catalogues():
        known |= {e.msgid for e in polib.pofile(str(path))}
    pattern = re.compile(r"""{%\s*translate\s+(?:"([^"]+)"|'([^']+)')""")
    unknown = set()
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in template.parts:
            continue
        for double, single in pattern.findall(template.read_text()):
            msgid = double or single
            if msgid not in known:
                unknown.add((str(template.relative_to(ROOT)), msgid))
    assert unknown == set()


def test_one_string_has_one_dutch_translation_across_modules():
    """Django merges catalogues: a string translated twice shows only one of them."""
    seen = {}
    conflicts = []
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            if not entry.msgstr or entry.msgid_plural:
                continue
            key = (entry.msgctxt, entry.msgid)
            if key in seen and seen[key][1] != entry.msgstr:
                conflicts.append((entry.msgid, seen[key], (path.parent, entry.msgstr)))
            seen.setdefault(key, (path.parent, entry.msgstr))
    assert conflicts == []
