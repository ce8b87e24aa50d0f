"""Word pairs with a frequent word, indexed so that phrases with one are cheap (as Lucene's
CommonGrams does).

A phrase is matched by comparing word positions in the documents that hold every word; a
phrase with a frequent word (`"in Qamishli"`, `"في الحسكة"`) has as many candidates as the
rarer word has documents, and each needs both words' positions decoded. The `pairs` field
holds every two terms written one right after the other of which the first is frequent, as
one term (`in qamishli`): a two-word phrase is then one posting list, a longer one is
checked by positions only in the documents that hold all its pairs. Hits are the same: a
pair is in a document exactly where its words stand at neighbouring positions. Lucene also
pairs a frequent word with the word before it; here that would make indexing half as slow
again for phrases that end in a function word (`"Qamishli in"`), which journalists rarely
type and which are still found, by positions. The field also
holds each frequent word alone with its count in the document, as `text` counts it: a
phrase's score sums its words' scores, and `text`'s posting blocks, which carry every
position, cost ten times as much to read for a word in most documents.

The frequent words, data/frequent_words.txt, are fixed per language and normalised as the
index normalises them; bench/scale/fit_frequent_words.py makes them. A fixed list keeps
every segment of an index alike (frequencies counted at write time would differ between
segments, and a phrase would need both ways); the index records which list and pairing it
was built with (`LIST_VERSION`), and one built with others asks for `khabar reindex`.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from indexer.lexicon.common_words import word_list

WORDS_FILE = Path(__file__).resolve().parent / "data" / "frequent_words.txt"
#: Which pairs are kept, counted into the index's stamp: changed whenever `indexed_pair` or
#: what the field holds changes.
PAIRING = 1


def _read_words(path: Path) -> tuple[frozenset[str], str]:
    words = word_list(path)
    stamp = "\n".join([str(PAIRING), *sorted(words)])
    version = hashlib.sha1(stamp.encode("utf-8")).hexdigest()[:12]
    return words, version


#: The frequent terms, and a digest of them and of PAIRING the index is stamped with.
FREQUENT, LIST_VERSION = _read_words(WORDS_FILE)


def pair_term(first: str, second: str) -> str:
    """The `pairs` term for two terms at neighbouring positions (terms hold no spaces)."""
    return f"{first} {second}"


def indexed_pair(first: str) -> bool:
    """Whether the `pairs` field holds the pairs this word begins, wherever they are written."""
    return first in FREQUENT


def phrase_pairs(words: list[str]) -> list[str]:
    """The indexed pairs among a phrase's neighbouring words (none when no word but the
    last is frequent)."""
    return [pair_term(first, second) for first, second in zip(words, words[1:])
            if indexed_pair(first)]
