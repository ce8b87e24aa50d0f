"""What an input is, decided from its first bytes (a crawl is a crawl whatever its name),
and what every reader shares: the error and skip callbacks, the payload bound, one-line
reasons."""
from __future__ import annotations

import gzip
import hashlib
import io
import mimetypes
import os
import re
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable


#: Reports a bad file or record: (source, one-line reason naming the file and offset).
OnError = Callable[[str, str], None]
#: Reports something skipped on purpose (not an article), with the reason: a whole file's
#: reason starts `SOURCE: `, a record's `SOURCE at offset N: `.
OnSkip = Callable[[str, str], None]
#: The largest payload kept; bigger ones are rejected, and decompression stops here (no bombs).
MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
#: How much of a file is looked at to decide its kind and to find a page's canonical URL.
HEAD_BYTES = 64 * 1024
#: Input kinds `detect_kind` returns.
INPUT_WARC = "warc"
INPUT_ARC = "arc"
INPUT_HTML = "html"
INPUT_TEXT = "text"
INPUT_JSONL = "jsonl"
GZIP_MAGIC = b"\x1f\x8b"
#: File name suffixes (after an optional `.gz`) and the input kind they announce.
SUFFIX_KINDS = {
    ".warc": INPUT_WARC,    # Web ARChive (ISO 28500), what Heritrix, wget and browsertrix write
    ".arc": INPUT_ARC,      # the Internet Archive's older ARC format
    ".html": INPUT_HTML,    # a saved web page
    ".htm": INPUT_HTML,     # the same, with the DOS-era extension
    ".txt": INPUT_TEXT,     # a plain-text dump of one article
    ".jsonl": INPUT_JSONL,  # one JSON object per line (what `khabar export` writes)
    ".ndjson": INPUT_JSONL,  # the other common name for the same format
}
#: A page starts like this (after a BOM, blanks and comments) when it is HTML.
HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                        re.IGNORECASE | re.DOTALL)


def read_document(stream: BinaryIO) -> bytes:
    """One page or text dump, gunzipped when it is gzip (a saved `.html.gz` page), as `add`
    reads it; ValueError when it is over MAX_PAYLOAD_BYTES or a broken gzip stream."""
    raw = stream.read(MAX_PAYLOAD_BYTES + 1)
    if raw[:2] == GZIP_MAGIC:
        try:
            raw = gzip.GzipFile(fileobj=io.BytesIO(raw)).read(MAX_PAYLOAD_BYTES + 1)
        except (OSError, EOFError, zlib.error) as error:
            raise ValueError(f"not a readable gzip file: {_one_line(str(error))}") from error
    if len(raw) > MAX_PAYLOAD_BYTES:
        raise ValueError(f"over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB")
    return raw


def detect_kind(head: bytes, name: str) -> str | None:
    """The input kind of a file from its first bytes and its name, or None when unknown.

    Content wins: a WARC or ARC is recognised whatever it is called. A name with a known
    suffix decides the rest; without a usable name (stdin) the content alone decides.
    """
    if head.startswith(GZIP_MAGIC):
        head = _gunzip_head(head)
    if head.startswith(b"WARC/"):
        return INPUT_WARC
    if head.startswith(b"filedesc://"):
        return INPUT_ARC
    by_name = SUFFIX_KINDS.get(_suffix(name))
    if by_name:
        return by_name
    if HTML_START.match(head):
        return INPUT_HTML
    if name in ("", "-"):
        if head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            return INPUT_JSONL
        if b"\0" not in head:
            return INPUT_TEXT
    return None


def content_hash(path: str | os.PathLike) -> str:
    """sha256 of a file's bytes, read in blocks: the ledger key of an ingested input."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _ignore(source: str, reason: str) -> None:
    """The default `on_skip`: skipped records need no report unless someone counts them."""


def _suffix(name: str) -> str:
    """The kind-bearing suffix of a file name: `.warc` for `x.warc.gz`, `.html` for `x.html`."""
    name = name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    return os.path.splitext(name)[1]


def _gunzip_head(head: bytes) -> bytes:
    """As much of the start of a gzip stream as `head` decompresses to, bounded."""
    try:
        return zlib.decompressobj(wbits=31).decompress(head, HEAD_BYTES)
    except zlib.error:
        return b""


def _iso_time(timestamp: float) -> str:
    """A UNIX time as ISO 8601 UTC, in the same shape as a WARC-Date."""
    return datetime.fromtimestamp(timestamp, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _what_it_is(head: bytes, name: str) -> str:
    """What a file that is no input seems to be, for the reason it is skipped."""
    guessed, _ = mimetypes.guess_type(name)
    if guessed:
        return guessed
    return "binary data" if b"\x00" in head[:4096] else "unrecognised text"


def _one_line(text: str) -> str:
    """A reason squeezed onto one short line (library messages can span many), with what it
    quotes from a damaged file escaped and cut short: garbage bytes are no message."""
    text = re.sub(r"(first line: .{40}).+", r"\1…", " ".join(text.split()))
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" if ord(c) < 256 else f"\\u{ord(c):04x}"
                   for c in text)[:300]


def _open_decompressed(path: Path) -> BinaryIO:
    """A file opened for reading, transparently gunzipped when it is gzip."""
    with open(path, "rb") as probe:
        gzipped = probe.read(2) == GZIP_MAGIC
    return gzip.open(path, "rb") if gzipped else open(path, "rb")
