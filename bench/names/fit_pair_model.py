"""Fit the transliteration pair models of indexer/names/transliteration.py on public name
pairs and write indexer/names/data/pair_model.json.

    python bench/names/fit_pair_model.py [--data ../shared/bench/names-external] [--iterations 6]
        [--places] [--longest KIND=LEFT,RIGHT] [--output FILE]

Training data: the train parts of ../shared/bench/names-external (Arabic–English pairs
mined from Wikipedia, google-ar2en-train.txt, Apache-2.0; Wikidata person names,
wikidata-wd_arabic_64.tsv, CC0). Latin–Arabic units are learned from the pairs themselves,
Latin–Latin units from Latin spellings that share an Arabic spelling (هشام: hisham, hicham,
hichem), each by expectation-maximisation over every alignment (Ristad and Yianilos's
stochastic edit distance, with units of up to two letters). (Two Arabic-script spellings are
judged by the script's written rules, not by a model: transliteration.same_name.)
With --places the training pairs also hold the one-word names of the gazetteer's GeoNames
places that share a phonetic key (Persian, Turkish and Kurdish place spellings), but for the
places bench/gazetteer_leaveout_bench.py evaluates by default.

Thresholds are fitted on the dev parts (google-ar2en-eval.txt, wikidata-wd_arabic_16.tsv):
for each pair kind, the lowest score that keeps false matches at most MAX_FALSE_RATE of the
dev look-alikes, that is spellings of different names that share a phonetic key (the
candidates search would weigh). The test parts are never read here.
"""
from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]  # the project, and the benches' own modules

from gazetteer_leaveout_bench import default_sample, places  # noqa: E402
from names_external_bench import group_names  # noqa: E402
from indexer.analysis.terms import term_of  # noqa: E402
from indexer.lexicon.phonetic import name_keys  # noqa: E402
from indexer.names import shares_key  # noqa: E402
from indexer.names.transliteration import (MODEL_FILE, PairModel, as_model_letters,  # noqa: E402
                                           script_of)

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "names-external"
# Of dev look-alike pairs a threshold may let through. Chosen on the dev parts: in an
# archive of 3,500 dev names, 0.10 let Latin→Arabic searches find 0.86 of the spellings with
# 25 % of what they returned from other names; 0.04 finds 0.78 with 9 % (after the per-script
# cut of indexer.names._best).
MAX_FALSE_RATE = 0.04
# Of dev spellings of one name, the share a Latin–Arabic veto must let through: below the
# veto line an Arabic-script name speaks against a Latin spelling found through the key
# (indexer.names: the Arabic script writes the long vowels a Latin spelling must agree with).
VETO_RECALL = 0.95
TRAIN_SEED, DEV_SEED = 20261206, 20261207  # the dev sample does not hang on what was trained
SMOOTHING = 0.01          # added to every unit's expected count at each M step
LONGEST = {"latin-arabic": (2, 1), "latin-latin": (2, 2)}
MAX_LATIN_PAIRS_PER_NAME = 6
MIN_UNIT_PROBABILITY = 1e-6  # units rarer than this are dropped from the written table


def read_pairs(data: Path, split: str) -> list[tuple[str, str]]:
    """(latin term, arabic term) pairs of one split of both sets, normalised as the index
    normalises words (articles dropped, letters unified) and written in model letters."""
    google = {"train": "train", "dev": "eval", "test": "test"}[split]
    wikidata = {"train": "64", "dev": "16", "test": "20"}[split]
    raw = []
    for line in open(data / f"google-ar2en-{google}.txt", encoding="utf-8"):
        arabic, latin = line.rstrip("\n").split("\t")
        raw.append((latin, arabic))
    for line in open(data / f"wikidata-wd_arabic_{wikidata}.tsv", encoding="utf-8"):
        latin, letters, _ = line.rstrip("\n").split("\t")
        raw.append((latin, letters.replace(" ", "")))
    pairs = []
    for latin, arabic in raw:
        left, right = as_model_letters(term_of(latin)), as_model_letters(term_of(arabic))
        if len(left) > 2 and len(right) > 2 and script_of(left) == "latin" \
                and script_of(right) == "arabic":
            pairs.append((left, right))
    return pairs


