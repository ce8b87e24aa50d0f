"""Charts of hits over time: bars on a terminal, or a PNG a journalist can paste."""
from __future__ import annotations

import calendar
import datetime as dt
import math
import shutil
import subprocess
from pathlib import Path

#: Width of the longest bar on a terminal, in characters.
BAR_WIDTH = 50
#: PNG size in pixels, and its margins.
PNG_SIZE = (1000, 500)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 50, 70
#: At most this many ticks on the y axis, at steps of 1, 2 or 5 times a power of ten.
MAX_TICKS = 6
#: Fonts tried when fontconfig cannot be asked: Debian's fonts-dejavu-core and fonts-noto-core,
#: both with Arabic and Sorani letters.
KNOWN_FONTS = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
               "/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf",
               "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf")


def periods(counts: dict[str, int], by: str, since: str | None = None,
            until: str | None = None) -> dict[str, int]:
    """Counts for every period from `since` (else the first with articles) to `until` (else
    the last), gaps filled with 0.

    A month with no article is news too: the chart must show it, not skip it.
    """
    keys = sorted(counts)
    first = _period(since, by, last=False) if since else (keys[0] if keys else None)
    final = _period(until, by, last=True) if until else (keys[-1] if keys else None)
    if first is None or final is None:
        return {}
    filled, current = {}, first
    while current <= final:
        filled[current] = counts.get(current, 0)
        current = _next(current, by)
    return filled


def _period(date: str, by: str, *, last: bool) -> str | None:
    """The period (of kind `by`) that holds a YYYY, YYYY-MM or YYYY-MM-DD date's first or
    `last` day; None for a date that does not exist."""
    parts = [int(part) for part in date.split("-")]
    year, month = parts[0], parts[1] if len(parts) > 1 else (12 if last else 1)
    try:
        day = dt.date(year, month, parts[2] if len(parts) > 2 else
                      (calendar.monthrange(year, month)[1] if last else 1))
    except (ValueError, calendar.IllegalMonthError):
        return None
    if by == "year":
        return f"{day.year}"
    if by == "month":
        return f"{day.year}-{day.month:02d}"
    if by == "week":
        iso_year, week, _ = day.isocalendar()
        return f"{iso_year}-W{week:02d}"
    return day.isoformat()


def _next(period: str, by: str) -> str:
    if by == "year":
        return str(int(period) + 1)
    if by == "month":
        year, month = int(period[:4]), int(period[5:7])
        return f"{year + month // 12}-{month % 12 + 1:02d}"
    if by == "week":
        monday = dt.date.fromisocalendar(int(period[:4]), int(period[6:]), 1)
        year, week, _ = (monday + dt.timedelta(weeks=1)).isocalendar()
        return f"{year}-W{week:02d}"
    return (dt.date.fromisoformat(period) + dt.timedelta(days=1)).isoformat()


def bar_lines(counts: dict[str, int]) -> list[str]:
    """One line per period: the label, a bar of █ scaled to the largest count, the count."""
    if not counts:
        return []
    top = max(counts.values()) or 1
    width = max(len(k) for k in counts)
    return [f"{period:<{width}}  {'█' * round(BAR_WIDTH * n / top):<{BAR_WIDTH}}  {n}"
            for period, n in counts.items()]


def ticks(highest: int) -> list[int]:
    """Round y-axis ticks from 0 to at least `highest`: steps of 1, 2 or 5 times a power of
    ten, at most MAX_TICKS of them (0, 1, 2, 3, 4, 5 — not 0, 2, 5)."""
    highest = max(highest, 1)
    for power in range(0, 19):
        for factor in (1, 2, 5):
            step = factor * 10 ** power
            if math.ceil(highest / step) < MAX_TICKS:
                return list(range(0, math.ceil(highest / step) * step + 1, step))
    return [0, highest]


def chart_font(text: str, size: int):
    """A font with every letter of `text` (Arabic and Kurdish too), found through fontconfig
    or among KNOWN_FONTS, laid out by raqm when Pillow has it (HarfBuzz joins the letters,
    FriBiDi orders right-to-left runs); Pillow's own font, without Arabic, when none is found."""
    from PIL import ImageFont, features

    layout = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC
    for path in _fonts_with(text):
        try:
            return ImageFont.truetype(path, size, layout_engine=layout)
        except OSError:
            continue
    return ImageFont.load_default(size)


def _fonts_with(text: str) -> list[str]:
    """Font files that cover every character of `text`: fontconfig's list, sans serif
    regular faces first, then the KNOWN_FONTS that exist."""
    found = []
    wanted = " ".join(f"{ord(c):x}" for c in sorted(set(text + "0123456789")) if not c.isspace())
    if shutil.which("fc-list"):
        try:
            listed = subprocess.run(["fc-list", "--format", "%{file}\n", f":charset={wanted}"],
                                    capture_output=True, text=True, timeout=10).stdout.split()
        except (OSError, subprocess.SubprocessError):
            listed = []
        found = sorted(listed, key=lambda path: ("Sans" not in path, "Mono" in path,
                                                 "Bold" in path or "Oblique" in path, path))
    return found + [path for path in KNOWN_FONTS if Path(path).exists() and path not in found]


def write_png(path: Path, counts: dict[str, int], *, title: str) -> None:
    """A bar chart of `counts` as a PNG of PNG_SIZE pixels."""
    from PIL import Image, ImageDraw

    width, height = PNG_SIZE
    image = Image.new("RGB", PNG_SIZE, "white")
    draw = ImageDraw.Draw(image)
    heading = f"Articles matching: {title}"
    font, small = chart_font(heading, 18), chart_font("0123456789-W", 12)
    draw.text((MARGIN_LEFT, 15), heading, fill="black", font=font)
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=1)
    marks = ticks(max(counts.values(), default=0))
    highest = marks[-1]
    for tick in marks:
        y = bottom - (bottom - top) * tick / highest
        draw.line([(left - 4, y), (left, y)], fill="black", width=1)
        draw.text((left - 8, y), str(tick), fill="black", font=small, anchor="rm")
    slot = (right - left) / max(len(counts), 1)
    label_every = max(1, round(len(counts) / 12))
    for i, (period, n) in enumerate(counts.items()):
        x0 = left + i * slot + slot * 0.15
        x1 = left + (i + 1) * slot - slot * 0.15
        if n:
            draw.rectangle([x0, bottom - (bottom - top) * n / highest, x1, bottom],
                           fill=(31, 119, 180))
        if i % label_every == 0:
            draw.text(((x0 + x1) / 2, bottom + 8), period, fill="black", font=small, anchor="mt")
    image.save(path, format="PNG")
