"""Nothing lost, nothing corrupted: `khabar add` killed, interrupted and run concurrently.

Real subprocesses run `python -m cli.main` on a real multi-thousand-record WARC; they are
killed with SIGKILL at many points (through the KHABAR_FAULT_AFTER hook in archive.ingest, and
by time), interrupted with SIGINT, and raced against searches and other writers. After every
resume the archive must equal one built by a single uninterrupted run.

`KHABAR_SLOW_TESTS=1` also runs the exhaustive variant: a fresh archive per kill point, each
resumed to completion and compared.
"""
from __future__ import annotations

import io
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.location import ArchiveLocked, database_path, writer_lock
from archive.store import Store
from cli.main import cli
from indexer.search import search
from indexer.whoosh_engine import WhooshEngine, open_engine

REPO = Path(__file__).resolve().parents[1]
#: Queries whose results must be the same however often the ingest was killed.
QUERIES = ("kamiro", "story", "sadule OR zebaqu", '"harvest report"', "tino*")
#: Where the chained runs die: an int is a step (a durable write of the ingest) at which the
#: run kills itself through KHABAR_FAULT_AFTER — small ones land on the first capture, the
#: first outcome, and (1 and 2 on a resumed run) between the index commit and the archive
#: recording it; a float is when the run is killed from outside (anywhere, even inside an
#: index commit), as a share of the time an uninterrupted add takes on this machine, so that
#: the timed kills together never let the add finish however fast the machine is.
KILL_PLAN = (1, 2, 3, 1, 2, 17, 0.08, 40, 5, 1, 96, 2, 0.12, 150, 7, 1, 64, 3, 128, 2, 11, 0.16,
             1, 90, 2, 33, 0.22, 0.28)
#: How a complete `add` of these crawls ends: they hold pages with no article (exit 3, partial).
COMPLETE = 3


# ------------------------------------------------------------------ the crawl
def _words(rng: random.Random) -> list[str]:
    syllables = ["ka", "ro", "mi", "sa", "du", "le", "ti", "no", "ba", "ze", "qu", "ha"]
    return sorted({"".join(rng.choice(syllables) for _ in range(3)) for _ in range(400)})


