"""archive.readers on real files: WARCs written with warcio, warcio's own samples, folders."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import threading
import tracemalloc
import zlib
from io import BytesIO
from pathlib import Path

import brotli
import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.model import KIND_HTML, KIND_RECORD, KIND_TEXT
from archive.readers import MAX_PAYLOAD_BYTES, content_hash, detect_kind, iter_captures
from tests.conftest import SAMPLES

REPO = Path(__file__).resolve().parents[1]


class Reports:
    """Collects what the reader reports, as the CLI would."""

    def __init__(self) -> None:
        self.errors: list[tuple[str, str]] = []
        self.skips: list[tuple[str, str]] = []

    def error(self, source: str, reason: str) -> None:
        self.errors.append((source, reason))

    def skip(self, source: str, reason: str) -> None:
        self.skips.append((source, reason))


def read(path) -> tuple[list, Reports]:
    reports = Reports()
    captures = list(iter_captures(path, on_error=reports.error, on_skip=reports.skip))
    return captures, reports


def page(title: str, words: int = 40) -> bytes:
    body = " ".join(f"{title.lower()}-word{n}" for n in range(words))
    return f"<!doctype html><html><head><title>{title}</title></head><body><p>{body}</p></body></html>".encode()


def http(status: str = "200 OK", content_type: str | None = "text/html; charset=utf-8",
         extra: list[tuple[str, str]] | None = None) -> StatusAndHeaders:
    headers = [("Content-Type", content_type)] if content_type else []
    return StatusAndHeaders(status, headers + (extra or []), protocol="HTTP/1.1")


class WarcFile:
    """A WARC being written with warcio's own writer."""

    def __init__(self, path: Path, gzipped: bool = True):
        self.path = path
        self.fh = open(path, "wb")
        self.writer = WARCWriter(self.fh, gzip=gzipped)

    def response(self, url: str, body: bytes, headers: StatusAndHeaders | None = None,
                 date: str = "2016-03-01T10:00:00Z"):
        record = self.writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                http_headers=headers or http(),
                                                warc_headers_dict={"WARC-Date": date})
        self.writer.write_record(record)
        return record

    def request(self, url: str) -> None:
        headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.org")], is_http_request=True)
        self.writer.write_record(self.writer.create_warc_record(url, "request", http_headers=headers))

    def metadata(self, url: str) -> None:
        self.writer.write_record(self.writer.create_warc_record(
            url, "metadata", payload=BytesIO(b"outlinks: https://example.org/x\r\n"),
            warc_content_type="application/warc-fields"))

    def revisit(self, url: str, original, date: str = "2016-04-01T10:00:00Z") -> None:
        record = self.writer.create_revisit_record(
            url, original.rec_headers.get_header("WARC-Payload-Digest"),
            original.rec_headers.get_header("WARC-Target-URI"),
            original.rec_headers.get_header("WARC-Date"), http_headers=http(),
            warc_headers_dict={"WARC-Date": date})
        self.writer.write_record(record)

    def close(self) -> Path:
        self.fh.close()
        return self.path


def chunked(body: bytes, size: int = 100) -> bytes:
    parts = [b"%x\r\n%s\r\n" % (len(body[i:i + size]), body[i:i + size]) for i in range(0, len(body), size)]
    return b"".join(parts) + b"0\r\n\r\n"


# ---------------------------------------------------------------- WARC files

