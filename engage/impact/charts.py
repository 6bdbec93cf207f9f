"""Server-rendered SVG charts: bar, line and stacked bar.

Readable without colour: every bar carries its value as text, series differ by
pattern (bars) or dash style and marker shape (lines), and each chart has a <title>,
a <desc> and a data table alternative built by the caller. Presentation attributes
only (no style attributes), so the site's strict CSP allows them inline and
WeasyPrint renders them in PDFs.
"""

from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape

# Okabe-Ito palette (colour-blind safe), darkened where text sits on it.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
PATTERNS = ["solid", "diagonal", "dots", "cross", "horizontal", "vertical", "solid"]
DASHES = ["", "6 3", "2 3", "8 3 2 3", "1 2", "10 4", ""]
MARKERS = ["circle", "square", "triangle", "diamond", "circle", "square", "triangle"]

_ids = count(1)

FONT_SIZE = 12
LINE_HEIGHT = 14
# Advance widths in em of a wide sans-serif (DejaVu Sans, what the PDF uses), so a
# label column is never narrower than its text in the PDF or in a browser.
_NARROW = set("fijlrtI.,:;'!|()[] -/")
_WIDE = set("mwMW%@")


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A generous estimate of `text`'s width in user units at `size`."""
    ems = 0.0
    for char in str(text):
        if char in _NARROW:
            ems += 0.42
        elif char in _WIDE:
            ems += 1.0
        elif char.isupper() or char.isdigit():
            ems += 0.76
        else:
            ems += 0.64
    return ems * size


def wrap_label(label: str, room: float) -> list[str]:
    """`label` in lines of at most `room` wide, broken between words."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and text_width(f"{lines[-1]} {word}") <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _label_column(labels, width: int) -> tuple[float, list[list[str]]]:
    """The width of the label column (room for the longest line, at most about
    two fifths of the chart unless one word needs more) and each label's lines."""
    widest_word = max(
        (text_width(word) for label in labels for word in str(label).split()),
        default=0,
    )
    longest = max((text_width(label) for label in labels), default=0)
    room = max(min(longest, width * 0.4), widest_word)
    return room + 16, [wrap_label(label, room) for label in labels]


