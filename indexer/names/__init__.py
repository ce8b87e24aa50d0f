"""Name variants: which other spellings and names a query word should also match.

Three layers: the gazetteer's entities with all their names; for names it lacks (most
names a journalist searches), the archive's own spellings found through the cross-script
phonetic key (lexicon/phonetic.py) and accepted only when the pair model fitted on public name
pairs scores them a spelling of the same name (transliteration.py), they are no common
word of the archive's languages (lexicon/common_words.py), and, for a Latin spelling, the
name's Arabic-script spellings (the entity's, or the archive's own) do not speak against its
vowels; and ordinary words, which are not names and match themselves.
"""
from __future__ import annotations

import itertools
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from archive.scripts import ARABIC_SCRIPT
from indexer.analysis.arabic import strip_article
from indexer.analysis.terms import NAME_HEADS, analyze, term_of, written_terms
from indexer.names.acronyms import arabic_spellings, spelled_letters
from indexer.names.gazetteer import COUNTRY_SOURCE, Entity, Gazetteer
from indexer.lexicon.phonetic import MIN_ANCHORED_KEY, MIN_KEY_CONSONANTS, name_key, name_keys
from indexer.lexicon.common_words import capitalised_in_some_language, english_word, is_common
from indexer.names.transliteration import (VOWEL_LETTERS, contradicts, pair_score, same_name,
                                           script_of)

# A Latin word counts as a name when at least this share of the documents holding it
# write it capitalised (the `keys` field only records capitalised Latin words).
NAME_CAPITALISED_SHARE = 0.5
# At most this many gazetteer entities lend their spellings to one query word; a spelling that
# names more (a common village name) is ambiguous evidence.
MAX_SPELLING_ENTITIES = 4
# Of the archive's spellings in the other script that the pair model accepts for a name, at
# most this many are kept, those scoring within SPELLING_MARGIN of the best (chosen on the
# dev parts of the public name pairs: bench/names/fit_pair_model.py's notes), and the
# spellings of those.
MAX_OTHER_SCRIPT = 4
SPELLING_MARGIN = 0.3
# At most this many ways of writing a multi-word name a word at a time in Arabic script (the
# product of its words' spellings) are tried as phrases.
MAX_COMPOSED = 16
# A word that begins the multi-word names of this many gazetteer entities heads place names
# (Tel, Ain, Deir); one that begins fewer is a word of those names only ("der" begins two).
MIN_HEADED_ENTITIES = 3
# A spelling found through the key whose only capitals are in German articles has no evidence
# of being a name from its case (German capitalises every noun: Razzien, Hecken, Deiche); it
# is taken only when the pair model scores it at least this far above its threshold. Chosen
# on the dev parts (news bench, variant set): 0.1 keeps their recall but for 2 of 5,212
# Latin pairs, 0.15 and 0.2 lose more German spellings of names, and with no margin at all
# every such noun the model accepts is taken.
CASELESS_MARGIN = 0.1


def sounds_alike(term: str, other: str, shortest_key: int = MIN_KEY_CONSONANTS) -> bool:
    """Whether two terms are spellings of one name: a shared phonetic key (the candidate
    test) and the fitted pair model's verdict."""
    return shares_key(term, other, shortest_key) and same_name(term, other)


def shares_key(term: str, other: str, shortest_key: int = MIN_KEY_CONSONANTS) -> bool:
    """Whether two terms share a phonetic key of `shortest_key` or more consonants: without
    one, neither is ever found as a candidate spelling of the other. Two Latin terms share
    no reading with a final consonant left unspoken: that is for Arabic script's sake."""
    silent_finals = script_of(term) != script_of(other)
    return any(len(key) >= shortest_key for key in set(name_keys(term, silent_finals))
               & set(name_keys(other, silent_finals)))


@dataclass(frozen=True)
class Alternative:
    """One way to match a query word: index terms (several = a phrase), why, whether it is
    the spelling typed, and the spelling as the archive writes it where the index holds it
    without its article (`terms.word_terms`)."""

    terms: tuple[str, ...]
    reason: str
    exact: bool
    written: str = ""

    @property
    def spelling(self) -> str:
        """The spelling as written: what the pair model weighed."""
        return self.written or " ".join(self.terms)


