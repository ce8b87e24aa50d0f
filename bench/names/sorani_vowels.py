#!/usr/bin/env python3
"""The checks on the written rules for Sorani spellings (indexer/names/transliteration.py):
how often a Latin spelling that the pair model accepts for a Sorani name says fewer vowels
than the Sorani spelling writes (SORANI_VOWELS), and how often an Arabic spelling whose
consonants match a Sorani or Persian one writes an inner long vowel the other does not
(INNER_LONG_VOWELS); each rule holds such a pair to be two words. The public name pairs hold
no Sorani, so the pairs are those of one entity in the gazetteer's GeoNames extract and, when
the shared benchmarks are there, in the development variant set; for the second rule also
the pairs of different GeoNames places. Prints the pairs, those the rule parts, and the
parted pairs of one entity to read.

    .venv/bin/python bench/names/sorani_vowels.py [--variants ../shared/bench/variants]
"""
from __future__ import annotations

import argparse
import csv
import itertools
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the project, and the benches' own modules

from gazetteer_leaveout_bench import places  # noqa: E402
from indexer.analysis.terms import term_of  # noqa: E402
from indexer.names.transliteration import (SORANI_ONLY, SORANI_OWN_VOWELS,  # noqa: E402
                                           _consonants, _inner_long_vowels_unwritten,
                                           _scored_alike, _sorani_consonants_agree,
                                           script_of, sorani_vowels_unsaid)


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
                if _scored_alike(other, spelling):
                    accepted += 1
                    if sorani_vowels_unsaid(spelling, other):
                        examples.append(f"{spelling} {other}")
    return accepted, examples


def arabic_terms(names) -> list[str]:
    """The one-word Arabic-script index terms of an entity's names."""
    return sorted({term for term in map(term_of, names)
                   if term and " " not in term and script_of(term) == "arabic"})


def consonants_agree(first: str, second: str) -> bool:
    """The pair is one Sorani-or-Persian and one other Arabic-script spelling that the rules
    before INNER_LONG_VOWELS accept."""
    return any(letter in first + second for letter in SORANI_ONLY) \
        and _sorani_consonants_agree(first, second)


def inner_vowels_parted(entities: list) -> tuple[int, list[str], int, int]:
    """The Arabic-script pairs of one entity that agree by the rules before this one, those
    this one parts, and the same two counts for the pairs of different entities."""
    same, same_parted, other, other_parted = 0, [], 0, 0
    by_consonants = defaultdict(list)
    for number, names in enumerate(entities):
        terms = arabic_terms(names)
        for term in terms:
            by_consonants[_consonants(term)].append((number, term))
    for group in by_consonants.values():
        for (one, first), (two, second) in itertools.combinations(group, 2):
            if first == second or not consonants_agree(first, second):
                continue
            parted_pair = _inner_long_vowels_unwritten(first, second)
            if one == two:
                same += 1
                if parted_pair:
                    same_parted.append(f"{first} {second}")
            else:
                other += 1
                other_parted += parted_pair
    return same, same_parted, other, other_parted


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
        same, same_parted, other, other_parted = inner_vowels_parted(entities)
        print(f"{label}: {same} Arabic–Sorani/Persian pairs of one entity whose consonants "
              f"agree, {len(same_parted)} parted by the inner long vowels"
              + (": " + "; ".join(same_parted) if same_parted else "")
              + f"; {other} such pairs of different entities, {other_parted} parted")
    return 0


if __name__ == "__main__":
    sys.exit(main())
