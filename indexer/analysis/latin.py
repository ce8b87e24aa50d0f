"""Latin-script normalisation for English, Kurmanji, Turkish, French and German text.

Diacritics are folded for matching (Qamişlo = Qamislo, Kobanê = Kobane, Hesîçe = Hesice,
Kamışlı = Kamisli); the stored article keeps the original spelling for display.
"""
from __future__ import annotations

import re
import unicodedata

# Letters that Unicode decomposition does not reduce to a base letter plus a mark.
FOLD = str.maketrans({
    "ı": "i",    # Turkish dotless i: Kamışlı = Kamisli
    "ə": "e",    # schwa (Azerbaijani, some Kurdish transcriptions)
    "ø": "o", "æ": "ae", "œ": "oe", "ł": "l", "đ": "d", "ð": "d", "þ": "th",
    "ʿ": None, "ʾ": None, "ʻ": None, "ʼ": None,  # ayn and hamza marks of transliteration
})

# Apostrophe-like characters inside a Latin word.
APOSTROPHES = "'’‘`´"
APOSTROPHE = re.compile(f"[{APOSTROPHES}]")

# French elided articles and pronouns before an apostrophe: l'État → État.
ELISIONS = re.compile(r"^(?:l|d|j|qu|n|s|c|m|t)[" + APOSTROPHES + r"](?=\w)")

# Turkish case endings, written after an apostrophe on proper names: Qamişlo'da, Erdoğan'ın.
# Single-vowel endings are left out: they collide with transliterated ayn (Shi'a).
TURKISH_ENDINGS = frozenset(
    "da de ta te dan den tan ten nda nde ndan nden ya ye yı yi yu yü yla yle la le "
    "ın in un ün nın nin nun nün dır dir".split()
)
MIN_NAME_BEFORE_ENDING = 3  # Mu'in is one word, Ankara'da is Ankara + ending

# Arabic articles in Latin transliteration (al-, el-, and the assimilated forms before sun
# letters: ad-, ar-, as-, az-, at-, an-, ash-, ...). They are dropped as words, as the Arabic
# analysis drops ال, so al-Qamishli, Al Qamishli and Qamishli index alike.
ARTICLES = frozenset("al el ad ed ar er as es az ez at et an en ash esh ath adh".split()
                     # French renderings: ech-Cham (ash-Sham), ej-Jarrah (colloquial al-J…)
                     + ["ech", "ej"])
# The Persian (and Ottoman) ezafe joining the words of a name, written after a hyphen in
# Latin (Shahrak-e Madani, Qayah Bashi-ye Bozorg, Sar-i-Bazar) and not at all in Arabic
# script (شهرک مدنی): dropped as a part of a hyphenated word, never as a word of its own.
EZAFE = frozenset("e ye i yi".split())


def fold(word: str) -> str:
    """Case-folded, diacritic-free form of one word (apostrophes left to `split_apostrophe`)."""
    word = word.casefold().translate(FOLD)
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def split_apostrophe(word: str) -> str:
    """The word without elisions, possessives, Turkish endings or transliteration marks:
    l'État → état, Syria's → syria, Qamişlo'da → qamişlo, Da'esh → daesh, Tall 'Afar → afar."""
    if not APOSTROPHE.search(word):
        return word
    word = ELISIONS.sub("", word).strip(APOSTROPHES)
    head, sep, tail = max((word.rpartition(a) for a in APOSTROPHES), key=lambda parts: len(parts[0]))
    if sep and len(head) >= MIN_NAME_BEFORE_ENDING and (tail == "s" or tail in TURKISH_ENDINGS):
        word = head
    return APOSTROPHE.sub("", word)


def is_article(word: str) -> bool:
    """Whether a folded word is a transliterated Arabic article."""
    return word in ARTICLES


def is_ezafe(part: str) -> bool:
    """Whether a folded part of a hyphenated word, not its first, is the Persian ezafe."""
    return part in EZAFE
