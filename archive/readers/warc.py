"""WARC and ARC files, record by record, past damaged records (warcio underneath): pages,
resources, revisits resolved to their originals."""
from __future__ import annotations

import collections
import contextlib
import gzip
import io
import logging
import re
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator
from urllib.parse import quote, urlsplit

import brotli
from warcio.archiveiterator import ARCIterator, ArchiveIterator, WARCIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from archive.model import KIND_HTML, KIND_RECORD, KIND_TEXT, Capture
from archive.readers.detection import (GZIP_MAGIC, HTML_START, INPUT_ARC, INPUT_WARC,
                                       MAX_PAYLOAD_BYTES, OnError, OnSkip, _one_line)
from archive.readers.jsonlines import _check_json_record


#: Entries kept to resolve revisit records; beyond this the oldest originals are forgotten.
MAX_REMEMBERED_ORIGINALS = 100_000
#: How far a damaged archive is scanned per read when looking for the next record.
RESYNC_CHUNK_BYTES = 1024 * 1024
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
#: Where archive records start, to resynchronise after a damaged one.
RECORD_START = {
    "gzip": re.compile(re.escape(GZIP_MAGIC + b"\x08")),   # a gzip member (deflate)
    INPUT_WARC: re.compile(rb"(?:^|\n)(WARC/[01]\.\d+\r?\n)"),  # a WARC version line
    INPUT_ARC: re.compile(rb"\n((?:https?|ftp|dns|filedesc)://\S+ \S+ \d{12,18} )"),  # an ARC URL line
}
# warcio logs odd target URIs through `logging`; without a handler Python would print them
# on stderr over the progress bar. The reader reports what matters through on_error instead.
logging.getLogger("warcio").addHandler(logging.NullHandler())


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
