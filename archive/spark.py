"""`khabar add --spark MASTER`: read and clean WARC and ARC files on a Spark cluster.

The driver (the `khabar add` process) plans tasks: one per crawl file, or one per range of
records of a large WARC file, cut at record offsets that a first pass over the file (on the
cluster too) finds. Each task streams its records with `add`'s own reader and runs `add`'s
cleaner and fingerprints (`clean_safely`) on an executor. The driver takes the results back
task by task, in input order, with a bounded number of tasks in flight, and hands them to
the single writer of archive.ingest: storing, matching, indexing, the ledger and the report
are those of `add`. PySpark is imported here only, and only when a session is started.
"""
from __future__ import annotations

import io
import os
import re
import sys
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from archive import readers
from archive.readers.files import _iter_file
from archive.readers.warc import _ArchiveReader
from archive.ingest import Cleaned, LocalCleaning, clean_safely
from archive.model import Capture

#: A WARC file larger than this is cut into ranges of records of about this many bytes, so
#: one large file keeps several executors busy and one task's results stay small.
RANGE_BYTES = 4 * 1024 * 1024
#: Tasks in flight per executor core: enough to keep the cores busy.
TASKS_PER_CORE = 2
#: At most this many tasks in flight: the single writer stores a few hundred pages a second,
#: so more would only wait in the driver's memory.
MAX_IN_FLIGHT = 32
#: The events a task sends back, in the order its reader met them.
ERROR, SKIP, CAPTURE = "error", "skip", "capture"
#: Kinds of input that stay local: pages, text dumps and JSON Lines are read by plain `add`.
LOCAL_ONLY = {readers.INPUT_HTML: "a web page", readers.INPUT_TEXT: "a text dump",
              readers.INPUT_JSONL: "JSON Lines"}

#: The last line of a Python traceback: `ModuleNotFoundError: No module named 'x'`.
PYTHON_ERROR = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit): ")

Task = tuple[str, str, int | None, int | None, bool, list]


class SparkError(Exception):
    """Spark cannot be used, or failed mid-run (what was archived stays; a re-run resumes)."""


class SparkUnavailable(SparkError):
    """Spark cannot start here: PySpark missing, no Java, a master that does not answer."""


class SparkInputError(SparkError):
    """An input `--spark` does not read (stdin, a page, a text dump, JSON Lines)."""


