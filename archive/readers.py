"""Turn inputs (WARC/ARC crawls, folders of pages, text dumps, JSON Lines) into `Capture`s.

`iter_captures` is the one entry point; the kind of each input is decided from its first
bytes (a crawl is a crawl whatever its name), with the file name only as a tie-breaker.
Everything streams: a WARC is read record by record, payloads are read up to a bound, and
bad input is reported through `on_error` instead of raised, so one damaged record never
costs the records around it.
"""
from __future__ import annotations

import collections
import contextlib
import gzip
import hashlib
import html
import io
import json
import logging
import mimetypes
import os
import re
import shutil
import sys
import tempfile
import time
import zlib
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO, Callable, Iterator
from urllib.parse import quote, urlsplit

import brotli
from warcio.archiveiterator import ARCIterator, ArchiveIterator, WARCIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from archive.location import is_fetch_journal
from archive.model import KIND_HTML, KIND_RECORD, KIND_TEXT, Capture

#: Reports a bad file or record: (source, one-line reason naming the file and offset).
OnError = Callable[[str, str], None]
#: Reports something skipped on purpose (not an article), with the reason: a whole file's
#: reason starts `SOURCE: `, a record's `SOURCE at offset N: `.
OnSkip = Callable[[str, str], None]

#: The largest payload kept; bigger ones are rejected, and decompression stops here (no bombs).
MAX_PAYLOAD_BYTES = 20 * 1024 * 1024
#: How much of a file is looked at to decide its kind and to find a page's canonical URL.
HEAD_BYTES = 64 * 1024
#: Entries kept to resolve revisit records; beyond this the oldest originals are forgotten.
MAX_REMEMBERED_ORIGINALS = 100_000
#: How far a damaged archive is scanned per read when looking for the next record.
RESYNC_CHUNK_BYTES = 1024 * 1024
#: The deepest nesting of arrays and objects a JSON Lines record may have (an article has
#: two or three levels); deeper ones are rejected before parsing, which recurses.
MAX_JSON_DEPTH = 100

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

#: HTTP content types that carry an HTML page.
HTML_CONTENT_TYPES = {
    "text/html",              # ordinary pages
    "application/xhtml+xml",  # XHTML pages served as XML
}

#: What a `resource` or `conversion` record holds, by its content type: a page, a text (a dump,
#: or the text a conversion extracted) or one JSON Lines record (`khabar export --format warc`
#: writes folders' pages, text dumps and JSON Lines records as `resource` records).
RESOURCE_KINDS = {
    "text/html": KIND_HTML,
    "application/xhtml+xml": KIND_HTML,
    "text/plain": KIND_TEXT,
    "application/json": KIND_RECORD,
}
#: URL schemes of resource records that hold a document; wget, for one, files its log and its
#: arguments as `metadata://` resources.
DOCUMENT_SCHEMES = ("http", "https", "file", "stdin")

