"""Index lifecycle and upkeep through the library (what `reindex`, `reclean`, `verify`,
`export QUERY` and `count --normalize` call): real SQLite, a real index on disk."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from archive import ingest
from archive.location import database_path
from archive.store import Store
from indexer.maintenance import rebuild_index, reclean_archive, verify
from indexer.names import gazetteer
from indexer.search import counts, matching_ids, search
from indexer.whoosh_engine import live_index_name, open_engine

STORIES = [("https://news.example/2016/amuda-harvest", "2016-05-02",
            "Farmers in Amuda brought in the wheat harvest early this year, traders said."),
           ("https://news.example/2016/qamishli-water", "2016-05-20",
            "Water trucks reached Qamishli after the Alouk station stopped pumping for a week."),
           ("https://news.example/2017/qamishli-bread", "2017-02-11",
            "Bakeries in Qamishli raised the price of bread as flour ran short in the market.")]


@pytest.fixture
def archive(tmp_path: Path):
    folder = tmp_path / "archive"
    folder.mkdir()
    source = tmp_path / "stories.jsonl"
    source.write_text("".join(json.dumps({"url": url, "date": date, "title": text[:30],
                                          "text": text * 4}) + "\n"
                              for url, date, text in STORIES))
    store, engine = Store(database_path(folder)), open_engine(folder)
    ingest.add_paths(store, engine, [source], jobs=1)
    yield folder, store, engine
    engine.close()
    store.close()


def test_verify_returns_the_problems_and_a_rebuild_clears_them(archive):
    folder, store, engine = archive
    assert verify(store, engine).ok and verify(store, engine).articles == 3
    (gone,) = matching_ids(store, engine, "Amuda")
    engine.delete([gone])
    engine.commit()
    found = verify(store, engine)
    assert found.problems == [f"article {gone} is archived but not indexed (run: khabar reindex)"]
    old = live_index_name(folder)
    assert rebuild_index(folder, store) == 3
    assert live_index_name(folder) != old
    rebuilt = open_engine(folder)
    try:
        assert verify(store, rebuilt).ok
        assert matching_ids(store, rebuilt, "Amuda") == [gone]
    finally:
        rebuilt.close()


def test_reclean_archive_swaps_in_a_new_index_with_the_same_ids(archive):
    folder, store, engine = archive
    before = sorted(matching_ids(store, engine, None))
    old = live_index_name(folder)
    report = reclean_archive(folder, store, jobs=1)
    assert (report.added, report.rejected, report.interrupted) == (3, 0, False)
    assert live_index_name(folder) != old and not (folder / old).exists()
    rebuilt = open_engine(folder)
    try:
        assert sorted(matching_ids(store, rebuilt, None)) == before
        assert search(store, rebuilt, "Qamishli").total == 2
        assert verify(store, rebuilt).ok
    finally:
        rebuilt.close()


def test_counts_per_year_plain_and_normalised(archive):
    folder, store, engine = archive
    names = gazetteer()
    assert counts(engine, "Qamishli", "year", names=names) == ({"2016": 1, "2017": 1}, {})
    assert counts(engine, "Qamishli", "year", names=names, normalize=True) == (
        {"2016": 0.5, "2017": 1.0}, {})
    assert counts(engine, None, "year", names=names)[0] == {"2016": 2, "2017": 1}
