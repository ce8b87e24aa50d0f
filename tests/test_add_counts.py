"""What `khabar add` and `khabar crawls` say: counts that match the lines printed, old errors
not told twice, files that are no input skipped with a reason, grouping by folder."""
from __future__ import annotations

import io
import json
import shutil

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import SAMPLES, parsed

RECORD = {"url": "https://wire.example/{n}", "title": "Market day {n}", "lang": "en",
          "text": "QAMISHLI — Traders in the market of Qamishli sold wheat and lentils on day {n}, "
                  "and bakers said the price of flour had fallen since the harvest began."}


def error_lines(result) -> list[str]:
    return [line for line in result.stderr.splitlines()
            if line and not line.startswith("added ") and ": skipped: " not in line]


def summary_count(result, name: str) -> int:
    line = next(line for line in result.stderr.splitlines() if line.startswith("added "))
    return int(line.split(f"{name} ")[1].split(",")[0].split(" ")[0])


def test_rejected_counts_every_error_line(khabar, tmp_path):
    broken = tmp_path / "broken.jsonl"
    good = json.dumps({k: v.format(n=1) for k, v in RECORD.items()})
    broken.write_text(f"{good}\n{{not json\n[1, 2]\n")
    result = khabar("add", str(SAMPLES), str(broken), str(tmp_path / "missing.warc"), "-j", "1")
    assert result.exit_code == 3
    lines = error_lines(result)
    assert len(lines) >= 6  # damaged samples, two bad JSON lines, the missing path
    assert summary_count(result, "rejected") == len(lines)
    entries = parsed(khabar("crawls", "--files", "--json"))
    assert sum(entry["rejected"] for entry in entries) == sum(len(e["errors"]) for e in entries)


def test_adding_a_folder_again_does_not_repeat_its_old_errors(khabar, tmp_path):
    folder = tmp_path / "crawl"
    folder.mkdir()
    for name in ("example-trunc.warc", "example-wrong-chunks.warc.gz", "example.warc.gz"):
        shutil.copy(SAMPLES / name, folder / name)
    first = khabar("add", str(folder), "-j", "1")
    assert first.exit_code == 3 and len(error_lines(first)) == 3
    again = khabar("add", str(folder), "--json", "-j", "1")
    assert again.exit_code == 0 and error_lines(again) == []
    assert parsed(again) == {"added": 0, "duplicates": 0, "rejected": 0, "skipped": 3, "updated": 0,
                             "errors": []}
    assert len(parsed(khabar("crawls", "--files", "--json"))) == 3  # each file's errors kept there


def test_files_that_are_no_input_are_skipped_with_the_reason_every_time(khabar, tmp_path):
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "dump.bin").write_bytes(bytes(range(256)))
    result = khabar("add", str(tmp_path), "-j", "1")
    assert result.exit_code == 0
    assert f"{tmp_path / 'logo.png'}: skipped: not a crawl, web page, text dump or JSON Lines " \
           "file (image/png)" in result.stderr
    assert f"{tmp_path / 'dump.bin'}: skipped: " in result.stderr
    again = khabar("add", str(tmp_path / "logo.png"), "-j", "1")
    assert "(image/png)" in again.stderr and "already archived" not in again.stderr
    assert parsed(khabar("crawls", "--json")) == []


def test_two_empty_files_keep_their_own_errors(khabar, tmp_path):
    for name in ("one.txt", "two.txt"):
        (tmp_path / name).write_bytes(b"")
    result = khabar("add", str(tmp_path / "one.txt"), str(tmp_path / "two.txt"), "-j", "1")
    assert f"{tmp_path / 'one.txt'}: empty file" in result.stderr
    assert f"{tmp_path / 'two.txt'}: empty file" in result.stderr
    for entry in parsed(khabar("crawls", "--files", "--json")):
        assert all(error.startswith(entry["path"]) for error in entry["errors"]), entry
    assert f"{tmp_path / 'two.txt'}: empty file" in khabar("add", str(tmp_path / "two.txt")).stderr


