#!/usr/bin/env python3
"""Draw the vector artwork of the sample letterheads (SVG) in ../letterheads/.

Requirements: Python 3.9+, nothing else (the SVG is written as text).

    python3 tools/make_letterheads_svg.py

writes, relative to the repository root:

    letterheads/nordwerk/letterhead.svg      210 x 33.9 mm, the bench's band (letterhead.png) redrawn
    letterheads/nowak-pr/header.svg          210 x 45 mm
    letterheads/nowak-pr/header-a.svg        210 x 27 mm, for DIN 5008 Form A
    letterheads/nowak-pr/header-small.svg    210 x 15 mm, pages 2+

Text is kept as text in a bundled font (Noto Sans, Noto Serif): letterpress sets an SVG's text
in the letter's and the bundled fonts, so it stays selectable and sharp at any size. The
raster artwork (make_letterheads.py) stays for brightline-us (PNG) and hartmann-legal (JPEG),
the examples of raster letterheads. The output is the same bytes on every run.
"""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "letterheads"

NOWAK_BLUE = "#1f4e79"
GREY = "#6b727a"


def mm(v: float) -> float:
    """Millimetres to the drawing unit of every SVG here: 300 dpi pixels, as the PNGs had."""
    return round(v / 25.4 * 300, 2)


def pt(v: float) -> float:
    return round(v / 72 * 300, 2)


def svg(width_px: float, height_px: float, body: list[str], title: str) -> str:
    w_mm = round(width_px / 300 * 25.4, 2)
    h_mm = round(height_px / 300 * 25.4, 2)
    return "\n".join(
        [
            '<svg xmlns="http://www.w3.org/2000/svg" version="1.1"'
            f' width="{w_mm}mm" height="{h_mm}mm" viewBox="0 0 {width_px} {height_px}">',
            f"  <title>{escape(title)}</title>",
            *("  " + line for line in body),
            "</svg>",
            "",
        ]
    )


def text(x, y, s, size, *, family="Noto Sans", weight="normal", fill="#ffffff", anchor="start",
         spacing=0.0) -> str:
    extra = f' letter-spacing="{spacing}"' if spacing else ""
    return (
        f'<text x="{x}" y="{y}" font-family="{family}" font-size="{size}" font-weight="{weight}"'
        f' fill="{fill}" text-anchor="{anchor}"{extra}>{escape(s)}</text>'
    )


def nordwerk() -> str:
    """The bench's band: a teal-to-blue gradient, an amber rule, a ringed "N", the name and
    the address block on the right (bench make_images.py, 2480 x 400 px)."""
    w, h, band = 2480, 400, 300
    cx, cy, r = 250, 150, 95
    body = [
        "<defs>",
        '  <linearGradient id="band" x1="0" y1="0" x2="1" y2="0">',
        '    <stop offset="0" stop-color="#006e78"/>',
        '    <stop offset="1" stop-color="#14328c"/>',
        "  </linearGradient>",
        "</defs>",
        f'<rect width="{w}" height="{band}" fill="url(#band)"/>',
        f'<rect y="{band}" width="{w}" height="14" fill="#e8a020"/>',
        f'<circle cx="{cx}" cy="{cy}" r="{r - 7}" fill="none" stroke="#ffffff" stroke-width="14"/>',
        f'<polyline points="{cx - 40},{cy + 50} {cx - 40},{cy - 50} {cx + 40},{cy + 50} {cx + 40},{cy - 50}"'
        ' fill="none" stroke="#ffffff" stroke-width="16" stroke-linejoin="round"/>',
        text(398, 170, "NORDWERK", 124, weight="bold"),
        text(404, 250, "Systemy Informatyczne Sp. z o.o.", 58, fill="#dcf0f5"),
    ]
    lines = [
        "ul. Świętokrzyska 12, 00-050 Warszawa",
        "tel. +48 22 615 48 00 · biuro@nordwerk.pl",
        "www.nordwerk.pl",
    ]
    for i, s in enumerate(lines):
        body.append(text(w - 120, 100 + i * 64, s, 44, anchor="end"))
    return svg(w, h, body, "Nordwerk Systemy Informatyczne")


