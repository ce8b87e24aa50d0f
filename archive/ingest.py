"""`khabar add`, `reclean` and `reindex` as library functions.

One writer process reads captures, stores each one's raw bytes before anything
else happens to it, and hands it to worker processes for cleaning; cleaned
articles come back in order, are matched against what the archive already
holds (same URL, same text, or nearly the same text) and are indexed. The
index is committed in batches and every article remembers whether the index
holds it, so a run that is killed can simply be run again. Reading and cleaning may also
happen on a Spark cluster (archive.spark); storing and indexing are the same either way.
"""
from __future__ import annotations

import itertools
import os
import re
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from archive import dedupe, readers
from archive.clean import clean
from archive.model import Article, Capture, CleanError, Outcome
from archive.store import StoredArticle, Store

#: Articles indexed between two index commits: bounds memory and the work a crash can undo.
COMMIT_EVERY = 2000
#: Captures in flight per cleaning worker: enough to keep workers busy, little memory.
WINDOW_PER_JOB = 8
#: How often a cleaning worker checks that its writer is still alive (an orphan exits).
PARENT_CHECK_SECONDS = 0.5
#: A UTF-16 surrogate on its own: valid in a Python str, not encodable as UTF-8.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
#: Test hook: `KHABAR_FAULT_AFTER=N` makes the writer SIGKILL itself at its Nth durable step
#: (capture stored, outcome stored, index committed, index marked; for reindex, the new index
#: committed), so the tests in tests/test_reliability.py can prove that a run killed at any
#: such point resumes losslessly.
FAULT_AFTER = int(os.environ.get("KHABAR_FAULT_AFTER") or 0)
_steps_taken = 0


def durable_step() -> None:
    """Count one durable step; the fault-injection hook (FAULT_AFTER) kills the process here."""
    global _steps_taken
    _steps_taken += 1
    if _steps_taken == FAULT_AFTER:
        os.kill(os.getpid(), signal.SIGKILL)


class Index(Protocol):
    """The part of `indexer.engine.Engine` that ingesting needs (archive never imports indexer)."""

    def add(self, docs: Iterable[StoredArticle], *, new: bool = False) -> int: ...
    def commit(self) -> None: ...


@dataclass
class AddReport:
    added: int = 0
    updated: int = 0        # new captures of an article whose text they changed
    duplicates: int = 0
    rejected: int = 0
    skipped: int = 0
    #: what went wrong: {"input", "reason"} for each bad input or record
    errors: list[dict] = field(default_factory=list)
    #: inputs skipped whole, and why (not inputs, read before): no error
    skips: list[dict] = field(default_factory=list)
    interrupted: bool = False

    def count(self, outcome: Outcome) -> None:
        """One more capture with this outcome."""
        if outcome is Outcome.ADDED:
            self.added += 1
        elif outcome is Outcome.UPDATED:
            self.updated += 1
        elif outcome is Outcome.DUPLICATE:
            self.duplicates += 1
        else:
            self.rejected += 1

    def to_dict(self) -> dict:
        """The summary `add --json` prints: its `errors` also list the skipped inputs, each
        reason starting `skipped: `."""
        skipped = [{"input": skip["input"], "reason": f"skipped: {skip['reason']}"}
                   for skip in self.skips]
        return {"added": self.added, "updated": self.updated, "duplicates": self.duplicates,
                "rejected": self.rejected,
                "skipped": self.skipped, "errors": self.errors + skipped}


Progress = Callable[[AddReport, str], None]


class LocalCleaning:
    """Where `add` reads its inputs and cleans their captures: here, on `jobs` processes.

    `archive.spark.SparkCleaning` reads and cleans WARC and ARC files on a Spark cluster
    instead; either way the single writer stores and indexes what comes back.
    """

    def begin(self, paths: list[str], finished: Callable[[str], bool]) -> None:
        """Get ready to read `paths`; `finished` tells an input an earlier run read whole."""

    def read(self, path: str, *, on_error: readers.OnError, on_skip: readers.OnSkip,
             stop_if_asked: Callable[[], None]) -> Iterator[Capture]:
        return readers.iter_captures(path, on_error=on_error, on_skip=on_skip,
                                     stop_if_asked=stop_if_asked)

    def clean(self, items: Iterable[tuple[int, Capture, str]], jobs: int | None
              ) -> Iterator[tuple[tuple[int, Capture, str], Cleaned | str]]:
        return _clean_in_order(items, jobs)


