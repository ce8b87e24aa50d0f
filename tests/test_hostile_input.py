"""Hostile and broken input: the archive stays whole, the rest is ingested, the terminal stays safe.

Each case adds a good crawl together with one bad input, then checks that the good pages
are searchable, the bad input is reported with a reason, and `khabar verify` passes.
Property-based tests (hypothesis) feed arbitrary bytes to the readers and the cleaner, and
arbitrary query strings to `khabar search`.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.clean import clean_bytes
from archive.model import CleanError
from archive.readers import MAX_PAYLOAD_BYTES, iter_captures
from cli.main import cli

REPO = Path(__file__).resolve().parents[1]
#: Bounded so the whole suite stays fast; the reliability report counts these examples.
FUZZ = settings(max_examples=200, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])
#: What a terminal would act on: escapes, C0/C1 controls but tab and newline, bidi controls.
TERMINAL_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE_TEXT = ("Qamishli council \x1b[2J\x1b[31mred\x1b[0m news \x1b]8;;http://evil.example\x07"
                "click\x1b]8;;\x07 here \rOVERWRITTEN \u202eevil\u202c \x9b31m and \x07bell.")


def good_page(n: int) -> bytes:
    body = " ".join(f"amuda{n} harvest wheat farmers field{k}" for k in range(12))
    return (f"<html><head><title>Amuda harvest {n}</title></head><body><article>"
            f"<h1>Amuda harvest {n}</h1><p>{body}.</p></article></body></html>").encode()


def write_warc(path: Path, pages: list[tuple[str, bytes]], headers=None) -> Path:
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.suffix == ".gz")
        for url, body in pages:
            http = StatusAndHeaders("200 OK", headers or [("Content-Type", "text/html")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response",
                                                          payload=io.BytesIO(body),
                                                          http_headers=http))
    return path


@pytest.fixture
def run(tmp_path):
    archive = tmp_path / "archive"

    def invoke(*args: str):
        result = CliRunner().invoke(cli, ["--archive", str(archive), *args])
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit), result.exception
        return result

    invoke.archive = archive
    return invoke


@pytest.fixture
def good(tmp_path) -> Path:
    return write_warc(tmp_path / "good.warc.gz",
                      [(f"https://good.example/{n}", good_page(n)) for n in range(3)])


def assert_good_ingested_and_archive_whole(run) -> None:
    found = json.loads(run("search", "amuda", "--json", "-n", "50").stdout)
    assert {hit["url"] for hit in found["hits"]} >= {f"https://good.example/{n}" for n in range(3)}
    verified = run("verify", "--json")
    assert verified.exit_code == 0, verified.stdout


def found_urls(run, query: str) -> set[str]:
    return {hit["url"] for hit in json.loads(run("search", query, "--json", "-n", "50").stdout)["hits"]}


def add(run, *paths: Path):
    return run("add", *map(str, paths), "--jobs", "1")


# ---------------------------------------------------------------- broken files
def test_truncated_warc_gz(run, good, tmp_path):
    whole = write_warc(tmp_path / "whole.warc.gz",
                       [(f"https://cut.example/{n}", good_page(100 + n)) for n in range(4)])
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) * 2 // 3])
    result = add(run, good, cut)
    assert result.exit_code == 3
    assert "cut.warc.gz at offset" in result.stderr
    assert json.loads(run("search", "amuda100", "--json").stdout)["total"] == 1
    assert_good_ingested_and_archive_whole(run)


def test_corrupted_gzip_member_in_the_middle(run, good, tmp_path):
    members = [write_warc(tmp_path / f"m{n}.warc.gz", [(f"https://mid.example/{n}",
                                                      good_page(200 + n))]).read_bytes()
               for n in range(3)]
    broken = bytearray(members[1])
    broken[30:60] = b"\xff" * 30
    path = tmp_path / "corrupt.warc.gz"
    path.write_bytes(members[0] + bytes(broken) + members[2])
    result = add(run, good, path)
    assert result.exit_code == 3 and "corrupt.warc.gz at offset" in result.stderr
    for n in (200, 202):  # the records around the damage
        assert json.loads(run("search", f"amuda{n}", "--json").stdout)["total"] == 1
    assert_good_ingested_and_archive_whole(run)


def test_gzip_bomb_is_bounded(good, tmp_path):
    """A 2 GB page in 2 MB of gzip, and a WARC record with a gzip-encoded bomb body:
    rejected without inflating them (the subprocess may not use 1 GB of memory)."""
    bomb = tmp_path / "bomb.html.gz"
    member = gzip.compress(b"<p>" + b"a" * (1 << 20), compresslevel=9)
    bomb.write_bytes(member * 2048)  # gzip members concatenated: one 2 GB stream
    encoded = zlib.compressobj(9, zlib.DEFLATED, 31)
    body = b"".join(encoded.compress(b"\0" * (1 << 20)) for _ in range(200)) + encoded.flush()
    warc = write_warc(tmp_path / "bomb.warc.gz", [("https://bomb.example/", body)],
                      [("Content-Type", "text/html"), ("Content-Encoding", "gzip")])
    archive = tmp_path / "archive"
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30)); "
    program = limit + "from cli.main import main; main()"
    done = subprocess.run([sys.executable, "-c", program, "--archive", str(archive), "add",
                           str(good), str(bomb), str(warc), "--jobs", "1"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 3, done.stderr
    assert "bomb.html.gz: over 20 MB" in done.stderr
    assert "bomb.warc.gz at offset 0: payload over 20 MB" in done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr


def test_huge_page_is_rejected_with_a_reason(run, good, tmp_path):
    huge = write_warc(tmp_path / "huge.warc", [("https://huge.example/", b"<html><body><p>"
                                                + b"word " * (MAX_PAYLOAD_BYTES // 5 + 10))])
    result = add(run, good, huge)
    assert result.exit_code == 3
    assert "huge.warc at offset 0: payload over 20 MB" in result.stderr
    assert_good_ingested_and_archive_whole(run)


def test_nesting_bomb_does_not_crash_the_writer(good, tmp_path):
    """100 000 nested divs: an article or a rejection, never a dead process (run for real)."""
    page = (b"<html><body>" + b"<div>" * 100_000 + b"<p>Deep Amuda harvest text here. " * 20
            + b"</p>" + b"</div>" * 100_000 + b"</body></html>")
    nested = tmp_path / "nested.html"
    nested.write_bytes(page)
    archive = tmp_path / "archive"
    done = subprocess.run([sys.executable, "-m", "cli.main", "--archive", str(archive), "add",
                           str(good), str(nested), "--jobs", "2"],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 3), done.stderr
    assert "Traceback" not in done.stderr
    verified = subprocess.run([sys.executable, "-m", "cli.main", "--archive", str(archive),
                               "verify"], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert verified.returncode == 0, verified.stderr


@pytest.mark.parametrize("name, content", [
    ("nul.html", b"<html><body><p>NUL\0bytes in Amuda \0 page text " * 20 + b"</p></body></html>"),
    ("bad-utf8.html", b"<html><head><meta charset=utf-8></head><body><p>"
     + b"broken \xff\xfe\xc3( utf8 Amuda " * 20 + b"</p></body></html>"),
    ("surrogate.html", b"<html><body><p>" + b"lone \xed\xa0\x80 surrogate Amuda " * 20
     + b"</p></body></html>"),
    ("mixed.html", b"<html><body><p>" + "الحسكة مياه".encode("utf-8") * 10
     + "الحسكة مياه".encode("cp1256") * 10 + b" Amuda</p></body></html>"),
    ("surrogate.jsonl", b'{"url": "https://s.example/x", "title": "\\ud800 t", "text": "'
     + b"lone \\udc00 escape Amuda " * 20 + b'"}\n{"url": "https://s.example/y"}\n'),
    ("nul.txt", b"Title\0line\n\n" + b"text with \0 NUL Amuda " * 20),
    ("binary.txt", bytes(range(256)) * 40),
])
def test_odd_bytes_are_archived_or_rejected(run, good, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    result = add(run, good, path)
    assert result.exit_code in (0, 3)
    assert_good_ingested_and_archive_whole(run)
    assert_each_capture_archived_or_rejected(run, path, result.stderr)
    for command in (("search", "amuda", "-n", "50"), ("show", "nonexistent")):
        shown = run(*command)
        assert not TERMINAL_CONTROLS.search(shown.stdout + shown.stderr)


def assert_each_capture_archived_or_rejected(run, path: Path, stderr: str) -> None:
    """The file's bytes are kept, and each capture from it became an article that a search
    for its words finds, or a rejection whose reason `add` printed."""
    db = sqlite3.connect(run.archive / "khabar.sqlite3")
    try:
        captures = db.execute("SELECT a.url, c.error FROM captures c LEFT JOIN articles a"
                              " ON a.id = c.article_id WHERE c.source_file = ?",
                              (str(path),)).fetchall()
    finally:
        db.close()
    assert captures, f"nothing of {path.name} was kept"
    found = {hit["url"] for hit in json.loads(run("search", "amuda", "--json", "-n", "50").stdout)["hits"]}
    for url, error in captures:
        if url is None:
            assert error and error.split(": ", 1)[-1] in stderr and path.name in stderr
        elif b"Amuda" in path.read_bytes():
            assert url in found


@pytest.mark.parametrize("name", ["empty.html", "empty.warc.gz", "empty.jsonl", "empty.txt"])
def test_empty_files(run, good, tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    result = add(run, good, tmp_path / name)
    assert result.exit_code == 3 and f"{name}: empty file" in result.stderr
    assert_good_ingested_and_archive_whole(run)


def test_folder_with_symlink_loop_fifo_and_a_link_out(run, good, tmp_path):
    """A loop, a FIFO (would block a naive reader) and a link to a file outside the folder
    (one that fails on every read) which is reported and never opened."""
    folder = tmp_path / "site"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "page.html").write_bytes(good_page(300))
    (folder / "sub" / "loop").symlink_to(folder)
    os.mkfifo(folder / "pipe.html")
    if Path("/proc/self/mem").exists():  # readable as root, yet every read at offset 0 fails
        (folder / "unreadable.html").symlink_to("/proc/self/mem")
    result = add(run, good, folder)
    assert result.exit_code in (0, 3)
    assert json.loads(run("search", "amuda300", "--json").stdout)["total"] == 1
    if Path("/proc/self/mem").exists():
        assert "unreadable.html links outside" in result.stderr
        assert "cannot read" not in result.stderr
    assert_good_ingested_and_archive_whole(run)


def test_a_link_out_of_the_folder_is_reported_once_and_never_followed(run, good, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_bytes(good_page(310))
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.html").write_bytes(good_page(311))
    (folder / "root").symlink_to("/")
    (folder / "secret.html").symlink_to(outside / "secret.html")
    (folder / "inside.html").symlink_to(folder / "page.html")  # inside: read (a duplicate)
    result = add(run, good, folder)
    assert result.exit_code == 0, result.stderr  # a link not followed is no failure
    assert result.stderr.count("root links outside") == 1
    assert result.stderr.count("secret.html links outside") == 1
    urls = found_urls(run, "amuda")
    assert urls & {(folder / "page.html").as_uri(), (folder / "inside.html").as_uri()}
    assert not any(url.endswith("secret.html") or "/root/" in url for url in urls)
    crawls = run("crawls", "--json")
    assert crawls.exit_code == 0 and "site" in crawls.stdout
    assert "/etc" not in crawls.stdout and "elsewhere" not in crawls.stdout
    assert_good_ingested_and_archive_whole(run)


def test_a_named_pipe_is_read_as_a_stream_within_the_size_bound(run, good, tmp_path):
    """An endless page through a FIFO: read up to the bound and rejected, not spooled whole."""
    pipe = tmp_path / "endless.html"
    os.mkfifo(pipe)
    written = [0]

    def endless() -> None:
        block = b"<p>" + b"x" * (1024 * 1024) + b"</p>"
        try:
            with open(pipe, "wb") as stream:
                while written[0] < 200 * 1024 * 1024:  # the old reader took all of it
                    stream.write(block)
                    written[0] += len(block)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=endless, daemon=True)
    writer.start()
    result = add(run, good, pipe)
    writer.join(timeout=30)
    assert result.exit_code == 3 and "endless.html: over 20 MB" in result.stderr
    assert written[0] < 40 * 1024 * 1024
    assert_good_ingested_and_archive_whole(run)


def test_ctrl_c_stops_reading_an_endless_crawl_from_a_pipe(tmp_path):
    pipe = tmp_path / "endless.warc"
    os.mkfifo(pipe)
    sent = [0]

    def endless() -> None:
        try:
            with open(pipe, "wb") as stream:
                stream.write(b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: 99999999999\r\n\r\n")
                while sent[0] < 2 * 1024 ** 3:
                    stream.write(b"x" * 65536)
                    sent[0] += 65536
        except BrokenPipeError:
            pass

    threading.Thread(target=endless, daemon=True).start()
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "--archive", str(tmp_path / "a"),
                                "add", str(pipe)], cwd=REPO, stderr=subprocess.PIPE,
                               env=dict(os.environ, PYTHONPATH=str(REPO)))
    while sent[0] < 20 * 1024 * 1024 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)  # once: add stops "at the next record", and there is none
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and b"interrupted" in err and b"Traceback" not in err
    assert sent[0] < 1024 ** 3


def test_a_deeply_nested_json_record_is_one_rejected_record(run, good, tmp_path):
    record = {"url": "https://json.example/{n}", "title": "Amuda report",
              "text": "Amuda{n} words " * 30}
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text(json.dumps(record).replace("{n}", "320") + "\n"
                     + "[" * 2000 + "]" * 2000 + "\n"
                     + '{"url": "https://json.example/d", "text": ' + "[" * 2000 + "]" * 2000
                     + "}\n" + json.dumps(record).replace("{n}", "321") + "\n")
    later.write_text(json.dumps(record).replace("{n}", "322") + "\n")
    result = add(run, good, first, later)
    assert result.exit_code == 3 and "Traceback" not in result.stderr
    assert "first.jsonl line 2 (offset" in result.stderr and "nested more than" in result.stderr
    assert "first.jsonl line 3" in result.stderr
    assert found_urls(run, "amuda") >= {f"https://json.example/{n}" for n in (320, 321, 322)}
    assert_good_ingested_and_archive_whole(run)


def test_a_negative_warc_length_is_reported_at_its_record(run, good, tmp_path):
    whole = write_warc(tmp_path / "whole.warc", [(f"https://neg.example/{n}", good_page(330 + n))
                                                 for n in range(3)])
    data = whole.read_bytes()
    second = data.index(b"WARC/1.0", 1)
    length = data.index(b"Content-Length: ", second)
    damaged = tmp_path / "negative.warc"
    damaged.write_bytes(data[:length] + b"Content-Length: -376"
                        + data[data.index(b"\r\n", length):])
    result = add(run, good, damaged)
    assert result.exit_code == 3
    assert f"negative.warc at offset {second}: negative WARC Content-Length (-376)" in result.stderr
    assert "offset -" not in result.stderr
    assert found_urls(run, "amuda") >= {"https://neg.example/0", "https://neg.example/2"}
    assert_good_ingested_and_archive_whole(run)


def test_crawl_contents_never_decide_where_khabar_writes(run, good, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    hostile_urls = ["../../etc/passwd", "file:///etc/passwd", f"file://{outside}/owned",
                    "../../../../tmp/khabar-owned", "https://x.example/../../../etc/passwd",
                    "/absolute/path", "https://x.example/%2e%2e%2f%2e%2e%2fetc"]
    warc = write_warc(tmp_path / "paths.warc.gz",
                      [(url, good_page(400 + n)) for n, url in enumerate(hostile_urls)])
    lines = tmp_path / "paths.jsonl"
    lines.write_text("".join(json.dumps({"url": url, "title": "t", "text": "Amuda words " * 30})
                             + "\n" for url in hostile_urls))
    passwd = Path("/etc/passwd").stat()
    before = sorted(p for p in tmp_path.rglob("*"))
    result = add(run, good, warc, lines)
    assert result.exit_code in (0, 3)
    run("export", "--format", "warc", "-o", str(tmp_path / "out.warc.gz"))
    after = sorted(p for p in tmp_path.rglob("*") if not p.is_relative_to(run.archive))
    assert after == sorted(before + [tmp_path / "out.warc.gz"])
    assert not list(outside.iterdir()) and not Path("/tmp/khabar-owned").exists()
    assert Path("/etc/passwd").stat().st_mtime == passwd.st_mtime
    names = {p.name for p in run.archive.iterdir()}
    assert names <= {"khabar.sqlite3", "khabar.sqlite3-wal", "khabar.sqlite3-shm", "writer.lock",
                     "index", "index-a", "index-b", "index.current", "variants.tsv"}
    assert_good_ingested_and_archive_whole(run)


# ---------------------------------------------------------------- property-based
READER_NAMES = ["x.warc.gz", "x.warc", "x.arc.gz", "x.html", "x.html.gz", "x.jsonl",
                "x.jsonl.gz", "x.txt", "noname"]


def _valid_warc() -> bytes:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for n in range(2):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(f"https://f.example/{n}", "response",
                                                      payload=io.BytesIO(good_page(n)),
                                                      http_headers=http))
    return buffer.getvalue()


VALID_WARC = _valid_warc()


def _read_all(path: Path) -> tuple[list, list]:
    errors: list[tuple[str, str]] = []
    captures = list(iter_captures(path, on_error=lambda s, r: errors.append((s, r)),
                                  on_skip=lambda s, r: None))
    for source, reason in errors:
        assert reason and "\n" not in reason and source in reason
    for capture in captures:
        assert isinstance(capture.raw, bytes) and len(capture.raw) <= MAX_PAYLOAD_BYTES
        assert capture.url
    return captures, errors


@FUZZ
@given(data=st.binary(max_size=4096), name=st.sampled_from(READER_NAMES),
       gzipped=st.booleans())
def test_readers_never_raise_on_arbitrary_bytes(tmp_path, data, name, gzipped):
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if gzipped else data)
    _read_all(path)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(0, len(VALID_WARC) - 1), st.binary(max_size=8)),
                      max_size=4),
       cut=st.integers(1, len(VALID_WARC)), gunzipped=st.booleans())
def test_readers_never_raise_on_a_damaged_warc(tmp_path, edits, cut, gunzipped):
    data = bytearray(gzip.decompress(VALID_WARC) if gunzipped else VALID_WARC)
    for position, replacement in edits:
        position %= len(data)
        data[position:position + len(replacement)] = replacement
    path = tmp_path / "damaged.warc.gz"
    path.write_bytes(bytes(data[:cut]))
    _read_all(path)


@FUZZ
@given(depth=st.integers(0, 3000), opener=st.sampled_from(["[", "{\"a\":", "[{\"b\":"]),
       inside=st.sampled_from(["1", "\"]]]\"", "\"\\\\\"[\"", "{}", ""]),
       closed=st.booleans(), after=st.booleans())
def test_nested_json_lines_are_read_or_rejected_one_record_at_a_time(tmp_path, depth, opener, inside,
                                                                       closed, after):
    closer = {"[": "]", "{\"a\":": "}", "[{\"b\":": "}]"}[opener]
    nested = opener * depth + inside + (closer * depth if closed else "")
    good = json.dumps({"url": "https://j.example/ok", "text": "words " * 20})
    path = tmp_path / "nested.jsonl"
    record = '{"url": "https://j.example/n", "text": "t", "deep": ' + nested + "}"
    path.write_text(good + "\n" + record + "\n" + (good + "\n" if after else ""))
    captures, errors = _read_all(path)
    assert sum(c.url == "https://j.example/ok" for c in captures) == 1 + after
    if depth * closer.count("]" if "[" in opener else "}") > 100:
        assert any("line 2" in reason for _, reason in errors)


@FUZZ
@given(raw=st.one_of(st.binary(max_size=4096),
                     st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
                     st.text(max_size=500).map(lambda t: f"<html><body><p>{t}</p></body></html>"
                                               .encode("utf-8", "surrogatepass"))),
       kind=st.sampled_from([None, "html", "text", "record"]))
def test_cleaner_returns_an_article_or_a_clean_error(raw, kind):
    try:
        article = clean_bytes(raw, url="https://fuzz.example/page", kind=kind)
    except CleanError as err:
        assert str(err)
        return
    assert isinstance(article.text, str) and isinstance(article.title, str) and article.lang


# ---------------------------------------------------------------- terminal safety
@pytest.fixture
def hostile_archive(run, tmp_path):
    lines = tmp_path / "hostile\x1b[31m.jsonl"
    records = [{"url": f"https://evil.example/{n}\x1b[2J", "title": f"Title {n} \x1b[31m\u202e",
                "author": "Aynur \x1b]8;;http://x\x07", "source": "ARA \x1b[5m\r",
                "text": f"{' '.join(f'word{n}x{k}' for k in range(60))} " + HOSTILE_TEXT * 3
                + f" Number{n} harvest Qamishli."} for n in range(3)]
    lines.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert add(run, lines).exit_code == 0
    run("saved", "add", "evil\x1b[31m", "Qamishli")
    page = tmp_path / "hostile.html"
    page.write_text(f"<html><head><title>T \x1b[31m</title></head><body><p>{HOSTILE_TEXT * 8}"
                    "</p></body></html>")
    ids = [hit["id"] for hit in json.loads(run("search", "Qamishli", "--json").stdout)["hits"]]
    assert len(ids) == 3
    return ids, page


def test_escape_sequences_print_harmlessly_in_every_output_mode(run, hostile_archive):
    ids, page = hostile_archive
    human = [("search", "Qamishli"), ("show", ids[0]),
             ("similar", ids[0]), ("saved", "run", "evil\x1b[31m"), ("saved", "list"),
             ("crawls",), ("stats",), ("clean", str(page)), ("clean", "--explain", str(page)),
             ("count", "Qamishli", "--by", "source")]
    for command in human:
        result = run(*command)
        assert result.exit_code in (0, 1), (command, result.stderr)
        assert not TERMINAL_CONTROLS.search(result.stdout + result.stderr), command
    for command in [("search", "Qamishli", "--json"), ("show", ids[0], "--json"),
                    ("similar", ids[0], "--json"), ("saved", "run", "evil\x1b[31m", "--json"),
                    ("crawls", "--json"), ("stats", "--json"), ("verify", "--json")]:
        result = run(*command)
        json.loads(result.stdout)
        assert not TERMINAL_CONTROLS.search(result.stderr), command
    for line in run("search", "Qamishli", "--jsonl").stdout.splitlines():
        json.loads(line)
    for line in run("clean", "--json", str(page)).stdout.splitlines():
        json.loads(line)
    exported = list(csv.reader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert len(exported) == 1 + len(ids)
    for fmt, delimiter in (("--csv", ","), ("--tsv", "\t")):
        rows = list(csv.reader(io.StringIO(run("search", "Qamishli", fmt).stdout),
                               delimiter=delimiter))
        assert rows[0][0] == "id" and len(rows) == 1 + len(ids)
    assert rows[0][0] == "id" and len(rows) == 1 + len(ids) and all(len(r) == len(rows[0]) for r in rows)


def test_machine_outputs_escape_every_control_and_keep_the_text_exact(run, hostile_archive):
    """JSON escapes what ensure_ascii=False leaves raw (U+009B, U+202E, DEL); CSV and TSV
    show a visible escape; exports to stdout are machine output too."""
    ids, _ = hostile_archive
    outputs = {
        "json": run("search", "Qamishli", "--json").stdout,
        "jsonl": run("search", "Qamishli", "--jsonl").stdout,
        "csv": run("search", "Qamishli", "--csv").stdout,
        "tsv": run("search", "Qamishli", "--tsv").stdout,
        "show": run("show", ids[0], "--json").stdout,
        "export jsonl": run("export", "--format", "jsonl", "-o", "-").stdout,
        "export csv": run("export", "--format", "csv", "-o", "-").stdout,
    }
    for mode, text in outputs.items():
        assert not TERMINAL_CONTROLS.search(text), mode
        assert "\x1b" not in text and "\x9b" not in text and "\u202e" not in text, mode
    shown = json.loads(outputs["show"])
    # JSON keeps the stored text exact; the cleaner stores no control characters at all
    assert "\u202e" in shown["title"] and "\x1b" not in shown["title"]
    exported = [json.loads(line) for line in outputs["export jsonl"].splitlines()]
    assert any("\u202e" in record["title"] for record in exported)
    assert all("\\u202e" in outputs[mode] for mode in ("csv", "tsv", "export csv"))


@FUZZ
@given(query=st.text(min_size=1, max_size=40))
def test_any_query_gives_results_or_a_clear_error(run, hostile_archive, query):
    result = run("search", "--json", "--", query)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code == 2:
        assert result.stderr.startswith("khabar: ") or "Error" in result.stderr
        assert "Traceback" not in result.stderr
    else:
        json.loads(result.stdout)
