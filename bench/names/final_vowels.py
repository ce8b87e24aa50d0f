#!/usr/bin/env python3
"""How often a Latin spelling of an Arabic-script name that ends in a long vowel ends in a
consonant it cannot leave unspoken: the check on the written rule that such a pair is two
names (indexer/names/transliteration.py, LONG_FINAL_VOWELS). Reads the names-external
pairs of one split and prints, per final letter, the pairs and the share the rule would
part, with examples to read.

    .venv/bin/python bench/names/final_vowels.py [--split train|dev] [--data DIR]
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from key_coverage import split_pairs  # noqa: E402
from indexer.names.transliteration import LONG_FINAL_VOWELS, final_vowel_unsaid  # noqa: E402

EXAMPLES = 20


def main() -> int:
    split, pairs = split_pairs(__doc__.split("\n\n")[0])
    total, parted = Counter(), Counter()
    examples = []
    for latin, arabic in pairs:
        if arabic[-1:] not in LONG_FINAL_VOWELS:
            continue
        total[arabic[-1]] += 1
        if final_vowel_unsaid(arabic, latin):
            parted[arabic[-1]] += 1
            examples.append(f"{arabic} {latin}")
    print(f"{split}: pairs whose Arabic-script name ends in a long vowel, and the share "
          "whose Latin spelling ends in a consonant it cannot leave unspoken")
    for letter in sorted(total):
        print(f"  {letter}  {total[letter]:6}  {parted[letter] / total[letter]:.4f}")
    print(f"  all {sum(total.values()):6}  {sum(parted.values()) / max(1, sum(total.values())):.4f}")
    print("examples: " + "; ".join(examples[:EXAMPLES]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
