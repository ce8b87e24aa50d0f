"""The layers the README's architecture section describes, read from the code's imports
(every import, also those inside functions): data flows cli → indexer → archive, and within
the indexer the word knowledge (lexicon) sits below the analysis, the analysis below the
names, and the query plan knows no engine."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("archive", "indexer", "cli")

#: module prefix -> module prefixes it must never import
FORBIDDEN = {
    "archive": ("indexer", "cli"),
    "indexer": ("cli",),
    "indexer.lexicon": ("indexer.analysis", "indexer.names", "indexer.expansion",
                        "indexer.search", "indexer.whoosh_engine", "whoosh"),
    "indexer.analysis": ("indexer.names", "indexer.expansion", "indexer.search",
                         "indexer.whoosh_engine", "indexer.whoosh_fields", "indexer.maintenance"),
    "indexer.names": ("indexer.expansion", "indexer.search", "indexer.whoosh_engine",
                      "indexer.whoosh_fields", "whoosh"),
    "indexer.expansion": ("indexer.whoosh_engine", "indexer.whoosh_fields", "whoosh"),
}
#: analysis modules that must stay plain functions: whoosh's analysis classes live in chains
ENGINE_NEUTRAL_ANALYSIS = ("indexer.analysis.terms", "indexer.analysis.common_grams",
                           "indexer.analysis.arabic",
                           "indexer.analysis.latin", "indexer.analysis.sorani")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path, name: str) -> set[str]:
    """Every module `path` (the module `name`) imports, absolute or relative, at any depth."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


MODULES = {module_name(path): path for package in PACKAGES
           for path in sorted((ROOT / package).rglob("*.py"))}


def breaks(name: str, imported: set[str]) -> list[str]:
    return sorted(f"{name} imports {module}"
                  for layer, banned in FORBIDDEN.items() if within(name, layer)
                  for module in imported
                  for prefix in banned if within(module, prefix))


@pytest.mark.parametrize("name", sorted(MODULES))
def test_no_import_runs_back_up(name):
    assert not breaks(name, imports(MODULES[name], name))


@pytest.mark.parametrize("name", ENGINE_NEUTRAL_ANALYSIS)
def test_analysis_functions_know_no_engine_classes(name):
    """Only the porter stemmer function is taken from whoosh; its analyzer classes stay in
    chains, the module path whoosh has pickled into existing indexes."""
    engine = {module for module in imports(MODULES[name], name)
              if within(module, "whoosh") and not within(module, "whoosh.lang.porter")}
    assert not engine


def test_a_break_inside_a_function_or_relative_is_seen(tmp_path):
    """An import written late, inside a function, or relatively, is still an import."""
    source = tmp_path / "late.py"
    source.write_text("def f():\n    from indexer.search import search\n")
    assert breaks("archive.late", imports(source, "archive.late")) == \
        ["archive.late imports indexer.search", "archive.late imports indexer.search.search"]
    source.write_text("from ..names import gazetteer\n")
    assert breaks("indexer.analysis.late", imports(source, "indexer.analysis.late")) == \
        ["indexer.analysis.late imports indexer.names",
         "indexer.analysis.late imports indexer.names.gazetteer"]