def add_paths(store: Store, index: Index, paths: Iterable[str | Path], *,
              crawl: str | None = None, jobs: int | None = None,
              progress: Progress | None = None,
              cleaning: LocalCleaning | None = None) -> AddReport:
    """Archive, clean and index every capture in `paths` that the archive lacks."""
    report = AddReport()
    writer = _Writer(store, index, report, progress)
    cleaning = cleaning or LocalCleaning()
    paths = [str(path) for path in paths]
    completed = False
    try:
        with _stop_at_next_record(writer):
            writer.index_pending()
            cleaning.begin(paths, writer.ledger.finished)
            # one stream over every input, so one pool of cleaning workers serves them all:
            # a pool per input would fork each new one from a writer grown by the index
            captures = itertools.chain.from_iterable(
                _captures_of(path, store, report, _crawl_label(path, crawl), writer, cleaning)
                for path in paths)
            writer.run(captures, jobs, cleaning.clean)
        completed = True
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        writer.flush(completed=completed)
    return report


def _crawl_label(path: str | Path, crawl: str | None) -> str:
    """The crawl an input's captures belong to: the one named, else the input's file name."""
    return crawl or (Path(str(path)).name if str(path) != "-" else "stdin")


def reclean(store: Store, index: Index, *, crawl: str | None = None, jobs: int | None = None,
            progress: Progress | None = None) -> AddReport:
    """Clean every stored capture again with the current cleaner; ids stay the same."""
    report = AddReport()
    writer = _Writer(store, index, report, progress, recleaning=True)
    try:
        with _stop_at_next_record(writer):
            writer.run(store.iter_captures(crawl), jobs)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        writer.flush(completed=False)
    return report


def reindex(store: Store, index: Index, *, progress: Callable[[int], None] | None = None) -> int:
    """Write every archived article and earlier text into `index` (a fresh one), commit it;
    returns how many articles it wrote (their earlier texts come with them)."""
    written = 0
    for batch in _batches(itertools.chain(store.iter_articles(), store.iter_versions()),
                          COMMIT_EVERY):
        index.add(batch, new=True)
        written += sum(1 for doc in batch if doc.version is None)
        if progress:
            progress(written)
    index.commit()
    durable_step()
    return written


def _batches(items: Iterable[StoredArticle], size: int) -> Iterator[list[StoredArticle]]:
    """Consecutive lists of at most `size` items, so memory stays bounded."""
    batch: list[StoredArticle] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class Cleaned:
    """A cleaned article with the fingerprints the writer matches it by.

    The fingerprints are computed in the cleaning worker, so the single writer
    only looks them up.
    """

    article: Article
    canonical_url: str
    text_hash: str
    simhash: int


def clean_safely(capture: Capture) -> Cleaned | str:
    """Run the cleaner in a worker; a failure becomes a reason, never a dead ingest."""
    try:
        article = _storable(clean(capture))
    except CleanError as err:
        return f"no article: {err}"
    except Exception as err:  # a cleaner bug on one page must not stop the archive
        return f"cleaner failed: {type(err).__name__}: {err}"
    return Cleaned(article, dedupe.canonical_url(article.url), dedupe.text_hash(article.text),
                   dedupe.simhash(article.text))


def _storable(article: Article) -> Article:
    """The article with lone surrogates (from JSON escapes like \\ud800) replaced by U+FFFD.

    SQLite and the index store UTF-8, which cannot hold a lone surrogate.
    """
    for name, value in vars(article).items():
        if isinstance(value, str):
            setattr(article, name, LONE_SURROGATE.sub("\ufffd", value))
        elif name == "captions":
            setattr(article, name, [LONE_SURROGATE.sub("\ufffd", c) for c in value])
    return article


