"""An edited story: a new capture of an article gives it its new text at once, every earlier
text stays searchable (--all-versions) and `show --versions` / `--diff` show what changed."""
from __future__ import annotations

import io
import json
import signal

from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter
from whoosh import index

from cli.main import cli
from indexer.whoosh_engine import live_index_name, open_engine, schema
from tests import test_reliability as reliability
from tests.conftest import parsed
from tests.test_fetch import run_fetch, site  # noqa: F401 (the local web site fixture)

URL = "https://rojava-observer.example/2019/10/alouk-station"
FIRST = ("The Alouk water station stopped pumping on the sixth day of the offensive, "
         "engineers said.\n\nResidents of Hasakah queued for water trucks at dawn.")
EDITED = FIRST.replace("sixth day", "seventh day")


def jsonl(path, text: str):
    path.write_text(json.dumps({"url": URL, "title": "Alouk station stops", "text": text,
                                "date": "2019-10-20"}) + "\n")
    return str(path)


def only_id(khabar, query: str, *options: str) -> str:
    (hit,) = parsed(khabar("search", query, "--json", *options))["hits"]
    return hit["id"]


def test_an_edited_capture_replaces_the_text_and_keeps_the_old_one(khabar, tmp_path):
    assert khabar("add", jsonl(tmp_path / "first.jsonl", FIRST), "-j", "1").exit_code == 0
    article = only_id(khabar, "sixth")
    second = khabar("add", jsonl(tmp_path / "edited.jsonl", EDITED), "--json", "-j", "1")
    assert (parsed(second)["added"], parsed(second)["updated"]) == (0, 1)
    assert "updated 1" in second.stderr
    # the new words are found at once; the old ones only among earlier texts
    assert only_id(khabar, "seventh") == article
    not_now = khabar("search", "sixth")
    assert not_now.exit_code == 1
    assert "1 earlier text of edited articles matches: add --all-versions" in not_now.stderr
    earlier = only_id(khabar, "sixth", "--all-versions")
    assert earlier.startswith(article + "@")
    hits = parsed(khabar("search", "Alouk", "--all-versions", "--json"))["hits"]
    assert {(hit["id"], bool(hit["version"])) for hit in hits} == {(article, False),
                                                                  (earlier, True)}
    assert "earlier text, captured" in khabar("search", "sixth", "--all-versions").stdout
    shown = khabar("show", article)
    assert "seventh day" in shown.stdout and "sixth day" not in shown.stdout
    assert f"edited: earlier texts {earlier}" in shown.stdout
    assert parsed(khabar("show", article, "--json"))["earlier_texts"] == [earlier]
    assert "sixth day" in khabar("show", earlier).stdout
    # one capture per line with its date and the text it holds
    listed = parsed(khabar("show", article, "--versions", "--json"))["captures"]
    assert [capture["text"] for capture in listed] == [earlier, "current"]
    assert all(capture["captured_at"] for capture in listed)
    lines = khabar("show", article, "--versions").stdout.splitlines()
    assert len(lines) == 2 and earlier in lines[0] and "current" in lines[1]
    diff = khabar("show", article, "--diff").stdout.splitlines()
    assert "-The Alouk water station stopped pumping on the sixth day of the offensive, " \
           "engineers said." in diff
    assert "+The Alouk water station stopped pumping on the seventh day of the offensive, " \
           "engineers said." in diff
    assert " Residents of Hasakah queued for water trucks at dawn." in diff  # kept, as context
    assert khabar("verify").exit_code == 0
    # a rebuilt index finds both texts again, and the article stays one article
    assert khabar("reindex").exit_code == 0
    assert only_id(khabar, "seventh") == article
    assert only_id(khabar, "sixth", "--all-versions") == earlier
    assert parsed(khabar("count", "Alouk", "--by", "year", "--json"))["counts"] == {"2019": 1}
    # cleaning everything again keeps the newest text the article's
    assert khabar("reclean", "-j", "1").exit_code == 0
    assert only_id(khabar, "seventh") == article
    assert only_id(khabar, "sixth", "--all-versions") == earlier
    assert khabar("verify").exit_code == 0


def test_an_unchanged_story_has_one_text(khabar, tmp_path):
    khabar("add", jsonl(tmp_path / "first.jsonl", FIRST), "-j", "1")
    again = parsed(khabar("add", jsonl(tmp_path / "again.jsonl", FIRST + " "), "--json", "-j", "1"))
    assert (again["updated"], again["duplicates"]) == (0, 1)
    article = only_id(khabar, "sixth")
    result = khabar("show", article, "--diff")
    assert result.exit_code == 0 and result.stdout == ""
    assert "one text" in result.stderr


