"""Mutation testing of the modules that decide quality: does the suite notice a planted bug?

    python bench/mutation.py [MODULE ...]     (names in MODULES below; default: all)

cosmic-ray plants one small change at a time (an operator, a comparison, a number, a
`break`, a boolean) in a module and runs the tests that guard that module; a change the
tests do not fail on "survives". Each module is mutated in a copy of the repository (the
working tree is never touched) and only its own tests run, stopping at the first failure.
Prints killed/survived per module, lists each survivor (line and operator) and writes
bench/results/mutation.json (one entry per module).
Needs the `mutation` extra: pip install -e '.[mutation]'.
"""
from __future__ import annotations

import argparse
import ast
import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results" / "mutation.json"
#: A mutant's tests may take this many times the unmutated run before it counts as killed
#: (an endless loop), and never less than MIN_TIMEOUT seconds.
TIMEOUT_FACTOR, MIN_TIMEOUT = 3, 60

#: name: (module, the tests that guard it, the functions to mutate or None for all of it)
MODULES = {
    "noise": ("archive/clean/noise.py",
              ["tests/test_clean.py", "tests/test_comment_area.py"], None),
    "dedupe": ("archive/dedupe.py",
               ["tests/test_dedupe.py", "tests/test_dedupe_limits.py"], None),
    "phonetic": ("indexer/lexicon/phonetic.py", ["tests/test_names.py"], None),
    "filters": ("indexer/whoosh_engine.py",
                ["tests/test_dates_and_counts.py", "tests/test_search_cli.py"],
                ["date_filter", "facet_values", "parse"]),
    "query_syntax": ("indexer/query_syntax.py",
                     ["tests/test_search_cli.py", "tests/test_engine.py"], None),
    "output": ("cli/output.py", ["tests/test_cli.py", "tests/test_hostile_input.py"], None),
}
#: Not copied into the scratch repository: caches, environments and other runs' leftovers.
IGNORED = shutil.ignore_patterns(".git", ".venv", "__pycache__", ".pytest_cache", "*.egg-info",
                                 ".hypothesis")


def function_lines(source: str, names: list[str]) -> list[str]:
    """Line ranges ("12-30") of the top-level functions called `names`."""
    ranges = [f"{node.lineno}-{node.end_lineno}" for node in ast.parse(source).body
              if isinstance(node, ast.FunctionDef) and node.name in names]
    if len(ranges) != len(names):
        raise SystemExit(f"not all of {names} are top-level functions")
    return ranges


def test_command(tests: list[str]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]


