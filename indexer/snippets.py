"""Snippets: the passage of an article where the query matched, matches marked.

Matching runs the article through the same analysis chain as the index, so a
match found through a variant spelling (`القامشلي` for `Qamishlo`) is marked
too, and a cut never falls inside a word: Arabic and Kurdish words stay whole.
"""
from __future__ import annotations

from indexer.analysis.terms import WORD, word_terms

#: About how many characters of text a snippet shows.
WIDTH = 240
OPEN, CLOSE = "[[", "]]"
#: How far into an article a snippet looks for its best window (it reads on to the first
#: match when there is none this early): a snippet is made for every hit shown.
SCAN = 3000


def match_spans(text: str, terms: set[str], scan: int = SCAN) -> list[tuple[int, int]]:
    """Character spans of the words in `text` that analyse to one of `terms`: those starting
    in the first `scan` characters, or else the first one.

    Walks the words and their cached terms directly, as `text_analyzer` does, without
    building whoosh tokens.
    """
    spans: list[tuple[int, int]] = []
    for match in WORD.finditer(text):
        word_start = match.start()
        if word_start >= scan and spans:
            break
        for term, part_start, part_end, *_ in word_terms(match.group()):
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
    best_start, best_count, last = 0, 0, 0
    for first, (s, _) in enumerate(spans):
        last = max(last, first)
        while last < len(spans) and spans[last][0] < s + width:
            last += 1  # spans[first:last] start within the window opening at s
        if last - first > best_count:
            best_start, best_count = max(0, s - width // 4), last - first
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


def highlights(marked: str) -> tuple[str, list[list[int]]]:
    """A marked snippet as its plain text and the [start, end) character offsets of its
    matches in that text: what machine output gives instead of the markers."""
    plain, spans, cursor = [], [], 0
    for piece in marked.split(OPEN):
        match, closed, rest = piece.partition(CLOSE)
        if closed and plain:  # a piece after an OPEN: its match, then plain text
            spans.append([cursor, cursor + len(match)])
            plain.append(match + rest)
            cursor += len(match) + len(rest)
        else:
            plain.append(piece)
            cursor += len(piece)
    return "".join(plain), spans

