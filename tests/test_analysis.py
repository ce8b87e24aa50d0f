"""The analysis chains: what a searcher types and what an article wrote meet as one term."""
import pickle

import pytest

from indexer.analysis import arabic, latin, sorani
from indexer.analysis.chains import text_analyzer
from indexer.analysis.terms import analyze, document_terms, stem_of
from tests.conftest import CORPUS, SEED


@pytest.mark.parametrize("written, plain", [
    ("مُحَمَّد", "محمد"),          # harakat and shadda removed
    ("القامشـــلي", "القامشلي"),   # tatweel removed
    ("أربيل", "اربيل"), ("إربيل", "اربيل"), ("آمد", "امد"),  # alef forms
    ("مصطفى", "مصطفي"),           # alef maksura
    ("الحسكة", "الحسكه"),         # teh marbuta
    ("٢٠٢٤", "2024"), ("۲۰۲۴", "2024"),  # Arabic-Indic and Persian digits
])
def test_arabic_normalise_rules(written, plain):
    assert arabic.normalise(written) == plain


@pytest.mark.parametrize("written, plain", [
    ("کۆبانی", "كۆباني"),   # keheh and Farsi yeh
    ("ھەولێر", "هەولێر"),   # heh doachashmee
    ("تہران", "تهران"), ("یالوے", "يالوي"),  # Urdu's heh goal and yeh barree
    ("قلعۀ", "قلعه"),       # Persian's heh with the ezafe
    ("حەسەکە", "حەسەكه"),   # final ە is the final ه of Arabic spellings
    ("ڕۆژاوا", "رۆژاوا"),   # initial trilled r written either way
    ("ده\u200cنگ", "دەنگ"),  # heh before ZWNJ is the vowel ە
])
def test_sorani_code_point_unification(written, plain):
    assert sorani.normalise(written) == plain


@pytest.mark.parametrize("with_clitic, name", [
    ("والقامشلي", "القامشلي"), ("بالحسكة", "الحسكة"), ("للرقة", "الرقة"),
    ("القامشلي", "قامشلي"), ("فالموصل", "موصل"),
])
def test_arabic_clitics_and_article(with_clitic, name):
    assert analyze(with_clitic) == analyze(name)


def test_clitic_handling_never_merges_two_names():
    assert analyze("المالكية") != analyze("المالكي")
    assert analyze("الذي") == ["الذي"]      # too short to carry an article
    assert analyze("وليد") == ["وليد"]      # a bare و is part of the name


@pytest.mark.parametrize("one, other", [
    ("Qamişlo", "Qamislo"), ("Kobanê", "Kobane"), ("Hesîçe", "Hesice"), ("Kamışlı", "kamisli"),
    ("DİYARBAKIR", "diyarbakir"), ("Şêx Meqsûd", "sex meqsud"),
    ("İstanbul", "ISTANBUL"), ("QAMIŞLO", "Qamişlo"), ("IĞDIR", "Iğdır"),
])
def test_latin_diacritics_and_case_fold(one, other):
    assert analyze(one) == analyze(other)


@pytest.mark.parametrize("written, terms", [
    ("al-Qamishli", ["qamishli"]), ("Al Qamishli", ["qamishli"]), ("ar-Raqqah", ["raqqah"]),
    ("Deir ez-Zor", ["deir", "zor"]), ("Da'esh", ["daesh"]), ("Tall 'Afar", ["tall", "afar"]),
    ("Syria's", ["syria"]), ("Qamişlo'da", ["qamislo"]), ("l'État", ["etat"]),
    ("I.S.I.S.", ["isis"]),
])
def test_latin_articles_hyphens_and_apostrophes(written, terms):
    assert analyze(written) == terms


def test_latin_fold_keeps_letters():
    assert latin.fold("Straße") == "strasse"


def test_text_analyzer_positions_count_terms_not_dropped_articles():
    tokens = [(t.text, t.pos) for t in text_analyzer()("Deir ez-Zor today", positions=True)]
    assert tokens == [("deir", 0), ("zor", 1), ("today", 2)]


def test_text_analyzer_offsets_point_at_the_written_word():
    text = "in al-Qamishli"
    token = list(text_analyzer()(text, chars=True))[-1]
    assert text[token.startchar:token.endchar] == "Qamishli"


def test_stem_field_light_stems_ordinary_words():
    stems = document_terms("reports reported والمعلمون كتابها").stems
    assert stems == {"report": 2, "معلم": 1, "كتاب": 1}


def test_stem_field_leaves_out_words_that_are_their_own_stem():
    # a query asks `text` for the stem itself, so "report" is found without a stem posting
    assert document_terms("report water").stems == {}
    assert stem_of("report") == "report"


def test_key_field_records_capitalised_latin_and_arabic_script_names():
    keys = document_terms("the water in Qamishli and القامشلي").keys
    assert "KMSL:qamishli" in keys and "KMSL:قامشلي" in keys
    assert not any(key.endswith(":water") for key in keys)


def test_key_field_records_two_word_names():
    keys = document_terms("Tal Tamr, and تل عفر").keys
    assert any(key.endswith(":tal tamr") for key in keys)
    assert any(key.endswith(":تل عفر") for key in keys)
    # a comma or a line break between two names makes them two names
    assert not any(key.endswith(":tamr تل") or key.endswith(":tamr and") for key in keys)
    keys = document_terms("Aid reaches families in Qamishli\n\nA delegation arrived").keys
    assert not any(key.endswith(":qamishli a") for key in keys)


def test_document_terms_agree_with_the_query_analyzer():
    """Articles are indexed by `document_terms` and queries analysed by the chain: every
    word must come out as the same terms at the same positions."""
    texts = [SEED.read_text()] + [p.read_text() for p in sorted((CORPUS / "dumps").glob("*.txt"))]
    assert len(texts) > 5
    for text in texts:
        chain: dict[str, list[int]] = {}
        for token in text_analyzer()(text, positions=True):
            chain.setdefault(token.text, []).append(token.pos)
        assert document_terms(text).positions == chain


def test_analyzer_pickles_round_trip():
    analyzer = pickle.loads(pickle.dumps(text_analyzer()))
    text = "Residents of al-Qamishli والقامشلي"
    assert [t.text for t in analyzer(text)] == [t.text for t in text_analyzer()(text)]


def test_short_capitalised_latin_words_are_keyed_for_the_name_test():
    keys = document_terms("Van and Hit; the van was hit.").keys
    assert any(key.endswith(":van") for key in keys) and any(key.endswith(":hit") for key in keys)
    assert not any(key.endswith(":the") for key in keys)


def test_capitals_of_a_title_case_headline_are_no_names():
    headline = document_terms("Roasted Chicken With Oriental Rice\n\nThe rice was cooked.").keys
    assert not any(key.endswith((":rice", ":chicken", ":oriental")) for key in headline)
    running = document_terms("Rice prices rose in Raqqa on Monday.").keys
    assert any(key.endswith(":raqqa") for key in running)
