#!/usr/bin/env python3
"""How many Latin–Arabic name pairs the phonetic key brings together, and which Arabic letters
it loses them on: the data the key's letter classes (indexer/lexicon/phonetic.py) are checked
against.

A pair is found when the two spellings share a key of two or more consonant classes (the
shortest a candidate is looked up by); the pair model then judges what the key found, so
a pair the key misses is lost for good. Per Arabic letter: the pairs holding it once, and
the share found. Reads the names-external pairs of one split (train by default: the classes
are chosen on it; dev to check).

    .venv/bin/python bench/names/key_coverage.py [--split train|dev] [--data DIR]
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from fit_pair_model import DEFAULT_DATA, read_pairs  # noqa: E402
from indexer.lexicon.phonetic import MIN_ANCHORED_KEY  # noqa: E402
from indexer.names import shares_key  # noqa: E402


def split_pairs(description: str) -> tuple[str, list[tuple[str, str]]]:
    """The split the command line names (--split, --data) and its (latin, arabic) pairs as
    index terms: what each check of a written rule reads."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--split", choices=("train", "dev"), default="train")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"error: name pairs not found at {args.data} (pass --data)")
    return args.split, [(latin.strip("^$"), arabic.strip("^$"))
                        for latin, arabic in read_pairs(args.data, args.split)]


def main() -> int:
    split, pairs = split_pairs(__doc__.split("\n\n")[0])
    total, hits = Counter(), Counter()
    for latin, arabic in pairs:
        hit = shares_key(latin, arabic, MIN_ANCHORED_KEY)
        for letter in set(arabic):
            if arabic.count(letter) == 1:
                total[letter] += 1
                hits[letter] += hit
        total["all"] += 1
        hits["all"] += hit
    print(f"{split}: {len(pairs)} pairs, found by a shared key: "
          f"{hits['all'] / total['all']:.3f}")
    print("letter  pairs  found")
    for letter in sorted((l for l in total if l != "all" and total[l] >= 30),
                         key=lambda l: hits[l] / total[l]):
        print(f"{letter:>6}  {total[letter]:5}  {hits[letter] / total[letter]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