def test_the_archives_own_fetch_journal_is_not_an_input(khabar, archive_dir, tmp_path):
    page = tmp_path / "page.jsonl"
    page.write_text(json.dumps({k: v.format(n=1) for k, v in RECORD.items()}) + "\n")
    khabar("add", str(page), "-j", "1")
    fetched = archive_dir / "fetched"
    fetched.mkdir()
    (fetched / "journal.jsonl").write_text(json.dumps(
        {"url": "https://wire.example/1", "final_url": "https://wire.example/1",
         "fetched_at": "2026-01-01T00:00:00Z"}) + "\n")
    warc = fetched / "fetch-1.warc.gz"
    with open(warc, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        writer.write_record(writer.create_warc_record(
            "https://wire.example/2", "response", payload=io.BytesIO(
                b"<html><head><title>Market day 2</title></head><body><article><p>"
                + RECORD["text"].format(n=2).encode() + b"</p></article></body></html>"),
            http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                          protocol="HTTP/1.1")))
    result = khabar("add", str(fetched), "--json", "-j", "1")
    assert result.exit_code == 0, result.stderr
    assert parsed(result)["added"] == 1 and parsed(result)["rejected"] == 0
    assert "journal.jsonl: skipped: the archive's own fetch journal" in result.stderr


def test_garbage_in_a_damaged_record_is_escaped_and_cut_short(khabar, tmp_path):
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=False)
    writer.write_record(writer.create_warc_record(
        "https://a.example/x", "response", payload=io.BytesIO(b"<html><p>x</p></html>"),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                      protocol="HTTP/1.1")))
    garbage = b"\x1b]8;;http://evil.example\x07\x1b[31m\x7f\x9b" + bytes(range(1, 255)) * 4
    (tmp_path / "bad.warc").write_bytes(buffer.getvalue() + garbage + b"\r\n\r\n")
    result = khabar("add", str(tmp_path / "bad.warc"), "--json", "-j", "1")
    (reason,) = [e["reason"] for e in parsed(result)["errors"] if "first line" in e["reason"]]
    assert reason.isprintable() and "\\x1b]8;;http://evil" in reason
    assert len(reason.split("first line: ")[1]) < 120  # the excerpt, escaped, not the whole line


def test_crawls_sums_a_folder_and_lists_its_files_on_request(khabar, tmp_path):
    folder = tmp_path / "dumps"
    folder.mkdir()
    for n in range(12):
        record = {k: v.format(n=n) for k, v in RECORD.items()}
        (folder / f"{n:02}.jsonl").write_text(json.dumps(record) + "\n")
    for n in range(7):
        (folder / f"bad{n}.jsonl").write_text(f"{{broken {n}\n")
    assert khabar("add", str(folder), "--crawl", "market", "-j", "1").exit_code == 3
    shown = khabar("crawls").stdout.splitlines()
    assert shown[0] == f"market: {folder}/ (19 files)"
    assert shown[1] == "  added 12, duplicates 0, rejected 7, skipped 0"
    assert len([line for line in shown if line.startswith("  error: ")]) == 5
    assert shown[-1] == "  … 2 more errors (--files lists them all)"
    files = khabar("crawls", "--files").stdout
    assert files.count("market: ") == 19 and files.count("  error: ") == 7


def test_a_link_out_of_the_folder_is_a_skip_not_a_rejected_record(khabar, tmp_path):
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_text(
        "<html><head><title>Amuda harvest</title></head><body><article><p>Farmers in Amuda "
        "brought in the wheat harvest early this year, traders said.</p></article></body></html>")
    (folder / "root").symlink_to("/")
    result = khabar("add", str(folder), "--json", "-j", "1")
    assert result.exit_code == 0
    summary = parsed(result)
    assert summary["rejected"] == 0 and summary["skipped"] == 1 and summary["added"] == 1
    assert summary["errors"] == [{"input": str(folder), "reason": (
        f"skipped: {folder / 'root'} links outside {folder} (to /); not followed")}]
    assert error_lines(result) == []