class Vocabulary(Protocol):
    """What expansion needs to know about an archive's index."""

    def terms_with_key(self, key: str) -> list[tuple[str, int]]:
        """Index terms (or "term term" pairs) whose name key is `key`, with document frequency
        in the `keys` field (documents writing them as a name)."""

    def doc_frequency(self, term: str) -> int:
        """How many documents hold `term` in the text."""

    def noun_capitalised(self, term: str) -> int:
        """How many documents in a language that capitalises every noun (German) write `term`
        capitalised (`keys`), where a capital tells no name from a noun."""

    def capitalised_inside_sentences(self, term: str) -> int:
        """How many documents write a common word capitalised inside a sentence, not only
        where it opens one (`terms.inside_sentence_key`)."""


def held(terms: tuple[str, ...], vocabulary: Vocabulary) -> bool:
    """Whether the archive holds every one of `terms` (a spelling search would find there)."""
    return all(map(vocabulary.doc_frequency, terms))


def cache_dir() -> Path:
    """Where the gazetteer keeps its parsed, normalised form between runs."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "khabar"


def gazetteer(variants_file: Path | None = None) -> Gazetteer:
    """The shipped gazetteer, plus an archive's own variants file when given; keyed by the
    same normalisation as the index. Loaded once per process, and again only when the
    archive's variants file changes (`khabar variants add`)."""
    stamp = variants_file.stat().st_mtime_ns if variants_file and variants_file.exists() else 0
    return _load_gazetteer(variants_file, stamp)


@lru_cache(maxsize=8)
def _load_gazetteer(variants_file: Path | None, stamp: int) -> Gazetteer:
    return Gazetteer.load(normalise=term_of, extra=variants_file, cache_dir=cache_dir())


def expand(terms: tuple[str, ...], vocabulary: Vocabulary, names: Gazetteer | None = None,
           written: str | None = None) -> list[Alternative] | None:
    """The alternatives for a query word (always a list, the typed spelling first) or for a
    run of words (None unless the run is a known or keyed multi-word name). `written`: the
    word as typed with the article the index takes off (بالوتيلي for وتيلي), also weighed.

    A name the gazetteer knows (or recognises through an archive spelling it knows) matches
    every name of its entity and the archive's spellings of any of them; an unknown name
    matches the archive's spellings that share its phonetic key and that the pair model
    scores as the same name."""
    names = names or gazetteer()
    typed = " ".join(terms)
    written = written if len(terms) == 1 else None
    exact = Alternative(tuple(terms), "as typed", True, written or "")
    acronyms = spelled_letters(terms)
    if acronyms:
        found = {tuple(terms): exact}
        for alternative in _spelled_acronym(typed, acronyms, vocabulary, names):
            found.setdefault(alternative.terms, alternative)
        return list(found.values())
    entities = names.lookup(typed)
    if len(terms) == 1 and not _name_like(typed, vocabulary, bool(entities)) and not (
            entities and capitalised_in_some_language(typed) and not is_common(typed)):
        return [exact]  # a word the archive writes in lower case; but a gazetteer name that
        # is no common word and that German also writes as a word (Mohammed) keeps its
        # names: its capitals in German articles were not counted
    if len(terms) > 1 and not entities and not all(
            is_name(term, vocabulary, names) or (position == 0 and term in _name_heads(names))
            for position, term in enumerate(terms)):
        return None  # "in Hassakeh" is a word and a name, not a two-word name like عين حسكه;
        # but "Tel" and "Ein" start names however often the archive writes "tel." and "ein"
    if len({script_of(term) for term in terms}) > 1:
        return None  # words of two scripts are two names (Hasakah AND داعش)
    if not entities:
        entities = _recognised(typed, vocabulary, names)
    found: dict[tuple[str, ...], Alternative] = {tuple(terms): exact}
    for alternative in _from_gazetteer(typed, entities, names) + \
            _from_spellings(typed, entities[:MAX_SPELLING_ENTITIES], vocabulary, names, written):
        if len(terms) > 1 and _narrower(alternative.terms, terms):
            continue  # "Hashd" alone would also find Hashd al-Watani
        if len(alternative.terms) == 1 and is_common(alternative.terms[0]) \
                and not _name_like(alternative.terms[0], vocabulary, True):
            continue  # a name that is also a common word, and one this archive writes as the
            # word (Spanish "hacen", an old name of the Turkish town Saimbeyli, once Hajin)
        found.setdefault(alternative.terms, alternative)
    if len(terms) > 1 and len(found) == 1:
        return None
    if len(terms) > 1 and not entities:  # an entity's own names are in the gazetteer
        for alternative in _composed(tuple(terms), vocabulary, names):
            found.setdefault(alternative.terms, alternative)
    for run in arabic_spellings(typed, vocabulary.doc_frequency) if len(terms) == 1 else ():
        found.setdefault(run, Alternative(run, f"the letters of {typed.upper()} spelled out "
                                               "in Arabic script", False))
    return list(found.values())


