#!/usr/bin/env python3
"""Real-page benchmark: body text and publication dates on pages nobody here wrote.

Two sets from ../shared/bench (READMEs there), scored in one run:

* trafilatura-eval (945 pages, strings the text must and must not contain):
  khabar's cleaner, plain trafilatura and trafilatura with the cleaner's options;
  precision, recall and F1 over all strings (trafilatura's own scoring), pages
  the cleaner rejected, ms a page.
* dates (978 pages with their publication date): khabar, htmldate with its
  defaults and with `original_date=True`, and trafilatura's metadata; the share
  of exact dates, day/month swaps, pages rejected.

Each figure is given for all pages, for the train half (a page is in it when the
SHA-1 of its URL is even: the half the cleaner may be tuned on) and for the test
half (unseen), and per language where the page declares one. Prints the tables
and writes bench/results/realpages.json. Not a test: it reports figures.

    .venv/bin/python bench/realpages_bench.py [--limit N] [--only text|dates]
        [--part train|test] [--khabar-only]

`--part train --khabar-only` is the cheap run to iterate with: one half, the cleaner
alone (the libraries' figures do not change with the cleaner).
"""
from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

from extraction_bench import REPO, find_shared, write_results

RESULTS = REPO / "bench/results/realpages.json"
PARTS = ("all", "train", "test")
# The language a page declares (<html lang="de-DE">); pages declaring none count as "?".
HTML_LANG = re.compile(rb"<html[^>]*?\slang\s*=\s*[\"']?([a-zA-Z]{2,3})", re.I)
REJECTED = "no article text found"

sys.path.insert(0, str(REPO))


def part_of(url: str) -> str:
    """The fixed half a page belongs to: train (tuning allowed) or test (unseen)."""
    return "train" if hashlib.sha1(url.encode("utf-8")).digest()[0] % 2 == 0 else "test"


def page_language(raw: bytes) -> str:
    match = HTML_LANG.search(raw[:20000])
    return match.group(1).decode().lower() if match else "?"


def load_set(folder: Path, indexes: tuple[str, ...], limit: int, part: str | None = None) -> list[dict]:
    """Pages of one set with their truth, skipping index entries that have no page
    (and, given `part`, pages of the other half)."""
    pages = []
    for index in indexes:
        for url, entry in json.loads((folder / index).read_text("utf-8")).items():
            path = folder / "pages" / (entry["file"] + ".gz")
            if part and part_of(url) != part:
                continue
            if not path.exists() or ("date" in entry and not isinstance(entry["date"], str)):
                continue  # no page, or no date to score against
            raw = gzip.decompress(path.read_bytes())
            pages.append(dict(entry, url=url, raw=raw, part=part_of(url), lang=page_language(raw)))
    return pages[:limit] if limit else pages


def _groups(page: dict) -> list[str]:
    return ["all", page["part"], "lang:" + page["lang"]]


def _decode(raw: bytes) -> str:
    from archive.clean.encoding import decode

    return decode(raw)[0]


def khabar_article(raw: bytes, url: str):
    """The cleaned article, or the CleanError's message."""
    from archive.clean import clean_bytes
    from archive.model import CleanError

    try:
        return clean_bytes(raw, url=url, kind="html")
    except CleanError as error:
        return str(error)


def score_text(pages: list[dict], khabar_only: bool = False) -> dict:
    import trafilatura

    from archive.clean.extract import TRAFILATURA_OPTIONS

    def khabar(page):
        article = khabar_article(page["raw"], page["url"])
        if isinstance(article, str):
            page.setdefault("rejected", article)
            return ""
        return article.text

    extractors = {
        "khabar": khabar,
        "trafilatura": lambda page: trafilatura.extract(_decode(page["raw"]), url=page["url"]) or "",
        "traf-options": lambda page: trafilatura.extract(_decode(page["raw"]), url=page["url"],
                                                         **TRAFILATURA_OPTIONS) or "",
    }
    if khabar_only:
        extractors = {"khabar": khabar}
    results, missed = {}, []
    for name, extract in extractors.items():
        counts = defaultdict(lambda: defaultdict(int))
        for page in pages:
            start = time.perf_counter()
            text = extract(page)
            elapsed = time.perf_counter() - start
            tp = sum(1 for s in page["with"] if s in text)
            fp = sum(1 for s in page["without"] if s in text)
            if name == "khabar" and (tp < len(page["with"]) or fp):
                missed.append({"url": page["url"], "file": page["file"], "part": page["part"],
                               "missing": [s for s in page["with"] if s not in text],
                               "left": [s for s in page["without"] if s in text]})
            for group in _groups(page):
                c = counts[group]
                c["pages"] += 1
                c["tp"] += tp
                c["fn"] += len(page["with"]) - tp
                c["fp"] += fp
                c["seconds"] += elapsed
                c["rejected"] += name == "khabar" and REJECTED in page.get("rejected", "")
        results[name] = {group: _prf(c) for group, c in counts.items()}
    return {"scores": results, "wrong": {"khabar": missed}}


def _prf(c: dict) -> dict:
    precision = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
    recall = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"pages": c["pages"], "precision": precision, "recall": recall, "f1": f1,
            "rejected": c["rejected"], "ms_per_page": 1000 * c["seconds"] / c["pages"]}


