"""What `khabar` takes from its environment: where the archive is, and whether stderr is a terminal."""
from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli

REPO = Path(__file__).resolve().parents[1]


def articles(path: Path, count: int = 3) -> Path:
    path.write_text("".join(json.dumps({
        "url": f"https://env.example/{n}", "title": f"Amuda harvest {n}",
        "text": f"Farmers in Amuda brought in the wheat harvest early, report number {n}."}) + "\n"
        for n in range(count)), encoding="utf-8")
    return path


@pytest.mark.parametrize("variables, archive", [
    ({"KHABAR_ARCHIVE": "{tmp}/chosen", "XDG_DATA_HOME": "{tmp}/data"}, "chosen"),
    ({"KHABAR_ARCHIVE": None, "XDG_DATA_HOME": "{tmp}/data"}, "data/khabar"),
    ({"KHABAR_ARCHIVE": None, "XDG_DATA_HOME": None, "HOME": "{tmp}/home"},
     "home/.local/share/khabar"),
])
def test_the_archive_comes_from_the_environment_without_archive(tmp_path, variables, archive):
    env = {name: value and value.format(tmp=tmp_path) for name, value in variables.items()}
    runner = CliRunner(env=env)
    added = runner.invoke(cli, ["add", str(articles(tmp_path / "a.jsonl")), "-j", "1"])
    assert added.exit_code == 0, added.stderr
    assert f"(archive: {tmp_path / archive})" in added.stderr
    assert (tmp_path / archive / "khabar.sqlite3").is_file()
    found = runner.invoke(cli, ["search", "Amuda", "--json"])
    assert json.loads(found.stdout)["total"] == 3


def test_add_shows_a_progress_line_on_a_terminal_and_clears_it(tmp_path):
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--archive", str(tmp_path / "archive"), "add",
         str(articles(tmp_path / "a.jsonl")), "-j", "1"],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=terminal)
    os.close(terminal)
    shown = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the process
            break
        if not chunk:
            break
        shown += chunk
    os.close(controller)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 0 and stdout == b""
    text = shown.decode()
    # a line that rewrites itself: carriage return, erase line, the counts so far
    assert "\r\x1b[K1 records (" in text and "added 1, duplicates 0, rejected 0, skipped 0" in text
    # cleared before the summary, so the summary stands alone on its line
    assert text.endswith("\r\x1b[Kadded 3, duplicates 0, rejected 0, skipped 0 "
                         f"(archive: {tmp_path / 'archive'})\r\n")


def test_add_prints_no_progress_line_when_stderr_is_not_a_terminal(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "cli.main", "--archive", str(tmp_path / "archive"), "add",
         str(articles(tmp_path / "a.jsonl")), "-j", "1"],
        cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)), capture_output=True, text=True,
        timeout=120)
    assert done.returncode == 0
    assert done.stderr == f"added 3, duplicates 0, rejected 0, skipped 0 (archive: {tmp_path / 'archive'})\n"
