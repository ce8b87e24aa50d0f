"""stdin and named pipes, read as they come with the bounds of any input; a crawl through a
bounded temporary file; a silent pipe still stops when asked."""
from __future__ import annotations

import contextlib
import gzip
import io
import os
import select
import sys
import tempfile
import time
from pathlib import Path
from typing import BinaryIO, Callable, Iterator

from archive.model import Capture
from archive.readers.detection import (GZIP_MAGIC, HEAD_BYTES, INPUT_ARC, INPUT_HTML, INPUT_JSONL,
                                       INPUT_TEXT, INPUT_WARC, MAX_PAYLOAD_BYTES, OnError, OnSkip,
                                       _iso_time, _one_line, detect_kind)
from archive.readers.files import _iter_file, _whole
from archive.readers.jsonlines import _json_lines


#: The most of a WARC or ARC read from a pipe that is spooled to a temporary file (it is
#: re-read by offset), in MB; the environment variable PIPE_SPOOL_VARIABLE sets another.
PIPE_SPOOL_MB = 4096
PIPE_SPOOL_VARIABLE = "KHABAR_PIPE_SPOOL_MB"
#: How long a read from a silent pipe waits before looking whether it was asked to stop.
POLL_SECONDS = 0.2


def _iter_stream(pipe: Path | None, source: str, on_error: OnError, on_skip: OnSkip,
                 stop_if_asked: Callable[[], None]) -> Iterator[Capture]:
    """Read stdin (`pipe` None) or a named pipe as it comes, with the bounds of any input.

    Its first bytes decide its kind. A page or text dump is read up to the payload bound,
    JSON Lines line by line; only a WARC or ARC, which is re-read by offset (revisits,
    damage), goes through a temporary file, up to `pipe_spool_bytes()`. A stream of any
    other kind is read no further. A pipe that sends nothing still stops when asked.
    """
    name = "-" if pipe is None else pipe.name
    try:
        with _opened_stream(pipe, stop_if_asked) as stream:
            head = stream.read(HEAD_BYTES)
            kind = detect_kind(head, name) if head else None
            whole = io.BufferedReader(_Rejoined(head, stream, stop_if_asked))
            if kind in (INPUT_WARC, INPUT_ARC):
                yield from _iter_spooled(whole, source, name, on_error, on_skip)
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


def pipe_spool_bytes() -> int:
    """The most of a piped WARC or ARC spooled to disk: PIPE_SPOOL_MB, or the whole number
    of MB in the environment variable PIPE_SPOOL_VARIABLE (ValueError for anything else)."""
    value = os.environ.get(PIPE_SPOOL_VARIABLE, "").strip() or str(PIPE_SPOOL_MB)
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{PIPE_SPOOL_VARIABLE} must be a whole number of MB, "
                         f"not {_one_line(repr(value))}")
    return int(value) * 1024 * 1024


def _iter_spooled(whole: BinaryIO, source: str, name: str, on_error: OnError,
                  on_skip: OnSkip) -> Iterator[Capture]:
    """A crawl from a pipe, copied to a temporary file and read from there; one over the
    spool bound is rejected whole (named, with how to raise the bound) and read no further."""
    try:
        limit = pipe_spool_bytes()
    except ValueError as error:
        on_error(source, f"{source}: {error}")
        return
    with tempfile.NamedTemporaryFile(prefix="khabar-input-") as spool:
        copied = 0
        while copied <= limit:
            block = whole.read(min(1024 * 1024, limit + 1 - copied))
            if not block:
                break
            spool.write(block)
            copied += len(block)
        if copied > limit:
            on_error(source, f"{source}: a crawl read from a pipe is copied to a temporary "
                             f"file, and this one is over {limit // (1024 * 1024)} MB (set "
                             f"{PIPE_SPOOL_VARIABLE} higher, or add the file itself)")
            return
        spool.flush()
        yield from _iter_file(Path(spool.name), source, name, on_error, on_skip)


@contextlib.contextmanager
def _opened_stream(pipe: Path | None, stop_if_asked: Callable[[], None]) -> Iterator[BinaryIO]:
    """stdin or a named pipe, opened without waiting for a writer and read as data comes
    (`_Waiting`); a stdin without a file descriptor (a program's stream object) as it is."""
    if pipe is None:
        try:
            descriptor = sys.stdin.buffer.fileno()
        except (AttributeError, OSError, ValueError):
            yield sys.stdin.buffer
            return
        yield io.BufferedReader(_Waiting(descriptor, stop_if_asked))
        return
    descriptor = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    try:
        yield io.BufferedReader(_Waiting(descriptor, stop_if_asked))
    finally:
        os.close(descriptor)


class _Waiting(io.RawIOBase):
    """A file descriptor read when it has data, looking every POLL_SECONDS whether to stop
    (`stop_if_asked`): a blocked read would outlast a Ctrl-C, which only asks to stop."""

    def __init__(self, descriptor: int, stop_if_asked: Callable[[], None]):
        self.descriptor, self.stop_if_asked = descriptor, stop_if_asked
        self.poller = select.poll()
        self.poller.register(descriptor, select.POLLIN)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        while True:
            self.stop_if_asked()
            if self.poller.poll(POLL_SECONDS * 1000):
                try:
                    return os.readv(self.descriptor, [buffer])
                except BlockingIOError:  # another reader took what was there
                    continue


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
