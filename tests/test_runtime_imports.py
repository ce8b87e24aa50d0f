"""khabar imports only the camel-tools modules it uses: torch and transformers, which only
camel-tools' neural models need, are never loaded by add, search, show or clean."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import CORPUS

REPO = Path(__file__).resolve().parents[1]
SCRIPT = """
import json, sys
from click.testing import CliRunner
from cli.main import cli
archive, dump, page = sys.argv[1:4]
run = lambda *args: CliRunner().invoke(cli, ["--archive", archive, *args], catch_exceptions=False)
assert run("add", dump, page, "-j", "1").exit_code == 0
hit = json.loads(run("search", "Qamishlo", "--json").stdout)["hits"][0]
for args in (["show", hit["id"]], ["similar", hit["id"]], ["count", "--by", "place"],
             ["clean", page], ["variants", "Qamishlo"]):
    run(*args)
print(json.dumps(sorted(name for name in sys.modules
                        if name.split(".")[0] in ("torch", "transformers", "camel_tools"))))
"""


def test_no_torch_is_imported_at_run_time(tmp_path):
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "archive"),
         str(CORPUS / "dumps/2019-07-03-qamislo-av-qut.txt"),
         str(CORPUS / "al-jazira-post/news/2016/04/5230-qamishli-clashes.html")],
        cwd=REPO, capture_output=True, text=True, timeout=600, check=True)
    imported = json.loads(done.stdout.splitlines()[-1])
    assert "camel_tools.utils.normalize" in imported  # the one part khabar uses
    assert not [name for name in imported if name.split(".")[0] in ("torch", "transformers")]
    assert all(name == "camel_tools" or name.startswith("camel_tools.utils") for name in imported)
