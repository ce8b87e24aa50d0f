"""Query planning, engine-neutral: what each word or run of words a journalist types may
match, as plain values.

For a word or a multi-word name: its forms (the spelling typed first, weighed EXACT_BOOST,
then its other spellings and names that this archive holds), and for an ordinary Latin word
its light stem (`stations` finds `station`; a name never: al-Malikiyah must not become
al-Maliki). For a quoted phrase: each word's forms, or the whole phrase's when it is a name,
and the ways of writing it out. The planner also keeps the report of what matched (shown on
stderr, keyed by the words as typed) and every term looked for (to mark snippets). An engine
translates a plan into its own queries (`indexer.whoosh_engine` for whoosh) and decides
nothing about meaning.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass

from archive.scripts import ARABIC_SCRIPT
from indexer import names, query_syntax
from indexer.analysis.terms import LATIN_STEM_LANGUAGES, analyze, stem_of
from indexer.lexicon.common_words import english_word

#: The language codes articles are indexed with that take Latin light stems.
LATIN_STEM_WORD_LANGUAGES = tuple(sorted(code for code in LATIN_STEM_LANGUAGES if code))
#: How much more an exact spelling weighs than a variant of it.
EXACT_BOOST = 2.0
#: How much another form of an ordinary word (through its light stem) weighs.
STEM_BOOST = 0.5
#: The longest run of words tried as one multi-word name (`Ras al Ain` is three).
LONGEST_NAME = 4


@dataclass(frozen=True)
class Form:
    """One way of writing a word or a run of words: its index terms and its weight, and for
    one word the longer names it is not to be matched inside (`names.enclosing_names`)."""

    terms: tuple[str, ...]
    boost: float
    outside: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class WordPlan:
    """What a word or a multi-word name matches: its forms, and for an ordinary word its
    light stem, looked for among stems and, as `stem_word`, as a word where it differs from
    the word and the archive does not write it as a name (`berries` must not find Berri).
    A Latin stem is English's: as a word it is looked for only in articles of
    `stem_word_languages` (`fares` must not find Italian "fare"); empty means in any."""

    words: tuple[str, ...]
    forms: list[Form]
    stem: str | None = None
    stem_word: str | None = None
    stem_word_languages: tuple[str, ...] = ()


@dataclass(frozen=True)
class PhrasePlan:
    """A quoted phrase: one plan for the whole when it is a name, else each word's forms."""

    whole: WordPlan | None
    per_word: list[list[Form]]

    @property
    def fixed(self) -> bool:
        """Whether every word has only the form typed."""
        return all(len(forms) == 1 for forms in self.per_word)

    def count(self) -> int:
        """How many ways of writing the phrase out there are."""
        count = 1
        for forms in self.per_word:
            count *= len(forms)
        return count

    def written_out(self) -> list[Form]:
        """Every way of writing the phrase: the words' forms combined, weighed EXACT_BOOST
        only when every word is as typed."""
        return [Form(tuple(t for form in forms for t in form.terms),
                     EXACT_BOOST if all(form.boost == EXACT_BOOST for form in forms) else 1.0)
                for forms in itertools.product(*self.per_word)]