def _spelled_acronym(typed: str, acronyms: list[str], vocabulary: Vocabulary,
                     names: Gazetteer) -> list[Alternative]:
    """A run of letter names is the acronym it spells: the run's own gazetteer names, and
    each acronym the archive holds with that acronym's gazetteer names; never a name heard
    through the key (بي كا كا is no spelling of "Pique")."""
    alternatives = _from_gazetteer(typed, names.lookup(typed), names)
    for acronym in acronyms:
        if vocabulary.doc_frequency(acronym):
            alternatives.append(Alternative((acronym,), f"{typed} spells the letters "
                                                        f"{acronym.upper()}", False))
            alternatives += _from_gazetteer(acronym, names.lookup(acronym), names)
    return alternatives


def _composed(terms: tuple[str, ...], vocabulary: Vocabulary,
              names: Gazetteer) -> list[Alternative]:
    """A multi-word name no list holds, written a word at a time in Arabic script, each word
    one of its own spellings the archive holds (قلعه دزه for Qala Diza). The index keys two
    Arabic-script words in a row only after a word that heads names (تل، عين), so such a name
    is found through its words, which must stand in the typed order. Another name of a word's
    entity is no spelling of the word (Sham is a name of Damascus, not a spelling of دمشق)."""
    per_word = []
    for term in terms:
        listed = {names.key(name) for entity in names.lookup(term) for name in entity.names}
        spellings = [spelling for spelling, *more in (alternative.terms for alternative
                                                      in expand((term,), vocabulary, names))
                     if not more and script_of(spelling) == "arabic" and (
                         spelling not in listed or sounds_alike(term, spelling, MIN_ANCHORED_KEY))]
        if not spellings:
            return []
        per_word.append(spellings)
    return [Alternative(written, "each word a spelling of the typed word: " + ", ".join(
                f"{typed} → {spelling}" for typed, spelling in zip(terms, written)), False)
            for written in itertools.islice(itertools.product(*per_word), MAX_COMPOSED)
            if written != terms]


def is_name(term: str, vocabulary: Vocabulary, names: Gazetteer | None = None) -> bool:
    """Whether a query word is used as a name in this archive: names get variants and are
    never stemmed; an Arabic-script word always counts as one (script gives no case hint)."""
    names = names or gazetteer()
    return _name_like(term, vocabulary, bool(names.lookup(term)))


def explain(name: str, names: Gazetteer | None = None,
            vocabulary: Vocabulary | None = None) -> list[tuple[str, str]]:
    """The spellings and names `khabar variants NAME` lists, each with its reason: with an
    archive's vocabulary, exactly what a search for NAME matches there; without one, the
    gazetteer's names and the key by which the archive's spellings would be found."""
    names = names or gazetteer()
    terms = tuple(analyze(name))
    typed = " ".join(terms)
    listed: dict[str, str] = {}
    if vocabulary is not None and terms:
        written = written_terms(name)
        whole = expand(terms, vocabulary, names, written.get(typed))
        runs = [whole] if whole is not None else [expand((term,), vocabulary, names,
                                                         written.get(term)) for term in terms]
        for alternatives in runs:
            for alternative in alternatives:
                spelling = " ".join(alternative.terms)
                if alternative.exact or held(alternative.terms, vocabulary):
                    listed.setdefault(alternative.spelling, alternative.reason)
                if len(alternative.terms) == 1 and len(terms) == 1:
                    for words in enclosing_names(spelling, names, vocabulary):
                        listed.setdefault(" ".join(words), f"not matched: {spelling} inside "
                                          "this longer place name, a different place")
        return list(listed.items())
    for entity in names.lookup(typed):
        for spelling in _ordered_names(typed, entity, names):
            listed.setdefault(spelling, _reason(typed, spelling, entity, names))
    keys = [key for key in name_keys(typed) if len(key) >= MIN_ANCHORED_KEY]
    if keys:
        listed.setdefault(name, f"phonetic key {'/'.join(keys)}: the archive's spellings with "
                                "this key that the pair model scores as this name also match")
    else:
        listed.setdefault(name, "as typed (too short a key for spelling variants)")
    return list(listed.items())


