"""The gazetteer finds an entity by any of its names in any script, keeps look-alikes apart,
and reads an archive's own entries."""
from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from indexer.names.gazetteer import DATA_DIR, Gazetteer, add_entry


def simple_normalise(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold()


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(normalise=simple_normalise)


def ids_for(gazetteer: Gazetteer, name: str) -> set[str]:
    return {entity.id for entity in gazetteer.lookup(gazetteer.key(name))}


@pytest.mark.parametrize("names", [
    ["Qamishli", "Qamişlo", "QAMIŞLO", "Kamishli", "القامشلي", "قامشلو", "قامشلۆ"],
    ["Deir ez-Zor", "Dayr az-Zawr", "Dêrezor", "دير الزور", "دێرەزوور"],
    ["Kobanê", "Kobani", "Ayn al-Arab", "عين العرب", "کۆبانێ"],
    ["Erbil", "Hewlêr", "Arbil", "أربيل", "هەولێر"],
    ["Ras al-Ain", "Serêkaniyê", "رأس العين", "سەرێکانیێ"],
])
def test_a_geonames_place_is_found_by_its_names_in_every_script(gazetteer, names):
    found = [ids_for(gazetteer, name) for name in names]
    shared = set.intersection(*found)
    assert len(shared) == 1 and next(iter(shared)).startswith("geonames:"), found


@pytest.mark.parametrize("names", [
    ["ISIS", "Daesh", "Islamic State", "داعش", "الدولة الإسلامية", "دەوڵەتی ئیسلامی"],
    ["SDF", "QSD", "Syrian Democratic Forces", "قسد", "قوات سوريا الديمقراطية", "هەسەدە"],
    ["Asayish", "Asayîş", "الأسايش", "ئاسایش"],
    ["Mohammed", "Muhammad", "Mehmet", "Mihemed", "محمد", "محەمەد"],
    ["Hussein", "Husayn", "Hüseyin", "Husên", "حسين", "حوسێن"],
    ["Öcalan", "Ocalan", "أوجلان", "ئۆجەلان"],
    ["Rmelan", "Rimêlan", "رميلان"],
])
def test_a_curated_entity_is_found_by_its_names_in_every_script(gazetteer, names):
    found = [ids_for(gazetteer, name) for name in names]
    shared = set.intersection(*found)
    assert len(shared) == 1 and next(iter(shared)).startswith("curated:"), found


def test_kurdish_names_from_the_curated_file_join_the_geonames_place(gazetteer):
    [hasakah] = [e for e in gazetteer.lookup(gazetteer.key("حەسەکە")) if e.kind == "place"]
    assert hasakah.id == "geonames:173811"
    assert hasakah.source == "GeoNames+curated"
    assert {"Hesîçe", "Al Ḩasakah", "الحسكة"} <= set(hasakah.names)
    assert hasakah.country == "SY" and hasakah.population > 100_000


def test_every_country_is_found_by_its_names_in_the_archives_languages(gazetteer):
    found = [ids_for(gazetteer, name) for name in
             ("Germany", "Deutschland", "Allemagne", "Almanya", "ألمانيا", "ئەڵمانیا")]
    assert all(ids == found[0] for ids in found) and len(found[0]) == 1, found


def test_a_curated_country_gains_the_names_icu_gives_it(gazetteer):
    assert ids_for(gazetteer, "Syrien") == ids_for(gazetteer, "Syria") == {"curated:syria"}


def test_a_multi_word_name_is_keyed_by_its_words(gazetteer):
    assert gazetteer.key("Deir ez-Zor") == "deir ez zor"
    assert gazetteer.key("  Ras   al-Ain ") == "ras al ain"


@pytest.mark.parametrize("one, other", [
    ("Hussein", "Hassan"),
    ("Salih", "Salah"),
    ("Talabani", "Taliban"),
    ("al-Malikiyah", "al-Maliki"),
    ("المالكية", "المالكي"),
    ("Amuda", "Amadiya"),
    ("Tal Tamr", "Tal Abyad"),
    ("Rmelan", "Rumaila"),
    ("Raqqa", "Ruqayya"),
    ("الرقة", "رقية"),
    ("Bashir", "Bashar"),
    ("Omar", "Amr"),
])
def test_look_alike_names_belong_to_different_entities(gazetteer, one, other):
    one_ids, other_ids = ids_for(gazetteer, one), ids_for(gazetteer, other)
    assert one_ids and other_ids
    assert not one_ids & other_ids


def test_geonames_keeps_only_latin_and_arabic_script_names(gazetteer):
    scripts = set()
    for entity in gazetteer.entities():
        if entity.source.startswith("GeoNames"):
            for name in entity.names:
                scripts |= {unicodedata.name(c).split()[0] for c in name if c.isalpha()}
    assert scripts <= {"LATIN", "ARABIC", "MODIFIER"}


def test_every_geonames_id_in_the_curated_file_is_a_geonames_place():
    def ids(path: Path) -> set[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
    curated_geonames = {i for i in ids(DATA_DIR / "curated.tsv") if i.startswith("geonames:")}
    assert curated_geonames and curated_geonames <= ids(DATA_DIR / "geonames.tsv")


def test_an_archive_entry_is_read_with_the_shipped_files(tmp_path):
    variants = tmp_path / "variants.tsv"
    added = add_entry(variants, ["Xirbê Hesenê", "خربة حسن"], "place")
    assert added.id == "archive:xirbê-hesenê" and added.source == "archive"
    gazetteer = Gazetteer.load(normalise=simple_normalise, extra=variants)
    [entity] = gazetteer.lookup(gazetteer.key("خربة حسن"))
    assert entity == added
    assert ids_for(gazetteer, "Qamişlo") == {"geonames:173377"}


def test_adding_the_same_name_twice_makes_two_entries(tmp_path):
    variants = tmp_path / "variants.tsv"
    first = add_entry(variants, ["Zirgan"], "place")
    second = add_entry(variants, ["Zirgan", "Zirkan"], "place")
    assert first.id != second.id
    gazetteer = Gazetteer.load(normalise=simple_normalise, extra=variants)
    assert ids_for(gazetteer, "zirgan") == {first.id, second.id}


def test_an_archive_row_with_a_shipped_id_adds_a_spelling(tmp_path):
    variants = tmp_path / "variants.tsv"
    variants.write_text("curated:rmelan\tplace\tSY\t\tRmeilan city|Rimelanê\n", encoding="utf-8")
    gazetteer = Gazetteer.load(normalise=simple_normalise, extra=variants)
    [rmelan] = gazetteer.lookup(gazetteer.key("Rimelanê"))
    assert rmelan.id == "curated:rmelan" and "رميلان" in rmelan.names
    assert rmelan.source == "curated+archive"


def test_an_archive_without_variants_file_uses_the_shipped_files(tmp_path):
    gazetteer = Gazetteer.load(normalise=simple_normalise, extra=tmp_path / "variants.tsv")
    assert ids_for(gazetteer, "Kobanê") == {"geonames:172256"}


def test_add_entry_refuses_a_name_with_the_separator(tmp_path):
    with pytest.raises(ValueError):
        add_entry(tmp_path / "variants.tsv", ["Tel|Tamr"], "place")
    with pytest.raises(ValueError):
        add_entry(tmp_path / "variants.tsv", [" "], "place")


def test_a_broken_row_is_reported_with_its_line(tmp_path):
    variants = tmp_path / "variants.tsv"
    variants.write_text("# mine\narchive:x\tplace\tQamislo\n", encoding="utf-8")
    gazetteer = Gazetteer.load(normalise=simple_normalise, extra=variants)
    with pytest.raises(ValueError, match=r"variants\.tsv:2"):
        list(gazetteer.entities())


def test_the_cache_gives_the_same_answers_and_sees_new_archive_entries(tmp_path):
    variants = tmp_path / "variants.tsv"
    add_entry(variants, ["Zirgan"], "place")
    first = Gazetteer.load(normalise=simple_normalise, extra=variants, cache_dir=tmp_path)
    assert ids_for(first, "Zirgan") == {"archive:zirgan"}
    assert list(tmp_path.glob("gazetteer-*.marshal"))
    cached = Gazetteer.load(normalise=simple_normalise, extra=variants, cache_dir=tmp_path)
    assert ids_for(cached, "القامشلي") == {"geonames:173377"}
    assert [e.id for e in cached.entities()] == [e.id for e in first.entities()]
    add_entry(variants, ["Dirbêsiyê Jêrîn"], "place")
    updated = Gazetteer.load(normalise=simple_normalise, extra=variants, cache_dir=tmp_path)
    assert ids_for(updated, "Dirbêsiyê Jêrîn") == {"archive:dirbêsiyê-jêrîn"}
    assert len(list(tmp_path.glob("gazetteer-*.marshal"))) == 1
