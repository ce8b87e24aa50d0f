"""Whether two spellings are one name: a stochastic edit model of transliteration, learned
from public name pairs (bench/names/fit_pair_model.py writes data/pair_model.json), and the
written rules of Arabic script and Arabic morphology it cannot learn from those pairs.

Each pair of scripts with a Latin side (Latin–Arabic, Latin–Latin) has its own table of edit
units — a Latin sequence of up to two letters written as one Arabic letter (sh → ش), a
vowel left unwritten (a → nothing), one Latin spelling for another (ou → u) — with the
probability the training pairs gave each. A pair's score is the log-likelihood ratio of
the two spellings being written from one name (summed over every alignment) against their
being two unrelated words, per letter; spellings of one name score above the fitted
threshold, look-alikes of different names below it.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from archive.scripts import ARABIC_SCRIPT
from indexer.analysis import latin
from indexer.lexicon.phonetic import LATIN_VOWELS, ends_in_consonant

MODEL_FILE = Path(__file__).resolve().parent / "data" / "pair_model.json"

# Letters only Kurdish writes, as the Arabic letters Arabic-script news uses for the same
# sounds; the models learned Arabic spellings, so a Sorani spelling is scored through these.
# Medial ە is a short vowel that Arabic leaves unwritten (حەسەكه = حسكه).
SORANI_AS_ARABIC = str.maketrans({
    "ۆ": "و",   # o
    "ێ": "ي",   # ê
    "ە": "",    # short e/a
    "ڵ": "ل",   # velarised l
    "ڕ": "ر",   # trilled r
    "ڤ": "ف",   # v
    "گ": "ك",   # g
    "چ": "ج",   # ch
    "ژ": "ج",   # zh
    "پ": "ب",   # p
})
# Letters only Kurdish (or Persian) writes: a term holding one is read as Sorani.
SORANI_ONLY = "ەێۆڵڕڤگچژپ"
# The index's unified letters back in Sorani's own, for AsoSoft's transliterator.
SORANI_WRITTEN = str.maketrans({"ي": "ی", "ك": "ک"})


def script_of(term: str) -> str:
    """"arabic" for an Arabic-script term (Arabic or Sorani), else "latin"."""
    return "arabic" if ARABIC_SCRIPT.search(term) else "latin"


# Marks of a word's start and end, written around every term, so that the models learn
# what happens at the edges apart from the middle: a final vowel that only changes the
# spelling (Hasaka, Hasakah, Hasake) from one that changes the name (Karim, Karima).
START, END = "^", "$"


def as_model_letters(term: str) -> str:
    """A normalised index term in the letters the models know, between edge marks: no spaces,
    Sorani letters as Arabic ones (a final ە is already ه after normalisation)."""
    term = term.replace(" ", "")
    if script_of(term) == "arabic":
        term = term.translate(SORANI_AS_ARABIC)
    return START + term + END


@dataclass(frozen=True)
class PairModel:
    """One pair of scripts: log-probabilities of edit units and of single letters."""

    units: dict[tuple[str, str], float]
    left_letters: dict[str, float]
    right_letters: dict[str, float]
    longest_left: int
    longest_right: int
    threshold: float
    # Latin–Arabic only: the score (relative to the threshold) below which an Arabic-script
    # name speaks against a Latin spelling (fitted so most true spellings stay above it).
    veto: float = 0.0
    # The log-probability of a one-letter edit absent from the table: below the rarest edit
    # the training pairs made, so it costs much but does not rule a pair out.
    unseen: float = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "unseen", min(self.units.values(), default=-20.0) - 1.0)

    def log_joint(self, left: str, right: str) -> float:
        """log P(left, right) summed over every alignment of edit units (forward algorithm)."""
        units, lx, ly = self.units, self.longest_left, self.longest_right
        n, m = len(left), len(right)
        forward = [[-math.inf] * (m + 1) for _ in range(n + 1)]
        forward[0][0] = 0.0
        for i in range(n + 1):
            row = forward[i]
            for j in range(m + 1):
                if i == 0 and j == 0:
                    continue
                scores = []
                for a in range(min(lx, i) + 1):
                    piece_left = left[i - a:i]
                    previous = forward[i - a]
                    for b in range(min(ly, j) + 1):
                        if a == 0 and b == 0:
                            continue
                        start = previous[j - b]
                        if start == -math.inf:
                            continue
                        unit = units.get((piece_left, right[j - b:j]))
                        if unit is None and a <= 1 and b <= 1:
                            unit = self.unseen  # a single-letter edit no training pair made
                        if unit is not None:
                            scores.append(start + unit)
                if scores:
                    row[j] = _log_sum(scores)
        return forward[n][m]

    def log_unrelated(self, left: str, right: str) -> float:
        """log P of the two spellings as unrelated strings (letter by letter)."""
        floor = min(self.left_letters.values(), default=-20.0) - 2
        total = sum(self.left_letters.get(char, floor) for char in left)
        floor = min(self.right_letters.values(), default=-20.0) - 2
        return total + sum(self.right_letters.get(char, floor) for char in right)

    def score(self, left: str, right: str) -> float:
        """Per-letter log-likelihood ratio: one name against two unrelated words."""
        joint = self.log_joint(left, right)
        if joint == -math.inf:
            return -math.inf
        return (joint - self.log_unrelated(left, right)) / max(1, len(left) + len(right))


def _log_sum(values: list[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(value - top) for value in values))


def _read_model(entry: dict) -> PairModel:
    units = {tuple(key.split("\t")): value for key, value in entry["units"].items()}
    return PairModel(units, entry["left_letters"], entry["right_letters"],
                     entry["longest_left"], entry["longest_right"], entry["threshold"],
                     entry.get("veto", 0.0))


@lru_cache(maxsize=1)
def models(path: Path = MODEL_FILE) -> dict[str, PairModel]:
    """The fitted models by pair kind ("latin-arabic", "latin-latin")."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {kind: _read_model(entry) for kind, entry in data["models"].items()}


