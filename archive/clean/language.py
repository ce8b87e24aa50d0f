"""Language of an article: en, ar, ckb (Sorani), kmr (Kurmanji), or another ISO 639 code.

Our four languages are told apart by letters and function words; for other
languages a small function-word identifier (Latin script) and the script itself
decide, with the page's own `lang` attribute as a tie-breaker.
"""
from __future__ import annotations

import re
from collections import Counter

from archive.scripts import ARABIC_SCRIPT

# Letters Sorani writes and Arabic does not.
SORANI_LETTERS = "ێۆڵڕەڤ"
# Letters Persian uses where Arabic writes ي/ك, and Persian-only ones, absent from Sorani's
# marked set: Arabic-script text with these but no Sorani letters is Persian.
PERSIAN_MARKERS = re.compile(r"\b(?:است|می|این|که|را|های|برای)\b")
LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")

# Letters of Kurmanji's alphabet that English lacks, and Turkish letters Kurmanji lacks.
KURMANJI_LETTERS = "êîûşçÊÎÛŞÇ"
TURKISH_ONLY = "ıİğĞöÖüÜ"

# Function words, per Latin-script language (frequent, short, rarely shared).
FUNCTION_WORDS = {
    "en": "the of and to in is that for on with was as by at from are it this be have has said",
    "kmr": "û ji di de ku li bi ya yê ên jî ev wê wî hat dike dibe bû re ser",
    "tr": "ve bir bu da de için ile olarak çok daha ama gibi olan",
    "fr": "le la les des et du une est pour dans que qui sur pas au",
    "de": "der die das und ist nicht mit sich auf für den ein eine dem",
    "es": "el la los las y que del en por con una para es se",
    "it": "il di che la per non una sono della gli con del",
    "pt": "o os as e que do da em para com uma não dos",
    "nl": "de het een en van is dat op te niet zijn voor met",
}
# Each function word and the languages that use it (a word may belong to several: "de").
LANGUAGES_OF_WORD: dict[str, list[str]] = {}
for _lang, _words in FUNCTION_WORDS.items():
    for _word in _words.split():
        LANGUAGES_OF_WORD.setdefault(_word, []).append(_lang)

# Scripts that name their language well enough on their own.
SCRIPT_LANGUAGES = (
    (re.compile("[\u0400-\u04ff]"), "ru"),  # Cyrillic: Russian is the common case in our region
    (re.compile("[\u0370-\u03ff]"), "el"),  # Greek
    (re.compile("[\u0590-\u05ff]"), "he"),  # Hebrew
    (re.compile("[\u0530-\u058f]"), "hy"),  # Armenian (Syria, Iraq, Turkey)
    (re.compile("[\u0700-\u074f]"), "syc"),  # Syriac (Assyrian communities in Hasakah)
    (re.compile("[\u3040-\u30ff]"), "ja"),  # Kana
    (re.compile("[\uac00-\ud7af]"), "ko"),  # Hangul
    (re.compile("[\u4e00-\u9fff]"), "zh"),  # Han without kana
)

WORD = re.compile(r"[^\W\d_]+")


def detect(text: str, hint: str | None = None) -> str:
    """The language code of `text`; `hint` (a page's lang attribute) breaks ties."""
    sample = text[:20000]
    arabic = len(ARABIC_SCRIPT.findall(sample))
    latin = len(LATIN_LETTER.findall(sample))
    if arabic and arabic >= latin:
        return _arabic_script_language(sample)
    if latin:
        return _latin_script_language(sample, hint)
    counts = Counter()
    for pattern, lang in SCRIPT_LANGUAGES:
        counts[lang] = len(pattern.findall(sample))
    if counts and counts.most_common(1)[0][1]:
        return counts.most_common(1)[0][0]
    return hint or "und"


def _arabic_script_language(sample: str) -> str:
    letters = len(ARABIC_SCRIPT.findall(sample)) or 1
    sorani = sum(sample.count(ch) for ch in SORANI_LETTERS)
    if sorani / letters > 0.01:
        return "ckb"
    if len(PERSIAN_MARKERS.findall(sample)) >= 3 and "ة" not in sample:
        return "fa"
    return "ar"


def _latin_script_language(sample: str, hint: str | None) -> str:
    scores = Counter()
    for word, count in Counter(WORD.findall(sample)).items():
        for lang in LANGUAGES_OF_WORD.get(word.lower(), ()):
            scores[lang] += count
    kurmanji_letters = sum(sample.count(ch) for ch in KURMANJI_LETTERS)
    turkish_letters = sum(sample.count(ch) for ch in TURKISH_ONLY)
    if kurmanji_letters and kurmanji_letters > turkish_letters:
        scores["kmr"] += kurmanji_letters / 2
        scores["tr"] -= kurmanji_letters
    elif turkish_letters:
        scores["tr"] += turkish_letters / 2
    if not scores or max(scores.values()) <= 0:
        return hint or "en"
    best, top = scores.most_common(1)[0]
    if hint in scores and scores[hint] >= 0.8 * top:
        return hint
    return best
