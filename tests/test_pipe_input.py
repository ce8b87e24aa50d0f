"""Crawls read from a pipe: the spool to disk is bounded, and one Ctrl-C stops a silent pipe."""
from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

REPO = Path(__file__).resolve().parents[1]


def page(host: str, n: int) -> bytes:
    """A page of its own words (two pages alike would be one article)."""
    words = [hashlib.sha1(f"{host}{n}{k}".encode()).hexdigest()[:8] for k in range(60)]
    body = "Amuda farmers " + " ".join(words)
    return (f"<html><head><title>Amuda harvest {n}</title></head><body><article>"
            f"<h1>Amuda harvest {n}</h1><p>{body}.</p></article></body></html>").encode()


def crawl(host: str, pages: int, *, images: int = 0) -> bytes:
    """A WARC of `pages` pages and `images` 700 KB images (skipped, never cleaned)."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    for n in range(pages):
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            f"https://{host}/{n}", "response", payload=io.BytesIO(page(host, n)), http_headers=http))
    for n in range(images):
        writer.write_record(writer.create_warc_record(
            f"https://{host}/img{n}.png", "resource", payload=io.BytesIO(os.urandom(700_000)),
            warc_content_type="image/png"))
    return out.getvalue()


@pytest.fixture
def other_crawl(tmp_path) -> Path:
    path = tmp_path / "other.warc"
    path.write_bytes(crawl("other.example", 2))
    return path


@pytest.fixture
def spool_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "spool"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def urls_found(khabar) -> set[str]:
    found = json.loads(khabar("search", "amuda", "--json", "-n", "50").stdout)
    return {hit["url"] for hit in found["hits"]}


def test_a_piped_crawl_over_the_spool_bound_is_one_error_and_the_rest_is_added(
        khabar, other_crawl, spool_dir, monkeypatch):
    piped = crawl("piped.example", 1, images=2)  # 1.4 MB
    monkeypatch.setenv("KHABAR_PIPE_SPOOL_MB", "1")
    result = khabar("add", "-", str(other_crawl), "--jobs", "1", input=piped)
    assert result.exit_code == 3
    errors = [line for line in result.stderr.splitlines() if line.startswith("-: ")]
    assert errors == ["-: a crawl read from a pipe is copied to a temporary file, and this one "
                      "is over 1 MB (set KHABAR_PIPE_SPOOL_MB higher, or add the file itself)"]
    assert urls_found(khabar) == {f"https://other.example/{n}" for n in range(2)}
    assert not list(spool_dir.iterdir())  # the partial spool is gone

    monkeypatch.setenv("KHABAR_PIPE_SPOOL_MB", "2")
    again = khabar("add", "-", "--jobs", "1", input=piped)
    assert again.exit_code == 0, again.stderr
    assert "https://piped.example/0" in urls_found(khabar)
    assert khabar("verify").exit_code == 0


def test_a_spool_bound_that_is_no_number_is_named_and_the_rest_is_added(
        khabar, other_crawl, monkeypatch):
    monkeypatch.setenv("KHABAR_PIPE_SPOOL_MB", "lots")
    result = khabar("add", "-", str(other_crawl), "--jobs", "1",
                    input=crawl("piped.example", 1))
    assert result.exit_code == 3
    assert "-: KHABAR_PIPE_SPOOL_MB must be a whole number of MB, not 'lots'" in result.stderr
    assert urls_found(khabar) == {f"https://other.example/{n}" for n in range(2)}


def send_and_wait(pipe: Path, sent: bytes) -> None:
    """A writer that sends its bytes, then keeps the pipe open without a word."""
    with open(pipe, "wb") as stream:
        stream.write(sent)
        stream.flush()
        time.sleep(60)


@pytest.mark.parametrize("through, sent", [
    ("stdin", b""),                             # nothing at all
    ("stdin", crawl("piped.example", 1)[:300]),  # the first bytes of a crawl, then silence
    ("stdin", crawl("piped.example", 1, images=1)[:200_000]),  # silent while it is spooled
    ("fifo", None),                             # a named pipe no program has opened
    ("fifo", crawl("piped.example", 1)[:300]),
])
def test_one_ctrl_c_stops_reading_a_silent_pipe(tmp_path, through, sent):
    archive = tmp_path / "archive"
    command = [sys.executable, "-m", "cli.main", "--archive", str(archive), "add", "--jobs", "1"]
    if through == "fifo":
        pipe = tmp_path / "crawl.warc"
        os.mkfifo(pipe)
        command.append(str(pipe))
        if sent is not None:
            # a writer that sends its bytes and then keeps the pipe open, silent
            threading.Thread(target=send_and_wait, args=(pipe, sent), daemon=True).start()
    else:
        command.append("-")
    messages = tmp_path / "stderr"
    process = subprocess.Popen(command, cwd=REPO, stdin=subprocess.PIPE,
                               stderr=messages.open("wb"), env=dict(os.environ, PYTHONPATH=str(REPO)))
    if through == "stdin":
        process.stdin.write(sent)
        process.stdin.flush()  # and the pipe stays open
    ready = archive / "khabar.sqlite3"
    deadline = time.monotonic() + 60
    while not ready.exists() and time.monotonic() < deadline:  # started, reading the pipe
        time.sleep(0.1)
    time.sleep(1.5)
    process.send_signal(signal.SIGINT)  # once
    started = time.monotonic()
    try:
        process.wait(timeout=20)  # stdin stays open: the pipe never ends on its own
    finally:
        process.kill()
        process.stdin.close()
    err = messages.read_text()
    assert time.monotonic() - started < 10
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
