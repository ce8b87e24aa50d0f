"""The library beneath `khabar add`, `reclean` and `reindex`: real SQLite, a real index."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from archive import ingest
from archive.location import ArchiveLocked, database_path, writer_lock
from archive.model import KIND_TEXT, Capture
from archive.store import Store
from indexer.search import search
from indexer.whoosh_engine import new_index, open_engine, promote
from tests.conftest import SEED


@pytest.fixture
def opened(archive_dir: Path):
    archive_dir.mkdir(parents=True)
    store, engine = Store(database_path(archive_dir)), open_engine(archive_dir)
    yield store, engine
    engine.close()
    store.close()


def article_jsonl(path: Path, items: list[tuple[str, str]]) -> Path:
    path.write_text("".join(
        json.dumps({"url": url, "title": text.split(".")[0], "text": text}) + "\n"
        for url, text in items))
    return path


def test_same_text_under_another_url_is_one_article(opened, tmp_path):
    store, engine = opened
    text = "The Alouk water station near Ras al-Ain stopped pumping on Monday. " * 6
    first = article_jsonl(tmp_path / "a.jsonl", [("https://www.site.example/2016/03/alouk/", text)])
    second = article_jsonl(tmp_path / "b.jsonl", [("https://mirror.example/syndicated/alouk", text)])
    report = ingest.add_paths(store, engine, [first, second], jobs=1)
    assert (report.added, report.duplicates) == (1, 1)
    (article_id,) = [a.id for a in store.iter_articles()]
    assert len(store.captures_of(article_id)) == 2


def test_another_spelling_of_the_url_is_one_article_though_its_text_changed(opened, tmp_path):
    store, engine = opened
    text = "The Alouk water station near Ras al-Ain stopped pumping on Monday. " * 6
    first = article_jsonl(tmp_path / "a.jsonl", [("https://www.site.example/2016/03/alouk/", text)])
    second = article_jsonl(tmp_path / "b.jsonl", [
        ("http://site.example/files/2016/03/alouk/?share=email", text + "Updated on Tuesday.")])
    report = ingest.add_paths(store, engine, [first, second], jobs=1)
    # one article, whose text the later capture updates (the earlier text is kept as a version)
    assert (report.added, report.duplicates, report.updated) == (1, 0, 1)
    assert store.counts()["articles"] == 1


def test_a_capture_stored_by_a_killed_run_is_cleaned_on_the_next(opened, tmp_path):
    store, engine = opened
    text = "Farmers in Amuda brought in the wheat harvest early this year. " * 5
    path = article_jsonl(tmp_path / "c.jsonl", [("https://news.example/amuda-harvest", text)])
    raw = json.dumps({"url": "https://news.example/amuda-harvest", "title": "Amuda",
                      "text": text}).encode()
    # what a run killed between storing and cleaning leaves behind: a capture, no article
    with store.transaction():
        store.put_capture(Capture(url="https://news.example/amuda-harvest", raw=raw,
                                  kind="record", source_file=str(path)), "c.jsonl")
    assert store.counts()["articles"] == 0
    report = ingest.add_paths(store, engine, [path], jobs=1)
    assert report.added == 1
    assert search(store, engine, "Amuda").total == 1


def test_reindex_builds_a_new_index_and_keeps_ids(opened, archive_dir):
    store, engine = opened
    ingest.add_paths(store, engine, [SEED], jobs=1)
    before = search(store, engine, "Hasakah").hits[0].id
    fresh = new_index(archive_dir)
    assert ingest.reindex(store, fresh) == 1
    promote(archive_dir, fresh)
    rebuilt = open_engine(archive_dir)
    try:
        assert search(store, rebuilt, "Hasakah").hits[0].id == before
    finally:
        rebuilt.close()


def test_reclean_keeps_ids_and_reuses_stored_bytes(opened, tmp_path):
    store, engine = opened
    copy = tmp_path / "seed.txt"
    shutil.copy(SEED, copy)
    ingest.add_paths(store, engine, [copy], jobs=1)
    (before,) = list(store.iter_articles())
    copy.unlink()  # reclean needs only what the archive holds
    report = ingest.reclean(store, engine, jobs=1)
    assert report.rejected == 0
    (after,) = list(store.iter_articles())
    assert after.id == before.id and after.text == before.text


def test_an_unusable_capture_is_kept_and_reported(opened, tmp_path):
    store, engine = opened
    empty = tmp_path / "empty-dump.txt"
    empty.write_text("\n\n   \n")
    report = ingest.add_paths(store, engine, [empty], jobs=1)
    assert report.added == 0
    assert report.errors and str(empty) in report.errors[0]["input"]


def test_cleaning_in_worker_processes_gives_the_same_archive(archive_dir, tmp_path):
    items = [(f"https://news.example/{i}", f"Report number {i} from Kobani about schools. " * 8)
             for i in range(12)]
    path = article_jsonl(tmp_path / "many.jsonl", items)
    results = []
    for jobs in (1, 2):
        folder = tmp_path / f"archive-{jobs}"
        folder.mkdir()
        store, engine = Store(database_path(folder)), open_engine(folder)
        report = ingest.add_paths(store, engine, [path], jobs=jobs)
        results.append((report.added, sorted(a.id for a in store.iter_articles())))
        engine.close()
        store.close()
    assert results[0] == results[1] and results[0][0] == 12


def test_a_second_writer_is_refused_at_once(archive_dir):
    with writer_lock(archive_dir):
        with pytest.raises(ArchiveLocked, match="being written"):
            with writer_lock(archive_dir):
                pass
    with writer_lock(archive_dir):  # released: the next writer gets it
        pass


def test_stored_capture_round_trips_its_bytes(opened):
    store, _ = opened
    capture = Capture(url="file:///x.txt", raw=SEED.read_bytes(), kind=KIND_TEXT,
                      source_file=str(SEED))
    with store.transaction():
        capture_id = store.put_capture(capture, "seed")
    (stored_id, stored, crawl), = list(store.iter_captures())
    assert (stored_id, crawl) == (capture_id, "seed")
    assert stored.raw == capture.raw and stored.digest == capture.digest