def _oriented(first: str, second: str) -> tuple[str, str, str]:
    """The pair kind and the two terms in the model's order (Latin before Arabic)."""
    scripts = (script_of(first), script_of(second))
    if scripts == ("arabic", "latin"):
        return "latin-arabic", second, first
    return f"{scripts[0]}-{scripts[1]}", first, second


@lru_cache(maxsize=1 << 16)
def hawar(term: str) -> str:
    """A Sorani term in Kurdish Latin (Hawar) letters as the index folds them, "" for any
    other term. AsoSoft's transliterator writes the vowels Sorani leaves unwritten
    (قامشلۆ → qamşilo), which a letter-for-letter table cannot."""
    if script_of(term) != "arabic" or not any(letter in term for letter in SORANI_ONLY):
        return ""
    import asosoft  # loaded only when a Sorani spelling is weighed

    written = term.translate(SORANI_WRITTEN)
    if written.endswith("ه"):
        written = written[:-1] + "ە"
    return "".join(word for word in latin.fold(asosoft.Ar2La(written)).split() if word.isalpha())


@lru_cache(maxsize=1 << 16)
def pair_score(first: str, second: str) -> float:
    """How far above its kind's threshold the pair scores (≥ 0: spellings of one name).
    A Sorani spelling is also weighed against a Latin one in its Hawar form, by the
    Latin–Latin model."""
    kind, latin_term, arabic_term = _oriented(first, second)
    if kind == "arabic-arabic":  # decided by the script's rules, not by a model
        return math.inf if _arabic_spellings_agree(first, second) else -math.inf
    score = _model_score(first, second)
    if kind == "latin-arabic":
        transliterated = hawar(arabic_term)
        if transliterated:
            same_script = models()["latin-latin"]
            score = max(score, same_script.score(as_model_letters(latin_term),
                                                 as_model_letters(transliterated))
                        - same_script.threshold)
    return score


def _model_score(first: str, second: str) -> float:
    """How far above its threshold the pair's own model scores it (no Hawar reading)."""
    kind, left, right = _oriented(as_model_letters(first), as_model_letters(second))
    model = models()[kind]
    return model.score(left, right) - model.threshold


