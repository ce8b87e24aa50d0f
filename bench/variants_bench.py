"""Name-variant quality through the real `khabar add` / `khabar search` path, and the cost of
the analysis chain against whoosh's StandardAnalyzer.

    python bench/variants_bench.py [--set ../shared/bench/variants] [--no-curated]

One short article per spelling of dev_variants.tsv (a sentence in the spelling's language
around it) and per spelling of dev_negatives.tsv goes into a fresh archive; every spelling is
searched with and without --exact. Prints a table and writes bench/results/variants.json
(variants_no_curated.json with --no-curated: indexer/names/data/curated.tsv emptied).
"""
from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from name_archive import (SHARED, CliRunner, add_records, article, common_options, script_hint,
                          search_all, shared_folder, use_shipped_names, write_results)
from indexer.analysis.chains import text_analyzer  # noqa: E402  (name_archive sets the path)

DEFAULT_SET = SHARED / "variants"


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def write_articles(variants, negatives, folder: Path) -> tuple[dict[str, str], list[dict]]:
    """One article per distinct spelling; returns spelling → url and the records."""
    urls: dict[str, str] = {}
    records = []
    entries = [(row["variant"], row["lang_hint"]) for row in variants]
    entries += [(row[side], script_hint(row[side])) for row in negatives
                for side in ("variant_a", "variant_b")]
    for number, (spelling, hint) in enumerate(dict.fromkeys(entries)):
        if spelling in urls:
            continue
        record = article(number, spelling, hint, "variants")
        urls[spelling] = record["url"]
        records.append(record)
    return urls, records


def pair_recall(pairs, urls, found) -> tuple[float, int, list]:
    """Share of ordered pairs (a, b) where searching a returns b's article."""
    hits, missed = 0, []
    for a, b in pairs:
        if urls[b] in found[a]:
            hits += 1
        else:
            missed.append((a, b))
    return (hits / len(pairs) if pairs else 1.0), len(pairs), missed


def measure(variants, negatives, urls, found) -> dict:
    groups = defaultdict(list)
    for row in variants:
        groups[row["group_id"]].append(row)
    spelling_pairs = {"all": [], "latin-latin": [], "cross-script": []}
    alias_pairs = []
    for rows in groups.values():
        for x, y in itertools.permutations(rows, 2):
            if x["variant"] == y["variant"]:
                continue
            if x["form"] != y["form"]:
                alias_pairs.append((x["variant"], y["variant"]))
                continue
            spelling_pairs["all"].append((x["variant"], y["variant"]))
            if x["script"] == y["script"] == "latin":
                spelling_pairs["latin-latin"].append((x["variant"], y["variant"]))
            elif (x["script"] == "latin") != (y["script"] == "latin"):
                spelling_pairs["cross-script"].append((x["variant"], y["variant"]))
    figures = {}
    for name, pairs in spelling_pairs.items():
        recall, count, missed = pair_recall(pairs, urls, found)
        figures[f"spelling recall {name}"] = {"value": round(recall, 4), "pairs": count,
                                              "missed": missed[:40]}
    recall, count, missed = pair_recall(alias_pairs, urls, found)
    figures["alias recall"] = {"value": round(recall, 4), "pairs": count, "missed": missed[:40]}
    false = [(row["variant_a"], row["variant_b"]) for row in negatives
             if urls[row["variant_b"]] in found[row["variant_a"]]
             or urls[row["variant_a"]] in found[row["variant_b"]]]
    figures["false matches"] = {"value": round(len(false) / len(negatives), 4),
                                "pairs": len(negatives), "matched": false}
    return figures


def analysis_speed(texts: list[str], rounds: int = 5) -> dict:
    """Seconds to analyse `texts` with the text chain versus whoosh's StandardAnalyzer."""
    from whoosh.analysis import StandardAnalyzer

    def timed(analyzer) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            for text in texts:
                for _token in analyzer(text, positions=True, chars=True):
                    pass
            best = min(best, time.perf_counter() - start)
        return best

    ours, standard = timed(text_analyzer()), timed(StandardAnalyzer())
    return {"khabar_s": round(ours, 4), "standard_s": round(standard, 4),
            "ratio": round(ours / standard, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET)
    common_options(parser, seed=False, data=False)
    args = parser.parse_args()
    shared_folder(args.set, "variants benchmark data", "--set")
    variants = read_tsv(args.set / "dev_variants.tsv")
    negatives = read_tsv(args.set / "dev_negatives.tsv")
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        use_shipped_names(folder, args.no_curated)
        urls, records = write_articles(variants, negatives, folder)
        archive = folder / "archive"
        add_records(runner, archive, records, folder / "variants.jsonl")
        spellings = list(urls)
        start = time.perf_counter()
        errors: list[str] = []
        found = search_all(runner, archive, spellings, False, errors)
        seconds = time.perf_counter() - start
        found_exact = search_all(runner, archive, spellings, True, [])
    report = {
        "curated": not args.no_curated,
        "variants": measure(variants, negatives, urls, found),
        "exact": measure(variants, negatives, urls, found_exact),
        "query_errors": errors,
        "search_ms_per_query": round(1000 * seconds / len(spellings), 2),
        "analysis_speed": analysis_speed([record["text"] for record in records] * 20),
    }
    if args.no_curated:
        print("curated.tsv emptied")
    print(f"{'measure':30} {'variants':>9} {'--exact':>9} {'pairs':>7}   target")
    targets = {"spelling recall all": "≥ 0.97", "spelling recall latin-latin": "",
               "spelling recall cross-script": "≥ 0.95", "alias recall": "≥ 0.85 as shipped",
               "false matches": "≤ 0.02"}
    for name, target in targets.items():
        ours, exact = report["variants"][name], report["exact"][name]
        print(f"{name:30} {ours['value']:9.3f} {exact['value']:9.3f} {ours['pairs']:7}   {target}")
    speed = report["analysis_speed"]
    print(f"analysis time vs StandardAnalyzer: {speed['ratio']}× "
          f"({speed['khabar_s']} s vs {speed['standard_s']} s)   target ≤ 2×")
    if errors:
        print(f"{len(errors)} spellings rejected as queries (exit 2), e.g. {errors[0]}")
    print(f"search through the CLI in-process: {report['search_ms_per_query']} ms per query")
    write_results("variants_no_curated.json" if args.no_curated else "variants.json", report)


if __name__ == "__main__":
    main()