def place_pairs() -> list[tuple[str, str]]:
    """(latin term, arabic term) pairs of the one-word names of the gazetteer's GeoNames places
    that share a phonetic key, in model letters: Persian, Turkish and Kurdish spellings of
    places (v for و, -eh for ه), which the person names of the public pairs hardly hold. The
    places the leave-out benchmark evaluates by default are left out: it measures places the
    model never saw."""
    all_places = places()
    held_out = default_sample(all_places)
    pairs = []
    for place, names in all_places:
        if place in held_out:
            continue
        terms = sorted({term for term in map(term_of, names) if " " not in term})
        latin = [term for term in terms if len(term) > 2 and script_of(term) == "latin"]
        arabic = [term for term in terms if len(term) > 2 and script_of(term) == "arabic"]
        pairs += [(as_model_letters(left), as_model_letters(right))
                  for left in latin for right in arabic if shares_key(left, right, 2)]
    return pairs


def latin_pairs(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """Pairs of Latin spellings of one Arabic spelling, both orders."""
    by_arabic = defaultdict(set)
    for latin, arabic in pairs:
        by_arabic[arabic].add(latin)
    out = []
    for spellings in by_arabic.values():
        combos = list(combinations(sorted(spellings), 2))
        rng.shuffle(combos)
        for a, b in combos[:MAX_LATIN_PAIRS_PER_NAME]:
            out += [(a, b), (b, a)]
    return out


def expected_counts(left: str, right: str, units: dict, lx: int, ly: int,
                    counts: Counter) -> float:
    """Add one pair's expected unit counts (forward-backward) to `counts`; its log P.
    `units` holds probabilities (not logs): a name's few dozen units stay far from underflow."""
    n, m = len(left), len(right)
    steps = [(a, b) for a in range(lx + 1) for b in range(ly + 1) if a or b]
    forward = [[0.0] * (m + 1) for _ in range(n + 1)]
    forward[0][0] = 1.0
    for i in range(n + 1):
        for j in range(m + 1):
            total = 0.0
            for a, b in steps:
                if a <= i and b <= j:
                    start = forward[i - a][j - b]
                    if start:
                        unit = units.get((left[i - a:i], right[j - b:j]))
                        if unit:
                            total += start * unit
            if total:
                forward[i][j] = total
    whole = forward[n][m]
    if not whole:
        return -math.inf
    backward = [[0.0] * (m + 1) for _ in range(n + 1)]
    backward[n][m] = 1.0
    for i in range(n, -1, -1):
        for j in range(m, -1, -1):
            here = forward[i][j]
            total = 0.0
            for a, b in steps:
                if i + a <= n and j + b <= m:
                    end = backward[i + a][j + b]
                    if end:
                        key = (left[i:i + a], right[j:j + b])
                        unit = units.get(key)
                        if unit:
                            total += unit * end
                            if here:
                                counts[key] += here * unit * end / whole
            if total and (i, j) != (n, m):
                backward[i][j] = total
    return math.log(whole)


def all_units(pairs, lx: int, ly: int) -> set:
    """Every unit some alignment of some pair could use."""
    units = set()
    for left, right in pairs:
        for i in range(len(left) + 1):
            for a in range(lx + 1):
                if i + a > len(left):
                    break
                for j in range(len(right) + 1):
                    for b in range(ly + 1):
                        if (a or b) and j + b <= len(right):
                            units.add((left[i:i + a], right[j:j + b]))
    return units


def fit_units(pairs, lx: int, ly: int, iterations: int) -> dict:
    """Unit log-probabilities by EM, starting from a uniform table."""
    candidates = all_units(pairs, lx, ly)
    units = {unit: 1 / len(candidates) for unit in candidates}
    for iteration in range(iterations):
        started = time.perf_counter()
        counts: Counter = Counter()
        likelihood = 0.0
        for left, right in pairs:
            likelihood += expected_counts(left, right, units, lx, ly, counts)
        total = sum(counts.values()) + SMOOTHING * len(candidates)
        units = {unit: (counts[unit] + SMOOTHING) / total for unit in candidates}
        print(f"  iteration {iteration + 1}: log-likelihood per pair "
              f"{likelihood / len(pairs):.3f} ({time.perf_counter() - started:.0f} s)",
              file=sys.stderr)
    return {unit: math.log(value) for unit, value in units.items()
            if value >= MIN_UNIT_PROBABILITY}


def letter_model(strings) -> dict[str, float]:
    counts = Counter(char for string in strings for char in string)
    total = sum(counts.values())
    return {char: math.log(count / total) for char, count in counts.items()}


def dev_pairs(pairs, rng: random.Random, per_kind: int = 3000):
    """Positive and look-alike pairs of each kind from the dev parts."""
    names = {}  # spelling -> name (rows connected by a shared Arabic or Latin spelling)
    for number, group in enumerate(group_names([(arabic, latin) for latin, arabic in pairs])):
        for arabic, latin in group:
            names[arabic] = names[latin] = number
    positives = {"latin-arabic": sorted(set(pairs)),  # sorted: a set's order varies by run
                 "latin-latin": latin_pairs(pairs, rng)[::2]}
    by_key = defaultdict(set)
    for spelling in names:
        for key in name_keys(spelling.strip("^$")):
            if len(key) >= 2:
                by_key[key].add(spelling)
    negatives = defaultdict(set)
    for group in by_key.values():
        group = sorted(group)
        rng.shuffle(group)
        for a, b in combinations(group[:30], 2):
            if names[a] != names[b]:
                kind = "-".join(sorted((script_of(a), script_of(b)), key=lambda s: s != "latin"))
                negatives[kind].add((a, b))
    sample = {}
    for kind in LONGEST:
        pos, neg = positives[kind], sorted(negatives[kind])
        rng.shuffle(pos)
        rng.shuffle(neg)
        sample[kind] = (pos[:per_kind], neg[:per_kind])
    return sample


def fit_threshold(model: PairModel, positives, negatives,
                  max_false_rate: float = MAX_FALSE_RATE) -> tuple[float, dict]:
    pos = sorted((model.score(*_ordered(a, b)) for a, b in positives), reverse=True)
    neg = sorted((model.score(*_ordered(a, b)) for a, b in negatives), reverse=True)
    allowed = int(max_false_rate * len(neg))
    threshold = neg[allowed] + 1e-9 if allowed < len(neg) else -math.inf
    recall = sum(score >= threshold for score in pos) / max(1, len(pos))
    false = sum(score >= threshold for score in neg) / max(1, len(neg))
    return threshold, {"positives": len(pos), "negatives": len(neg),
                       "recall": round(recall, 4), "false_rate": round(false, 4)}


def fit_veto(model: PairModel, positives, threshold: float) -> float:
    """The score, relative to the threshold, that VETO_RECALL of dev spellings reach."""
    pos = sorted(model.score(*_ordered(a, b)) - threshold for a, b in positives)
    return pos[int((1 - VETO_RECALL) * len(pos))] if pos else 0.0


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (b, a) if script_of(a) == "arabic" and script_of(b) == "latin" else (a, b)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--iterations", type=int, default=6)
    parser.add_argument("--limit", type=int, default=0, help="train on this many pairs only")
    parser.add_argument("--output", type=Path, default=MODEL_FILE)
    parser.add_argument("--places", action="store_true",
                        help="also train on the one-word names of the gazetteer's places "
                             "(those the leave-out benchmark evaluates left out)")
    parser.add_argument("--max-false-rate", type=float, default=MAX_FALSE_RATE,
                        help="share of dev look-alikes a threshold may let through")
    parser.add_argument("--reuse", type=Path, help="take the unit tables of the kinds this "
                        "earlier output holds with the same longest units, and fit only the "
                        "thresholds (and the other kinds)")
    parser.add_argument("--longest", action="append", default=[], metavar="KIND=LEFT,RIGHT",
                        help="longest unit of a kind, e.g. latin-arabic=3,2 (default "
                        + ", ".join(f"{kind}={a},{b}" for kind, (a, b) in LONGEST.items()) + ")")
    args = parser.parse_args()
    longest = dict(LONGEST)
    for option in args.longest:
        kind, _, sizes = option.partition("=")
        if kind not in LONGEST:
            parser.error(f"--longest: no pair kind {kind!r}")
        try:
            left, right = map(int, sizes.split(","))
        except ValueError:
            parser.error(f"--longest: {option!r} is not KIND=LEFT,RIGHT (two whole numbers)")
        longest[kind] = (left, right)
    if not (args.data / "google-ar2en-train.txt").exists():
        sys.exit(f"fit_pair_model: no name pairs at {args.data} (../shared/bench/names-external)")
    rng = random.Random(TRAIN_SEED)
    train = read_pairs(args.data, "train") + (place_pairs() if args.places else [])
    rng.shuffle(train)
    if args.limit:
        train = train[:args.limit]
    reused = json.loads(args.reuse.read_text(encoding="utf-8"))["models"] if args.reuse else {}
    training = {"latin-arabic": lambda: train, "latin-latin": lambda: latin_pairs(train, rng)}
    tables = {}
    for kind, pairs_of in training.items():
        if kind in reused and (reused[kind]["longest_left"],
                               reused[kind]["longest_right"]) == longest[kind]:
            tables[kind] = {tuple(key.split("\t")): value
                            for key, value in reused[kind]["units"].items()}
            continue
        pairs = pairs_of()
        print(f"{kind}: {len(pairs)} pairs", file=sys.stderr)
        tables[kind] = fit_units(pairs, *longest[kind], args.iterations)
    latin_letters = letter_model(latin for latin, _ in train)
    arabic_letters = letter_model(arabic for _, arabic in train)
    letters = {"latin-arabic": (latin_letters, arabic_letters),
               "latin-latin": (latin_letters, latin_letters)}
    dev = dev_pairs(read_pairs(args.data, "dev"), random.Random(DEV_SEED))
    out = {"source": "bench/names/fit_pair_model.py on names-external train parts; thresholds "
                     f"on dev parts at ≤ {MAX_FALSE_RATE:.0%} false look-alikes",
           "models": {}, "dev": {}}
    out["source"] = out["source"].replace(f"{MAX_FALSE_RATE:.0%}", f"{args.max_false_rate:.0%}") \
        + f"; the Latin–Arabic veto line lets {VETO_RECALL:.0%} of dev spellings through"
    if args.places:
        out["source"] += "; also trained on the gazetteer's places outside the leave-out sample"
    for kind, units in tables.items():
        model = PairModel(units, *letters[kind], *longest[kind], 0.0)
        threshold, figures = fit_threshold(model, *dev[kind], args.max_false_rate)
        out["dev"][kind] = figures | {"threshold": round(threshold, 4)}
        print(f"{kind}: {len(units)} units, dev {figures}, threshold {threshold:.3f}",
              file=sys.stderr)
        out["models"][kind] = {
            "units": {f"{a}\t{b}": round(value, 4) for (a, b), value in sorted(units.items())},
            "left_letters": {k: round(v, 4) for k, v in letters[kind][0].items()},
            "right_letters": {k: round(v, 4) for k, v in letters[kind][1].items()},
            "longest_left": longest[kind][0], "longest_right": longest[kind][1],
            "threshold": round(threshold, 4)}
        if kind == "latin-arabic":
            out["models"][kind]["veto"] = round(fit_veto(model, dev[kind][0], threshold), 4)
    args.output.write_text(json.dumps(out, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                           encoding="utf-8")
    print(f"written {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
