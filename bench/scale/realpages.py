#!/usr/bin/env python3
"""Real-page throughput: `khabar add` beside trafilatura alone on ~1,250 real news pages.

The pages of ../shared/bench/extraction (the article-extraction benchmark, the Mozilla
readability pages and trafilatura's evaluation set) are written into one WARC. Then, on
the same pages and cores, A/B/A: trafilatura alone (the cleaner's options: favor_precision,
no comments; one process a core), `khabar add` of the WARC into a fresh archive (peak
RSS of its process tree sampled), trafilatura alone again; the ratio is add's pages/s over
the mean of trafilatura's two runs. On one core and a sample of the pages: the cleaner's
and trafilatura's CPU ms a page (time.process_time), and the cleaner's ms a page by stage
(cProfile's shares, scaled to the unprofiled CPU time). Each one-core figure comes from a
fresh process warmed on other pages than it measures: the cleaner's and trafilatura's
caches keep what a page taught them, and a second pass over the same pages costs the
cleaner about 30 % less. Prints the figures and writes
bench/results/realpages_speed.json. Not a test: it reports figures.

    .venv/bin/python bench/scale/realpages.py [--sample 300] [--work /tmp/khabar-realpages]
"""
from __future__ import annotations

import argparse
import cProfile
import gzip
import io
import json
import multiprocessing
import os
import pstats
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from extraction_bench import find_shared, write_results  # noqa: E402  (bench/, put on the path)
from run import KHABAR, REPO, machine, run_measured  # noqa: E402  (this folder)

RESULTS = REPO / "bench/results/realpages_speed.json"
#: Pages the one-core figures (CPU ms a page, stages) are measured on.
SAMPLE = 300
#: Pages (none of them measured) each one-core process runs first: imports, models, and
#: first uses such as dateparser loading its locales (about 2 s once a process, met on about
#: one page in 40).
WARM_PAGES = 100
#: Cleaner functions whose cumulative time is a stage, as (file suffix, function name).
STAGES = {
    "decoding": ("archive/clean/encoding.py", "decode"),
    "parsing": ("archive/clean/extract.py", "parse"),
    "metadata (incl. htmldate)": ("archive/clean/metadata.py", "html_metadata"),
    "structural pruning": ("archive/clean/structure.py", "prune"),
    "captions": ("archive/clean/extract.py", "_take_captions"),
    "trafilatura": ("trafilatura/core.py", "extract"),
    "second opinion (readability)": ("archive/clean/extract.py", "_readability_text"),
    "noise": ("archive/clean/noise.py", "strip_noise"),
    "language": ("archive/clean/language.py", "detect"),
    "whole cleaner": ("archive/clean/__init__.py", "clean"),
}
#: The sets and where each keeps its pages; Mozilla's pages all claim one test URL, so each
#: is given its own.
SETS = ("article-extraction-benchmark", "mozilla-readability-test-pages", "trafilatura-eval")


def real_pages(extraction: Path) -> list[tuple[str, bytes]]:
    """(URL, raw HTML) of every page of the three sets."""
    pages = []
    truth = json.loads((extraction / SETS[0] / "ground-truth.json").read_text("utf-8"))
    for page_id, entry in sorted(truth.items()):
        pages.append((entry.get("url") or f"http://aeb.invalid/{page_id}",
                      gzip.decompress((extraction / SETS[0] / "html" / f"{page_id}.html.gz").read_bytes())))
    for folder in sorted(p for p in (extraction / SETS[1]).iterdir() if (p / "source.html").exists()):
        pages.append((f"http://fakehost/test/{folder.name}/", (folder / "source.html").read_bytes()))
    index = json.loads((extraction / SETS[2] / "evaldata.json").read_text("utf-8"))
    for url, entry in index.items():
        path = extraction / SETS[2] / "pages" / f"{entry['file']}.gz"
        if path.exists():
            pages.append((url, gzip.decompress(path.read_bytes())))
    return pages


def write_warc(pages: list[tuple[str, bytes]], path: Path) -> Path:
    """One gzipped WARC of response records (written once; kept for later runs)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for url, raw in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                                  ("Content-Length", str(len(raw)))],
                                       protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(raw), http_headers=headers,
                warc_headers_dict={"WARC-Date": "2024-01-01T00:00:00Z"}))
    partial.rename(path)
    return path


def trafilatura_text(raw: bytes) -> int:
    """trafilatura alone with the cleaner's options (the floor `add` is read against)."""
    import trafilatura

    from archive.clean.extract import TRAFILATURA_OPTIONS

    return len(trafilatura.extract(raw, **TRAFILATURA_OPTIONS) or "")


def trafilatura_rate(pages: list[tuple[str, bytes]], cores: int) -> float:
    """Pages a second of trafilatura alone on `cores` processes (start-up included, as for add)."""
    started = time.perf_counter()
    with multiprocessing.Pool(cores) as pool:
        pool.map(trafilatura_text, [raw for _, raw in pages], chunksize=8)
    return len(pages) / (time.perf_counter() - started)


