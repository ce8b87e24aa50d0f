"""An article's history: its captures with the text each gave, and what changed between
its texts, so an editor's silent change to a published story can be noticed."""
from __future__ import annotations

import difflib
from dataclasses import dataclass

from archive.store import Store, version_id


@dataclass
class Text:
    """One text an article has had: an earlier one (by its version id) or the current one."""

    id: str
    captured_at: str | None
    title: str
    text: str


def captures(store: Store, article_id: str) -> list[dict]:
    """The article's captures, oldest first, each saying which text it holds: `current`,
    an earlier text's version id, or `unchanged` (a revisit that changed nothing)."""
    newest = store.newest_capture(article_id)
    listed = []
    for capture in store.captures_of(article_id):
        if capture["id"] == newest:
            text = "current"
        elif store.has_version(article_id, capture["id"]):
            text = version_id(article_id, capture["id"])
        else:
            text = "unchanged"
        listed.append(capture | {"text": text})
    return listed


def texts(store: Store, article_id: str) -> list[Text]:
    """Every text the article has had, oldest first, the current one last."""
    article = store.get_article(article_id)
    if article is None:
        return []
    newest = store.newest_capture(article_id)
    current_at = next((c["captured_at"] for c in store.captures_of(article_id)
                       if c["id"] == newest), None)
    return [Text(v.id, None if v.version == "undated" else v.version, v.title, v.text)
            for v in store.versions(article_id)] + [
        Text(article.id, current_at, article.title, article.text)]


def diffs(store: Store, article_id: str) -> list[tuple[Text, Text, list[str]]]:
    """What changed from each text to the next: (before, after, unified diff lines),
    one paragraph a line."""
    history = texts(store, article_id)
    return [(before, after, list(difflib.unified_diff(
                _lines(before), _lines(after), lineterm="",
                fromfile=f"{before.id} captured {before.captured_at or '(undated)'}",
                tofile=f"{after.id} captured {after.captured_at or '(undated)'}")))
            for before, after in zip(history, history[1:])]


def _lines(text: Text) -> list[str]:
    return [text.title, ""] + [line for line in text.text.splitlines() if line.strip()]
