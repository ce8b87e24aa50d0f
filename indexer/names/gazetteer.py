"""The gazetteer: entities (places, groups, people, given names) with every name and spelling
khabar knows for them, so that a search for one name can find the others.

Four sources: three files in the same tab-separated format (see data/README.md), GeoNames
places of the region (data/geonames.tsv, made by bench/build_gazetteer.py), a hand-written
list of what GeoNames lacks (data/curated.tsv) and an archive's own `variants.tsv` written
by `khabar variants add` or by hand; and the names of every country in ICU's locale data.

A row whose id is already defined adds its names to that entity instead of making a new
one; that is how curated.tsv gives GeoNames places their Kurdish names and how an archivist
adds a spelling to a known entity. Look-alike entities (Hussein and Hassan, al-Malikiyah and
al-Maliki) are always separate rows, so "this spelling is a name of a different entity" is
evidence the expansion stage can use against a false match.

Lookups go through a normaliser chosen by the caller (the analysis chain's), so the keys
match the terms the index holds. The files are read only when first needed and the key
table only on the first lookup, because most CLI runs never ask for a name.
"""
from __future__ import annotations

import hashlib
import marshal
import os
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import icu

DATA_DIR = Path(__file__).resolve().parent / "data"
# A folder to read geonames.tsv and curated.tsv from instead of DATA_DIR: how the benchmarks
# measure names the gazetteer lacks (places left out, curated.tsv emptied).
DATA_DIR_VARIABLE = "KHABAR_NAMES_DATA"
ARCHIVE_SOURCE = "archive"
NAME_SEPARATOR = "|"
# What separates the words of a name before each is normalised: white space, dashes
# (Deir ez-Zor), brackets, slashes and sentence punctuation in Latin and Arabic script.
# Apostrophes and ayn/hamza marks stay inside the word: the normaliser decides about them.
WORD_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212()\[\]{}/\\,;:.!?\"«»،؛؟]+")

# The countries of the world come from ICU's locale data, named in the archive's languages
# (Sorani ckb, Kurmanji ku), Turkish, and the languages of the news beside them. Not in
# Persian: its names are Arabic words (رومانی Romania is روماني, Roman).
COUNTRY_SOURCE = "ICU"
COUNTRY_LOCALES = ("en", "ar", "ckb", "ku", "tr", "de", "fr")

# The cache file in the caller's cache directory (see Gazetteer.load); {} is its fingerprint.
CACHE_PATTERN = "gazetteer-{}.marshal"

Normaliser = Callable[[str], str]


@dataclass(frozen=True)
class Entity:
    """One thing with many names; `names` keeps the spellings as written, main name first."""

    id: str
    kind: str
    names: tuple[str, ...]
    source: str
    country: str = ""   # ISO code where the entity belongs, "" when it spans countries
    population: int = 0  # GeoNames population, to tell a city from a village of the same name


def name_words(name: str) -> list[str]:
    """The words of a name as written, in order."""
    return [word for word in WORD_SEPARATORS.split(name) if word]


def _parse_line(line: str, where: str) -> tuple[str, str, str, int, list[str]] | None:
    """One data row as (id, kind, country, population, names), or None for comments and blanks."""
    if not unicodedata.is_normalized("NFC", line):
        line = unicodedata.normalize("NFC", line)
    stripped = line.strip()
    if not stripped or stripped[0] == "#":
        return None
    fields = line.rstrip("\r\n").split("\t")
    if len(fields) != 5:
        raise ValueError(f"{where}: expected 5 tab-separated fields, found {len(fields)}")
    entity_id, kind, country, population = (field.strip() for field in fields[:4])
    spellings = [name.strip() for name in fields[4].split(NAME_SEPARATOR)]
    spellings = [name for name in spellings if name]
    if not entity_id or not kind or not spellings:
        raise ValueError(f"{where}: a row needs an id, a kind and at least one name")
    if population and not population.isdigit():
        raise ValueError(f"{where}: population {population!r} is not a number")
    return entity_id, kind, country, int(population or 0), spellings


Row = tuple[str, str, tuple[str, ...], str, str, int]  # an Entity's fields, as cached


