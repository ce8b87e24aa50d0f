"""Latin acronyms spelled out in Arabic script: Arabic news writes CNN as سي إن إن, the PKK
as بي كا كا, and some acronyms as their single letters (ي ب ك). Such a run of words is the
acronym, not a name to be heard through the phonetic key: read as sounds, بي كا كا is also
"Pique" and "Becky". This module reads the letters both ways; names.expand decides what a
search matches.

Words are as the analysis normalises them (alef forms as ا, Sorani ک as ك)."""
from __future__ import annotations

import itertools
from collections.abc import Callable

# The names of the Latin letters as Arabic news writes them, and the letters each may
# stand for. Where Arabic has no letter for a sound it writes the nearest (P as ب, G as ج or
# ك, V as ف); the Kurdish and Turkish names (ka, ha) are how Arabic news spells the Kurdish
# parties' acronyms.
LETTER_NAMES = {
    "ايه": "a", "اي": "aei",          # A (إيه), I (آي), E (إي)
    "بي": "bp", "پي": "p",
    "سي": "c", "دي": "d", "اف": "f",
    "جي": "gj", "جاي": "j", "جيه": "j",
    "اتش": "h", "ايتش": "h", "ها": "h",
    "كيه": "k", "كي": "k", "كاي": "k", "كا": "k",
    "ال": "l", "ايل": "l", "ام": "m", "ايم": "m", "ان": "n", "اين": "n",
    "او": "o", "كيو": "q", "ار": "r", "اس": "s", "ايس": "s", "تي": "t", "يو": "u",
    "في": "v", "ڤي": "v", "دبليو": "w", "دابليو": "w", "اكس": "x", "واي": "y",
    "زد": "z", "زي": "z", "زيد": "z",
}
# Single letters as abbreviations (ي ب ك for YPG), each the Latin letters it writes: a
# vowel letter only as the consonant it also is (ي as y, و as w).
SINGLE_LETTERS = {
    "ب": "bp", "پ": "p", "ت": "t", "ط": "t", "ج": "jg", "گ": "g", "ح": "h", "ه": "h",
    "خ": "x", "د": "d", "ر": "r", "ز": "z", "س": "s", "ص": "s", "ف": "fv", "ڤ": "v",
    "ق": "q", "ك": "kg", "ل": "l", "م": "m", "ن": "n", "و": "w", "ي": "y",
}
# Letter names that are also frequent Arabic words (in, or, that, any, the article, ha): a
# run made only of them is read as words (في أن "in that"), never as an acronym.
ORDINARY_WORDS = frozenset({"في", "او", "ان", "ام", "اي", "ال", "ها"})
# Longer runs are not acronyms a search would spell out.
MAX_LETTERS = 6
# At most this many Arabic-script ways of writing one Latin acronym are tried as phrases
# (PKK: بي كا كا, بي كي كي, ب ك ك …).
MAX_SPELLINGS = 16


def _letters_of(word: str) -> str:
    return LETTER_NAMES.get(word) or SINGLE_LETTERS.get(word, "")


def spelled_letters(words: tuple[str, ...]) -> list[str]:
    """The Latin acronyms (in lower case) a run of Arabic-script words spells letter by
    letter; none unless every word is a letter's name or a single letter and one of them is
    no ordinary word."""
    if not 2 <= len(words) <= MAX_LETTERS or all(word in ORDINARY_WORDS for word in words):
        return []
    letters = [_letters_of(word) for word in words]
    if not all(letters):
        return []
    return ["".join(choice) for choice in itertools.product(*letters)]


def arabic_spellings(acronym: str, known: Callable[[str], object]) -> list[tuple[str, ...]]:
    """The runs of Arabic-script letter names (or of single letters) that spell a Latin
    acronym (CNN: سي ان ان) from words `known` accepts (those the archive holds), those made
    only of ordinary words left out; at most MAX_SPELLINGS."""
    if not 2 <= len(acronym) <= MAX_LETTERS or not acronym.isascii() or not acronym.isalpha():
        return []
    runs: list[tuple[str, ...]] = []
    for table in (LETTER_NAMES, SINGLE_LETTERS):
        held = {word: letters for word, letters in table.items()
                if not set(letters).isdisjoint(acronym) and known(word)}  # each word asked once
        choices = [[word for word, letters in held.items() if letter in letters]
                   for letter in acronym]
        runs += itertools.islice((run for run in itertools.product(*choices)
                                  if not all(word in ORDINARY_WORDS for word in run)),
                                 MAX_SPELLINGS - len(runs))
    return runs
