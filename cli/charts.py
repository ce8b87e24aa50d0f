"""Charts of hits over time: bars on a terminal, or a PNG a journalist can paste."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

#: Width of the longest bar on a terminal, in characters.
BAR_WIDTH = 50
#: PNG size in pixels, and its margins.
PNG_SIZE = (1000, 500)
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 70, 20, 50, 70


def periods(counts: dict[str, int], by: str) -> dict[str, int]:
    """Counts for every period from the first to the last, gaps filled with 0.

    A month with no article is news too: the chart must show it, not skip it.
    """
    if not counts:
        return {}
    keys = sorted(counts)
    filled, current = {}, keys[0]
    while current <= keys[-1]:
        filled[current] = counts.get(current, 0)
        current = _next(current, by)
    return filled


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


def write_png(path: Path, counts: dict[str, int], *, title: str) -> None:
    """A bar chart of `counts` as a PNG of PNG_SIZE pixels."""
    from PIL import Image, ImageDraw, ImageFont

    width, height = PNG_SIZE
    image = Image.new("RGB", PNG_SIZE, "white")
    draw = ImageDraw.Draw(image)
    font, small = ImageFont.load_default(18), ImageFont.load_default(12)
    draw.text((MARGIN_LEFT, 15), f"Articles matching: {title}", fill="black", font=font)
    left, right = MARGIN_LEFT, width - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, height - MARGIN_BOTTOM
    draw.line([(left, top), (left, bottom), (right, bottom)], fill="black", width=1)
    highest = max(counts.values(), default=0) or 1
    for tick in {0, highest // 2, highest}:
        y = bottom - (bottom - top) * tick / highest
        draw.text((left - 10, y), str(tick), fill="black", font=small, anchor="rm")
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
