"""`khabar export` then `khabar add` into a new archive gives back every article, whatever the
kind of capture it came from: WARC responses, saved pages, text dumps, JSON Lines records."""
from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli.main import cli
from tests.conftest import CORPUS, SAMPLES

COMPARED = ("title", "text", "date", "author", "lang", "source", "place", "captions")
RECORDS = [
    {"url": "https://wire.example/2019/amuda-bakery", "title": "Amuda bakery reopens",
     "date": "2019-04-02", "lang": "en", "author": "Rana Yusuf", "source": "Jazira Wire",
     "captions": ["The bakery's new oven, April 2019", "Queue outside the bakery"],
     "text": "AMUDA — The town's largest bakery reopened on Tuesday after a month without flour, "
             "and families queued from dawn for the first bread in weeks, residents said."},
    {"url": "https://wire.example/2019/derik-school", "title": "مدرسة جديدة في ديريك",
     "date": "2019-05-10", "lang": "ar",
     "text": "ديريك – افتتحت مدرسة جديدة في مدينة ديريك هذا الأسبوع، وقال المعلمون إن الصفوف "
             "امتلأت بالأطفال منذ اليوم الأول، وطالب الأهالي بمدرسة ثانية قبل الشتاء."},
]


def run(archive, *args):
    result = CliRunner().invoke(cli, ["--archive", str(archive), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def exported(archive) -> dict[str, dict]:
    return {record["url"]: record
            for record in map(json.loads, run(archive, "export").stdout.splitlines())}


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    """An archive of every capture kind: the corpus (a wget WARC, saved pages, gzipped pages,
    text dumps), JSON Lines records with captions, and warcio's resource-record sample."""
    folder = tmp_path_factory.mktemp("source")
    records = folder / "records.jsonl"
    records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), "utf-8")
    archive = folder / "archive"
    run(archive, "add", str(CORPUS), str(records), str(SAMPLES / "example-resource.warc.gz"),
        "-j", "1")
    return archive, exported(archive)


@pytest.mark.parametrize("fmt", ["warc", "jsonl"])
def test_every_article_comes_back_from_an_export(source, tmp_path, fmt):
    archive, before = source
    out = tmp_path / f"everything.{fmt}{'.gz' if fmt == 'warc' else ''}"
    run(archive, "export", "--format", fmt, "-o", str(out))
    other = tmp_path / "other"
    added = json.loads(run(other, "add", str(out), "--json", "-j", "1").stdout)
    after = exported(other)
    assert added["errors"] == [] and set(after) == set(before)
    for url, record in before.items():
        for name in COMPARED:
            assert after[url][name] == record[name], (url, name)


def test_the_source_archive_holds_every_kind(source):
    _, before = source
    assert len(before) == 29 + len(RECORDS) + 1  # corpus stories, records, warcio's example.com
    assert "http://example.com/" in before  # from warcio's `resource` record
    assert before[RECORDS[0]["url"]]["captions"] == RECORDS[0]["captions"]
    assert sum(1 for record in before.values() if record["captions"]) > len(RECORDS)
    assert any(url.startswith("file://") for url in before)  # the text dumps
