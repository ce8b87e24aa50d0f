"""Date filters at the edges of their periods, counts and timelines by week and by day."""
from __future__ import annotations

import json

import pytest

from tests.conftest import parsed

#: Dates at the edges of years, months and ISO weeks (2017-01-01 is a Sunday of 2016-W52).
DATES = ["2015-12-31", "2016-01-01", "2016-07-15", "2016-12-31", "2017-01-01", "2017-01-09"]


@pytest.fixture
def archive(khabar, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps({
        "url": f"https://a.example/{date}", "title": f"Hasakah report of {date}", "date": date,
        "source": "ARA News" if date < "2017" else "Rudaw", "lang": "en",
        "text": ("QAMISHLI — " if date.endswith("-01") else "")
        + f"Hasakah residents queued for water trucks on {date}, the council said."}) + "\n"
        for date in DATES), encoding="utf-8")
    assert khabar("add", str(path), "-j", "1").exit_code == 0
    return khabar


def dates(result) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return sorted(hit["date"] for hit in parsed(result)["hits"])


@pytest.mark.parametrize("since, until, expected", [
    (None, "2016", DATES[:4]),               # every day of 2016, its last one too
    ("2016", "2016", DATES[1:4]),
    ("2016-07", "2016-07", ["2016-07-15"]),  # a month holds its days
    ("2016-12-31", "2016-12-31", ["2016-12-31"]),
    ("2016-12-31", None, DATES[3:]),
])
def test_since_and_until_take_whole_periods(archive, since, until, expected):
    options = [*(["--since", since] if since else []), *(["--until", until] if until else [])]
    assert dates(archive("search", "Hasakah", *options, "--json", "-n", "50")) == expected


@pytest.mark.parametrize("command", ["search", "count", "timeline"])
@pytest.mark.parametrize("value", ["2016-05-03x", "2016-5", "x2016", "2016-05-03 "])
def test_a_date_with_anything_more_is_refused(archive, command, value):
    result = archive(command, "Hasakah", "--since", value)
    assert result.exit_code == 2
    assert "is not a date like 2016, 2016-03 or 2016-03-21" in result.stderr


def test_count_with_no_hit_exits_1(archive):
    missing = archive("count", "Raqqa", "--by", "year")
    assert (missing.exit_code, missing.stdout) == (1, "")
    found = archive("count", "Hasakah", "--by", "year")
    assert found.exit_code == 0
    assert found.stdout.splitlines() == ["2015\t1", "2016\t3", "2017\t2"]


@pytest.mark.parametrize("by, expected", [
    ("month", {"2015-12": 1, "2016-01": 1, "2016-07": 1, "2016-12": 1, "2017-01": 2}),
    ("day", dict.fromkeys(DATES, 1)),
    ("source", {"ARA News": 4, "Rudaw": 2}),
    ("place", {"Al Qāmishlī": 2}),  # the datelines of 2016-01-01 and 2017-01-01, by entity
])
def test_counts_by_period_source_and_place(archive, by, expected):
    result = archive("count", "Hasakah", "--by", by, "--json")
    assert result.exit_code == 0
    assert parsed(result)["counts"] == expected


def test_timeline_by_week_follows_iso_weeks_and_shows_empty_ones(archive):
    result = archive("timeline", "Hasakah", "--by", "week", "--since", "2016-12", "--json")
    assert result.exit_code == 0
    # from the week --since falls in (2016-12-01 is in 2016-W48), empty weeks as zeros
    assert parsed(result)["counts"] == {"2016-W48": 0, "2016-W49": 0, "2016-W50": 0,
                                        "2016-W51": 0, "2016-W52": 2, "2017-W01": 0,
                                        "2017-W02": 1}


def test_timeline_by_day_fills_the_days_between(archive):
    result = archive("timeline", "Hasakah", "--by", "day", "--since", "2016-12-31",
                     "--until", "2017-01-03")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == ["2016-12-31", "2017-01-01", "2017-01-02",
                                                   "2017-01-03"]
    result = archive("timeline", "Hasakah", "--by", "day", "--since", "2016-12-31", "--json")
    counts = parsed(result)["counts"]
    assert list(counts)[:3] == ["2016-12-31", "2017-01-01", "2017-01-02"]
    assert (len(counts), sum(counts.values()), counts["2017-01-02"]) == (10, 3, 0)
