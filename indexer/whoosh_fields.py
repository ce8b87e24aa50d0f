"""How a query's fields and filters become whoosh queries: which fields a plain word
searches, a host or URL prefix, date bounds, filters, and queries that only exclude.

Kept beside `whoosh_engine`, which expands words into their spellings; this module plans
where those spellings are looked for.
"""
from __future__ import annotations

from whoosh import query

from indexer.whoosh_phrase import Phrase

#: Fields a plain word also searches besides `text` (which holds the title and the body),
#: with the weight of a match there: a reporter's name finds their articles, a word of a
#: source's name finds its articles, both below the article's own words.
ALSO_SEARCHED = {"author": 2.0, "source": 0.5}
#: The URL schemes and host prefixes a bare host stands for in `url:` and `site:`.
URL_FORMS = ("http://", "https://", "http://www.", "https://www.")
#: The field holding the frequent-word pairs (`common_grams`) of another field's words.
PAIRS_OF = {"text": "pairs"}
#: Fields that narrow a search rather than name what it is about.
FILTER_FIELDS = {"date", "lang", "url", "crawl"}


def also_searched(fieldname: str, terms: tuple[str, ...], boost: float) -> list[query.Query]:
    """The other fields a plain word (or multi-word name) of `fieldname` is looked for in."""
    if fieldname != "text":
        return []
    return [query.Term(name, terms[0], boost=boost * weight) if len(terms) == 1
            else Phrase(name, list(terms), boost=boost * weight)
            for name, weight in ALSO_SEARCHED.items()]


def url_query(value: str, boost: float = 1.0) -> query.Query:
    """`url:rojava-observer.example` matches every page of that host, with or without
    `www.`, over http or https; `url:rojava-observer.example/2016` every URL it begins."""
    if "://" in value:
        scheme, rest = value.split("://", 1)
        return query.Prefix("url", f"{scheme.lower()}://{_lower_host(rest)}", boost=boost)
    value = _lower_host(value).removeprefix("www.")
    if "/" in value:
        return query.Or([query.Prefix("url", form + value) for form in URL_FORMS], boost=boost)
    # a bare host: the host itself, not one that merely begins the same (example.com.evil)
    return query.Or([query.Prefix("url", form + value + end)
                     for form in URL_FORMS for end in ("/", ":", "?", "#")]
                    + [query.Term("url", form + value) for form in URL_FORMS], boost=boost)


def date_range(start: str | None, end: str | None, *, after: bool = False,
               before: bool = False) -> query.Query:
    """Dates from `start` to `end` inclusive, each a year, month or day (`2016`, `2016-03`);
    `after`/`before` leave out the start or end period itself (`after:2016` is 2017 on)."""
    low = (start + "\uffff" if after else start) if start else "0"
    high = end if end and before else (end or "9999") + "\uffff"
    return query.TermRange("date", low, high, endexcl=bool(end and before))


def only_excludes(q: query.Query) -> bool:
    """Whether a query only leaves out (`NOT Kobani`): it needs a word to find first."""
    if isinstance(q, query.Not):
        return True
    if isinstance(q, (query.And, query.Or)) and q.subqueries:
        return all(only_excludes(sub) for sub in q.subqueries)
    return False


def _lower_host(value: str) -> str:
    host, slash, path = value.partition("/")
    return host.lower() + slash + path


def without_filters(q: query.Query) -> query.Query | None:
    """The query's words without its filters (dates, lang:, url:, crawl:); None when it
    has no filters, or nothing but filters."""
    if not isinstance(q, query.And):
        return None
    words = [sub for sub in q.subqueries if not _is_filter(sub)]
    if len(words) == len(q.subqueries) or not words:
        return None
    return words[0] if len(words) == 1 else query.And(words)


def _is_filter(q: query.Query) -> bool:
    leaves = [q] if q.is_leaf() else list(q.leaves())
    return bool(leaves) and all(leaf.field() in FILTER_FIELDS for leaf in leaves)