def warc_capture(writer: WARCWriter, when: str, text: str) -> None:
    page = (f"<html><head><title>Alouk station stops</title></head><body><article>"
            f"<h1>Alouk station stops</h1>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n"))
            + "</article></body></html>").encode()
    writer.write_record(writer.create_warc_record(
        URL, "response", payload=io.BytesIO(page),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                                      protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": when}))


def test_the_latest_capture_wins_whatever_the_order_it_arrives_in(khabar, tmp_path):
    # the later capture comes first in the file, the earlier one after it
    path = tmp_path / "recrawl.warc.gz"
    hostile = EDITED.replace("at dawn.", "at dawn.\x1b[2J\x1b]0;owned\x07")
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        warc_capture(writer, "2019-10-22T08:00:00Z", hostile)
        warc_capture(writer, "2019-10-20T08:00:00Z", FIRST)
    summary = parsed(khabar("add", str(path), "--json", "-j", "1"))
    assert (summary["added"], summary["updated"]) == (1, 0)
    article = only_id(khabar, "seventh")
    assert khabar("search", "sixth").exit_code == 1
    assert only_id(khabar, "sixth", "--all-versions") != article
    listed = parsed(khabar("show", article, "--versions", "--json"))["captures"]
    assert [(c["captured_at"][:10], c["text"] == "current") for c in listed] == [
        ("2019-10-20", False), ("2019-10-22", True)]
    diff = khabar("show", article, "--diff").stdout
    assert "+" in diff and "seventh" in diff
    assert "\x1b" not in diff and "\x07" not in diff  # crawled text never drives the terminal


def test_an_index_without_earlier_texts_is_refused_until_reindex(khabar, archive_dir, tmp_path):
    khabar("add", jsonl(tmp_path / "first.jsonl", FIRST), "-j", "1")
    live = archive_dir / live_index_name(archive_dir)
    for path in live.iterdir():
        path.unlink()
    older = schema()
    older.remove("version")  # the fields khabar wrote before it kept earlier texts
    index.create_in(str(live), older)
    result = khabar("search", "sixth")
    assert result.exit_code == 4 and "khabar reindex" in result.stderr
    assert khabar("reindex").exit_code == 0
    assert parsed(khabar("search", "sixth", "--json"))["total"] == 1


def test_refetching_an_edited_page_shows_the_edit(site, khabar):
    page = f"{site.base}/news/alouk-water-station"
    assert run_fetch(khabar, page).exit_code == 0
    assert khabar("search", "Thursday").exit_code == 1
    site.editions["/news/alouk-water-station"] = 2  # the site adds an update to the story
    assert run_fetch(khabar, "--refresh", page).exit_code == 0
    article = only_id(khabar, "Thursday")
    assert "repairs to the electricity line" in khabar("show", article).stdout
    assert [c["text"] for c in parsed(khabar("show", article, "--versions", "--json"))[
        "captures"]][-1] == "current"
    diff = khabar("show", article, "--diff").stdout.splitlines()
    assert [line for line in diff if line.startswith("+") and not line.startswith("+++")] == [
        "+Update 2: officials said pumping resumed on Thursday after repairs to the "
        "electricity line near Ras al-Ain."]


def test_an_add_killed_while_taking_an_edit_resumes_to_the_same_archive(tmp_path):
    """Killed at each durable step of adding a story and its edit, then run again: the
    article has the edited text, the earlier text is kept, and each is indexed once."""
    path = tmp_path / "edit.warc.gz"
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        warc_capture(writer, "2019-10-20T08:00:00Z", FIRST)
        warc_capture(writer, "2019-10-22T08:00:00Z", EDITED)
    kills = 0
    for step in range(1, 8):
        archive = tmp_path / f"archive-{step}"
        status, _out, err = reliability.khabar(archive, "add", str(path), "--jobs", "1",
                                               fault_after=step)
        assert status in (-signal.SIGKILL, 0), err
        kills += status == -signal.SIGKILL
        assert reliability.khabar(archive, "add", str(path), "--jobs", "1")[0] == 0
        engine = open_engine(archive)
        try:
            with engine.ix.searcher() as searcher:
                indexed = sorted(fields["id"] for fields in searcher.all_stored_fields())
        finally:
            engine.close()
        (article,) = [i for i in indexed if "@" not in i]
        assert len(indexed) == 2 and indexed[1].startswith(article + "@"), (step, indexed)

        def found(*args: str) -> list[str]:
            result = CliRunner().invoke(cli, ["--archive", str(archive), "search", *args,
                                              "--json"])
            return [hit["id"] for hit in json.loads(result.stdout)["hits"]]

        assert found("seventh") == [article] and found("sixth") == []
        assert found("sixth", "--all-versions") == [indexed[1]]
        assert reliability.verify_in_process(archive).exit_code == 0
    assert kills >= 5  # each capture stored, each outcome stored, the index committed, marked
