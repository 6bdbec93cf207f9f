import xml.etree.ElementTree as ET

from engage.impact.charts import Series, bar_chart, line_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"


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
    return [el.text for el in root.iter(f"{SVG}text")]


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
