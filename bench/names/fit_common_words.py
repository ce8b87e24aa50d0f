"""Fit the common-word thresholds and write indexer/lexicon/data/common_words.txt (every word
of the archive's Latin-script languages more frequent than the threshold),
capitalised_words.txt (the same for the languages that capitalise every noun, German) and
english_words.txt (the same for English, whose light stem khabar uses), normalised as the
index does.

    pip install wordfreq; python bench/names/fit_common_words.py [--data ../shared/bench/names-external]

Two samples: real name spellings (the Latin side of the train parts of
../shared/bench/names-external) and ordinary words (wordfreq's most frequent words of each
language, leaving out any that is also a training name). The threshold is the Zipf
frequency that best tells them apart (Youden's J: share of ordinary words above it minus
share of names above it).

German writes every noun with a capital, so in a German article a capital says nothing of
a name: its list decides which capitalised words of German articles are name candidates
at all. Its threshold is fitted the same way on German frequencies alone, its ordinary
words being German's VOCABULARY most frequent (a large news archive's German
vocabulary, nouns included, rather than the function words at the top of the list).

English is fitted the same way on English frequencies alone: its list tells a word written
with a capital in headlines (Election, Commission) that may take the English light stem
from a name that only looks like an English stem (Kurdish Parti, the stem of "party").
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wordfreq import iter_wordlist, top_n_list, zipf_frequency  # noqa: E402

from bench.names.fit_pair_model import DEFAULT_DATA, read_pairs  # noqa: E402
from indexer.analysis.terms import analyze  # noqa: E402
from indexer.lexicon.common_words import (CAPITALISED_FILE, CAPITALISING_LANGUAGES,  # noqa: E402
                                          ENGLISH_FILE, WORDS_FILE)
from indexer.names.transliteration import script_of  # noqa: E402

# The Latin-script languages of news khabar identifies that wordfreq covers (Kurdish has no
# wordfreq list; Kurmanji's function words are too short to be keyed). Arabic script is left
# out: its frequency lists rank given names (محمد، هشام، خالد) among the commonest words, and
# within Arabic script the consonant letters already keep words and names apart.
LANGUAGES = ["en", "de", "fr", "tr", "es", "it", "nl", "pt"]
ORDINARY_PER_LANGUAGE = 2000
VOCABULARY = 20000


def commonness(term: str) -> float:
    """The highest Zipf frequency of a term in its script's languages."""
    return max(zipf_frequency(term, language) for language in LANGUAGES)


def fitted_threshold(name_scores: list[float], ordinary_scores: list[float]) -> float:
    """The Zipf frequency that best tells ordinary words from names (Youden's J)."""
    return max((share(ordinary_scores, t / 10) - share(name_scores, t / 10), t / 10)
               for t in range(20, 80))[1]


def share(scores: list[float], threshold: float) -> float:
    return sum(score >= threshold for score in scores) / len(scores)


def latin_terms(words) -> set[str]:
    return {term for word in words for term in analyze(word) if script_of(term) == "latin"}


def write_list(path: Path, languages: list[str], threshold: float, ordinary: list[float],
               names: list[float]) -> int:
    """Every word of `languages` at or above `threshold`, with a header saying how it was made."""
    words = set()
    for language in languages:
        for word in iter_wordlist(language):
            if zipf_frequency(word, language) < threshold:
                break
            words |= latin_terms([word])
    header = (f"# Words of {', '.join(languages)} at Zipf frequency "
              f"≥ {threshold} (wordfreq), normalised as the index normalises them.\n"
              f"# Made by bench/names/fit_common_words.py: above this threshold are "
              f"{share(ordinary, threshold):.1%} of {len(ordinary)} ordinary "
              f"words and {share(names, threshold):.1%} of {len(names)} name "
              "spellings of the train parts of the public name pairs.\n")
    path.write_text(header + "".join(f"{word}\n" for word in sorted(words)), encoding="utf-8")
    print(f"{path.name}: threshold {threshold}, {len(words)} words; ordinary words above "
          f"{share(ordinary, threshold):.3f}, names above {share(names, threshold):.3f}")
    return len(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not (args.data / "google-ar2en-train.txt").exists():
        sys.exit(f"fit_common_words: no name pairs at {args.data} (../shared/bench/names-external)")
    names = {latin.strip("^$") for latin, _ in read_pairs(args.data, "train")}
    ordinary = latin_terms(word for language in LANGUAGES
                           for word in top_n_list(language, ORDINARY_PER_LANGUAGE)) - names
    name_scores = [commonness(name) for name in names]
    ordinary_scores = [commonness(word) for word in ordinary]
    write_list(WORDS_FILE, LANGUAGES, fitted_threshold(name_scores, ordinary_scores),
               ordinary_scores, name_scores)
    for path, languages in ((CAPITALISED_FILE, sorted(CAPITALISING_LANGUAGES)),
                            (ENGLISH_FILE, ["en"])):
        fit_language_list(path, languages, names)


def fit_language_list(path: Path, languages: list[str], names: set[str]) -> None:
    """A list for `languages` alone, fitted against their VOCABULARY most frequent words."""
    vocabulary = latin_terms(word for language in languages
                             for word in top_n_list(language, VOCABULARY)) - names

    def frequency(term: str) -> float:
        return max(zipf_frequency(term, language) for language in languages)

    name_scores = [frequency(name) for name in names]
    ordinary_scores = [frequency(word) for word in vocabulary]
    write_list(path, languages, fitted_threshold(name_scores, ordinary_scores),
               ordinary_scores, name_scores)


if __name__ == "__main__":
    main()