def add_run(warc: Path, work: Path, run: int) -> dict:
    """`khabar add` of the WARC into a fresh archive, with its own XDG folders."""
    folder = work / f"add-{run}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    os.environ["XDG_CACHE_HOME"], os.environ["XDG_DATA_HOME"] = str(folder / "cache"), str(folder / "data")
    result = run_measured([str(KHABAR), "--archive", str(folder / "archive"), "add", "--json", str(warc)])
    summary = json.loads(result["stdout"])
    return {"wall_s": round(result["wall_s"], 2), "peak_rss_mb": round(result["peak_rss_mb"]),
            "summary": {k: summary[k] for k in ("added", "duplicates", "updated", "rejected")}}


def one_core(pages: list[tuple[str, bytes]], sample: int) -> dict:
    """CPU ms a page of the cleaner and of trafilatura alone, and the cleaner's stages, each
    in a fresh process that has not seen the measured pages."""
    step = max(1, len(pages) // sample)
    measured, warm = pages[::step][:sample], pages[1::step][:WARM_PAGES]
    with multiprocessing.get_context("spawn").Pool(1, maxtasksperchild=1) as pool:
        trafilatura_ms = pool.apply(cpu_ms_a_page, ("trafilatura", warm, measured))
        cleaner_ms = pool.apply(cpu_ms_a_page, ("cleaner", warm, measured))
        stage_seconds, calls = pool.apply(profiled_stages, (warm, measured))
    whole = stage_seconds["whole cleaner"] or 1e-9
    return {"pages": len(measured), "trafilatura_cpu_ms": round(trafilatura_ms, 1),
            "cleaner_cpu_ms": round(cleaner_ms, 1),
            "cleaner_x_trafilatura": round(cleaner_ms / trafilatura_ms, 2),
            "stage_ms": {stage: round(cleaner_ms * seconds / whole, 1)
                         for stage, seconds in stage_seconds.items()},
            "stage_calls": calls}


def clean_page(url: str, raw: bytes) -> None:
    from archive.clean import clean
    from archive.model import KIND_HTML, Capture, CleanError

    try:
        clean(Capture(url=url, raw=raw, kind=KIND_HTML, source_file=url))
    except CleanError:
        pass


def cpu_ms_a_page(which: str, warm: list, measured: list) -> float:
    """CPU ms a measured page of the cleaner or of trafilatura alone, after the warm pages."""
    run = clean_page if which == "cleaner" else lambda _url, raw: trafilatura_text(raw)
    for url, raw in warm:
        run(url, raw)
    started = time.process_time()
    for url, raw in measured:
        run(url, raw)
    return 1000 * (time.process_time() - started) / len(measured)


def profiled_stages(warm: list, measured: list) -> tuple[dict, dict]:
    """The cleaner's cumulative seconds and calls by stage over the measured pages (cProfile)."""
    for url, raw in warm:
        clean_page(url, raw)
    profile = cProfile.Profile()
    profile.enable()
    for url, raw in measured:
        clean_page(url, raw)
    profile.disable()
    stats = pstats.Stats(profile).stats
    return ({stage: _cumulative(stats, *where) for stage, where in STAGES.items()},
            {stage: _calls(stats, *where) for stage, where in STAGES.items()})


def _cumulative(stats: dict, file_end: str, function: str) -> float:
    return sum(row[3] for (filename, _, name), row in stats.items()
               if name == function and filename.endswith(file_end))


def _calls(stats: dict, file_end: str, function: str) -> int:
    return sum(row[1] for (filename, _, name), row in stats.items()
               if name == function and filename.endswith(file_end))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sample", type=int, default=SAMPLE, help=f"pages for the one-core figures (default {SAMPLE})")
    parser.add_argument("--work", type=Path, default=Path("/tmp/khabar-realpages"))
    parser.add_argument("--cores", type=int, default=os.cpu_count())
    parser.add_argument("--skip", default="", help="comma-separated: throughput,one-core")
    args = parser.parse_args()
    shared = find_shared("realpages", "no real pages to run on")
    if shared is None:
        return 2
    skip = set(filter(None, args.skip.split(",")))
    pages = real_pages(shared / "extraction")
    results = {"command": " ".join(sys.argv), "machine": machine(), "pages": len(pages),
               "cores": args.cores}
    if "throughput" not in skip:
        warc = write_warc(pages, args.work / "realpages.warc.gz")
        first = trafilatura_rate(pages, args.cores)
        print(f"trafilatura alone: {first:.1f} pages/s", file=sys.stderr, flush=True)
        add = add_run(warc, args.work, 1)
        add["pages_per_s"] = round(len(pages) / add["wall_s"], 1)
        print(f"khabar add: {add['pages_per_s']} pages/s", file=sys.stderr, flush=True)
        second = trafilatura_rate(pages, args.cores)
        results["throughput"] = {
            "trafilatura_pages_per_s": [round(first, 1), round(second, 1)], "add": add,
            "add_x_trafilatura": round(add["pages_per_s"] / ((first + second) / 2), 3)}
    if "one-core" not in skip:
        results["one_core"] = one_core(pages, args.sample)
    write_results(RESULTS, results)
    print(json.dumps({k: v for k, v in results.items() if k != "machine"}, indent=1))
    print("\nfigures on a shared machine: wall-clock rates are read as ratios from the same run; "
          "one-core figures are CPU time (time.process_time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