# Arabic word endings that make another name of the same root — the feminine (Karim,
# Karima; كريم، كريمة) and the nisba adjective (Baghdad, Baghdadi; a town named after a
# person, Adnan, Adnaniya) — as the index writes them (ة is ه, ى is ي), and their common
# Latin transliterations; Sorani's final ێ (ê) is held as Arabic's final ي is: a Latin name
# without the vowel is another word (Acker is not ئاكرێ, Akre). Transliteration varies vowels
# freely, so the model alone cannot tell such a morpheme from a vowel spelled out. (Two
# Arabic-script spellings are held to the script's rules below instead.)
MORPHEME_ENDINGS = {
    "latin": ("a", "ah", "i", "y", "ia", "iya", "iyah", "iyya", "iyyah", "ie"),
    "arabic": ("ه", "ي", "يه", "ێ"),
}
VOWEL_LETTERS = {"latin": LATIN_VOWELS, "arabic": "اويهۆێە"}
# Arabic-script letters that write vowels or carry hamza. Two Arabic spellings of one name
# differ at most in which vowel letter ends them (عامودا، عاموده): a long vowel inside is
# part of an Arabic name (حسين Husayn, حسن Hasan), a vowel letter added to a consonant at
# the end makes another name (جميل، جميلة; بغداد، بغدادي), and a different consonant letter
# is another word (قسد the SDF, قصد "intent"; حمدان، همدان). Sorani writes the vowels Arabic
# leaves out and drops ع (ئۆمەر، عمر), so against a Sorani spelling only the consonants count.
ARABIC_VOWEL_LETTERS = frozenset("اويىءئؤۆێە")
FINAL_VOWEL_LETTERS = "اويه"
HAMZA_CARRIERS = str.maketrans({"ئ": "ي", "ؤ": "و", "ء": None})
# Sorani's definite, indefinite and postposition endings as the index writes them (a final
# ە is ه): كۆبوونەوە "meeting" is not كوباني though their consonants agree.
SORANI_SUFFIXES = ("ەوه", "ەكه", "ەكان", "ەكاني", "ێك", "ێكي", "ەيه")
# Arabic letters Sorani does not write, as Sorani spells the names that hold them (رمضان
# ڕەمەزان, طالباني تاڵەبانی): against a Sorani spelling they are compared so. ث, which Sorani
# also writes س, is left apart: with it the word مثل ("like") took a Sorani name's consonants.
# (Sorani also writes out a consonant Arabic doubles with a shadda, ڕەققە الرقة; read as one,
# the doubled letter made ڕەققە a spelling of the name رقية, whose vowel Sorani would write.)
SORANI_CONSONANTS = str.maketrans({
    "ص": "س",   # emphatic s
    "ذ": "ز",   # dh → z
    "ض": "ز",   # emphatic d → z
    "ظ": "ز",   # emphatic dh → z
    "ط": "ت",   # emphatic t
})
# Consonants alone say too little of a shorter name: دەرعا (Daraa) and ئیدارەی
# ("administration of") share د ر; there the vowels Sorani writes must agree too.
MIN_SORANI_CONSONANTS = 3
# A long u or i that Arabic writes inside a name, Sorani and Persian write too (سليمان
# سولەیمان; the ending -iya, يه, is not inside): an Arabic spelling whose inner و and ي are
# not all in the other's is another name (كروج, Koruj, is no كەرەج, Karaj). Inner ا is
# left out: Arabic spellings of Kurdish and Turkish places write it for a short a that Sorani
# writes ە (رامادي، رەمادي). Of the 227 pairs of one GeoNames place whose consonants agree so,
# the rule parts 8 (Turkish and Persian vowels: سيميل سومێل); of the 250 such pairs of
# different places, 88 (bench/names/sorani_vowels.py).
INNER_LONG_VOWELS = "وي"


