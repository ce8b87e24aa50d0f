"""`khabar add --spark`: the same archive as `add`, from Spark's local mode.

One local[2] session serves the module (the CLI, run in-process, finds it active). The
inputs are the shipped crawl, the WARC samples (damaged records, ARC, revisits, junk files)
and a generated crawl whose revisits come after many records, cut into ranges small enough
that revisits and their originals fall into different tasks.
"""
from __future__ import annotations

import io
import shutil
import sys
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from archive import spark
from archive.location import database_path
from cli.main import cli
from tests.conftest import CORPUS, SAMPLES
from tests.test_reliability import (COMPLETE, assert_whole, khabar, snapshot, write_crawl)

#: Range size for the generated crawl: small enough to cut it into a dozen tasks.
SMALL_RANGE = 16 * 1024


def write_recrawl(path: Path) -> None:
    """A crawl with revisits of its first pages at its end, far from their originals."""
    write_crawl(path, 240, site="spark.example")
    originals = []
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                originals.append((record.rec_headers.get_header("WARC-Target-URI"),
                                  record.rec_headers.get_header("WARC-Payload-Digest"),
                                  record.rec_headers.get_header("WARC-Date")))
    html_type = [("Content-Type", "text/html; charset=utf-8")]
    with open(path, "ab") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, digest, date in originals[:12]:
            writer.write_record(writer.create_revisit_record(
                url, digest, url, date,
                http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2019-05-01T08:00:00Z"}))
        writer.write_record(writer.create_warc_record(
            "https://spark.example/late", "response", payload=io.BytesIO(
                b"<html><head><title>Late harvest report</title></head><body><article>"
                b"<h1>Late harvest report</h1><p>" + b"sadule zebaqu tino " * 30
                + b"</p></article></body></html>"),
            http_headers=StatusAndHeaders("200 OK", html_type, protocol="HTTP/1.1")))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> list[str]:
    folder = tmp_path_factory.mktemp("inputs")
    write_recrawl(folder / "recrawl.warc.gz")
    shutil.copytree(SAMPLES, folder / "samples")
    return [str(CORPUS / "crawls"), str(folder / "recrawl.warc.gz"), str(folder / "samples")]


@pytest.fixture(scope="module")
def session():
    started, new = spark.start_session("local[2]")
    assert new
    yield started
    started.stop()


def run(archive: Path, *args: str):
    return CliRunner().invoke(cli, ["--archive", str(archive), *args], catch_exceptions=False)


def dated(archive: Path) -> list[tuple]:
    """What `snapshot` leaves out: each article's date, author and source."""
    db = sqlite3.connect(database_path(archive))
    try:
        return db.execute("SELECT id, date, author, source FROM articles ORDER BY id").fetchall()
    finally:
        db.close()


def test_the_survey_cuts_a_crawl_and_carries_revisits_across_its_cuts(inputs):
    offsets, revisits = spark.survey(inputs[1], SMALL_RANGE)
    assert len(offsets) >= 5 and offsets == sorted(offsets)
    # the revisits at the end of the crawl point back across several cuts
    assert sum(1 for at, original, _ in revisits if original < offsets[-1] <= at) == 12


def test_spark_local_builds_the_archive_add_builds(inputs, session, tmp_path, monkeypatch):
    monkeypatch.setattr(spark, "RANGE_BYTES", SMALL_RANGE)
    plain = run(tmp_path / "plain", "add", "--jobs", "1", *inputs)
    on_spark = run(tmp_path / "spark", "add", "--spark", "local[2]", *inputs)
    assert on_spark.exit_code == plain.exit_code == COMPLETE
    assert (on_spark.stderr.replace(str(tmp_path / "spark"), "ARCHIVE")
            == plain.stderr.replace(str(tmp_path / "plain"), "ARCHIVE"))
    reference = snapshot(tmp_path / "plain")
    assert len(reference["articles"]) > 200
    assert_whole(snapshot(tmp_path / "spark"), reference)
    assert dated(tmp_path / "spark") == dated(tmp_path / "plain")
    # run again, the archive is as it was and every input is skipped, as with `add`
    again = run(tmp_path / "spark", "add", "--spark", "local[2]", "--json", *inputs)
    plain_again = run(tmp_path / "plain", "add", "--json", *inputs)
    assert again.exit_code == plain_again.exit_code
    assert again.stdout == plain_again.stdout and '"added": 0' in again.stdout
    assert_whole(snapshot(tmp_path / "spark"), reference)


def test_pages_dumps_and_json_lines_stay_local(session, tmp_path):
    result = run(tmp_path / "archive", "add", "--spark", "local[2]",
                 str(CORPUS / "crawls"), str(CORPUS / "dumps"))
    assert result.exit_code == 2
    line, = result.stderr.strip().splitlines()
    assert "--spark cleans WARC and ARC files only" in line and "dumps" in line
    assert not (tmp_path / "archive").exists() or not dated(tmp_path / "archive")


def test_a_killed_spark_add_resumes_like_add(inputs, tmp_path):
    crawl = inputs[1]
    reference_archive = tmp_path / "reference"
    assert run(reference_archive, "add", "--jobs", "1", crawl).exit_code == COMPLETE
    archive = tmp_path / "archive"
    status, _, _ = khabar(archive, "add", "--spark", "local[2]", crawl, fault_after=180)
    assert status == -9
    state = snapshot(archive)
    assert 0 < len(state["articles"]) < len(snapshot(reference_archive)["articles"])
    status, _, err = khabar(archive, "add", "--spark", "local[2]", crawl)
    assert status == COMPLETE, err
    assert_whole(snapshot(archive), snapshot(reference_archive))


def test_without_pyspark_spark_names_the_extra(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pyspark.sql", None)  # what a missing package raises
    result = run(tmp_path / "archive", "add", "--spark", "local[2]", str(CORPUS / "crawls"))
    assert result.exit_code == 2
    assert result.stderr.strip() == ("khabar: --spark needs PySpark: pip install 'khabar[spark]'"
                                     " (and Java 17 or newer)")
    assert not (tmp_path / "archive").exists()
