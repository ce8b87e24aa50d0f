#!/usr/bin/env python3
"""`khabar add` beside `add --spark local[2]` and beside a two-worker standalone cluster.

Two crawls: the ~1,250 real news pages of ../shared/bench/extraction written into one WARC
file, and the synthetic 10,000-page crawl of bench/scale/generate.py. Each goes into a fresh
archive three ways; for each the wall time, pages per second (records cleaned, whatever their
outcome) and the peak resident memory of the driver (the `khabar` process, and for Spark the
JVM it starts) and of the executors (local mode: the driver's JVM, which runs them, and its
Python workers; standalone: the workers, their executor JVMs and Python workers), sampled
every 0.1 s. Prints a table, writes bench/results/spark.json and bench/results/spark.md. Not
a test: it reports figures. Needs khabar[spark] and Java 17+.

    .venv/bin/python bench/spark_bench.py [--work /tmp/khabar-spark-bench] [--pages 10000]
"""
from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "bench" / "extraction"
PAGE_FOLDERS = ("article-extraction-benchmark/html", "mozilla-readability-test-pages/html",
                "trafilatura-eval/pages")
RESULTS_JSON = REPO / "bench/results/spark.json"
RESULTS_MD = REPO / "bench/results/spark.md"
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench" / "scale"))

from generate import generate  # noqa: E402  (bench/scale, put on the path above)
from run import machine, run_measured, tree_rss  # noqa: E402
from tests.spark_cluster import standalone_cluster  # noqa: E402


def real_pages_warc(out: Path) -> Path:
    """The extraction benchmark's pages as one gzipped WARC, one response record each."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = out / "realpages.warc.gz"
    if path.exists():
        return path
    pages = [page for folder in PAGE_FOLDERS for page in sorted((SHARED / folder).iterdir())]
    with open(path.with_suffix(".tmp"), "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for page in pages:
            body = gzip.decompress(page.read_bytes()) if page.suffix == ".gz" else page.read_bytes()
            url = f"https://pages.example/{page.relative_to(SHARED)}".removesuffix(".gz")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=io.BytesIO(body),
                http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                              protocol="HTTP/1.1"),
                warc_headers_dict={"WARC-Date": "2024-03-01T12:00:00Z"}))
    path.with_suffix(".tmp").rename(path)
    return path


def own_rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def measure(inputs: list[Path], archive: Path, spark: str | None,
            executors: list[int]) -> dict:
    """One `khabar add`: wall time, its summary, peak memory of driver and executors (MB)."""
    shutil.rmtree(archive, ignore_errors=True)
    command = [sys.executable, "-m", "cli.main", "--archive", str(archive), "add", "--json",
               *(["--spark", spark] if spark else ["--jobs", "2"]), *map(str, inputs)]
    run = run_measured(command, {"process": own_rss,
                                 "executors": lambda _: sum(map(tree_rss, executors))})
    peaks = run["peaks"]
    summary = json.loads(run["stdout"])
    records = summary["added"] + summary["updated"] + summary["duplicates"] + summary["rejected"]
    result = {"wall_s": round(run["wall_s"], 1), "records": records,
              "pages_per_s": round(records / run["wall_s"], 1), "summary": summary}
    if spark is None:
        result["driver_mb"] = round(peaks["tree"] / 1e6)  # the writer and its cleaning workers
    elif spark.startswith("local"):
        result["driver_mb"] = round(peaks["process"] / 1e6)
        result["executors_mb"] = round((peaks["tree"] - peaks["process"]) / 1e6)
    else:
        result["driver_mb"] = round(peaks["tree"] / 1e6)
        result["executors_mb"] = round(peaks["executors"] / 1e6)
    return result


def markdown(results: dict) -> str:
    m = results["machine"]
    lines = [f"Spark benchmark — {m['date']}; {m['cpu']}, {m['cores']} cores, Python {m['python']}; "
             f"load average at start {m['load_average_at_start']} (a shared machine: other work "
             "ran at the same time).", "",
             "| crawl | how | wall (s) | pages/s | driver peak (MB) | executors peak (MB) |",
             "|---|---|---|---|---|---|"]
    for crawl, runs in results["crawls"].items():
        for how, r in runs.items():
            lines.append(f"| {crawl} ({r['records']:,} records) | {how} | {r['wall_s']} | "
                         f"{r['pages_per_s']} | {r['driver_mb']} | {r.get('executors_mb', '–')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/khabar-spark-bench"))
    parser.add_argument("--pages", type=int, default=10000, help="synthetic crawl size")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"missing {SHARED}: the real pages come from ../shared/bench/extraction")
    args.work.mkdir(parents=True, exist_ok=True)
    crawls = {"real pages": [real_pages_warc(args.work)],
              f"synthetic {args.pages:,}": generate(args.pages, args.work)}
    results = {"machine": machine(), "crawls": {name: {} for name in crawls}}
    archive = args.work / "archive"
    for name, inputs in crawls.items():
        runs = results["crawls"][name]
        runs["add --jobs 2"] = measure(inputs, archive, None, [])
        runs["add --spark local[2]"] = measure(inputs, archive, "local[2]", [])
        print(name, json.dumps(runs), flush=True)
    cluster_work = args.work / "cluster"
    shutil.rmtree(cluster_work, ignore_errors=True)
    cluster_work.mkdir()
    with standalone_cluster(cluster_work, workers=2, cores=1) as (master, processes):
        workers = [p.pid for p in processes[1:]]
        for name, inputs in crawls.items():
            results["crawls"][name]["standalone, 2 workers × 1 core"] = measure(
                inputs, archive, master, workers)
    RESULTS_JSON.write_text(json.dumps(results, indent=1) + "\n")
    RESULTS_MD.write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
