"""Fit the common-word threshold and write indexer/names/data/common_words.txt: every word
of the archive's Latin-script languages more frequent than the threshold, normalised as the
index does.

    pip install wordfreq; python bench/names/fit_common_words.py [--data ../shared/bench/names-external]

Two samples: real name spellings (the Latin side of the train parts of
../shared/bench/names-external) and ordinary words (wordfreq's most frequent words of each
language, leaving out any that is also a training name). The threshold is the Zipf
frequency that best tells them apart (Youden's J: share of ordinary words above it minus
share of names above it).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from wordfreq import iter_wordlist, top_n_list, zipf_frequency  # noqa: E402

from bench.names.fit_pair_model import DEFAULT_DATA, read_pairs  # noqa: E402
from indexer.analysis.chains import analyze  # noqa: E402
from indexer.names.common_words import WORDS_FILE  # noqa: E402
from indexer.names.transliteration import script_of  # noqa: E402

# The Latin-script languages of news khabar identifies that wordfreq covers (Kurdish has no
# wordfreq list; Kurmanji's function words are too short to be keyed). Arabic script is left
# out: its frequency lists rank given names (محمد، هشام، خالد) among the commonest words, and
# within Arabic script the consonant letters already keep words and names apart.
LANGUAGES = ["en", "de", "fr", "tr", "es", "it", "nl", "pt"]
ORDINARY_PER_LANGUAGE = 2000


def commonness(term: str) -> float:
    """The highest Zipf frequency of a term in its script's languages."""
    return max(zipf_frequency(term, language) for language in LANGUAGES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not (args.data / "google-ar2en-train.txt").exists():
        sys.exit(f"fit_common_words: no name pairs at {args.data} (../shared/bench/names-external)")
    names = {latin.strip("^$") for latin, _ in read_pairs(args.data, "train")}
    ordinary = {term for language in LANGUAGES for word in top_n_list(language, ORDINARY_PER_LANGUAGE)
                for term in analyze(word) if script_of(term) == "latin"} - names
    name_scores = [commonness(name) for name in names]
    ordinary_scores = [commonness(word) for word in ordinary]

    def share(scores, threshold):
        return sum(score >= threshold for score in scores) / len(scores)

    threshold = max((share(ordinary_scores, t / 10) - share(name_scores, t / 10), t / 10)
                    for t in range(20, 80))[1]
    words = set()
    for language in LANGUAGES:
        for word in iter_wordlist(language):
            if zipf_frequency(word, language) < threshold:
                break
            words.update(term for term in analyze(word) if script_of(term) == "latin")
    header = (f"# Words of {', '.join(LANGUAGES)} at Zipf frequency "
              f"≥ {threshold} (wordfreq), normalised as the index normalises them.\n"
              f"# Made by bench/names/fit_common_words.py: above this threshold are "
              f"{share(ordinary_scores, threshold):.1%} of {len(ordinary_scores)} ordinary "
              f"words and {share(name_scores, threshold):.1%} of {len(name_scores)} name "
              "spellings of the train parts of the public name pairs.\n")
    WORDS_FILE.write_text(header + "".join(f"{word}\n" for word in sorted(words)),
                          encoding="utf-8")
    print(f"threshold {threshold}: {len(words)} words written to {WORDS_FILE.name}; "
          f"ordinary words above {share(ordinary_scores, threshold):.3f}, names above "
          f"{share(name_scores, threshold):.3f}")


if __name__ == "__main__":
    main()