def enclosing_names(term: str, names: Gazetteer | None = None,
                    vocabulary: Vocabulary | None = None) -> list[tuple[str, ...]]:
    """The longer names `term` stands inside as a word after the first, of places whose name
    begins with a word that makes a new name of the next (عين عيسى Ain Issa, the spring of
    Issa; تل أبيض Tell Abyad): a search for the shorter name leaves them out. A place that
    `term` itself names lends none; with a `vocabulary`, only names whose words it holds."""
    names = names or gazetteer()
    own = {entity.id for entity in names.lookup(term)}
    return [words for words, holders in _enclosing_index(names).get(term, ())
            if not own & holders and (vocabulary is None or held(words, vocabulary))]


@lru_cache(maxsize=4)
def _enclosing_index(names: Gazetteer) -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """Word → the multi-word names of entities with a headed Arabic-script name that hold
    the word after their first, with the ids of those entities."""
    headed = {entity_id for key, ids in names.keyed_names()
              if " " in key and key.split(" ", 1)[0] in NAME_HEADS for entity_id in ids}
    index: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for key, ids in names.keyed_names():
        holders = frozenset(ids) & headed
        words = tuple(key.split())
        if holders and len(words) > 1:
            for word in set(words[1:]):
                index.setdefault(word, []).append((words, holders))
    return index


@lru_cache(maxsize=4)
def _name_heads(names: Gazetteer) -> frozenset[str]:
    """The words that begin the multi-word names of MIN_HEADED_ENTITIES or more gazetteer
    entities (Tel, Ain, Deir, Kafr, Abu): the head of a place name, whatever else the word
    is in the archive's languages."""
    headed: dict[str, set[str]] = {}
    for key, ids in names.keyed_names():
        words = key.split(" ", 1)
        if len(words) > 1:
            headed.setdefault(words[0], set()).update(ids)
    return frozenset(word for word, ids in headed.items() if len(ids) >= MIN_HEADED_ENTITIES)


def _name_like(term: str, vocabulary: Vocabulary, known: bool) -> bool:
    """Whether a word is used as a name in this archive (Latin words the archive mostly
    writes in lower case are ordinary words; unknown words and Arabic script may be names).
    `known`: the gazetteer has it, the only evidence for words too short to be keyed."""
    if ARABIC_SCRIPT.search(term):
        return True
    documents = vocabulary.doc_frequency(term)
    if not documents:
        return True
    capitalised = _capitalised(term, vocabulary)
    if capitalised is None:
        return known
    return capitalised >= NAME_CAPITALISED_SHARE * documents


def _written_as_name(term: str, vocabulary: Vocabulary,
                     inside_sentences: bool = False) -> bool | None:
    """Whether the archive writes a spelling found through the key as a name. A capital in a
    German article marks any noun, so those articles do not count; one that writes the word
    in lower case counts against it, as any other. None when German capitals are all there is.
    `inside_sentences`: only capitals inside a sentence count (a common word's at the start
    of one are the sentence's)."""
    if ARABIC_SCRIPT.search(term):
        return True
    german = vocabulary.noun_capitalised(term)
    documents = vocabulary.doc_frequency(term) - german
    capitalised = vocabulary.capitalised_inside_sentences(term) if inside_sentences \
        else (_capitalised(term, vocabulary) or 0) - german
    return capitalised >= NAME_CAPITALISED_SHARE * documents if documents else None


def _capitalised(term: str, vocabulary: Vocabulary) -> int | None:
    """How many documents write a Latin term capitalised, as a name (None: it has no key)."""
    keys = [key for key in name_keys(term) if key]
    if not keys:
        return None
    # every key of a term indexes the same documents: the largest count, not their sum
    return max((df for key in keys
                for candidate, df in vocabulary.terms_with_key(key) if candidate == term),
               default=0)


def _from_gazetteer(typed: str, entities: list[Entity], names: Gazetteer) -> list[Alternative]:
    alternatives = []
    for entity in entities:
        for spelling in _ordered_names(typed, entity, names):
            terms = tuple(names.key(spelling).split())
            if terms:
                alternatives.append(Alternative(terms, _reason(typed, spelling, entity, names),
                                                False))
    return alternatives


