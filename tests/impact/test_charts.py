import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont

from engage.impact.charts import Series, bar_chart, line_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
FONTS = Path("/usr/share/fonts")

LONG_LABELS = [
    "People with mental-health problems",
    "7. Affordable and clean energy",
    "16. Peace, justice and strong institutions",
    "Mensen met psychische problemen of een psychiatrische aandoening",
    "Arts",
]


@cache
def _font():
    """DejaVu Sans, the sans-serif the PDF uses (one of the widest there is)."""
    return TTFont(next(FONTS.rglob("DejaVuSans.ttf")))


def measured_width(text: str, size: float = 12) -> float:
    font = _font()
    cmap, advances = font.getBestCmap(), font["hmtx"]
    units = sum(advances[cmap.get(ord(char), ".notdef")][0] for char in text)
    return units * size / font["head"].unitsPerEm


def _words(text) -> str:
    return " ".join(str(text).split())


def assert_labels_fit(svg: str, labels: list[str]):
    """Every label is drawn whole, its lines in order, and inside the chart."""
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    width = float(root.get("viewBox").split()[2])
    drawn = {}
    for text in root.iter(f"{SVG}text"):
        lines = list(text.iter(f"{SVG}tspan")) or [text]
        key = _words(" ".join(line.text or "" for line in lines))
        drawn.setdefault(key, (text, lines))
    for label in labels:
        assert _words(label) in drawn, label
        text, lines = drawn[_words(label)]
        for line in lines:
            x = float(line.get("x") or text.get("x"))
            anchor = text.get("text-anchor") or "start"
            start = x - measured_width(line.text) if anchor == "end" else x
            assert start >= 0, (label, line.text, start)
            assert start + measured_width(line.text) <= width, (label, line.text)


def _parse(svg):
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {el.get("id"): el.text for el in root.iter() if el.get("id")}
    assert ids[title_id] and ids[desc_id]
    assert "style" not in svg  # CSP: presentation attributes only
    return root, ids[desc_id]


def _texts(root):
    return [_words(" ".join(el.itertext())) for el in root.iter(f"{SVG}text")]


def test_bar_chart_labels_every_bar_with_its_value():
    root, desc = _parse(
        bar_chart([("Arts", 12), ("Medicine", 0), ("Law", 3)], title="Students")
    )
    texts = _texts(root)
    assert {"Arts", "Medicine", "Law", "12", "0", "3"} <= set(texts)
    assert "Arts: 12" in desc and "Medicine: 0" in desc
    widths = [float(r.get("width")) for r in root.iter(f"{SVG}rect") if r.get("y")]
    assert max(widths) > widths[-1] > 0  # 12 drawn longer than 3


def test_line_chart_distinguishes_series_without_colour():
    root, desc = _parse(
        line_chart(
            ["2024-2025", "2025-2026"],
            [Series("Students", [10, 20]), Series("Partners", [5, 8])],
            title="Trend",
        )
    )
    lines = list(root.iter(f"{SVG}polyline"))
    assert len(lines) == 2
    assert lines[0].get("stroke-dasharray") != lines[1].get("stroke-dasharray")
    assert "Students: 2024-2025 10, 2025-2026 20." in desc
    assert {"Students", "Partners", "2024-2025"} <= set(_texts(root))


def test_stacked_bar_chart_totals_and_patterns():
    root, desc = _parse(
        stacked_bar_chart(
            ["Arts", "Law"],
            [Series("Placed", [3, 4]), Series("Unplaced", [1, 0])],
            title="Placement",
        )
    )
    patterns = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert len(patterns) == 2
    assert "Arts: Placed 3, Unplaced 1 (total 4)." in desc
    assert {"4", "Placed", "Unplaced"} <= set(_texts(root))


def test_empty_data_still_renders():
    _parse(bar_chart([], title="Nothing yet"))
    _parse(line_chart([], [], title="Nothing yet"))


def test_long_category_labels_wrap_inside_the_chart():
    items = [(label, n) for n, label in enumerate(LONG_LABELS)]
    assert_labels_fit(bar_chart(items, title="Students"), LONG_LABELS)
    assert_labels_fit(
        stacked_bar_chart(
            LONG_LABELS,
            [Series("Students placed", [1] * 5), Series("Volunteers", [2] * 5)],
            title="Students",
            width=720,
        ),
        LONG_LABELS,
    )
    svg = bar_chart(items, title="Students")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    wrapped = [t for t in root.iter(f"{SVG}text") if len(list(t)) > 1]
    assert wrapped  # the Dutch one is too long for one line: it wraps
