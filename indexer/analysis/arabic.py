"""Arabic normalisation: what varies in writing but not in meaning is made one form.

Plain functions on one word, independent of any search engine. Alef, alef maksura and teh
marbuta go through camel-tools; its dediacritiser is not imported because loading it scans
every Unicode code point, so the harakat are removed by the character class below.
"""
from __future__ import annotations

import re

from camel_tools.utils.normalize import (normalize_alef_ar, normalize_alef_maksura_ar,
                                         normalize_teh_marbuta_ar)

# Short-vowel marks and other diacritics written over or under Arabic letters; they are
# optional in print, so a vocalised مُحَمَّد must equal محمد.
HARAKAT = re.compile(
    "["
    "\u0610-\u061A"  # honorific and Quranic signs written above words
    "\u064B-\u065F"  # tanween, fatha, damma, kasra, shadda, sukun, and later additions
    "\u0670"         # superscript (dagger) alef
    "\u06D6-\u06DC\u06DF-\u06E8\u06EA-\u06ED"  # Quranic annotation marks
    "]"
)
TATWEEL = "\u0640"  # kashida: a stretched joining line, typographic only

# Arabic-Indic (U+0660…) and Eastern Arabic-Indic (U+06F0…, Persian/Kurdish) digits read
# the same as ASCII digits; a date typed either way must match.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")

# Proclitics glued to a word before the article, longest first: wa- (and), fa- (so),
# bi- (with), ka- (like), li- (for; li + al- is written لل). Only removed together with the
# article, because a bare و/ب/ل/ك/ف starts many words and names (وليد, بغداد, لبنان).
ARTICLE_PREFIXES = (
    "وبال", "فبال", "وكال", "فكال", "ولل", "فلل",  # conjunction + preposition + article
    "وال", "فال", "بال", "كال",                    # one clitic + article
    "لل",                                          # li- + article (its alef is dropped)
    "ال",                                          # the article alone
)
# A word left shorter than this after removing a prefix was not prefixed (الذي, والد, الله).
MIN_STEM_AFTER_ARTICLE = 3

# Light stemming for the `stem` field only (ordinary words; names are matched in `text`):
# suffixes for dual, plural, feminine and attached pronouns, longest first.
STEM_SUFFIXES = ("هما", "كما", "ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي")
STEM_PREFIXES = ("و", "ف")  # conjunctions on words that had no article
MIN_STEM = 3


def normalise(word: str) -> str:
    """One Arabic word in its matching form: no harakat or tatweel, one alef, ي for ى, ه for ة,
    ASCII digits."""
    word = HARAKAT.sub("", word.replace(TATWEEL, "")).translate(DIGITS)
    return normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(word)))


def strip_article(word: str) -> str:
    """Remove the article and the clitics written before it: والقامشلي, بالحسكة, للرقة and
    القامشلي all become the bare name. Suffixes are never touched, so المالكية (al-Malikiyah)
    stays distinct from المالكي (al-Maliki)."""
    for prefix in ARTICLE_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= MIN_STEM_AFTER_ARTICLE:
            return word[len(prefix):]
    return word


def light_stem(word: str) -> str:
    """The stem of an ordinary (already normalised, article-free) word for the `stem` field."""
    for prefix in STEM_PREFIXES:
        if word.startswith(prefix) and len(word) - 1 > MIN_STEM:
            word = word[1:]
            break
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word