# The letters that end an Arabic-script name with a long vowel (Sorani's ۆ and ێ are read as
# و and ي). A Latin spelling says that vowel: one ending in a consonant it cannot leave
# unspoken is another name (Zach is no زاخو, Zakho). Of the 22,119 training pairs whose
# Arabic-script name so ends, 0.6 % have such a Latin spelling, most of them rows whose
# Latin is another word of the name (صيدوني sidon; bench/names/final_vowels.py). The و of
# عمرو (Amr) is written only to tell it from عمر.
LONG_FINAL_VOWELS = "اوي"
UNSPOKEN_FINAL_WAW = frozenset({"عمرو"})
# Sorani writes every vowel but the short i: ە, ێ, ۆ and ا, and a final ە (the index writes
# it ه), ی or و after a consonant (î, û). A Latin term that says fewer vowels than a spelling
# holding ە, ێ or ۆ writes is another word: Blum is no بەڵام ("but"), nor Bundy پەیوەندی
# ("relation"): Sorani has no word-frequency list to keep its ordinary words from the key.
# Of the 430 pairs of one GeoNames place that the pair model accepts and whose Arabic-script
# name so writes its vowels, the rule parts 2 (Klar for كەلار, Qaradgh for قەرەداغ); of the
# development variant set's 211, none (bench/names/sorani_vowels.py).
SORANI_VOWELS = "اەێۆ"
SORANI_OWN_VOWELS = "ەێۆ"  # a spelling holding one of these writes its vowels as Sorani does
# A Latin term's vowels as said: each run of vowel letters, and a y that is no consonant
# (not first, not before a vowel).
LATIN_VOWEL_RUN = re.compile(r"[aeiou]+|(?<=.)y(?![aeiou])")


def same_name(first: str, second: str) -> bool:
    """Whether two normalised terms are spellings of one name: by the written rules of
    Arabic script for two Arabic-script spellings; else the fitted model scores them so and
    neither is the other's name with a feminine or nisba ending added."""
    if first == second:
        return True
    if script_of(first) == script_of(second) == "arabic":
        return _arabic_spellings_agree(first, second)
    return _scored_alike(first, second) and not sorani_vowels_unsaid(first, second)


def _scored_alike(first: str, second: str) -> bool:
    """A pair with a Latin side by the model and the endings: scored above the line, neither
    the other with a feminine or nisba ending, no final long vowel left unsaid (every test
    of `same_name` but the vowels a Sorani spelling writes)."""
    return pair_score(first, second) >= 0 and not _differ_by_morpheme(first, second) \
        and not final_vowel_unsaid(first, second)


def contradicts(arabic: str, latin: str) -> bool:
    """Whether an Arabic-script name speaks against a Latin term being its spelling: the
    Latin–Arabic model scores the pair below the fitted veto line, or one is the other with a
    feminine or nisba ending. A weaker test than `same_name`: a score just under the threshold
    is no evidence against. The letters decide, not a Hawar reading of a Sorani name: Sorani
    writes its vowels, which a Latin spelling must agree with (رەققە is no spelling of "rice")."""
    return _model_score(arabic, latin) < models()["latin-arabic"].veto \
        or _differ_by_morpheme(arabic, latin) or final_vowel_unsaid(arabic, latin) \
        or sorani_vowels_unsaid(arabic, latin)


def final_vowel_unsaid(first: str, second: str) -> bool:
    """Whether one term is an Arabic-script name ending in a long vowel and the other a Latin
    term ending in a consonant it cannot leave unspoken (LONG_FINAL_VOWELS)."""
    kind, latin_term, arabic = _oriented(first, second)
    return kind == "latin-arabic" and arabic not in UNSPOKEN_FINAL_WAW \
        and _letters(arabic)[-1:] in LONG_FINAL_VOWELS and ends_in_consonant(latin_term)


def sorani_vowels_unsaid(first: str, second: str) -> bool:
    """Whether one term is a Sorani spelling that writes more vowels than the other, a Latin
    term, says (SORANI_VOWELS)."""
    kind, latin_term, sorani = _oriented(first, second)
    if kind != "latin-arabic" or not any(letter in sorani for letter in SORANI_OWN_VOWELS):
        return False
    written = sum(letter in SORANI_VOWELS for letter in sorani) + (
        sorani[-1:] in "هوي" and sorani[-2:-1] not in SORANI_VOWELS + "وي")
    return written > len(LATIN_VOWEL_RUN.findall(latin_term))


def _arabic_spellings_agree(first: str, second: str) -> bool:
    """Two Arabic-script spellings by the rules written out above ARABIC_VOWEL_LETTERS."""
    if any(letter in first + second for letter in SORANI_ONLY):
        return _sorani_consonants_agree(first, second) \
            and not _inner_long_vowels_unwritten(first, second)
    letters = [_letters(first), _letters(second)]
    endings = [term[-1:] in FINAL_VOWEL_LETTERS for term in letters]
    bases = [term[:-1] if ending else term for term, ending in zip(letters, endings)]
    return endings[0] == endings[1] and bases[0] == bases[1]


