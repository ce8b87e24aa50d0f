"""The Arabic-script test shared by the cleaner's language detection and the analysis."""
import pytest

from archive.scripts import ARABIC_SCRIPT


@pytest.mark.parametrize("character", [
    "ا", "ق", "ە", "ێ", "ڵ", "ۆ", "پ", "گ",  # Arabic, Sorani and Persian letters
    "\u064e", "\u0651", "\u0670", "\u0640",    # fatha, shadda, dagger alef, tatweel
    "،", "؟", "٣", "۳",                        # comma, question mark, both digit forms
    "\u0886", "\ufdf2",                        # Extended-B thin yeh, the Allah ligature
])
def test_arabic_script_characters(character):
    assert ARABIC_SCRIPT.search(character)


@pytest.mark.parametrize("character", [
    "\ufeff",  # the byte-order mark, though it sits in the presentation-forms block
    "\u200c", "a", "ş", "ı", "ܐ", "א", "1", ",",
])
def test_other_characters_are_not_arabic_script(character):
    assert not ARABIC_SCRIPT.search(character)