class SparkCleaning(LocalCleaning):
    """Reads and cleans the inputs of an `add` on Spark; use it as a context manager."""

    def __init__(self, master: str):
        self.master = master
        self.session = None
        self.owns_session = False
        self.steps: list[tuple[int, str, object]] = []
        self.order: deque[tuple[int, str]] = deque()
        self.stream: Iterator[tuple[int, tuple]] | None = None
        self.peeked: tuple[int, tuple] | None = None
        self.results: dict[int, Cleaned | str] = {}

    def __enter__(self) -> "SparkCleaning":
        self.session, self.owns_session = start_session(self.master)
        return self

    def __exit__(self, *exc) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.owns_session:
            self.session.stop()

    # -- planning, on the driver
    def begin(self, paths: list[str], finished: Callable[[str], bool]) -> None:
        """Plan the tasks of every input (in order) and cut the large WARC files."""
        for number, path in enumerate(paths):
            self.order.append((number, path))
            if os.path.isfile(path) and finished(path):
                continue  # `add` skips an input read whole before without reading it
            self._plan_input(number, path, finished)
        self._cut_large_files()
        self.stream = self._events()

    def _plan_input(self, number: int, path: str, finished: Callable[[str], bool]) -> None:
        if path == "-" or (os.path.exists(path) and not os.path.isfile(path)
                           and not os.path.isdir(path)):
            raise SparkInputError(f"{path}: --spark reads files and folders that the executors "
                                  "can open, not a stream; add it without --spark")
        if not os.path.exists(path):
            self.steps.append((number, ERROR, (path, f"{path}: no such file or folder")))
            return
        if os.path.isfile(path):
            self._plan_file(number, Path(path), finished, folder=None)
            return

        def note(kind: str) -> Callable[[str, str], None]:
            return lambda source, reason: self.steps.append((number, kind, (source, reason)))

        for file in readers.folder_files(Path(path), note(ERROR), note(SKIP)):
            self._plan_file(number, file, finished, folder=path)

    def _plan_file(self, number: int, path: Path, finished: Callable[[str], bool],
                   folder: str | None) -> None:
        source = str(path)
        if folder is not None and finished(source):
            # read whole by an earlier run: one event lets `add` count it as one skip
            self.steps.append((number, SKIP, (source, f"{source}: already archived")))
            return
        try:
            with open(path, "rb") as fh:
                head = fh.read(readers.HEAD_BYTES)
        except OSError:
            head = b""  # the executor reads it again and reports why it cannot
        kind = readers.detect_kind(head, path.name) if head else None
        if kind in LOCAL_ONLY:
            where = f" in {folder}" if folder else ""
            raise SparkInputError(f"{source}{where} is {LOCAL_ONLY[kind]}: --spark cleans WARC "
                                  "and ARC files only; add pages, text dumps and JSON Lines "
                                  "without --spark")
        whole: Task = (source, str(path.absolute()), None, None, kind == readers.INPUT_WARC, [])
        self.steps.append((number, CAPTURE, whole))

    def _cut_large_files(self) -> None:
        """Survey the large WARC files on the cluster and replace each by its ranges."""
        large = [i for i, (_, kind, task) in enumerate(self.steps)
                 if kind == CAPTURE and task[4] and _size(task[1]) > RANGE_BYTES]
        if not large:
            return
        paths = [self.steps[i][2][1] for i in large]
        context = self.session.sparkContext
        size = RANGE_BYTES
        surveys = _run(lambda: context.parallelize(paths, len(paths))
                       .map(lambda path: survey(path, size)).collect())
        for i, cuts in reversed(list(zip(large, surveys))):
            if cuts is None:  # one gzip stream: offsets cannot be sought, read it whole
                continue
            number, _, (source, absolute, *_rest) = self.steps[i]
            offsets, revisits = cuts
            self.steps[i:i + 1] = [
                (number, CAPTURE, (source, absolute, start, end, True,
                                   [(original, keys) for at, original, keys in revisits
                                    if start <= at < (end or at + 1) and original < start]))
                for start, end in zip([0, *offsets], [*offsets, None])]

    # -- the stream of results, on the driver
    def _events(self) -> Iterator[tuple[int, tuple]]:
        """Every step's events in plan order, with the next tasks running meanwhile."""
        context = self.session.sparkContext
        tasks = [step[2] for step in self.steps if step[1] == CAPTURE]
        rdd = context.parallelize(tasks, max(len(tasks), 1)).mapPartitions(_clean_tasks)
        in_flight = max(2, min(TASKS_PER_CORE * context.defaultParallelism, MAX_IN_FLIGHT))
        pending: deque[Future] = deque()
        submitted = 0
        pool = ThreadPoolExecutor(in_flight)
        try:
            for number, kind, payload in self.steps:
                while submitted < len(tasks) and len(pending) < in_flight:
                    pending.append(pool.submit(
                        _run, lambda part=submitted: context.runJob(rdd, _identity, [part])))
                    submitted += 1
                if kind != CAPTURE:
                    yield number, (kind, *payload)
                    continue
                for event in pending.popleft().result():
                    yield number, event
        finally:
            for future in pending:
                future.cancel()
            if pending:
                context.cancelAllJobs()
            pool.shutdown(wait=True)

    def read(self, path: str, *, on_error: readers.OnError, on_skip: readers.OnSkip,
             stop_if_asked: Callable[[], None]) -> Iterator[Capture]:
        """The captures of one input as its tasks bring them, with its errors and skips."""
        number, planned = self.order.popleft()
        while planned != path:
            number, planned = self.order.popleft()
        while True:
            if self.peeked is None:
                self.peeked = next(self.stream, None)
            if self.peeked is None or self.peeked[0] != number:
                return
            (kind, first, second), self.peeked = self.peeked[1], None
            stop_if_asked()
            if kind == ERROR:
                on_error(first, second)
            elif kind == SKIP:
                on_skip(first, second)
            else:
                self.results = {id(first): second}
                yield first

    def clean(self, items: Iterable[tuple[int, Capture, str]], jobs: int | None
              ) -> Iterator[tuple[tuple[int, Capture, str], Cleaned | str]]:
        """Each capture with what its executor made of it (cleaned as it was read)."""
        for item in items:
            yield item, self.results.pop(id(item[1]))


