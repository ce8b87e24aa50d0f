"""`khabar fetch` when the network says no: an unknown host, a refused port, TLS spoken to a
plain-HTTP server, Retry-After as an HTTP date, and a robots.txt that redirects.

Servers listen on 127.0.0.1 only; the unknown host is under `.invalid`, which never resolves.
"""
from __future__ import annotations

import email.utils
import socket
import threading
import time
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from archive.fetch import retry_after
from tests.conftest import parsed
from tests.test_fetch import article_html, by_url, run_fetch

PAGE = "/news/alouk-water-station"


class Server:
    """A local server whose answers a test sets: path -> [(status, headers, body), ...], taken
    in turn (the last one repeats); it records each request's path and time."""

    def __init__(self):
        self.routes: dict[str, list[tuple[int, dict, bytes]]] = {}
        self.hits: list[tuple[str, float]] = []
        self.base = ""

    def times(self, path: str) -> list[float]:
        return [when for hit, when in self.hits if hit == path]


@pytest.fixture
def server():
    state = Server()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            state.hits.append((self.path, time.monotonic()))
            answers = state.routes.get(self.path, [(404, {}, b"not here")])
            status, headers, body = answers.pop(0) if len(answers) > 1 else answers[0]
            self.send_response(status)
            for name, value in {"Content-Type": "text/html; charset=utf-8",
                                "Content-Length": str(len(body)), **headers}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

    http = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    http.daemon_threads = True
    state.base = f"http://127.0.0.1:{http.server_address[1]}"
    threading.Thread(target=http.serve_forever, daemon=True).start()
    yield state
    http.shutdown()
    http.server_close()


def http_date(seconds_from_now: float) -> str:
    return email.utils.format_datetime(datetime.now(timezone.utc) + timedelta(seconds=seconds_from_now),
                                       usegmt=True)


def failure(khabar, url: str) -> str:
    result = run_fetch(khabar, url)
    assert result.exit_code == 3, result.stderr
    reason = by_url(parsed(result)["failed"])[url]
    assert f"failed: {url}: {reason}" in result.stderr  # one line naming the URL and the reason
    return reason


def test_an_unknown_host_is_named(khabar):
    reason = failure(khabar, "http://no-such-host.invalid/news/x")
    assert reason.startswith("robots.txt could not be read (cannot find host no-such-host.invalid: ")
    assert reason.endswith("); try again later")


def test_a_refused_connection_is_reported(khabar):
    with socket.socket() as probe:  # a port that was free a moment ago and has no listener
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    reason = failure(khabar, f"http://127.0.0.1:{port}/news/x")
    assert reason == "robots.txt could not be read (connection failed: Connection refused); try again later"


def test_https_to_a_plain_http_server_is_a_tls_failure(server, khabar):
    url = server.base.replace("http://", "https://") + PAGE
    reason = failure(khabar, url)
    assert reason.startswith("robots.txt could not be read (TLS failed: ")
    assert [path for path, _ in server.hits] == []  # no HTTP request was ever understood


def test_retry_after_as_an_http_date_is_waited_for(server, khabar):
    server.routes[PAGE] = [(503, {"Retry-After": http_date(2)}, b"maintenance"),
                           (200, {}, article_html(PAGE))]
    result = run_fetch(khabar, server.base + PAGE)
    assert result.exit_code == 0, result.stderr
    assert [item["url"] for item in parsed(result)["fetched"]] == [server.base + PAGE]
    first, second = server.times(PAGE)
    assert second - first >= 0.9  # the date is whole seconds: at least 1 s of the 2 asked


def test_retry_after_as_a_far_http_date_gives_the_url_up(server, khabar):
    server.routes[PAGE] = [(503, {"Retry-After": http_date(3600)}, b"maintenance")]
    reason = failure(khabar, server.base + PAGE)
    assert reason in {f"HTTP 503; the site asks to wait {s} s" for s in (3598, 3599, 3600)}
    assert len(server.times(PAGE)) == 1


@pytest.mark.parametrize("value, expected", [("120", 120.0), ("0", 0.0), ("soon", None), ("", None)])
def test_retry_after_in_seconds_or_nonsense(value, expected):
    assert retry_after(value) == expected


def test_retry_after_dates_in_the_past_and_future():
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert 115 <= retry_after(http_date(120)) <= 120


def test_a_redirected_robots_txt_is_followed_and_obeyed(server, khabar):
    server.routes["/robots.txt"] = [(301, {"Location": "/policies/robots.txt"}, b"")]
    server.routes["/policies/robots.txt"] = [(200, {"Content-Type": "text/plain"},
                                              b"User-agent: *\nDisallow: /private/\n")]
    server.routes[PAGE] = [(200, {}, article_html(PAGE))]
    private = server.base + "/private/memo"
    result = run_fetch(khabar, server.base + PAGE, private)
    assert result.exit_code == 0, result.stderr
    report = parsed(result)
    assert [item["url"] for item in report["fetched"]] == [server.base + PAGE]
    assert by_url(report["skipped"]) == {private: "robots.txt forbids it"}
    assert [path for path, _ in server.hits] == ["/robots.txt", "/policies/robots.txt", PAGE]