class Gazetteer:
    """All known entities, looked up by the normalised form of any of their names."""

    def __init__(self, files: Iterable[tuple[str, Path]], normalise: Normaliser,
                 cache_dir: Path | None = None):
        self._files = tuple(files)
        self._normalise = normalise
        self._cache_dir = cache_dir
        self._rows: list[Row] | None = None
        self._index: dict[str, list[int]] | None = None
        self._built: dict[int, Entity] = {}
        self._word_keys: dict[str, str] = {}

    @classmethod
    def load(cls, normalise: Normaliser = str.casefold, extra: Path | None = None,
             cache_dir: Path | None = None) -> Gazetteer:
        """The shipped gazetteer plus, if given and present, an archive's own variants file.

        `normalise` maps one word as written to its index form ("" drops the word); a result
        with spaces counts as several words. Nothing is read until first use. With
        `cache_dir` (an archive directory) the parsed entities and their keys are kept there
        between runs, because normalising ~45,000 names costs more than a CLI start should;
        the cache is rebuilt when a data file or the normaliser's code changes.
        """
        folder = Path(os.environ.get(DATA_DIR_VARIABLE) or DATA_DIR)
        # Shipped files in load order; later rows with a known id add names to the earlier entity.
        files = [("GeoNames", folder / "geonames.tsv"), ("curated", folder / "curated.tsv")]
        if extra is not None:
            files.append((ARCHIVE_SOURCE, Path(extra)))
        return cls(files, normalise, Path(cache_dir) if cache_dir is not None else None)

    def key(self, name: str) -> str:
        """The lookup key of a name: its normalised words joined by single spaces."""
        parts = []
        for word in name_words(name):
            normalised = self._word_keys.get(word)
            if normalised is None:
                normalised = " ".join(self._normalise(word).split())
                self._word_keys[word] = normalised
            if normalised:
                parts.append(normalised)
        return " ".join(parts)

    def entities(self) -> Iterator[Entity]:
        """Every entity, GeoNames places first, then curated, then the archive's own."""
        return (self._entity(number) for number in range(len(self._load_rows())))

    def keyed_names(self) -> Iterator[tuple[str, list[str]]]:
        """Every name's key with the ids of the entities it names."""
        rows = self._load_rows()
        return ((key, [rows[number][0] for number in numbers])
                for key, numbers in self._load_index().items())

    def lookup(self, key: str) -> list[Entity]:
        """The entities having a name whose key is `key` (already normalised), each once."""
        return [self._entity(number) for number in self._load_index().get(key, ())]

    def _entity(self, number: int) -> Entity:
        entity = self._built.get(number)
        if entity is None:
            entity = self._built[number] = Entity(*self._load_rows()[number])
        return entity

    def _load_rows(self) -> list[Row]:
        if self._rows is None:
            cached = _read_cache(self._cache_path)
            if cached is not None:
                self._rows, self._index = cached
            else:
                self._rows = _read_rows(self._files)
        return self._rows

    def _load_index(self) -> dict[str, list[int]]:
        rows = self._load_rows()
        if self._index is None:
            index: dict[str, list[int]] = {}
            for number, row in enumerate(rows):
                for name in row[2]:
                    key = self.key(name)
                    if not key:
                        continue
                    holders = index.get(key)
                    if holders is None:
                        index[key] = [number]
                    elif holders[-1] != number:
                        holders.append(number)
            self._index = index
            _write_cache(self._cache_path, rows, index)
        return self._index

    @cached_property
    def _cache_path(self) -> Path | None:
        """Where this set of files under this normaliser is cached, or None without a cache."""
        if self._cache_dir is None:
            return None
        digest = hashlib.sha256(_normaliser_fingerprint(self._normalise).encode())
        digest.update(f"ICU {icu.ICU_VERSION} {COUNTRY_LOCALES}".encode())
        for _, path in self._files:
            try:
                stat = path.stat()
            except FileNotFoundError:
                digest.update(f"{path}:absent".encode())
                continue
            digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        return self._cache_dir / CACHE_PATTERN.format(digest.hexdigest()[:16])


def _read_rows(files: Iterable[tuple[str, Path]]) -> list[Row]:
    """Every file's rows merged by id, in first-seen order, then the world's countries."""
    entities: dict[str, Row] = {}
    for source, path in files:
        if source == ARCHIVE_SOURCE and not path.exists():
            continue
        _merge_file(entities, source, path)
    _merge_countries(entities)
    return list(entities.values())


def _merge_countries(entities: dict[str, Row]) -> None:
    """Every country's name in COUNTRY_LOCALES, from ICU's locale data (CLDR), added to the
    entity of kind "country" with its ISO code where the files have one: a name of another
    country is never taken for a spelling of a place (Senegal is no Shingal, Sinjar)."""
    known = {row[4]: entity_id for entity_id, row in entities.items()
             if row[1] == "country" and row[4]}
    languages = [icu.Locale(locale) for locale in COUNTRY_LOCALES]
    for code in icu.Locale.getISOCountries():
        territory = icu.Locale("", code)
        names = [territory.getDisplayCountry(language) for language in languages]
        _merge_row(entities, COUNTRY_SOURCE,
                   (known.get(code, f"cldr:{code}"), "country", code, 0,
                    [name for name in names if name != code]))