def _label_text(lines: list[str], x: float, middle: float) -> str:
    """Right-aligned label lines centred on `middle`, one <tspan> per line."""
    first = middle + 4 - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(
        f'<tspan x="{x:.1f}" y="{first + n * LINE_HEIGHT:.1f}">{escape(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text text-anchor="end" fill="#1a1a1a">{spans}</text>'


def _row_height(lines: list[str]) -> float:
    return max(26, len(lines) * LINE_HEIGHT + 10)


@dataclass
class Series:
    name: str
    values: list[float]


def _fmt(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    number = float(value)
    return (
        f"{number:,.0f}".replace(",", "\u202f")
        if number.is_integer()
        else f"{number:,.1f}"
    )


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1
    magnitude = 10 ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _pattern_defs(prefix: str, count_: int) -> str:
    defs = []
    for index in range(count_):
        colour = PALETTE[index % len(PALETTE)]
        kind = PATTERNS[index % len(PATTERNS)]
        pid = f"{prefix}-p{index}"
        if kind == "solid":
            body = f'<rect width="8" height="8" fill="{colour}"/>'
        elif kind == "diagonal":
            body = (
                f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                f'<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="{colour}" '
                f'stroke-width="2"/>'
            )
        elif kind == "dots":
            body = (
                f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                f'<circle cx="4" cy="4" r="2" fill="{colour}"/>'
            )
        elif kind == "cross":
            body = (
                f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{colour}" stroke-width="1.5"/>'
            )
        elif kind == "horizontal":
            body = (
                f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                f'<path d="M0,4 H8" stroke="{colour}" stroke-width="2"/>'
            )
        else:
            body = (
                f'<rect width="8" height="8" fill="{colour}" fill-opacity="0.35"/>'
                f'<path d="M4,0 V8" stroke="{colour}" stroke-width="2"/>'
            )
        defs.append(
            f'<pattern id="{pid}" width="8" height="8" patternUnits="userSpaceOnUse">'
            f"{body}</pattern>"
        )
    return "<defs>" + "".join(defs) + "</defs>"


def _open(width, height, title, description, prefix) -> str:
    from django.utils.translation import gettext

    description = description or gettext("No data.")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="chart" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" font-family="sans-serif" '
        f'font-size="12">'
        f'<title id="{prefix}-title">{escape(str(title))}</title>'
        f'<desc id="{prefix}-desc">{escape(str(description))}</desc>'
    )


def _legend(names, x, y, prefix, kind="pattern") -> str:
    parts = []
    for index, name in enumerate(names):
        top = y + index * 18
        if kind == "pattern":
            swatch = (
                f'<rect x="{x}" y="{top}" width="14" height="12" '
                f'fill="url(#{prefix}-p{index})" stroke="#1a1a1a" stroke-width="0.5"/>'
            )
        else:
            colour = PALETTE[index % len(PALETTE)]
            dash = DASHES[index % len(DASHES)]
            dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
            swatch = (
                f'<line x1="{x}" y1="{top + 6}" x2="{x + 14}" y2="{top + 6}" '
                f'stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
                + _marker(index, x + 7, top + 6, colour)
            )
        parts.append(
            swatch + f'<text x="{x + 20}" y="{top + 10}" fill="#1a1a1a">'
            f"{escape(str(name))}</text>"
        )
    return "".join(parts)


def _marker(index, cx, cy, colour) -> str:
    shape = MARKERS[index % len(MARKERS)]
    if shape == "square":
        x, y = cx - 3.5, cy - 3.5
        return f'<rect x="{x}" y="{y}" width="7" height="7" fill="{colour}"/>'
    if shape == "triangle":
        return (
            f'<path d="M{cx},{cy - 4.5} L{cx + 4.5},{cy + 3.5} '
            f'L{cx - 4.5},{cy + 3.5} Z" '
            f'fill="{colour}"/>'
        )
    if shape == "diamond":
        return (
            f'<path d="M{cx},{cy - 4.5} L{cx + 4.5},{cy} L{cx},{cy + 4.5} '
            f'L{cx - 4.5},{cy} Z" fill="{colour}"/>'
        )
    return f'<circle cx="{cx}" cy="{cy}" r="3.5" fill="{colour}"/>'


def bar_chart(
    items: list[tuple[str, float]],
    *,
    title: str,
    description: str = "",
    width: int = 640,
    unit: str = "",
) -> str:
    """Horizontal bars, one per (label, value), each labelled with its value."""
    prefix = f"chart{next(_ids)}"
    label_width, lines = _label_column([label for label, _ in items], width)
    rows = [_row_height(label_lines) for label_lines in lines]
    height = max(sum(rows) + 20, 60)
    maximum = _nice_max(max((v or 0 for _, v in items), default=0))
    plot = width - label_width - 70
    description = description or "; ".join(
        f"{label}: {_fmt(value)}{unit}" for label, value in items
    )
    parts = [_open(width, height, title, description, prefix), _pattern_defs(prefix, 1)]
    y = 10.0
    for (_label, value), label_lines, row in zip(items, lines, rows, strict=True):
        middle = y + row / 2
        bar = 0 if not value else max(plot * float(value) / maximum, 1)
        parts.append(
            _label_text(label_lines, label_width - 8, middle)
            + f'<rect x="{label_width:.1f}" y="{middle - 8:.1f}" width="{bar:.1f}" '
            f'height="16" fill="url(#{prefix}-p0)"/>'
            f'<text x="{label_width + bar + 6:.1f}" y="{middle + 4:.1f}" '
            f'fill="#1a1a1a">{_fmt(value)}{escape(unit)}</text>'
        )
        y += row
    parts.append(
        f'<line x1="{label_width:.1f}" y1="6" x2="{label_width:.1f}" '
        f'y2="{height - 6}" '
        f'stroke="#4a4a4a"/></svg>'
    )
    return "".join(parts)


def line_chart(
    labels: list[str],
    series: list[Series],
    *,
    title: str,
    description: str = "",
    width: int = 640,
    height: int = 280,
) -> str:
    """Lines over `labels` (e.g. academic years), distinct dashes and markers."""
    prefix = f"chart{next(_ids)}"
    legend = max((text_width(s.name) for s in series), default=0)
    left, right, top, bottom = 56, max(170, legend + 46), 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = _nice_max(max((v or 0 for s in series for v in s.values), default=0))
    step = plot_w / max(len(labels) - 1, 1)
    description = description or " ".join(
        f"{s.name}: "
        + ", ".join(
            f"{label} {_fmt(v)}" for label, v in zip(labels, s.values, strict=False)
        )
        + "."
        for s in series
    )
    parts = [_open(width, height, title, description, prefix)]
    for tick in range(5):
        value = maximum * tick / 4
        y = top + plot_h - plot_h * tick / 4
        parts.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" '
            f'stroke="#dedede"/><text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" '
            f'fill="#4a4a4a">{_fmt(value)}</text>'
        )
    for index, label in enumerate(labels):
        x = left + index * step
        parts.append(
            f'<text x="{x:.1f}" y="{height - 14}" text-anchor="middle" '
            f'fill="#4a4a4a">{escape(str(label))}</text>'
        )
    for index, item in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        dash = DASHES[index % len(DASHES)]
        points = [
            (left + i * step, top + plot_h - plot_h * float(v or 0) / maximum)
            for i, v in enumerate(item.values)
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{path}" fill="none" stroke="{colour}" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        parts.extend(_marker(index, x, y, colour) for x, y in points)
    parts.append(
        _legend([s.name for s in series], width - right + 16, top, prefix, kind="line")
    )
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart(
    labels: list[str],
    series: list[Series],
    *,
    title: str,
    description: str = "",
    width: int = 640,
) -> str:
    """Horizontal stacked bars: one bar per label, one patterned segment per series."""
    prefix = f"chart{next(_ids)}"
    legend_width = max(170, max((text_width(s.name) for s in series), default=0) + 40)
    label_width, lines = _label_column(labels, width - legend_width)
    rows = [_row_height(label_lines) for label_lines in lines]
    height = max(sum(rows) + 20, 18 * len(series) + 20, 60)
    totals = [sum(float(s.values[i] or 0) for s in series) for i in range(len(labels))]
    maximum = _nice_max(max(totals, default=0))
    plot = width - label_width - legend_width - 50
    description = description or " ".join(
        f"{label}: "
        + ", ".join(f"{s.name} {_fmt(s.values[i])}" for s in series)
        + f" (total {_fmt(totals[i])})."
        for i, label in enumerate(labels)
    )
    parts = [
        _open(width, height, title, description, prefix),
        _pattern_defs(prefix, len(series)),
    ]
    y = 10.0
    for i, (label_lines, row) in enumerate(zip(lines, rows, strict=True)):
        middle = y + row / 2
        y += row
        x = label_width
        parts.append(_label_text(label_lines, label_width - 8, middle))
        for index, item in enumerate(series):
            value = float(item.values[i] or 0)
            segment = plot * value / maximum
            if segment > 0:
                parts.append(
                    f'<rect x="{x:.1f}" y="{middle - 8:.1f}" width="{segment:.1f}" '
                    f'height="16" '
                    f'fill="url(#{prefix}-p{index})" stroke="#ffffff" '
                    f'stroke-width="0.5"/>'
                )
            x += segment
        parts.append(
            f'<text x="{x + 6:.1f}" y="{middle + 4:.1f}" fill="#1a1a1a">'
            f"{_fmt(totals[i])}</text>"
        )
    parts.append(
        _legend([s.name for s in series], width - legend_width + 10, 10, prefix)
    )
    parts.append("</svg>")
    return "".join(parts)
