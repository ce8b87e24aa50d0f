"""What the name benchmarks share: where their data lives, a gazetteer folder with entities
left out or curated.tsv emptied, one short news-like article per spelling in a fresh archive,
and searches through the real `khabar add` / `khabar search --json` path (in-process).
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import time
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


def shared_folder(path: Path, what: str) -> Path:
    """`path` when it exists; otherwise a one-line message and exit status 2."""
    if not Path(path).is_dir():
        sys.exit(f"error: {what} not found at {path} (the benchmark data lives in "
                 "../shared/bench beside the repository; pass its location with --data)")
    return Path(path)


def is_arabic_script(text: str) -> bool:
    return any("\u0600" <= char <= "\u06ff" for char in text)


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


def search_all(runner: CliRunner, archive: Path, queries: Iterable[str], exact: bool,
               errors: list[str]) -> dict[str, set[str]]:
    """The urls each query finds."""
    return {query: {hit["url"] for hit in search_json(runner, archive, query, exact, errors)["hits"]}
            for query in queries}


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
