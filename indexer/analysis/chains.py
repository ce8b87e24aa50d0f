"""The whoosh analyzer chains over the per-script normalisers.

Each chain is `WordTokenizer() | Filter`. Whoosh pickles analyzers into the index, so the
classes hold no state; the per-word work is cached in module-level functions instead (a
news archive repeats the same few hundred thousand words millions of times).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from whoosh.analysis import Filter, Token, Tokenizer
from whoosh.lang.porter import stem as porter_stem

from indexer.analysis import arabic, latin, sorani
from indexer.names.phonetic import MIN_ANCHORED_KEY, name_keys

# A word: letters, digits and the marks written inside Arabic-script words (harakat, ZWNJ),
# possibly joined by hyphens or apostrophes (al-Qamishli, Da'esh); or a dotted acronym (I.S.I.S.).
WORD = re.compile(
    r"(?:[^\W\d_]\.){2,}"
    r"|[\w\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED\u200c\u200d]+"
    r"(?:[-‐‑'’‘`´][\w\u064B-\u065F\u0670\u200c]+)*"
)
HYPHEN_PART = re.compile(r"[^-‐‑]+")
ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\u08A0-\u08FF\uFB50-\uFDFF\uFE70-\uFEFF]")
ACRONYM = re.compile(r"^(?:[^\W\d_]\.){2,}$")
WORD_CACHE = 1 << 18

# Arabic-script words that begin two-word names (tell, spring, head, monastery, father,
# servant, sheikh, house, village, bridge, well, mother, sons of, son of, mountain, valley,
# gate, inn, palace, land of). A name written as one word in one text and two in another
# (تلعفر, تل عفر) is only found if the pair is keyed; keying every pair would bloat the index.
NAME_HEADS = frozenset(
    "تل عين راس دير ابو عبد شيخ بيت كفر جسر بير ام بني بن جبل وادي باب خان قصر ديار".split()
)


@lru_cache(maxsize=WORD_CACHE)
def word_terms(word: str) -> tuple[tuple[str, int, int, bool], ...]:
    """The index terms of one word as tokenised: (term, start, end, capitalised) with offsets
    inside `word`. Hyphens split words (al-Qamishli → qamishli); articles are dropped."""
    if ACRONYM.match(word):
        return ((word.replace(".", "").casefold(), 0, len(word), True),)
    terms = []
    for part in HYPHEN_PART.finditer(word):
        text = unicodedata.normalize("NFKC", part.group())
        if ARABIC_SCRIPT.search(text):
            term = arabic.strip_article(sorani.normalise(arabic.normalise(text)))
            capitalised = True
        else:
            capitalised = text[:1].isupper()
            term = latin.fold(latin.split_apostrophe(text.casefold()))
            if latin.is_article(term):
                continue
        if term:
            terms.append((term, part.start(), part.end(), capitalised))
    return tuple(terms)


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


class WordTokenizer(Tokenizer):
    """Splits text into words, keeping Arabic-script words whole; `joined` tells whether only
    white space separates a word from the one before (two words of one name)."""

    def __call__(self, value, positions=False, chars=False, keeporiginal=False,
                 removestops=True, start_pos=0, start_char=0, tokenize=True, mode="", **kwargs):
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        previous_end = None
        for match in WORD.finditer(value):
            token.text = match.group()
            token.original = token.text
            token.joined = previous_end is not None and value[previous_end:match.start()].isspace()
            token.stopped = False
            token.boost = 1.0
            token.startchar = start_char + match.start()
            token.endchar = start_char + match.end()
            previous_end = match.end()
            yield token


class ScriptNormaliser(Filter):
    """Turns each word into its index terms (NFKC, case folding, per-script normalisation,
    articles and clitics removed); positions count terms, so a dropped article leaves no gap."""

    def __call__(self, tokens):
        position = -1
        for token in tokens:
            word, start = token.text, token.startchar
            for term, part_start, part_end, _ in word_terms(word):
                position += 1
                token.text = term
                token.pos = position
                token.startchar = start + part_start
                token.endchar = start + part_end
                yield token


class LightStemmer(Filter):
    """Replaces each term by its light stem (the `stem` field for ordinary words)."""

    def __call__(self, tokens):
        for token in tokens:
            token.text = stem_of(token.text)
            yield token


class NameKeys(Filter):
    """Emits "KEY:term" for every name candidate, and "KEY:term term" for two-word names.

    Candidates are Latin words capitalised in the text and every Arabic-script word; keys with
    fewer than two consonants are not emitted (they never expand), which keeps the field small.
    """

    def __call__(self, tokens):
        previous = None  # the last candidate term, if the next word may continue its name
        for token in tokens:
            if not token.joined:
                previous = None
            for term, _, _, capitalised in word_terms(token.text):
                if not capitalised:
                    previous = None
                    continue
                for key_term in term_keys(term):
                    token.text = key_term
                    yield token
                if previous is not None:
                    for key in name_keys(previous + term):
                        if len(key) >= MIN_ANCHORED_KEY:
                            token.text = f"{key}:{previous} {term}"
                            yield token
                arabic_word = ARABIC_SCRIPT.search(term) is not None
                previous = term if not arabic_word or term in NAME_HEADS else None


def text_analyzer():
    """The `title`/`text` analyzer, used for indexing and for queries."""
    return WordTokenizer() | ScriptNormaliser()


def stem_analyzer():
    """The `stem` field analyzer: the text terms, light-stemmed."""
    return WordTokenizer() | ScriptNormaliser() | LightStemmer()


def key_analyzer():
    """The `keys` field analyzer: cross-script phonetic keys of name candidates."""
    return WordTokenizer() | NameKeys()


def analyze(text: str) -> list[str]:
    """The terms `text_analyzer` emits for `text`."""
    return [term for match in WORD.finditer(text) for term, *_ in word_terms(match.group())]
