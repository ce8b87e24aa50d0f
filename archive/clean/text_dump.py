"""Plain-text article dumps shaped like a copy-paste from a news site.

The shape: the headline as the first line; before the body a photo caption
("… File photo"), the site name and perhaps a byline or date; the body, whose
first paragraph may open with a dateline ("Hasakah, Syria – …"); then credit
lines ("Reporting by: …", "Source: …") and the comment form. Dumps made by other
tools put the same fields at the top instead ("Source: …", "By …", a date), or at
both ends. A "Source:" line ends the article only when nothing after it reads as
article text (a sentence); otherwise only the line itself goes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from archive.clean import metadata as meta
from archive.clean.noise import strip_noise
from archive.model import Removal
from archive.scripts import word_count

# A header line this short with no sentence punctuation is a site name or a label.
SITE_NAME_MAX_WORDS = 5
SENTENCE_END = re.compile(r"[.!?؟:。！？]\s*$")  # Latin, Arabic, and full-width CJK stops
# Header lines considered before the body starts.
MAX_HEADER_LINES = 6
# A line this long (in words), or this long and ending like a sentence, is article text.
SENTENCE_MIN_WORDS = 15
SHORT_SENTENCE_MIN_WORDS = 6


@dataclass
class DumpParts:
    """What a text dump holds, separated."""

    title: str
    text: str
    date: str | None = None
    author: str | None = None
    source: str | None = None
    place: str | None = None
    captions: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)


def parse_dump(text: str) -> DumpParts | None:
    """Split a dump into title, header fields and body; None when it holds no text."""
    text, removed = strip_noise(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [line.strip() for line in text.split("\n")]
    nonblank = [i for i, line in enumerate(lines) if line]
    if not nonblank:
        return None
    parts = DumpParts(title=lines[nonblank[0]], text="", removed=removed)
    body_start = _read_header(lines, nonblank[1:], parts, text)
    parts.text = _read_body(lines[body_start:], parts)
    if parts.place is None and parts.text:
        parts.place = meta.dateline_place(parts.text.split("\n", 1)[0])
    return parts


def _read_header(lines: list[str], indexes: list[int], parts: DumpParts, text: str) -> int:
    """Take caption, site name, byline and date lines; return where the body starts
    (`text`, the whole dump, settles dates that read both ways)."""
    for count, index in enumerate(indexes):
        line = lines[index]
        if count >= MAX_HEADER_LINES or meta.dateline_place(line):
            return index
        if meta.CAPTION_LINE.search(line) and len(line) < 300:
            parts.captions.append(line)
            parts.removed.append(Removal("caption", line))
        elif meta.byline(line):
            parts.author = meta.byline(line)
        elif meta.source_line(line):
            parts.source = meta.source_line(line)
            parts.removed.append(Removal("source line", line))
        elif meta.UPDATED_LINE.match(line):
            parts.removed.append(Removal("updated stamp", line))
        elif _is_date_line(line):
            parts.date = meta.parse_date(meta.PUBLISHED_LINE.sub("", line), evidence=text)
        elif _is_site_name(line):
            parts.source = parts.source or line
        else:
            return index
    return len(lines)


def _read_body(lines: list[str], parts: DumpParts) -> str:
    kept: list[str] = []
    for position, line in enumerate(lines):
        source = meta.source_line(line)
        if source:
            parts.source = source
            if any(_reads_as_article(x) for x in lines[position + 1:]):
                parts.removed.append(Removal("source line", line))
                continue
            rest = [x for x in lines[position + 1:] if x]
            # the furniture after it may still name the author (a credit block at the end)
            parts.author = parts.author or next(filter(None, map(meta.byline, rest)), None)
            parts.removed.append(Removal("source line and what follows",
                                         " / ".join([line, *rest])[:200]))
            break
        author = meta.byline(line) if len(line) < 130 else None
        if author:
            parts.author = parts.author or author
            parts.removed.append(Removal("byline", line))
            continue
        kept.append(line)
    return _paragraphs(kept)


def _paragraphs(lines: list[str]) -> str:
    """Paragraphs separated by one blank line; a dump's single line breaks start paragraphs too."""
    return "\n\n".join(line for line in lines if line)


def _reads_as_article(line: str) -> bool:
    """A sentence of some length: what a site's furniture (links, labels, credits) is not."""
    words = word_count(line)
    return words >= SENTENCE_MIN_WORDS or (
        words >= SHORT_SENTENCE_MIN_WORDS and bool(SENTENCE_END.search(line)) and not line.endswith(":"))


def _is_date_line(line: str) -> bool:
    """A short line holding a date, even one that reads both ways (it is still the date line)."""
    stripped = meta.PUBLISHED_LINE.sub("", line)
    return len(stripped) < 40 and bool(meta.parse_date(stripped) or meta.NUMERIC_DATE.search(stripped))


def _is_site_name(line: str) -> bool:
    return (word_count(line) <= SITE_NAME_MAX_WORDS and not SENTENCE_END.search(line)
            and not any(ch.isdigit() for ch in line))
