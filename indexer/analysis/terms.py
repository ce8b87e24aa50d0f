"""The analysis of text into index terms, as plain functions over the per-script normalisers,
independent of any search engine.

`word_terms` turns one written word into its index terms; the whoosh chain (chains.py) runs
it on query words and short fields, and `document_terms` reads an article once for its
`text`, `stem`, `keys` and `pairs` fields (four chains would read it four times). The per-word work
is cached: a news archive repeats the same few hundred thousand words millions of times.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from whoosh.lang.porter import stem as porter_stem

from archive.scripts import ARABIC_SCRIPT
from indexer.analysis import arabic, latin, sorani
from indexer.analysis.common_grams import FREQUENT, indexed_pair, pair_term
from indexer.lexicon.common_words import capitalised_word, common_words
from indexer.lexicon.phonetic import MIN_ANCHORED_KEY, name_keys

# A word: letters, digits and the marks written inside Arabic-script words (harakat, ZWNJ),
# possibly joined by hyphens or apostrophes (al-Qamishli, Da'esh); or a dotted acronym (I.S.I.S.).
WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c\u200d]+"
    r"(?:[-‐‑'’‘`´][\w\u064B-\u065F\u0670\u200c]+)*"
)
HYPHEN_PART = re.compile(r"[^-‐‑]+")
ACRONYM = re.compile(r"^(?:[^\W\d_]\.){2,}$")
WORD_CACHE = 1 << 18
# A line of at least this many Latin words, at least this share of them capitalised, is a
# headline in title case ("Roasted Chicken with Oriental Rice"), whose capitals tell nothing.
TITLE_CASE_WORDS = 4
TITLE_CASE_SHARE = 0.7
LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f]{2,}")
# What may stand between the end of a sentence and its first word (spaces, opening quotes and
# brackets), and the marks that end one: a common word's capital after them is the
# sentence's ("These", "Die"); only its capitals inside a sentence mark it as a name, and
# those are also counted under INSIDE_SENTENCE (no phonetic key is written with it).
SENTENCE_OPENING = " \t\"'“‘«„([-–—"
SENTENCE_ENDS = ".!?…:;\n"
INSIDE_SENTENCE = "="
# The light stem of a Latin word is English's (Porter): the words of an article in another
# language take none, so that German "Sache" is not found by "Sachs", nor Spanish "hacen" by
# "hace". An article whose language is not known is stemmed.
LATIN_STEM_LANGUAGES = frozenset({"en", "und", "", None})

# Arabic-script words that begin two-word names (tell, spring, head, monastery, father,
# servant, sheikh, house, village, bridge, well, mother, sons of, son of, mountain, valley,
# gate, inn, palace, land of). A name written as one word in one text and two in another
# (تلعفر, تل عفر) is only found if the pair is keyed; keying every pair would bloat the index.
NAME_HEADS = frozenset(
    "تل عين راس دير ابو عبد شيخ بيت كفر جسر بير ام بني بن جبل وادي باب خان قصر ديار".split()
)


@lru_cache(maxsize=WORD_CACHE)
def word_terms(word: str) -> tuple[tuple[str, int, int, bool, str], ...]:
    """The index terms of one word as tokenised: (term, start, end, capitalised, written)
    with offsets inside `word`. Hyphens split words (al-Qamishli → qamishli); articles and
    the ezafe after a hyphen (Shahrak-e Madani → shahrak madani) are dropped. `written` is
    an Arabic-script part as written, article on, where the index takes the article off
    (else ""): بال is "with the" before an Arabic word (بالحسكة is حسكه), but it also begins
    foreign names (بالدوين, Baldwin, is indexed as دوين), and such a name sounds like its
    other spellings only as written, so the names layer keys and weighs that form too."""
    if ACRONYM.match(word):
        return ((word.replace(".", "").casefold(), 0, len(word), True, ""),)
    terms = []
    for part in HYPHEN_PART.finditer(word):
        text = unicodedata.normalize("NFKC", part.group())
        written = ""
        if ARABIC_SCRIPT.search(text):
            written = sorani.normalise(arabic.normalise(text))
            term = arabic.strip_article(written)
            capitalised = True
            if term == written:
                written = ""
        else:
            capitalised = text[:1].isupper()
            term = latin.fold(latin.split_apostrophe(text.casefold()))
            if latin.is_article(term) or (part.start() and latin.is_ezafe(term)):
                continue
        if term:
            terms.append((term, part.start(), part.end(), capitalised, written))
    return tuple(terms)


def written_terms(text: str) -> dict[str, str]:
    """Index term → the Arabic-script word as written, article on, for the words of `text`
    (a query, a name) whose article the index takes off (`word_terms`)."""
    return {term: written for match in WORD.finditer(text)
            for term, *_, written in word_terms(match.group()) if written}


def term_of(word: str) -> str:
    """The terms of one written word joined by a space (the gazetteer's normaliser)."""
    return " ".join(term for term, *_ in word_terms(word))


@lru_cache(maxsize=WORD_CACHE)
def stem_of(term: str) -> str:
    """The light stem of one index term, by script."""
    if ARABIC_SCRIPT.search(term):
        return sorani.light_stem(term) if sorani.is_sorani(term) else arabic.light_stem(term)
    return porter_stem(term) if term.isalpha() else term


@lru_cache(maxsize=WORD_CACHE)
def term_keys(term: str) -> tuple[str, ...]:
    """The `keys` field terms for one name candidate: "KEY:term" for each phonetic reading.
    Capitalised Latin words are keyed however short (Van, Hit, Of), because the share of
    capitalised uses is what tells a place from an ordinary word; Arabic-script words need
    the two consonants a spelling variant can be found by."""
    shortest = MIN_ANCHORED_KEY if ARABIC_SCRIPT.search(term) else 1
    return tuple(f"{key}:{term}" for key in name_keys(term) if len(key) >= shortest)


def inside_sentence_key(term: str) -> str:
    """The `keys` field term counting a common word written capitalised inside a sentence."""
    return f"{INSIDE_SENTENCE}:{term}"


@lru_cache(maxsize=WORD_CACHE)
def pair_keys(first: str, second: str) -> tuple[str, ...]:
    """The `keys` field terms for two name words written one after the other (Tal Tamr, تل عفر)."""
    return tuple(f"{key}:{first} {second}" for key in name_keys(f"{first} {second}")
                 if len(key) >= MIN_ANCHORED_KEY)


@dataclass
class DocumentTerms:
    """An article's terms for the four fields read from its whole text.

    `positions`: each `text` term and where it occurs (counted in terms, as the chain counts).
    `stems`: light stems that differ from the term they come from, with their counts (Latin
    words only in English articles); a term that is its own stem is found in `text` (queries
    ask both), which keeps the field small.
    `keys`: "KEY:term" for every name candidate (Latin words capitalised in the text, every
    Arabic-script word, which is also keyed as written when the index takes its article off:
    `word_terms`), "KEY:term term" for two name words in a row, and `inside_sentence_key`
    for a common word capitalised inside a sentence, with their counts.
    `pairs`: every two neighbouring terms of which the first is a frequent word
    (`common_grams`), and every frequent word alone, with their counts."""

    positions: dict[str, list[int]]
    stems: dict[str, int]
    keys: dict[str, int]
    pairs: dict[str, int]


def document_terms(text: str, language: str | None = None) -> DocumentTerms:
    """Read `text` once for the `text`, `stem`, `keys` and `pairs` fields.

    A Latin word's capital counts as the mark of a name only in running text, not in a line
    written in title case: a headline capitalises every word ("Roasted Chicken with Oriental
    Rice"); and in an article of a language that capitalises every noun (German), only for
    words that are no ordinary word of it: Hischam is a name candidate, Dach is not. A common
    word is also counted where its capital stands inside a sentence ("said Berlusconi", not
    "These talks"), which alone tells a name from the word."""
    positions: dict[str, list[int]] = {}
    keys: dict[str, int] = {}
    pairs: dict[str, int] = {}
    position = -1
    before = None  # the term at the previous position
    previous = None  # the last name word, if the next word may continue its name
    previous_end = None
    headlines = _title_case_lines(text)
    common = common_words()
    for match in WORD.finditer(text):
        if previous_end is None or not _same_line_gap(text[previous_end:match.start()]):
            previous = None
        previous_end = match.end()
        while headlines and headlines[0][1] <= match.start():
            headlines.pop(0)
        capitals_mean_names = not (headlines and headlines[0][0] <= match.start())
        for term, start, _, capitalised, written in word_terms(match.group()):
            capitalised = capitalised and (capitals_mean_names or ARABIC_SCRIPT.search(term)) \
                and not capitalised_word(term, language)
            position += 1
            if term in positions:
                positions[term].append(position)
            else:
                positions[term] = [position]
            if before is not None and indexed_pair(before):
                pair = pair_term(before, term)
                pairs[pair] = pairs.get(pair, 0) + 1
            before = term
            if not capitalised:
                previous = None
                continue
            for key_term in term_keys(term):
                keys[key_term] = keys.get(key_term, 0) + 1
            if term in common and not (start == 0 and _opens_sentence(text, match.start())):
                marked = inside_sentence_key(term)
                keys[marked] = keys.get(marked, 0) + 1
            if written:
                for key_term in term_keys(written):
                    keys[key_term] = keys.get(key_term, 0) + 1
            if previous is not None:
                for key_term in pair_keys(previous, term):
                    keys[key_term] = keys.get(key_term, 0) + 1
            previous = term if term in NAME_HEADS or not ARABIC_SCRIPT.search(term) else None
    stems: dict[str, int] = {}
    latin_stems = language in LATIN_STEM_LANGUAGES
    for term, where in positions.items():
        if term in FREQUENT:
            pairs[term] = len(where)
        if not latin_stems and not ARABIC_SCRIPT.search(term):
            continue
        stem = stem_of(term)
        if stem != term:
            stems[stem] = stems.get(stem, 0) + len(where)
    return DocumentTerms(positions, stems, keys, pairs)


def _opens_sentence(text: str, start: int) -> bool:
    """Whether the word at `start` is the first of its sentence or line."""
    before = text[max(0, start - 8):start].rstrip(SENTENCE_OPENING)
    return not before or before[-1] in SENTENCE_ENDS


def _title_case_lines(text: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of lines written in title case: four Latin words or more,
    most of them capitalised."""
    spans, start = [], 0
    for line in text.split("\n"):
        words = LATIN_WORD.findall(line)
        if len(words) >= TITLE_CASE_WORDS and \
                sum(word[0].isupper() for word in words) >= TITLE_CASE_SHARE * len(words):
            spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _same_line_gap(gap: str) -> bool:
    """Whether two words may belong to one name: only spaces between them, no line break
    (a headline's last word and the body's first are two names)."""
    return gap.isspace() and "\n" not in gap


def analyze(text: str) -> list[str]:
    """The terms the whoosh chain (chains.text_analyzer) emits for `text`."""
    return [term for match in WORD.finditer(text) for term, *_ in word_terms(match.group())]
