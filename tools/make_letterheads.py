#!/usr/bin/env python3
"""Draw the artwork of the sample letterheads in ../letterheads/.

Requirements: Python 3.11+ and Pillow (`pip install pillow`; made with Pillow 13).

    python3 tools/make_letterheads.py

writes, relative to the repository root:

    letterheads/nowak-pr/header.png            210 x 45 mm  (2480 x 531 px), transparent
    letterheads/nowak-pr/header-a.png          210 x 27 mm  (2480 x 319 px), for DIN 5008 Form A
    letterheads/nowak-pr/header-small.png      210 x 15 mm  (2480 x 177 px), pages 2+
    letterheads/nowak-pr/signatures/*.png      ~900 x 300 px, transparent, dark-blue ink
    letterheads/hartmann-legal/header.jpg      210 x 45 mm  (2480 x 531 px), RGB, white, q85
    letterheads/brightline-us/header.png       8.5 x 1.4 in (2550 x 420 px), transparent
    letterheads/brightline-us/header-small.png 8.5 x 0.5 in (2550 x 150 px), transparent

Everything is drawn from shapes and the bundled fonts in ../fonts/, so the output is the same
bytes on every run: no random numbers without a fixed seed, no timestamps (Pillow writes no
tIME chunk and no EXIF unless asked), Pillow's basic text layout rather than Raqm (which may or
may not be installed). All artwork is drawn at 4x and scaled down, which gives smooth edges.
"""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
FONTS = ROOT / "fonts"
OUT = ROOT / "letterheads"

DPI = 300
SS = 4  # supersampling factor

# Colours. Each firm has one accent colour; grey is for secondary lines only.
NOWAK_BLUE = (0x1F, 0x4E, 0x79)
HARTMANN_RED = (0x6B, 0x1E, 0x2E)
BRIGHTLINE_TEAL = (0x0E, 0x5A, 0x6B)
GREY = (0x6B, 0x72, 0x7A)
INK = (0x1A, 0x2B, 0x6D)  # signature ink, a blue-black ballpoint


def mm(v: float) -> float:
    """Millimetres to pixels at 300 dpi."""
    return v / 25.4 * DPI


def inch(v: float) -> float:
    """Inches to pixels at 300 dpi."""
    return v * DPI


def pt(v: float) -> float:
    """Points to pixels at 300 dpi."""
    return v / 72 * DPI


def font(name: str, size_pt: float) -> ImageFont.FreeTypeFont:
    """A bundled font at `size_pt` points, sized for the supersampled canvas."""
    return ImageFont.truetype(
        str(FONTS / f"{name}.ttf"),
        size=round(pt(size_pt) * SS),
        layout_engine=ImageFont.Layout.BASIC,
    )


class Art:
    """A supersampled drawing: one 8-bit coverage mask per colour, composited at the end.

    Coordinates given to the methods are in final pixels (floats allowed).
    """

    def __init__(self, width: int, height: int):
        self.size = (width, height)
        self.layers: list[tuple[tuple[int, int, int], Image.Image]] = []

    def layer(self, colour: tuple[int, int, int]) -> ImageDraw.ImageDraw:
        mask = Image.new("L", (self.size[0] * SS, self.size[1] * SS), 0)
        self.layers.append((colour, mask))
        return ImageDraw.Draw(mask)

    # Drawing helpers on a layer ------------------------------------------------------------

    @staticmethod
    def s(v: float) -> int:
        return round(v * SS)

    def rect(self, d, x0, y0, x1, y1, fill=255):
        d.rectangle([self.s(x0), self.s(y0), self.s(x1) - 1, self.s(y1) - 1], fill=fill)

    def rounded(self, d, x0, y0, x1, y1, r, fill=255):
        d.rounded_rectangle(
            [self.s(x0), self.s(y0), self.s(x1) - 1, self.s(y1) - 1], radius=self.s(r), fill=fill
        )

    def polygon(self, d, pts, fill=255):
        d.polygon([(self.s(x), self.s(y)) for x, y in pts], fill=fill)

    def ellipse(self, d, cx, cy, r, fill=255):
        d.ellipse([self.s(cx - r), self.s(cy - r), self.s(cx + r), self.s(cy + r)], fill=fill)

    def text(self, d, x, baseline, s, f, tracking=0.0, anchor="ls", fill=255):
        """Draw `s` with its baseline at `baseline`; `anchor` 'ls' (left) or 'rs' (right) or
        'ms' (centre). `tracking` is extra space between letters in final pixels."""
        width = self.text_width(s, f, tracking)
        if anchor == "rs":
            x -= width
        elif anchor == "ms":
            x -= width / 2
        if tracking == 0:
            d.text((self.s(x), self.s(baseline)), s, font=f, fill=fill, anchor="ls")
            return width
        cx = x
        for ch in s:
            d.text((self.s(cx), self.s(baseline)), ch, font=f, fill=fill, anchor="ls")
            cx += f.getlength(ch) / SS + tracking
        return width

    @staticmethod
    def text_width(s, f, tracking=0.0):
        if tracking == 0:
            return f.getlength(s) / SS
        return sum(f.getlength(ch) / SS for ch in s) + tracking * (len(s) - 1)

    # Output ---------------------------------------------------------------------------------

    def render(self, background: tuple[int, int, int] | None = None) -> Image.Image:
        """Scale every layer down and composite them; transparent unless `background`."""
        w, h = self.size
        if background is None:
            out = Image.new("RGBA", (w, h), (0, 0, 0, 0))
        else:
            out = Image.new("RGBA", (w, h), background + (255,))
        for colour, mask in self.layers:
            small = mask.resize((w, h), Image.Resampling.LANCZOS)
            paint = Image.new("RGBA", (w, h), colour + (0,))
            paint.putalpha(small)
            out = Image.alpha_composite(out, paint)
        return out


