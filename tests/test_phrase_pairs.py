"""Phrases with frequent words, looked up by their indexed pairs, find exactly the articles
whose words stand next to each other; a date range typed in the query finds what
`--since/--until` finds.

A real index on disk in three segments, with deleted articles; the expected hits are
worked out from each article's own words, not from the index.
"""
from __future__ import annotations

import json
import random

import pytest
from whoosh import index

from archive.store import StoredArticle
from indexer.analysis import common_grams
from indexer.analysis.terms import analyze
from indexer.engine import IndexOutdated
from indexer.whoosh_bulk import WhooshRanker
from indexer.whoosh_engine import WhooshEngine, live_index_name, open_engine, schema
from tests.conftest import parsed

ENGLISH = ("in the of said council water station hasakah qamishli market bread "
           "prices near to and al-Hasakah").split()
ARABIC = "في الحسكة القامشلي من على المياه محطة قال سوق الخبز".split()
#: Titles whose last word is frequent, so that a phrase runs from the title into the body.
TITLES = ["Bread queues grow in", "Water cuts reported in", "Report", "تقرير من", "Council said"]
PHRASES = ["in the", "the council", "of the council", "said in", "in hasakah", "in al-Hasakah",
           "hasakah in the market", "to the", "في الحسكة", "محطة المياه في", "من على",
           "water station", "in in", "hasakah in"]


def article(n: int, title: str, text: str, date: str | None) -> StoredArticle:
    return StoredArticle(id=f"p{n}", url=f"https://x.example/{n}", title=title, text=text,
                         lang="en", date=date, author=None, source=None, place=None,
                         captions=[], crawl="test", archived_at="", near_of=None)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """600 articles in three commits, 30 of them deleted afterwards; returns the engine
    and each live article's terms and date."""
    rng = random.Random(5)
    engine = WhooshEngine(tmp_path_factory.mktemp("pairs") / "index")
    live = {}
    for batch in range(3):
        docs = []
        for n in range(batch * 200, batch * 200 + 200):
            words = rng.choices(ARABIC if n % 3 == 0 else ENGLISH, k=rng.randint(3, 60))
            date = None if n % 11 == 0 else \
                f"{2014 + n % 5}-{n % 12 + 1:02d}-{n % 27 + 1:02d}"
            doc = article(n, rng.choice(TITLES), " ".join(words), date)
            docs.append(doc)
            live[doc.id] = (analyze(f"{doc.title}\n\n{doc.text}"), date)
        engine.add(docs)
        engine.commit()
    deleted = [f"p{n}" for n in range(0, 600, 20)]
    engine.delete(deleted)
    engine.commit()
    for doc_id in deleted:
        del live[doc_id]
    yield engine, live
    engine.close()


def written_in(terms: list[str], phrase: list[str]) -> bool:
    return any(terms[i:i + len(phrase)] == phrase for i in range(len(terms)))


@pytest.mark.parametrize("phrase", PHRASES)
def test_a_phrase_finds_the_articles_with_its_words_side_by_side(corpus, phrase):
    engine, live = corpus
    words = analyze(phrase)
    expected = {doc_id for doc_id, (terms, _) in live.items() if written_in(terms, words)}
    found = engine.search(f'"{phrase}"', variants=False, limit=1000)
    assert {hit.id for hit in found.hits} == expected and found.total == len(expected)
    # the same hits, in the same order, as matching every candidate's positions
    positional = WhooshRanker(engine._current_searcher())
    engine._ranker, fast = positional, engine._ranker
    try:
        slow = engine.search(f'"{phrase}"', variants=False, limit=1000)
    finally:
        engine._ranker = fast
    assert [hit.id for hit in found.hits] == [hit.id for hit in slow.hits]
    assert [hit.score for hit in found.hits] == pytest.approx([hit.score for hit in slow.hits])


def test_the_test_phrases_take_the_pairs(corpus):
    """Every phrase above has a pair but those with no frequent word before another word,
    found by positions; and a phrase runs across the title and body somewhere."""
    engine, live = corpus
    assert [p for p in PHRASES if not common_grams.phrase_pairs(analyze(p))] == [
        "محطة المياه في", "water station", "hasakah in"]
    boundary = [doc_id for doc_id, (terms, _) in live.items()
                if terms[3] == "in" and terms[4] == "hasakah" and terms[:3] == ["water", "cuts",
                                                                               "reported"]]
    assert boundary, "no article whose title ends in `in` and whose body begins with Hasakah"
    found = engine.search('"reported in hasakah"', variants=False, limit=1000)
    assert set(boundary) <= {hit.id for hit in found.hits}


