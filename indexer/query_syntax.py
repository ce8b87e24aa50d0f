"""Checks a query for mistakes whoosh's lenient parser would silently guess around, and
reads the operators journalists type in news search engines.

whoosh reads `(Hasakah OR` as a search for `Hasakah OR`; a journalist should be
told that the parenthesis is never closed, and where it opened.
"""
from __future__ import annotations

import datetime as dt
import re

from archive.model import DATE
from indexer.engine import QUERY_FIELDS, QueryError

#: Operators of web news search, read as khabar's own fields: `site:` and `inurl:` match a
#: host or URL prefix as `url:` does, `intitle:` is `title:`, `before:`/`after:` are dates.
ALIASES = {"site": "url", "inurl": "url", "intitle": "title", "before": "date",
           "after": "date"}
FIELD_PREFIX = re.compile(r"(?:^|(?<=[\s(]))([A-Za-z_]+):(?!//)")
#: `before:2016-03` / `after:2016` with the date they bound.
DATE_OPERATOR = re.compile(r"(?:^|(?<=[\s(]))(before|after):([^\s)]*)", re.IGNORECASE)
#: A date range (`date:[2016 TO 2017-06]`, either end may be left open) or a single date.
DATE_RANGE = re.compile(r"date:[\[{]\s*(\S*?)\s*TO\s*(\S*?)\s*[\]}]", re.IGNORECASE)
DATE_VALUE = re.compile(r"date:(?![\[{])([^\s)]+)", re.IGNORECASE)
BRACKETS = {"(": ")", "[": "]", "{": "}"}


def check(query: str) -> None:
    """Raise QueryError naming the first problem and its column (counting from 1)."""
    if not query.strip():
        raise QueryError("the query is empty")
    quote_at = None
    open_at: list[tuple[str, int]] = []
    for column, char in enumerate(query, start=1):
        if char == '"':
            quote_at = None if quote_at else column
        elif quote_at:
            continue
        elif char in BRACKETS:
            open_at.append((char, column))
        elif char in BRACKETS.values():
            if not open_at or BRACKETS[open_at[-1][0]] != char:
                raise QueryError(f"{char!r} at column {column} closes nothing: "
                                 f"{_point(query, column)}")
            open_at.pop()
    if quote_at:
        raise QueryError(f'the quote at column {quote_at} is never closed: {_point(query, quote_at)}')
    if open_at:
        char, column = open_at[-1]
        hint = " (a range reads date:[2016 TO 2017-06])" if char != "(" else ""
        raise QueryError(f"{char!r} at column {column} is never closed{hint}: "
                         f"{_point(query, column)}")
    for match in FIELD_PREFIX.finditer(query):
        name = match.group(1).lower()
        if name not in QUERY_FIELDS and name not in ALIASES:
            raise QueryError(f"unknown field {match.group(1)!r} at column {match.start(1) + 1} "
                             f"(fields: {', '.join(QUERY_FIELDS + tuple(ALIASES))})")
        if match.end() == len(query) or query[match.end()].isspace():
            raise QueryError(f"{match.group(0)!r} at column {match.start(1) + 1} has nothing "
                             f"to search for (write {match.group(0)}WORD)")
    for match in DATE_RANGE.finditer(query):
        since, until = (check_date(value, match.group(0)) if value else None
                        for value in match.groups())
        check_range(since, until)
    for match in DATE_VALUE.finditer(query):
        check_date(match.group(1), match.group(0))
    for match in DATE_OPERATOR.finditer(query):
        check_date(match.group(2), match.group(0))
    words = query.split()
    if words[-1] in ("AND", "OR", "NOT") or words[0] in ("AND", "OR"):
        raise QueryError(f"{words[-1] if words[-1] in ('AND', 'OR', 'NOT') else words[0]!r} "
                         "needs a word on each side")


def rewrite_aliases(query: str) -> str:
    """The query with web search's operators in khabar's fields: `site:x` → `url:x`,
    `intitle:x` → `title:x`, `before:D` → `date:{TO D}`, `after:D` → `date:{D TO}`."""
    def date_bound(match: re.Match) -> str:
        bound = match.group(2)
        return f"date:{{TO {bound}}}" if match.group(1).lower() == "before" else f"date:{{{bound} TO}}"

    query = DATE_OPERATOR.sub(date_bound, query)
    return FIELD_PREFIX.sub(lambda m: ALIASES.get(m.group(1).lower(), m.group(1)) + ":", query)


def typed_words(query: str) -> list[str]:
    """The query's words as typed, without operators and field names."""
    return [w.strip('()"+-~').split(":", 1)[-1] for w in query.split()]


def check_date(value: str, where: str | None = None) -> str:
    """`value` if it is a real date written 2016, 2016-03 or 2016-03-21; else QueryError."""
    shown = f" in {where!r}" if where else ""
    if not DATE.fullmatch(value):
        raise QueryError(f"{value!r}{shown} is not a date like 2016, 2016-03 or 2016-03-21")
    parts = [int(part) for part in value.split("-")] + [1, 1]
    try:
        dt.date(*parts[:3])
    except ValueError as err:
        raise QueryError(f"{value!r}{shown} is not a date: {err}") from None
    return value


def check_range(since: str | None, until: str | None) -> None:
    """QueryError when a date range ends before it starts (`--since 2019 --until 2016`)."""
    if since and until and since > until + "\uffff":
        raise QueryError(f"the date range is inverted: it starts at {since} and ends at "
                         f"{until}; swap them")


def _point(query: str, column: int) -> str:
    """The query with a marker under the problem, on one line: `(Hasakah OR ‸`."""
    return f"{query[:column - 1]}▸{query[column - 1:]}"
