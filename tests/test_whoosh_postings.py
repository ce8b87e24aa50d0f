"""The fast posting writer writes, byte for byte, the index whoosh's own writer writes, and
steps aside when it would not.

Real indexes on disk through the engine: several commits (segments), a merge, deletions,
the `text`, `stem`, `keys` and `pairs` fields of English, Arabic and Kurmanji articles, and
terms common enough to fill several posting blocks.
"""
from __future__ import annotations

import logging
import random
import struct

import pytest
from whoosh.codec.whoosh3 import W3Codec
from whoosh.filedb.compound import CompoundStorage

from archive.store import StoredArticle
from indexer import whoosh_postings
from indexer.whoosh_engine import WhooshEngine

WORDS = {
    "en": "the council said on Tuesday that bread prices rose in Qamishli and Hasakah "
          "where Kurdish officials met".split(),
    "ar": "قال المجلس يوم الثلاثاء إن أسعار الخبز ارتفعت في القامشلي والحسكة".split(),
    "kmr": "meclîsê roja Sêşemê got ku bihayê nan li Qamişlo û Hesekê zêde bû".split(),
}


def article(n: int, rng: random.Random) -> StoredArticle:
    lang = ("en", "ar", "kmr")[n % 3]
    words = rng.choices(WORDS[lang], k=rng.randint(3, 120)) + [f"Rare{n}x", f"word{n % 50}"]
    return StoredArticle(id=f"a{n}", url=f"https://x.example/{n}", title=f"Report {n} from Amuda",
                         text=" ".join(words), lang=lang, date=f"2016-0{n % 9 + 1}-15",
                         author=None, source=None, place=None, captions=[], crawl="test",
                         archived_at="", near_of=None)


def build(folder) -> WhooshEngine:
    """Three commits of 200 articles, 30 deleted before the last, which merges segments."""
    rng = random.Random(5)
    engine = WhooshEngine(folder)
    for batch in range(3):
        if batch == 2:
            engine.delete(f"a{n}" for n in range(0, 300, 10))
        engine.add([article(n, rng) for n in range(batch * 200, batch * 200 + 200)], new=True)
        engine.commit()
    return engine


def segment_files(engine: WhooshEngine) -> list[dict[str, bytes]]:
    """Each segment's files by extension (the segment's random id left out of the name)."""
    found = []
    for segment in engine.ix._segments():
        storage = engine.ix.storage
        if segment.compound:
            storage = CompoundStorage(storage.open_file(segment.make_filename(".seg")))
        found.append({name.split(".", 1)[1]: storage.open_file(name).read()
                      for name in storage.list() if name.startswith(segment.segment_id())})
    return found


def test_the_fast_writer_writes_the_bytes_whoosh_writes(tmp_path, monkeypatch):
    fast = build(tmp_path / "fast")
    assert isinstance(fast._writer_open().codec, whoosh_postings.FastPostingsCodec)
    fast.cancel()
    monkeypatch.setattr(whoosh_postings, "codec", lambda: None)
    plain = build(tmp_path / "plain")
    assert type(plain._writer_open().codec) is W3Codec
    plain.cancel()
    fast_files, plain_files = segment_files(fast), segment_files(plain)
    assert len(fast_files) == len(plain_files) >= 2
    for fast_segment, plain_segment in zip(fast_files, plain_files):
        assert fast_segment.keys() == plain_segment.keys()
        assert {"pst", "trm"} <= fast_segment.keys()
        for name in plain_segment:
            assert fast_segment[name] == plain_segment[name], name
    # the segments name whoosh's codec: any whoosh reads the index
    assert all(type(segment.codec()) is W3Codec for segment in fast.ix._segments())
    assert fast.search("qamishli", limit=5, variants=False).total > 100
    assert fast.search("rare7x", limit=5, variants=False).total == 1
    fast.close()
    plain.close()


@pytest.fixture
def writer_changed(monkeypatch):
    """The fast writer's term infos laid out other than whoosh's (as if a whoosh release
    changed its term info struct)."""
    monkeypatch.setattr(whoosh_postings, "_TERM_INFO", struct.Struct("!BdIBBfII"))
    whoosh_postings._supported.cache_clear()
    yield
    whoosh_postings._supported.cache_clear()


def test_a_fast_writer_that_differs_from_whoosh_s_is_not_used(tmp_path, writer_changed, caplog):
    with caplog.at_level(logging.WARNING):
        assert whoosh_postings.codec() is None
    assert "indexing with whoosh's own" in caplog.text
    engine = WhooshEngine(tmp_path / "index")
    engine.add([article(n, random.Random(n)) for n in range(20)], new=True)
    assert type(engine._writer.codec) is W3Codec
    engine.commit()
    assert engine.search("amuda", limit=5, variants=False).total == 20
    engine.close()
