"""The bulk ranker finds the hits, scores and totals whoosh finds by scoring every match.

A real index on disk in several segments, with deleted articles, so that segment offsets,
per-segment lengths and deletions all take part.
"""
from __future__ import annotations

import random

import pytest
from whoosh import query, sorting

from archive.store import StoredArticle
from indexer import whoosh_internals
from indexer.whoosh_bulk import BulkRanker, WhooshRanker
from indexer.whoosh_engine import WhooshEngine, date_filter, parse
from indexer.whoosh_phrase import Outside, Phrase

FILLER = "the council said on tuesday that bread prices rose in the market".split()
PLACES = ["qamishli", "kamishli", "hasakah", "amuda", "raqqa"]


def article(n: int, text: str, *, date: str | None = None, lang: str = "en") -> StoredArticle:
    return StoredArticle(id=f"a{n}", url=f"https://x.example/{n}", title=f"report {n}",
                         text=text, lang=lang, date=date, author=None, source=None, place=None,
                         captions=[], crawl="test", archived_at="", near_of=None)


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    """1,200 articles in four commits (four segments), 50 of them deleted afterwards."""
    rng = random.Random(11)
    engine = WhooshEngine(tmp_path_factory.mktemp("bulk") / "index")
    for batch in range(4):
        docs = []
        for n in range(batch * 300, batch * 300 + 300):
            words = rng.choices(FILLER, k=rng.randint(5, 80))
            for place in rng.sample(PLACES, rng.randint(0, 3)):
                words.insert(rng.randrange(len(words) + 1), place)
            docs.append(article(n, " ".join(words), date=f"201{n % 4 + 4}-0{n % 9 + 1}-15",
                                lang="ar" if n % 5 == 0 else "en"))
        engine.add(docs)
        engine.commit()
    engine.delete(f"a{n}" for n in range(0, 1200, 24))
    engine.commit()
    yield engine
    engine.close()


def text(word: str, boost: float = 1.0) -> query.Term:
    return query.Term("text", word, boost=boost)


QUERIES = [
    text("qamishli"),
    query.Or([text("qamishli", 2.0), text("kamishli"), text("nowhere")]),
    query.And([query.Or([text("qamishli", 2.0), text("kamishli")]), text("bread")]),
    query.And([text("amuda"), text("council"), text("prices")], boost=1.5),
    query.And([text("raqqa"), query.Not(text("bread"))]),
    query.Or([text("raqqa")], boost=3.0),  # one part: whoosh drops the wrapper's boost
    query.Or([Phrase("text", ["bread", "prices"], boost=2.0), text("amuda")]),
    query.And([Phrase("text", ["the", "council", "said"]), text("hasakah")]),
    Phrase("text", ["qamishli", "rose"], slop=4),
    Phrase("text", ["market"], boost=3.0),
    Phrase("text", ["bread", "nowhere"]),
    query.And([query.Prefix("text", "qam"), text("rose")]),
    query.And([text("hasakah"), query.Term("lang", "ar")]),
    # an AND or AND NOT inside an OR scores only where it matches: a stem looked for as a
    # word in English articles only (the language adds no score), a word without another
    query.Or([text("qamishli"), query.And([text("prices", 0.5), query.Or(
        [query.Term("lang", "en", boost=0.0), query.Term("lang", "und", boost=0.0)])])]),
    query.Or([text("amuda"), query.AndNot(text("bread"), text("hasakah"))]),
    query.And([text("hasakah"), query.TermRange("date", "2015-01", "2016-06\uffff")]),
    text("absent"),
    Outside("text", "qamishli", [("bread", "qamishli"), ("qamishli", "rose")]),
    query.Or([Outside("text", "raqqa", [("raqqa", "the", "market")], boost=2.0), text("amuda")]),
    query.And([Outside("text", "hasakah", [("prices", "hasakah")]), text("council")]),
]


@pytest.mark.parametrize("q", QUERIES, ids=str)
@pytest.mark.parametrize("limit", [1, 10, 2000])
def test_same_hits_scores_and_total_as_whoosh_scoring_every_match(engine, q, limit):
    searcher = engine._current_searcher()
    ranked = BulkRanker(searcher).rank(q, limit=limit)
    every = searcher.search(q, limit=None, optimize=False)
    assert ranked.total == len(every)
    assert ranked.docnums == [hit.docnum for hit in every[:limit]]
    assert ranked.scores == pytest.approx([hit.score for hit in every[:limit]], rel=1e-9)


@pytest.mark.parametrize("reverse", [False, True])
def test_sorted_by_date_as_whoosh_sorts(engine, reverse):
    searcher = engine._current_searcher()
    q = query.Or([text("qamishli"), text("amuda")])
    ranked = BulkRanker(searcher).rank(q, limit=50, sort_by="date", reverse=reverse)
    every = searcher.search(q, limit=None, sortedby="date", reverse=reverse)
    assert ranked.total == len(every)
    date_of = {hit.docnum: hit.score for hit in every}  # whoosh reports the sort key
    keys = [date_of[d] for d in ranked.docnums]
    assert len(keys) == 50 and keys == sorted(keys, reverse=reverse)
    assert keys == [date_of[hit.docnum] for hit in every[:50]]