def score_dates(pages: list[dict], khabar_only: bool = False) -> dict:
    from htmldate import find_date
    from trafilatura import extract_metadata

    def khabar(page):
        article = khabar_article(page["raw"], page["url"])
        if isinstance(article, str):
            page.setdefault("rejected", article)
            return None
        return article.date

    def htmldate(**options):
        return lambda page: find_date(_decode(page["raw"]), url=page["url"], **options)

    def traf_metadata(page):
        found = extract_metadata(_decode(page["raw"]), default_url=page["url"])
        return found.date if found else None

    finders = {"khabar": khabar, "htmldate": htmldate(),
               "htmldate-original": htmldate(original_date=True), "traf-metadata": traf_metadata}
    if khabar_only:
        finders = {"khabar": khabar}
    results, wrong = {}, {}
    for name, find in finders.items():
        counts = defaultdict(lambda: defaultdict(int))
        wrong[name] = []
        for page in pages:
            start = time.perf_counter()
            try:
                found = find(page)
            except Exception as error:  # a library failing on a page scores a miss, not a crash
                found = None
                print(f"{name}: {page['url']}: {error!r}", file=sys.stderr)
            elapsed = time.perf_counter() - start
            exact = found == page["date"]
            swapped = bool(found) and not exact and _swapped(found, page["date"])
            if not exact:
                wrong[name].append({"url": page["url"], "file": page["file"], "part": page["part"],
                                    "want": page["date"], "got": found})
            for group in _groups(page):
                c = counts[group]
                c["pages"] += 1
                c["exact"] += exact
                c["none"] += not found
                c["swapped"] += swapped
                c["seconds"] += elapsed
                c["rejected"] += name == "khabar" and REJECTED in page.get("rejected", "")
        results[name] = {group: {"pages": c["pages"], "exact": c["exact"] / c["pages"],
                                 "none": c["none"], "swapped": c["swapped"],
                                 "rejected": c["rejected"],
                                 "ms_per_page": 1000 * c["seconds"] / c["pages"]}
                         for group, c in counts.items()}
    return {"scores": results, "wrong": wrong}


def _swapped(found: str, want: str) -> bool:
    """The found date is the true one with day and month exchanged."""
    y, m, d = want.split("-")
    return m != d and found == f"{y}-{d}-{m}"


def _languages(scores: dict) -> list[str]:
    langs = [g for g in scores if g.startswith("lang:")]
    return sorted(langs, key=lambda g: -scores[g]["pages"])


def print_text(results: dict) -> None:
    print(f"trafilatura-eval: {'extractor':13} {'part':9} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
          f"{'rejected':>8} {'ms/page':>8}")
    for name, scores in results["scores"].items():
        for group in [*PARTS, *_languages(scores)[:6]]:
            if group in scores:
                s = scores[group]
                print(f"{'':17} {name:13} {group:9} {s['pages']:5d} {s['precision']:6.3f} "
                      f"{s['recall']:6.3f} {s['f1']:6.3f} {s['rejected']:8d} {s['ms_per_page']:8.1f}")


def print_dates(results: dict) -> None:
    print(f"dates:            {'finder':17} {'part':9} {'pages':>5} {'exact':>6} {'none':>5} "
          f"{'swaps':>5} {'rejected':>8} {'ms/page':>8}")
    for name, scores in results["scores"].items():
        for group in [*PARTS, *_languages(scores)[:6]]:
            if group in scores:
                s = scores[group]
                print(f"{'':17} {name:17} {group:9} {s['pages']:5d} {s['exact']:6.3f} {s['none']:5d} "
                      f"{s['swapped']:5d} {s['rejected']:8d} {s['ms_per_page']:8.1f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N pages of each set")
    parser.add_argument("--only", choices=("text", "dates"), help="score one set only")
    parser.add_argument("--part", choices=("train", "test"), help="score one half only")
    parser.add_argument("--khabar-only", action="store_true",
                        help="score the cleaner alone, not the libraries beside it")
    args = parser.parse_args()
    shared = find_shared("realpages_bench", "nothing to score")
    if shared is None:
        return 2
    output = {"command": " ".join(sys.argv), "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    if args.only in (None, "text"):
        pages = load_set(shared / "extraction/trafilatura-eval", ("evaldata.json",), args.limit,
                         args.part)
        output["trafilatura_eval"] = score_text(pages, args.khabar_only)
        output["trafilatura_eval_rejected"] = [
            {"url": p["url"], "reason": p["rejected"]} for p in pages if "rejected" in p]
        print_text(output["trafilatura_eval"])
    if args.only in (None, "dates"):
        pages = load_set(shared / "dates", ("eval_default.json", "eval_mediacloud_2020.json"),
                         args.limit, args.part)
        output["dates"] = score_dates(pages, args.khabar_only)
        output["dates_rejected"] = [
            {"url": p["url"], "reason": p["rejected"]} for p in pages if "rejected" in p]
        print_dates(output["dates"])
    print("\ntrain = pages whose URL's SHA-1 starts with an even byte (tuning allowed); "
          "test = the other half (unseen); ms/page on one core, one process")
    # a partial run writes beside the full run's file, so two can run side by side
    suffix = "-".join(filter(None, (args.only, args.part, "khabar" if args.khabar_only else None)))
    write_results(RESULTS.with_stem(f"realpages-{suffix}") if suffix else RESULTS, output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
