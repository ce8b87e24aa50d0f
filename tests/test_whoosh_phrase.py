"""khabar's phrase matcher finds what whoosh's own phrase query finds, with the same scores."""
from __future__ import annotations

import random

import pytest
from whoosh import query

from archive.store import StoredArticle
from indexer.whoosh_engine import WhooshEngine
from indexer.whoosh_phrase import Phrase


def open_index(folder, texts):
    engine = WhooshEngine(folder / "index")
    engine.add(StoredArticle(id=f"a{n}", url=f"https://x.example/{n}", title="", text=text,
                             lang="en", date=None, author=None, source=None, place=None,
                             captions=[], crawl="test", archived_at="", near_of=None)
               for n, text in enumerate(texts))
    engine.commit()
    return engine


@pytest.fixture(scope="module")
def searcher(tmp_path_factory):
    """A real index of 1,000 short articles, with several posting blocks per word so that
    whoosh's block-skipping top-N search runs through the matcher: 400 short ones
    "near hasakah …" that score high early on, then 600 longer ones with "in qamishli" that
    score lower unless boosted, so that a wrongly skipped block shows."""
    rng = random.Random(7)
    filler = "the council said on tuesday that bread prices rose".split()
    texts = ["near hasakah " + " ".join(rng.choices(filler, k=rng.randint(2, 6)))
             for _ in range(400)]
    texts += [" ".join(rng.choices(filler, k=rng.randint(10, 30))) + " in qamishli "
              + " ".join(rng.choices(filler, k=rng.randint(0, 10))) for _ in range(600)]
    engine = open_index(tmp_path_factory.mktemp("phrases"), texts)
    with engine.ix.searcher() as opened:
        yield opened
    engine.close()


def as_whoosh(q: query.Query) -> query.Query:
    if isinstance(q, Phrase):
        return query.Phrase(q.fieldname, q.words, slop=q.slop, boost=q.boost)
    return q if q.is_leaf() else q.apply(as_whoosh)


@pytest.mark.parametrize("q", [
    Phrase("text", ["in", "qamishli"]),
    Phrase("text", ["said", "on", "tuesday"]),
    Phrase("text", ["bread", "prices"], slop=3),
    Phrase("text", ["the", "the"]),
    query.Or([Phrase("text", ["in", "qamishli"], boost=2.0), Phrase("text", ["near", "hasakah"])]),
    query.Or([Phrase("text", ["in", "qamishli"], boost=3.0), Phrase("text", ["near", "hasakah"]),
              query.Term("text", "rose")]),
    query.And([Phrase("text", ["near", "hasakah"]), query.Term("text", "council")]),
])
@pytest.mark.parametrize("limit", [3, 10, None])
def test_same_hits_scores_and_totals_as_whoosh(searcher, q, limit):
    ours, theirs = searcher.search(q, limit=limit), searcher.search(as_whoosh(q), limit=limit)
    assert len(ours) == len(theirs) > 0
    assert [(hit.docnum, round(hit.score, 6)) for hit in ours] == \
           [(hit.docnum, round(hit.score, 6)) for hit in theirs]
    assert set(searcher.docs_for_query(q)) == set(searcher.docs_for_query(as_whoosh(q)))


def test_a_word_the_index_lacks_matches_nothing(searcher):
    assert len(searcher.search(Phrase("text", ["in", "raqqa"]))) == 0