def start_session(master: str):
    """The active Spark session when it runs on `master`, else a new one: (session, new?)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable("--spark needs PySpark: pip install 'khabar[spark]' "
                               "(and Java 17 or newer)") from None
    active = SparkSession.getActiveSession()
    if active is not None and active.sparkContext.master == master:
        return active, False
    # executors run this Python (with khabar and its dependencies) unless told otherwise
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    try:
        with warnings.catch_warnings():
            # PySpark warns about pandas versions on start; khabar does not use pandas
            warnings.filterwarnings("ignore", category=FutureWarning, module="pyspark")
            session = (SparkSession.builder.master(master).appName("khabar add")
                       .config("spark.ui.showConsoleProgress", "false")
                       .config("spark.log.level", "ERROR")
                       .getOrCreate())
    except Exception as error:  # no Java, a master that is not there, a bad master URL
        raise SparkUnavailable(f"cannot start Spark on {master}: {_first_line(error)}") from None
    return session, True


def _run(job: Callable[[], object]):
    """Run a Spark job; its failure becomes a SparkError with the first line of the cause."""
    try:
        return job()
    except Exception as error:
        raise SparkError(f"Spark failed: {_first_line(error)}") from None


def _first_line(error: Exception) -> str:
    """The line that says what went wrong: a Python error's own last line when an executor's
    traceback is wrapped in Spark's message, else the message's first line."""
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    raised = [line for line in lines if PYTHON_ERROR.match(line)]
    return (raised or lines or [type(error).__name__])[-1 if raised else 0][:300]


def _size(path: str) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0


def _identity(items):
    return items


# -- on the executors
def _clean_tasks(tasks: Iterable[Task]) -> Iterator[tuple]:
    for task in tasks:
        yield from clean_task(task)


def clean_task(task: Task) -> list[tuple]:
    """Read a file (or a range of its records) and clean each capture: the events, in order."""
    source, path, start, end, _, originals = task
    events: list[tuple] = []

    def note(kind: str) -> Callable[[str, str], None]:
        return lambda where, reason: events.append((kind, where, reason))

    if start is None:
        captures = _iter_file(Path(path), source, Path(path).name, note(ERROR), note(SKIP))
    else:
        captures = _RangeReader(Path(path), source, readers.INPUT_WARC, note(ERROR),
                                note(SKIP)).captures_between(start, end, originals)
    for capture in captures:
        events.append((CAPTURE, capture, clean_safely(capture)))
    return events


def survey(path: str, size: int) -> tuple[list[int], list[tuple[int, int, tuple]]] | None:
    """Where to cut a WARC file: record offsets about `size` bytes apart, and each resolved
    revisit as (its offset, its original's offset, the keys it found it by). None for a
    gzip file that is one stream (its offsets are not positions in the file)."""
    reader = _Survey(Path(path), path, readers.INPUT_WARC, readers._ignore, readers._ignore)
    offsets: list[int] = []
    for capture in reader.captures():
        if not reader.single_stream and capture.offset >= (len(offsets) + 1) * size:
            offsets.append(capture.offset)
    return None if reader.single_stream else (offsets, reader.revisits)


class _Survey(_ArchiveReader):
    """The reader of `add`, noting which original each revisit was resolved to."""

    def __init__(self, *args):
        super().__init__(*args)
        self.revisits: list[tuple[int, int, tuple]] = []
        self.reread_at: int | None = None

    def _reread(self, offset: int):
        self.reread_at = offset
        return super()._reread(offset)

    def _resolve_revisit(self, record, offset: int):
        self.reread_at = None
        outcome = super()._resolve_revisit(record, offset)
        if isinstance(outcome, Capture) and self.reread_at is not None:
            keys = (record.rec_headers.get_header("WARC-Refers-To"),
                    record.rec_headers.get_header("WARC-Payload-Digest"))
            self.revisits.append((offset, self.reread_at, keys))
        return outcome


class _RangeReader(_ArchiveReader):
    """The reader of `add` over the records that start in [start, end) of a WARC file."""

    def captures_between(self, start: int, end: int | None,
                         originals: list[tuple[int, tuple]]) -> Iterator[Capture]:
        for offset, keys in originals:  # revisited records of earlier ranges
            self.originals.remember(offset, *keys)
        try:
            with io.BufferedReader(_Bounded(self.path, end)) as fh:
                gzipped = fh.read(2) == readers.GZIP_MAGIC
                position: int | None = start
                while position is not None:
                    position, _ = yield from self._read_members(fh, position, 0, gzipped)
        except OSError as error:
            self.on_error(self.source, f"{self.source}: cannot read: {error.strerror or error}")
        finally:
            if self._reread_handle is not None:
                self._reread_handle.close()


class _Bounded(io.RawIOBase):
    """A file that seems to end at `end` (None: where it ends), offsets unchanged."""

    def __init__(self, path: Path, end: int | None):
        self.file = io.FileIO(path, "rb")
        self.end = end

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        if whence == io.SEEK_END and self.end is not None:
            return self.file.seek(self.end + offset)
        return self.file.seek(offset, whence)

    def tell(self) -> int:
        return self.file.tell()

    def readinto(self, buffer) -> int:
        room = len(buffer) if self.end is None else max(0, min(len(buffer),
                                                               self.end - self.file.tell()))
        return self.file.readinto(memoryview(buffer)[:room]) if room else 0

    def close(self) -> None:
        self.file.close()
        super().close()
