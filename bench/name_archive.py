"""What the name benchmarks share: where their data lives, a gazetteer folder with entities
left out or curated.tsv emptied, one short news-like article per spelling in a fresh archive,
and searches through the real `khabar add` / `khabar search --json` path (in-process).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cli.main import cli  # noqa: E402
from indexer.names.gazetteer import DATA_DIR, DATA_DIR_VARIABLE  # noqa: E402



def _checkout() -> Path:
    """The main checkout: ROOT, or the checkout a git worktree at ROOT belongs to (its .git is
    a file "gitdir: CHECKOUT/.git/worktrees/NAME")."""
    marker = ROOT / ".git"
    if marker.is_file():
        gitdir = marker.read_text(encoding="utf-8").partition("gitdir:")[2].strip()
        if gitdir and Path(gitdir).parent.name == "worktrees":
            return Path(gitdir).parents[2]
    return ROOT


# ../shared/bench beside the checkout
SHARED = _checkout().parent / "shared" / "bench"
RESULTS = ROOT / "bench" / "results"

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
SORANI_LETTERS = "ەێۆڵڕکی"
DIRECTIONS = ("latin→arabic", "arabic→latin", "latin→latin", "arabic→arabic")
EXAMPLES = 50  # misses and false matches kept in the JSON for diagnosis
DEFAULT_SEED = 14  # every name benchmark's sample, unless --seed says otherwise
PROGRESS_EVERY = 1000  # queries between progress lines on stderr


def common_options(parser: argparse.ArgumentParser, seed: bool = True, data: bool = True) -> None:
    """The options every name benchmark takes: --no-curated, and --seed and --data where it
    samples or reads ../shared/bench."""
    if seed:
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-curated", action="store_true",
                        help="run with indexer/names/data/curated.tsv emptied")
    if data:
        parser.add_argument("--data", type=Path, default=SHARED,
                            help="the shared benchmark folder (default ../shared/bench)")


def shared_folder(path: Path, what: str, option: str = "--data") -> Path:
    """`path` when it exists; otherwise a one-line message and a non-zero exit."""
    if not Path(path).is_dir():
        sys.exit(f"error: {what} not found at {path} (the benchmark data lives in "
                 f"../shared/bench beside the repository; pass its location with {option})")
    return Path(path)


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


def script(spelling: str) -> str:
    return "arabic" if is_arabic_script(spelling) else "latin"


def script_hint(spelling: str) -> str:
    """The sentence language for a spelling with no language given: by its script."""
    if is_arabic_script(spelling):
        return "ckb" if any(char in SORANI_LETTERS for char in spelling) else "ar"
    return "en"


def article(number: int, spelling: str, hint: str, prefix: str = "names") -> dict:
    """One short news-like article around `spelling`. It ends with codes unique to the
    article, so the archive's near-duplicate detection keeps every one."""
    codes = " ".join(f"k{number}x{i}" for i in range(12))
    return {"url": f"https://bench.example/{prefix}/{number}", "title": f"News {number}",
            "text": SENTENCES.get(hint, SENTENCES["en"]).format(spelling) + f"\n\nref {codes}",
            "lang": LANGS.get(hint, "en"), "date": "2024-01-01"}