def write_crawl(path: Path, articles: int = 1000, site: str = "news.example") -> int:
    """A crawl as a crawler writes it; returns its number of WARC records.

    Besides one response per article it holds request records, 404s, revisits, the same
    text under a second URL (a duplicate), and pages with no article (rejected).
    """
    rng = random.Random(f"{site} {articles}")
    words = _words(rng)
    html_type = [("Content-Type", "text/html; charset=utf-8")]
    records = 0
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)

        def write(record) -> None:
            nonlocal records
            writer.write_record(record)
            records += 1

        for i in range(articles):
            url = f"https://{site}/{i // 100}/story-{i}"
            text = " ".join(rng.choice(words) for _ in range(45))
            page = (f"<html><head><title>Story {i} harvest report</title></head><body><article>"
                    f"<h1>Story {i} harvest report</h1><p>{text}.</p></article></body></html>")
            request = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")],
                                       is_http_request=True)
            write(writer.create_warc_record(url, "request", http_headers=request))
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page.encode()),
                http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1"))
            write(response)
            if i % 20 == 3:   # the same article syndicated under another URL
                write(writer.create_warc_record(
                    f"https://mirror.example/copy-{i}", "response", payload=io.BytesIO(page.encode()),
                    http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1")))
            if i % 20 == 7:   # a re-crawl of the same page
                write(writer.create_revisit_record(
                    url, response.rec_headers.get_header("WARC-Payload-Digest"), url,
                    response.rec_headers.get_header("WARC-Date"),
                    http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1"),
                    warc_headers_dict={"WARC-Date": "2016-04-01T10:00:00Z"}))
            if i % 20 == 11:  # a page that is gone
                write(writer.create_warc_record(
                    f"https://{site}/gone-{i}", "response", payload=io.BytesIO(b"gone"),
                    http_headers=StatusAndHeaders("404 Not Found", html_type, protocol="HTTP/1.1")))
            if i % 20 == 13:  # a page with no article in it
                write(writer.create_warc_record(
                    f"https://{site}/empty-{i}", "response",
                    payload=io.BytesIO(b"<html><body><nav>Home</nav></body></html>"),
                    http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1")))
    return records


# ------------------------------------------------------------------ running khabar
def khabar_process(archive: Path, *args: str, fault_after: int | None = None) -> subprocess.Popen:
    """`python -m cli.main --archive ARCHIVE ARGS…` in its own process group."""
    env = dict(os.environ, PYTHONPATH=str(REPO))
    env.pop("KHABAR_FAULT_AFTER", None)
    if fault_after is not None:
        env["KHABAR_FAULT_AFTER"] = str(fault_after)
    return subprocess.Popen([sys.executable, "-m", "cli.main", "--archive", str(archive), *args],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    """Wait for a khabar process, then end anything left in its process group."""
    out, err = process.communicate(timeout=300)
    try:
        os.killpg(process.pid, signal.SIGKILL)  # only this test's own processes
    except ProcessLookupError:
        pass
    return process.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def khabar(archive: Path, *args: str, fault_after: int | None = None) -> tuple[int, str, str]:
    return finish(khabar_process(archive, *args, fault_after=fault_after))


def killed_after(seconds: float, archive: Path, *args: str) -> tuple[int, str, str]:
    """Run khabar ARGS… and SIGKILL it after `seconds`, unless it ended before."""
    process = khabar_process(archive, *args)
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGKILL)
    return finish(process)


def add(archive: Path, crawl: Path, **options) -> tuple[int, str, str]:
    return khabar(archive, "add", str(crawl), "--jobs", "2", **options)


def verify_in_process(archive: Path):
    return CliRunner().invoke(cli, ["--archive", str(archive), "verify", "--json"])


# ------------------------------------------------------------------ what an archive holds
def snapshot(archive: Path) -> dict:
    """Everything a user could notice about an archive, read from SQLite and the index."""
    db = sqlite3.connect(database_path(archive))
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        captures = db.execute(
            "SELECT url, digest, kind, crawl, record_id, offset, article_id, error IS NOT NULL"
            " FROM captures ORDER BY url, digest").fetchall()
        articles = db.execute(
            "SELECT id, canonical_url, url, title, text, lang, text_hash, simhash, near_of, crawl,"
            " indexed FROM articles ORDER BY id").fetchall()
        inputs = db.execute("SELECT hash, crawl, finished_at IS NOT NULL, added, duplicates,"
                            " rejected, skipped FROM inputs").fetchall()
    finally:
        db.close()
    engine = open_engine(archive)
    try:
        with engine.ix.searcher() as searcher:
            indexed = sorted(fields["id"] for fields in searcher.all_stored_fields())
        store = Store(database_path(archive), create=False)
        try:
            # the same hits; their order among equal scores may follow the index's segments
            results = {q: sorted((hit.id, hit.title, hit.url)
                                 for hit in search(store, engine, q, limit=5000).hits)
                       for q in QUERIES}
            totals = {q: search(store, engine, q).total for q in QUERIES}
        finally:
            store.close()
    finally:
        engine.close()
    return {"captures": captures, "articles": articles, "inputs": inputs, "indexed": indexed,
            "results": results, "totals": totals}


def assert_whole(state: dict, reference: dict) -> None:
    """The archive equals the uninterrupted one: nothing lost, nothing twice."""
    assert len(state["captures"]) == len(reference["captures"])
    assert len({(c[0], c[1]) for c in state["captures"]}) == len(state["captures"])  # once each
    assert state["captures"] == reference["captures"]
    assert state["articles"] == reference["articles"]
    assert len(state["indexed"]) == len(set(state["indexed"]))  # indexed exactly once
    assert state["indexed"] == sorted(a[0] for a in reference["articles"])
    assert state["results"] == reference["results"]
    assert state["totals"] == reference["totals"]
    # the ledger knows the input, that it was read to the end, and its exact counts
    assert state["inputs"] == reference["inputs"]


def assert_opens_and_verifies(archive: Path) -> None:
    """A killed archive opens, searches, and `verify` finds no damage.

    The only thing a kill may leave is articles queued for the index (indexed = 0), which
    the next `add` indexes; the index never holds an article the archive lacks.
    """
    state = snapshot(archive)  # integrity check, index opens, every query runs
    archived = {a[0] for a in state["articles"]}
    queued = {a[0] for a in state["articles"] if not a[10]}
    assert set(state["indexed"]) <= archived
    assert archived - set(state["indexed"]) <= queued
    result = verify_in_process(archive)
    report = json.loads(result.stdout)
    assert result.exit_code in (0, 4) and report["ok"] == (result.exit_code == 0)
    for problem in report["problems"]:
        assert problem.endswith("is archived but not indexed (run: khabar reindex)"), problem
        assert problem.split()[1] in queued


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def crawl(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("crawl") / "crawl.warc.gz"
    assert write_crawl(path) >= 2000
    return path


@pytest.fixture(scope="module")
def small_crawl(tmp_path_factory) -> Path:
    """A crawl small enough to add whole several times in one test."""
    path = tmp_path_factory.mktemp("small") / "small.warc.gz"
    write_crawl(path, 240, site="small.example")
    return path


def uninterrupted(crawl: Path, archive: Path) -> dict:
    status, _out, err = add(archive, crawl)
    assert status == COMPLETE, err
    return snapshot(archive)


@pytest.fixture(scope="module")
def small_reference(small_crawl, tmp_path_factory) -> dict:
    return uninterrupted(small_crawl, tmp_path_factory.mktemp("small-reference") / "archive")


@pytest.fixture(scope="module")
def reference(crawl, tmp_path_factory) -> dict:
    """The archive one uninterrupted `khabar add` builds (and, under "seconds", how long that
    took: not part of what assert_whole compares)."""
    started = time.perf_counter()
    state = uninterrupted(crawl, tmp_path_factory.mktemp("reference") / "archive")
    state["seconds"] = time.perf_counter() - started
    assert len(state["articles"]) > 900 and state["totals"]["story"] == len(state["articles"])
    # the syndicated copies are duplicates by text; no two different stories are near-duplicates
    assert not any(a[8] for a in state["articles"])
    assert sum(1 for c in state["captures"] if c[7]) >= 40   # rejected captures are kept
    assert len(state["captures"]) > len(state["articles"])   # duplicates and revisits attach
    return state


# ------------------------------------------------------------------ crash safety
def test_add_killed_at_many_points_resumes_to_the_same_archive(crawl, reference, tmp_path):
    archive = tmp_path / "archive"
    kills = 0
    for point in KILL_PLAN:
        if isinstance(point, int):
            status, _out, err = add(archive, crawl, fault_after=point)
            assert status == -signal.SIGKILL, f"run meant to die at step {point} ended {status}: {err}"
        else:
            status, _out, err = killed_after(point * reference["seconds"], archive, "add",
                                             str(crawl), "--jobs", "2")
            assert status in (-signal.SIGKILL, COMPLETE), err
        kills += status == -signal.SIGKILL
        assert_opens_and_verifies(archive)
    status, _out, err = add(archive, crawl)
    # COMPLETE finishes the job; 0 ("skipped: already archived") if a timed run already had
    assert status in (COMPLETE, 0), err
    assert kills >= 25  # the timed ones land unless the run was already done
    assert_whole(snapshot(archive), reference)
    status, out, _err = khabar(archive, "verify", "--json")
    assert status == 0 and json.loads(out)["ok"]
    # and adding it once more changes nothing
    assert add(archive, crawl)[0] == 0  # "skipped: already archived"
    assert_whole(snapshot(archive), reference)


@pytest.mark.skipif(not os.environ.get("KHABAR_SLOW_TESTS"),
                    reason="exhaustive: set KHABAR_SLOW_TESTS=1 (a fresh archive per kill point)")
def test_add_killed_at_each_point_then_resumed_equals_uninterrupted(crawl, reference, tmp_path):
    rng = random.Random(8)
    points = sorted({1, 2, 3, 4, 5} | {rng.randrange(6, 2300) for _ in range(40)})
    for steps in points:
        archive = tmp_path / f"archive-{steps}"
        status, _out, err = add(archive, crawl, fault_after=steps)
        assert status in (-signal.SIGKILL, COMPLETE), err
        assert_opens_and_verifies(archive)
        assert add(archive, crawl)[0] == COMPLETE
        assert_whole(snapshot(archive), reference)


def test_ctrl_c_stops_at_the_next_record_and_the_rerun_completes(small_crawl, small_reference,
                                                                 tmp_path):
    crawl, reference = small_crawl, small_reference
    archive = tmp_path / "archive"
    process = khabar_process(archive, "add", str(crawl), "--jobs", "2")
    database = database_path(archive)
    while process.poll() is None and not _has_articles(database):
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal does: the writer and its workers
    status, _out, err = finish(process)
    assert status == 130, err
    assert "Traceback" not in err
    assert "interrupted; run the same command again" in err
    assert "added " in err  # what was done
    assert_opens_and_verifies(archive)
    db = sqlite3.connect(database)
    unfinished = db.execute("SELECT COUNT(*) FROM inputs WHERE finished_at IS NULL").fetchone()[0]
    db.close()
    assert unfinished == 1  # the interrupted input is read again, not skipped as done
    status, _out, err = add(archive, crawl)
    assert status == COMPLETE, err
    assert_whole(snapshot(archive), reference)


def _has_articles(database: Path) -> bool:
    if not database.exists():
        return False
    db = sqlite3.connect(database, timeout=30)
    try:
        return db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] > 20
    except sqlite3.OperationalError:  # tables not created yet
        return False
    finally:
        db.close()


def test_killed_reindex_keeps_the_old_index_serving(small_crawl, small_reference, tmp_path):
    crawl, reference = small_crawl, small_reference
    archive = tmp_path / "archive"
    assert add(archive, crawl)[0] == COMPLETE
    # step 1 of a reindex: the new index is committed whole but not yet made live
    status, _out, err = khabar(archive, "reindex", fault_after=1)
    assert status == -signal.SIGKILL, err
    assert (archive / "index-building").is_dir()
    assert_opens_and_verifies(archive)
    assert_whole(snapshot(archive), reference)
    status, _out, err = khabar(archive, "reindex")
    assert status == 0, err
    assert not (archive / "index-building").exists()
    assert_whole(snapshot(archive), reference)


def test_killed_reclean_keeps_the_old_index_serving(small_crawl, small_reference, tmp_path):
    crawl, reference = small_crawl, small_reference
    archive = tmp_path / "archive"
    assert add(archive, crawl)[0] == COMPLETE
    captures = len(reference["captures"])
    # a reclean takes one durable step per capture, then commits its new index (one step)
    # and records that (one more) before making it live: killed halfway through the captures,
    # right after the new index's commit, and right after recording it
    for point in (captures // 2, captures + 1, captures + 2):
        status, _out, err = khabar(archive, "reclean", "--jobs", "2", fault_after=point)
        assert status == -signal.SIGKILL, f"reclean meant to die at step {point} ended {status}: {err}"
        assert_opens_and_verifies(archive)
        state = snapshot(archive)
        assert state["results"] == reference["results"] and state["indexed"] == reference["indexed"]
    status, _out, err = khabar(archive, "reclean", "--jobs", "2")
    assert status == 0, err
    assert_whole(snapshot(archive), reference)


# ------------------------------------------------------------------ concurrency
def test_searches_during_an_add_see_a_whole_index(tmp_path):
    parts = []
    for n, size in enumerate((120, 200, 160)):
        path = tmp_path / f"part-{n}.warc.gz"
        write_crawl(path, size, site=f"part{n}.example")
        parts.append(path)
    archive = tmp_path / "archive"
    archive.mkdir()
    Store(database_path(archive)).close()
    open_engine(archive).close()
    seen: set[int] = set()
    process = khabar_process(archive, "add", *map(str, parts), "--jobs", "2")
    while process.poll() is None:
        seen.add(_whole_search(archive))
    status, _out, err = finish(process)
    assert status == COMPLETE, err
    seen.add(_whole_search(archive))
    # each input is committed to the index whole, so a reader sees 0, then part 0, ... articles
    db = sqlite3.connect(database_path(archive))
    per_part = dict(db.execute("SELECT crawl, COUNT(*) FROM articles GROUP BY crawl").fetchall())
    db.close()
    boundaries, total = {0}, 0
    for path in parts:
        total += per_part[path.name]
        boundaries.add(total)
    assert seen <= boundaries
    assert max(seen) == total and len(seen) >= 2


#: A writer that commits one article at a time, as fast as it can, until it has made `commits`.
COMMITTING_WRITER = """
import sys
from pathlib import Path
from tests.test_engine import article
from indexer.whoosh_engine import WhooshEngine
engine = WhooshEngine(Path(sys.argv[1]))
for n in range(int(sys.argv[2])):
    engine.add([article(n, f"Water trucks reached Qamishli, report {n}.")])
    engine.commit()
engine.close()
"""


def test_an_index_opens_and_searches_while_a_writer_commits(tmp_path):
    """Each commit writes the next table of contents and deletes the one before, which an
    opening reader may just have listed: opening must read the newer one instead of failing."""
    folder = tmp_path / "index"
    WhooshEngine(folder).close()
    writer = subprocess.Popen([sys.executable, "-c", COMMITTING_WRITER, str(folder), "300"],
                              cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                              stderr=subprocess.PIPE)
    opened, seen = 0, []
    try:
        while writer.poll() is None:
            engine = WhooshEngine(folder)
            try:
                seen.append(engine.search("Qamishli", limit=1).total)
            finally:
                engine.close()
            opened += 1
    finally:
        _status, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err.decode(errors="replace")
    assert opened >= 20 and seen == sorted(seen)  # each open sees the same or a later commit
    assert WhooshEngine(folder).search("Qamishli").total == 300


def _whole_search(archive: Path) -> int:
    """One search; every hit is an archived article. Returns how many articles the index held."""
    store = Store(database_path(archive), create=False)
    engine = open_engine(archive)
    try:
        with engine.ix.searcher() as searcher:
            held = searcher.doc_count()
        result = search(store, engine, "story OR harvest", limit=1000)
        assert len(store.get_articles([hit.id for hit in result.hits])) == len(result.hits)
        return held
    finally:
        engine.close()
        store.close()


@pytest.mark.parametrize("command", [("add", "{crawl}"), ("reindex",), ("reclean",)])
def test_a_second_writer_fails_at_once_with_a_clear_message(command, crawl, tmp_path):
    archive = tmp_path / "archive"
    before = None
    with writer_lock(archive):
        args = [part.format(crawl=crawl) for part in command]
        status, out, err = khabar(archive, *args)
        before = sorted(p.name for p in archive.iterdir())
    assert status == 4
    assert "is being written by pid" in err and "try again" in err
    assert "Traceback" not in err and out == ""
    assert before == ["writer.lock"]  # nothing was created or touched


def test_a_lock_left_by_a_killed_writer_is_no_obstacle(small_crawl, tmp_path):
    crawl = small_crawl
    archive = tmp_path / "archive"
    process = khabar_process(archive, "add", str(crawl), "--jobs", "2")
    while process.poll() is None and not _has_articles(database_path(archive)):
        time.sleep(0.05)
    lock_text = (archive / "writer.lock").read_text()
    assert lock_text == f"pid {process.pid}"  # the writer holds it
    process.send_signal(signal.SIGKILL)  # the writer only: its cleaning workers are orphaned
    process.wait(timeout=60)
    try:
        # the kernel dropped the dead writer's lock, and orphaned workers never shared it
        with writer_lock(archive):
            pass
        status, _out, err = add(archive, crawl)
        assert status == COMPLETE, err
    finally:
        finish(process)
    with pytest.raises(ArchiveLocked):  # and the lock still works
        with writer_lock(archive):
            with writer_lock(archive):
                pass


def test_orphaned_cleaning_workers_exit(crawl, tmp_path):
    archive = tmp_path / "archive"
    process = khabar_process(archive, "add", str(crawl), "--jobs", "2")
    while process.poll() is None and not _has_articles(database_path(archive)):
        time.sleep(0.05)
    workers = _children(process.pid)
    assert workers
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    try:
        for _ in range(200):  # a worker checks for its writer every PARENT_CHECK_SECONDS
            if not any(_alive(pid) for pid in workers):
                break
            time.sleep(0.05)
        assert not any(_alive(pid) for pid in workers)
    finally:
        finish(process)


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
