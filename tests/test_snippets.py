"""Snippets: the passage where the query matched, matches marked, words never cut."""
from __future__ import annotations

from indexer.analysis.terms import analyze
from indexer.snippets import SCAN, WIDTH, snippet


def terms(*words: str) -> set[str]:
    return {term for word in words for term in analyze(word)}


def test_a_variant_spelling_is_marked_as_written():
    text = "Residents of al-Qamishli queued for water. في القامشلي طوابير"
    shown = snippet(text, terms("qamishli", "القامشلي"))
    assert "al-[[Qamishli]]" in shown and "[[القامشلي]]" in shown


def test_the_window_with_most_matches_is_shown():
    filler = "The council met again on Tuesday to discuss the budget. " * 12
    text = f"Water was mentioned once. {filler}Water, water and more water ran short. {filler}"
    shown = snippet(text, terms("water"))
    assert shown.count("[[") == 3 and shown.startswith("… ")


def test_a_match_past_the_scanned_part_still_gives_a_snippet():
    text = "Nothing to see here. " * (SCAN // 20 + 50) + "Bread prices rose in Hasakah."
    shown = snippet(text, terms("hasakah"))
    assert "[[Hasakah]]" in shown and shown.startswith("… ")


def test_cuts_fall_between_words_in_every_script():
    text = " ".join(["مدينة الحسكة"] * 60 + ["ئاوی خواردنەوە"] * 40)
    shown = snippet(text, terms("الحسكة"))
    words = set(text.split())
    assert all(word.strip("[]") in words for word in shown.strip("… ").split())
    assert len(shown.replace("[[", "").replace("]]", "")) <= WIDTH + 20


def test_no_terms_shows_the_opening():
    assert snippet("Short article about bread.", set()) == "Short article about bread."


def test_the_end_of_a_snippet_never_cuts_a_word():
    """Words of many lengths, so that for some width the window ends inside a word."""
    words = ["Qamishli", "al-Hasakah", "Darbasiyah", "قامشلۆ", "Kobani", "reconstruction",
             "الحسكة", "Amuda", "Tirbespiyê", "water"]
    text = " ".join(words * 8)
    for width in range(40, 120, 7):
        shown = snippet(text, set(), width=width)
        assert shown.endswith(" …")
        assert all(word in words for word in shown.removesuffix(" …").split())