def _ordered_names(typed: str, entity: Entity, names: Gazetteer) -> list[str]:
    """An entity's names, spellings of the typed name first, then its other names."""
    return sorted(entity.names, key=lambda spelling: not sounds_alike(typed, names.key(spelling)))


def _spellings_of(typed: str, entity: Entity, names: Gazetteer) -> list[str]:
    """An entity's names that are references for the archive's own spellings: those in the
    other script (the pair model cannot tell a Latin name's vowels from an Arabic one's, so
    all are kept) and, in the typed script, the spellings of the typed name: its names joined
    to it by a chain of names the model scores as spellings of each other. Its other names
    in that script (a Kurdish name beside the Arabic one, an acronym beside a full name) are
    matched as the gazetteer writes them, not through the key: each reference is one more
    chance for an ordinary word to score as a spelling, and an entity holds dozens of names."""
    script = script_of(typed)
    same_script = {names.key(spelling): spelling for spelling in entity.names
                   if script_of(spelling) == script}
    same_script.pop("", None)
    joined, frontier = set(), [typed]
    while frontier:
        reached = [key for key in same_script if key not in joined
                   and any(sounds_alike(known, key) for known in frontier)]
        joined.update(reached)
        frontier = reached
    return [spelling for spelling in entity.names
            if script_of(spelling) != script or names.key(spelling) in joined]


def _reason(typed: str, spelling: str, entity: Entity, names: Gazetteer) -> str:
    relation = "spelling" if sounds_alike(typed, names.key(spelling)) else "name"
    return f"{relation} of {entity.names[0]} ({entity.source} {entity.id})"


def _recognised(typed: str, vocabulary: Vocabulary, names: Gazetteer) -> list[Entity]:
    """The gazetteer entities an unknown spelling names, found through the archive's spellings
    that sound like it and are known names (Amoude → Amuda, Daech → Daesh).

    An entity counts only when one of its names written in the typed script sounds like the
    typed spelling: across scripts short vowels are unwritten, so قباني sounds like a Latin
    Kobani but not like كوباني. None when the spellings point at more entities than one word
    plausibly names."""
    entities: dict[str, Entity] = {}
    rejected: set[str] = set()
    script = script_of(typed)
    for key in name_keys(typed):
        if len(key) < MIN_ANCHORED_KEY:
            continue
        for candidate, _ in vocabulary.terms_with_key(key):
            if candidate == typed or candidate.count(" ") != typed.count(" ") \
                    or is_common(candidate) \
                    or not sounds_alike(typed, candidate, MIN_ANCHORED_KEY):
                continue  # a run of words is recognised only as a name of as many words, and
                # a common word is no evidence: دارين is not the village Deren through "deren"
            for entity in names.lookup(candidate):
                if entity.id in entities or entity.id in rejected \
                        or entity.source == COUNTRY_SOURCE:
                    continue  # ICU gives a country its name in each language: a name it
                    # lacks is no spelling of one (Kylie is not Chile through the French Chili)
                same_script = [spelling for spelling in map(names.key, entity.names)
                               if spelling and script_of(spelling) == script]
                if any(sounds_alike(typed, spelling, MIN_ANCHORED_KEY) for spelling in same_script) \
                        or (not same_script and len(key) >= MIN_KEY_CONSONANTS):
                    entities[entity.id] = entity
                else:
                    rejected.add(entity.id)
    return list(entities.values()) if len(entities) <= MAX_SPELLING_ENTITIES else []


def _from_spellings(typed: str, entities: list[Entity], vocabulary: Vocabulary,
                    names: Gazetteer, as_written: str | None = None) -> list[Alternative]:
    """The archive's spellings of the typed name or of its entities' names: terms sharing a
    phonetic key with one of them that the pair model scores as a spelling of it, preferring
    a reference in the candidate's own script (Arabic script writes long vowels, so كوباني
    tells what a Latin Kobani cannot: قباني is another name). Known names of other entities
    and common words are left out.

    A name no entity holds also reaches the other script through its spellings found in its
    own (Qamişlo → Qamishlo → القامشلي): one step, each judged by the model, and never through
    an English word (a Samman found "Shaman", and through it شومان): the word may be what
    the first step found, and the second would spell the word."""
    own = {entity.id for entity in entities}
    references = {typed: "phonetic key {0}, scored a spelling of {1} by the pair model"}
    if as_written:
        references[as_written] = references[typed]
    for entity in entities:
        for spelling in _spellings_of(typed, entity, names):
            references.setdefault(names.key(spelling),
                                  "phonetic key {0}, scored a spelling of {1} by the pair model "
                                  f"({entity.names[0]}, {entity.source} {entity.id})")
    references.pop("", None)
    seen = set(references)
    written = {names.key(spelling) for entity in entities for spelling in entity.names
               if script_of(spelling) == "arabic"}
    if script_of(typed) == "arabic":
        written.update(filter(None, (typed, as_written)))
    alternatives = _keyed_spellings(typed, references, own, vocabulary, names, seen, written)
    if own:
        return alternatives
    script = script_of(typed)
    if script == "latin":
        alternatives = _heard_in_arabic(typed, alternatives)
    through = {alt.spelling: "phonetic key {0}, scored a spelling of {1} by the pair "
                             f"model, itself a spelling of {typed}"
               for alt in alternatives if script_of(alt.spelling) == script
               and not english_word(alt.spelling)}
    return alternatives + [alt for alt in _keyed_spellings(typed, through, own, vocabulary,
                                                           names, seen)
                           if script_of(" ".join(alt.terms)) != script]


