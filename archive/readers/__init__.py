"""Turn inputs (WARC/ARC crawls, folders of pages, text dumps, JSON Lines) into `Capture`s.

`iter_captures` is the one entry point; the kind of each input is decided from its first
bytes (a crawl is a crawl whatever its name), with the file name only as a tie-breaker.
Everything streams: a WARC is read record by record, payloads are read up to a bound, and
bad input is reported through `on_error` instead of raised, so one damaged record never
costs the records around it.

One module per job: `detection` (what an input is, the bounds and callbacks every reader
shares), `files` (folders, files, whole pages and dumps), `pipes` (stdin and named pipes),
`jsonlines` and `warc` (WARC and ARC). Their public names are importable from here.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator

from archive.model import Capture
from archive.readers.detection import (OnError, OnSkip, MAX_PAYLOAD_BYTES, HEAD_BYTES, INPUT_WARC,
                                       INPUT_ARC, INPUT_HTML, INPUT_TEXT, INPUT_JSONL, GZIP_MAGIC,
                                       SUFFIX_KINDS, HTML_START, read_document, detect_kind,
                                       content_hash)
from archive.readers.detection import _ignore
from archive.readers.files import _iter_file, _iter_folder, folder_files
from archive.readers.files import HEAD_TAG, TAG_ATTRIBUTE, URL_SAFE
from archive.readers.jsonlines import MAX_JSON_DEPTH, JSON_STRING, JSON_NESTING
from archive.readers.pipes import _iter_stream
from archive.readers.pipes import PIPE_SPOOL_MB, PIPE_SPOOL_VARIABLE, POLL_SECONDS, pipe_spool_bytes
from archive.readers.warc import (MAX_REMEMBERED_ORIGINALS, RESYNC_CHUNK_BYTES, HTML_CONTENT_TYPES,
                                  RESOURCE_KINDS, DOCUMENT_SCHEMES, RECORD_START)

#: Every public name of the readers' modules, importable from `archive.readers`.
__all__ = ["OnError", "OnSkip", "MAX_PAYLOAD_BYTES", "HEAD_BYTES", "INPUT_WARC", "INPUT_ARC",
           "INPUT_HTML", "INPUT_TEXT", "INPUT_JSONL", "GZIP_MAGIC", "SUFFIX_KINDS", "HTML_START",
           "read_document", "detect_kind", "content_hash", "HEAD_TAG", "TAG_ATTRIBUTE", "URL_SAFE",
           "MAX_JSON_DEPTH", "JSON_STRING", "JSON_NESTING", "PIPE_SPOOL_MB", "PIPE_SPOOL_VARIABLE",
           "POLL_SECONDS", "pipe_spool_bytes", "MAX_REMEMBERED_ORIGINALS", "RESYNC_CHUNK_BYTES",
           "HTML_CONTENT_TYPES", "RESOURCE_KINDS", "DOCUMENT_SCHEMES", "RECORD_START",
           "folder_files", "iter_captures"]


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