def add_records(runner: CliRunner, archive: Path, records: Iterable[dict], path: Path) -> None:
    """Write `records` to the JSONL file `path` and add it to `archive` with one `khabar add`."""
    with open(path, "w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    added = runner.invoke(cli, ["--archive", str(archive), "add", str(path), "--json"])
    if added.exit_code != 0:
        raise RuntimeError(f"add failed ({added.exit_code}): {added.output}")


def search_json(runner: CliRunner, archive: Path, query: str, exact: bool,
                errors: list[str]) -> dict:
    """`khabar search QUERY --json --limit 1000`'s answer ({"hits": [], "variants": {}} when
    nothing matched); a query the CLI rejects (exit 2) answers nothing and goes to `errors`."""
    args = ["--archive", str(archive), "search", query, "--json", "--limit", "1000"]
    result = runner.invoke(cli, args + (["--exact"] if exact else []))
    if result.exit_code == 2:
        errors.append(f"{query}: {result.output.strip()}")
    elif result.exit_code not in (0, 1):
        raise RuntimeError(f"search {query!r} failed ({result.exit_code}): {result.output}")
    elif result.stdout.strip():
        return json.loads(result.stdout)
    return {"hits": [], "variants": {}}


class Searches:
    """Every query searched once: the answers, the queries the CLI rejected, and the time
    taken (wall clock, and this process's CPU time, which a shared machine disturbs less)."""

    def __init__(self, runner: CliRunner, archive: Path, queries: Iterable[str], exact: bool):
        self.errors: list[str] = []
        self.answers: dict[str, dict] = {}
        queries = list(queries)
        wall, cpu = time.perf_counter(), time.process_time()
        for number, query in enumerate(queries, 1):
            self.answers[query] = search_json(runner, archive, query, exact, self.errors)
            if number % PROGRESS_EVERY == 0:
                print(f"  {number}/{len(queries)} searched{' (--exact)' if exact else ''}",
                      file=sys.stderr)
        self.seconds = time.perf_counter() - wall
        self.cpu_seconds = time.process_time() - cpu

    def timing(self) -> dict:
        count = max(len(self.answers), 1)
        return {"ms_per_query": round(1000 * self.seconds / count, 2),
                "cpu_ms_per_query": round(1000 * self.cpu_seconds / count, 2),
                "query_errors": self.errors[:EXAMPLES]}


def search_all(runner: CliRunner, archive: Path, queries: Iterable[str], exact: bool,
               errors: list[str]) -> dict[str, set[str]]:
    """The urls each query finds."""
    return {query: {hit["url"] for hit in search_json(runner, archive, query, exact, errors)["hits"]}
            for query in queries}


def pair_figures(articles: dict[str, tuple[object, str]], answers: dict[str, dict]) -> dict:
    """Recall and false matches by direction (query script → article script).

    `articles` maps each url to its (entity, spelling); `answers` each searched spelling to
    its `search --json` answer. Recall is over ordered pairs of articles of one entity: the
    search for the first spelling returns the second article. A returned article is a false
    match when its entity has no name spelled as the query (the spelling's own article and
    namesakes are right)."""
    members: dict[object, list[tuple[str, str]]] = defaultdict(list)
    holders: dict[str, set] = defaultdict(set)
    for url, (entity, spelling) in articles.items():
        members[entity].append((url, spelling))
        holders[spelling].add(entity)
    found = {query: {hit["url"] for hit in answer["hits"]} for query, answer in answers.items()}
    recall = {}
    for direction in DIRECTIONS:
        pairs, hits, missed = 0, 0, []
        for spellings in members.values():
            for _, a in spellings:
                for url, b in spellings:
                    if a == b or f"{script(a)}→{script(b)}" != direction:
                        continue
                    pairs += 1
                    if url in found[a]:
                        hits += 1
                    elif len(missed) < EXAMPLES:
                        missed.append([a, b])
        recall[direction] = {"value": round(hits / pairs, 4) if pairs else None, "pairs": pairs,
                             "hits": hits, "missed": missed}
    returned: dict[str, int] = defaultdict(int)
    wrong: dict[str, int] = defaultdict(int)
    examples = []
    for query, urls in found.items():
        false_here = []
        for url in urls & articles.keys():
            entity, spelling = articles[url]
            direction = f"{script(query)}→{script(spelling)}"
            returned[direction] += 1
            if entity not in holders[query]:
                wrong[direction] += 1
                false_here.append(spelling)
        if false_here and len(examples) < EXAMPLES:
            examples.append({"query": query, "matched": sorted(false_here),
                             "variants": answers[query].get("variants", {})})
    false = {direction: {"value": round(wrong[direction] / returned[direction], 4)
                         if returned[direction] else None,
                         "returned": returned[direction], "other_entity": wrong[direction]}
             for direction in DIRECTIONS}
    total = sum(returned.values())
    false["all"] = {"value": round(sum(wrong.values()) / total, 4) if total else None,
                    "returned": total, "other_entity": sum(wrong.values())}
    return {"recall": recall, "false matches": false, "false match examples": examples}


def print_figures(columns: dict[str, dict]) -> None:
    """A table of pair_figures results side by side (one column per run), with the number of
    pairs or returned articles of the first column, and milliseconds per query."""
    first = next(iter(columns.values()))
    print(f"{'measure':26}" + "".join(f" {name:>9}" for name in columns) + f" {'pairs/returned':>15}")

    def row(label: str, part: str, key: str, count: str) -> None:
        if not first[part][key][count]:
            return
        values = [figures[part][key]["value"] for figures in columns.values()]
        print(f"{label:26}" + "".join(f" {value:9.3f}" if value is not None else f" {'-':>9}"
                                      for value in values) + f" {first[part][key][count]:15}")

    for direction in DIRECTIONS:
        row(f"recall {direction}", "recall", direction, "pairs")
    for direction in DIRECTIONS + ("all",):
        row(f"false {direction}", "false matches", direction, "returned")
    for key, label in (("ms_per_query", "ms per query"), ("cpu_ms_per_query", "cpu ms per query")):
        if all(key in figures for figures in columns.values()):
            print(f"{label:26}" + "".join(f" {figures[key]:9.1f}" for figures in columns.values()))


def names_data(folder: Path, no_curated: bool, left_out: set[str] = frozenset()) -> Path:
    """A gazetteer folder for $KHABAR_NAMES_DATA: the shipped files without the rows of the
    entities in `left_out`, and with curated.tsv reduced to its header comments when
    `no_curated`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("geonames.tsv", "curated.tsv"):
        source, target = DATA_DIR / name, folder / name
        if not left_out and not (no_curated and name == "curated.tsv"):
            shutil.copyfile(source, target)
            continue
        with open(source, encoding="utf-8") as lines, open(target, "w", encoding="utf-8") as out:
            for line in lines:
                comment = line.startswith("#") or not line.strip()
                if comment or (not (no_curated and name == "curated.tsv")
                               and line.split("\t", 1)[0] not in left_out):
                    out.write(line)
    return folder


def use_names_data(folder: Path | None, cache: Path) -> None:
    """Make this process (and the khabar processes it starts) read the gazetteer from `folder`
    (the shipped one when None), caching its parsed form in `cache`, away from the user's."""
    if folder is not None:
        os.environ[DATA_DIR_VARIABLE] = str(folder)
    os.environ["XDG_CACHE_HOME"] = str(cache)


def use_shipped_names(work: Path, no_curated: bool) -> None:
    """use_names_data for a whole run: the shipped gazetteer, or with curated.tsv emptied."""
    use_names_data(names_data(work / "names-data", no_curated=True) if no_curated else None,
                   work / "cache")


def machine() -> str:
    return f"{platform.node()} {platform.machine()} {os.cpu_count()} cores Python {platform.python_version()}"


def write_results(name: str, report: dict) -> Path:
    """Write the report to bench/results/NAME and return its path."""
    report = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M %Z"),
              "command": " ".join([Path(sys.argv[0]).name] + sys.argv[1:]), **report}
    path = RESULTS / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")
    return path
