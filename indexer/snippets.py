"""Snippets: the passage of an article where the query matched, matches marked.

Matching runs the article through the same analysis chain as the index, so a
match found through a variant spelling (`القامشلي` for `Qamishlo`) is marked
too, and a cut never falls inside a word: Arabic and Kurdish words stay whole.
"""
from __future__ import annotations

from indexer.analysis.chains import WORD, word_terms

#: About how many characters of text a snippet shows.
WIDTH = 240
OPEN, CLOSE = "[[", "]]"


def match_spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that analyse to one of `terms`.

    Walks the words and their cached terms directly, as `text_analyzer` does, without
    building whoosh tokens: a snippet is made for every hit shown, over the whole article.
    """
    spans: list[tuple[int, int]] = []
    for match in WORD.finditer(text):
        word_start = match.start()
        for term, part_start, part_end, _ in word_terms(match.group()):
            if term in terms:
                span = (word_start + part_start, word_start + part_end)
                if not spans or span[0] >= spans[-1][1]:
                    spans.append(span)
    return spans


def snippet(text: str, terms: set[str], width: int = WIDTH) -> str:
    """The `width`-character window with the most matches, cut at spaces, matches marked."""
    spans = match_spans(text, terms) if terms else []
    start = _best_window(spans, width)
    begin = _word_start(text, start)
    end = _word_end(text, begin + width)
    marked, cursor = [], begin
    for s, e in spans:
        if s < begin or e > end:
            continue
        marked += [text[cursor:s], OPEN, text[s:e], CLOSE]
        cursor = e
    marked.append(text[cursor:end])
    body = " ".join("".join(marked).split())
    return ("… " if begin > 0 else "") + body + (" …" if end < len(text) else "")


def _best_window(spans: list[tuple[int, int]], width: int) -> int:
    """Start of the window holding the most matches, a little before the first of them."""
    best_start, best_count = 0, 0
    for i, (s, _) in enumerate(spans):
        count = sum(1 for s2, _ in spans[i:] if s2 < s + width)
        if count > best_count:
            best_start, best_count = max(0, s - width // 4), count
    return best_start


def _word_start(text: str, index: int) -> int:
    """Move back to the beginning of the word `index` falls in."""
    while 0 < index < len(text) and not text[index - 1].isspace():
        index -= 1
    return index


def _word_end(text: str, index: int) -> int:
    """Move forward to the end of the word `index` falls in."""
    index = min(index, len(text))
    while index < len(text) and not text[index].isspace():
        index += 1
    return index
