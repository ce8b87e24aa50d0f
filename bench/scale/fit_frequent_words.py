#!/usr/bin/env python3
"""Write indexer/analysis/data/frequent_words.txt: the words whose pairs the index keeps for
phrase search (indexer/analysis/common_grams.py), normalised as the index normalises them.

    python bench/scale/fit_frequent_words.py

A word is frequent when a news article of ARTICLE_WORDS words holds it with a probability of
at least DOCUMENT_SHARE: there, a phrase's candidates are as many as its other word's
documents, and pairs pay for themselves. English and Arabic from wordfreq's frequency lists
(a word of frequency f is in such an article with probability 1 - (1 - f)^ARTICLE_WORDS);
Sorani and Kurmanji, which wordfreq has no list for, from the sample corpus in corpus/: the
words found in every one of its articles in that language (a handful of articles each, so
only the function words every text needs pass; a place the sample writes about everywhere
may slip in, which costs index space, never hits). The list is fixed, not counted from an
archive: every index and every segment keeps the same pairs.
"""
from __future__ import annotations

import math
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wordfreq import iter_wordlist, zipf_frequency  # noqa: E402

from archive.ingest import clean_safely  # noqa: E402
from archive.readers import iter_captures  # noqa: E402
from indexer.analysis.terms import analyze, term_of  # noqa: E402
from indexer.analysis.common_grams import WORDS_FILE  # noqa: E402

#: A news article's length in words (the body of a short report).
ARTICLE_WORDS = 400
#: The share of such articles a frequent word is found in.
DOCUMENT_SHARE = 1 / 3
WORDFREQ_LANGUAGES = ("en", "ar")
CORPUS_LANGUAGES = ("ckb", "kmr")
#: The fewest sample articles a corpus-fitted language needs.
FEWEST_ARTICLES = 5


def minimum_zipf() -> float:
    """The Zipf frequency of a word found in DOCUMENT_SHARE of ARTICLE_WORDS-word articles."""
    frequency = 1 - (1 - DOCUMENT_SHARE) ** (1 / ARTICLE_WORDS)
    return math.log10(frequency * 1e9)


def from_wordfreq(language: str, zipf: float) -> set[str]:
    terms = set()
    for word in iter_wordlist(language):
        if zipf_frequency(word, language) < zipf:
            break
        term = term_of(word)
        # wordfreq writes every digit as 0: its "0000" stands for no one number
        if term and " " not in term and not any(char.isdigit() for char in term):
            terms.add(term)
    return terms


def from_corpus(corpus: Path) -> dict[str, set[str]]:
    """Per language of CORPUS_LANGUAGES, the terms found in every sample article."""
    articles: dict[str, list[set[str]]] = defaultdict(list)
    for capture in iter_captures(corpus, on_error=lambda source, reason: None):
        cleaned = clean_safely(capture)
        if isinstance(cleaned, str) or cleaned.article.lang not in CORPUS_LANGUAGES:
            continue
        article = cleaned.article
        articles[article.lang].append(set(analyze(f"{article.title}\n\n{article.text}")))
    found = {}
    for language in CORPUS_LANGUAGES:
        texts = articles[language]
        if len(texts) < FEWEST_ARTICLES:
            raise SystemExit(f"corpus/ has {len(texts)} {language} articles, "
                             f"fewer than {FEWEST_ARTICLES}")
        counts = Counter(term for terms in texts for term in terms)
        found[language] = {term for term, count in counts.items() if count == len(texts)}
    return found


def main() -> None:
    zipf = minimum_zipf()
    lists = {language: from_wordfreq(language, zipf) for language in WORDFREQ_LANGUAGES}
    lists |= from_corpus(ROOT / "corpus")
    lines = [f"# written by bench/scale/fit_frequent_words.py: {', '.join(WORDFREQ_LANGUAGES)} "
             f"from wordfreq (Zipf >= {zipf:.2f}), {', '.join(CORPUS_LANGUAGES)} from corpus/"]
    every = sorted(set().union(*lists.values()))
    WORDS_FILE.parent.mkdir(parents=True, exist_ok=True)
    WORDS_FILE.write_text("\n".join(lines + every) + "\n", encoding="utf-8")
    for language, terms in lists.items():
        print(f"{language}: {len(terms)} words", file=sys.stderr)
    print(f"{len(every)} frequent words written to {WORDS_FILE.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
