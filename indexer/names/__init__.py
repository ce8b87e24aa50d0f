"""Name variants: which other spellings and names a query word should also match.

Three layers (issue 5): the gazetteer's entities with all their names; for names it lacks,
the cross-script phonetic key as a candidate generator over the archive's own spellings,
filtered by vowel evidence; and ordinary words, which are not names and match themselves.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from indexer.analysis import chains
from indexer.names.gazetteer import Entity, Gazetteer
from indexer.names.phonetic import MIN_KEY_CONSONANTS, name_key, name_keys, sounds_alike

# A Latin word counts as a name when at least this share of the documents holding it
# write it capitalised (the `keys` field only records capitalised Latin words).
NAME_CAPITALISED_SHARE = 0.5


@dataclass(frozen=True)
class Alternative:
    """One way to match a query word: index terms (several = a phrase), why, and whether it
    is the spelling typed."""

    terms: tuple[str, ...]
    reason: str
    exact: bool


class Vocabulary(Protocol):
    """What expansion needs to know about an archive's index."""

    def terms_with_key(self, key: str) -> list[tuple[str, int]]:
        """Index terms (or "term term" pairs) whose name key is `key`, with document frequency
        in the `keys` field (documents writing them as a name)."""

    def doc_frequency(self, term: str) -> int:
        """How many documents hold `term` in the text."""


def cache_dir() -> Path:
    """Where the gazetteer keeps its parsed, normalised form between runs."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "khabar"


def gazetteer(variants_file: Path | None = None) -> Gazetteer:
    """The shipped gazetteer, plus an archive's own variants file when given; keyed by the
    same normalisation as the index. Loaded once per process, and again only when the
    archive's variants file changes (`khabar variants add`)."""
    stamp = variants_file.stat().st_mtime_ns if variants_file and variants_file.exists() else 0
    return _load_gazetteer(variants_file, stamp)


@lru_cache(maxsize=8)
def _load_gazetteer(variants_file: Path | None, stamp: int) -> Gazetteer:
    return Gazetteer.load(normalise=chains.term_of, extra=variants_file, cache_dir=cache_dir())


def expand(terms: tuple[str, ...], vocabulary: Vocabulary,
           names: Gazetteer | None = None) -> list[Alternative] | None:
    """The alternatives for a query word (always a list, the typed spelling first) or for a
    run of words (None unless the run is a known or keyed multi-word name)."""
    names = names or gazetteer()
    typed = " ".join(terms)
    exact = Alternative(tuple(terms), "as typed", True)
    entities = names.lookup(typed)
    if len(terms) == 1 and not _name_like(typed, vocabulary, bool(entities)):
        return [exact]
    found: dict[tuple[str, ...], Alternative] = {tuple(terms): exact}
    for alternative in _from_gazetteer(typed, entities, names):
        found.setdefault(alternative.terms, alternative)
    for alternative in _from_key(typed, entities, vocabulary, names):
        found.setdefault(alternative.terms, alternative)
    if len(terms) > 1 and len(found) == 1:
        return None
    return list(found.values())


def explain(name: str, names: Gazetteer | None = None) -> list[tuple[str, str]]:
    """The spellings and names `khabar variants NAME` lists, each with its reason."""
    names = names or gazetteer()
    typed = " ".join(chains.analyze(name))
    listed: dict[str, str] = {}
    for entity in names.lookup(typed):
        for spelling in _ordered_names(typed, entity, names):
            listed.setdefault(spelling, _reason(typed, spelling, entity, names))
    keys = [key for key in name_keys(typed) if len(key) >= MIN_KEY_CONSONANTS]
    if keys:
        listed.setdefault(name, f"phonetic key {'/'.join(keys)}: the archive's spellings with "
                                "this key and agreeing vowels also match")
    else:
        listed.setdefault(name, "as typed (too short a key for spelling variants)")
    return list(listed.items())


def _name_like(term: str, vocabulary: Vocabulary, known: bool) -> bool:
    """Whether a word is used as a name in this archive (Latin words the archive mostly
    writes in lower case are ordinary words; unknown words and Arabic script may be names).
    `known`: the gazetteer has it, the only evidence for words too short to be keyed."""
    if chains.ARABIC_SCRIPT.search(term):
        return True
    documents = vocabulary.doc_frequency(term)
    if not documents:
        return True
    keys = [key for key in name_keys(term) if len(key) >= MIN_KEY_CONSONANTS]
    if not keys:
        return known
    capitalised = sum(df for key in keys
                      for candidate, df in vocabulary.terms_with_key(key) if candidate == term)
    return capitalised >= NAME_CAPITALISED_SHARE * documents


def _from_gazetteer(typed: str, entities: list[Entity], names: Gazetteer) -> list[Alternative]:
    alternatives = []
    for entity in entities:
        for spelling in _ordered_names(typed, entity, names):
            terms = tuple(names.key(spelling).split())
            if terms:
                alternatives.append(Alternative(terms, _reason(typed, spelling, entity, names),
                                                False))
    return alternatives


def _ordered_names(typed: str, entity: Entity, names: Gazetteer) -> list[str]:
    """An entity's names, spellings of the typed name first, then its other names."""
    return sorted(entity.names, key=lambda spelling: not sounds_alike(typed, names.key(spelling)))


def _reason(typed: str, spelling: str, entity: Entity, names: Gazetteer) -> str:
    relation = "spelling" if sounds_alike(typed, names.key(spelling)) else "name"
    return f"{relation} of {entity.names[0]} ({entity.source} {entity.id})"


def _from_key(typed: str, entities: list[Entity], vocabulary: Vocabulary,
              names: Gazetteer) -> list[Alternative]:
    """The archive's spellings sharing a phonetic key with `typed` whose vowels agree, minus
    known names of other entities and ordinary words."""
    own = {entity.id for entity in entities}
    alternatives = []
    for key in name_keys(typed):
        if len(key) < MIN_KEY_CONSONANTS:
            continue
        for candidate, _ in vocabulary.terms_with_key(key):
            if candidate == typed or not sounds_alike(typed, candidate):
                continue
            others = {entity.id for entity in names.lookup(candidate)}
            if own and others and not own & others:
                continue  # a name of another entity (Hussein is not Hassan)
            if " " not in candidate and not _name_like(candidate, vocabulary, bool(others)):
                continue
            alternatives.append(Alternative(tuple(candidate.split()), f"phonetic key {key}", False))
    return alternatives


__all__ = ["Alternative", "Vocabulary", "expand", "explain", "gazetteer", "name_key"]
