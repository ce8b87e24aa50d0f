"""A cross-script phonetic key of a name: the consonant classes that Arabic, Sorani and
Latin spellings of one name share. The key finds candidates — the archive's spellings worth
weighing — and the fitted pair model (transliteration.py) decides which of them are spellings
of the same name, so the classes here are broad on purpose: a class that is too narrow
loses a spelling for good, one that is too broad only costs the model a few more pairs.

Works on index terms (already normalised by the analysis chain: Latin folded and lower
case, Arabic-script letters unified). The classes follow transliteration practice for
Arabic, Kurdish, Turkish, English, French, German and Spanish: voicing pairs merge
(Mehmet/Mehmed, Zeynep/Zaynab), ق ك گ غ and hard g are one velar class, ح خ ه one guttural
class, s z ş sh ش ص س ز ذ ظ one sibilant class. A letter read several ways in Latin
spellings (c is k in Carney, s in Cienfuegos, j in Cerablus) gives a term several keys.
"""
from __future__ import annotations

import re
from functools import lru_cache, partial
from itertools import islice

from archive.scripts import ARABIC_SCRIPT, OTHER_SCRIPT_LETTER

# A key this long lets an archive spelling in the other script alone identify a gazetteer
# entity (names._recognised); shorter keys (Omar, Amed, YPG) name too many.
MIN_KEY_CONSONANTS = 3
# The shortest key a candidate spelling is found by (Omar, Amuda, Raqqa, Yazidi); the pair
# model then judges it.
MIN_ANCHORED_KEY = 2
MAX_READINGS = 12
# Stamped into an index's `keys` field: raise it whenever a term's keys (or which words are
# keyed) change, so that an index keyed the old way is refused with the advice to reindex.
KEY_VERSION = 16

# Latin graphemes, longest first, each with the class sequences it may stand for ("" for a
# letter that writes a vowel or nothing); several sequences = an ambiguous spelling.
LATIN = {
    "tsch": ("J",), "dsch": ("J",),   # German tsh, j (Manbidsch)
    "sch": ("S",),                    # German sh (Qamischli)
    "tch": ("J",), "dzh": ("J",),     # French tsh, Russian-style j
    "dj": ("J",),                     # French j (Djarablous)
    "zh": ("J",),                     # Kurdish/Persian zh = ژ, written j in Kurmanji
    "sh": ("S",),
    "ch": ("S", "J", "H", "K"),       # French sh, English tsh, German kh, Italian k
    "kh": ("H", "K"),                 # خ, or ك where the name is not Arabic (Durkheim دوركايم)
    "gh": ("K", ""),                  # غ; silent in English (Leighton ليتون)
    "th": ("T", "TH"), "dh": ("S", "T", "TH"),   # ث ذ (or د); or two letters (Fathia فتحية)
    "ph": ("F",), "ck": ("K",), "qu": ("K",),
    "gl": ("KL", "JL", "L"),          # Italian gl is an l sound (Bentivoglio بنتيفوليو)
    "gn": ("KN", "JN", "N"),          # Italian and French gn is ny (Pagnol بانيول)
    "ngh": ("NKH", "NK", "N"),        # ng before an h of its own (Ebbinghaus ابنجهاوس)
    "cz": ("J", "TS", "KS", "S"),     # Polish ch (Sienkiewicz سينكيفيتش), or c and z
    "wh": ("", "F"),                  # English w (Whitmore ويتمور)
    "ll": ("L", ""),                  # Spanish y (Villafuerte فيافويرتي)
    "b": ("B",), "p": ("B",), "d": ("T",), "t": ("T",),
    "c": ("K", "S", "J", "TS"),       # English/Spanish k or s; Turkish and Kurmanji j;
                                      # Slavic ts (Gorica غوريتسا)
    "f": ("F",), "v": ("F", ""),      # Kurdish v = ڤ; a w sound in Turkish (Nevruz)
    "g": ("K", "J"),                  # hard g; written ج where Arabic has no g
    "k": ("K",), "q": ("K",), "h": ("H",),
    "j": ("J", "", "H"),              # j; y in German (Jeside); kh in Spanish (Cantalejo)
    "l": ("L",), "m": ("M",), "n": ("N",), "r": ("R",),
    "s": ("S",), "z": ("S", "TS"),    # z; ts in German and Italian (Herzl هرتزل)
    "x": ("H", "KS", "S"),            # Kurmanji x = kh; English x = ks (Maddox); sh in
                                      # Chinese, Basque, Catalan (Dexin ديشين)
    "w": ("", "F"),                   # a glide, or v in German (Weisbach فايسباخ)
    "y": ("",), "a": ("",), "e": ("",), "i": ("",), "o": ("",), "u": ("",),
}
# The letters that write a vowel in Latin spellings (the key reads them as nothing; the pair
# models' rules on name endings read them too: names.transliteration).
LATIN_VOWELS = "aeiouy"
LATIN_GRAPHEME = re.compile("|".join(sorted(LATIN, key=len, reverse=True)) + "|.", re.S)
# Final consonants French leaves unspoken after a vowel, r or n, which Arabic script then does
# not write (Ronsard رونسار, Loubet لوبيه, Paradis بارادي, Truffaut تروفو), and the r of a
# final -ier (Daladier دلادييه): read both ways against Arabic-script spellings; two Latin
# spellings both write them (Hamad is not Hama). Found in the training pairs the key missed
# (bench/names/key_coverage.py), as were gn, ngh, cz and an initial kn.
SILENT_FINALS = frozenset("tdsxz")
SOUNDED_BEFORE_SILENT_FINAL = LATIN_VOWELS + "rn"
# A transliterated article written onto the name (Albarracin, Elbasan), or a name whose
# Arabic spelling starts like the article (ألاركون Alarcón): the analysis drops ال from
# the Arabic spelling, so a Latin al-/el- is read both ways.
LATIN_ARTICLE = re.compile(r"^[ae]l+")

