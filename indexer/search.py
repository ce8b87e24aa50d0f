"""Search an archive: ranked hits with snippets, near-duplicates folded together."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from archive.store import Store
from indexer.engine import Engine, EngineHit, QueryError
from indexer.names import Gazetteer
from indexer.places import by_place
from indexer.related import entities, shared_weight
from indexer.snippets import highlights, snippet


#: Articles `similar` weighs: more-like-this's best, and as many naming the same entities.
SIMILAR_CANDIDATES = 40
#: How many of an article's entities `similar` searches for in other languages.
QUERIED_ENTITIES = 12
#: What naming the same entities counts for, against more-like-this's best score (1).
ENTITY_WEIGHT = 2.0
#: Words of an article read for the entities it names.
LEAD_WORDS = 300
#: Words the query language reserves, never searched as names.
QUERY_WORDS = {"AND", "OR", "NOT", "TO"}


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
        """The hit for machine output: the snippet as plain text, its matches as offsets."""
        data = asdict(self)
        text, spans = highlights(self.snippet)
        return {**{k: v for k, v in data.items() if k != "also_in"}, "snippet": text,
                "highlights": spans, "also_in": self.also_in}


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


def matching_ids(store: Store, engine: Engine, query: str | None) -> list[str]:
    """The ids of every article `query` matches, best first; with no query, every
    archived article's, in id order (what `export` writes)."""
    if not query:
        return sorted(store.article_ids())
    return [hit.id for hit in engine.search(query, limit=max(engine.doc_count(), 1)).hits]


def counts(engine: Engine, query: str | None, by: str, *, names: Gazetteer,
           variants: bool = True, since: str | None = None, until: str | None = None,
           normalize: bool = False) -> tuple[dict[str, float], dict[str, list[str]]]:
    """How many articles `query` (or none: every article) matches per value of `by` (a
    facet), values without one left out; `normalize` divides each by the articles archived
    with that value. Places are summed per place `names` knows, with the spellings summed
    into each (the second value returned; empty for other facets)."""
    table = engine.count(query or None, by, variants=variants, since=since, until=until)
    spellings: dict[str, list[str]] = {}
    if by == "place":
        table, spellings = _by_place(table, names)
    if normalize:
        every = engine.count(None, by, since=since, until=until)
        every = _by_place(every, names)[0] if by == "place" else every
        table = {k: round(v / every[k], 4) for k, v in table.items() if every.get(k)}
    return {k: v for k, v in table.items() if k}, spellings


def _by_place(table: dict[str, int], names: Gazetteer) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Dateline places summed per place of the gazetteer (and the archive's own names)."""
    places = by_place({k: v for k, v in table.items() if k}, names)
    return ({place.name: place.count for place in places},
            {place.name: place.spellings for place in places})


def similar(store: Store, engine: Engine, article_id: str, *, limit: int = 10,
            names: Gazetteer | None = None) -> list[Hit]:
    """Articles most like `article_id` (its near-duplicates folded into one hit): by its words
    (more-like-this), and with `names`, by the places, people and groups it names, so that
    its twin in another language or script is found too."""
    article = store.get_article(article_id)
    if article is None:
        return []
    text = f"{article.title}\n\n{article.text}"
    found = engine.similar(article.id, text, limit=SIMILAR_CANDIDATES if names else limit + 1)
    scores = {hit.id: hit.score for hit in found if hit.id != article.id}
    if names is not None:
        scores = _with_entities(store, engine, article.id, text, scores, names)
    ranked = sorted(scores, key=lambda other: (-scores[other], other))
    return hits_for(store, [EngineHit(other, scores[other]) for other in ranked], set())[:limit]


def _with_entities(store: Store, engine: Engine, article_id: str, text: str,
                   scores: dict[str, float], names: Gazetteer) -> dict[str, float]:
    """More-like-this scores (scaled to at most 1) plus ENTITY_WEIGHT times the share of the
    article's entities each other article names, over those and the articles a search for
    the entities finds in any script."""
    mine = entities(_lead(text), names)
    if not mine:
        return scores
    phrases = [phrase for phrase in list(mine.values())[:QUERIED_ENTITIES]
               if phrase.upper() not in QUERY_WORDS]
    query = " OR ".join(f'"{phrase}"' if " " in phrase else phrase for phrase in phrases)
    try:
        extra = [hit.id for hit in engine.search(query, limit=SIMILAR_CANDIDATES).hits] if query else []
    except QueryError:
        extra = []
    others = (set(scores) | set(extra)) - {article_id}
    named = {other: set(entities(_lead(f"{found.title}\n\n{found.text}"), names))
             for other, found in store.get_articles(sorted(others)).items()}
    share = shared_weight(set(mine), named)
    top = max(scores.values(), default=0) or 1
    return {other: scores.get(other, 0) / top + ENTITY_WEIGHT * share.get(other, 0)
            for other in named}


def _lead(text: str) -> str:
    """An article's start, where a news story names what it is about (and a bound on the
    gazetteer look-ups made for each candidate)."""
    return " ".join(text.split()[:LEAD_WORDS])


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