#: A page starts like this (after a BOM, blanks and comments) when it is HTML.
HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                        re.IGNORECASE | re.DOTALL)
#: Where archive records start, to resynchronise after a damaged one.
RECORD_START = {
    "gzip": re.compile(re.escape(GZIP_MAGIC + b"\x08")),   # a gzip member (deflate)
    INPUT_WARC: re.compile(rb"(?:^|\n)(WARC/[01]\.\d+\r?\n)"),  # a WARC version line
    INPUT_ARC: re.compile(rb"\n((?:https?|ftp|dns|filedesc)://\S+ \S+ \d{12,18} )"),  # an ARC URL line
}
#: `<link ...>` and `<meta ...>` tags in a page head, and their attributes.
HEAD_TAG = re.compile(rb"<(link|meta)\b([^>]*)>", re.IGNORECASE)
TAG_ATTRIBUTE = re.compile(rb"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
#: Characters a URL may keep as they are when raw bytes are percent-encoded.
URL_SAFE = "/:?#[]@!$&'()*+,;=%~"
#: A JSON string (its brackets are text, not nesting) and what nests.
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
JSON_NESTING = re.compile(rb"[^\[\]{}]+")

# warcio logs odd target URIs through `logging`; without a handler Python would print them
# on stderr over the progress bar. The reader reports what matters through on_error instead.
logging.getLogger("warcio").addHandler(logging.NullHandler())


def iter_captures(path: str | os.PathLike, *, on_error: OnError,
                  on_skip: OnSkip | None = None,
                  stop_if_asked: Callable[[], None] = lambda: None) -> Iterator[Capture]:
    """Yield every capture in a file, a folder (recursively) or stdin (`-`).

    Never raises for bad input: each bad file or record is reported through
    `on_error(source, reason)` and reading goes on; records that are fine but not
    articles (requests, metadata, non-200, non-HTML) go to `on_skip(source, reason)`.
    `stop_if_asked` is called between the blocks of a long stream (it may raise
    KeyboardInterrupt after a Ctrl-C), where no record gives the caller a chance to stop.
    """
    skip = on_skip or _ignore
    if str(path) == "-":
        yield from _iter_stream(None, "-", on_error, skip, stop_if_asked)
        return
    path = Path(path)
    if path.is_dir():
        yield from _iter_folder(path, on_error, skip)
    elif path.is_file():
        yield from _iter_file(path, str(path), path.name, on_error, skip)
    elif path.exists():  # a pipe such as /dev/stdin or <(zcat crawl.warc.gz)
        yield from _iter_stream(path, str(path), on_error, skip, stop_if_asked)
    else:
        on_error(str(path), f"{path}: no such file or folder")


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


def _cut_member(fh: BinaryIO, offset: int) -> int | None:
    """Where a gzip member that never ends starts, at or after `offset`; None if all end.

    warcio stops quietly at a member cut short by truncation; this walks the
    members from the last good record to the end of the file to find one.
    """
    fh.seek(offset)
    start, inflater = offset, zlib.decompressobj(wbits=31)
    while True:
        chunk = fh.read(64 * 1024)
        while chunk:
            inflater.decompress(chunk, 1 << 16)  # output is dropped: only member boundaries matter
            if not inflater.eof:
                chunk = inflater.unconsumed_tail
                continue
            rest = inflater.unused_data
            start = fh.tell() - len(rest)
            inflater = zlib.decompressobj(wbits=31)
            chunk = rest
        if not fh.read(1):
            return None if start >= fh.tell() or _only_padding(fh, start) else start
        fh.seek(-1, 1)


def _only_padding(fh: BinaryIO, start: int) -> bool:
    """Trailing zero bytes after the last member are padding, not a cut member."""
    fh.seek(start)
    return not fh.read().strip(b"\0")


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


# ---------------------------------------------------------------- stdin, folders, files

def _iter_stream(pipe: Path | None, source: str, on_error: OnError, on_skip: OnSkip,
                 stop_if_asked: Callable[[], None]) -> Iterator[Capture]:
    """Read stdin (`pipe` None) or a named pipe as it comes, with the bounds of any input.

    Its first bytes decide its kind. A page or text dump is read up to the payload bound,
    JSON Lines line by line; only a WARC or ARC, which is re-read by offset (revisits,
    damage), goes through a temporary file. A stream of any other kind is read no further.
    """
    name = "-" if pipe is None else pipe.name
    try:
        with contextlib.nullcontext(sys.stdin.buffer) if pipe is None else open(pipe, "rb") as stream:
            head = stream.read(HEAD_BYTES)
            kind = detect_kind(head, name) if head else None
            whole = io.BufferedReader(_Rejoined(head, stream, stop_if_asked))
            if kind in (INPUT_WARC, INPUT_ARC):
                with tempfile.NamedTemporaryFile(prefix="khabar-input-") as spool:
                    shutil.copyfileobj(whole, spool, 1024 * 1024)
                    spool.flush()
                    yield from _iter_file(Path(spool.name), source, name, on_error, on_skip)
                return
            if head.startswith(GZIP_MAGIC):
                whole = gzip.GzipFile(fileobj=whole)
            if kind == INPUT_JSONL:
                yield from _json_lines(whole, source, _iso_time(time.time()), on_error)
            elif kind in (INPUT_HTML, INPUT_TEXT):
                url = None if pipe is None else pipe.absolute().as_uri()
                yield from _whole(lambda: whole.read(MAX_PAYLOAD_BYTES + 1), source, kind, url,
                                  _iso_time(time.time()), on_error)
            elif head:
                on_skip(source, f"{source}: not a crawl, web page, text dump or JSON Lines stream")
            else:
                on_error(source, f"{source}: empty input")
    except OSError as error:
        on_error(source, f"{source}: cannot read: {error.strerror or error}")


class _Rejoined(io.RawIOBase):
    """A stream whose first bytes were read already: those bytes, then the rest of it,
    with a chance to stop (`stop_if_asked`) before each read."""

    def __init__(self, head: bytes, rest: BinaryIO, stop_if_asked: Callable[[], None]):
        self.head, self.rest, self.stop_if_asked = head, rest, stop_if_asked

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        self.stop_if_asked()
        if not self.head:  # one read of what the pipe holds: a slow one is not waited out
            return getattr(self.rest, "readinto1", self.rest.readinto)(buffer)
        count = min(len(buffer), len(self.head))
        buffer[:count], self.head = self.head[:count], self.head[count:]
        return count


def _iter_folder(root: Path, on_error: OnError, on_skip: OnSkip) -> Iterator[Capture]:
    """Read every file of a folder, in the order `folder_files` walks it."""
    for path in folder_files(root, on_error, on_skip):
        yield from _iter_file(path, str(path), path.name, on_error, on_skip)


def folder_files(root: Path, on_error: OnError, on_skip: OnSkip) -> Iterator[Path]:
    """A folder's regular files, depth-first in name order; each folder is read once (no
    symlink loops).

    Links are followed only to what lies inside the folder given: a link to `/` or to a
    file elsewhere is reported (once, as a skip on the folder) and left alone.
    """
    seen_folders: set[tuple[int, int]] = set()
    inside = root.resolve()
    pending = [iter([root])]
    while pending:
        path = next(pending[-1], None)
        if path is None:
            pending.pop()
            continue
        source = str(path)
        try:
            outside = _link_outside(path, inside) if path is not root else None
            if outside is not None:
                on_error(str(root), f"skipped: {source} links outside {root} (to {outside}); "
                                    "not followed")
                continue
            is_folder = path.is_dir()
            if is_folder:
                status = path.stat()
                if (status.st_dev, status.st_ino) in seen_folders:
                    on_skip(source, f"{source}: folder already read (symlink loop or second link)")
                    continue
                seen_folders.add((status.st_dev, status.st_ino))
                children = sorted(path.iterdir(), key=lambda child: child.name)
        except OSError as error:
            on_error(source, f"{source}: cannot read: {error.strerror or error}")
            continue
        if is_folder:
            pending.append(iter(children))
        elif path.is_file():
            yield path
        else:
            on_skip(source, f"{source}: not a regular file (broken link, device or socket)")


def _link_outside(path: Path, inside: Path) -> Path | None:
    """Where a link leads when that is outside the folder `inside`; None for anything else."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve()
    except RuntimeError:  # a loop of links: it leads nowhere, and is skipped as broken
        return None
    return None if target.is_relative_to(inside) else target


def _iter_file(path: Path, source: str, name: str, on_error: OnError,
               on_skip: OnSkip) -> Iterator[Capture]:
    """Read one file of whatever kind its content says it is."""
    if is_fetch_journal(path):
        on_skip(source, f"{source}: the archive's own fetch journal, not an input")
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as error:
        on_error(source, f"{source}: cannot read: {error.strerror or error}")
        return
    if not head:
        on_error(source, f"{source}: empty file")
        return
    kind = detect_kind(head, name)
    if kind in (INPUT_WARC, INPUT_ARC):
        yield from _ArchiveReader(path, source, kind, on_error, on_skip).captures()
    elif kind in (INPUT_HTML, INPUT_TEXT):
        yield from _iter_whole_file(path, source, kind, on_error)
    elif kind == INPUT_JSONL:
        yield from _iter_json_lines(path, source, on_error)
    else:
        on_skip(source, f"{source}: not a crawl, web page, text dump or JSON Lines file "
                        f"({_what_it_is(head, name)})")


def _iter_whole_file(path: Path, source: str, kind: str, on_error: OnError) -> Iterator[Capture]:
    """One page or text dump per file; the URL is the page's canonical one or the file's."""
    try:
        captured_at = _iso_time(path.stat().st_mtime)
    except OSError as error:
        on_error(source, f"{source}: cannot read: {error.strerror or error}")
        return

    def read() -> bytes:
        with _open_decompressed(path) as fh:
            return fh.read(MAX_PAYLOAD_BYTES + 1)

    yield from _whole(read, source, kind, path.absolute().as_uri(), captured_at, on_error)


def _whole(read: Callable[[], bytes], source: str, kind: str, url: str | None,
           captured_at: str, on_error: OnError) -> Iterator[Capture]:
    """The capture of a page or text dump that `read` returns (at most one byte over the
    bound); its URL is the page's canonical one, else `url`, else its content's hash."""
    try:
        raw = read()
    except (OSError, EOFError, zlib.error) as error:
        on_error(source, f"{source}: cannot read: {_one_line(str(error))}")
        return
    if len(raw) > MAX_PAYLOAD_BYTES:
        on_error(source, f"{source}: over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB (decompressed)")
        return
    if not raw.strip():
        on_error(source, f"{source}: empty file")
        return
    url = (_page_url(raw[:HEAD_BYTES]) if kind == INPUT_HTML else None) or url or _stdin_url(raw)
    yield Capture(url=url, raw=raw, kind=KIND_HTML if kind == INPUT_HTML else KIND_TEXT,
                  source_file=source, captured_at=captured_at, offset=0)


def _stdin_url(raw: bytes) -> str:
    """A stable URL for a page read from stdin that names none: its content's hash."""
    return "stdin:sha256:" + hashlib.sha256(raw).hexdigest()


def _page_url(head: bytes) -> str | None:
    """The page's own idea of its URL: `<link rel=canonical>`, else `og:url`, if absolute."""
    end_of_head = re.search(rb"</head\s*>", head, re.IGNORECASE)
    if end_of_head:
        head = head[:end_of_head.start()]
    canonical = og_url = None
    for tag in HEAD_TAG.finditer(head):
        attributes = {match.group(1).lower(): match.group(2) or match.group(3) or match.group(4) or b""
                      for match in TAG_ATTRIBUTE.finditer(tag.group(2))}
        if tag.group(1).lower() == b"link":
            if canonical is None and b"canonical" in attributes.get(b"rel", b"").lower().split():
                canonical = _absolute_url(attributes.get(b"href", b""))
        elif og_url is None and b"og:url" in (attributes.get(b"property", b"").lower(),
                                             attributes.get(b"name", b"").lower()):
            og_url = _absolute_url(attributes.get(b"content", b""))
    return canonical or og_url


def _absolute_url(value: bytes) -> str | None:
    """An attribute value as an absolute http(s) URL, or None (relative URLs need a base)."""
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError:
        text = quote(value, safe=URL_SAFE)  # raw bytes of another charset, kept exactly
    url = html.unescape(text).strip()
    parts = urlsplit(url)
    return url if parts.scheme in ("http", "https") and parts.netloc else None


def _iter_json_lines(path: Path, source: str, on_error: OnError) -> Iterator[Capture]:
    """The records of a JSON Lines file."""
    try:
        captured_at = _iso_time(path.stat().st_mtime)
        fh = _open_decompressed(path)
    except OSError as error:
        on_error(source, f"{source}: cannot read: {error.strerror or error}")
        return
    with fh:
        yield from _json_lines(fh, source, captured_at, on_error)


def _json_lines(fh: BinaryIO, source: str, captured_at: str, on_error: OnError) -> Iterator[Capture]:
    """One record per line; a bad line is reported with its number and the rest still read."""
    offset = 0
    number = 0
    while True:
        where = f"{source} line {number + 1} (offset {offset})"
        try:
            line = fh.readline(MAX_PAYLOAD_BYTES + 1)
            if not line:
                return
            number += 1
            line_offset = offset
            offset += len(line)
            if len(line) > MAX_PAYLOAD_BYTES:
                on_error(source, f"{where}: line over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB")
                while line and not line.endswith(b"\n"):  # skip the rest of the long line
                    line = fh.readline(MAX_PAYLOAD_BYTES)
                    offset += len(line)
                continue
        except (OSError, EOFError, zlib.error) as error:
            on_error(source, f"{where}: cannot read: {_one_line(str(error))}")
            return
        body = line.rstrip(b"\r\n")
        if number == 1:
            body = body.removeprefix(b"\xef\xbb\xbf")
        if not body.strip():
            continue
        problem, url = _check_json_record(body)
        if problem:
            on_error(source, f"{where}: {problem}")
            continue
        yield Capture(url=url, raw=body, kind=KIND_RECORD, source_file=source,
                      captured_at=captured_at, record_id=f"line {number}", offset=line_offset)


def _check_json_record(body: bytes) -> tuple[str | None, str]:
    """(what is wrong with a JSON Lines record or None, its URL)."""
    if _json_depth(body) > MAX_JSON_DEPTH:
        return f"nested more than {MAX_JSON_DEPTH} levels deep", ""
    try:
        record = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError:
        return "not UTF-8", ""
    except ValueError as error:
        return f"invalid JSON: {_one_line(str(error))}", ""
    if not isinstance(record, dict):
        return "not a JSON object", ""
    for required in ("url", "text"):
        value = record.get(required)
        if not isinstance(value, str) or not value.strip():
            return f"no `{required}`", ""
    return None, record["url"].strip()


def _json_depth(body: bytes) -> int:
    """How deep a JSON text nests arrays and objects (counted up to just past the bound)."""
    if body.count(b"[") + body.count(b"{") <= MAX_JSON_DEPTH:  # the common case: no scan
        return 0
    depth = 0
    for bracket in JSON_NESTING.sub(b"", JSON_STRING.sub(b"", body)):
        depth += 1 if bracket in b"[{" else -1
        if depth > MAX_JSON_DEPTH:
            break
    return depth


# ---------------------------------------------------------------- WARC and ARC

class _OriginalIndex:
    """Where HTML responses of this file are, by payload digest and record id, for revisits.

    Only offsets are kept (the payload is re-read from the file), and only the most recent
    `MAX_REMEMBERED_ORIGINALS`, so memory stays flat however long the crawl.
    """

    def __init__(self) -> None:
        self._offsets: collections.OrderedDict[str, int] = collections.OrderedDict()

    def remember(self, offset: int, *keys: str | None) -> None:
        for key in keys:
            if key:
                self._offsets[key] = offset
                self._offsets.move_to_end(key)
        while len(self._offsets) > MAX_REMEMBERED_ORIGINALS:
            self._offsets.popitem(last=False)

    def find(self, *keys: str | None) -> int | None:
        for key in keys:
            if key and key in self._offsets:
                return self._offsets[key]
        return None


class _ArchiveReader:
    """Reads one WARC or ARC file record by record, and carries on past damaged records.

    A gzip WARC normally has one gzip member per record, so after a damaged record the
    reader looks for the next member (or, uncompressed, the next `WARC/1.x` line) and
    starts again there. A gzip file that is one stream holding many records is read as a
    single stream; record offsets are then positions in the uncompressed data.
    """

    def __init__(self, path: Path, source: str, kind: str, on_error: OnError, on_skip: OnSkip):
        self.path = path
        self.source = source
        self.kind = kind
        self.on_error = on_error
        self.reported: set[int | None] = set()  # one error per damaged record, however met
        self.on_skip = on_skip
        self.originals = _OriginalIndex()
        self.single_stream = False      # a gzip file that is not one member per record
        self._reread_handle: BinaryIO | None = None

    def captures(self) -> Iterator[Capture]:
        try:
            with open(self.path, "rb") as fh:
                gzipped = fh.read(2) == GZIP_MAGIC
                position: int | None = 0
                records_done = 0
                while position is not None:
                    position, records_done = yield from self._read_members(fh, position, records_done,
                                                                            gzipped)
            if self.single_stream:
                if self._reread_handle is not None:  # offsets from now on are uncompressed ones
                    self._reread_handle.close()
                    self._reread_handle = None
                with gzip.open(self.path, "rb") as stream:
                    yield from self._read_single_stream(stream, records_done)
        except OSError as error:
            self.on_error(self.source, f"{self.source}: cannot read: {error.strerror or error}")
        finally:
            if self._reread_handle is not None:
                self._reread_handle.close()

    def _records(self, fh: BinaryIO) -> ArchiveIterator:
        """warcio's iterator for this file's format, fixed so damage is not parsed as the other."""
        return WARCIterator(fh) if self.kind == INPUT_WARC else ARCIterator(fh, arc2warc=True)

    def _read_members(self, fh: BinaryIO, position: int, records_done: int,
                      gzipped: bool):
        """Read records from `position`; return where to resume after damage (None: done)."""
        fh.seek(position)
        records = self._records(fh)
        resyncing = position > 0
        previous_offset = position
        while True:
            warnings_before = records.err_count
            try:
                with _quiet_warcio() as noise:
                    record = next(records, None)
            except ArchiveLoadFailed as error:
                if "non-chunked gzip" in str(error):
                    self.single_stream = True
                    return None, records_done
                return self._resume_after(fh, records.offset, f"unreadable record: {error}",
                                          resyncing, gzipped, position), records_done
            except Exception as error:  # warcio raises assorted types (zlib, header parsing) on damage
                return self._resume_after(fh, records.offset, f"unreadable record: {error}",
                                          resyncing, gzipped, position), records_done
            if records.err_count > warnings_before:
                self._error(previous_offset, "record does not end where its Content-Length says")
            elif noise.getvalue():
                self._error(previous_offset, noise.getvalue())
            if record is None:
                if gzipped:
                    cut = _cut_member(fh, previous_offset)
                    if cut is not None:
                        self._error(cut, "gzip member cut short (the file is truncated)")
                return None, records_done
            length = (record.rec_headers.get_header("Content-Length") or "").strip()
            if length.startswith("-"):  # warcio would take the next record's start from it
                return self._resume_after(fh, records.offset,
                                          f"negative WARC Content-Length ({length[:20]})",
                                          False, gzipped, position), records_done
            resyncing = False
            records_done += 1
            previous_offset = records.offset
            capture = self._complete(record, records.offset, self._capture(record, records.offset))
            if capture is not None:
                yield capture

    def _read_single_stream(self, stream: BinaryIO, records_done: int) -> Iterator[Capture]:
        """Read a gzip file that is one stream, skipping the records already read per member."""
        records = self._records(stream)
        index = 0
        while True:
            try:
                with _quiet_warcio():
                    record = next(records, None)
            except Exception as error:  # warcio raises assorted types (zlib, header parsing) on damage
                self._error(records.offset, f"unreadable record (uncompressed offset): {error}")
                return
            if record is None:
                return
            index += 1
            if index > records_done:
                capture = self._complete(record, records.offset, self._capture(record, records.offset))
                if capture is not None:
                    yield capture

    def _resume_after(self, fh: BinaryIO, offset: int, reason: str, resyncing: bool,
                      gzipped: bool, position: int) -> int | None:
        """Report a damaged record (unless still hunting for a good one); find the next record."""
        if not resyncing:
            self._error(offset, reason)
        marker = RECORD_START["gzip" if gzipped else self.kind]
        start = max(offset, position) + 1  # always forward, so damage cannot loop
        overlap = 64
        while True:
            fh.seek(start)
            chunk = fh.read(RESYNC_CHUNK_BYTES)
            if not chunk:
                return None
            found = marker.search(chunk)
            if found:
                group = found.lastindex or 0
                return start + found.start(group)
            if len(chunk) < RESYNC_CHUNK_BYTES:
                return None
            start += len(chunk) - overlap

    def _error(self, offset: int | None, reason: str) -> None:
        if offset not in self.reported:
            self.reported.add(offset)
            self.on_error(self.source, f"{self.source} at offset {offset}: {_one_line(reason)}")

    def _skip(self, offset: int | None, reason: str) -> None:
        self.on_skip(self.source, f"{self.source} at offset {offset}: {reason}")

    def _capture(self, record, offset: int) -> Capture | str | None:
        """The capture a record stands for, or why it is skipped, or None (error reported)."""
        if record.rec_type == "revisit":
            return self._resolve_revisit(record, offset)
        if record.rec_type in ("resource", "conversion"):
            return self._resource(record, offset)
        if record.rec_type != "response":
            return f"{record.rec_type or 'untyped'} record"
        url = _clean_target_uri(record.rec_headers.get_header("WARC-Target-URI"))
        if not url:
            self._error(offset, "response record without a target URI")
            return None
        if record.http_headers is None:
            return f"response without HTTP headers ({url})"
        status = record.http_headers.get_statuscode()
        if status != "200":
            return f"HTTP status {status or 'missing'} ({url})"
        content_type = record.http_headers.get_header("Content-Type")
        if not _is_html_type(content_type):
            return f"not HTML: {content_type} ({url})"
        payload = self._payload(record, offset)
        if payload is None:
            return None
        if not payload:
            return f"empty payload ({url})"
        if content_type is None and not HTML_START.match(payload):
            return f"no content type and not HTML ({url})"
        # ARC has no record ids; the one warcio makes up when converting is random on every read
        record_id = None if self.kind == INPUT_ARC else record.rec_headers.get_header("WARC-Record-ID")
        self.originals.remember(offset, record.rec_headers.get_header("WARC-Payload-Digest"), record_id)
        return Capture(url=url, raw=payload, kind=KIND_HTML, source_file=self.source,
                       http_headers=record.http_headers.to_str(),
                       captured_at=record.rec_headers.get_header("WARC-Date"),
                       record_id=record_id, offset=offset)

    def _resource(self, record, offset: int) -> Capture | str | None:
        """A `resource` or `conversion` record as a capture of the document it holds."""
        url = _clean_target_uri(record.rec_headers.get_header("WARC-Target-URI"))
        if urlsplit(url).scheme.lower() not in DOCUMENT_SCHEMES:
            return f"{record.rec_type} record {url or 'without a target URI'} is not a document"
        content_type = record.rec_headers.get_header("Content-Type") or ""
        kind = RESOURCE_KINDS.get(content_type.split(";")[0].strip().lower())
        if kind is None:
            return f"{record.rec_type} record not a page or text: {content_type or 'no content type'} ({url})"
        try:
            with _quiet_warcio():
                payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
        except Exception as error:  # zlib errors and warcio's own have no common base class
            self._error(offset, f"{record.rec_type} record cannot be read: {type(error).__name__}: {error}")
            return None
        if len(payload) > MAX_PAYLOAD_BYTES:
            self._error(offset, f"payload over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB")
            return None
        if not payload.strip():
            return f"empty {record.rec_type} record ({url})"
        if kind == KIND_RECORD:
            problem, _ = _check_json_record(payload)
            if problem:
                self._error(offset, f"JSON record ({url}): {problem}")
                return None
        return Capture(url=url, raw=payload, kind=kind, source_file=self.source,
                       captured_at=record.rec_headers.get_header("WARC-Date"),
                       record_id=record.rec_headers.get_header("WARC-Record-ID"), offset=offset)

    def _payload(self, record, offset: int) -> bytes | None:
        """The HTTP body with transfer and content encodings undone, or None (error reported)."""
        encoding = (record.http_headers.get_header("Content-Encoding") or "").strip().lower()
        if encoding not in ("", "identity", "br") and encoding not in BufferedReader.get_supported_decompressors():
            self._error(offset, f"unsupported content encoding {encoding!r}")
            return None
        try:
            with _quiet_warcio() as noise:
                if encoding == "br":
                    payload = _read_brotli(_dechunked(record), MAX_PAYLOAD_BYTES + 1)
                else:
                    payload = record.content_stream().read(MAX_PAYLOAD_BYTES + 1)
        except Exception as error:  # zlib, brotli and chunking errors have no common base class
            self._error(offset, f"payload cannot be decoded: {type(error).__name__}: {error}")
            return None
        if noise.getvalue():
            self._error(offset, f"payload cannot be decompressed: {noise.getvalue()}")
            return None
        if len(payload) > MAX_PAYLOAD_BYTES:
            self._error(offset, f"payload over {MAX_PAYLOAD_BYTES // (1024 * 1024)} MB")
            return None
        return payload

    def _resolve_revisit(self, record, offset: int) -> Capture | str | None:
        """A revisit as a capture of the earlier response it points to, re-read from the file.

        The capture keeps the revisit's own URL, time, record id and offset, and takes the
        payload and HTTP headers (which describe that payload) from the original.
        """
        url = _clean_target_uri(record.rec_headers.get_header("WARC-Target-URI"))
        status = record.http_headers.get_statuscode() if record.http_headers else None
        if status not in (None, "200", "304"):
            return f"revisit with HTTP status {status} ({url})"
        original_offset = self.originals.find(record.rec_headers.get_header("WARC-Refers-To"),
                                              record.rec_headers.get_header("WARC-Payload-Digest"))
        if original_offset is None:
            return f"revisit of a capture not in this file or not an HTML page ({url})"
        original = self._reread(original_offset)
        if original is None:
            self._error(offset, f"the revisited record at offset {original_offset} cannot be re-read")
            return None
        return Capture(url=url or original.url, raw=original.raw, kind=KIND_HTML,
                       source_file=self.source, http_headers=original.http_headers,
                       captured_at=record.rec_headers.get_header("WARC-Date"),
                       record_id=record.rec_headers.get_header("WARC-Record-ID"), offset=offset)

    def _reread(self, offset: int) -> Capture | None:
        """The HTML response at `offset`, read again through a second handle."""
        if self._reread_handle is None:
            self._reread_handle = gzip.open(self.path, "rb") if self.single_stream else open(self.path, "rb")
        try:
            self._reread_handle.seek(offset)
            with _quiet_warcio():
                record = next(self._records(self._reread_handle), None)
        except Exception:  # warcio raises assorted types (zlib, header parsing) on damage
            return None
        if record is None or record.rec_type != "response":
            return None
        outcome = self._complete(record, offset, self._capture(record, offset))
        return outcome if isinstance(outcome, Capture) else None

    def _complete(self, record, offset: int, outcome: Capture | str | None) -> Capture | None:
        """Read the rest of the record, then report a skip or pass the capture on.

        A record cut short (a truncated file) is an error and its capture is dropped, since
        its page would be incomplete, unless the HTTP Content-Length shows the body whole
        (then only the archive's own length field was wrong).
        """
        try:
            with _quiet_warcio():
                stream = record.raw_stream
                while stream.read(1024 * 1024):
                    pass
        except Exception as error:  # zlib and chunking errors have no common base class
            self._error(offset, f"record cannot be read to its end: {type(error).__name__}: {error}")
            return None
        missing = getattr(stream, "limit", 0)
        if missing > 0 and not _body_is_whole(outcome):
            self._error(offset, f"record truncated: {missing} bytes missing")
            return None
        if isinstance(outcome, str):
            self._skip(offset, outcome)
            return None
        return outcome


def _body_is_whole(outcome: Capture | str | None) -> bool:
    """True when a capture's (unencoded) body is at least as long as its HTTP headers declare."""
    if not isinstance(outcome, Capture):
        return False
    headers = {name.strip().lower(): value.strip()
               for name, _, value in (line.partition(":") for line in outcome.http_headers.splitlines()[1:])}
    if headers.get("content-encoding", "identity") != "identity" or "transfer-encoding" in headers:
        return False
    declared = headers.get("content-length", "")
    return declared.isdigit() and len(outcome.raw) >= int(declared)


def _dechunked(record) -> BinaryIO:
    """A response body with only the chunked transfer encoding undone."""
    if (record.http_headers.get_header("Transfer-Encoding") or "").strip().lower() == "chunked":
        return ChunkedDataReader(record.raw_stream)
    return record.raw_stream


def _read_brotli(stream: BinaryIO, limit: int) -> bytes:
    """Brotli-decode a stream, stopping as soon as `limit` bytes have come out.

    warcio's own brotli hook calls a method today's `brotli` module no longer has, so
    brotli bodies are decoded here, with the output bounded like every other payload.
    """
    decoder = brotli.Decompressor()
    output = bytearray()
    while len(output) < limit and not decoder.is_finished():
        block = b""
        if decoder.can_accept_more_data():
            block = stream.read(64 * 1024)
            if not block:
                raise ValueError("brotli stream ends early")
        output += decoder.process(block, output_buffer_limit=limit - len(output))
    return bytes(output[:limit])


@contextlib.contextmanager
def _quiet_warcio():
    """Catch what warcio writes on stderr (damage warnings), so it can be reported instead."""
    noise = io.StringIO()
    with contextlib.redirect_stderr(noise):
        yield noise


def _is_html_type(content_type: str | None) -> bool:
    """True for HTML content types, and for none at all (the payload is sniffed then)."""
    if content_type is None:
        return True
    return content_type.split(";")[0].strip().lower() in HTML_CONTENT_TYPES


def _clean_target_uri(uri: str | None) -> str:
    """A WARC-Target-URI without the `<>` some writers put around it and without raw blanks."""
    if not uri:
        return ""
    uri = uri.strip().removeprefix("<").removesuffix(">").strip()
    return re.sub(r"\s", lambda blank: quote(blank.group()), uri)
