#!/usr/bin/env python3
"""Extraction benchmark: khabar's cleaner beside plain trafilatura.

Scores both on the public benchmarks in ../shared/bench/extraction (with that
folder's eval_extract.py, the published shingle metric) and, when present, on
the project's own pages in bench/cleaning/truth.json (must-keep sentences kept,
noise strings gone, title/date/author/language right). Prints one table and
writes bench/results/extraction.json. Not a test: it reports figures.

    .venv/bin/python bench/extraction_bench.py [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATASETS = ("article-extraction-benchmark", "mozilla-readability-test-pages")
TRUTH = REPO / "bench/cleaning/truth.json"
RESULTS = REPO / "bench/results/extraction.json"
METADATA_FIELDS = ("title", "date", "author", "lang")

sys.path.insert(0, str(REPO))


def find_shared(script: str, otherwise: str) -> Path | None:
    """The shared benchmark data: $KHABAR_SHARED, else a `shared/bench` beside the repository
    or beside a folder above it (a worktree sits one level deeper than the main checkout).
    When there is none, says so on stderr with what the script does `otherwise`."""
    if os.environ.get("KHABAR_SHARED"):
        candidates = [Path(os.environ["KHABAR_SHARED"])]
    else:
        candidates = [parent / "shared/bench" for parent in REPO.parents[:3]]
    found = next((c for c in candidates if c.is_dir()), None)
    if found is None:
        print(f"{script}: ../shared/bench not found (looked beside the repository and above it; "
              f"set KHABAR_SHARED): {otherwise}", file=sys.stderr)
    return found


def write_results(path: Path, results: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=1, ensure_ascii=False), encoding="utf-8")


def _scorer(shared: Path):
    """The shared scorer, loaded from its file (it is a script, not a package)."""
    spec = importlib.util.spec_from_file_location("eval_extract", shared / "eval_extract.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _extractors():
    import trafilatura

    from archive.clean.extract import TRAFILATURA_OPTIONS

    return {
        "trafilatura": lambda html, url: trafilatura.extract(html),  # the benchmark's default usage
        # trafilatura alone with the options the cleaner passes it, to show what pruning and
        # the second opinion add on top
        "traf-options": lambda html, url: trafilatura.extract(html, url=url, **TRAFILATURA_OPTIONS),
        "khabar": lambda html, url: benchmark_text(html, url=url),
    }


def benchmark_text(html: str, url: str | None = None) -> str:
    """The body text khabar's extractor finds in `html` (the callable eval_extract.py scores)."""
    from archive.clean.extract import extract_tree, parse, protect_joiners, restore_joiners

    tree = parse(protect_joiners(html))
    if tree is None:
        return ""
    return restore_joiners(extract_tree(tree, url=url).text)


def score_public(shared: Path, limit: int = 0) -> dict:
    """P, R, F1 and per-page timings of each extractor on each public dataset."""
    scorer = _scorer(shared)
    results = {}
    for dataset in DATASETS:
        pages = scorer.load_pages(shared / dataset)
        if limit:
            pages = pages[:limit]
        for name, extractor in _extractors().items():
            summary, _, _ = scorer.evaluate(pages, extractor, n_bootstrap=0)
            results[f"{dataset}/{name}"] = {
                "dataset": dataset, "extractor": name, "pages": summary["pages"],
                "precision": summary["precision"], "recall": summary["recall"],
                "f1": summary["f1"], "median_s": summary["median_s"],
                "pages_per_s": 1 / summary["median_s"] if summary["median_s"] else 0.0,
                "empty": summary["empty_predictions"], "errors": summary["errors"]}
    return results


def load_truth(path: Path) -> list[dict]:
    """The ground-truth entries, each with the file it describes as an absolute path."""
    data = json.loads(path.read_text("utf-8"))
    if isinstance(data, dict) and isinstance(data.get("pages"), list):
        entries = data["pages"]
    elif isinstance(data, dict):
        entries = [dict(value, path=value.get("path", key)) for key, value in data.items()
                   if isinstance(value, dict)]
    else:
        entries = data
    for entry in entries:
        name = entry.get("path") or entry.get("file")
        candidates = [REPO / name, REPO / "corpus" / name, path.parent / name]
        entry["_file"] = next((c for c in candidates if c.exists()), candidates[0])
    return entries


def score_truth_pages(path: Path = TRUTH) -> dict:
    """Keep/drop and metadata results of the cleaner on the project's own pages."""
    from archive.clean import clean_bytes

    pages, wrong = [], {field: [] for field in METADATA_FIELDS}
    counted = {field: 0 for field in METADATA_FIELDS}
    times = []
    for entry in load_truth(path):
        raw = entry["_file"].read_bytes()
        if entry["_file"].suffix == ".gz":
            raw = gzip.decompress(raw)  # as archive.readers hands such files over
        start = time.perf_counter()
        article = clean_bytes(raw, url=entry.get("url"), kind=entry.get("kind"))
        times.append(time.perf_counter() - start)
        searchable = "\n".join([article.title, article.text])
        missing = [s for s in entry.get("must_keep", []) if s not in article.text]
        leaked = [s for s in entry.get("must_drop", []) if s in searchable]
        for field in METADATA_FIELDS:
            if field not in entry:
                continue
            counted[field] += 1
            if (getattr(article, field) or None) != (entry[field] or None):
                wrong[field].append({"file": str(entry["_file"].name), "want": entry[field],
                                     "got": getattr(article, field)})
        pages.append({"file": entry["_file"].name, "missing": missing, "leaked": leaked})
    accuracy = {field: 1 - len(wrong[field]) / counted[field] if counted[field] else 1.0
                for field in METADATA_FIELDS}
    return {"pages": pages, "accuracy": accuracy, "wrong": wrong,
            "keep_rate": _share(pages, "missing"), "clean_rate": _share(pages, "leaked"),
            "pages_per_s": 1 / statistics.median(times) if times else 0.0}


def _share(pages: list[dict], key: str) -> float:
    return sum(1 for p in pages if not p[key]) / len(pages) if pages else 1.0


def print_table(public: dict, truth: dict | None) -> None:
    print(f"{'dataset':32} {'extractor':12} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'pages/s':>8}")
    for row in public.values():
        print(f"{row['dataset']:32} {row['extractor']:12} {row['pages']:5d} "
              f"{row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
              f"{row['pages_per_s']:8.1f}")
    if truth:
        print(f"\nproject pages ({len(truth['pages'])}): all must-keep kept on "
              f"{truth['keep_rate']:.0%}, no noise left on {truth['clean_rate']:.0%}, "
              + ", ".join(f"{k} {v:.0%}" for k, v in truth["accuracy"].items())
              + f", {truth['pages_per_s']:.1f} pages/s")
    print("\npages/s = 1 / median seconds per page, one process on one core")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    args = parser.parse_args()
    shared = find_shared("extraction_bench", "scoring the project's own pages only")
    public = score_public(shared / "extraction", args.limit) if shared else {}
    truth = score_truth_pages() if TRUTH.exists() else None
    print_table(public, truth)
    write_results(RESULTS, {"public": public, "project_pages": truth})
    return 0


if __name__ == "__main__":
    sys.exit(main())