@pytest.fixture
def crawl(tmp_path) -> Path:
    """A gzip WARC with the record types a real crawl contains."""
    warc = WarcFile(tmp_path / "crawl.warc.gz")
    warc.request("https://example.org/a")
    first = warc.response("https://example.org/a", page("Alpha"))
    warc.metadata("https://example.org/a")
    warc.response("https://example.org/missing", page("Not found"), http("404 Not Found"))
    warc.response("https://example.org/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(100), http(content_type="image/png"))
    warc.response("https://example.org/gz", gzip.compress(page("Gzipped")),
                  http(extra=[("Content-Encoding", "gzip")]))
    warc.response("https://example.org/chunked", chunked(page("Chunked", 200)),
                  http(extra=[("Transfer-Encoding", "chunked")]))
    warc.response("https://example.org/br", brotli.compress(page("Brotli")),
                  http(extra=[("Content-Encoding", "br")]))
    warc.response("https://example.org/deflate", zlib.compress(page("Deflated")),
                  http(extra=[("Content-Encoding", "deflate")]))
    warc.revisit("https://example.org/a", first)
    return warc.close()


def test_warc_yields_html_responses_with_provenance(crawl):
    captures, reports = read(crawl)
    assert [c.url for c in captures] == [
        "https://example.org/a", "https://example.org/gz", "https://example.org/chunked",
        "https://example.org/br", "https://example.org/deflate", "https://example.org/a"]
    first = captures[0]
    assert first.kind == KIND_HTML
    assert first.raw == page("Alpha")
    assert first.source_file == str(crawl)
    assert first.captured_at == "2016-03-01T10:00:00Z"
    assert first.record_id.startswith("<urn:uuid:")
    assert first.http_headers.startswith("HTTP/1.1 200 OK")
    assert "Content-Type: text/html" in first.http_headers
    assert reports.errors == []


def test_warc_offsets_point_at_the_records(crawl):
    captures, _ = read(crawl)
    with open(crawl, "rb") as fh:
        for capture in captures:
            fh.seek(capture.offset)
            assert gzip.GzipFile(fileobj=fh).read(9) == b"WARC/1.0\r"


def test_content_and_transfer_encodings_are_undone(crawl):
    by_url = {c.url: c.raw for c in read(crawl)[0]}
    assert by_url["https://example.org/gz"] == page("Gzipped")
    assert by_url["https://example.org/chunked"] == page("Chunked", 200)
    assert by_url["https://example.org/br"] == page("Brotli")
    assert by_url["https://example.org/deflate"] == page("Deflated")


def test_skipped_records_are_reported_with_reasons(crawl):
    _, reports = read(crawl)
    reasons = [reason for _, reason in reports.skips]
    assert any("request record" in r for r in reasons)
    assert any("metadata record" in r for r in reasons)
    assert any("HTTP status 404" in r for r in reasons)
    assert any("not HTML: image/png" in r for r in reasons)
    assert all(source == str(crawl) for source, _ in reports.skips)


def test_revisit_is_the_earlier_capture_at_its_own_time(crawl):
    captures, _ = read(crawl)
    original, revisit = captures[0], captures[-1]
    assert revisit.raw == original.raw
    assert revisit.captured_at == "2016-04-01T10:00:00Z"
    assert revisit.record_id != original.record_id
    assert revisit.offset > original.offset


def test_revisit_without_its_original_in_the_file_is_skipped(tmp_path):
    other = WarcFile(tmp_path / "other.warc.gz")
    original = other.response("https://example.org/a", page("Alpha"))
    other.close()
    warc = WarcFile(tmp_path / "later.warc.gz")
    warc.revisit("https://example.org/a", original)
    captures, reports = read(warc.close())
    assert captures == []
    assert reports.errors == []
    assert any("revisit" in reason for _, reason in reports.skips)


def test_plain_warc_and_a_revisit_in_it(tmp_path):
    warc = WarcFile(tmp_path / "plain.warc", gzipped=False)
    first = warc.response("https://example.org/a", page("Alpha"))
    warc.response("https://example.org/b", page("Beta"))
    warc.revisit("https://example.org/a", first)
    captures, reports = read(warc.close())
    assert [c.raw for c in captures] == [page("Alpha"), page("Beta"), page("Alpha")]
    assert reports.errors == []


def test_arabic_windows_1256_page_bytes_pass_through(tmp_path):
    body = ("<html><head><title>أخبار</title></head><body><p>قصفت قوات النظام مواقع في الحسكة</p>"
            "</body></html>").encode("cp1256")
    warc = WarcFile(tmp_path / "arabic.warc.gz")
    warc.response("https://example.org/ar", body, http(content_type="text/html"))
    captures, reports = read(warc.close())
    assert [c.raw for c in captures] == [body]
    assert "Content-Type: text/html\r\n" in captures[0].http_headers
    assert "charset" not in captures[0].http_headers
    assert reports.errors == []


def test_truncated_warc_gz_keeps_what_came_before(tmp_path):
    warc = WarcFile(tmp_path / "cut.warc.gz")
    warc.response("https://example.org/1", page("One"))
    warc.response("https://example.org/2", page("Two"))
    warc.response("https://example.org/3", page("Three", 3000))
    path = warc.close()
    data = path.read_bytes()
    path.write_bytes(data[:len(data) - 2000])
    captures, reports = read(path)
    assert [c.url for c in captures] == ["https://example.org/1", "https://example.org/2"]
    assert len(reports.errors) == 1
    source, reason = reports.errors[0]
    assert source == str(path) and str(path) in reason and "offset" in reason
    assert "\n" not in reason


def test_corrupt_record_in_the_middle_is_reported_and_reading_goes_on(tmp_path):
    warc = WarcFile(tmp_path / "damaged.warc.gz")
    warc.response("https://example.org/1", page("One"))
    warc.response("https://example.org/2", page("Two", 500))
    warc.response("https://example.org/3", page("Three"))
    path = warc.close()
    data = bytearray(path.read_bytes())
    captures, _ = read(path)
    second, third = captures[1].offset, captures[2].offset
    data[second + 40:third - 40] = bytes(len(data[second + 40:third - 40]))  # zero the member's insides
    middle = tmp_path / "middle.warc.gz"
    middle.write_bytes(bytes(data))
    captures, reports = read(middle)
    assert [c.url for c in captures] == ["https://example.org/1", "https://example.org/3"]
    assert reports.errors and all(f"offset {second}" in reason for _, reason in reports.errors)


def test_garbage_between_plain_records_is_skipped_over(tmp_path):
    first = WarcFile(tmp_path / "a.warc", gzipped=False)
    first.response("https://example.org/1", page("One"))
    second = WarcFile(tmp_path / "b.warc", gzipped=False)
    second.response("https://example.org/2", page("Two"))
    joined = tmp_path / "joined.warc"
    joined.write_bytes(first.close().read_bytes() + b"this is not a record\r\n" * 5 + second.close().read_bytes())
    captures, reports = read(joined)
    assert [c.url for c in captures] == ["https://example.org/1", "https://example.org/2"]
    assert len(reports.errors) >= 1


@pytest.mark.parametrize("encoding, compress", [("gzip", gzip.compress), ("br", brotli.compress)])
def test_payload_over_the_bound_is_rejected_without_inflating_it(tmp_path, encoding, compress):
    bomb = compress(b"<html>" + b" " * (MAX_PAYLOAD_BYTES + 1024))
    warc = WarcFile(tmp_path / "bomb.warc.gz")
    warc.response("https://example.org/bomb", bomb, http(extra=[("Content-Encoding", encoding)]))
    warc.response("https://example.org/after", page("After"))
    captures, reports = read(warc.close())
    assert [c.url for c in captures] == ["https://example.org/after"]
    assert len(reports.errors) == 1 and "over 20 MB" in reports.errors[0][1]


def test_memory_stays_flat_however_large_the_warc(tmp_path):
    warc = WarcFile(tmp_path / "large.warc.gz")
    first = warc.response("https://example.org/0", page("Page0", 20000))
    for n in range(1, 120):
        warc.response(f"https://example.org/{n}", page(f"Page{n}", 20000))
        if n % 20 == 0:
            warc.revisit("https://example.org/0", first)
    path = warc.close()
    tracemalloc.start()
    try:
        total = sum(len(capture.raw) for capture in iter_captures(path, on_error=pytest.fail))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert total > 30 * 1024 * 1024
    assert peak < 5 * 1024 * 1024


def test_target_uri_oddities_are_cleaned(tmp_path):
    warc = WarcFile(tmp_path / "odd.warc.gz")
    warc.response("<https://example.org/odd page>", page("Odd"))
    captures, _ = read(warc.close())
    assert [c.url for c in captures] == ["https://example.org/odd%20page"]


def test_warc_is_recognised_by_content_whatever_its_name(tmp_path):
    warc = WarcFile(tmp_path / "crawl-output.dat")
    warc.response("https://example.org/a", page("Alpha"))
    captures, _ = read(warc.close())
    assert [c.url for c in captures] == ["https://example.org/a"]


def test_stdin_warc_is_read_including_revisits(crawl):
    script = ("import json, sys\nfrom archive.readers import iter_captures\n"
              "errors = []\n"
              "caps = list(iter_captures('-', on_error=lambda s, r: errors.append(r)))\n"
              "print(json.dumps({'urls': [c.url for c in caps], 'sources': sorted({c.source_file for c in caps}),"
              " 'errors': errors}))\n")
    result = subprocess.run([sys.executable, "-c", script], input=crawl.read_bytes(), capture_output=True,
                            cwd=REPO, check=True)
    report = json.loads(result.stdout)
    assert report["urls"][-1] == report["urls"][0] == "https://example.org/a"
    assert len(report["urls"]) == 6
    assert report["sources"] == ["-"]
    assert report["errors"] == []
    assert result.stderr == b""


# ---------------------------------------------------------------- warcio's real samples

@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_warcio_sample_is_read_without_an_exception(sample):
    captures, reports = read(SAMPLES / sample)
    for capture in captures:
        assert capture.kind == KIND_HTML and capture.raw and capture.url
    for source, reason in reports.errors:
        assert source == str(SAMPLES / sample) and reason and "\n" not in reason
    assert captures or reports.errors or reports.skips


@pytest.mark.parametrize("sample", ["example.warc.gz", "example.warc"])
def test_example_warc_yields_the_example_com_page_and_its_revisit(sample):
    captures, reports = read(SAMPLES / sample)
    assert [c.url for c in captures] == ["http://example.com/", "http://example.com/"]
    assert all(b"<title>Example Domain</title>" in c.raw for c in captures)
    assert captures[0].captured_at == "2017-03-06T04:02:06Z"
    assert captures[1].captured_at == "2017-03-06T04:03:48Z"
    assert reports.errors == []


@pytest.mark.parametrize("sample", ["example.arc.gz", "example.arc"])
def test_example_arc_yields_the_example_com_page(sample):
    captures, reports = read(SAMPLES / sample)
    assert [c.url for c in captures] == ["http://example.com/"]
    assert b"<title>Example Domain</title>" in captures[0].raw
    assert captures[0].captured_at == "2014-02-16T05:02:21Z"
    assert captures[0].record_id is None  # ARC has no record ids; none is made up
    assert captures[0].offset == {"example.arc.gz": 171, "example.arc": 151}[sample]
    assert reports.errors == []


def test_truncated_sample_reports_an_error_and_keeps_the_page():
    captures, reports = read(SAMPLES / "example-trunc.warc")
    assert [c.url for c in captures] == ["http://example.com/"]
    assert len(reports.errors) == 1 and "offset 1197" in reports.errors[0][1]


def test_wrongly_chunked_sample_reports_the_damage():
    captures, reports = read(SAMPLES / "example-wrong-chunks.warc.gz")
    assert captures == []
    assert any("offset 0" in reason for _, reason in reports.errors)


def test_chunked_sample_is_dechunked():
    captures, _ = read(SAMPLES / "example-iana.org-chunked.warc")
    assert [c.url for c in captures] == ["http://www.iana.org/"]
    assert captures[0].raw.rstrip().endswith(b"</html>")


def test_single_stream_gzip_sample_is_still_read():
    captures, reports = read(SAMPLES / "example-bad-non-chunked.warc.gz")
    assert [c.url for c in captures] == ["http://example.com/", "http://example.com/"]
    assert reports.errors == []


def test_json_responses_in_post_sample_are_skipped_as_not_html():
    captures, reports = read(SAMPLES / "post-test.warc.gz")
    assert captures == []
    assert sum("not HTML: application/json" in reason for _, reason in reports.skips) == 3


def test_non_crawl_files_in_the_samples_folder_are_skipped():
    _, reports = read(SAMPLES / "README.md")
    assert reports.errors == [] and len(reports.skips) == 1


# ---------------------------------------------------------------- folders

@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    (root / "news" / "2016").mkdir(parents=True)
    (root / "news" / "2016" / "a.html").write_bytes(
        b'<html><head><link rel="canonical" href="https://example.org/2016/03/a/">'
        b'<title>A</title></head><body><p>Alpha</p></body></html>')
    (root / "news" / "b.htm").write_bytes(
        b"<html><head><meta property='og:url' content='https://example.org/b?x=1&amp;y=2'>"
        b"</head><body><p>Beta</p></body></html>")
    (root / "news" / "c.html.gz").write_bytes(gzip.compress(b"<html><body><p>Gamma</p></body></html>"))
    (root / "dump.txt").write_text("A title\n\nSome body text.\n", encoding="utf-8")
    (root / "records.jsonl").write_text(
        json.dumps({"url": "https://example.org/r1", "text": "First"}) + "\n"
        + "{not json\n"
        + json.dumps({"url": "https://example.org/r3"}) + "\n"
        + "\n"
        + json.dumps({"url": "https://example.org/r5", "text": "نص عربي"}, ensure_ascii=False) + "\n",
        encoding="utf-8")
    (root / "more.jsonl.gz").write_bytes(gzip.compress(
        json.dumps({"url": "https://example.org/g1", "text": "Gz"}).encode() + b"\n"))
    (root / "notes.md").write_text("# not an input\n", encoding="utf-8")
    warc = WarcFile(root / "news" / "crawl.warc.gz")
    warc.response("https://example.org/w", page("Warc"))
    warc.close()
    return root


def test_folder_reads_every_kind_in_sorted_order(site):
    captures, reports = read(site)
    by_file = {Path(c.source_file).name: c for c in captures}
    assert [Path(c.source_file).relative_to(site).as_posix() for c in captures] == [
        "dump.txt", "more.jsonl.gz", "news/2016/a.html", "news/b.htm", "news/c.html.gz",
        "news/crawl.warc.gz", "records.jsonl", "records.jsonl"]
    assert by_file["dump.txt"].kind == KIND_TEXT
    assert by_file["dump.txt"].url == (site / "dump.txt").absolute().as_uri()
    assert by_file["a.html"].kind == KIND_HTML
    assert by_file["c.html.gz"].raw == b"<html><body><p>Gamma</p></body></html>"
    assert by_file["crawl.warc.gz"].url == "https://example.org/w"
    assert [s for s, _ in reports.skips] == [str(site / "notes.md")]


def test_page_urls_come_from_canonical_link_og_url_or_the_file(site):
    urls = {Path(c.source_file).name: c.url for c in read(site)[0]}
    assert urls["a.html"] == "https://example.org/2016/03/a/"
    assert urls["b.htm"] == "https://example.org/b?x=1&y=2"
    assert urls["c.html.gz"] == (site / "news" / "c.html.gz").absolute().as_uri()


def test_page_capture_time_is_the_file_mtime(site):
    os.utime(site / "dump.txt", (1458000000, 1458000000))
    captures, _ = read(site / "dump.txt")
    assert captures[0].captured_at == "2016-03-15T00:00:00Z"


def test_json_lines_yield_records_and_report_bad_lines(site):
    captures, reports = read(site / "records.jsonl")
    assert [(c.kind, c.url, c.record_id) for c in captures] == [
        (KIND_RECORD, "https://example.org/r1", "line 1"), (KIND_RECORD, "https://example.org/r5", "line 5")]
    assert json.loads(captures[1].raw) == {"url": "https://example.org/r5", "text": "نص عربي"}
    reasons = [reason for _, reason in reports.errors]
    assert len(reasons) == 2
    assert "line 2" in reasons[0] and "invalid JSON" in reasons[0]
    assert "line 3" in reasons[1] and "text" in reasons[1]
    assert all(str(site / "records.jsonl") in reason for reason in reasons)
    with open(site / "records.jsonl", "rb") as fh:
        fh.seek(captures[1].offset)
        assert fh.readline().rstrip(b"\n") == captures[1].raw


def test_symlink_loop_is_not_followed_forever(site):
    (site / "news" / "loop").symlink_to(site, target_is_directory=True)
    captures, reports = read(site)
    assert len(captures) == 8
    assert any("loop" in reason for _, reason in reports.skips)


def test_empty_file_is_an_error(tmp_path):
    (tmp_path / "empty.html").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("Title\n\nBody\n", encoding="utf-8")
    captures, reports = read(tmp_path)
    assert [Path(c.source_file).name for c in captures] == ["ok.txt"]
    assert [(Path(s).name, "empty" in r) for s, r in reports.errors] == [("empty.html", True)]


@pytest.mark.skipif(not Path("/proc/self/mem").is_file(), reason="needs Linux's /proc")
def test_a_file_that_fails_on_read_is_an_error_and_reading_goes_on(tmp_path):
    """/proc/self/mem opens but its first read fails (EIO) whoever reads it, root too."""
    (tmp_path / "ok.txt").write_text("Title\n\nBody\n", encoding="utf-8")
    reports = Reports()
    captures = [capture for path in ("/proc/self/mem", tmp_path)
                for capture in iter_captures(path, on_error=reports.error, on_skip=reports.skip)]
    assert [Path(c.source_file).name for c in captures] == ["ok.txt"]
    assert reports.errors == [("/proc/self/mem", "/proc/self/mem: cannot read: Input/output error")]


def test_dangling_symlink_is_skipped(tmp_path):
    (tmp_path / "gone.html").symlink_to(tmp_path / "nowhere.html")
    captures, reports = read(tmp_path)
    assert captures == [] and reports.errors == []
    assert [Path(s).name for s, _ in reports.skips] == ["gone.html"]


def test_missing_path_is_an_error(tmp_path):
    captures, reports = read(tmp_path / "absent.warc.gz")
    assert captures == [] and len(reports.errors) == 1


def test_gzip_bomb_page_is_bounded(tmp_path):
    (tmp_path / "bomb.html.gz").write_bytes(gzip.compress(b"<html>" + b"\0" * (MAX_PAYLOAD_BYTES + 1)))
    captures, reports = read(tmp_path)
    assert captures == []
    assert len(reports.errors) == 1 and "over 20 MB" in reports.errors[0][1]


def test_truncated_gzip_page_is_an_error(tmp_path):
    data = gzip.compress(page("Cut", 2000))
    (tmp_path / "cut.html.gz").write_bytes(data[:len(data) // 2])
    captures, reports = read(tmp_path)
    assert captures == [] and len(reports.errors) == 1


def test_stdin_page_and_json_lines(tmp_path):
    script = ("import json, sys\nfrom archive.readers import iter_captures\n"
              "print(json.dumps([[c.kind, c.url] for c in iter_captures('-', on_error=print)]))\n")
    html = b'<html><head><link rel="canonical" href="https://example.org/p"></head><body>x</body></html>'
    lines = b'{"url": "https://example.org/1", "text": "one"}\n{"url": "https://example.org/2", "text": "two"}\n'
    for data, expected in [(html, [["html", "https://example.org/p"]]),
                           (lines, [["record", "https://example.org/1"], ["record", "https://example.org/2"]])]:
        result = subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, cwd=REPO,
                                check=True)
        assert json.loads(result.stdout) == expected


# ---------------------------------------------------------------- helpers others use

def test_detect_kind_by_content_then_name():
    assert detect_kind(b"WARC/1.0\r\nWARC-Type: warcinfo", "x.bin") == "warc"
    assert detect_kind(gzip.compress(b"WARC/1.1\r\n"), "x") == "warc"
    assert detect_kind(b"filedesc://x.arc 0.0.0.0 20140101000000 text/plain 1", "x.txt") == "arc"
    assert detect_kind(b"<!DOCTYPE html><html>", "page.php") == "html"
    assert detect_kind(b"anything", "notes.txt") == "text"
    assert detect_kind(b'{"url": "u", "text": "t"}', "-") == "jsonl"
    assert detect_kind(b"# readme", "README.md") is None


def test_content_hash_is_the_sha256_of_the_bytes(tmp_path):
    path = tmp_path / "x.warc"
    path.write_bytes(b"abc")
    assert content_hash(path) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"


def test_a_named_pipe_is_read_like_stdin(tmp_path, crawl):
    pipe = tmp_path / "crawl-pipe"
    os.mkfifo(pipe)
    writer = threading.Thread(target=pipe.write_bytes, args=(crawl.read_bytes(),))
    writer.start()
    captures, reports = read(pipe)
    writer.join()
    assert len(captures) == 6 and captures[-1].raw == captures[0].raw
    assert {c.source_file for c in captures} == {str(pipe)}
    assert reports.errors == []


def test_a_named_pipe_inside_a_folder_is_skipped_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "pipe.html")
    (tmp_path / "ok.txt").write_text("Title\n\nBody\n", encoding="utf-8")
    captures, reports = read(tmp_path)
    assert [Path(c.source_file).name for c in captures] == ["ok.txt"]
    assert [Path(s).name for s, _ in reports.skips] == ["pipe.html"]


def test_resource_and_conversion_records_are_documents_by_their_content_type(tmp_path):
    warc = WarcFile(tmp_path / "resources.warc.gz")

    def record(url: str, kind: str, content_type: str, body: bytes) -> None:
        warc.writer.write_record(warc.writer.create_warc_record(
            url, kind, payload=BytesIO(body), warc_content_type=content_type))

    record("https://a.example/page", "resource", "text/html; charset=utf-8", page("Saved"))
    record("file:///dumps/water.txt", "resource", "text/plain", b"Water cut\n\nHasakah went dry.")
    record("https://a.example/page", "conversion", "text/plain", b"Saved\n\nThe page's text.")
    record("https://a.example/r", "resource", "application/json",
           json.dumps({"url": "https://a.example/r", "text": "A record."}).encode())
    record("https://a.example/bad", "resource", "application/json", b'{"url": "no text"}')
    record("https://a.example/logo.png", "resource", "image/png", b"\x89PNG\r\n\x1a\n")
    record("metadata://gnu.org/software/wget/warc/wget.log", "resource", "text/plain", b"log")
    captures, reports = read(warc.close())
    assert [(c.url, c.kind) for c in captures] == [
        ("https://a.example/page", KIND_HTML), ("file:///dumps/water.txt", KIND_TEXT),
        ("https://a.example/page", KIND_TEXT), ("https://a.example/r", KIND_RECORD)]
    assert captures[1].raw == b"Water cut\n\nHasakah went dry."
    assert len(reports.errors) == 1 and "no `text`" in reports.errors[0][1]
    assert ["image/png" in reason for _, reason in reports.skips] == [True, False]
    assert "not a document" in reports.skips[1][1]