def _keyed_spellings(typed: str, references: dict[str, str], own: set[str],
                     vocabulary: Vocabulary, names: Gazetteer, seen: set[str],
                     written: set[str] = frozenset()) -> list[Alternative]:
    """The candidates keyed like `references` that the model accepts as a spelling of one
    (each reason a template of the key and the reference); adds what it weighed to `seen`.
    `written`: the entities' Arabic-script names, the authority on a Latin candidate's vowels."""
    shortest = MIN_ANCHORED_KEY
    # The references in the other script judge its candidates alone where one of them spells
    # the typed name (كوباني for Kobani: the archive's قباني is another name); where none
    # does, the gazetteer knows the typed name only as another name of its entities (Shapur,
    # a name of the town سلماس), and the typed name judges them too.
    spelt_across = any(script_of(reference) != script_of(typed)
                       and sounds_alike(typed, reference, shortest) for reference in references)
    scripts = {script_of(reference) for reference in references} if spelt_across \
        else {script_of(typed)}
    by_key: dict[str, list[str]] = {}
    for reference in references:
        for key in name_keys(reference):
            if len(key) >= shortest:
                by_key.setdefault(key, []).append(reference)
    alternatives = []
    for key, keyed in by_key.items():
        for candidate, _ in vocabulary.terms_with_key(key):
            if candidate in seen or not all(map(_spelt_like_a_name, candidate.split())):
                continue
            others = {entity.id for entity in names.lookup(candidate)}
            script = script_of(candidate)
            if (others and not own & others and (own or script == script_of(typed))) or (
                    not own & others and is_common(candidate) and not (
                        script_of(typed) == "arabic"
                        and _written_as_name(candidate, vocabulary, inside_sentences=True))):
                seen.add(candidate)
                continue  # a name of another entity (Hussein is not Hassan; قباني is not
                # كوباني), or an ordinary word of some language ("these" is not ISIS). A name
                # frequent enough to be on the common-word list (Berlusconi, Castro) is taken
                # for an Arabic-script name, whose letters judge the vowels too, where the
                # archive writes it capitalised inside sentences. For a name no list holds,
                # one in the other script that also names some other entity is weighed as
                # any candidate, and refused below where that entity's own names in the
                # typed script speak against it (Andreas, an old name of a Turkish town,
                # is still a spelling of اندرياس)
            pool = [ref for ref in keyed if script_of(ref) == script] if script in scripts else keyed
            match = next((ref for ref in pool if sounds_alike(ref, candidate, shortest)), None)
            if match is None:
                continue
            seen.add(candidate)
            if not own and script != script_of(typed) and _written_otherwise(
                    typed, _recognised(candidate, vocabulary, names), names):
                continue  # Qasad is قسد (the SDF), so not قصد
            if own and script == "latin" and _vetoed(candidate, match, written):
                continue  # the Arabic-script name is the authority on its vowels
            if " " not in candidate:
                named = _written_as_name(candidate, vocabulary)
                if not (named or named is None and (
                        others or pair_score(match, candidate) >= CASELESS_MARGIN)):
                    continue  # German capitals: Packer is no spelling of Bakur
            indexed = _as_indexed(candidate, vocabulary)
            alternatives.append((math.inf if own & others else pair_score(match, candidate),
                                 Alternative(indexed, references[match].format(key, match), False,
                                             candidate if indexed != (candidate,) else "")))
    return _best(typed, alternatives)


