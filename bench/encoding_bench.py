#!/usr/bin/env python3
"""Page encodings on real pages: every gzip page under ../shared/bench (trafilatura's
evaluation pages, the extraction sets, htmldate's date pages) decoded by khabar's encoding
step, with the encodings chosen and the milliseconds a page.

`--against OLD.py` decodes each page with another version of archive/clean/encoding.py too
(one page with each in turn, so load falls on both alike) and counts the pages whose chosen
encoding or decoded text differ: when none differs, no text or date figure of the real-page
benchmarks can change. Not a test: it reports figures.

    .venv/bin/python bench/encoding_bench.py [--against OLD.py]
"""
from __future__ import annotations

import argparse
import gzip
import importlib.util
import sys
import time
from collections import Counter
from pathlib import Path

from extraction_bench import REPO, find_shared

sys.path.insert(0, str(REPO))


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", type=Path, help="another version of encoding.py")
    args = parser.parse_args()
    shared = find_shared("encoding_bench", "nothing to decode")
    if shared is None:
        return 0
    versions = {"khabar": load(REPO / "archive/clean/encoding.py", "encoding_now")}
    if args.against:
        versions["against"] = load(args.against, "encoding_against")
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(shared.rglob("*.gz"))]
    seconds = Counter()
    chosen = {name: [] for name in versions}
    for raw in pages:
        for name, module in versions.items():
            started = time.perf_counter()
            chosen[name].append(module.decode(raw))
            seconds[name] += time.perf_counter() - started
    print(f"{len(pages)} pages")
    for name in versions:
        encodings = Counter(encoding for _, encoding in chosen[name]).most_common(6)
        print(f"{name}: {1000 * seconds[name] / len(pages):.2f} ms a page; "
              + ", ".join(f"{encoding} {count}" for encoding, count in encodings))
    if args.against:
        pairs = list(zip(chosen["khabar"], chosen["against"]))
        print(f"encoding differs on {sum(a[1] != b[1] for a, b in pairs)} pages, "
              f"text on {sum(a[0] != b[0] for a, b in pairs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
