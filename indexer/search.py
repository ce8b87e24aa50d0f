"""Search an archive: ranked hits with snippets, near-duplicates folded together."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from archive.store import Store
from indexer.engine import Engine, EngineHit
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
    version: str | None = None        # an earlier text of an edited article: its capture time

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    variants: dict[str, list[str]]    # query word -> other spellings it matched
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # "did you mean", when nothing matched
    outside_filters: int = 0  # when nothing matched: hits the dates and filters left out
    in_earlier_texts: int = 0  # when nothing matched: earlier texts of edited articles that do

    def to_dict(self) -> dict:
        data = {"query": self.query, "total": self.total,
                "hits": [hit.to_dict() for hit in self.hits], "variants": self.variants}
        if self.facets:
            data["facets"] = self.facets
        if self.suggestions:
            data["suggestions"] = self.suggestions
        if self.outside_filters:
            data["outside_filters"] = self.outside_filters
        if self.in_earlier_texts:
            data["in_earlier_texts"] = self.in_earlier_texts
        return data


def search(store: Store, engine: Engine, query: str, *, limit: int = 10, offset: int = 0,
           variants: bool = True, sort: str = "relevance", since: str | None = None,
           until: str | None = None, facets: tuple[str, ...] = (),
           archived_after: str | None = None, all_versions: bool = False) -> SearchResult:
    """Run `query` (khabar's query language) and build readable hits from the archive.

    `archived_after` keeps only articles archived after that moment (saved searches' --new);
    `all_versions` also finds the earlier texts of edited articles.
    Raises `indexer.engine.QueryError` for a query that cannot be parsed.
    """
    # --new filters on the archive's own dates, so it needs every hit, in order, at once
    everything = archived_after is not None
    found = engine.search(query, limit=max(engine.doc_count(), 1) if everything else limit,
                          offset=0 if everything else offset, variants=variants, sort=sort,
                          since=since, until=until, facets=facets, all_versions=all_versions)
    if everything:
        fresh = store.archived_after([hit.id for hit in found.hits], archived_after)
        kept = [hit for hit in found.hits if hit.id in fresh]
        found.hits, found.total = kept[offset:offset + limit], len(kept)
    return SearchResult(query=query, total=found.total,
                        hits=hits_for(store, found.hits, found.terms),
                        variants=found.variants, facets=found.facets,
                        suggestions=found.suggestions, outside_filters=found.outside_filters,
                        in_earlier_texts=found.in_earlier_texts)


def similar(store: Store, engine: Engine, article_id: str, *, limit: int = 10) -> list[Hit]:
    """Articles most like `article_id` (its near-duplicates folded into one hit)."""
    article = store.get_article(article_id)
    if article is None:
        return []
    found = engine.similar(article.id, f"{article.title}\n\n{article.text}", limit=limit + 1)
    return hits_for(store, [hit for hit in found if hit.id != article.id], set())[:limit]


def hits_for(store: Store, engine_hits: list[EngineHit], terms: set[str]) -> list[Hit]:
    """Readable hits for engine hits, near-duplicates folded into the first of their group."""
    articles = store.get_articles([hit.id for hit in engine_hits])
    hits: list[Hit] = []
    group_of: dict[str, Hit] = {}
    for engine_hit in engine_hits:
        article = articles.get(engine_hit.id)
        if article is None:  # the index is ahead of a database restored from backup
            continue
        group = None if article.version else (
            group_of.get(article.near_of or article.id) or group_of.get(article.id))
        if group is not None:
            group.also_in.append(article.url)
            continue
        hit = Hit(id=article.id, url=article.url, title=article.title, date=article.date,
                  lang=article.lang, source=article.source, score=round(engine_hit.score, 4),
                  snippet=snippet(article.text, terms), version=article.version)
        hits.append(hit)
        if article.version:  # an earlier text stands alone, never a group of copies
            continue
        group_of[article.near_of or article.id] = hit
        group_of[article.id] = hit
    return hits
