#!/usr/bin/env python3
"""How often a Latin spelling that the pair model accepts for a Sorani name says fewer vowels
than the Sorani spelling writes: the check on the written rule that such a pair is two words
(indexer/names/transliteration.py, SORANI_VOWELS). The public name pairs hold no Sorani, so
the pairs are those of one entity in the gazetteer's GeoNames extract and, when the shared
benchmarks are there, in the development variant set; prints the pairs, those the rule would
part, and the parted pairs to read.

    .venv/bin/python bench/names/sorani_vowels.py [--variants ../shared/bench/variants]
"""
from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the project, and the benches' own modules

from gazetteer_leaveout_bench import places  # noqa: E402
from indexer.analysis.terms import term_of  # noqa: E402
from indexer.names.transliteration import (SORANI_OWN_VOWELS, _differ_by_morpheme,  # noqa: E402
                                           final_vowel_unsaid, pair_score, script_of,
                                           sorani_vowels_unsaid)


def variant_groups(folder: Path) -> list[list[str]]:
    groups = defaultdict(list)
    with open(folder / "dev_variants.tsv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            groups[row["group_id"]].append(row["variant"])
    return list(groups.values())


def parted(entities: list) -> tuple[int, list[str]]:
    """The one-word Sorani–Latin pairs of one entity that the rules before this one accept,
    and those this one parts."""
    accepted, examples = 0, []
    for names in entities:
        terms = {term_of(name) for name in names}
        sorani = sorted(term for term in terms if term and " " not in term
                        and any(letter in term for letter in SORANI_OWN_VOWELS))
        latin = sorted(term for term in terms if term and " " not in term
                       and script_of(term) == "latin")
        for spelling in sorani:
            for other in latin:
                if pair_score(other, spelling) >= 0 and not _differ_by_morpheme(other, spelling) \
                        and not final_vowel_unsaid(spelling, other):
                    accepted += 1
                    if sorani_vowels_unsaid(spelling, other):
                        examples.append(f"{spelling} {other}")
    return accepted, examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variants", type=Path,
                        default=ROOT.parent / "shared" / "bench" / "variants")
    args = parser.parse_args()
    sets = {"GeoNames extract": [names for _, names in places()]}
    if (args.variants / "dev_variants.tsv").exists():
        sets["variant set (dev)"] = variant_groups(args.variants)
    else:
        print(f"no variant set at {args.variants}: GeoNames only", file=sys.stderr)
    for label, entities in sets.items():
        accepted, examples = parted(entities)
        print(f"{label}: {accepted} Sorani–Latin pairs of one entity accepted, "
              f"{len(examples)} parted by the rule ({len(examples) / max(1, accepted):.2%})"
              + (": " + "; ".join(examples) if examples else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
