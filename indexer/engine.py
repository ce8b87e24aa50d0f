"""The search engine's interface: what khabar needs from any full-text engine.

The embedded default is whoosh (`indexer.whoosh_engine`); an archive that
outgrows one machine can put a distributed engine behind the same methods.
Language analysis and name expansion live in `indexer.analysis` and
`indexer.names`, outside any engine, so another engine can reuse them.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from archive.errors import ArchiveError, UsageError
from archive.store import StoredArticle

#: What an engine indexes: the archive's articles as stored (`version` set on an earlier
#: text of an edited article).
IndexDoc = StoredArticle


@dataclass(frozen=True)
class EngineHit:
    id: str
    score: float


@dataclass
class EngineResult:
    total: int
    hits: list[EngineHit]
    #: query word -> the other spellings and names it matched in this archive
    variants: dict[str, list[str]] = field(default_factory=dict)
    #: every index term the query looked for, to mark matches in snippets
    terms: set[str] = field(default_factory=set)
    #: facet name -> value -> number of matching documents (only the facets asked for)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    #: close terms that do exist in the index, when nothing matched
    suggestions: list[str] = field(default_factory=list)
    #: when nothing matched: how many documents the words match without the dates and
    #: filters, which are then what emptied the result
    outside_filters: int = 0
    #: when nothing matched: how many earlier texts of edited articles match
    in_earlier_texts: int = 0


#: The fields a query may name, as `field:word`: every engine's schema holds them.
QUERY_FIELDS = ("title", "author", "source", "lang", "place", "url", "crawl", "date", "text")
#: What results can be counted by (`--facet`, `khabar count --by`).
FACETS = ("source", "lang", "year", "month", "week", "day", "place")


class QueryError(UsageError, ValueError):
    """The query cannot be understood; the message points at the problem."""


class IndexOutdated(ArchiveError, RuntimeError):
    """The index was written by an earlier version of khabar; `khabar reindex` rebuilds it."""


class Engine(Protocol):
    def add(self, docs: Iterable[IndexDoc], *, new: bool = False) -> int:
        """Add or replace documents by id; returns how many were written. `new` says that
        no document has these ids yet, so none is looked for and replaced."""

    def delete(self, ids: Iterable[str]) -> None: ...

    def commit(self) -> None:
        """Make every add and delete since the last commit visible, all at once."""

    def search(self, query: str, *, limit: int = 10, offset: int = 0, variants: bool = True,
               sort: str = "relevance", since: str | None = None, until: str | None = None,
               facets: tuple[str, ...] = (), all_versions: bool = False) -> EngineResult:
        """Ranked hits; `sort` is relevance, date or -date; `facets` names what to count;
        `all_versions` also finds the earlier texts of edited articles."""

    def count(self, query: str | None, by: str, *, variants: bool = True,
              since: str | None = None, until: str | None = None) -> dict[str, int]:
        """Matching documents per day, week, month, year, source, lang or place."""

    def similar(self, doc_id: str, text: str, *, limit: int = 10) -> list[EngineHit]:
        """Documents most like this one."""

    def doc_count(self) -> int:
        """How many documents the index holds."""

    def ids(self) -> set[str]:
        """Every document id the index holds (for `khabar verify`)."""

    def close(self) -> None: ...