def test_facet_counts_as_whoosh_counts(engine):
    searcher = engine._current_searcher()
    q = query.And([text("hasakah"), query.Not(text("bread"))])
    ranked = BulkRanker(searcher).rank(q, limit=5, facets={"lang": "lang", "month": "month"})
    every = searcher.search(q, limit=None, groupedby={
        name: sorting.FieldFacet(name, maptype=sorting.Count) for name in ("lang", "month")})
    assert ranked.groups["lang"] == every.groups("lang") and sum(ranked.groups["lang"].values()) > 0
    assert ranked.groups["month"] == {k: v for k, v in every.groups("month").items() if k}
    counted = engine.count(None, "year")
    assert sum(counted.values()) == engine.doc_count() == 1200 - 50


def test_a_filter_limits_the_hits_and_the_total(engine):
    searcher = engine._current_searcher()
    q, within = text("qamishli"), date_filter("2015", "2016-03")
    ranked = BulkRanker(searcher).rank(q, limit=5000, filter_=within)
    every = searcher.search(q, limit=None, filter=within, optimize=False)
    assert 0 < ranked.total == len(every) < len(searcher.search(q, limit=None))
    assert ranked.docnums == [hit.docnum for hit in every]


def test_an_excluded_word_excludes_every_article_holding_it(engine):
    """whoosh's own AND NOT lets through the first article of some segments (3 of 39 here)."""
    searcher = engine._current_searcher()
    holding = set(searcher.docs_for_query(text("hasakah")))
    excluded = set(searcher.docs_for_query(text("market")))
    ranked = BulkRanker(searcher).rank(query.AndNot(text("hasakah"), text("market")), limit=2000)
    assert set(ranked.docnums) == holding - excluded
    assert ranked.total == len(holding - excluded) > 0
    found = engine.search("hasakah -market", limit=2000, variants=False)
    assert found.total == ranked.total
    holding_market = {searcher.stored_fields(docnum)["id"] for docnum in excluded}
    assert not {hit.id for hit in found.hits} & holding_market


def test_deleted_articles_are_never_found(engine):
    found = engine.search("qamishli OR kamishli OR hasakah OR amuda OR raqqa", limit=2000,
                          variants=False)
    ids = {hit.id for hit in found.hits}
    assert found.total == len(ids) > 500
    assert not ids & {f"a{n}" for n in range(0, 1200, 24)}


def test_search_leads_with_the_best_scoring_articles(engine):
    """The first hits are the best-scoring articles of the whole index, found in later
    segments (whoosh's block-skipping top-N search can pass them over: for
    `And([amuda, council, prices], boost=1.5)` it returned first-segment articles)."""
    searcher = engine._current_searcher()
    final = engine._expansion(searcher, False).rewrite(parse("amuda council prices", engine.ix.schema))
    every = searcher.search(final, limit=None, optimize=False)
    found = engine.search("amuda council prices", limit=3, variants=False)
    assert [hit.id for hit in found.hits] == [hit["id"] for hit in every[:3]]
    assert found.total == len(every)


def test_the_installed_whoosh_passes_the_check_so_searches_take_the_fast_path(engine):
    assert whoosh_internals.supported()
    engine.search("qamishli")
    assert isinstance(engine._ranker, BulkRanker)


@pytest.fixture
def whoosh_changed(monkeypatch):
    """whoosh's stored lengths laid out other than the bulk ranker reads them: each decoded
    one off, as if a release changed its one-byte length table."""
    monkeypatch.setattr(whoosh_internals, "LENGTH_OF_BYTE", whoosh_internals.LENGTH_OF_BYTE + 1)
    whoosh_internals.supported.cache_clear()
    yield
    whoosh_internals.supported.cache_clear()


SEARCHES = [("qamishli", {}), ("hasakah -market", {}), ('"bread prices" amuda', {}),
            ("qam* rose", {}), ("qamishli OR raqqa", {"sort": "date"}),
            ("hasakah", {"sort": "-date"}), ("qamishli", {"since": "2015", "until": "2016-03"}),
            ("amuda council prices", {"facets": ("lang", "month")}), ("absent", {})]


def test_when_the_check_fails_searches_fall_back_to_whoosh_with_the_same_hits(engine,
                                                                              whoosh_changed):
    fast = {(words, str(options)): engine.search(words, limit=30, variants=False, **options)
            for words, options in SEARCHES}
    assert isinstance(engine._ranker, BulkRanker)
    fallback = WhooshEngine(engine.folder)
    try:
        for (words, options), expected in zip(SEARCHES, fast.values()):
            found = fallback.search(words, limit=30, variants=False, **options)
            assert isinstance(fallback._ranker, WhooshRanker)
            assert found.total == expected.total
            assert [hit.id for hit in found.hits] == [hit.id for hit in expected.hits], words
            assert [hit.score for hit in found.hits] == pytest.approx(
                [hit.score for hit in expected.hits], rel=1e-9)
            assert found.facets == expected.facets
        assert fallback.count("qamishli", "year") == engine.count("qamishli", "year")
    finally:
        fallback.close()