def save_png(im: Image.Image, path: Path, colours: int = 48) -> None:
    """Save as an 8-bit RGBA PNG whose pixels are snapped to a small palette: one accent
    colour and a grey need few entries, and the repeated values deflate well (a header stays
    far below 60 KB). Stored as RGBA, not indexed, so that any PNG reader takes it. No
    dithering, so flat areas stay flat."""
    path.parent.mkdir(parents=True, exist_ok=True)
    q = im.quantize(colors=colours, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    q.convert("RGBA").save(path, "PNG", optimize=True, dpi=(DPI, DPI))


def save_jpeg(im: Image.Image, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    im.convert("RGB").save(
        path, "JPEG", quality=85, optimize=True, progressive=False, subsampling=0, dpi=(DPI, DPI)
    )


# --------------------------------------------------------------------------------------------
# Nowak Public Relations (Warszawa): a rounded-square "N" monogram and a serif wordmark.
# --------------------------------------------------------------------------------------------


def nowak_mark(art: Art, x: float, y: float, side: float) -> None:
    """The monogram: a rounded square in the accent colour with a geometric "N" cut out of
    it (it prints as paper white)."""
    d = art.layer(NOWAK_BLUE)
    art.rounded(d, x, y, x + side, y + side, side * 0.2)
    stem = side * 0.13  # stroke width of the N
    left = x + side * 0.27
    right = x + side * 0.73 - stem
    top = y + side * 0.25
    bottom = y + side * 0.75
    # Cut-outs are drawn with 0 on the same mask.
    art.rect(d, left, top, left + stem, bottom, fill=0)
    art.rect(d, right, top, right + stem, bottom, fill=0)
    art.polygon(
        d,
        [(left, top), (left + stem * 1.25, top), (right + stem, bottom), (right - stem * 0.25, bottom)],
        fill=0,
    )


def nowak_header(width: int, height: int, *, mark_top: float, mark: float, rule_y: float,
                 name_pt: float, sub_pt: float, tagline: bool) -> Image.Image:
    art = Art(width, height)
    x0 = mm(20)
    nowak_mark(art, x0, mark_top, mark)
    blue = art.layer(NOWAK_BLUE)
    tx = x0 + mark + mm(4.5)
    serif = font("NotoSerif-Regular", name_pt)
    sans = font("NotoSans-Regular", sub_pt)
    # The wordmark sits against the mark: "Nowak" level with its upper part, the
    # letter-spaced line aligned with its foot.
    foot = mark_top + mark
    art.text(blue, tx, foot - mark * 0.40, "Nowak", serif)
    art.text(blue, tx + pt(1), foot - mark * 0.02, "PUBLIC RELATIONS", sans, tracking=pt(sub_pt) * 0.32)
    # A thin accent rule across the text width (20 mm to 190 mm), 0.5 pt.
    art.rect(blue, x0, rule_y, mm(190), rule_y + pt(0.5))
    if tagline:
        grey = art.layer(GREY)
        small = font("NotoSans-Regular", 7.5)
        art.text(grey, mm(190), foot - mark * 0.02, "Komunikacja kryzysowa · Relacje z mediami · Reputacja",
                 small, tracking=pt(0.25), anchor="rs")
    return art.render()


def nowak_small(width: int, height: int) -> Image.Image:
    art = Art(width, height)
    x0 = mm(20)
    side = mm(7)
    top = mm(5.5)  # the ink starts inside an office printer's printable area (5 mm)
    nowak_mark(art, x0, top, side)
    blue = art.layer(NOWAK_BLUE)
    tx = x0 + side + mm(3)
    art.text(blue, tx, top + side * 0.80, "Nowak", font("NotoSerif-Regular", 13))
    w = art.text_width("Nowak", font("NotoSerif-Regular", 13))
    art.text(blue, tx + w + mm(2.5), top + side * 0.80, "PUBLIC RELATIONS",
             font("NotoSans-Regular", 6.5), tracking=pt(6.5) * 0.32)
    art.rect(blue, x0, mm(14.5), mm(190), mm(14.5) + pt(0.5))
    return art.render()


# --------------------------------------------------------------------------------------------
# Hartmann & Partner Rechtsanwälte (München): a centred, letter-spaced serif name. JPEG.
# --------------------------------------------------------------------------------------------


def hartmann_header(width: int, height: int) -> Image.Image:
    art = Art(width, height)
    red = art.layer(HARTMANN_RED)
    cx = width / 2
    name = font("NotoSerif-Regular", 19)
    art.text(red, cx, mm(22), "HARTMANN & PARTNER", name, tracking=pt(19) * 0.16, anchor="ms")
    # Two hairlines left and right of a small lozenge, under the name.
    y = mm(26.6)
    half = mm(17)
    art.rect(red, cx - half, y, cx - mm(2.2), y + pt(0.5))
    art.rect(red, cx + mm(2.2), y, cx + half, y + pt(0.5))
    r = mm(0.9)
    yc = y + pt(0.25)
    art.polygon(red, [(cx, yc - r), (cx + r, yc), (cx, yc + r), (cx - r, yc)])
    grey = art.layer(GREY)
    sub = font("NotoSans-Regular", 7.5)
    art.text(grey, cx, mm(32), "RECHTSANWÄLTE · FACHANWÄLTE · MÜNCHEN", sub,
             tracking=pt(7.5) * 0.28, anchor="ms")
    return art.render(background=(255, 255, 255))


# --------------------------------------------------------------------------------------------
# Brightline Advisory LLC (Chicago): a rising sun over horizon lines, sans wordmark.
# --------------------------------------------------------------------------------------------


def brightline_mark(art: Art, x: float, y: float, size: float) -> None:
    """A half disc (the sun on the horizon) cut by two horizontal gaps, over a base line
    that runs on to the right: the "bright line"."""
    d = art.layer(BRIGHTLINE_TEAL)
    r = size * 0.5
    cx = x + r
    base = y + size * 0.62  # the horizon
    d.pieslice([art.s(cx - r), art.s(base - r), art.s(cx + r), art.s(base + r)], 180, 360, fill=255)
    gap = size * 0.055
    for k in (0.30, 0.60):
        gy = base - r * k
        art.rect(d, cx - r - 2, gy - gap / 2, cx + r + 2, gy + gap / 2, fill=0)
    line = size * 0.085
    art.rect(d, x, base + gap, x + size, base + gap + line)


def brightline_header(width: int, height: int) -> Image.Image:
    art = Art(width, height)
    x0 = inch(1.0)
    size = inch(0.46)
    top = inch(0.42)
    brightline_mark(art, x0, top, size)
    base = top + size * 0.62 + size * 0.055 + size * 0.085  # foot of the mark's base line
    teal = art.layer(BRIGHTLINE_TEAL)
    tx = x0 + size + inch(0.16)
    bold = font("NotoSans-Bold", 19)
    art.text(teal, tx, base - size * 0.44, "Brightline", bold, tracking=pt(0.2))
    art.text(teal, tx + pt(0.5), base, "ADVISORY LLC", font("NotoSans-Regular", 7.5),
             tracking=pt(7.5) * 0.42)
    grey = art.layer(GREY)
    small = font("NotoSans-Regular", 7.5)
    art.text(grey, width - inch(1.0), base, "Strategy · Operations · Transformation", small,
             tracking=pt(0.25), anchor="rs")
    art.rect(teal, x0, inch(1.12), width - inch(1.0), inch(1.12) + pt(0.5))
    return art.render()


def brightline_small(width: int, height: int) -> Image.Image:
    art = Art(width, height)
    x0 = inch(1.0)
    size = inch(0.2)
    top = inch(0.187)  # the ink starts inside an office printer's printable area (5 mm)
    brightline_mark(art, x0, top, size)
    base = top + size * 0.62 + size * 0.055 + size * 0.085
    teal = art.layer(BRIGHTLINE_TEAL)
    tx = x0 + size + inch(0.08)
    bold = font("NotoSans-Bold", 10)
    art.text(teal, tx, base, "Brightline", bold, tracking=pt(0.1))
    w = art.text_width("Brightline", bold, pt(0.1))
    art.text(teal, tx + w + inch(0.09), base, "ADVISORY LLC", font("NotoSans-Regular", 6),
             tracking=pt(6) * 0.42)
    art.rect(teal, x0, inch(0.477), width - inch(1.0), inch(0.477) + pt(0.5))
    return art.render()


# --------------------------------------------------------------------------------------------
# Signatures: ink strokes along Catmull-Rom splines, with a pressure profile.
# --------------------------------------------------------------------------------------------


def catmull_rom(points: list[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    """A smooth curve through every point (centripetal-free, uniform Catmull-Rom)."""
    if len(points) < 2:
        return points
    p = [points[0]] + points + [points[-1]]
    out = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for k in range(steps):
            t = k / steps
            t2, t3 = t * t, t * t * t
            out.append(tuple(
                0.5 * ((2 * p1[j]) + (-p0[j] + p2[j]) * t + (2 * p0[j] - 5 * p1[j] + 4 * p2[j] - p3[j]) * t2
                       + (-p0[j] + 3 * p1[j] - 3 * p2[j] + p3[j]) * t3)
                for j in range(2)
            ))
    out.append(points[-1])
    return out


def loops(x: float, y: float, n: int, step: float, height: float, lean: float = 0.35,
          shrink: float = 1.0) -> list[tuple[float, float]]:
    """Cursive loops (a prolate cycloid) along a baseline: the lower-case run of a signature.
    Each loop is `step` wide and `height` tall; `shrink` < 1 lets them trail off."""
    pts = []
    h = height
    for i in range(n):
        # Four points per loop: up-stroke, top (left of the up-stroke: the loop), down, base.
        pts += [
            (x + step * 0.30 + h * lean * 0.5, y - h * 0.55),
            (x + step * 0.10 + h * lean, y - h),
            (x + step * 0.05 + h * lean * 0.7, y - h * 0.55),
            (x + step * 0.55, y),
        ]
        x += step
        h *= shrink
    return pts


def arches(x: float, y: float, n: int, step: float, height: float, lean: float = 0.25) -> list[tuple[float, float]]:
    """Cursive "n"/"m" humps along a baseline."""
    pts = []
    for i in range(n):
        pts += [
            (x + step * 0.15 + height * lean, y - height * 0.85),
            (x + step * 0.45 + height * lean, y - height),
            (x + step * 0.80, y - height * 0.35),
            (x + step, y),
        ]
        x += step
    return pts


def ink(art: Art, d, pts, width: float, taper: float = 0.18, start: float = 0.35, end: float = 0.25):
    """Stroke a spline with a nib: thick in the middle, thin where the pen lands and lifts,
    and a little thinner on fast (long) segments."""
    # Resample so that consecutive dabs overlap: no beading on fast strokes.
    coarse = catmull_rom(pts, steps=28)
    curve = [coarse[0]]
    for (ax, ay), (bx, by) in zip(coarse, coarse[1:]):
        k = max(1, math.ceil(math.hypot(bx - ax, by - ay) / 0.6))
        curve += [(ax + (bx - ax) * i / k, ay + (by - ay) * i / k) for i in range(1, k + 1)]
    n = len(curve)
    for i, (x, y) in enumerate(curve):
        t = i / max(1, n - 1)
        w = width
        if t < taper:
            w *= start + (1 - start) * (t / taper)
        elif t > 1 - taper:
            w *= end + (1 - end) * ((1 - t) / taper)
        if 0 < i < n - 1:
            # Speed: the spline's own spacing, read from the coarse points.
            j = min(len(coarse) - 2, i * (len(coarse) - 1) // (n - 1))
            (ax, ay), (bx, by) = coarse[j], coarse[j + 1]
            speed = math.hypot(bx - ax, by - ay)
            w *= max(0.6, min(1.15, 1.25 - speed / 40))
        art.ellipse(d, x, y, w / 2)


def signature_anna() -> Image.Image:
    art = Art(900, 300)
    d = art.layer(INK)
    base = 200
    # "A": a tall leaning peak that loops back into its crossbar ...
    a = [(70, 235), (105, 170), (150, 80), (178, 42), (188, 60), (196, 130), (210, 215),
         (205, 190), (150, 165), (110, 168), (150, 158), (230, 150)]
    # ... which runs on into "nna" as humps.
    a += arches(235, base, 2, 38, 48) + [(335, 175), (318, 160), (300, 180), (312, 200), (340, 180),
                                         (350, 200), (372, 190)]
    ink(art, d, a, 7.5)
    # "N": up, a long diagonal down, and a tall up-stroke ...
    n = [(420, 238), (430, 150), (445, 55), (452, 70), (500, 205), (512, 215), (520, 160),
         (540, 50), (548, 40)]
    ink(art, d, n, 8, start=0.5)
    # ... "owak" as a small loop and a trail that lifts into a long underline flourish.
    o = [(552, 185), (575, 160), (590, 178), (575, 200), (560, 186), (590, 170), (610, 190)]
    o += loops(610, base, 2, 46, 58, shrink=0.75) + [(720, 190), (745, 160), (760, 95),
                                                       (752, 100), (748, 195), (770, 205),
                                                       (800, 175)]
    ink(art, d, o, 6.5)
    flourish = [(380, 262), (520, 252), (680, 240), (820, 222), (860, 210)]
    ink(art, d, flourish, 5, taper=0.35, start=0.6, end=0.05)
    return art.render()


def signature_piotr() -> Image.Image:
    art = Art(900, 300)
    d = art.layer(INK)
    base = 195
    # "P": a stem and a wide bowl.
    ink(art, d, [(95, 250), (100, 190), (112, 110), (120, 60)], 8, start=0.4, end=0.6)
    p = [(88, 95), (150, 52), (215, 50), (232, 80), (200, 118), (130, 128), (150, 122),
         (210, 140)]
    p += loops(215, base, 3, 34, 44, shrink=0.8) + [(330, 185), (355, 170), (365, 190)]
    ink(art, d, p, 6.5)
    # "Z": a hard zig-zag with a crossing bar ...
    z = [(420, 75), (470, 62), (540, 55), (555, 62), (500, 130), (445, 205), (440, 215),
         (500, 200), (560, 198), (590, 202)]
    ink(art, d, z, 8, start=0.45)
    ink(art, d, [(455, 140), (500, 133), (545, 128)], 5, taper=0.4)
    # ... and "ieliński" as trailing loops with a dot and an accent.
    rest = [(590, 202), (600, 170), (612, 196)] + loops(612, base, 4, 40, 66, shrink=0.72)
    rest += [(775, 190), (800, 180), (845, 150)]
    ink(art, d, rest, 6)
    art.ellipse(d, 603, 140, 5)
    ink(art, d, [(700, 118), (718, 100)], 4.5, taper=0.5)
    ink(art, d, [(150, 262), (400, 258), (640, 246), (760, 236)], 4.5, taper=0.4, start=0.6, end=0.05)
    return art.render()


def main() -> None:
    nowak = OUT / "nowak-pr"
    w = round(mm(210))  # 2480
    save_png(nowak_header(w, 531, mark_top=mm(15), mark=mm(15), rule_y=mm(36),
                          name_pt=27, sub_pt=8, tagline=True), nowak / "header.png")
    save_png(nowak_header(w, round(mm(27)), mark_top=mm(8), mark=mm(11), rule_y=mm(23),
                          name_pt=20, sub_pt=6.5, tagline=True), nowak / "header-a.png")
    save_png(nowak_small(w, 177), nowak / "header-small.png")
    save_png(signature_anna(), nowak / "signatures" / "anna-nowak.png", colours=32)
    save_png(signature_piotr(), nowak / "signatures" / "piotr-zielinski.png", colours=32)

    save_jpeg(hartmann_header(w, 531), OUT / "hartmann-legal" / "header.jpg")

    bright = OUT / "brightline-us"
    save_png(brightline_header(2550, 420), bright / "header.png")
    save_png(brightline_small(2550, 150), bright / "header-small.png")


if __name__ == "__main__":
    main()
