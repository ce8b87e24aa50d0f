"""Names the gazetteer lacks: k folds of GeoNames places left out of it, their spellings
searched through the real `khabar add` / `khabar search --json` path.

    python bench/gazetteer_leaveout_bench.py [--folds 5] [--seed 14] [--places 1500]
        [--only-folds N] [--no-curated]

The places of indexer/names/data/geonames.tsv are sampled (seeded; 1,500 by default, all with
`--places 0`) and dealt into k folds. For each fold, khabar runs in a fresh process with
a gazetteer folder (KHABAR_NAMES_DATA) whose geonames.tsv and curated.tsv lack that fold's
places; one short article per name of each of the fold's places goes into a fresh archive and
every name is searched. Recall is over ordered pairs of names of one place (the extract's names
are both spellings and other names of it), by direction; false matches are returned articles
of a place that has no name spelled as the query (the extract is full of look-alikes: villages
one letter, a vowel or an article apart). Prints a table and writes
bench/results/gazetteer_leaveout[_no_curated].json.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from name_archive import (DEFAULT_SEED, EXAMPLES, CliRunner, Searches, add_records, article,
                          common_options, names_data, pair_figures, print_figures,
                          script_hint, use_names_data, write_results)

from indexer.names.gazetteer import DATA_DIR, Gazetteer  # noqa: E402  (name_archive sets the path)

# Places sampled by default: a run of a few CPU minutes (per-query cost grows with the archive).
DEFAULT_PLACES = 1500


def places() -> list[tuple[str, tuple[str, ...]]]:
    """(id, names) of every place of the GeoNames extract, names as written (not the
    countries the gazetteer adds from ICU, which no fold can leave out)."""
    extract = Gazetteer([("GeoNames", DATA_DIR / "geonames.tsv")], str.casefold)
    return [(entity.id, entity.names) for entity in extract.entities()
            if entity.source == "GeoNames"]


def deal(all_places: list, folds: int, seed: int, sample: int) -> list[list]:
    """The places in a seeded order (the first `sample` when given), dealt into `folds`."""
    order = all_places[:]
    random.Random(seed).shuffle(order)
    if sample:
        order = order[:sample]
    return [order[number::folds] for number in range(folds)]


def default_sample(all_places: list) -> set[str]:
    """The ids of the places (of `all_places`) a run with the default --seed and --places
    evaluates, whatever the folds: the places a model fitted for khabar must not have seen."""
    return {place for fold in deal(all_places, 1, DEFAULT_SEED, DEFAULT_PLACES)
            for place, _ in fold}


def run_fold(fold: list[tuple[str, list[str]]], work: Path) -> dict:
    """One fold, in this process, whose gazetteer already lacks the fold's places."""
    records, articles = [], {}
    for place, names in fold:
        for spelling in names:
            record = article(len(records), spelling, script_hint(spelling), "places")
            records.append(record)
            articles[record["url"]] = (place, spelling)
    runner = CliRunner()
    archive = work / "archive"
    add_records(runner, archive, records, work / "places.jsonl")
    queries = list(dict.fromkeys(spelling for _, spelling in articles.values()))
    searches = Searches(runner, archive, queries, False)
    return {"places": len(fold), "articles": len(records), "queries": len(queries),
            "seconds": searches.seconds, "cpu_seconds": searches.cpu_seconds,
            "query_errors": searches.errors, "figures": pair_figures(articles, searches.answers)}


def fold_in_subprocess(number: int, fold: list, no_curated: bool, work: Path) -> dict:
    """run_fold in a fresh process (the gazetteer is loaded once per process) reading the
    shipped gazetteer folder without the fold's places."""
    folder = work / f"fold{number}"
    data = names_data(folder / "names-data", no_curated, {place for place, _ in fold})
    (folder / "fold.json").write_text(json.dumps(fold, ensure_ascii=False), encoding="utf-8")
    done = subprocess.run([sys.executable, __file__, "--run-fold", str(folder),
                           "--names-data", str(data)])
    if done.returncode != 0:
        sys.exit(f"error: fold {number} failed (exit {done.returncode})")
    return json.loads((folder / "result.json").read_text(encoding="utf-8"))


