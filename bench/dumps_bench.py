#!/usr/bin/env python3
"""Text-dump benchmark: real pages dumped by the tools people use, then cleaned as dumps.

Each page of trafilatura-eval (../shared/bench/extraction, README there) is turned
into plain text by `lynx -dump`, `w3m -dump`, `html2text` and `pandoc -t plain`
(Debian packages; `make bench-dumps` installs them), and the page's metadata
(title, "By …", "Source: …", date, as trafilatura reads them from the page) is
written around the dump: at the top, at the bottom, or both, with the title as
the first line as in a copy-paste. The cleaner reads each dump as a text capture;
scored are:

* keep: dumps on which every must-keep string of the page that the tool put in
  the dump is still in the article, and which are not rejected (a dump must never lose
  its body); pages a tool renders empty (script-only pages) are counted apart;
* title: the title written at the top is the article's title;
* author: the written author is the article's author (dumps that have one).

Prints one table per tool and metadata position and writes
bench/results/dumps.json. Not a test: it reports figures.

    .venv/bin/python bench/dumps_bench.py [--limit N]
"""
from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import shutil
import subprocess
import sys
import time
from collections import defaultdict

from extraction_bench import REPO, find_shared, write_results

RESULTS = REPO / "bench/results/dumps.json"
# The dump tools, each reading HTML on stdin and writing UTF-8 text on stdout.
TOOLS = {
    "lynx": ["lynx", "-dump", "-nolist", "-nonumbers", "-force_html", "-stdin",
             "-assume_charset=utf-8", "-display_charset=utf-8", "-width=100"],
    "w3m": ["w3m", "-dump", "-T", "text/html", "-I", "utf-8", "-O", "utf-8", "-cols", "100"],
    "html2text": ["html2text", "-utf8", "-nobs", "-width", "100"],
    "pandoc": ["pandoc", "-f", "html", "-t", "plain", "--columns=100"],
}
POSITIONS = ("top", "bottom", "both")
# A tool's output shorter than this is no dump of the page (a script-only page renders empty).
EMPTY_DUMP_CHARS = 40
SAMPLE_SEED = 15

sys.path.insert(0, str(REPO))


def _norm(text: str) -> str:
    return " ".join(text.split())


def dump(tool: str, html: str) -> str | None:
    try:
        done = subprocess.run(TOOLS[tool], input=html.encode("utf-8"), capture_output=True,
                              timeout=60)
    except subprocess.TimeoutExpired:
        return None
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def with_metadata(text: str, meta: dict, position: str) -> str:
    """The dump with the page's fields written as a person or a newsroom system would."""
    fields = [f"By {meta['author']}" if meta["author"] else "",
              f"Source: {meta['source']}" if meta["source"] else "",
              meta["date"] or ""]
    block = "\n".join(f for f in fields if f)
    top = block if position in ("top", "both") else ""
    bottom = block if position == "bottom" else (f"Source: {meta['source']}" if position == "both"
                                                 and meta["source"] else "")
    return "\n\n".join(part for part in (meta["title"], top, text.strip(), bottom) if part)


def page_metadata(html: str, url: str) -> dict:
    from trafilatura.metadata import extract_metadata

    found = extract_metadata(html, default_url=url)
    return {"title": _norm(found.title or ""), "author": _norm(found.author or "") or None,
            "source": _norm(found.sitename or "") or None, "date": found.date}


def _authors(text: str | None) -> set[str]:
    return {name.strip().casefold() for name in re.split(r";|,| and | & ", text or "") if name.strip()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=0, help="a seeded sample of N pages")
    args = parser.parse_args()
    shared = find_shared("dumps_bench", "nothing to score")
    if shared is None:
        return 2
    missing = [tool for tool, command in TOOLS.items() if not shutil.which(command[0])]
    if missing:
        print(f"dumps_bench: {', '.join(missing)} not installed (make bench-dumps installs them)",
              file=sys.stderr)
        return 2
    from archive.clean import clean_bytes
    from archive.clean.encoding import decode
    from archive.model import CleanError

    folder = shared / "extraction/trafilatura-eval"
    index = json.loads((folder / "evaldata.json").read_text("utf-8"))
    entries = [(url, e) for url, e in index.items() if (folder / "pages" / (e["file"] + ".gz")).exists()]
    if args.limit:
        entries = random.Random(SAMPLE_SEED).sample(entries, min(args.limit, len(entries)))
    counts = defaultdict(lambda: defaultdict(int))
    failures = []
    started = time.perf_counter()
    for url, entry in entries:
        html = decode(gzip.decompress((folder / "pages" / (entry["file"] + ".gz")).read_bytes()))[0]
        meta = page_metadata(html, url)
        if not meta["title"]:
            continue
        for tool in TOOLS:
            text = dump(tool, html)
            if text is None or len(text.strip()) < EMPTY_DUMP_CHARS:
                counts[f"{tool}/empty"]["dumps"] += 1  # the tool wrote nothing: nothing to clean
                continue
            dumped = _norm(text)
            must = [s for s in entry["with"] if _norm(s) in dumped]
            for position in POSITIONS:
                raw = with_metadata(text, meta, position).encode("utf-8")
                try:
                    article = clean_bytes(raw, url=url, kind="text")
                    found = _norm(article.title + " " + article.text)
                    title, author = article.title, article.author
                except CleanError as error:  # a dump with text that is rejected lost its body
                    found, title, author, rejected = "", "", None, str(error)
                else:
                    rejected = None
                lost = [s for s in must if _norm(s) not in found] + ([rejected] if rejected else [])
                for key in (f"{tool}/{position}", "all"):
                    c = counts[key]
                    c["dumps"] += 1
                    c["kept"] += not lost
                    c["title"] += _norm(title) == meta["title"]
                    if meta["author"]:
                        c["with_author"] += 1
                        c["author"] += _authors(author) == _authors(meta["author"])
                if lost:
                    failures.append({"url": url, "tool": tool, "position": position, "lost": lost[:3]})
    empty = {key: counts.pop(key)["dumps"] for key in [k for k in counts if k.endswith("/empty")]}
    rows = {key: {"dumps": c["dumps"], "keep": c["kept"] / c["dumps"], "title": c["title"] / c["dumps"],
                  "author": c["author"] / c["with_author"] if c["with_author"] else None,
                  "with_author": c["with_author"]}
            for key, c in sorted(counts.items())}
    print(f"{'tool/position':18} {'dumps':>5} {'keep':>6} {'title':>6} {'author':>7} (of)")
    for key, row in rows.items():
        author = f"{row['author']:7.3f}" if row["author"] is not None else "      -"
        print(f"{key:18} {row['dumps']:5d} {row['keep']:6.3f} {row['title']:6.3f} {author} "
              f"({row['with_author']})")
    print(f"\n{len(entries)} pages, {time.perf_counter() - started:.0f} s; keep = every must-keep "
          "string the tool wrote is still in the article; pages a tool rendered empty, left out: "
          + (", ".join(f"{key.split('/')[0]} {n}" for key, n in empty.items()) or "none"))
    write_results(RESULTS, {"command": " ".join(sys.argv), "rows": rows, "empty_dumps": empty,
                            "failures": failures[:200]})
    return 0


if __name__ == "__main__":
    sys.exit(main())
