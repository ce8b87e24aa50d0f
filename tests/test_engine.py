"""The whoosh engine through its library interface: what one open engine sees over time."""
from __future__ import annotations

from archive.store import StoredArticle
from indexer.whoosh_engine import WhooshEngine


def article(n: int, text: str) -> StoredArticle:
    return StoredArticle(id=f"a{n}", url=f"https://x.example/{n}", title=f"Report {n}", text=text,
                         lang="en", date="2016-02-10", author=None, source=None, place=None,
                         captions=[], crawl="test", archived_at="", near_of=None)


def test_an_open_engine_sees_each_commit(tmp_path):
    engine = WhooshEngine(tmp_path / "index")
    engine.add([article(1, "Water trucks reached Qamishli.")])
    engine.commit()
    assert engine.search("Qamishli").total == 1
    engine.add([article(2, "Bakeries in Qamishli raised prices.")])
    assert engine.search("Qamishli").total == 1      # not committed yet
    engine.commit()
    assert engine.search("Qamishli").total == 2
    engine.delete(["a1"])
    engine.commit()
    assert [hit.id for hit in engine.search("Qamishli").hits] == ["a2"]
    engine.close()


def test_another_engine_sees_commits_of_a_writer(tmp_path):
    writer, reader = WhooshEngine(tmp_path / "index"), None
    writer.add([article(1, "Water trucks reached Qamishli.")])
    writer.commit()
    reader = WhooshEngine(tmp_path / "index")
    assert reader.search("Qamishli").total == 1
    writer.add([article(2, "Bakeries in Qamishli raised prices.")])
    writer.commit()
    assert reader.search("Qamishli").total == 2
    writer.close()
    reader.close()


def test_the_schema_holds_every_field_a_query_names_and_every_facet():
    """A field the query language accepts but the index lacks would find nothing, silently."""
    from indexer.engine import FACETS, QUERY_FIELDS
    from indexer.whoosh_engine import FACET_FIELDS, schema

    names = set(schema().names())
    assert set(QUERY_FIELDS) <= names
    assert set(FACET_FIELDS) == set(FACETS) and set(FACET_FIELDS.values()) <= names


def test_counted_sources_are_listed_in_collation_order_and_dates_in_time_order(tmp_path):
    """Code-point order would list `al-Monitor`, `Ömer Haber` and `İleri` after `Zaman`."""
    engine = WhooshEngine(tmp_path / "index")
    sources = ["Zaman", "al-Monitor", "Ömer Haber", "Asharq", "İleri", "Oz"]
    engine.add([StoredArticle(id=f"a{n}", url=f"https://x.example/{n}", title=f"Report {n}",
                              text="Water trucks reached Qamishli.", lang="en",
                              date=f"201{n}-0{n + 1}-10", author=None, source=source, place=None,
                              captions=[], crawl="test", archived_at="", near_of=None)
                for n, source in enumerate(sources)])
    engine.commit()
    assert list(engine.count(None, "source")) == [
        "al-Monitor", "Asharq", "İleri", "Ömer Haber", "Oz", "Zaman"]
    assert list(engine.count(None, "month")) == sorted(f"201{n}-0{n + 1}" for n in range(6))
    assert list(engine.search("Qamishli", facets=("source",)).facets["source"]) == [
        "al-Monitor", "Asharq", "İleri", "Ömer Haber", "Oz", "Zaman"]
    engine.close()
