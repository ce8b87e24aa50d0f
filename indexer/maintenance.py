"""The archive's index lifecycle and upkeep as library functions: rebuild the index from the
archive, clean every capture again, check that archive and index agree.

A rebuild fills a new index beside the live one and swaps it in with one atomic rename when
it is complete, so searches use the old index until then and a killed rebuild leaves it
serving. The CLI only calls these and prints what they return.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from archive import ingest
from archive.store import Store
from indexer.engine import Engine
from indexer.whoosh_engine import WhooshEngine, new_index, promote

Result = TypeVar("Result")


def rebuild_index(archive_dir: Path, store: Store) -> int:
    """Write every archived article (and its earlier texts) into a new index and make it
    live; returns how many articles it holds."""
    return _into_new_index(archive_dir, lambda fresh: (ingest.reindex(store, fresh), True))


def reclean_archive(archive_dir: Path, store: Store, *, crawl: str | None = None,
                    jobs: int | None = None) -> ingest.AddReport:
    """Clean every stored capture (of `crawl`, or all) again with the current cleaner, into a
    new index made live when the run completes; ids stay the same. After an interrupted run
    the old index serves, and the next `add` re-indexes every article."""
    with store.transaction():  # every article goes into the new index, recleaned or not
        store.mark_all_unindexed()

    def fill(fresh: WhooshEngine) -> tuple[ingest.AddReport, bool]:
        report = ingest.reclean(store, fresh, crawl=crawl, jobs=jobs)
        return report, not report.interrupted

    report = _into_new_index(archive_dir, fill)
    if report.interrupted:  # the live index still holds the old texts
        with store.transaction():
            store.mark_all_unindexed()
    return report


def _into_new_index(archive_dir: Path,
                    fill: Callable[[WhooshEngine], tuple[Result, bool]]) -> Result:
    """Fill a new index beside the live one; make it live only if `fill` says it is complete.
    `fill(index)` returns (result, complete)."""
    fresh = new_index(archive_dir)
    try:
        result, complete = fill(fresh)
    except BaseException:
        fresh.close()
        raise
    if complete:
        promote(archive_dir, fresh)
    else:
        fresh.close()
    return result


@dataclass
class Verification:
    """What `verify` found: the archive's size, its problems, and the articles an
    interrupted `add` left waiting for the index (no problem: the next run indexes them)."""

    articles: int
    problems: list[str] = field(default_factory=list)
    waiting: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: Store, engine: Engine) -> Verification:
    """Re-hash every stored capture and check that the index holds exactly the archive's
    articles and earlier texts."""
    problems = list(store.damaged_captures())
    articles, indexed, queued = store.article_ids(), engine.ids(), store.unindexed_ids()
    stored = articles | store.version_ids()
    problems += [f"article {i} is archived but not indexed (run: khabar reindex)"
                 for i in sorted(stored - indexed - queued)]
    problems += [f"index holds {i}, which the archive lacks (run: khabar reindex)"
                 for i in sorted(indexed - stored)]
    return Verification(len(articles), problems, len(queued - indexed))