def annotation_spans(source: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions of the type annotations: with `from __future__ import
    annotations` they are never evaluated, so a mutant inside one cannot be killed."""
    spans = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            notes = [node.returns] + [arg.annotation for arg in ast.walk(node.args)
                                      if isinstance(arg, ast.arg)]
        elif isinstance(node, ast.AnnAssign):
            notes = [node.annotation]
        else:
            continue
        spans += [((n.lineno, n.col_offset), (n.end_lineno, n.end_col_offset)) for n in notes if n]
    return spans


def skip_annotations(session: Path, source: str) -> None:
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import WorkerOutcome, WorkResult

    spans = annotation_spans(source)
    with use_db(str(session), WorkDB.Mode.open) as db:
        inside = [item.job_id for item in db.pending_work_items
                  if any(start <= tuple(item.mutations[0].start_pos) < end for start, end in spans)]
        if inside:
            db.set_multiple_results(inside, WorkResult(output="in a type annotation",
                                                       worker_outcome=WorkerOutcome.SKIPPED))


def config(module: str, tests: list[str], functions: list[str] | None, repo: Path,
           timeout: float) -> str:
    command = shlex.join(test_command(tests))
    text = (f'[cosmic-ray]\nmodule-path = "{module}"\ntimeout = {timeout:.0f}\n'
            f'excluded-modules = []\ntest-command = {json.dumps(command)}\n'
            '[cosmic-ray.distributor]\nname = "local"\n')
    if functions:
        lines = function_lines((repo / module).read_text(encoding="utf-8"), functions)
        text += f'[cosmic-ray.filters.line-filter.lines]\n"{module}" = {json.dumps(lines)}\n'
    return text


def run_module(name: str, repo: Path) -> dict:
    """Mutate one module in the scratch repository; return its counts and survivors."""
    from cosmic_ray.work_db import WorkDB, use_db
    from cosmic_ray.work_item import TestOutcome, WorkerOutcome

    module, tests, functions = MODULES[name]
    config_path, session = repo / f"mutation-{name}.toml", repo / f"mutation-{name}.sqlite"
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PYTHONPATH=str(repo))  # the copy, not an installed khabar

    def cosmic(*args: str) -> None:
        subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=repo, env=env, check=True,
                       stdout=subprocess.DEVNULL)

    started = time.monotonic()
    baseline = subprocess.run(test_command(tests), cwd=repo, env=env, capture_output=True,
                              text=True)
    if baseline.returncode != 0:  # every mutant would count as killed
        raise SystemExit(f"{name}: the tests fail before any mutation:\n{baseline.stdout[-3000:]}")
    timeout = max(MIN_TIMEOUT, TIMEOUT_FACTOR * (time.monotonic() - started))
    config_path.write_text(config(module, tests, functions, repo, timeout), encoding="utf-8")
    cosmic("cosmic-ray", "init", config_path.name, session.name)
    if functions:
        cosmic("cr-filter-lines", "--config", config_path.name, session.name)
    skip_annotations(session, (repo / module).read_text(encoding="utf-8"))
    cosmic("cosmic-ray", "exec", config_path.name, session.name)
    outcome = {"module": module, "tests": tests, "functions": functions,
               "killed": 0, "survived": 0, "incompetent": 0, "survivors": []}
    with use_db(str(session), WorkDB.Mode.open) as db:
        for item, result in db.completed_work_items:
            if result.worker_outcome == WorkerOutcome.SKIPPED:
                continue
            if result.test_outcome == TestOutcome.INCOMPETENT:
                outcome["incompetent"] += 1  # the mutant does not even import
            elif result.test_outcome == TestOutcome.SURVIVED:
                outcome["survived"] += 1
                mutation = item.mutations[0]
                outcome["survivors"].append(
                    f"{module}:{mutation.start_pos[0]} {mutation.operator_name}")
            else:
                outcome["killed"] += 1
    outcome["minutes"] = round((time.monotonic() - started) / 60, 1)
    return outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("modules", nargs="*", metavar="MODULE",
                        help=f"any of {', '.join(MODULES)} (default: all)")
    names = parser.parse_args().modules or list(MODULES)
    unknown = set(names) - set(MODULES)
    if unknown:
        parser.error(f"unknown module {sorted(unknown)[0]!r}; choose from {', '.join(MODULES)}")
    results = {}
    with tempfile.TemporaryDirectory(prefix="khabar-mutation-") as scratch:
        repo = Path(scratch) / ROOT.name
        shutil.copytree(ROOT, repo, ignore=IGNORED)
        if (ROOT.parent / "shared").is_dir():  # the benchmark data beside the repository
            (Path(scratch) / "shared").symlink_to(ROOT.parent / "shared")
        for name in names:
            outcome = run_module(name, repo)
            tried = outcome["killed"] + outcome["survived"]
            score = outcome["killed"] / tried if tried else 0.0
            print(f"{outcome['module']}: {outcome['killed']} killed, {outcome['survived']} "
                  f"survived ({score:.0%} killed) in {outcome['minutes']} min", flush=True)
            for survivor in outcome["survivors"]:
                print(f"  survived: {survivor}", flush=True)
            results[name] = outcome | {"score": round(score, 3),
                                       "date": dt.date.today().isoformat(),
                                       "command": "python bench/mutation.py " + " ".join(names)}
    # the modules run now replace their earlier figures; the others' stay
    earlier = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps(earlier | results, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")


if __name__ == "__main__":
    main()
