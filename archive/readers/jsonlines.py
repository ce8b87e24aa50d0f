"""JSON Lines: one record a line, each bounded in depth before it is parsed, a bad line one
rejected record."""
from __future__ import annotations

import json
import re
import zlib
from pathlib import Path
from typing import BinaryIO, Iterator

from archive.model import KIND_RECORD, Capture
from archive.readers.detection import (MAX_PAYLOAD_BYTES, OnError, _iso_time, _one_line,
                                       _open_decompressed)


#: The deepest nesting of arrays and objects a JSON Lines record may have (an article has
#: two or three levels); deeper ones are rejected before parsing, which recurses.
MAX_JSON_DEPTH = 100
#: A JSON string (its brackets are text, not nesting) and what nests.
JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
JSON_NESTING = re.compile(rb"[^\[\]{}]+")


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