# -----------------------------------------------------------------------------
def _captures_of(path: str, store: Store, report: AddReport, label: str,
                 writer: "_Writer", cleaning: LocalCleaning) -> Iterator[tuple[int, Capture, str]]:
    """Store each new capture of an input (raw bytes first) and yield it for cleaning."""
    ledger = writer.ledger
    if path != "-" and os.path.isfile(path) and ledger.finished(path):
        report.skipped += 1
        report.skips.append({"input": path, "reason": "already archived"})
        return

    def read_before(source: str) -> bool:
        """A file of a folder this archive read whole before: counted as one skip, and its
        errors (told then, and listed by `khabar crawls`) are not told again."""
        if source == path or not ledger.finished(source):
            return False
        if source not in ledger.done_before:
            ledger.done_before.add(source)
            report.skipped += 1
        return True

    def on_error(source: str, reason: str) -> None:
        if read_before(source):
            return
        report.rejected += 1
        report.errors.append({"input": source, "reason": reason})
        ledger.count(source, label, reason)

    def on_skip(source: str, reason: str) -> None:
        if read_before(source):
            return
        report.skipped += 1
        if reason.startswith(f"{source}: "):  # a whole file that is no input: say why
            report.skips.append({"input": source, "reason": reason.removeprefix(f"{source}: ")})
        else:
            ledger.count(source, label)

    for capture in cleaning.read(path, on_error=on_error, on_skip=on_skip,
                                 stop_if_asked=writer.stop_if_asked):
        writer.stop_if_asked()
        if read_before(capture.source_file):
            continue
        ledger.open(capture.source_file, label)
        state = store.capture_state(capture)
        # archived already, or in this run's cleaning window (a revisit right after its
        # original): only a capture a killed run left uncleaned is cleaned again
        if state is not None and (not state.pending or state.id in writer.queued):
            report.skipped += 1
            if state.source_file != capture.source_file:  # another input brought it first
                ledger.count(capture.source_file, label)
            continue
        with store.transaction():
            capture_id = state.id if state else store.put_capture(capture, label)
        durable_step()
        writer.queued.add(capture_id)
        yield capture_id, capture, label


class _Ledger:
    """The archive's ledger of inputs, keyed by content hash.

    Added, duplicate and rejected counts are read from the stored captures when
    an input is saved; only what leaves no capture behind is counted here:
    records that are no articles (skipped) and read errors.
    """

    def __init__(self, store: Store):
        self.store = store
        self.hashes: dict[str, str | None] = {}
        self.skipped: dict[str, int] = {}
        self.errors: dict[str, list[str]] = {}
        #: files of this run's folders that an earlier run read whole
        self.done_before: set[str] = set()

    def _hash(self, source: str) -> str | None:
        """The input's content hash; None when it cannot be read (its error is reported) or is
        empty (every empty file has the same hash: the ledger could not tell them apart)."""
        if source not in self.hashes:
            try:
                self.hashes[source] = readers.content_hash(source) \
                    if os.path.isfile(source) and os.path.getsize(source) else None
            except OSError:
                self.hashes[source] = None
        return self.hashes[source]

    def finished(self, source: str) -> bool:
        """True for an input this archive read to the end in an earlier run."""
        if source in self.skipped:
            return False
        digest = self._hash(source)
        return digest is not None and self.store.input_finished(digest)

    def open(self, source: str, crawl: str) -> None:
        if source not in self.skipped:
            self.skipped[source], self.errors[source] = 0, []
            digest = self._hash(source)
            if digest is not None:
                with self.store.transaction():
                    self.store.start_input(digest, source, crawl)

    def count(self, source: str, crawl: str, error: str | None = None) -> None:
        """Count a skipped record, or a read error when `error` is given."""
        self.open(source, crawl)
        if error is None:
            self.skipped[source] += 1
        else:
            self.errors[source].append(error)

    def close(self, *, completed: bool) -> None:
        """Save the counts; only a run that read its inputs to the end marks them finished."""
        with self.store.transaction():
            for source, skipped in self.skipped.items():
                digest = self.hashes.get(source)
                if digest is not None:
                    self.store.save_input(digest, source, skipped, self.errors[source],
                                          finished=completed)
        self.skipped.clear()
        self.errors.clear()


