"""Dateline places grouped by the place they name: `Qamishlo`, `Qamişlo`, `القامشلي` and
`قامشلۆ` are one town in `khabar count --by place`."""
from __future__ import annotations

from dataclasses import dataclass, field

from indexer.analysis.collation import sort_key
from indexer.names import Gazetteer


@dataclass
class PlaceCount:
    """One place: the gazetteer's name for it (or the spelling, when it knows none), how
    many articles name it, and the spellings they use."""

    name: str
    count: int = 0
    entity: str | None = None
    spellings: list[str] = field(default_factory=list)


def by_place(counts: dict[str, int], names: Gazetteer) -> list[PlaceCount]:
    """`counts` of dateline places (`Hasakah, Syria`) summed per gazetteer place, most first."""
    places: dict[str, PlaceCount] = {}
    for spelling, count in counts.items():
        entity = _place_entity(spelling, names)
        key = entity.id if entity else spelling
        place = places.setdefault(key, PlaceCount(entity.names[0] if entity else spelling,
                                                  entity=entity.id if entity else None))
        place.count += count
        place.spellings.append(spelling)
    return sorted(places.values(), key=lambda place: (-place.count, sort_key(place.name)))


def _place_entity(spelling: str, names: Gazetteer):
    """The place a dateline names: its part before a comma looked up in the gazetteer; of
    several places by that name, the most populous (the town a dateline names)."""
    town = spelling.split(",")[0].strip()
    found = [entity for entity in names.lookup(names.key(town)) if entity.kind == "place"]
    return max(found, key=lambda entity: entity.population, default=None)
