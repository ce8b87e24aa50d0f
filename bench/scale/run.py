#!/usr/bin/env python3
"""Scale benchmark: `khabar add`, search and `reindex` on synthetic crawls of N pages.

For each size it generates the crawl (bench/scale/generate.py), then measures:
`khabar add` end to end (pages/s, peak RSS of the whole process tree), where an
add spends its time (the real pipeline on one core under cProfile, on a sample),
archive and index size against the input, search latency over 200 fixed queries
in-process and as the CLI's wall time including start-up, and `reindex`. Beside
them, from the same run, the floors the targets are read against: trafilatura
alone on all cores on the same pages, and whoosh's StandardAnalyzer indexing the
same cleaned texts. Prints a table, writes bench/results/scale.json and
bench/results/scale.md. Not a test: it reports figures.

    /tmp/kvenv/bin/python bench/scale/run.py 1000 10000 [--work /tmp/khabar-scale]
"""
from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import multiprocessing
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
RESULTS_JSON = REPO / "bench/results/scale.json"
RESULTS_MD = REPO / "bench/results/scale.md"
KHABAR = Path(sys.executable).with_name("khabar")
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from archive.store import StoredArticle  # noqa: E402  (the repository, put on the path above)
from generate import PLACES, generate  # noqa: E402  (the script's own folder)

#: Pages the per-stage breakdown and the floors are measured on (all pages for small crawls).
SAMPLE = 1000
#: CLI searches timed as separate processes.
CLI_RUNS = 30
#: Pipeline functions whose cumulative time is a stage of `add` (profiled on one core).
STAGES = {
    "reading": ("archive/readers.py", "iter_captures"),
    "cleaning": ("archive/ingest.py", "clean_safely"),
    "storing and dedupe": ("archive/ingest.py", "_store_article"),
    "indexing (incl. analysis)": ("indexer/whoosh_engine.py", "add"),
    "commit": ("indexer/whoosh_engine.py", "commit"),
}


# -- the query set ---------------------------------------------------------------
def query_set() -> list[tuple[str, str, dict]]:
    """200 fixed queries as (kind, query, options): one word, two words, phrases, filtered."""
    languages = ("en", "ar", "ckb", "kmr")
    spellings = [s for forms in PLACES.values() for lang in languages for s in forms[lang]]
    single = [s for s in spellings if " " not in s and "-" not in s]
    words = {"en": ["water", "bread", "harvest", "council", "protest", "cholera", "fuel"],
             "ar": ["مياه", "الخبز", "المزارعون", "النازحين", "الكهرباء"],
             "ckb": ["ئاو", "نان", "کارەبا"], "kmr": ["cotkar", "genim", "kampa", "avê"]}
    one = (single + [w for lang in languages for w in words[lang]])[:60]
    pairs = [[f"{place} {words[lang][i % len(words[lang])]}"
              for i, place in enumerate(s for forms in PLACES.values() for s in forms[lang]
                                        if " " not in s and "-" not in s)]
             for lang in languages]
    two = [q for group in zip(*(p * 4 for p in pairs)) for q in group][:50]
    phrases = ['"water station"', '"drinking water"', '"wheat harvest"', '"bread prices"',
               '"محطة المياه"', '"مياه الشرب"', '"أسعار الخبز"', '"ئاوی خواردنەوە"',
               '"ava vexwarinê"', '"Deir ez-Zor"', '"Ras al-Ain"', '"Tal Abyad"', '"Girê Spî"',
               '"دير الزور"', '"عين العرب"', '"local council"', '"Red Crescent"',
               '"cross-border trade"', '"power cuts"', '"medical supplies"']
    phrases = (phrases + [f'"{p} {w}"' for p, w in zip(["in", "of", "near", "في", "li"] * 4,
                                                      single)])[:40]
    filtered: list[tuple[str, dict]] = []
    for i, place in enumerate(single[:50]):
        kind = i % 5
        if kind == 0:
            filtered.append((f"{place} lang:ar", {}))
        elif kind == 1:
            filtered.append((place, {"since": "2016", "until": "2017"}))
        elif kind == 2:
            filtered.append((f"{place} date:[2015-01 TO 2015-06]", {}))
        elif kind == 3:
            filtered.append((f"{place} -water", {"sort": "-date"}))
        else:
            filtered.append((place, {"facets": ("lang", "year")}))
    queries = ([("one word", q, {}) for q in one] + [("two words", q, {}) for q in two]
               + [("phrase", q, {}) for q in phrases] + [("filtered", q, o) for q, o in filtered])
    assert len(queries) == 200, len(queries)
    return queries