# In a reading, a vowel that is spoken but not written: the consonants around it stay two.
SPOKEN_VOWEL = "·"

# Arabic-script letters as normalised by the analysis chain.
ARABIC = {
    "ب": ("B",), "پ": ("B",),
    "ت": ("T",), "ط": ("T",), "د": ("T",),
    "ض": ("T", "S"),                  # d, or z as Persian, Turkish and Kurdish say it
                                      # (Fazıl فاضل; Sorani writes ز: ڕەمەزان): 27 of the
                                      # 199 training pairs with one ض write z or s, no d or t
    "ث": ("T", "S"),                  # th, or Spanish c/z (Marcela مارثيلا)
    "ج": ("J", "K"),                  # j, and g in Egyptian usage (جراي Gray)
    "چ": ("J",), "ژ": ("J",),
    "ح": ("H",), "ه": ("H",),
    "خ": ("H", "K"),                  # kh, or k (Kadija خديجة)
    "ق": ("K",), "ك": ("K",), "گ": ("K",),
    "غ": ("K", "H"),                  # gh, or Russian kh (Horyainov غورياينوف)
    "س": ("S",), "ص": ("S",), "ش": ("S",), "ز": ("S",), "ظ": ("S",),
    "ذ": ("S", "T"),                  # dh, or English th (Rutherford رذرفورد)
    "ر": ("R",), "ڕ": ("R",), "ل": ("L",), "ڵ": ("L",),
    "م": ("M",), "ن": ("N",), "ف": ("F",), "ڤ": ("F",),
}


def _latin_slots(term: str, silent_finals: bool = True) -> list[tuple[str, ...]]:
    graphemes = LATIN_GRAPHEME.findall(term)
    slots = []
    for index, grapheme in enumerate(graphemes):
        sequences = LATIN.get(grapheme)
        if sequences is None:
            continue  # digits and other signs carry no sound
        if grapheme == "h" and index == len(graphemes) - 1 and slots and slots[-1] == ("",):
            sequences = ("", "H")  # Raqqah = Raqqa, Hasakeh = Hasaka; but Meftah = مفتاح
        elif grapheme == "h" and index and _silent_h(graphemes[index - 1],
                                                     graphemes[index + 1:index + 2]):
            sequences = ("H", "")
        elif silent_finals and index == len(graphemes) - 1 and index > 1 and (
                grapheme in SILENT_FINALS
                and graphemes[index - 1][-1] in SOUNDED_BEFORE_SILENT_FINAL
                or grapheme == "r" and graphemes[index - 2:index] == ["i", "e"]):
            sequences = sequences + ("",)
        elif grapheme == "k" and index == 0 and graphemes[1:2] == ["n"]:
            sequences = ("K", "")  # English kn is n (Knowles نولز)
        slots.append(sequences)
    return slots


def ends_in_consonant(term: str) -> bool:
    """Whether a Latin term's last sound is a consonant no reading of it leaves unspoken
    (Zach; not Zakho, Truffaut, Leighton or Raqqah)."""
    slots = _latin_slots(term)
    return bool(slots) and "" not in slots[-1]


