"""Search an archive: ranked hits with snippets, near-duplicates folded together."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from archive.store import Store
from indexer.engine import Engine
from indexer.snippets import snippet


@dataclass
class Hit:
    id: str
    url: str
    title: str
    date: str | None
    lang: str
    source: str | None
    score: float
    snippet: str                      # matched words marked [[like this]]
    also_in: list[str] = field(default_factory=list)  # URLs of near-duplicate copies

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    variants: dict[str, list[str]]    # query word -> other spellings it matched

    def to_dict(self) -> dict:
        return {"query": self.query, "total": self.total,
                "hits": [hit.to_dict() for hit in self.hits], "variants": self.variants}


def search(store: Store, engine: Engine, query: str, *, limit: int = 10, offset: int = 0,
           variants: bool = True) -> SearchResult:
    """Run `query` (khabar's query language) and build readable hits from the archive.

    Raises `indexer.engine.QueryError` for a query that cannot be parsed.
    """
    found = engine.search(query, limit=limit, offset=offset, variants=variants)
    articles = store.get_articles([hit.id for hit in found.hits])
    hits: list[Hit] = []
    group_of: dict[str, Hit] = {}
    for engine_hit in found.hits:
        article = articles.get(engine_hit.id)
        if article is None:  # the index is ahead of a database restored from backup
            continue
        group = group_of.get(article.near_of or article.id) or group_of.get(article.id)
        if group is not None:
            group.also_in.append(article.url)
            continue
        hit = Hit(id=article.id, url=article.url, title=article.title, date=article.date,
                  lang=article.lang, source=article.source, score=round(engine_hit.score, 4),
                  snippet=snippet(article.text, found.terms))
        hits.append(hit)
        group_of[article.near_of or article.id] = hit
        group_of[article.id] = hit
    return SearchResult(query=query, total=found.total, hits=hits, variants=found.variants)
