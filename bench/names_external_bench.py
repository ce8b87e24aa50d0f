"""Cross-script name search on public name pairs nobody here picked, through the real
`khabar add` / `khabar search --json` path.

    python bench/names_external_bench.py [--set google|wikidata|both] [--split train|dev|test]
        [--sample N] [--seed S] [--no-curated] [--data ../shared/bench]

Data: ../shared/bench/names-external (see its README): google/transliteration's Arabic–English
Wikipedia pairs (train / eval = dev / test) and Wikidata person names (64 / 16 / 20 slices =
train / dev / test). Rows are grouped into names: a name is a connected component of rows that
share an Arabic or a Latin spelling, so two Latin rows of one Arabic spelling are Latin
variants of one name. The sample takes whole names in a seeded order until it holds N rows
(default: all of google's part, 2,000 rows of wikidata's). One short article per distinct
spelling goes into a fresh archive, and every spelling is searched with variants and with
--exact. Recall is over ordered pairs of spellings of one name, by direction; false matches
are the share of returned articles (the spelling's own included) that belong to another name.
Prints a table per set and writes bench/results/names_external_<split>[_no_curated].json.
"""
from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from name_archive import (CliRunner, Searches, add_records, article, common_options,
                          pair_figures, print_figures, script, shared_folder, use_shipped_names,
                          write_results)

FILES = {
    "google": {"train": "google-ar2en-train.txt", "dev": "google-ar2en-eval.txt",
               "test": "google-ar2en-test.txt"},
    "wikidata": {"train": "wikidata-wd_arabic_64.tsv", "dev": "wikidata-wd_arabic_16.tsv",
                 "test": "wikidata-wd_arabic_20.tsv"},
}
DEFAULT_SAMPLE = {"google": 0, "wikidata": 2000}  # 0: every row


def read_pairs(data: Path, name: str, split: str) -> list[tuple[str, str]]:
    """(arabic, latin) rows of one set's split; Latin in lower case as the files give it."""
    rows = []
    path = data / FILES[name][split]
    with open(path, encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            fields = line.rstrip("\n").split("\t")
            if name == "google" and len(fields) == 2:
                arabic, latin = fields
            elif name == "wikidata" and len(fields) == 3:
                latin, arabic = fields[0], fields[1].replace(" ", "")
            else:
                print(f"{path}:{number}: skipped, expected the set's tab-separated columns",
                      file=sys.stderr)
                continue
            if arabic.strip() and latin.strip():
                rows.append((arabic.strip(), latin.strip().lower()))
    return rows


def group_names(rows: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """The rows grouped into names: connected components of rows sharing a spelling."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for arabic, latin in rows:
        parent[root(("ar", arabic))] = root(("la", latin))
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for row in dict.fromkeys(rows):
        groups[root(("ar", row[0]))].append(row)
    return list(groups.values())


def sample_names(names: list, rows: int, seed: int) -> list:
    """Whole names in a seeded order until they hold `rows` rows (all names when 0)."""
    if not rows:
        return names
    order = names[:]
    random.Random(seed).shuffle(order)
    taken, count = [], 0
    for name in order:
        if count >= rows:
            break
        taken.append(name)
        count += len(name)
    return taken


def as_written(latin: str) -> str:
    """A Latin spelling as news writes a name: each word capitalised (al-hassan → Al-Hassan)."""
    return re.sub(r"(^|[\s\-])(\w)", lambda match: match.group(1) + match.group(2).upper(), latin)


def run_set(data: Path, name: str, split: str, sample: int, seed: int, work: Path) -> dict:
    names = sample_names(group_names(read_pairs(data, name, split)), sample, seed)
    name_of: dict[str, int] = {}
    for number, rows in enumerate(names):
        for arabic, latin in rows:
            name_of.setdefault(arabic, number)
            name_of.setdefault(as_written(latin), number)
    spellings = list(name_of)
    records = [article(number, spelling, "ar" if script(spelling) == "arabic" else "en", name)
               for number, spelling in enumerate(spellings)]
    articles = {record["url"]: (name_of[spelling], spelling)
                for record, spelling in zip(records, spellings)}
    runner = CliRunner()
    archive = work / f"{name}-archive"
    add_records(runner, archive, records, work / f"{name}.jsonl")
    report = {"names": len(names), "rows": sum(map(len, names)), "spellings": len(spellings),
              "queries": len(spellings)}
    for mode, exact in (("variants", False), ("exact", True)):
        searches = Searches(runner, archive, spellings, exact)
        report[mode] = pair_figures(articles, searches.answers) | searches.timing()
    return report


def print_table(name: str, report: dict) -> None:
    print(f"\n{name}: {report['names']} names, {report['rows']} rows, {report['spellings']} "
          f"spellings = queries")
    print_figures({"variants": report["variants"], "--exact": report["exact"]})
    errors = report["variants"]["query_errors"]
    if errors:
        print(f"{len(errors)} spellings rejected as queries (exit 2), e.g. {errors[0]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("google", "wikidata", "both"), default="both")
    parser.add_argument("--split", choices=("train", "dev", "test"), default="test")
    parser.add_argument("--sample", type=int, default=None,
                        help="rows per set, whole names (default: all of google, 2000 of wikidata)")
    common_options(parser)
    args = parser.parse_args()
    data = shared_folder(args.data / "names-external", "names-external benchmark data")
    sets = ("google", "wikidata") if args.set == "both" else (args.set,)
    report = {"split": args.split, "seed": args.seed, "curated": not args.no_curated, "sets": {}}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        use_shipped_names(work, args.no_curated)
        for name in sets:
            sample = DEFAULT_SAMPLE[name] if args.sample is None else args.sample
            report["sets"][name] = run_set(data, name, args.split, sample, args.seed, work)
            report["sets"][name]["sample_rows"] = sample
            print_table(f"{name} {args.split}" + (" (curated.tsv emptied)" if args.no_curated
                                                   else ""), report["sets"][name])
    suffix = "_no_curated" if args.no_curated else ""
    write_results(f"names_external_{args.split}{suffix}.json", report)


if __name__ == "__main__":
    main()