def _silent_h(before: str, after: list[str]) -> bool:
    """Whether an h inside a Latin name may be unwritten in Arabic script: after a consonant
    (Rhodes رودس, Bhutto بوتو, Portuguese nh and lh: Mourinho مورينيو), or after a vowel
    before a consonant, where German and English lengthen the vowel (Dahl دال, John جون).
    Both readings are kept: the h is ح or ه in Ahmed أحمد."""
    return before[-1] not in LATIN_VOWELS or bool(after) and after[0][0] not in LATIN_VOWELS


def _arabic_slots(term: str) -> list[tuple[str, ...]]:
    slots = []
    for index, letter in enumerate(term):
        sequences = ARABIC.get(letter, ("",))
        if letter == "ه" and index == len(term) - 1 and index > 0:
            sequences = ("",)  # the final -a/-e ending
        elif letter == "ش" and index and term[index - 1] == "ت":
            slots[-1], sequences = ("J", "TS"), ("",)  # تش writes ch (تشيزاري Cesare)
        elif letter == "ج" and index and term[index - 1] == "د":
            slots[-1] = ("", "T")  # دج writes French dj (دجافانيان Djavanian)
        elif index and letter == term[index - 1] and letter in ARABIC:
            # the script writes a doubled consonant once, so a letter written twice is also
            # two consonants with an unwritten vowel between (باكارينن Pakarinen, مدد Madad)
            sequences = sequences + tuple(SPOKEN_VOWEL + cls for cls in sequences)
        slots.append(sequences)
    return slots


def _keys(slots: list[tuple[str, ...]], limit: int) -> list[str]:
    """Every distinct key of a term's readings (at most `limit`), a doubled consonant
    (Raqqa, shadda) written once; a consonant after SPOKEN_VOWEL is never merged into the one
    before it. Readings are built a letter at a time, so that readings which spell one key
    are counted once and the limit cuts only truly different keys."""
    states = {("", True): None}  # (classes so far, a vowel since the last consonant)
    for sequences in slots:
        following: dict[tuple[str, bool], None] = {}
        for classes, vowel_since in states:
            for sequence in sequences:
                if not sequence:
                    following[(classes, True)] = None
                    continue
                key, doubled_ok = classes, vowel_since
                for cls in sequence:
                    if cls == SPOKEN_VOWEL:
                        doubled_ok = True
                        continue
                    if not (key and key[-1] == cls and not doubled_ok):
                        key += cls
                    doubled_ok = False
                following[(key, False)] = None
        states = dict(islice(following.items(), limit * 4))
    keys: dict[str, None] = {}
    for classes, _ in states:
        # n before b is pronounced m: Manbij = Mambij = Membij.
        key = classes.replace("MB", "NB")
        # ʿAbd al-X: the article inside the compound is often left out (Abdelaziz, عبد العزيز).
        if key.startswith("BTL") and len(key) > 4:
            key = "BT" + key[3:]
        keys.setdefault(key)
    return list(islice(keys, limit))


@lru_cache(maxsize=1 << 16)
def name_keys(term: str, silent_finals: bool = True) -> tuple[str, ...]:
    """The phonetic keys of a term, one per distinct reading, at most MAX_READINGS. A term
    may be several words joined by spaces; they are read as one, each word's last letter as
    a last letter (the ه of قلعه in قلعه دزه ends a word, as in Qala Diza), and no two
    letters across a space as one grapheme (Ras Hasan has no "sh"). None for a term holding
    a letter of another script (`pcに関する話` is no spelling of Baghuz). `silent_finals`
    False leaves out the readings of a Latin term without its SILENT_FINALS, which only
    Arabic script's spellings have reason to share (Hamad is no Hama)."""
    words = term.split()
    if not words or OTHER_SCRIPT_LETTER.search(term):
        return ()
    if ARABIC_SCRIPT.search(term):
        variants = [_run_slots(words, _arabic_slots)]
    else:
        slots_of = partial(_latin_slots, silent_finals=silent_finals)
        variants = [_run_slots(words, slots_of)]
        article = LATIN_ARTICLE.match(words[0])
        unarticled = [word for word in (words[0][article.end():], *words[1:]) if word] \
            if article else []
        if unarticled:
            variants.append(_run_slots(unarticled, slots_of))
    keys: dict[str, None] = {}
    for slots in variants:
        keys.update(dict.fromkeys(_keys(slots, MAX_READINGS)))
    return tuple(islice(keys, MAX_READINGS))


def _run_slots(words: list[str], slots_of) -> list[tuple[str, ...]]:
    """The slots of a run of words, each word read on its own."""
    return [slot for word in words for slot in slots_of(word)]


def name_key(term: str) -> str:
    """The main phonetic key of a term (its first reading)."""
    keys = name_keys(term)
    return keys[0] if keys else ""
