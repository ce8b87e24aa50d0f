"""Queries and options that cannot mean what was typed are refused with one clear line."""
from __future__ import annotations

import json

import pytest

from tests.conftest import parsed


@pytest.fixture
def archive(khabar, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(article) + "\n" for article in (
        {"url": "https://a.example/1", "title": "Kobani rebuilds its schools",
         "date": "2017-09-01", "text": "Teachers in Kobani opened rebuilt schools in Syria."},
        {"url": "https://a.example/2", "title": "Raqqa market reopens", "date": "2018-11-20",
         "text": "The old market of Raqqa in Syria reopened after two years."},
    )))
    assert khabar("add", str(path), "-j", "1").exit_code == 0
    return khabar


def refused(result, *words: str) -> str:
    """The one-line error of a refused query, checked to name each of `words`."""
    assert result.exit_code == 2, result.stdout
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    message = lines[-1]
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in message, message
    return message


@pytest.mark.parametrize("query, words", [
    ("date:[2016 TO", ("never closed", "column 6")),           # an unclosed range
    ("Syria date:{2016 TO 2017", ("never closed", "column 12")),
    ("date:[2019-13 TO 2020]", ("2019-13", "not a date")),     # a month that does not exist
    ("Syria date:[2016-02-30 TO 2017]", ("2016-02-30", "not a date")),
    ("Syria date:2016-13", ("2016-13",)),
    ("Syria date:[2019 TO 2016]", ("inverted",)),
    ("Syria before:2016-02-30", ("2016-02-30",)),
    ("title:", ("title:", "nothing to search for")),          # a field with nothing after it
    ("Syria intitle:", ("intitle:", "nothing to search for")),
    ("NOT Kobani", ("only excludes", "add a word")),           # nothing to find
])
def test_query_mistakes_are_named(archive, query, words):
    refused(archive("search", query), *words)


@pytest.mark.parametrize("options, words", [
    (("--since", "2016-02-30"), ("--since", "2016-02-30", "not a date")),
    (("--until", "2016-13"), ("--until", "2016-13")),
    (("--since", "2019", "--until", "2016"), ("inverted",)),
    (("--until", "2016", "--since", "2019"), ("inverted",)),   # either order on the line
])
def test_date_options_are_real_dates_in_order(archive, options, words):
    refused(archive("search", "Syria", *options), *words)
    refused(archive("count", "Syria", *options), *words)


def test_same_month_range_is_not_inverted(archive):
    result = archive("search", "Syria", "--since", "2017-09", "--until", "2017", "--json")
    assert result.exit_code == 0 and parsed(result)["total"] == 1


def test_a_query_may_begin_with_an_excluded_word(archive):
    result = archive("search", "-Kobani", "Syria", "--json")
    assert result.exit_code == 0, result.stderr
    assert [hit["url"] for hit in parsed(result)["hits"]] == ["https://a.example/2"]
    # options keep working around it, and -n with its number is still an option
    result = archive("search", "-Kobani", "-n", "1", "Syria")
    assert result.exit_code == 0 and "Raqqa" in result.stdout
    refused(archive("search", "-Kobani"), "only excludes", "add a word")
    assert archive("search", "--no-such-option", "Syria").exit_code == 2