def _sorani_consonants_agree(first: str, second: str) -> bool:
    """Two Arabic-script spellings, one holding a letter only Kurdish or Persian writes, by
    their consonants (and the vowels of a short name): neither the other's name with an
    ending, nor a nisba of it."""
    for term, other in ((first, second), (second, first)):
        for suffix in SORANI_SUFFIXES:
            if term.endswith(suffix) and _consonants(term[:-len(suffix)]) == _consonants(other):
                return False  # the other's name with Sorani's article or postposition
    endings = [_letters(term)[-1:] for term in (first, second)]
    if "ي" in endings and any(ending not in ARABIC_VOWEL_LETTERS and ending != "ه"
                              for ending in endings):
        return False  # a nisba: one ends in -i, the other in a consonant (حلبي، حەلەب)
    consonants = _consonants(first)
    if consonants != _consonants(second):
        return False
    if len(consonants) >= MIN_SORANI_CONSONANTS:
        return True
    sorani, other = (first, second) if hawar(first) else (second, first)
    return pair_score(hawar(sorani), other) >= 0  # the vowels Sorani writes must agree


def _inner_long_vowels_unwritten(first: str, second: str) -> bool:
    """Whether one term, holding no letter only Kurdish or Persian writes, has an inner و or
    ي (INNER_LONG_VOWELS) that the other, holding one, does not write in the same order."""
    for arabic, other in ((first, second), (second, first)):
        if not any(letter in arabic for letter in SORANI_ONLY) \
                and any(letter in other for letter in SORANI_ONLY):
            written = iter(_inner_long_vowels(other))
            return not all(vowel in written for vowel in _inner_long_vowels(arabic))
    return False


def _inner_long_vowels(term: str) -> list[str]:
    """The و and ي of an Arabic-script term between its first letter and its ending: the last
    letter, or a final ه and the letter before it (the ending -iya, يه)."""
    letters = _letters(term)
    inner = letters[1:-2] if letters.endswith("ه") else letters[1:-1]
    return [letter for letter in inner if letter in INNER_LONG_VOWELS]


def _letters(term: str) -> str:
    """An Arabic-script term's letters as the rules compare them: Sorani letters as Arabic,
    hamza carriers as their vowel letters, no edge marks."""
    return as_model_letters(term)[1:-1].translate(HAMZA_CARRIERS)


def _consonants(term: str) -> str:
    """An Arabic-script term's consonant letters, as a Sorani spelling is compared: no ع,
    no final ه (the -a/-e ending), Arabic's own letters as Sorani writes them."""
    letters = _letters(term).translate(SORANI_CONSONANTS)
    if letters.endswith("ه"):
        letters = letters[:-1]
    return "".join(letter for letter in letters
                   if letter not in ARABIC_VOWEL_LETTERS and letter != "ع")


def _differ_by_morpheme(first: str, second: str) -> bool:
    """Whether one term is a feminine or nisba form of a name the other spells: the other
    ends in a consonant, and cut from the one, the ending leaves a consonant-final stem
    that matches the other better."""
    for term, other in ((first, second), (second, first)):
        script = script_of(term)
        if _vowel_final(other):
            continue
        for ending in MORPHEME_ENDINGS[script]:
            stem = term[:-len(ending)]
            if term.endswith(ending) and len(stem) >= 3 \
                    and stem[-1] not in VOWEL_LETTERS[script] \
                    and pair_score(stem, other) > pair_score(term, other):
                return True
    return False


def _vowel_final(term: str) -> bool:
    """Whether a term ends in a vowel: a vowel letter, or in Latin a vowel and h, the way
    Latin writes ة (Hasakah, Hassakeh), which is no consonant a feminine could follow."""
    vowels = VOWEL_LETTERS[script_of(term)]
    return term[-1:] in vowels or (script_of(term) == "latin" and term[-1:] == "h"
                                   and term[-2:-1] in vowels)