class _Writer:
    """The single writer: matches cleaned articles to the archive and indexes them."""

    def __init__(self, store: Store, index: Index, report: AddReport,
                 progress: Progress | None, *, recleaning: bool = False):
        self.store, self.index, self.report = store, index, report
        self.progress, self.recleaning = progress, recleaning
        self.ledger = _Ledger(store)
        #: ids of the captures this run has sent to cleaning
        self.queued: set[int] = set()
        #: whether the articles waiting for the index may be in it already: those a killed
        #: run indexed without recording it, and every re-cleaned one; once the waiting ones
        #: are indexed, an add run's own articles are new to the index
        self.replacing = True
        self.unindexed = 0
        self.stop_requested = False

    def stop_if_asked(self) -> None:
        """After a Ctrl-C, stop here: between two records, never inside one."""
        if self.stop_requested:
            raise KeyboardInterrupt

    def run(self, captures: Iterable[tuple[int, Capture, str]], jobs: int | None,
            clean_all: Callable[..., Iterator[tuple[tuple[int, Capture, str], Cleaned | str]]]
            | None = None) -> None:
        for (capture_id, capture, crawl), result in (clean_all or _clean_in_order)(captures, jobs):
            self.take(capture_id, capture, crawl, result)
            durable_step()
            self.stop_if_asked()
        self.index_pending()

    def take(self, capture_id: int, capture: Capture, crawl: str, result: Cleaned | str) -> None:
        if isinstance(result, str):
            with self.store.transaction():
                self.store.reject_capture(capture_id, f"{_where(capture)}: {result}")
            outcome = Outcome.REJECTED
            self.report.errors.append({"input": _where(capture), "reason": result})
        else:
            outcome = self._store_article(capture_id, result, crawl)
        self.report.count(outcome)
        if self.progress:
            self.progress(self.report, capture.url)

    def _store_article(self, capture_id: int, cleaned: Cleaned, crawl: str) -> Outcome:
        article, canonical, text_hash, fingerprint = (
            cleaned.article, cleaned.canonical_url, cleaned.text_hash, cleaned.simhash)
        bands = dedupe.simhash_bands(fingerprint)
        with self.store.transaction():
            existing = self.store.article_of_capture(capture_id) if self.recleaning else None
            same_url = self.store.article_by_url(canonical) if existing is None else None
            if existing is not None:
                outcome = self._reclean(existing, capture_id, cleaned, bands)
            elif same_url is not None and same_url[1] != text_hash:
                outcome = self._new_text(same_url[0], capture_id, cleaned, bands)
            elif (existing := self.store.find_article(canonical, text_hash)) is not None:
                self.store.attach_capture(capture_id, existing, Outcome.DUPLICATE)
                return Outcome.DUPLICATE
            else:
                near_of = next((other for other, other_hash in
                                self.store.near_duplicate_candidates(bands)
                                if dedupe.near_duplicate(fingerprint, other_hash)), None)
                article_id = self.store.insert_article(
                    article, canonical_url=canonical, text_hash=text_hash, simhash=fingerprint,
                    bands=bands, near_of=near_of, crawl=crawl)
                self.store.attach_capture(capture_id, article_id, Outcome.ADDED)
                outcome = Outcome.ADDED
        self.unindexed += 1
        if self.unindexed >= COMMIT_EVERY:
            self.index_pending()
        return outcome

    def _reclean(self, article_id: str, capture_id: int, cleaned: Cleaned,
                 bands: list[int]) -> Outcome:
        """A capture cleaned again: the article's newest capture gives it its text, an
        earlier text stays an earlier text, and any other capture (a revisit) changes nothing."""
        article = cleaned.article
        if self.store.has_version(article_id, capture_id):
            self.store.keep_version(article_id, capture_id, article.title, article.text)
        elif self.store.newest_capture(article_id) == capture_id:
            self.store.update_article(article_id, article, text_hash=cleaned.text_hash,
                                      simhash=cleaned.simhash, bands=bands)
        else:
            return Outcome.DUPLICATE
        return Outcome.ADDED

    def _new_text(self, article_id: str, capture_id: int, cleaned: Cleaned,
                  bands: list[int]) -> Outcome:
        """A capture of an archived article with another text: the latest capture's text is
        the article's (the one it replaces is kept as an earlier text); an older capture's
        text is kept as an earlier one."""
        article = cleaned.article
        newest = self.store.newest_capture(article_id, besides=capture_id)
        if newest is not None and not self.store.is_newer(capture_id, newest):
            self.store.keep_version(article_id, capture_id, article.title, article.text)
            self.store.attach_capture(capture_id, article_id, Outcome.DUPLICATE)
            return Outcome.DUPLICATE
        if newest is not None:
            self.store.keep_version(article_id, newest)
        self.store.update_article(article_id, article, text_hash=cleaned.text_hash,
                                  simhash=cleaned.simhash, bands=bands)
        self.store.attach_capture(capture_id, article_id, Outcome.UPDATED)
        self.replacing = True  # the index holds the article's old text: replace it
        return Outcome.UPDATED

    def index_pending(self) -> None:
        """Index every article (and earlier text) the index does not hold yet, then record
        that it does. In commits of COMMIT_EVERY, so memory stays bounded however many wait.
        """
        waiting = itertools.chain(self.store.iter_articles(unindexed_only=True),
                                  self.store.iter_versions(unindexed_only=True))
        for batch in _batches(waiting, COMMIT_EVERY):
            self.index.add(batch, new=not self.replacing)
            self.index.commit()
            durable_step()
            with self.store.transaction():
                self.store.mark_indexed(a.id for a in batch)
            durable_step()
        self.unindexed = 0
        self.replacing = self.recleaning

    def flush(self, *, completed: bool) -> None:
        self.index_pending()
        self.ledger.close(completed=completed)


