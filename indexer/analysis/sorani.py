"""Sorani Kurdish (Arabic script) normalisation: one code point for each letter that
Arabic, Persian, Kurdish and Urdu keyboards write differently, as Lucene's SoraniNormalizer does.

The canonical letters are the Arabic ones (ي ك ه), so Sorani and Arabic spellings of one
word meet in the index; the Kurdish vowel letters ە ێ ۆ and the consonants ڵ ڤ stay distinct.
"""
from __future__ import annotations

ZWNJ = "\u200c"
HEH = "ه"
AE = "ە"

# One letter, several code points.
LETTERS = str.maketrans({
    "ی": "ي",   # Farsi yeh (Sorani keyboards) = Arabic yeh
    "ى": "ي",   # alef maksura, used for yeh at word end in older Kurdish text
    "ک": "ك",   # keheh (Persian/Kurdish kaf) = Arabic kaf
    "ھ": "ه",   # heh doachashmee, the Kurdish h = heh
    "ہ": "ه",   # heh goal, the h of Urdu keyboards (GeoNames writes تہران for تهران)
    "ۀ": "ه",   # heh with yeh above: Persian writes the ezafe on a final heh
    "ے": "ي",   # yeh barree, Urdu's final y
    "ة": "ه",   # teh marbuta in Arabic loanwords reads as final ە/ه
    "ڒ": "ڕ",   # reh with small v above, an old way of writing the trilled r
    "ۊ": "ۆ",   # variant of waw with v, written for o in some fonts
    "\u200d": None,  # zero-width joiner: a rendering hint
})

# Sorani suffixes for the `stem` field (definite -eke/-ekan, indefinite -êk, plural -an,
# ezafe -î), written in the normalised letters, longest first.
STEM_SUFFIXES = ("ەكانيش", "ەكاني", "ەكان", "يەكان", "ەكەي", "ەكه", "يەكه", "ێكي", "ێك",
                 "يەك", "انه", "اني", "ان", "ي")
MIN_STEM = 3


def normalise(word: str) -> str:
    """One Sorani (or Arabic) word in its matching form."""
    word = word.translate(LETTERS)
    if ZWNJ in word:
        # A heh written before a zero-width non-joiner is the old way of writing the vowel ە.
        word = word.replace(HEH + ZWNJ, AE).replace(ZWNJ, "")
    if word.endswith(AE):
        # Word-final ە, ه and ة are one sound (-e/-a): حەسەکە, الحسكه and الحسكة end alike.
        word = word[:-1] + HEH
    if word.startswith("ڕ"):
        # Word-initial r is always trilled, so writers often use plain ر there.
        word = "ر" + word[1:]
    return word


def is_sorani(word: str) -> bool:
    """Whether a normalised word uses a letter only Kurdish writes (for the Sorani stemmer)."""
    return any(letter in word for letter in "ەێۆڵڕڤگچژپ")


def light_stem(word: str) -> str:
    """The stem of an ordinary Sorani word for the `stem` field."""
    for suffix in STEM_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word