def nowak_mark(x: float, y: float, side: float) -> list[str]:
    """The monogram: a rounded square in the accent colour with a geometric "N" cut out."""
    stem = side * 0.13
    left = x + side * 0.27
    right = x + side * 0.73 - stem
    top = y + side * 0.25
    bottom = y + side * 0.75
    r = lambda v: round(v, 2)  # noqa: E731
    square = (
        f"M{r(x + side * 0.2)},{r(y)} H{r(x + side * 0.8)} Q{r(x + side)},{r(y)} {r(x + side)},{r(y + side * 0.2)}"
        f" V{r(y + side * 0.8)} Q{r(x + side)},{r(y + side)} {r(x + side * 0.8)},{r(y + side)}"
        f" H{r(x + side * 0.2)} Q{r(x)},{r(y + side)} {r(x)},{r(y + side * 0.8)}"
        f" V{r(y + side * 0.2)} Q{r(x)},{r(y)} {r(x + side * 0.2)},{r(y)} Z"
    )
    # The N as one outline, cut out of the square by the even-odd rule.
    n = (
        f" M{r(left)},{r(top)} H{r(left + stem * 1.25)} L{r(right)},{r(bottom - stem * 1.9)}"
        f" V{r(top)} H{r(right + stem)} V{r(bottom)} H{r(right - stem * 0.25)}"
        f" L{r(left + stem)},{r(top + stem * 1.9)} V{r(bottom)} H{r(left)} Z"
    )
    return [f'<path d="{square}{n}" fill="{NOWAK_BLUE}" fill-rule="evenodd"/>']


def nowak_header(height: float, *, mark_top: float, mark: float, rule_y: float, name_pt: float,
                 sub_pt: float, title: str) -> str:
    w = 2480
    x0 = mm(20)
    foot = mark_top + mark
    tx = x0 + mark + mm(4.5)
    body = nowak_mark(x0, mark_top, mark)
    body += [
        text(round(tx, 2), round(foot - mark * 0.40, 2), "Nowak", pt(name_pt), family="Noto Serif",
             fill=NOWAK_BLUE),
        text(round(tx + pt(1), 2), round(foot - mark * 0.02, 2), "PUBLIC RELATIONS", pt(sub_pt),
             fill=NOWAK_BLUE, spacing=round(pt(sub_pt) * 0.32, 2)),
        f'<rect x="{x0}" y="{rule_y}" width="{round(mm(190) - x0, 2)}" height="{pt(0.5)}" fill="{NOWAK_BLUE}"/>',
        text(mm(190), round(foot - mark * 0.02, 2), "Komunikacja kryzysowa · Relacje z mediami · Reputacja",
             pt(7.5), fill=GREY, anchor="end", spacing=pt(0.25)),
    ]
    return svg(w, round(height, 2), body, title)


def nowak_small() -> str:
    w, h = 2480, 177
    # The ink starts 5.5 mm from the top edge, inside an office printer's printable area.
    x0, side, top = mm(20), mm(7), mm(5.5)
    tx = x0 + side + mm(3)
    base = round(top + side * 0.80, 2)
    body = nowak_mark(x0, top, side)
    body += [
        # "PUBLIC RELATIONS" follows the name in the same text, 2.5 mm after it.
        f'<text x="{round(tx, 2)}" y="{base}" font-family="Noto Serif" font-size="{pt(13)}"'
        f' fill="{NOWAK_BLUE}">Nowak<tspan dx="{mm(2.5)}" font-family="Noto Sans" font-size="{pt(6.5)}"'
        f' letter-spacing="{round(pt(6.5) * 0.32, 2)}">PUBLIC RELATIONS</tspan></text>',
        f'<rect x="{x0}" y="{mm(14.5)}" width="{round(mm(190) - x0, 2)}" height="{pt(0.5)}" fill="{NOWAK_BLUE}"/>',
    ]
    return svg(w, h, body, "Nowak Public Relations")


def main() -> None:
    (OUT / "nordwerk" / "letterhead.svg").write_text(nordwerk(), encoding="utf-8")
    nowak = OUT / "nowak-pr"
    (nowak / "header.svg").write_text(
        nowak_header(531, mark_top=mm(15), mark=mm(15), rule_y=mm(36), name_pt=27, sub_pt=8,
                     title="Nowak Public Relations"), encoding="utf-8")
    (nowak / "header-a.svg").write_text(
        nowak_header(mm(27), mark_top=mm(8), mark=mm(11), rule_y=mm(23), name_pt=20, sub_pt=6.5,
                     title="Nowak Public Relations"), encoding="utf-8")
    (nowak / "header-small.svg").write_text(nowak_small(), encoding="utf-8")


if __name__ == "__main__":
    main()