@contextmanager
def _stop_at_next_record(writer: _Writer):
    """Turn the first Ctrl-C into a request to stop between records; a second one stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers belong to the main thread; elsewhere Ctrl-C cannot arrive
        return

    def on_interrupt(signum, frame):
        if writer.stop_requested:
            raise KeyboardInterrupt
        writer.stop_requested = True

    previous = signal.signal(signal.SIGINT, on_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _worker_start(writer_pid: int) -> None:
    """Set up a cleaning worker: Ctrl-C is the writer's to handle, and an orphan exits."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def exit_when_orphaned() -> None:
        while os.getppid() == writer_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=exit_when_orphaned, daemon=True).start()


def _where(capture: Capture) -> str:
    if capture.offset is not None:
        return f"{capture.source_file} at offset {capture.offset}"
    if capture.record_id:
        return f"{capture.source_file} {capture.record_id}"
    return capture.source_file


def _clean_in_order(items: Iterable[tuple[int, Capture, str]], jobs: int | None
                    ) -> Iterator[tuple[tuple[int, Capture, str], Cleaned | str]]:
    """Clean captures on `jobs` worker processes, yielding results in input order.

    At most WINDOW_PER_JOB captures per worker are in flight, so memory stays
    flat however long the input is.
    """
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1:
        for item in items:
            yield item, clean_safely(item[1])
        return
    window: deque[tuple[tuple[int, Capture, str], Future]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, initializer=_worker_start,
                             initargs=(os.getpid(),)) as pool:
        try:
            for item in items:
                window.append((item, pool.submit(clean_safely, item[1])))
                if len(window) >= jobs * WINDOW_PER_JOB:
                    done, future = window.popleft()
                    yield done, future.result()
            while window:
                done, future = window.popleft()
                yield done, future.result()
        except BaseException:
            for _, future in window:
                future.cancel()
            raise
