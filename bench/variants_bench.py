"""Name-variant quality through the real `khabar add` / `khabar search` path, and the cost of
the analysis chain against whoosh's StandardAnalyzer.

    /tmp/kvenv/bin/python bench/variants_bench.py [--set ../shared/bench/variants]

One short article per spelling of dev_variants.tsv (a sentence in the spelling's language
around it) and per spelling of dev_negatives.tsv goes into a fresh archive; every spelling is
searched with and without --exact. Prints a table and writes bench/results/variants.json.
"""
from __future__ import annotations

import argparse
import csv
import itertools
import json
import platform
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cli.main import cli  # noqa: E402
from indexer.analysis.chains import text_analyzer  # noqa: E402

DEFAULT_SET = ROOT.parent / "shared" / "bench" / "variants"
RESULTS = ROOT / "bench" / "results" / "variants.json"

# A sentence per language around the spelling, so the archive looks like news, not a list.
SENTENCES = {
    "en": "Residents of {} reported new checkpoints on the main road on Tuesday.",
    "fr": "Des habitants de {} ont signalé de nouveaux barrages sur la route mardi.",
    "de": "Bewohner von {} meldeten am Dienstag neue Kontrollpunkte an der Hauptstraße.",
    "tr": "{} sakinleri salı günü ana yolda yeni kontrol noktaları bildirdi.",
    "ku-latn": "Niştecihên {} roja Sêşemê li ser rêya sereke xalên kontrolê yên nû ragihandin.",
    "ckb-latn": "Xelkî {} rojî sêşemme xalî pişkinînî nwêyan le rêgay serekî rageyand.",
    "ar": "أفاد سكان {} يوم الثلاثاء بإقامة حواجز جديدة على الطريق الرئيسي.",
    "ckb": "دانیشتووانی {} ڕۆژی سێشەممە باسیان لە خاڵی پشکنینی نوێ کرد لەسەر ڕێگای سەرەکی.",
}
LANGS = {"en": "en", "fr": "fr", "de": "de", "tr": "tr", "ku-latn": "kmr", "ckb-latn": "ckb",
         "ar": "ar", "ckb": "ckb"}


def read_tsv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def negative_hint(spelling: str) -> str:
    if any("\u0600" <= char <= "\u06ff" for char in spelling):
        return "ckb" if any(char in "ەێۆڵڕکی" for char in spelling) else "ar"
    return "en"


def write_articles(variants, negatives, folder: Path) -> dict[str, str]:
    """One JSONL record per distinct (spelling, language); returns spelling key → url."""
    urls: dict[str, str] = {}
    lines = []
    entries = [(row["variant"], row["lang_hint"]) for row in variants]
    entries += [(row[side], negative_hint(row[side])) for row in negatives
                for side in ("variant_a", "variant_b")]
    for number, (spelling, hint) in enumerate(dict.fromkeys(entries)):
        if spelling in urls:
            continue
        url = f"https://bench.example/variants/{number}"
        # Codes unique to the article, so the archive's near-duplicate detection keeps every one.
        codes = " ".join(f"k{number}x{i}" for i in range(12))
        urls[spelling] = url
        lines.append(json.dumps({"url": url, "title": f"News {number}",
                                 "text": SENTENCES.get(hint, SENTENCES["en"]).format(spelling)
                                 + f"\n\nref {codes}",
                                 "lang": LANGS.get(hint, "en"), "date": "2024-01-01"},
                                ensure_ascii=False))
    path = folder / "variants.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return urls


def search_all(runner: CliRunner, archive: Path, spellings, exact: bool,
               errors: list[str]) -> dict[str, set[str]]:
    """The urls each spelling finds; a spelling the CLI rejects as a query finds nothing and
    is listed in `errors`."""
    found = {}
    for spelling in spellings:
        args = ["--archive", str(archive), "search", spelling, "--json", "--limit", "1000"]
        result = runner.invoke(cli, args + (["--exact"] if exact else []))
        found[spelling] = set()
        if result.exit_code == 2:
            errors.append(f"{spelling}: {result.output.strip()}")
        elif result.exit_code not in (0, 1):
            raise RuntimeError(f"search {spelling!r} failed ({result.exit_code}): {result.output}")
        elif result.output.strip():
            found[spelling] = {hit["url"] for hit in json.loads(result.output)["hits"]}
    return found


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
    args = parser.parse_args()
    variants = read_tsv(args.set / "dev_variants.tsv")
    negatives = read_tsv(args.set / "dev_negatives.tsv")
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        urls = write_articles(variants, negatives, folder)
        archive = folder / "archive"
        added = runner.invoke(cli, ["--archive", str(archive), "add", str(folder / "variants.jsonl"),
                                    "--json"])
        if added.exit_code != 0:
            raise RuntimeError(f"add failed ({added.exit_code}): {added.output}")
        spellings = list(urls)
        start = time.perf_counter()
        errors: list[str] = []
        found = search_all(runner, archive, spellings, False, errors)
        seconds = time.perf_counter() - start
        found_exact = search_all(runner, archive, spellings, True, [])
        texts = [json.loads(line)["text"] for line in
                 (folder / "variants.jsonl").read_text(encoding="utf-8").splitlines()]
    report = {
        "machine": f"{platform.node()} {platform.machine()} Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "variants": measure(variants, negatives, urls, found),
        "exact": measure(variants, negatives, urls, found_exact),
        "query_errors": errors,
        "search_ms_per_query": round(1000 * seconds / len(spellings), 2),
        "analysis_speed": analysis_speed(texts * 20),
    }
    print(f"{'measure':30} {'variants':>9} {'--exact':>9} {'pairs':>7}   target")
    targets = {"spelling recall all": "≥ 0.97", "spelling recall latin-latin": "",
               "spelling recall cross-script": "≥ 0.95", "alias recall": "≥ 0.80",
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
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
