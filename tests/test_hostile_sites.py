"""Hostile web sites: `khabar fetch` against servers on 127.0.0.1 that answer with lies.

Every bad answer is one URL's failure with a one-line reason; the pages around it are
fetched, added in the same run and searchable, and the archive verifies. Hypothesis
serves arbitrary status lines, headers, chunk sizes and bodies to the HTTP layer.
"""
from __future__ import annotations

import contextlib
import json
import os
import signal
import socketserver
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote, unquote

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, Phase, given, settings, strategies as st

from archive.fetch import FetchFailed, article_links, exchange
from cli.fetch import fetch
from cli.main import cli

if "fetch" not in cli.commands:
    cli.add_command(fetch)

REPO = Path(__file__).resolve().parents[1]
#: Few examples: each is a real connection, and the suite must stay fast.
#: Failures are reported unshrunk: shrinking over sockets takes minutes.
FUZZ = settings(max_examples=100, deadline=None, derandomize=True,
                phases=[Phase.explicit, Phase.reuse, Phase.generate],
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def page(title: str, links: str = "") -> bytes:
    words = " ".join(f"{title.lower()} harvest wheat farmers field{k}" for k in range(15))
    return (f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
            f"<p>{words}.</p>{links}</article></body></html>").encode()


def answer(body: bytes, *headers: str, status: str = "200 OK") -> bytes:
    head = [f"HTTP/1.1 {status}", "Content-Type: text/html; charset=utf-8", *headers]
    if not any(h.lower().startswith(("content-length", "transfer-encoding")) for h in headers):
        head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


def chunked(size_line: bytes) -> bytes:
    """An answer whose first chunk announces `size_line`, then a few bytes and the end."""
    return answer(b"", "Transfer-Encoding: chunked").replace(
        b"Content-Length: 0\r\n", b"") + size_line + b"\r\n" + b"x" * 64 + b"\r\n0\r\n\r\n"


def sitemap_index(child: str) -> bytes:
    return ('<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<sitemap><loc>{child}</loc></sitemap></sitemapindex>").encode()


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY a "haha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<rss version="2.0"><channel><title>&d;</title><item><link>&d;</link></item></channel></rss>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss version="2.0"><channel><item><link>http://127.0.0.1/&x;</link></item></channel></rss>"""


class HostileSite(socketserver.ThreadingTCPServer):
    """Answers each path with the exact bytes given for it (a callable gets the port)."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, answers: dict):
        self.answers, self.requested = answers, []
        super().__init__(("127.0.0.1", 0), _Handler)
        self.base = f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        request_line = self.rfile.readline(65536).decode("latin-1")
        while self.rfile.readline(65536) not in (b"\r\n", b"\n", b""):
            pass
        path = request_line.split(" ")[1] if request_line.count(" ") >= 2 else "/"
        self.server.requested.append(path)
        reply = self.server.answers.get(path, answer(b"not here", status="404 Not Found"))
        try:
            self.wfile.write(reply(self.server) if callable(reply) else reply)
        except OSError:  # the client hung up on a lie it would not read: that is the point
            pass


@contextlib.contextmanager
def running(answers: dict):
    server = HostileSite(answers)
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def serve():
    with contextlib.ExitStack() as servers:
        yield lambda answers: servers.enter_context(running(answers))


#: Each lie about a length, by the path that tells it.
BAD_LENGTHS = {
    "/chunk-negative": chunked(b"-5"),
    "/chunk-ten-gb": chunked(b"10000000000"),
    "/chunk-hex-overflow": chunked(b"7fffffffffffffff"),
    "/chunk-not-hex": chunked(b"0x10"),
    "/length-2-62": answer(b"short", f"Content-Length: {2 ** 62}"),
    "/length-2-63": answer(b"short", f"Content-Length: {2 ** 63 - 1}"),
    "/length-10-20": answer(b"short", f"Content-Length: {10 ** 20}"),
    "/length-10-gb": answer(b"short", f"Content-Length: {10 * 1024 ** 3}"),
}


def hostile_answers() -> dict:
    """A site with two good pages among every kind of hostile answer."""
    answers = dict(BAD_LENGTHS)
    answers["/good-1"] = answer(page("Amuda one"))
    answers["/good-2"] = answer(page("Amuda two"))
    answers["/to-port-0"] = answer(b"", "Location: http://127.0.0.1:0/good-1", status="302 Found")
    answers["/laughs.xml"] = answer(LAUGHS, "Content-Type: application/rss+xml")
    answers["/xxe.xml"] = answer(XXE, "Content-Type: application/rss+xml")
    for level in range(20):  # a chain of sitemap indexes with no end in sight
        answers[f"/sitemap-{level}.xml"] = lambda server, n=level: answer(
            sitemap_index(f"{server.base}/sitemap-{n + 1}.xml"))
    return answers


def fetch_command(site: HostileSite, *extra: str) -> list[str]:
    return ["fetch", "--delay", "0", "--timeout", "5", "--retries", "0", "--json",
            f"{site.base}/good-1", *(site.base + path for path in BAD_LENGTHS),
            f"{site.base}/to-port-0", f"{site.base}/good-2",
            "--feed", f"{site.base}/laughs.xml", "--feed", f"{site.base}/xxe.xml",
            "--sitemap", f"{site.base}/sitemap-0.xml", *extra]


def test_each_hostile_answer_fails_its_url_and_the_rest_is_added_in_the_same_run(serve, tmp_path):
    site = serve(hostile_answers())
    archive = tmp_path / "archive"
    result = CliRunner().invoke(cli, ["--archive", str(archive), *fetch_command(site)])
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.stderr
    report = json.loads(result.stdout)
    failed = {item["url"].removeprefix(site.base): item["reason"] for item in report["failed"]}
    for path in BAD_LENGTHS:
        if path in ("/chunk-negative", "/chunk-not-hex"):
            assert failed[path].startswith("not a valid HTTP answer: a chunk size"), path
        else:
            assert failed[path] == "larger than 20 MB", path
    assert "not a valid http(s) URL" in failed["/to-port-0"]
    assert "XML entities" in failed["/laughs.xml"] and "XML entities" in failed["/xxe.xml"]
    assert all("\n" not in reason for reason in failed.values())
    # the sitemap chain ends after three indexes below the first
    assert "/sitemap-3.xml" in site.requested and "/sitemap-4.xml" not in site.requested
    assert any("nested more than 3" in item["reason"] for item in report["skipped"])
    assert report["added"] == 2  # added by this run, not left for the next
    found = CliRunner().invoke(cli, ["--archive", str(archive), "search", "amuda", "--json"])
    assert json.loads(found.stdout)["total"] == 2
    assert CliRunner().invoke(cli, ["--archive", str(archive), "verify"]).exit_code == 0


def test_follow_stays_on_the_same_scheme_host_and_port():
    html = (b'<html><head><base href="http://127.0.0.1:8001/"></head><body>'
            b'<a href="/news/a">elsewhere</a><a href="http://127.0.0.1:8000/news/b">here</a>'
            b'<a href="https://127.0.0.1:8000/news/c">other scheme</a>'
            b'<a href="http://127.0.0.1:8000/news/d">again</a></body></html>')
    assert article_links(html, "http://127.0.0.1:8000/") == ["http://127.0.0.1:8000/news/b",
                                                             "http://127.0.0.1:8000/news/d"]
    assert article_links(b'<a href="http://news.example:80/x">x</a>', "http://news.example/") == \
        ["http://news.example:80/x"]


def test_link_extraction_is_linear_in_the_links_of_a_page():
    """100,000 links (quadratic extraction took minutes); repeats are dropped, order kept."""
    links = "".join(f'<a href="/news/{n % 60000}">n</a>' for n in range(100_000))
    html = f"<html><body>{links}</body></html>".encode()
    started = time.monotonic()
    found = article_links(html, "http://news.example/")
    assert time.monotonic() - started < 30
    assert found == [f"http://news.example/news/{n}" for n in range(60000)]


def test_links_on_a_page_whose_charset_is_only_in_the_header_are_encoded_once(serve, tmp_path):
    slug = "/news/الحسكة-مياه"
    site = serve({"/": answer(page("Index", f'<a href="{slug}">Hasakah</a>')),
                  quote(slug): answer(page("Hasakah water"))})
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path / "a"), "fetch", "--delay", "0",
                                      "--follow", "1", site.base + "/"])
    assert result.exit_code == 0, result.output
    asked = [path for path in site.requested if path.startswith("/news/")]
    assert asked == [quote(slug)] and unquote(asked[0]) == slug


# ---------------------------------------------------------------- Ctrl-C
def khabar(archive: Path, *args: str, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli.main", "--archive", str(archive), *args],
                            cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **popen)


def test_the_first_ctrl_c_stops_a_fetch_at_once_and_the_rerun_adds_what_it_fetched(serve, tmp_path):
    site = serve({f"/news/{n}": answer(page(f"Amuda {n}")) for n in range(150)})
    archive = tmp_path / "archive"
    urls = [f"{site.base}/news/{n}" for n in range(150)]
    process = khabar(archive, "fetch", "--delay", "0", *urls)
    while len(site.requested) < 20 and process.poll() is None:
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    started = time.monotonic()
    out, err = process.communicate(timeout=60)
    stopped_in = time.monotonic() - started
    assert process.returncode == 130, err
    assert "run the same command again" in err.decode() and b"Traceback" not in err
    assert stopped_in < 10  # it used to add every page fetched first
    fetched_before = len([p for p in site.requested if p.startswith("/news/")])
    assert fetched_before < 150
    again = khabar(archive, "fetch", "--delay", "0", *urls)
    out, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    found = khabar(archive, "search", "harvest", "--json", "-n", "1").communicate(timeout=120)[0]
    assert json.loads(found)["total"] == 150
    asked_twice = len([p for p in site.requested if p.startswith("/news/")]) - 150
    assert asked_twice <= 1  # only the page being fetched at the Ctrl-C is asked again


# ---------------------------------------------------------------- fuzzing
STATUS_LINES = st.one_of(
    st.sampled_from([b"HTTP/1.1 200 OK", b"HTTP/1.0 200", b"HTTP/1.1 999 Odd", b"HTTP/1.1 -1 X",
                     b"HTTP/1.1 20 Short", b"ICY 200 OK", b"HTTP/9.9 200 OK", b""]),
    st.binary(max_size=40))
HEADER = st.one_of(
    st.sampled_from([b"Transfer-Encoding: chunked", b"Content-Encoding: gzip",
                     b"Content-Type: text/html; charset=x-nonsense", b"Location: http://127.0.0.1:0/"]),
    st.builds(lambda n: b"Content-Length: %d" % n, st.integers(-2 ** 70, 2 ** 70)),
    st.binary(max_size=60))
CHUNK_SIZE = st.one_of(st.integers(-2 ** 66, 2 ** 66).map(lambda n: b"%x" % n if n >= 0 else b"-%x" % -n),
                       st.binary(max_size=20))


@FUZZ
@given(status=STATUS_LINES, headers=st.lists(HEADER, max_size=5),
       chunks=st.lists(st.tuples(CHUNK_SIZE, st.binary(max_size=64)), max_size=3),
       body=st.binary(max_size=256))
def test_any_http_answer_is_an_exchange_or_a_one_line_failure(status, headers, chunks, body):
    wire = b"\r\n".join([status, *headers]) + b"\r\n\r\n" + body
    wire += b"".join(size + b"\r\n" + data + b"\r\n" for size, data in chunks)
    with running({"/": wire}) as site:
        try:
            got = exchange(site.base + "/", user_agent="fuzz", timeout=2, max_bytes=64 * 1024)
        except FetchFailed as failure:
            assert failure.reason and "\n" not in failure.reason
        else:
            assert len(got.body) <= 64 * 1024 and len(got.received) <= 2 * 64 * 1024
            got.payload(64 * 1024)
