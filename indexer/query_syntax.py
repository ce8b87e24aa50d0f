"""Checks a query for mistakes whoosh's lenient parser would silently guess around.

whoosh reads `(Hasakah OR` as a search for `Hasakah OR`; a journalist should be
told that the parenthesis is never closed, and where it opened.
"""
from __future__ import annotations

import re

from indexer.engine import QueryError

#: The fields a query may name, as `field:word`.
FIELDS = ("title", "author", "source", "lang", "place", "url", "crawl", "date", "text")
FIELD_PREFIX = re.compile(r"(?:^|(?<=[\s(]))([A-Za-z_]+):(?!//)")


def check(query: str) -> None:
    """Raise QueryError naming the first problem and its column (counting from 1)."""
    if not query.strip():
        raise QueryError("the query is empty")
    quote_at = None
    depth_at: list[int] = []
    for column, char in enumerate(query, start=1):
        if char == '"':
            quote_at = None if quote_at else column
        elif quote_at:
            continue
        elif char == "(":
            depth_at.append(column)
        elif char == ")":
            if not depth_at:
                raise QueryError(f"')' at column {column} closes nothing: {_point(query, column)}")
            depth_at.pop()
    if quote_at:
        raise QueryError(f'the quote at column {quote_at} is never closed: {_point(query, quote_at)}')
    if depth_at:
        raise QueryError(f"'(' at column {depth_at[-1]} is never closed: "
                         f"{_point(query, depth_at[-1])}")
    for match in FIELD_PREFIX.finditer(query):
        if match.group(1).lower() not in FIELDS:
            raise QueryError(f"unknown field {match.group(1)!r} at column {match.start(1) + 1} "
                             f"(fields: {', '.join(FIELDS)})")
    words = query.split()
    if words[-1] in ("AND", "OR", "NOT") or words[0] in ("AND", "OR"):
        raise QueryError(f"{words[-1] if words[-1] in ('AND', 'OR', 'NOT') else words[0]!r} "
                         "needs a word on each side")


def _point(query: str, column: int) -> str:
    """The query with a marker under the problem, on one line: `(Hasakah OR ‸`."""
    return f"{query[:column - 1]}▸{query[column - 1:]}"