def _heard_in_arabic(typed: str, alternatives: list[Alternative]) -> list[Alternative]:
    """For a Latin name no entity holds, the archive's Arabic-script spellings of it judge its
    Latin look-alikes as an entity's Arabic names do (`_vetoed`): they write the long vowels,
    and a Latin candidate all of them speak against is another name (غوين, the archive's
    Gwen, is no Jon; كولي no Julie). Without an Arabic-script spelling nothing is judged."""
    written = {alternative.spelling for alternative in alternatives
               if script_of(alternative.terms[0]) == "arabic"}
    return [alternative for alternative in alternatives
            if script_of(alternative.terms[0]) == "arabic"
            or not _vetoed(alternative.spelling, typed, written)]


def _as_indexed(candidate: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """The index terms a candidate found through the key is searched by: an Arabic-script
    word keyed as written with its article (بالوتيلي) is held without it (وتيلي)."""
    if " " in candidate or script_of(candidate) != "arabic" or vocabulary.doc_frequency(candidate):
        return tuple(candidate.split())
    return (strip_article(candidate),)


def _spelt_like_a_name(word: str) -> bool:
    """Whether a word of a candidate may be a word of a name: it carries a consonant (not the
    "A" of "Qamishli A"), and in Latin letters a vowel too (not the acronym BGHZ, nor the
    initial of "Moss L.")."""
    return bool(name_key(word)) and (script_of(word) == "arabic"
                                     or any(letter in VOWEL_LETTERS["latin"] for letter in word))


def _vetoed(candidate: str, reference: str, written: set[str]) -> bool:
    """Whether the entities' Arabic-script names speak against a Latin candidate found
    through `reference`: all of those that spell the same name as the reference do (Hewlêr
    is judged by هەولێر, not by اربيل, another name of the city), or all of them when none
    spells it."""
    judges = [name for name in written if name == reference or same_name(name, reference)]
    judges = judges or sorted(written)
    return bool(judges) and all(contradicts(name, candidate) for name in judges)


def _best(typed: str, scored: list[tuple[float, Alternative]]) -> list[Alternative]:
    """The candidates that may be spellings, those in the other script cut to the best few:
    in an archive of many names, a Latin spelling has several Arabic-script look-alikes the
    model also accepts (short vowels are unwritten), and the spellings of the name itself
    score best. Past the cut, a candidate that is a spelling of one kept is kept too: a place
    the archive writes six ways (Khormuj, Khurmoj, Khowrmuj…) is still one name. So is an
    Arabic-script candidate however far below the best it scores, where the script's written
    rules, not the model, make it a spelling of one kept: the model weighs the vowels Sorani
    writes loosely (کەرکووک scores far under كركوك for Kerkuk). A candidate the gazetteer
    names is always kept."""
    own_script = [alternative for _, alternative in scored
                  if script_of(" ".join(alternative.terms)) == script_of(typed)]
    ranked = sorted((pair for pair in scored
                     if script_of(" ".join(pair[1].terms)) != script_of(typed)), key=lambda pair: -pair[0])
    best = ranked[0][0] if ranked else 0.0
    kept = [alternative for score, alternative in ranked[:MAX_OTHER_SCRIPT]
            if score >= best - SPELLING_MARGIN]
    return own_script + kept + [
        alternative for score, alternative in ranked[len(kept):]
        if (score >= best - SPELLING_MARGIN or script_of(alternative.spelling) == "arabic")
        and any(sounds_alike(alternative.spelling, spelling.spelling) for spelling in kept)]


def _written_otherwise(typed: str, entities: list[Entity], names: Gazetteer) -> bool:
    """Whether the entities have names in the typed spelling's script and none sounds like it."""
    script = script_of(typed)
    same_script = [spelling for entity in entities for spelling in map(names.key, entity.names)
                   if spelling and script_of(spelling) == script]
    return bool(same_script) and not any(sounds_alike(typed, spelling, MIN_ANCHORED_KEY)
                                         for spelling in same_script)


def _narrower(alternative: tuple[str, ...], typed: tuple[str, ...]) -> bool:
    """Whether an alternative is only some of the typed words (a shorter name inside it)."""
    return len(alternative) < len(typed) and set(alternative) <= set(typed)


__all__ = ["Alternative", "Vocabulary", "enclosing_names", "expand", "explain", "gazetteer",
           "held", "is_name", "name_key"]
