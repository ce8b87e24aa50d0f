"""Search finds what a journalist means: authors and sources, other forms of a word,
words near each other in any order, sites and URLs, web search's operators; and says why
when it finds nothing."""
from __future__ import annotations

import json

import pytest

from tests.conftest import parsed

ARTICLES = [
    {"url": "https://www.rojava-observer.example/2019/03/council-vote/", "date": "2019-03-02",
     "title": "Council elections held across Jazira", "source": "Rojava Observer",
     "author": "Shirin Hasan",
     "text": "Voters chose new councils in the elections on Saturday, officials said. "
             "The Electoral Commission counted ballots overnight."},
    {"url": "https://b.example/2018/water", "date": "2018-01-02", "title": "Hasakah Water",
     "source": "Jazira Wire", "author": "Dilovan Mohammed",
     "text": "Engineers repaired the Alouk water station. The Election Commission "
             "published a notice. Mazloum Abdi spoke to the press and said the talks were "
             "going on and bi di would not stop them. The bus terminals reopened."},
    {"url": "https://rojava-observer.example.evil.test/page", "date": "2020-06-01",
     "title": "Lookalike host", "source": "Other", "text": "A page on another host whose name begins like the observer's, about bread "
             "prices in the market and the bakeries that closed this week."},
    {"url": "https://c.example/2021/garden", "date": "2021-05-01", "title": "Summer evenings",
     "source": "Lifestyle", "text": "How to plan a party in the garden: the parties of summer "
             "need shade, music and cold drinks, and a bowl of berries."},
    {"url": "https://d.example/2022/beirut", "date": "2022-02-01", "title": "Talks in Beirut",
     "source": "Levant Desk", "text": "Speaker Nabih Berri received the delegation. Berri said "
             "the talks would go on."},
    {"url": "https://e.example/2022/termine", "date": "2022-03-01", "title": "Wahlen",
     "lang": "de", "source": "Stadtanzeiger",
     "text": "Die Termine für die Wahl stehen fest. Die Stadt lädt alle Bürger ein."},
    {"url": "https://f.example/2023/road", "date": "2023-01-02", "title": "Road reopened",
     "text": "Traffic resumed on the road to Ain Issa on Monday, residents said."},
    {"url": "https://f.example/2023/poet", "date": "2023-01-03", "title": "An evening of poems",
     "text": "The poet Issa Khoury read new work to a full hall."},
    {"url": "https://f.example/2023/visit", "date": "2023-01-04", "title": "Camp visit",
     "text": "Issa Hanna toured the camp near Ain Issa on Friday."},
    {"url": "https://g.example/2023/bus", "date": "2023-02-01", "title": "Bus fare rises",
     "lang": "en", "text": "The bus fare to the city rose again this week, drivers said."},
    {"url": "https://g.example/2023/vacanze", "date": "2023-02-02", "title": "Vacanze",
     "lang": "it", "text": "Cosa fare in vacanza: le cose da fare al mare questa estate."},
]


@pytest.fixture
def archive(khabar, tmp_path):
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(a) + "\n" for a in ARTICLES))
    assert khabar("add", str(path), "-j", "1").exit_code == 0
    return khabar


def urls(result) -> set[str]:
    assert result.exit_code in (0, 1), result.stderr
    return {hit["url"] for hit in parsed(result)["hits"]}


VOTE, WATER, LOOKALIKE, GARDEN, BEIRUT, TERMINE, ROAD, POET, VISIT, BUS, VACANZE = (
    a["url"] for a in ARTICLES)


@pytest.mark.parametrize("query, expected", [
    ("Shirin Hasan", {VOTE}),                        # an author, without author:
    ('"Dilovan Mohammed"', {WATER}),
    ("Jazira Wire", {WATER}),                        # a source's name
    ("election", {VOTE, WATER}),      # capitalised where the archive has it, still a word
    ("elections", {VOTE, WATER}),
    ("ballot", {VOTE}),
    ('"water Alouk"~3', {WATER}),                    # "Alouk water station": any order
    ('"Alouk water"~3', {WATER}),
    ('"station engineers"~2', set()),               # too far apart
    ("url:rojava-observer.example", {VOTE}),         # a host, with or without www.
    ("url:https://www.rojava-observer.example/2019/", {VOTE}),   # a URL prefix
    ("url:rojava-observer.example/2019", {VOTE}),
    ("site:rojava-observer.example", {VOTE}),
    ("intitle:water", {WATER}),
    ("Commission before:2019", {WATER}),
    ("Commission after:2018", {VOTE}),
    ("Commission before:2019-03-02", {WATER}),
    ("Commission after:2019-03-01", {VOTE}),
    ("party", {GARDEN}),
    ("parties", {GARDEN}),
    ("Partî", set()),          # Kurmanji, folded to "parti": not the English stem of "party"
    ("Berri", {BEIRUT}),       # a name, though "berri" is the English stem of "berries"
    ("berries", {GARDEN}),
    ("terminals", {WATER}),    # not German "Termine": the English stem is for English words
    ("fares", {BUS}),          # its stem as a word, in English only: not Italian "fare"
    ("fare", {BUS, VACANZE}),
    ("Issa", {POET, VISIT}),   # a name, not the Issa inside the town of Ain Issa
    ("Ain Issa", {ROAD, VISIT}),
])
def test_found(archive, query, expected):
    assert urls(archive("search", query, "--json")) == expected


def test_author_field_still_narrows(archive):
    assert urls(archive("search", "author:Hasan", "--json")) == {VOTE}
    assert urls(archive("search", "title:Hasakah", "--json")) == {WATER}


def test_names_suggest_only_names_and_only_for_rare_words(archive):
    # both words are in the archive, in different articles: nothing ordinary is offered
    result = archive("search", "Mazloum Hasan", "--json")
    assert parsed(result)["total"] == 0 and "suggestions" not in parsed(result)
    result = archive("search", "Mazlum Abdy", "--exact", "--json")
    assert not {"and", "bi", "di"} & set(parsed(result).get("suggestions", []))
    result = archive("search", "Mazlum", "--exact", "--json")
    assert "mazloum" in parsed(result)["suggestions"]
    assert "did you mean: commission" in archive("search", "comission", "--exact").stderr


def test_filters_that_emptied_the_result_are_named(archive):
    result = archive("search", "Alouk", "--since", "2019")
    assert result.exit_code == 1
    assert "left out all 1" in result.stderr and "did you mean" not in result.stderr
    data = parsed(archive("search", "Alouk date:2020", "--json"))
    assert data["outside_filters"] == 1 and "suggestions" not in data


def test_variants_names_the_longer_place_a_name_is_not_matched_inside(archive):
    rows = {row["spelling"]: row["reason"]
            for row in parsed(archive("variants", "Issa", "--json"))}
    assert rows["issa"] == "as typed"
    assert rows["ain issa"].startswith("not matched: issa inside")
