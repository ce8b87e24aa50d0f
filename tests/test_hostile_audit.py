"""Every hostile case in one run, watched: no traceback, nothing read or written outside the
inputs and the archive, and an archive that verifies.

khabar runs in subprocesses whose audit hook (`sys.addaudithook`) logs every file opened,
by the process and by its cleaning workers; the log is then checked path by path.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import threading
from pathlib import Path

import cli.main
from indexer.names import cache_dir
from tests.test_hostile_input import HOSTILE_TEXT, TERMINAL_CONTROLS, good_page, write_warc
from tests.test_hostile_sites import fetch_command, hostile_answers, running

REPO = Path(__file__).resolve().parents[1]
#: Where khabar's own code and data are read from (the repository, wherever it is linked).
CODE = (REPO, Path(cli.main.__file__).resolve().parents[1])
#: The address space khabar runs in: a 10 GB Content-Length must not be believed under it.
ADDRESS_SPACE = 2 * 1024 ** 3

#: Run khabar with an audit hook that logs each opened path and its mode to a file
#: descriptor (os.write raises no audit event of its own).
RUNNER = """
import os, resource, sys
log = os.open(os.environ["KHABAR_OPEN_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT)
def watch(event, args):
    if event == "open" and isinstance(args[0], (str, bytes)):
        path = os.fsdecode(args[0])
        writing = (isinstance(args[1], str) and any(m in args[1] for m in "wax+")) or (
            isinstance(args[2], int) and args[2] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT))
        os.write(log, f"{'w' if writing else 'r'} {os.path.abspath(path)}\\n".encode(errors="replace"))
sys.addaudithook(watch)
resource.setrlimit(resource.RLIMIT_AS, (int(os.environ["KHABAR_AS"]),) * 2)
from cli.main import cli
cli(sys.argv[1:], prog_name="khabar")
"""

#: What Python, its libraries and the C library read to start and run: never crawl data.
RUNTIME_READS = ("/dev/", "/proc/self/", "/sys/devices/system/cpu/", "/sys/fs/cgroup/",
                 "/etc/localtime", "/usr/share/zoneinfo/", "/etc/ld.so.cache", "/usr/lib/",
                 "/lib/", "/usr/local/lib/", "/etc/ssl/", "/usr/lib/ssl/", "/etc/hosts",
                 "/etc/resolv.conf", "/etc/nsswitch.conf", "/etc/gai.conf", "/etc/host.conf")


def khabar(log: Path, archive: Path, *args: str) -> tuple[int, str, str]:
    env = dict(os.environ, PYTHONPATH=str(REPO), KHABAR_OPEN_LOG=str(log),
               KHABAR_AS=str(ADDRESS_SPACE), NO_COLOR="1")
    done = subprocess.run([sys.executable, "-c", RUNNER, "--archive", str(archive), *args],
                          cwd=REPO, env=env, capture_output=True, timeout=600)
    return done.returncode, done.stdout.decode(errors="replace"), done.stderr.decode(errors="replace")


def hostile_inputs(folder: Path) -> list[Path]:
    """A folder with links out of it, deep JSON, a negative WARC length, controls in text,
    and an endless page through a named pipe."""
    site = folder / "site"
    site.mkdir(parents=True)
    (site / "page.html").write_bytes(good_page(500))
    (site / "root").symlink_to("/")
    (site / "passwd.html").symlink_to("/etc/passwd")
    deep = folder / "deep.jsonl"
    deep.write_text(json.dumps({"url": "https://j.example/1", "text": "Amuda words " * 30}) + "\n"
                    + "[" * 2000 + "]" * 2000 + "\n"
                    + json.dumps({"url": "https://j.example/2", "text": "Amuda fields " * 30}) + "\n")
    warc = write_warc(folder / "whole.warc", [(f"https://n.example/{n}", good_page(510 + n))
                                              for n in range(3)]).read_bytes()
    cut = warc.index(b"Content-Length: ", warc.index(b"WARC/1.0", 1))
    (folder / "negative.warc").write_bytes(warc[:cut] + b"Content-Length: -376"
                                           + warc[warc.index(b"\r\n", cut):])
    (folder / "whole.warc").unlink()
    hostile = folder / "hostile.jsonl"
    hostile.write_text(json.dumps({"url": "https://evil.example/1\x1b[2J",
                                   "title": "Qamishli \x1b]0;owned\x07 \x9b2J \u202eevil\x7f",
                                   "text": ("Qamishli news " * 20 + HOSTILE_TEXT) * 3}) + "\n")
    pipe = folder / "endless.html"
    os.mkfifo(pipe)

    def endless() -> None:
        try:
            with open(pipe, "wb") as stream:
                for _ in range(200):
                    stream.write(b"<p>" + b"x" * 1024 * 1024)
        except BrokenPipeError:
            pass

    threading.Thread(target=endless, daemon=True).start()
    return [site, deep, folder / "negative.warc", hostile, pipe]


def outside(log: Path, allowed: list[Path]) -> list[str]:
    """Paths the log shows opened outside `allowed` (reads may also touch the runtime).

    Links are resolved first, in the log and in `allowed` (a cache folder given as
    ".../x/../cache"): a page that is a link to /etc/passwd is /etc/passwd."""
    runtime = {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib",
                                                        "platlib")} | {sys.prefix, sys.base_prefix}
    bad = []
    for line in log.read_text().splitlines():
        mode, path = line.split(" ", 1)
        real = os.path.realpath(path)
        if any(Path(real).is_relative_to(os.path.realpath(place)) for place in allowed):
            continue
        if mode == "r" and (real.startswith(RUNTIME_READS) or path.startswith(RUNTIME_READS)
                            or any(real.startswith(os.path.realpath(p)) for p in runtime)
                            or any(Path(real).is_relative_to(place) for place in CODE)):
            continue
        bad.append(line)
    return bad


def test_every_hostile_case_in_one_watched_run(tmp_path):
    inputs, archive, log = tmp_path / "inputs", tmp_path / "archive", tmp_path / "opened.log"
    paths = hostile_inputs(inputs)
    runs = [khabar(log, archive, "add", "--jobs", "1", *map(str, paths))]
    assert runs[0][0] == 3, runs[0][2]
    assert "root links outside" in runs[0][2] and "passwd.html links outside" in runs[0][2]
    assert "nested more than" in runs[0][2] and "negative WARC Content-Length (-376)" in runs[0][2]
    assert "endless.html: over 20 MB" in runs[0][2]
    with running(hostile_answers()) as site:
        runs.append(khabar(log, archive, *fetch_command(site)))
    status, out, err = runs[-1]
    assert status == 3, err
    report = json.loads(out)
    assert report["added"] == 2 and len(report["failed"]) == 11
    assert f"failed: {site.base}/length-10-gb: larger than 20 MB" in err
    hit = json.loads(khabar(log, archive, "search", "Qamishli", "--json")[1])["hits"][0]["id"]
    for command in [("search", "Qamishli", "--csv"), ("search", "Qamishli", "--tsv"),
                    ("search", "Qamishli", "--jsonl"), ("show", hit, "--json"), ("show", hit),
                    ("export", "--format", "csv", "-o", "-"), ("export", "--format", "jsonl"),
                    ("crawls",), ("verify", "--json")]:
        runs.append(khabar(log, archive, *command))
        assert runs[-1][0] == 0, (command, runs[-1][2])
        printed = (runs[-1][1] + runs[-1][2]).replace("\r\n", "\n")  # CSV ends rows with CR LF
        assert not TERMINAL_CONTROLS.search(printed), command
    assert json.loads(runs[-1][1])["ok"] is True
    for status, out, err in runs:
        assert "Traceback" not in err and not re.search(r"Error\b.*line \d+", err)
    opened = log.read_text()
    assert f"r {inputs}/deep.jsonl" in opened and f"w {archive}/" in opened  # the hook saw them
    assert outside(log, [inputs, archive, cache_dir()]) == []
    assert "/etc/passwd" not in opened and "khabar-input-" not in opened  # no pipe spooled
