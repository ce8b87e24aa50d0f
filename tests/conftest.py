"""Shared test fixtures: the user's seed document, the shipped corpus, a CLI runner."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SEED = DATA / "seeds" / "000_fa68ba3b678c85c0.txt"
SAMPLES = DATA / "warc-samples"
CORPUS = ROOT / "corpus"


@pytest.fixture
def archive_dir(tmp_path: Path) -> Path:
    return tmp_path / "archive"


@pytest.fixture
def khabar(archive_dir: Path):
    """Run `khabar --archive <tmp> ARGS…` in-process; returns click's Result."""
    runner = CliRunner()

    def run(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, ["--archive", str(archive_dir), *args], input=input,
                             catch_exceptions=False)

    return run


def parsed(result) -> dict:
    """The JSON a command printed on stdout."""
    return json.loads(result.stdout)
