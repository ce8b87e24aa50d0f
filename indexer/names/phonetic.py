"""A cross-script phonetic reading of a name: consonant classes shared by Arabic, Sorani and
Latin spellings (the key, a candidate generator), and the vowels between them (the evidence
the precision stage uses to reject look-alikes such as Hussein/Hassan or محمد/محمود).

Works on index terms (already normalised by the analysis chain: Latin folded and lower case,
Arabic-script letters unified). The classes follow general transliteration practice for
Arabic, Kurdish, Turkish, English, French and German: voicing pairs merge (Mehmet/Mehmed,
Zeynep/Zaynab), ق ك گ غ are one velar class (Qamishli/Kamishli, شنكال/شنگال), ح خ ه one
guttural class (Khalid/Halit/Xalid), s ş sh ش ص one sibilant class.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import islice, product

MIN_KEY_CONSONANTS = 3  # shorter keys (Omar, Amed, YPG) match too much to expand freely
# Two-consonant keys (Omar, Amuda, Raqqa, Yazidi) are indexed too, but a spelling found
# through one only counts when it sounds like a gazetteer name of the entity searched for.
MIN_ANCHORED_KEY = 2
MAX_READINGS = 8

A, I, U = "a", "i", "u"  # vowel qualities

# An item of a reading: ("C", class, letter) a consonant; ("V", qualities, long, e_like) a
# vowel letter; ("N",) a letter that only separates vowels (ع, hamza, a word-initial alef).


def _c(cls: str, letter: str) -> tuple:
    return ("C", cls, letter)


def _v(qualities: str, long: bool = False, e_like: bool = False) -> tuple:
    return ("V", frozenset(qualities), long, e_like)


NEUTRAL = ("N",)

# Latin graphemes, longest first; a tuple of several items is an ambiguous spelling read
# every way (German ch is kh, French ch is sh, English ch is tsh).
LATIN = {
    "tsch": (_c("J", "j"),),     # German tsh
    "dsch": (_c("J", "j"),),     # German j (Manbidsch, Sindschar)
    "sch": (_c("S", "s"),),      # German sh (Qamischli)
    "tch": (_c("J", "j"),),      # French tsh
    "dzh": (_c("J", "j"),),      # Russian-style j
    "dj": (_c("J", "j"),),       # French j (Djarablous)
    "zh": (_c("J", "j"),),       # Kurdish/Persian zh = ژ, written j in Kurmanji
    "sh": (_c("S", "s"),),
    "ch": (_c("S", "s"), _c("J", "j"), _c("H", "h")),  # French sh, English tsh, German kh
    "kh": (_c("H", "h"),),       # خ
    "gh": (_c("K", "k"),),       # غ
    "th": (_c("T", "t"),),       # ث
    "dh": (_c("Z", "z"),),       # ذ ظ
    "ph": (_c("F", "f"),),
    "ck": (_c("K", "k"),),
    "ou": (_v(U, long=True),),   # French u (Mossoul)
    "oo": (_v(U, long=True),),
    "ee": (_v(I, long=True),),
    "b": (_c("B", "b"),), "p": (_c("B", "b"),),   # Zeynep = Zaynab
    "d": (_c("T", "t"),), "t": (_c("T", "t"),),   # Mehmet = Mehmed, Midyat = Midyad
    "c": (_c("J", "j"),),        # Turkish and Kurmanji c = j (Cerablus, Hacin)
    "f": (_c("F", "f"),),
    "g": (_c("K", "k"),), "k": (_c("K", "k"),), "q": (_c("K", "k"),),
    "h": (_c("H", "h"),),
    "j": (_c("J", "j"), ("V", frozenset(I), True, False)),  # German j is y (Jeside)
    "l": (_c("L", "l"),), "m": (_c("M", "m"),), "n": (_c("N", "n"),), "r": (_c("R", "r"),),
    "s": (_c("S", "s"),),
    "v": (_c("F", "f"), _v(U, long=True)),        # Kurdish v = ڤ, Turkish v = w (Nevruz)
    "w": (_v(U, long=True),),    # a glide: part of the vowel (Nawroz, Mawsil)
    "x": (_c("H", "h"),),        # Kurmanji x = kh (Xalid)
    "y": (_v(I, long=True),),    # a glide (Husayn, Zeynep)
    "z": (_c("Z", "z"),),
    "a": (_v(A),), "e": (_v(A + I, e_like=True),), "o": (_v(U),), "u": (_v(U),),
    # Kurmanji and Turkish i (ı) is the reduced vowel that stands for Arabic short u as
    # well as i (Hisên = Husayn, Mihemed = Muhammad, Nisêbîn = Nusaybin).
    "i": (_v(I + U),),
}
# A single s between vowels reads z in German and French (Jeside = Yezidi, Yézidi);
# those languages double it (Moussa, Hassan) for the s sound.
INTERVOCALIC_S = (_c("S", "s"), _c("Z", "z"))
LATIN_GRAPHEME = re.compile("|".join(sorted(LATIN, key=len, reverse=True)) + "|.", re.S)

# Arabic-script letters as normalised by the analysis chain.
ARABIC = {
    "ب": _c("B", "ب"), "پ": _c("B", "ب"),
    "ت": _c("T", "ت"), "ط": _c("T", "ط"), "د": _c("T", "د"), "ض": _c("T", "ض"), "ث": _c("T", "ث"),
    "ج": _c("J", "ج"), "چ": _c("J", "ج"), "ژ": _c("J", "ج"),   # Arabic writes ژ and چ as ج
    "ح": _c("H", "ح"), "خ": _c("H", "خ"), "ه": _c("H", "ه"),
    "ق": _c("K", "ق"), "ك": _c("K", "ك"), "گ": _c("K", "ك"), "غ": _c("K", "غ"),  # گ → ك
    "س": _c("S", "س"), "ص": _c("S", "ص"), "ش": _c("S", "ش"),
    "ز": _c("Z", "ز"), "ظ": _c("Z", "ظ"), "ذ": _c("Z", "ذ"),
    "ر": _c("R", "ر"), "ڕ": _c("R", "ر"), "ل": _c("L", "ل"), "ڵ": _c("L", "ل"),
    "م": _c("M", "م"), "ن": _c("N", "ن"), "ف": _c("F", "ف"), "ڤ": _c("F", "ف"),
    "ا": _v(A, long=True), "آ": _v(A, long=True),
    "و": _v(U, long=True), "ۆ": _v(U, long=True),
    "ي": _v(I, long=True), "ێ": _v(I + A, long=True, e_like=True),
    "ە": _v(A + I, e_like=True),                                # Sorani short e/a
    "ع": NEUTRAL, "ء": NEUTRAL, "ئ": NEUTRAL, "ؤ": NEUTRAL, "أ": NEUTRAL, "إ": NEUTRAL,
}
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")
FINAL_VOWEL = _v(A + I, e_like=True)  # final ه / -ah / -eh: the feminine ending, -e or -a


@dataclass(frozen=True)
class Gap:
    """The vowels written between two consonants (or before the first, after the last)."""

    qualities: frozenset = frozenset()
    letters: int = 0
    long: bool = False
    e_like: bool = False

    def add(self, item: tuple) -> Gap:
        _, qualities, long, e_like = item
        letters = self.letters + 1
        # Two vowel letters (ei, ay, ou, يا) spell a long vowel or a diphthong.
        return Gap(self.qualities | qualities, letters, self.long or long or letters > 1,
                   self.e_like or e_like)


@dataclass(frozen=True)
class Reading:
    """One way to read a term: its key, consonant letters and the vowel gaps around them."""

    key: str
    letters: tuple[str, ...]
    gaps: tuple[Gap, ...]
    arabic: bool


def _latin_items(term: str) -> list[tuple[tuple, ...]]:
    slots = []
    graphemes = LATIN_GRAPHEME.findall(term)
    for index, grapheme in enumerate(graphemes):
        items = LATIN.get(grapheme)
        if items is None:
            continue  # digits and other signs carry no sound
        after_vowel = bool(slots) and slots[-1][0][0] == "V"
        if grapheme == "h" and index == len(graphemes) - 1 and after_vowel:
            items = (FINAL_VOWEL,)  # Raqqah = Raqqa, Hasakeh = Hasaka
        elif grapheme == "s" and after_vowel and index + 1 < len(graphemes) \
                and LATIN.get(graphemes[index + 1], ((None,),))[0][0] == "V":
            items = INTERVOCALIC_S
        slots.append(items)
    return slots


def _arabic_items(term: str) -> list[tuple[tuple, ...]]:
    slots = []
    for index, letter in enumerate(term):
        item = ARABIC.get(letter)
        if item is None:
            continue
        if index == 0 and letter in "اآ":
            item = NEUTRAL  # a word-initial alef only carries the opening vowel
        elif letter == "ه" and index == len(term) - 1 and index > 0:
            item = FINAL_VOWEL
        slots.append((item,))
    return slots


def _reading(items: tuple[tuple, ...], arabic: bool) -> Reading:
    consonants: list[tuple[str, str]] = []
    gaps = [Gap()]
    closed: set[int] = set()  # gaps followed by two consonants (a cluster or a doubled one)
    for item in items:
        if item[0] == "C":
            if consonants and gaps[-1].letters == 0:
                closed.add(len(gaps) - 2)
                if consonants[-1][0] == item[1]:
                    continue  # a doubled consonant (Raqqa, Fallujah, shadda) is one
            consonants.append((item[1], item[2]))
            gaps.append(Gap())
        elif item[0] == "V":
            gaps[-1] = gaps[-1].add(item)
    if not arabic:
        # A vowel before two consonants is short: Arabic has no long vowel in a closed
        # syllable, so French ou there spells a short u (Moustapha, Houssein, Jarablous).
        for index in closed:
            if index >= 0 and gaps[index].long:
                gaps[index] = replace(gaps[index], long=False)
    classes = [cls for cls, _ in consonants]
    # n before b is pronounced m: Manbij = Mambij = Membij.
    for index in range(len(classes) - 1):
        if classes[index] == "M" and classes[index + 1] == "B" and gaps[index + 1].letters == 0:
            classes[index] = "N"
    # ʿAbd al-X: the article inside the compound is often left out (Abd Aziz, Abdelaziz,
    # Abdulaziz, عبدالعزيز, عبد العزيز all key as B T + the name).
    letters = [letter for _, letter in consonants]
    if classes[:3] == ["B", "T", "L"] and gaps[0].letters <= 1 and gaps[1].letters == 0 \
            and gaps[2].letters <= 1:
        del classes[2], letters[2]
        gaps[2:4] = [gaps[3]]
    return Reading("".join(classes), tuple(letters), tuple(gaps), arabic)


@lru_cache(maxsize=1 << 16)
def readings(term: str) -> tuple[Reading, ...]:
    """Every reading of a term (several when a Latin spelling is ambiguous), at most 8.
    A term may be several words joined by spaces; they are read as one."""
    text = term.replace(" ", "")
    arabic = ARABIC_SCRIPT.search(text) is not None
    slots = _arabic_items(text) if arabic else _latin_items(text)
    seen: dict[str, Reading] = {}
    for items in islice(product(*slots), MAX_READINGS * 4):
        reading = _reading(items, arabic)
        seen.setdefault(f"{reading.key}|{reading.gaps}", reading)
    return tuple(islice(seen.values(), MAX_READINGS))


@lru_cache(maxsize=1 << 16)
def name_keys(term: str) -> tuple[str, ...]:
    """The phonetic keys of a term, one per distinct reading."""
    return tuple(dict.fromkeys(reading.key for reading in readings(term)))


def name_key(term: str) -> str:
    """The main phonetic key of a term (its first reading)."""
    keys = name_keys(term)
    return keys[0] if keys else ""


def _gaps_agree(mine: Gap, other: Gap, mine_arabic: bool, other_arabic: bool,
                initial: bool, final: bool) -> bool:
    """Whether two vowel gaps can spell the same vowels."""
    if final and ((mine.e_like and (mine.letters == 1 or not mine_arabic))
                  or (other.e_like and (other.letters == 1 or not other_arabic))):
        return True  # -e, -ê, -a, ە and ة endings vary freely (Kobane, Kobanî, Amûdê),
        # but not Arabic -iyya (يزيدية is not يزيد)
    if mine_arabic and other_arabic:
        if mine.long != other.long:
            return False  # a written long vowel is a different word (حسين/حسن, سنجار/سنجر)
        return not (mine.long and not mine.qualities & other.qualities)
    if mine_arabic != other_arabic:
        latin, script = (other, mine) if mine_arabic else (mine, other)
        if script.long:
            # A final ي may be an alef maksura read -a (مصطفى = Mustafa), normalised to ي.
            return bool(latin.qualities & script.qualities) or (
                final and script.letters == 1 and I in script.qualities and A in latin.qualities)
        if latin.long:
            return False  # Hussein has a long vowel that حسن does not write
        if final and latin.letters and not script.letters and A not in latin.qualities:
            return False  # a final i, o or u is written in Arabic script (Mosuli = الموصلي)
        return not (latin.qualities and script.qualities) or bool(latin.qualities & script.qualities)
    if (final or initial) and (mine.letters == 0) != (other.letters == 0):
        return False  # Mosul/Mosuli, Ezidi/Zaidi: an ending or an opening vowel changes the word
    if mine.letters and other.letters:
        return bool(mine.qualities & other.qualities)
    return not (mine.long or other.long)


def _readings_agree(mine: Reading, other: Reading) -> bool:
    if mine.key != other.key:
        return False
    if mine.arabic and other.arabic and mine.letters != other.letters:
        return False  # in one script a different letter is a different word (قسد/قصد)
    last = len(mine.gaps) - 1
    return all(_gaps_agree(a, b, mine.arabic, other.arabic, index == 0, index == last)
               for index, (a, b) in enumerate(zip(mine.gaps, other.gaps)))


@lru_cache(maxsize=1 << 16)
def sounds_alike(term: str, other: str, shortest_key: int = MIN_KEY_CONSONANTS) -> bool:
    """Whether two terms can be spellings of one name: a shared key of `shortest_key` or more
    consonants and vowels that agree (Hussein ≠ Hassan, Salih ≠ Salah, Talabani ≠ Taliban)."""
    return any(len(mine.key) >= shortest_key and _readings_agree(mine, theirs)
               for mine in readings(term) for theirs in readings(other))
