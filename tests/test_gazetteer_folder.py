"""KHABAR_NAMES_DATA replaces the shipped gazetteer folder: the benchmarks measure names the
gazetteer lacks that way (places left out, curated.tsv emptied)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def variants(name: str, tmp_path: Path, names_data: Path | None) -> list[dict]:
    """`khabar variants NAME --json` in a fresh process (the gazetteer is loaded once per
    process), with its own cache directory."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    env.pop("KHABAR_NAMES_DATA", None)
    if names_data is not None:
        env["KHABAR_NAMES_DATA"] = str(names_data)
    done = subprocess.run([sys.executable, "-m", "cli.main", "--archive", str(tmp_path / "archive"),
                           "variants", name, "--json"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_a_gazetteer_folder_given_through_the_environment_is_the_one_used(tmp_path):
    folder = tmp_path / "names-data"
    folder.mkdir()
    (folder / "geonames.tsv").write_text(
        "# a one-place gazetteer\ngeonames:990001\tplace\tSY\t1200\tZerdavanik|Zirdawanik|زردوانك\n",
        encoding="utf-8")
    (folder / "curated.tsv").write_text("# emptied\n", encoding="utf-8")

    listed = {row["spelling"]: row["reason"] for row in variants("Zerdavanik", tmp_path, folder)}
    assert "زردوانك" in listed and "geonames:990001" in listed["زردوانك"]
    assert "Zirdawanik" in listed
    # The shipped places are gone with the shipped folder: Qamishli lists only itself.
    assert [row["spelling"] for row in variants("Qamishli", tmp_path, folder)] == ["Qamishli"]

    shipped = {row["spelling"] for row in variants("Zerdavanik", tmp_path, None)}
    assert "زردوانك" not in shipped