def test_words_apart_or_near_are_not_a_phrase(corpus):
    engine, live = corpus
    apart = {doc_id for doc_id, (terms, _) in live.items()
             if "in" in terms and "the" in terms and not written_in(terms, ["in", "the"])}
    assert apart
    found = {hit.id for hit in engine.search('"in the"', variants=False, limit=1000).hits}
    assert not found & apart
    # a proximity search still allows the words apart
    near = {hit.id for hit in engine.search('"in the"~3', variants=False, limit=1000).hits}
    assert found < near


@pytest.mark.parametrize("typed, since, until", [
    ("date:[2015-03 TO 2016]", "2015-03", "2016"),
    ("date:[2016-02 TO 2016-02]", "2016-02", "2016-02"),
    ("date:2016", "2016", "2016"),
    ("date:2017-05-02", "2017-05-02", "2017-05-02"),
    ("date:[2017 TO]", "2017", None),
    ("date:[TO 2015-06]", None, "2015-06"),
])
def test_a_date_range_in_the_query_finds_what_since_and_until_find(corpus, typed, since, until):
    engine, live = corpus
    expected = {doc_id for doc_id, (terms, date) in live.items()
                if "hasakah" in terms and date and (not since or date >= since)
                and (not until or date[:len(until)] <= until)}
    in_query = engine.search(f"hasakah {typed}", variants=False, limit=1000)
    options = engine.search("hasakah", variants=False, limit=1000, since=since, until=until)
    assert {hit.id for hit in in_query.hits} == {hit.id for hit in options.hits} == expected
    assert in_query.total == options.total == len(expected) > 0


def test_before_and_after_leave_out_their_own_period(corpus):
    engine, live = corpus
    expected = {doc_id for doc_id, (terms, date) in live.items()
                if "council" in terms and date and "2016" <= date[:7] < "2017-04"}
    found = engine.search("council after:2015 before:2017-04", variants=False, limit=1000)
    assert {hit.id for hit in found.hits} == expected and expected


def test_date_range_and_options_through_the_command_line(khabar, tmp_path):
    lines = [{"url": f"https://x.example/{n}", "title": f"Bread in Hasakah {n}",
              "text": f"Bread prices rose in the market of Hasakah, report {n}.",
              "date": f"{2014 + n % 4}-0{n % 9 + 1}-1{n % 10}"} for n in range(24)]
    source = tmp_path / "dated.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines))
    assert khabar("add", str(source), "-j", "1").exit_code == 0
    typed = parsed(khabar("search", "bread date:[2015-04 TO 2016]", "--json", "-n", "50"))
    given = parsed(khabar("search", "bread", "--since", "2015-04", "--until", "2016", "--json",
                          "-n", "50"))
    expected = {line["url"] for line in lines if "2015-04" <= line["date"][:7] <= "2016-12"}
    assert {hit["url"] for hit in typed["hits"]} == {hit["url"] for hit in given["hits"]} \
        == expected
    assert parsed(khabar("search", '"in the market"', "--json"))["total"] == 24
    assert khabar("search", '"the in"').exit_code == 1  # both words in every article


def test_an_index_built_with_another_word_list_asks_for_reindex(khabar, archive_dir):
    assert khabar("add", str(_one_article(archive_dir.parent)), "-j", "1").exit_code == 0
    live = archive_dir / live_index_name(archive_dir)
    for path in live.iterdir():
        path.unlink()
    older = schema()
    older["pairs"].list_version = "another list"
    index.create_in(str(live), older)
    with pytest.raises(IndexOutdated):
        open_engine(archive_dir)
    result = khabar("search", "Hasakah")
    assert result.exit_code == 4 and "khabar reindex" in result.stderr
    assert khabar("reindex").exit_code == 0
    assert parsed(khabar("search", '"in Hasakah"', "--json"))["total"] == 1
    without = schema()
    without.remove("pairs")  # the fields khabar wrote before it kept pairs
    for path in (archive_dir / live_index_name(archive_dir)).iterdir():
        path.unlink()
    index.create_in(str(archive_dir / live_index_name(archive_dir)), without)
    assert khabar("search", "Hasakah").exit_code == 4


def _one_article(folder):
    path = folder / "one.jsonl"
    path.write_text(json.dumps({"url": "https://x.example/one", "title": "Queues",
                                "text": "Bread queues grew in Hasakah this week as the price "
                                        "of flour doubled and two bakeries closed.",
                                "date": "2016-01-02"}) + "\n")
    return path
