"""Which script a text is written in: the one test the cleaner's language detection, the
analysis chain, the phonetic keys and the name matcher share (in `archive`, which all of
them may import and which imports none of them); and how many words a text holds, in
scripts that separate words with spaces and in those that do not.

The characters are ICU's, not a table of Unicode blocks: Script_Extensions=Arabic holds
every letter of the Arabic script (Sorani, Persian and the Extended-A/B/C blocks included)
and the harakat, tatweel and punctuation written with it, and leaves out what the blocks
merely contain (U+FEFF, the byte-order mark, sits in the presentation-forms block)."""
from __future__ import annotations

import re

import icu


def character_class(pattern: str, *, every_plane: bool = False) -> str:
    """A regular-expression character class of the code points of an ICU UnicodeSet, by
    default those of the Basic Multilingual Plane: the supplementary planes hold only
    numerals and mathematical symbols of the Arabic script, and a class reaching them is
    searched several times slower (bench/icu_analysis_bench.py)."""
    parts = []
    for start, end in icu.UnicodeSet(pattern).ranges():
        if every_plane or ord(end) <= 0xFFFF:
            parts.append(re.escape(start) + ("" if start == end else "-" + re.escape(end)))
    return "[" + "".join(parts) + "]"


#: A character of the Arabic script (`ARABIC_SCRIPT.search(text)`: is any of `text` Arabic).
ARABIC_SCRIPT = re.compile(character_class("[:scx=Arab:]"))

#: A letter of neither the Latin nor the Arabic script (Cyrillic, kana, Han...): a word holding
#: one is no spelling the phonetic key can read.
OTHER_SCRIPT_LETTER = re.compile(character_class("[[:L:]-[:scx=Latn:]-[:scx=Arab:]]"))

#: A letter of a script written without spaces between words (Chinese, Japanese, Thai, Lao,
#: Khmer, Burmese): there a word count needs ICU's dictionary-based word segmentation.
UNSPACED_LETTER = re.compile(character_class(
    "[[:scx=Hani:][:scx=Hira:][:scx=Kana:][:scx=Thai:][:scx=Laoo:][:scx=Khmr:][:scx=Mymr:]]"))
# ICU's rule status of a segment that is a word (numbers, letters, kana, ideographs), not
# spaces or punctuation (UBRK_WORD_NONE_LIMIT).
_WORD_STATUS = 100


def word_count(text: str) -> int:
    """How many words `text` holds: its space-separated runs, or in a script written without
    spaces (PCに関する話をします is five words) the words ICU's segmentation finds."""
    if not UNSPACED_LETTER.search(text):
        return len(text.split())
    words = icu.BreakIterator.createWordInstance(icu.Locale.getRoot())
    words.setText(text)
    return sum(1 for _ in words if words.getRuleStatus() >= _WORD_STATUS)
