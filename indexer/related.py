"""The named things an article is about, read through the gazetteer in any script: what lets
`similar` find a story's twin in another language, where more-like-this (which compares
words) sees nothing in common."""
from __future__ import annotations

import re
from collections import Counter

from indexer.names import Gazetteer

#: A run of letters and digits in any script.
WORD = re.compile(r"\w+")
#: The longest name looked up, in words ("Kurdish Red Crescent", "Ras al Ain").
LONGEST_NAME = 3
#: Kinds of entity that tell stories apart; given names, family names and peoples ("Ali",
#: "Kurds") are in too many stories to.
KINDS = {"place", "person", "group", "governorate", "organisation", "region", "river",
         "mountain", "event", "country"}
#: An Arabic-script word this short is too often a particle that a name happens to spell.
SHORTEST_ARABIC_NAME = 4


def entities(text: str, names: Gazetteer) -> dict[str, str]:
    """The entities `text` names: entity id → the words that named it first."""
    words = WORD.findall(text)
    found: dict[str, str] = {}
    for length in range(LONGEST_NAME, 0, -1):
        for start in range(len(words) - length + 1):
            phrase = " ".join(words[start:start + length])
            if not _may_be_a_name(phrase):
                continue
            key = names.key(phrase)
            for entity in names.lookup(key) if key else ():
                if entity.kind in KINDS:
                    found.setdefault(entity.id, phrase)
    return found


def _may_be_a_name(phrase: str) -> bool:
    """Latin-script names start with a capital ("cars" is not Kars); a short Arabic-script
    word alone is a particle (إلى, على), not a place."""
    first = phrase[0]
    if first.isascii() or "\u00c0" <= first <= "\u024f":  # Latin, with its accented letters
        return first.isupper()
    return " " in phrase or len(phrase) >= SHORTEST_ARABIC_NAME


def shared_weight(mine: set[str], others: dict[str, set[str]]) -> dict[str, float]:
    """For each other article, the share of `mine` it names too, each entity weighed by how
    rare it is among these articles (every story here names Syria; few name Tal Rifaat), and
    an entity no other article names weighing nothing (it tells none of them apart)."""
    counts = Counter(entity for named in others.values() for entity in named & mine)
    weight = {entity: 1 / count for entity, count in counts.items()}
    total = sum(weight.values()) or 1
    return {other: sum(weight[entity] for entity in named & mine) / total
            for other, named in others.items()}
