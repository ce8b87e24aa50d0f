"""Name expansion: spellings across scripts match, look-alikes and ordinary words do not."""
import pytest

from indexer.analysis.terms import analyze
from indexer.names import Alternative, expand, explain
from indexer.names import sounds_alike
from tests.conftest import TextVocabulary


def spellings(alternatives):
    return {" ".join(alternative.terms) for alternative in alternatives}


VOCABULARY = TextVocabulary(
    "Clashes in Qamishlo.", "Qamishli airport reopened.", "وصل الوفد إلى القامشلي.",
    "گەیشتە قامشلۆ.", "Kamishli market.", "Water in Hassan's hall.", "the water is low",
    "the hall was full", "Water levels", "Hussein spoke.", "Hassan replied.", "حسن وحسين",
    "مياه الشرب", "Tell Tamer village", "قرية تل تمر",
)


def test_single_word_starts_with_the_typed_spelling():
    alternatives = expand(("qamishlo",), VOCABULARY)
    assert alternatives[0] == Alternative(("qamishlo",), "as typed", True)
    assert all(not alternative.exact for alternative in alternatives[1:])


@pytest.mark.parametrize("typed", ["Qamishlo", "Qamishli", "القامشلي", "قامشلۆ"])
def test_qamishli_spellings_find_each_other_across_scripts(typed):
    found = spellings(expand(tuple(analyze(typed)), VOCABULARY))
    assert {"qamishlo", "qamishli", "قامشلي", "قامشلۆ", "kamishli"} <= found


@pytest.mark.parametrize("one, other", [
    ("Hussein", "Hassan"), ("Talabani", "Taliban"), ("محمد", "محمود"),
    ("Mohammed", "Mahmoud"), ("Mosul", "Mosuli"), ("حسين", "حسن"), ("Hussein", "حسن"),
])
def test_look_alikes_are_rejected(one, other):
    assert not sounds_alike(" ".join(analyze(one)), " ".join(analyze(other)))


def test_hussein_does_not_expand_to_hassan():
    found = spellings(expand(("hussein",), VOCABULARY))
    assert "hassan" not in found and "حسن" not in found
    assert "حسين" in found


@pytest.mark.parametrize("word", ["water", "hall", "مياه"])
def test_ordinary_words_expand_to_themselves(word):
    assert spellings(expand((word,), VOCABULARY)) == {word}


def test_multi_word_name_expands_to_phrases():
    found = spellings(expand(("tal", "tamr"), VOCABULARY))
    assert "tell tamer" in found and "تل تمر" in found


def test_multi_word_run_that_is_not_a_name_is_none():
    assert expand(("water", "levels"), VOCABULARY) is None


def test_explain_lists_gazetteer_spellings_with_reasons():
    listed = dict(explain("Deir ez-Zor"))
    assert "دير الزور" in listed and "Dayr az-Zawr" in listed
    assert all(reason for reason in listed.values())


def test_short_names_the_gazetteer_knows_find_their_spellings():
    archive = TextVocabulary("Oumar arrived.", "وصل ئۆمەر", "Omar spoke.", "Amr left.",
                             "Clashes in ڕەقە today.", "Raqqa is quiet.")
    assert {"oumar", "ئۆمەر"} <= spellings(expand(("omar",), archive))
    assert "amr" not in spellings(expand(("omar",), archive))
    assert "رەقه" in spellings(expand(("raqqa",), archive))


def test_an_unknown_spelling_is_recognised_through_a_known_one():
    archive = TextVocabulary("Le Daech a attaqué.", "Daesh attacked.", "هاجم داعش")
    found = spellings(expand(("daech",), archive))
    assert {"daesh", "داعش"} <= found


def test_arabic_script_spelling_of_the_entity_decides_across_scripts():
    archive = TextVocabulary("Kobani is free.", "قال قباني", "وصل قسد", "قصد المدينة", "Qasad said.")
    assert "قباني" not in spellings(expand(("kobani",), archive))


def test_a_multi_word_name_never_widens_to_one_of_its_words():
    archive = TextVocabulary("Hashd al-Shaabi fighters.", "Hashd al-Watani fighters.", "الحشد الشعبي")
    found = spellings(expand(("hashd", "shaabi"), archive))
    assert "hashd" not in found and "حشد شعبي" in found


def test_words_of_two_scripts_are_not_one_name():
    assert expand(("hasakah", "داعش"), TextVocabulary("Hasakah", "داعش في الحسكة")) is None


@pytest.mark.parametrize("word", ["hit", "van"])
def test_place_names_that_are_common_words_stay_words(word):
    archive = TextVocabulary(f"a {word} on the road", f"the {word} was seen", f"one {word} more",
                             "Hît is a town.", "Wan is a city.")
    assert spellings(expand((word,), archive)) == {word}


def test_another_name_of_the_entity_lends_it_no_look_alikes():
    # Hewlêr is another name of Erbil: matched as the gazetteer writes it, while the archive's
    # look-alikes of that other name (the surname Holler) are not spellings of Erbil
    archive = TextVocabulary("Erbil airport reopened.", "Talks in Hewler ended.",
                             "The singer Holler left the band.")
    found = spellings(expand(("erbil",), archive))
    assert "hewler" in found and "holler" not in found


def test_a_common_word_recognises_no_entity():
    # "deren" is a German pronoun and, in the gazetteer, a Turkish village: an Arabic
    # spelling that sounds like it is not taken for that village
    archive = TextVocabulary("Die Frage, deren Antwort fehlt.", "Deren Zahl steigt.", "وصل دارين")
    assert "deren" not in spellings(expand(("دارين",), archive))


def test_the_letters_of_the_arabic_script_names_veto_a_latin_look_alike():
    # Rasht is رشت and, in Sorani, رەشت: the English "Wrist" shares its key and, read through
    # a Latin transliteration of the Sorani spelling, scores like a spelling; the letters of
    # the entity's Arabic-script names speak against it
    archive = TextVocabulary("Rasht airport reopened.", "Wrist surgery went well.",
                             "Wrist pain eased.", "وصل الوفد إلى رشت")
    found = spellings(expand(("rasht",), archive))
    assert "رشت" in found and "wrist" not in found


@pytest.mark.parametrize("latin, arabic", [("Shapur", "شابور"), ("Kassab", "كساب")])
def test_a_name_the_gazetteer_knows_only_as_another_name_keeps_its_own_spellings(latin, arabic):
    # GeoNames lists Shapur as a name of the town Salmās (سلماس) and Kassab as the village
    # كسب: none of those Arabic names spells the typed one, so they are no authority on its
    # Arabic spellings (both pairs are of the public names' train part)
    archive = TextVocabulary(f"{latin} spoke.", f"قال {arabic}", "وصل الوفد إلى سلماس وكسب")
    found = spellings(expand(tuple(analyze(latin)), archive))
    assert " ".join(analyze(arabic)) in found


def test_a_name_on_the_common_word_list_that_opens_its_sentences_stays_a_name():
    # Turkish puts the place first ("Castro sakinleri …"); only the Arabic-script search
    # needs the capital inside a sentence (Castro is a name of the public pairs' train part)
    archive = TextVocabulary("Castro sakinleri salı günü yeni kontrol noktaları bildirdi.",
                             "أفاد سكان كاسترو يوم الثلاثاء بإقامة حواجز جديدة.")
    assert "كاسترو" in spellings(expand(("castro",), archive))
