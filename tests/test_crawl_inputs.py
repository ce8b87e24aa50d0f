"""Crawls as archivists bring them: wget WARCs, warcio's edge-case samples, the shipped corpus."""
from __future__ import annotations

import functools
import http.server
import io
import shutil
import subprocess
import threading

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import CORPUS, SAMPLES, parsed
ARABIC_PAGE = (
    "<html><head><title>انقطاع المياه عن الحسكة</title></head><body><article>"
    "<h1>انقطاع المياه عن الحسكة</h1>"
    "<p>الحسكة – قال سكان في مدينة الحسكة إن المياه انقطعت عن أحيائهم منذ أسبوع بعد توقف "
    "محطة علوك، وإنهم يشترون الماء من الصهاريج بأسعار مرتفعة.</p>"
    "<p>وأضاف أحد السكان أن العائلات الفقيرة لا تستطيع دفع ثمن المياه كل يوم، وطالب "
    "المجلس المحلي بحل سريع للمشكلة قبل حلول الصيف.</p></article></body></html>")


@pytest.mark.parametrize("sample", sorted(p.name for p in SAMPLES.iterdir()
                                          if not p.name.startswith(("LICENSE", "README"))))
def test_every_warc_sample_is_read_without_a_traceback(khabar, sample):
    result = khabar("add", str(SAMPLES / sample), "--json", "-j", "1")
    assert result.exit_code in (0, 3), result.stderr
    summary = parsed(result)
    assert all(error["reason"] for error in summary["errors"])
    assert result.exit_code == (3 if any(not e["reason"].startswith("skipped:")
                                         for e in summary["errors"]) else 0)


def test_warc_samples_yield_their_pages(khabar):
    for sample in ("example.warc.gz", "example.arc.gz", "example-iana.org-chunked.warc"):
        khabar("add", str(SAMPLES / sample), "-j", "1")
    found = parsed(khabar("search", "domain", "--json", "-n", "20"))
    assert {"http://example.com/", "http://www.iana.org/"} & {h["url"] for h in found["hits"]}
    assert khabar("verify").exit_code == 0


def test_windows_1256_arabic_page_without_charset(khabar, tmp_path):
    warc = tmp_path / "arabic.warc.gz"
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(
            "https://news.example/water", "response",
            payload=io.BytesIO(ARABIC_PAGE.encode("cp1256")), http_headers=http))
    assert khabar("add", str(warc), "-j", "1").exit_code == 0
    hit = parsed(khabar("search", "الحسكة", "--json"))["hits"][0]
    assert hit["title"] == "انقطاع المياه عن الحسكة" and hit["lang"] == "ar"


def test_truncated_warc_keeps_what_came_before(khabar, tmp_path):
    whole = tmp_path / "whole.warc.gz"
    with open(whole, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in range(3):
            page = ARABIC_PAGE.replace("الحسكة", f"الحسكة {n}").encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                f"https://news.example/{n}", "response", payload=io.BytesIO(page),
                http_headers=http))
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 200])
    result = khabar("add", str(cut), "--json", "-j", "1")
    assert result.exit_code == 3
    summary = parsed(result)
    assert summary["added"] == 2 and summary["errors"]
    assert str(cut) in result.stderr


@pytest.mark.skipif(shutil.which("wget") is None, reason="GNU wget is not installed")
def test_wget_warc_of_a_local_site(khabar, tmp_path):
    site = CORPUS / "rojava-observer"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        page = next(p for p in sorted(site.rglob("*.html")))
        url = f"http://127.0.0.1:{server.server_address[1]}/{page.relative_to(site)}"
        subprocess.run(["wget", "--quiet", f"--warc-file={tmp_path / 'site'}",
                        f"--directory-prefix={tmp_path / 'mirror'}", url],
                       check=True, timeout=60)
    finally:
        server.shutdown()
    summary = parsed(khabar("add", str(tmp_path / "site.warc.gz"), "--json", "-j", "1"))
    assert summary["added"] == 1 and summary["skipped"] >= 1  # wget's own records are skipped
    # the same page from the folder is the same article: its canonical address matches
    again = parsed(khabar("add", str(page), "--json", "-j", "1"))
    assert (again["added"], again["duplicates"]) == (0, 1)


def test_shipped_corpus_in_every_language(khabar):
    result = khabar("add", str(CORPUS), "--json")
    assert result.exit_code == 0, result.stderr
    summary = parsed(result)
    assert summary["added"] >= 28 and summary["rejected"] == 0
    counts = parsed(khabar("stats", "--json"))["by_lang"]
    assert {lang for lang, n in counts.items() if n >= 4} >= {"en", "ar", "ckb", "kmr"}
    for spelling in ("Hesîçe", "کۆبانێ", "Kobanê", "دير الزور", "Serêkaniyê"):
        assert parsed(khabar("search", spelling, "--json"))["total"] >= 2, spelling
    noise = parsed(khabar("search", '"Leave a Reply"', "--json"))
    assert noise["total"] == 0


def test_a_revisit_read_while_its_original_is_being_cleaned_is_skipped(khabar, tmp_path):
    """Counts must not depend on timing: a revisit resolved to a capture still in the
    cleaning window is the same capture, not a duplicate of it."""
    path = tmp_path / "recrawl.warc.gz"
    html = [("Content-Type", "text/html; charset=utf-8")]
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i in range(12):
            url = f"https://news.example/story-{i}"
            page = (f"<html><head><title>Story {i} about the harvest</title></head><body>"
                    f"<article><h1>Story {i} about the harvest</h1><p>Farmers near Amuda said "
                    f"the wheat harvest number {i} was late this year because of the rain.</p>"
                    "</article></body></html>").encode()
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(page),
                http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1"))
            writer.write_record(response)
            writer.write_record(writer.create_revisit_record(
                url, response.rec_headers.get_header("WARC-Payload-Digest"), url,
                response.rec_headers.get_header("WARC-Date"),
                http_headers=StatusAndHeaders("200 OK", html, protocol="HTTP/1.1")))
    report = parsed(khabar("add", str(path), "--jobs", "2", "--json"))
    assert (report["added"], report["duplicates"], report["skipped"]) == (12, 0, 12)
    crawl = parsed(khabar("crawls", "--json"))[0]
    assert (crawl["added"], crawl["duplicates"]) == (12, 0)
