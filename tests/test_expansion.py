"""Query planning without any engine: an archive's vocabulary read from article texts by the
analysis chain, the shipped gazetteer, and the plans the whoosh engine translates."""
from __future__ import annotations

import pytest

from indexer import names
from indexer.analysis.terms import analyze, stem_of
from indexer.expansion import EXACT_BOOST, Planner
from tests.conftest import TextVocabulary

ARTICLES = [
    "Water trucks reached Qamishli on Monday after the station stopped pumping.",
    "In Kamishli the stations reopened and the market was busy.",
    "اشتباكات في القامشلي بين قوات الأسايش وقوات الدفاع الوطني",
    "Li Qamişlo û Hesîçê av sê rojan qut bû.",
    "Shelling near Ras al-Ain closed the road to Tal Tamr.",
]


@pytest.fixture(scope="module")
def vocabulary() -> TextVocabulary:
    return TextVocabulary(*ARTICLES)


def test_a_name_plans_its_spellings_in_this_archive_typed_first_and_no_stem(vocabulary):
    planner = Planner(vocabulary, names.gazetteer())
    plan = planner.word(("qamishlo",))
    assert plan.forms[0].terms == ("qamishlo",) and plan.forms[0].boost == EXACT_BOOST
    others = {form.terms for form in plan.forms[1:]}
    assert {("qamishli",), ("kamishli",), ("قامشلي",)} <= others
    assert all(form.boost == 1.0 for form in plan.forms[1:])
    assert plan.stem is None  # a name is never stemmed
    assert set(planner.report("Qamishlo")["Qamishlo"]) >= {"qamishli", "kamishli", "قامشلي"}
    assert {"qamishlo", "qamishli", "kamishli"} <= planner.terms


def test_exact_plans_the_spelling_typed_only_and_reports_nothing(vocabulary):
    planner = Planner(vocabulary, None)
    plan = planner.word(("qamishlo",))
    assert [form.terms for form in plan.forms] == [("qamishlo",)]
    assert planner.report("Qamishlo") == {} and planner.name_length(("ras", "al", "ain")) == 0


def test_an_ordinary_word_plans_its_light_stem(vocabulary):
    plan = Planner(vocabulary, names.gazetteer()).word(("stations",))
    assert [form.terms for form in plan.forms] == [("stations",)]
    assert plan.stem == stem_of("stations") == "station"
    assert Planner(vocabulary, names.gazetteer()).word(("stations",), stems=False).stem is None


def test_a_multi_word_name_is_found_as_one_run(vocabulary):
    planner = Planner(vocabulary, names.gazetteer())
    words = tuple(analyze("Ras al-Ain closed"))
    size = planner.name_length(words)
    assert size and " ".join(words[:size]) == " ".join(analyze("Ras al-Ain"))
    assert planner.name_length(tuple(analyze("road closed"))) == 0


def test_a_phrase_plans_each_words_forms_and_writes_them_out(vocabulary):
    plan = Planner(vocabulary, names.gazetteer()).phrase(("water", "qamishlo"))
    assert plan.whole is None and not plan.fixed
    assert plan.count() == len(plan.per_word[1]) and plan.count() > 1
    written = plan.written_out()
    assert written[0].terms == ("water", "qamishlo") and written[0].boost == EXACT_BOOST
    assert all(form.boost == 1.0 for form in written[1:])
    assert Planner(vocabulary, names.gazetteer()).phrase(("the", "road")).fixed


def test_a_name_that_shares_a_light_stem_with_a_word_is_not_stemmed():
    # the name Frances has the light stem of "francs" (and France); the archive writes "francs"
    # in lower case, but that is no English form of Frances, which stays a name
    archive = TextVocabulary("Frances Arnold spoke on Monday.", "France beat Spain.",
                             "Prices rose by ten francs.", "The francs were counted.")
    plan = Planner(archive, names.gazetteer()).word(("frances",))
    assert plan.stem is None and [form.terms for form in plan.forms] == [("frances",)]


def test_a_headline_capital_on_a_word_the_archive_inflects_in_lower_case_is_stemmed():
    archive = TextVocabulary("Taxes Rise Again", "Taxes: What Changes", "A tax on fuel.")
    assert Planner(archive, names.gazetteer()).word(("taxes",)).stem == stem_of("taxes")
