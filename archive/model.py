"""The plain values that flow between khabar's stages.

A reader turns an input into `Capture`s; the cleaner turns a `Capture` into an
`Article`. Neither value holds a database handle or an engine object, so every
stage can be tested and replaced alone.
"""
from __future__ import annotations

import enum
import hashlib
import re
from dataclasses import dataclass, field

#: A date as khabar reads one from a person: a year, a month or a day (2016, 2016-03, 2016-03-21).
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: What a capture's raw bytes are, which decides how the cleaner reads them.
KIND_HTML = "html"    # a web page as served (HTML bytes, any encoding)
KIND_TEXT = "text"    # a plain-text dump of one article, shaped like a copy-paste
KIND_RECORD = "record"  # one JSON object with `url`, `text` and optional metadata


@dataclass(frozen=True)
class Capture:
    """One thing as it was crawled or handed to us, before any cleaning."""

    url: str
    raw: bytes
    kind: str
    source_file: str
    http_headers: str = ""          # the HTTP status line and headers, as received
    captured_at: str | None = None  # ISO 8601 (from WARC-Date or the file's mtime)
    record_id: str | None = None    # WARC-Record-ID, or "line N" in a JSON Lines file
    offset: int | None = None       # byte offset of the record in its source file

    @property
    def digest(self) -> str:
        """sha256 of the raw bytes: what the archive stores and re-verifies."""
        return hashlib.sha256(self.raw).hexdigest()


@dataclass(frozen=True)
class Removal:
    """A piece the cleaner cut, and why: `khabar clean --explain` lists them."""

    reason: str
    text: str


#: An article's fields as printed and exported (`clean --json`, `show --json`, `export`),
#: in that order; `khabar add` reads JSON Lines records by the same names.
ARTICLE_FIELDS = ("url", "title", "date", "author", "lang", "source", "place", "text", "captions")


@dataclass
class Article:
    """A cleaned news article: what is indexed and shown."""

    url: str
    title: str
    text: str                       # the body; paragraphs separated by one blank line
    lang: str                       # en, ar, ckb, kmr, or another ISO 639 code
    date: str | None = None         # YYYY-MM-DD publication date
    author: str | None = None       # several authors joined by "; "
    source: str | None = None       # the site or agency name
    place: str | None = None        # the dateline place, e.g. "Hasakah, Syria"
    captions: list[str] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)

    def to_dict(self) -> dict:
        """The article for machine output (the removals are told apart, by `--explain`)."""
        return {name: getattr(self, name) for name in ARTICLE_FIELDS}


class Outcome(enum.StrEnum):
    """What became of a cleaned capture: stored beside it, and counted by `add`."""

    ADDED = "added"
    UPDATED = "updated"        # a new capture of an article, whose text it changed
    DUPLICATE = "duplicates"   # one more capture of an article the archive holds as it is
    REJECTED = "rejected"      # the cleaner found no article in it


class CleanError(ValueError):
    """The cleaner found no article in a capture (the capture stays stored)."""
