"""khabar on a real terminal (a pseudo-terminal): the pager, colours through less, wrapping."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from cli.output import width
from tests.conftest import parsed

REPO = Path(__file__).resolve().parents[1]
ESCAPES = re.compile(rb"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[=>]|\r")
LONG_EN = ("Hasakah, Syria – The Alouk water station stopped pumping again this week, and "
           "families in the southern districts queued for water trucks that came once a day. "
           "Residents said the price of a tank of water had doubled since the spring, and the "
           "council asked aid groups for pumps, generators and fuel for the coming summer.")
LONG_AR = ("الحسكة – توقفت محطة علوك عن ضخ المياه مرة أخرى هذا الأسبوع، ووقفت العائلات في "
           "الأحياء الجنوبية في طوابير أمام صهاريج المياه التي تأتي مرة واحدة في اليوم. وقال "
           "السكان إن سعر خزان المياه تضاعف منذ الربيع، وطلب المجلس من المنظمات مضخات ومولدات.")


@pytest.fixture
def archive(khabar, archive_dir, tmp_path) -> Path:
    articles = [{"url": f"https://water.example/{n}", "title": f"Water cut day {n}",
                 "date": f"2016-02-{n + 1:02}", "lang": "en",
                 # words of their own, so that no two are near-duplicates of each other
                 "text": LONG_EN + " " + " ".join(f"street{n}x{k}" for k in range(60))}
                for n in range(8)]
    articles.append({"url": "https://water.example/ar", "title": "انقطاع المياه",
                     "date": "2016-03-01", "lang": "ar", "text": LONG_AR})
    path = tmp_path / "water.jsonl"
    path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), "utf-8")
    assert khabar("add", str(path), "-j", "1").exit_code == 0
    return archive_dir


def on_terminal(archive: Path, *args: str, rows: int, columns: int, **env: str) -> bytes:
    """Run khabar with a pseudo-terminal of `rows`×`columns` as stdin, stdout and stderr, with
    $PAGER and $LESS unset unless given; answer `q` when output stops (a pager waits for it)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {k: v for k, v in os.environ.items() if k not in ("PAGER", "LESS", "NO_COLOR")}
    environment.update(TERM="xterm", PYTHONPATH=str(REPO), PYTHONWARNINGS="ignore", **env)
    # a session of its own: no controlling terminal, so less reads its keys from stderr (the pty)
    process = subprocess.Popen([sys.executable, "-m", "cli.main", "--archive", str(archive), *args],
                               stdin=slave, stdout=slave, stderr=slave, env=environment, cwd=REPO,
                               start_new_session=True)
    os.close(slave)
    seen, quiet_since, deadline = b"", time.monotonic(), time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the terminal closed: every process on it has left
                    break
                if not chunk:
                    break
                seen, quiet_since = seen + chunk, time.monotonic()
            elif process.poll() is not None:
                break
            elif seen and time.monotonic() - quiet_since > 1.5:
                os.write(master, b"q")
                quiet_since = time.monotonic()
        assert process.wait(timeout=30) in (0, 1), seen
    finally:
        os.close(master)
        if process.poll() is None:
            process.kill()
    return seen


def test_search_pages_through_less_with_colours_not_escape_codes(archive):
    shown = on_terminal(archive, "search", "water", rows=12, columns=80)
    assert 1 <= shown.count(b"Water cut day") < 8  # less showed the first screen of 8 hits
    assert b"ESC[" not in shown  # what less prints for an escape it was not told to pass on
    assert b"\x1b[1mWater cut day" in shown  # bold titles reach the terminal as bold


def test_a_users_less_settings_are_kept(archive, tmp_path):
    recorder = tmp_path / "pager.sh"
    recorder.write_text(f'#!/bin/sh\necho "LESS=$LESS" > {tmp_path}/env\ncat > {tmp_path}/paged\n')
    recorder.chmod(0o755)
    on_terminal(archive, "search", "water", rows=12, columns=80, PAGER=str(recorder), LESS="-S")
    assert (tmp_path / "env").read_text() == "LESS=-S\n"
    on_terminal(archive, "search", "water", rows=12, columns=80, PAGER=str(recorder))
    assert (tmp_path / "env").read_text() == "LESS=FRX\n"


def test_output_that_fits_is_printed_without_a_pager(archive, tmp_path):
    recorder = tmp_path / "pager.sh"
    recorder.write_text(f"#!/bin/sh\ncat > {tmp_path}/paged\n")
    recorder.chmod(0o755)
    shown = on_terminal(archive, "search", "انقطاع", rows=60, columns=80, PAGER=str(recorder))
    assert "انقطاع المياه".encode() in shown and not (tmp_path / "paged").exists()


@pytest.mark.parametrize("command", [("show", "ID"), ("crawls",)])
def test_show_and_crawls_page_long_output(archive, khabar, tmp_path, command):
    recorder = tmp_path / "pager.sh"
    recorder.write_text(f"#!/bin/sh\ncat > {tmp_path}/paged\n")
    recorder.chmod(0o755)
    first = parsed(khabar("search", "water", "--json"))["hits"][0]["id"]
    for n in range(4):  # more inputs than the terminal has rows
        (tmp_path / f"more{n}.txt").write_text(f"Note {n}\n\n" + LONG_EN, "utf-8")
        khabar("add", str(tmp_path / f"more{n}.txt"), "-j", "1")
    args = [first if arg == "ID" else arg for arg in command]
    on_terminal(archive, *args, rows=6, columns=60, PAGER=str(recorder))
    paged = (tmp_path / "paged").read_text("utf-8")
    assert ("residents said" in paged.lower()) if command[0] == "show" else "water.jsonl" in paged


@pytest.mark.parametrize("query, text", [("pumping", LONG_EN), ("علوك", LONG_AR)])
def test_snippets_wrap_at_word_boundaries_to_the_terminal_width(archive, query, text):
    # --exact: the Arabic spelling would also find the English article, whose words differ
    shown = ESCAPES.sub(b"", on_terminal(archive, "search", query, "--exact", rows=100,
                                         columns=44))
    lines = shown.decode("utf-8").split("\n")
    snippet_lines = [line for line in lines if line.startswith("  ") and not re.match(
        r"  (\d{4}-|https?:)", line)]
    assert len(snippet_lines) >= 3
    assert all(width(line) <= 44 for line in lines)
    words = " ".join(snippet_lines).replace("[[", "").replace("]]", "").split()
    assert all(word.strip("…") in text.split() for word in words if word.strip("…"))


def test_raw_capture_on_a_terminal_is_made_safe(khabar, archive_dir, tmp_path):
    page = tmp_path / "trap.html"
    page.write_bytes(b"<html><head><title>Water trap</title></head><body><article><p>"
                     + LONG_EN.encode() + b" \x1b]8;;http://evil.example\x07click\x1b]8;;\x07"
                     b" \x1b[2J\x1b[31m</p></article></body></html>")
    khabar("add", str(page), "-j", "1")
    ident = parsed(khabar("search", "pumping", "--json"))["hits"][0]["id"]
    assert khabar("show", ident, "--raw").stdout_bytes == page.read_bytes()  # a pipe: exact
    shown = on_terminal(archive_dir, "show", ident, "--raw", rows=100, columns=200)
    assert b"Water trap" in shown and b"click" in shown
    assert b"\x1b]8" not in shown and b"\x1b[2J" not in shown and b"\x1b[31m" not in shown