def combine(results: list[dict]) -> dict:
    """The folds' figures summed: recall over all pairs, false matches over all returned."""
    figures: dict = {"recall": {}, "false matches": {}, "false match examples": []}
    for direction, first in results[0]["figures"]["recall"].items():
        parts = [result["figures"]["recall"][direction] for result in results]
        pairs = sum(part["pairs"] for part in parts)
        hits = sum(part["hits"] for part in parts)
        figures["recall"][direction] = {
            "value": round(hits / pairs, 4) if pairs else None, "pairs": pairs,
            "missed": [pair for part in parts for pair in part["missed"]][:EXAMPLES]}
    for direction in results[0]["figures"]["false matches"]:
        parts = [result["figures"]["false matches"][direction] for result in results]
        returned = sum(part["returned"] for part in parts)
        wrong = sum(part["other_entity"] for part in parts)
        figures["false matches"][direction] = {
            "value": round(wrong / returned, 4) if returned else None,
            "returned": returned, "other_entity": wrong}
    figures["false match examples"] = [example for result in results
                                       for example in result["figures"]["false match examples"]
                                       ][:EXAMPLES]
    queries = max(sum(result["queries"] for result in results), 1)
    for key, seconds in (("ms_per_query", "seconds"), ("cpu_ms_per_query", "cpu_seconds")):
        figures[key] = round(1000 * sum(result[seconds] for result in results) / queries, 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--places", type=int, default=DEFAULT_PLACES,
                        help=f"sample this many places first (default {DEFAULT_PLACES}; 0: all "
                             "~7,100, about 16 CPU minutes)")
    common_options(parser, data=False)
    parser.add_argument("--only-folds", type=int, default=0,
                        help="evaluate only the first N folds (quicker; default: all)")
    parser.add_argument("--run-fold", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--names-data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_fold:
        use_names_data(args.names_data, args.run_fold / "cache")
        fold = json.loads((args.run_fold / "fold.json").read_text(encoding="utf-8"))
        result = run_fold(fold, args.run_fold)
        (args.run_fold / "result.json").write_text(json.dumps(result, ensure_ascii=False),
                                                   encoding="utf-8")
        return
    folds = deal(places(), args.folds, args.seed, args.places)
    evaluated = folds[:args.only_folds] if args.only_folds else folds
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for number, fold in enumerate(evaluated):
            print(f"fold {number + 1}/{len(evaluated)}: {len(fold)} places", file=sys.stderr)
            results.append(fold_in_subprocess(number, fold, args.no_curated, Path(tmp)))
    figures = combine(results)
    places_count = sum(result["places"] for result in results)
    articles_count = sum(result["articles"] for result in results)
    queries_count = sum(result["queries"] for result in results)
    print(f"\ngazetteer leave-out{' (curated.tsv emptied)' if args.no_curated else ''}: "
          f"{len(evaluated)} of {args.folds} folds, {places_count} places, {articles_count} "
          f"names as articles, {queries_count} queries")
    print_figures({"variants": figures})
    errors = [error for result in results for error in result["query_errors"]]
    if errors:
        print(f"{len(errors)} names rejected as queries (exit 2), e.g. {errors[0]}")
    report = {"folds": args.folds, "evaluated_folds": len(evaluated), "seed": args.seed,
              "places_sample": args.places, "curated": not args.no_curated,
              "places": places_count, "articles": articles_count, "queries": queries_count,
              "variants": figures, "query_errors": errors[:EXAMPLES]}
    write_results("gazetteer_leaveout_no_curated.json" if args.no_curated
                  else "gazetteer_leaveout.json", report)


if __name__ == "__main__":
    main()
