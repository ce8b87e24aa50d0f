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
# Languages that write every noun with a capital, and their words that are therefore never
# name candidates in an article of that language ("Dach" is no spelling of Daesh, nor
# "Rasen" of Ras al-Ain), from the same script: data/capitalised_words.txt.
CAPITALISING_LANGUAGES = frozenset({"de"})
CAPITALISED_FILE = WORDS_FILE.with_name("capitalised_words.txt")
# English words (the same fit on English alone): those a capital in a headline does not make
# a name, since the archive's lower-case forms of them are English inflections (Elections).
ENGLISH_FILE = WORDS_FILE.with_name("english_words.txt")


@lru_cache(maxsize=4)
def word_list(path: Path) -> frozenset[str]:
    """A word list's words (one a line, `#` lines are its header), normalised as the index
    normalises them."""
    with open(path, encoding="utf-8") as handle:
        return frozenset(line.rstrip("\n") for line in handle if line.strip() and line[0] != "#")


def capitalised_word(term: str, language: str | None) -> bool:
    """Whether a capitalised term of an article in `language` is an ordinary word that
    language capitalises (a German noun), not the mark of a name."""
    return language in CAPITALISING_LANGUAGES and term in word_list(CAPITALISED_FILE)


def capitalised_in_some_language(term: str) -> bool:
    """Whether a language that capitalises every noun has `term` among its words, so that the
    index did not count its capitals in that language's articles (Mohammed in German)."""
    return any(capitalised_word(term, language) for language in CAPITALISING_LANGUAGES)


def common_words() -> frozenset[str]:
    """The common words, for a caller that asks of many single words."""
    return word_list(WORDS_FILE)


def is_common(term: str) -> bool:
    """Whether a term (every word of it, for a multi-word candidate) is a common word."""
    words = term.split()
    return bool(words) and all(word in common_words() for word in words)


def english_word(term: str) -> bool:
    """Whether a Latin term is an English word, one the English light stem is made for."""
    return term in word_list(ENGLISH_FILE)
