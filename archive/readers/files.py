"""`iter_captures`, the readers' one entry point, and folders and files: a folder walked
without leaving it, each file read by its kind, a page or text dump whole."""
from __future__ import annotations

import hashlib
import html
import re
import zlib
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import quote, urlsplit

from archive.location import is_fetch_journal
from archive.model import KIND_HTML, KIND_TEXT, Capture
from archive.readers.detection import (HEAD_BYTES, INPUT_ARC, INPUT_HTML, INPUT_JSONL, INPUT_TEXT,
                                       INPUT_WARC, MAX_PAYLOAD_BYTES, OnError, OnSkip,
                                       _iso_time, _one_line, _open_decompressed, _what_it_is,
                                       detect_kind)
from archive.readers.jsonlines import _iter_json_lines
from archive.readers.warc import _ArchiveReader


#: `<link ...>` and `<meta ...>` tags in a page head, and their attributes.
HEAD_TAG = re.compile(rb"<(link|meta)\b([^>]*)>", re.IGNORECASE)
TAG_ATTRIBUTE = re.compile(rb"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
#: Characters a URL may keep as they are when raw bytes are percent-encoded.
URL_SAFE = "/:?#[]@!$&'()*+,;=%~"


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
                on_skip(str(root), f"{root}: {source} links outside {root} (to {outside}); "
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