class Planner:
    """Plans the words of one query against one archive's vocabulary (`names.Vocabulary`)
    and the gazetteer; `gazetteer` None means spellings as typed only (--exact)."""

    def __init__(self, vocabulary: names.Vocabulary, gazetteer: names.Gazetteer | None,
                 unstemmed: frozenset[str] = frozenset(), written: dict[str, str] | None = None):
        self.vocabulary = vocabulary
        self.gazetteer = gazetteer
        #: words that take no light stem (`typed_with_foreign_letters`)
        self.unstemmed = unstemmed
        #: term -> the word as typed with the article the index takes off (`written_terms`)
        self.written = written or {}
        #: words (analysed, joined by spaces) -> the other spellings they matched
        self.matched: dict[str, list[str]] = {}
        #: every index term looked for
        self.terms: set[str] = set()
        # names.expand of each word or run of words, once a query: a run is tried as a name
        # (`name_length`) before it is planned, and a word's spellings also decide its stem
        self._expansions: dict[tuple[str, ...], list[names.Alternative] | None] = {}

    @property
    def enabled(self) -> bool:
        return self.gazetteer is not None

    def name_length(self, words: tuple[str, ...]) -> int:
        """How many of `words` (at most LONGEST_NAME, at least two) form one known name
        from the first; 0 when none does."""
        if not self.enabled:
            return 0
        for size in range(min(len(words), LONGEST_NAME), 1, -1):
            if self._names(words[:size]) is not None:
                return size
        return 0

    def word(self, words: tuple[str, ...], *, stems: bool = True) -> WordPlan:
        """A word or a multi-word name; `stems` False where light stems are not indexed."""
        forms = self._forms(words)
        stem = None
        if stems and len(words) == 1 and words[0] not in self.unstemmed \
                and self._ordinary(words[0]):
            stem = stem_of(words[0])
        as_word = stem is not None and stem != words[0] and not names.is_name(
            stem, self.vocabulary, self.gazetteer or names.gazetteer())
        if not as_word:
            return WordPlan(words, forms, stem)
        latin = not ARABIC_SCRIPT.search(stem)
        return WordPlan(words, forms, stem, stem, LATIN_STEM_WORD_LANGUAGES if latin else ())

    def phrase(self, words: tuple[str, ...]) -> PhrasePlan:
        """A quoted phrase: each word (or the whole, if it is a name) may vary."""
        whole = self._names(words) if self.enabled and len(words) > 1 else None
        if whole is not None:
            return PhrasePlan(self.word(words, stems=False), [])
        return PhrasePlan(None, [self._forms((word,)) for word in words])

    def report(self, query_text: str) -> dict[str, list[str]]:
        """What matched, keyed by the words as typed (`الحسكة`, `Deir ez-Zor`; not `حسكه`,
        `deir zor`)."""
        words = query_syntax.typed_words(query_text)
        typed: dict[str, str] = {}
        for start in range(len(words)):
            for end in range(start + 1, min(start + LONGEST_NAME, len(words)) + 1):
                phrase = " ".join(words[start:end])
                typed.setdefault(" ".join(analyze(phrase)), phrase)
        return {typed.get(key, key): others for key, others in self.matched.items()}

    def _names(self, words: tuple[str, ...]) -> list[names.Alternative] | None:
        """names.expand for `words` (with the shipped gazetteer under --exact, where only
        the stem decision asks)."""
        if words not in self._expansions:
            self._expansions[words] = names.expand(words, self.vocabulary, self.gazetteer,
                                                   self.written.get(words[0]))
        return self._expansions[words]

    def _forms(self, words: tuple[str, ...]) -> list[Form]:
        """The spellings of `words` this archive holds (the typed one always, first)."""
        alternatives = (self._names(words) if self.enabled else None) or [
            names.Alternative(words, "as typed", True)]
        present = [alt for alt in alternatives
                   if alt.exact or names.held(alt.terms, self.vocabulary)]
        for alt in present:
            self.terms.update(alt.terms)
        others = [" ".join(alt.terms) for alt in present if not alt.exact]
        if others:
            key = " ".join(words)
            self.matched.setdefault(key, []).extend(
                o for o in others if o not in self.matched.get(key, []))
        return [Form(alt.terms, EXACT_BOOST if alt.exact else 1.0, self._enclosing(alt.terms))
                for alt in present]

    def _enclosing(self, terms: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
        """The longer names a one-word form stands inside in this archive (Issa in Ain Issa)."""
        if not self.enabled or len(terms) != 1:
            return ()
        return tuple(names.enclosing_names(terms[0], self.gazetteer, self.vocabulary))

    def _ordinary(self, word: str) -> bool:
        """A Latin-script word that is no name, with or without variants on (so --exact finds
        the same forms). A word the archive lacks counts if the gazetteer lacks it too:
        `stations` finds `station`. Arabic script gives no case hint: its words stay whole."""
        if ARABIC_SCRIPT.search(word):
            return False
        gazetteer = self.gazetteer or names.gazetteer()
        if not self.vocabulary.doc_frequency(word):
            return not gazetteer.lookup(word)
        if not names.is_name(word, self.vocabulary, gazetteer):
            return True
        # capitalised in headlines (`Election Commission`) yet an English word the archive
        # writes in lower case in another form (`elections`), and no gazetteer names it; a
        # name that only looks like an English stem (Kurdish `Parti`: "party") keeps its form,
        # as does one the archive also writes in Arabic script (`Fares`, فارس: not "fare")
        return not gazetteer.lookup(word) and english_word(word) and any(
            not names.is_name(form, self.vocabulary, gazetteer) for form in _other_forms(word)) \
            and not self._written_in_arabic(word)

    def _written_in_arabic(self, word: str) -> bool:
        """Whether the archive holds an Arabic-script spelling of a Latin word (the variants a
        search would match, whether or not this one asks for them)."""
        return any(ARABIC_SCRIPT.search(" ".join(alternative.terms))
                   and names.held(alternative.terms, self.vocabulary)
                   for alternative in self._names((word,)))


def typed_with_foreign_letters(query_text: str) -> frozenset[str]:
    """The terms of Latin words typed with letters English does not write (Partî, Şêx):
    the light stem is English's, and their folded forms must not meet English stems
    (Kurmanji "parti" is the stem of "party")."""
    typed = query_syntax.typed_words(query_text)
    foreign = {term for word in typed if not word.isascii() and not ARABIC_SCRIPT.search(word)
               for term in analyze(word)}
    return frozenset(foreign - {term for word in typed if word.isascii()
                                for term in analyze(word)})


# English writes a plural -es after these endings (taxes, churches, heroes), -s after others.
ES_PLURAL_AFTER = ("s", "x", "z", "ch", "sh", "o")


def _other_forms(word: str) -> list[str]:
    """Inflections of an English word that share its light stem (election → elections),
    by English spelling rules, not by the stem alone: the stem of the name Frances is that of
    "francs", which is no form of it."""
    plural = word + "es" if word.endswith(ES_PLURAL_AFTER) else word + "s"
    candidates = {plural, word + "ed", word + "ing"}
    if word.endswith("ies"):
        candidates.add(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(ES_PLURAL_AFTER):
        candidates.add(word[:-2])
    elif word.endswith("s") and not word.endswith("ss"):
        candidates.add(word[:-1])
    stem = stem_of(word)
    return [form for form in candidates if len(form) > 2 and stem_of(form) == stem]
