"""The archivist's commands: crawls, export, verify, reindex, reclean — through the CLI."""
from __future__ import annotations

import csv
import io
import json
import shutil
import sqlite3
import zlib

from warcio.archiveiterator import ArchiveIterator
from whoosh import fields, index
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive.location import database_path
from indexer.whoosh_engine import live_index_name
from tests.conftest import SEED, parsed

PAGE = """<html><head><title>{title} | Rojava Observer</title>
<link rel="canonical" href="{url}"></head><body>
<header><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
<article><h1>{title}</h1>
<p>{body}</p><p>{body}</p><p>{body}</p>
</article>
<div id="respond" class="comment-respond"><h3>Leave a Reply</h3>
<form action="/wp-comments-post.php" id="commentform"><p class="math-captcha-form">3 + ten =
<input name="mc-value"></p></form></div></body></html>"""


def write_warc(path, pages: list[tuple[str, str, str]]) -> None:
    """A real WARC of HTML responses, as a crawler writes it."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, title, body in pages:
            html = PAGE.format(url=url, title=title, body=body).encode("utf-8")
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(html), http_headers=http))


PAGES = [
    ("https://observer.example/2016/03/alouk", "Alouk water station stops again",
     "Residents of Hasakah queued for water as the Alouk station near Serêkaniyê stopped."),
    ("https://observer.example/2017/05/amuda-harvest", "Amuda farmers bring in the harvest",
     "Farmers around Amuda said the wheat harvest came early after a dry spring."),
]


def test_warc_is_archived_and_searchable(khabar, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, PAGES)
    result = khabar("add", str(warc), "--json", "--jobs", "1")
    assert result.exit_code == 0, result.stderr
    assert parsed(result)["added"] == 2
    hit = parsed(khabar("search", "Amuda harvest", "--json"))["hits"][0]
    assert hit["url"] == "https://observer.example/2017/05/amuda-harvest"
    assert parsed(khabar("search", '"Leave a Reply"', "--json"))["total"] == 0


def test_overlapping_warc_adds_only_new_captures(khabar, tmp_path):
    first, second = tmp_path / "one.warc.gz", tmp_path / "two.warc.gz"
    write_warc(first, PAGES[:1])
    write_warc(second, PAGES)
    assert parsed(khabar("add", str(first), "--json", "-j", "1"))["added"] == 1
    summary = parsed(khabar("add", str(second), "--json", "-j", "1"))
    assert summary["added"] == 1
    assert parsed(khabar("stats", "--json"))["articles"] == 2


def test_crawls_lists_each_input_with_counts(khabar, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, PAGES)
    khabar("add", str(warc), "--crawl", "observer-2017", "-j", "1")
    (entry,) = parsed(khabar("crawls", "--json"))
    assert entry["crawl"] == "observer-2017" and entry["added"] == 2
    assert entry["finished_at"]
    assert "observer-2017" in khabar("crawls").stdout


def test_export_jsonl_round_trips_through_add(khabar, tmp_path, archive_dir):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, PAGES)
    khabar("add", str(warc), str(SEED), "-j", "1")
    exported = tmp_path / "all.jsonl"
    assert khabar("export", "-o", str(exported)).exit_code == 0
    before = {r["url"]: r for r in map(json.loads, exported.read_text().splitlines())}
    assert len(before) == 3
    other = tmp_path / "other-archive"
    from click.testing import CliRunner

    from cli.main import cli

    runner = CliRunner()
    added = runner.invoke(cli, ["--archive", str(other), "add", str(exported), "--json", "-j", "1"])
    assert json.loads(added.stdout)["added"] == 3
    again = runner.invoke(cli, ["--archive", str(other), "export"])
    after = {r["url"]: r for r in map(json.loads, again.stdout.splitlines())}
    for url, record in before.items():
        for name in ("title", "text", "date", "author", "lang", "source"):
            assert after[url][name] == record[name], (url, name)


def test_export_csv_and_warc(khabar, tmp_path):
    warc = tmp_path / "crawl.warc.gz"
    write_warc(warc, PAGES)
    khabar("add", str(warc), "-j", "1")
    rows = list(csv.DictReader(io.StringIO(khabar("export", "--format", "csv").stdout)))
    assert {row["title"] for row in rows} == {title for _, title, _ in PAGES}
    out = tmp_path / "selection.warc.gz"
    assert khabar("export", "Amuda", "--format", "warc", "-o", str(out)).exit_code == 0
    with open(out, "rb") as handle:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
                   for r in ArchiveIterator(handle)]
    assert [(kind, url) for kind, url, _ in records] == [("response", PAGES[1][0])]
    assert b"Amuda" in records[0][2]


def test_verify_detects_a_tampered_capture(khabar, tmp_path, archive_dir):
    khabar("add", str(SEED), "-j", "1")
    assert khabar("verify").exit_code == 0
    db = sqlite3.connect(database_path(archive_dir))
    db.execute("UPDATE captures SET raw = ?", (zlib.compress(b"tampered"),))
    db.commit()
    db.close()
    result = khabar("verify", "--json")
    assert result.exit_code == 4
    assert "differ from their sha256" in parsed(result)["problems"][0]


def test_reindex_keeps_search_and_ids(khabar):
    khabar("add", str(SEED), "-j", "1")
    before = parsed(khabar("search", "Hasakah", "--json"))["hits"][0]["id"]
    assert parsed(khabar("reindex", "--json")) == {"indexed": 1}
    assert parsed(khabar("search", "Hasakah", "--json"))["hits"][0]["id"] == before
    assert khabar("verify").exit_code == 0


def test_an_index_from_an_earlier_version_is_refused_until_reindex(khabar, archive_dir):
    khabar("add", str(SEED), "-j", "1")
    live = archive_dir / live_index_name(archive_dir)
    shutil.rmtree(live)
    live.mkdir()
    # an index whose `text` field whoosh analyses itself, as earlier versions wrote it
    index.create_in(str(live), fields.Schema(id=fields.ID(unique=True, stored=True),
                                             text=fields.TEXT()))
    result = khabar("search", "Hasakah")
    assert result.exit_code == 4
    assert "earlier version of khabar (run: khabar reindex)" in result.stderr
    assert parsed(khabar("reindex", "--json")) == {"indexed": 1}
    assert parsed(khabar("search", "Hasakah", "--json"))["total"] == 1


def test_reclean_keeps_ids_and_swaps_in_a_new_index(khabar, archive_dir):
    khabar("add", str(SEED), "-j", "1")
    before = parsed(khabar("search", "Hasakah", "--json"))["hits"][0]["id"]
    live = archive_dir / live_index_name(archive_dir)
    result = khabar("reclean", "--json", "-j", "1")
    assert result.exit_code == 0 and parsed(result)["rejected"] == 0
    assert archive_dir / live_index_name(archive_dir) != live and not live.exists()
    assert parsed(khabar("search", "Hasakah", "--json"))["hits"][0]["id"] == before
    assert khabar("verify").exit_code == 0