# -- helpers ---------------------------------------------------------------------
def tree_rss(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, summed."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total


def run_measured(command: list[str], probes: dict | None = None) -> dict:
    """Run a command; wall time and peak RSS of its process tree (sampled every 0.1 s), and
    under "peaks" the peak of each of `probes` (name -> function of the command's pid)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    probes = {"tree": tree_rss, **(probes or {})}
    peaks = dict.fromkeys(probes, 0)

    def sample() -> None:
        while process.poll() is None:
            for name, probe in probes.items():
                peaks[name] = max(peaks[name], probe(process.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample)
    sampler.start()
    out, err = process.communicate()
    sampler.join()
    wall = time.perf_counter() - started
    if process.returncode not in (0, 1, 3):
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}): {err.decode()[-2000:]}")
    return {"wall_s": wall, "peak_rss_mb": peaks["tree"] / 1e6, "peaks": peaks,
            "stdout": out.decode(), "status": process.returncode}


def folder_bytes(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def sample_captures(files: list[Path], count: int) -> list:
    from archive.readers import iter_captures

    captures = []
    for path in files:
        for capture in iter_captures(path, on_error=lambda s, r: None):
            captures.append(capture)
            if len(captures) >= count:
                return captures
    return captures


def _trafilatura_extract(html: bytes) -> int:
    import trafilatura

    return len(trafilatura.extract(html) or "")


# -- measurements ----------------------------------------------------------------
def measure_add(files: list[Path], archive: Path) -> dict:
    shutil.rmtree(archive, ignore_errors=True)
    result = run_measured([str(KHABAR), "--archive", str(archive), "add", "--json", *map(str, files)])
    summary = json.loads(result["stdout"])
    return {"wall_s": round(result["wall_s"], 2), "peak_rss_mb": round(result["peak_rss_mb"]),
            "summary": summary}


def measure_stages(sample_files: list[Path], work: Path) -> dict:
    """The real pipeline on one core under cProfile: share of time per stage."""
    from archive.ingest import add_paths
    from archive.store import Store
    from indexer.whoosh_engine import open_engine

    folder = work / "stages"
    shutil.rmtree(folder, ignore_errors=True)
    archive = folder / "archive"
    archive.mkdir(parents=True)
    store = Store(archive / "khabar.sqlite3", create=True)
    engine = open_engine(archive)
    profile = cProfile.Profile()
    started = time.perf_counter()
    profile.enable()
    add_paths(store, engine, sample_files, jobs=1)
    profile.disable()
    total = time.perf_counter() - started
    engine.close()
    store.close()
    stats = pstats.Stats(profile).stats
    stages = {}
    for stage, (file_end, function) in STAGES.items():
        stages[stage] = sum(row[3] for (filename, _, name), row in stats.items()
                            if name == function and filename.endswith(file_end))
    profiled = sum(row[2] for row in stats.values())  # every function's own time
    stages["other"] = max(0.0, profiled - sum(stages.values()))
    scale = total / max(profiled, 1e-9)
    return {"wall_s_profiled": round(total, 2),
            "share": {k: round(v / max(profiled, 1e-9), 3) for k, v in stages.items()},
            "seconds": {k: round(v * scale, 2) for k, v in stages.items()}}


def measure_floors(captures: list) -> dict:
    """Cleaning vs trafilatura alone (all cores), khabar analysis and indexing vs whoosh's
    StandardAnalyzer, all on the same sample."""
    from archive.clean import clean
    from archive.model import CleanError, KIND_HTML
    from indexer.analysis import chains, terms
    from indexer import whoosh_postings
    from indexer.whoosh_engine import WRITER_POOL_MB, WhooshEngine
    from whoosh import analysis, fields, index

    pages = [c for c in captures if c.kind == KIND_HTML]
    started = time.perf_counter()
    with multiprocessing.Pool(os.cpu_count()) as pool:
        pool.map(_trafilatura_extract, [c.raw for c in pages], chunksize=8)
    trafilatura_s = time.perf_counter() - started

    articles, started = [], time.perf_counter()
    for capture in pages:
        try:
            articles.append(clean(capture))
        except CleanError:
            pass
    clean_s = time.perf_counter() - started
    docs = [StoredArticle(id=f"d{i}", url=a.url, title=a.title, text=a.text, lang=a.lang,
                          date=a.date, author=a.author, source=a.source, place=a.place,
                          captions=a.captions, crawl="sample", archived_at="", near_of=None)
            for i, a in enumerate(articles)]

    # analysis alone: each analysed field of the schema, as the index writer runs it (the
    # body once for text, stem and keys; the short fields through the chain)
    text_an = chains.text_analyzer()
    caches = (terms.word_terms, terms.stem_of, terms.term_keys, terms.pair_keys)
    for cache in caches:
        cache.cache_clear()  # a fresh process starts with empty caches
    started = time.perf_counter()
    for d in docs:
        terms.document_terms(f"{d.title}\n\n{d.text}")
        for value in (d.title, d.author or "", d.source or "", d.place or ""):
            for _ in text_an(value, positions=True):
                pass
    analysis_s = time.perf_counter() - started
    standard = analysis.StandardAnalyzer()
    started = time.perf_counter()
    for d in docs:
        for _ in standard(f"{d.title}\n\n{d.text}", positions=True):
            pass
    standard_analysis_s = time.perf_counter() - started

    with tempfile.TemporaryDirectory() as tmp:
        for cache in caches:
            cache.cache_clear()
        engine = WhooshEngine(Path(tmp) / "khabar")
        started = time.perf_counter()
        engine.add(docs)
        khabar_add_s = time.perf_counter() - started
        started = time.perf_counter()
        engine.commit()
        khabar_commit_s = time.perf_counter() - started
        engine.close()
        plain_schema = fields.Schema(id=fields.ID(unique=True, stored=True),
                                     title=fields.TEXT(analyzer=analysis.StandardAnalyzer()),
                                     text=fields.TEXT(analyzer=analysis.StandardAnalyzer(), phrase=True))
        os.mkdir(Path(tmp) / "plain")
        plain = index.create_in(str(Path(tmp) / "plain"), plain_schema)
        started = time.perf_counter()
        # the same posting pool and posting writer as khabar's
        writer = plain.writer(limitmb=WRITER_POOL_MB, codec=whoosh_postings.codec())
        for d in docs:
            writer.add_document(id=d.id, title=d.title, text=f"{d.title}\n\n{d.text}")
        writer.commit()
        plain_s = time.perf_counter() - started
    return {
        "pages": len(pages),
        "trafilatura_all_cores_pages_per_s": round(len(pages) / trafilatura_s, 1),
        "khabar_clean_one_core_pages_per_s": round(len(pages) / clean_s, 1),
        "khabar_analysis_s": round(analysis_s, 2),
        "standard_analyzer_analysis_s": round(standard_analysis_s, 2),
        "khabar_index_s": round(khabar_add_s + khabar_commit_s, 2),
        "khabar_index_commit_s": round(khabar_commit_s, 2),
        "standard_analyzer_index_s": round(plain_s, 2),
    }


def measure_search(archive: Path) -> dict:
    """In-process latency of the 200 queries (second pass; the first, cold pass reported too)."""
    from archive.location import database_path
    from archive.store import Store
    from indexer.search import search
    from indexer.whoosh_engine import open_engine

    store, engine = Store(database_path(archive), create=False), open_engine(archive)
    passes = []
    hits = {}
    try:
        for _ in range(2):
            timings = []
            for kind, text, options in query_set():
                started = time.perf_counter()
                result = search(store, engine, text, **options)
                timings.append((kind, time.perf_counter() - started))
                hits[text] = result.total
            passes.append(timings)
    finally:
        engine.close()
        store.close()
    cold, warm = ([t for _, t in p] for p in passes)
    by_kind = {}
    groups = {kind: (kind,) for kind in dict.fromkeys(k for k, _ in passes[1])}
    groups["one or two words"] = ("one word", "two words")  # the search issue's target set
    for name, kinds in groups.items():
        values = [t for k, t in passes[1] if k in kinds]
        by_kind[name] = {"median_ms": round(statistics.median(values) * 1000, 1),
                         "p95_ms": round(percentile(values, 0.95) * 1000, 1)}
    return {"median_ms": round(statistics.median(warm) * 1000, 1),
            "p95_ms": round(percentile(warm, 0.95) * 1000, 1),
            "max_ms": round(max(warm) * 1000, 1),
            "cold_median_ms": round(statistics.median(cold) * 1000, 1),
            "cold_p95_ms": round(percentile(cold, 0.95) * 1000, 1),
            "by_kind": by_kind, "queries_with_hits": sum(1 for n in hits.values() if n)}


def measure_cli(archive: Path) -> dict:
    """Wall time of `khabar search` as a new process, over a sample of the query set."""
    queries = query_set()[::len(query_set()) // CLI_RUNS][:CLI_RUNS]
    walls = []
    for _, text, options in queries:
        command = [str(KHABAR), "--archive", str(archive), "search", "--color", "never"]
        if options.get("since"):
            command += ["--since", options["since"], "--until", options["until"]]
        started = time.perf_counter()
        subprocess.run(command + [text], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
        walls.append(time.perf_counter() - started)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - started
    return {"runs": len(walls), "median_s": round(statistics.median(walls), 3),
            "p95_s": round(percentile(walls, 0.95), 3), "max_s": round(max(walls), 3),
            "python_startup_s": round(bare, 3)}


def measure_reindex(archive: Path) -> dict:
    result = run_measured([str(KHABAR), "--archive", str(archive), "reindex", "--json"])
    return {"wall_s": round(result["wall_s"], 2), "peak_rss_mb": round(result["peak_rss_mb"]),
            "indexed": json.loads(result["stdout"])["indexed"]}


def run_size(size: int, work: Path, sample: int, skip: set[str], previous: dict) -> dict:
    """Every measurement of one size; a skipped one keeps its figures from `previous`."""
    files = generate(size, work)
    input_bytes = sum(f.stat().st_size for f in files)
    archive = work / f"archive-{size}"
    if "add" in skip and (archive / "khabar.sqlite3").exists() and "add" in previous:
        add = previous["add"]
    else:
        print(f"[{size}] add …", file=sys.stderr, flush=True)
        add = measure_add(files, archive)
        add["pages_per_s"] = round(size / add["wall_s"], 1)
    sample_files = generate(min(sample, size), work)  # the same pages for every size
    captures = sample_captures(sample_files, sample)
    started = time.perf_counter()
    read_all = sum(1 for _ in sample_captures(files, size))
    result = dict(previous) | {"size": size, "input_mb": round(input_bytes / 1e6, 1), "add": add,
              "reading_pages_per_s": round(read_all / (time.perf_counter() - started), 1)}
    database = archive / "khabar.sqlite3"
    from indexer.whoosh_engine import live_index_name

    result["archive_mb"] = round(sum(p.stat().st_size for p in archive.glob("khabar.sqlite3*")) / 1e6, 1)
    result["index_mb"] = round(folder_bytes(archive / live_index_name(archive)) / 1e6, 1)
    result["archive_x_input"] = round(result["archive_mb"] / result["input_mb"], 2)
    result["index_x_input"] = round(result["index_mb"] / result["input_mb"], 2)
    assert database.exists()
    if "search" not in skip:
        print(f"[{size}] search …", file=sys.stderr, flush=True)
        result["search"] = measure_search(archive)
        result["cli_search"] = measure_cli(archive)
    if "reindex" not in skip:
        print(f"[{size}] reindex …", file=sys.stderr, flush=True)
        result["reindex"] = measure_reindex(archive)
    if "floors" not in skip:
        print(f"[{size}] floors and stages on {len(captures)} pages …", file=sys.stderr, flush=True)
        result["floors"] = measure_floors(captures)
        result["stages"] = measure_stages(sample_files, work)
    return result


# -- report ----------------------------------------------------------------------
def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                  if line.startswith("model name")), platform.processor())
    return {"cpu": model, "cores": os.cpu_count(), "python": platform.python_version(),
            "os": platform.platform(), "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
            "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}


def markdown(results: dict) -> str:
    sizes = sorted(results["sizes"].values(), key=lambda r: r["size"])
    m = results["machine"]
    rows = [
        ("pages", lambda r: f"{r['size']:,}"),
        ("input WARC (MB)", lambda r: r["input_mb"]),
        ("`add` wall (s)", lambda r: r["add"]["wall_s"]),
        ("`add` pages/s", lambda r: r["add"]["pages_per_s"]),
        ("trafilatura alone, all cores (pages/s)", lambda r: r.get("floors", {}).get("trafilatura_all_cores_pages_per_s", "–")),
        ("`add` / trafilatura (target ≥ 0.75)", lambda r: _ratio(r["add"]["pages_per_s"], r.get("floors", {}).get("trafilatura_all_cores_pages_per_s"))),
        ("khabar cleaner, one core (pages/s)", lambda r: r.get("floors", {}).get("khabar_clean_one_core_pages_per_s", "–")),
        ("peak RSS, process tree (MB)", lambda r: r["add"]["peak_rss_mb"]),
        ("archive (MB, × input)", lambda r: f"{r['archive_mb']} ({r['archive_x_input']}×)"),
        ("index (MB, × input)", lambda r: f"{r['index_mb']} ({r['index_x_input']}×)"),
        ("khabar analysis / StandardAnalyzer analysis", lambda r: _ratio(r.get("floors", {}).get("khabar_analysis_s"), r.get("floors", {}).get("standard_analyzer_analysis_s"))),
        ("khabar indexing / StandardAnalyzer indexing (target ≤ 2)", lambda r: _ratio(r.get("floors", {}).get("khabar_index_s"), r.get("floors", {}).get("standard_analyzer_index_s"))),
        ("search median / p95 in-process (ms)", lambda r: f"{r['search']['median_ms']} / {r['search']['p95_ms']}" if "search" in r else "–"),
        *[(f"— {kind}, median / p95 (ms)", lambda r, kind=kind: (
            f"{r['search']['by_kind'][kind]['median_ms']} / {r['search']['by_kind'][kind]['p95_ms']}"
            if kind in r.get("search", {}).get("by_kind", {}) else "–"))
          for kind in ("one or two words", "one word", "two words", "phrase", "filtered")],
        ("search median / p95, first (cold) pass (ms)", lambda r: f"{r['search']['cold_median_ms']} / {r['search']['cold_p95_ms']}" if "search" in r else "–"),
        ("CLI search wall median / p95 (s)", lambda r: f"{r['cli_search']['median_s']} / {r['cli_search']['p95_s']}" if "cli_search" in r else "–"),
        ("`reindex` wall (s) / peak RSS (MB)", lambda r: f"{r['reindex']['wall_s']} / {r['reindex']['peak_rss_mb']}" if "reindex" in r else "–"),
    ]
    lines = [f"Scale benchmark — {m['date']}; {m['cpu']}, {m['cores']} cores, Python {m['python']}; "
             f"load average at start {m['load_average_at_start']} (a shared machine: other work ran "
             "at the same time).", "",
             "| measure | " + " | ".join(f"{r['size']:,} pages" for r in sizes) + " |",
             "|---|" + "---|" * len(sizes)]
    for label, value in rows[1:]:
        lines.append(f"| {label} | " + " | ".join(str(value(r)) for r in sizes) + " |")
    lines += ["", "Where `add` spends its time (the pipeline on one core under cProfile, share of "
              "the run, on a sample of the crawl):", "",
              "| stage | " + " | ".join(f"{r['size']:,}" for r in sizes) + " |",
              "|---|" + "---|" * len(sizes)]
    for stage in list(STAGES) + ["other"]:
        lines.append(f"| {stage} | " + " | ".join(
            f"{r['stages']['share'][stage]:.0%}" if "stages" in r else "–" for r in sizes) + " |")
    return "\n".join(lines) + "\n"


def _ratio(a, b) -> str:
    return f"{a / b:.2f}" if a and b else "–"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="+", type=int, help="pages per crawl, e.g. 1000 10000 100000")
    parser.add_argument("--work", type=Path, default=Path("/tmp/khabar-scale"),
                        help="where crawls and archives go (GBs for 100k; default /tmp/khabar-scale)")
    parser.add_argument("--sample", type=int, default=SAMPLE,
                        help=f"pages for the stage breakdown and floors (default {SAMPLE})")
    parser.add_argument("--skip", default="", help="comma-separated: add,search,reindex,floors (skipped ones keep "
                             "their last figures; add reuses the archive already built)")
    args = parser.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    results = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {"sizes": {}}
    results["machine"] = machine()
    for size in args.sizes:
        previous = results["sizes"].get(str(size), {})
        results["sizes"][str(size)] = run_size(size, args.work, args.sample, skip, previous)
        RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
        RESULTS_JSON.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        RESULTS_MD.write_text(markdown(results))
    print(markdown(results))


if __name__ == "__main__":
    main()
