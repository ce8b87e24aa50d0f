"""Shared test fixtures: the user's seed document, the shipped corpus, a CLI runner, and
adding JSON Lines records through it."""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli.main import cli
from indexer.analysis.terms import document_terms, inside_sentence_key

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


def distinct(text: str, number: int) -> str:
    """`text` with a line of codes of its own, so that articles written from one sentence are
    not taken for near-duplicates of each other."""
    return f"{text}\n\nref {' '.join(f'r{number}x{i}' for i in range(12))}"


def add_records(khabar, path: Path, records: list[dict]) -> None:
    """Write `records` to `path` as JSON Lines and `khabar add` them; every one is stored."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    added = khabar("add", str(path), "-j", "1", "--json")
    assert parsed(added)["added"] == len(records), added.stderr


class TextVocabulary:
    """`names.Vocabulary` over a few article texts, read as the index reads them (no language)."""

    def __init__(self, *texts: str):
        self.frequency: Counter[str] = Counter()
        self.keyed: Counter[str] = Counter()
        for text in texts:
            terms = document_terms(text)
            self.frequency.update(set(terms.positions))
            self.keyed.update(set(terms.keys))

    def terms_with_key(self, key: str) -> list[tuple[str, int]]:
        return [(keyed.split(":", 1)[1], count) for keyed, count in self.keyed.items()
                if keyed.split(":", 1)[0] == key]

    def doc_frequency(self, term: str) -> int:
        return self.frequency[term]

    def noun_capitalised(self, term: str) -> int:
        return 0  # the texts have no language

    def capitalised_inside_sentences(self, term: str) -> int:
        return self.keyed[inside_sentence_key(term)]