def _normaliser_fingerprint(normalise: Normaliser) -> str:
    """Changes whenever the normaliser's code or this module's word splitting may have changed:
    the normaliser's name and every Python file beside its module."""
    digest = hashlib.sha256()
    module_name = getattr(normalise, "__module__", None) or "builtins"
    digest.update(f"{module_name}.{getattr(normalise, '__qualname__', repr(normalise))}".encode())
    sources = [Path(__file__)]
    module_file = getattr(sys.modules.get(module_name), "__file__", None)
    if module_file:
        sources += sorted(Path(module_file).parent.glob("*.py"))
    for source in sources:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _read_cache(path: Path | None) -> tuple[list[Row], dict[str, list[int]]] | None:
    """The cached rows and key index, or None when there is no usable cache."""
    if path is None:
        return None
    try:
        rows, index = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return None
    return rows, index


def _write_cache(path: Path | None, rows: list[Row], index: dict[str, list[int]]) -> None:
    """Replace the cache atomically and drop caches of older files or normalisers; a
    read-only archive simply goes without."""
    if path is None:
        return
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # ~/.cache/khabar may not exist yet
        temporary.write_bytes(marshal.dumps((rows, index)))
        os.replace(temporary, path)
        for stale in path.parent.glob(CACHE_PATTERN.format("*")):
            if stale != path:
                stale.unlink(missing_ok=True)
    except OSError:
        temporary.unlink(missing_ok=True)


def _merge_file(entities: dict[str, Row], source: str, path: Path) -> None:
    """Add one file's rows to `entities`."""
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            row = _parse_line(line, f"{path}:{number}")
            if row is not None:
                _merge_row(entities, source, row)


def _merge_row(entities: dict[str, Row], source: str,
               row: tuple[str, str, str, int, list[str]]) -> None:
    """Add one row to `entities`; a known id gains the row's new names."""
    entity_id, kind, country, population, names = row
    known = entities.get(entity_id)
    if known is None:
        entities[entity_id] = (entity_id, kind, tuple(dict.fromkeys(names)), source,
                               country, population)
        return
    _, known_kind, known_names, known_source, known_country, known_population = known
    if source not in known_source.split("+"):
        known_source = f"{known_source}+{source}"
    entities[entity_id] = (entity_id, known_kind, tuple(dict.fromkeys(known_names + tuple(names))),
                           known_source, known_country or country, known_population or population)


def add_entry(path: Path, names: list[str], kind: str) -> Entity:
    """Append an archive-local entity to `path` (an archive's variants.tsv) and return it.

    Its id is made from the first name ("archive:qamislo"), numbered if that id is taken.
    """
    names = [unicodedata.normalize("NFC", " ".join(name.split())) for name in names]
    names = list(dict.fromkeys(name for name in names if name))
    kind = kind.strip()
    if not names:
        raise ValueError("an entry needs at least one name")
    if not kind or any(char in kind for char in "\t\n"):
        raise ValueError(f"bad kind {kind!r}")
    for name in names:
        if NAME_SEPARATOR in name:
            raise ValueError(f"a name may not contain {NAME_SEPARATOR!r}: {name!r}")
    path = Path(path)
    taken: set[str] = set()
    if path.exists():
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                row = _parse_line(line, f"{path}:{number}")
                if row is not None:
                    taken.add(row[0])
    base = "archive:" + (_slug(names[0]) or "entry")
    entity_id, number = base, 1
    while entity_id in taken:
        number += 1
        entity_id = f"{base}-{number}"
    new_file = not path.exists() or path.stat().st_size == 0
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8", newline="\n") as out:
        if new_file:
            out.write("# khabar variants: id<TAB>kind<TAB>country<TAB>population<TAB>name|name|...\n"
                      "# A row with an id from the shipped gazetteer adds its names to that entity.\n")
        out.write(f"{entity_id}\t{kind}\t\t0\t{NAME_SEPARATOR.join(names)}\n")
    return Entity(entity_id, kind, tuple(names), ARCHIVE_SOURCE)


def _slug(name: str) -> str:
    """A readable id part: lower-case letters and digits of any script, words joined by '-'."""
    words = ("".join(char for char in word if char.isalnum()) for word in name_words(name.casefold()))
    return "-".join(word for word in words if word)
