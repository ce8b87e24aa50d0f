"""Common words: a Latin-script spelling the phonetic key finds is never a variant of a name
when it is an ordinary word of a language the archive holds ("these" is not a spelling of
ISIS, nor "die" of Daie): capitals at the start of sentences and in headlines make ordinary
words look like names. The list, data/common_words.txt, holds every word of those languages
more frequent than the threshold that best tells ordinary words from names; both were made
from wordfreq's frequency lists by bench/names/fit_common_words.py, so no search loads them.
(Arabic script needs no list: its frequency lists rank given names among the commonest
words, and within one script the consonant letters keep words and names apart.)
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

WORDS_FILE = Path(__file__).resolve().parent / "data" / "common_words.txt"


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """The list's words, normalised as the index normalises them."""
    with open(WORDS_FILE, encoding="utf-8") as handle:
        return frozenset(line.rstrip("\n") for line in handle if line.strip() and line[0] != "#")


def is_common(term: str) -> bool:
    """Whether a term (every word of it, for a multi-word candidate) is a common word."""
    words = term.split()
    return bool(words) and all(word in common_words() for word in words)
