"""Phrase queries for the whoosh engine, matched by comparing word positions.

whoosh matches a phrase with a span query that builds an object for every position of every
word in every candidate document; a phrase with a common word (`"in Qamishli"`, `"في كوباني"`)
spent seconds there on a 10,000-article archive. This matcher takes the documents that hold
all the words (whoosh's own intersection of their postings) and keeps those where the
words' decoded positions follow each other within `slop`: the same hits, scored as whoosh
scores the intersection.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

from whoosh import matching, query
from whoosh.matching.wrappers import WrappingMatcher


class Phrase(query.Phrase):
    """`words` in this order, each at most `slop` positions after the one before; unless
    not `ordered` (a proximity search, `"water Alouk"~5`): then in any order, all within
    `slop` positions of each other per word after the first."""

    def __init__(self, fieldname, words, slop=1, boost=1.0, char_ranges=None, ordered=True):
        super().__init__(fieldname, words, slop=slop, boost=boost, char_ranges=char_ranges)
        self.ordered = ordered

    def matcher(self, searcher, context=None):
        if not has_positions(searcher.schema, self.fieldname):
            return super().matcher(searcher, context)
        field = searcher.schema[self.fieldname]
        reader = searcher.reader()
        if any((self.fieldname, field.to_bytes(word)) not in reader for word in self.words):
            return matching.NullMatcher()
        words = [query.Term(self.fieldname, word).matcher(searcher, context)
                 for word in self.words]
        if len(words) == 1:
            return words[0]
        return PositionsMatcher(words, self.slop, boost=self.boost, ordered=self.ordered)


class PositionFilter(WrappingMatcher):
    """A matcher that keeps only the documents of its child where `_keeps()` holds (read
    from word positions): the navigation whoosh's collectors use, skipping the others."""

    def _keeps(self) -> bool:
        raise NotImplementedError

    def _find_next(self) -> None:
        while self.child.is_active() and not self._keeps():
            self.child.next()

    def next(self):
        self.child.next()
        self._find_next()

    def skip_to(self, id):
        self.child.skip_to(id)
        self._find_next()

    def all_ids(self):
        while self.is_active():
            yield self.id()
            self.next()

    def replace(self, minquality=0):
        # the word matchers are read directly: never swapped for whoosh's replacements
        return self if self.is_active() else matching.NullMatcher()

    def skip_to_quality(self, minquality):
        # whoosh's top-N collector skips blocks whose words score too low, then asks again
        skipped = super().skip_to_quality(minquality)
        self._find_next()
        return skipped


class PositionsMatcher(PositionFilter):
    """The documents of an intersection of word matchers where the words form the phrase."""

    def __init__(self, words: list, slop: int, boost: float = 1.0, ordered: bool = True):
        both = words[0]
        for word in words[1:]:
            both = matching.IntersectionMatcher(both, word)
        super().__init__(both, boost)
        self.words = words
        self.slop = max(slop, 1)
        self.ordered = ordered
        self._find_next()

    def _keeps(self) -> bool:
        return near((word.value_as("positions") for word in self.words), self.slop,
                    self.ordered)

    def copy(self):
        return PositionsMatcher([word.copy() for word in self.words], self.slop, self.boost,
                                self.ordered)


class Outside(query.Term):
    """A word where it stands outside some longer names (Issa, but not the Issa of Ain
    Issa): a document matches when one of the word's positions is inside none of them.
    `names`: each longer name's words, the word among them."""

    def __init__(self, fieldname, text, names, boost=1.0):
        super().__init__(fieldname, text, boost=boost)
        self.names = tuple(tuple(words) for words in names)

    def __eq__(self, other):
        return super().__eq__(other) and self.names == getattr(other, "names", None)

    def __hash__(self):
        return super().__hash__() ^ hash(self.names)

    def __repr__(self):
        return f"Outside({self.fieldname!r}, {self.text!r}, {self.names!r})"

    def matcher(self, searcher, context=None):
        word = super().matcher(searcher, context)
        if not has_positions(searcher.schema, self.fieldname) or not word.is_active():
            return word
        field, reader = searcher.schema[self.fieldname], searcher.reader()
        names = []
        for words in self.names:
            if all((self.fieldname, field.to_bytes(w)) in reader for w in words):
                names.append([(w, query.Term(self.fieldname, w).matcher(searcher, context))
                              for w in words])
        return OutsideMatcher(word, self.text, names) if names else word


class OutsideMatcher(PositionFilter):
    """The documents of a word's matcher where the word stands outside the longer names,
    whose words' matchers follow it document by document."""

    def __init__(self, word, text: str, names: list, boost: float = 1.0):
        super().__init__(word, boost)
        self.text = text
        self.names = names
        self._find_next()

    def _keeps(self) -> bool:
        here = self.child.id()
        found = []
        for words in self.names:
            positions = []
            for word, matcher in words:
                if matcher.is_active() and matcher.id() < here:
                    matcher.skip_to(here)
                if not (matcher.is_active() and matcher.id() == here):
                    break
                positions.append((word, matcher.value_as("positions")))
            else:
                found.append(positions)
        return stands_alone(self.text, self.child.value_as("positions"), found)

    def copy(self):
        return OutsideMatcher(self.child.copy(), self.text,
                              [[(w, m.copy()) for w, m in words] for words in self.names],
                              self.boost)


def stands_alone(text: str, positions: Iterable[int], names: list) -> bool:
    """Whether one of the word `text`'s positions lies inside none of the longer names
    found in the document: each given as its words in order with their positions there."""
    spans = []
    for words in names:
        for at, (word, _) in enumerate(words):
            if word != text:
                continue
            others = [(place - at, set(where)) for place, (_, where) in enumerate(words)
                      if place != at]
            spans.append(others)
    return any(not any(all(p + shift in where for shift, where in others) for others in spans)
               for p in positions)


def has_positions(schema, fieldname: str) -> bool:
    """Whether the field stores word positions, which phrases are matched by."""
    field = schema[fieldname] if fieldname in schema else None
    return bool(field and field.format and field.format.supports("positions"))


def near(positions: Iterable[list[int]], slop: int, ordered: bool) -> bool:
    """Whether the words form the phrase (`ordered`) or stand near each other in any order."""
    return in_order(positions, slop) if ordered else in_any_order(list(positions), slop)


def in_any_order(positions: list[list[int]], slop: int) -> bool:
    """Whether one position of each word lies in a window of `slop` places per word after
    the first, whatever their order: the narrowest window holding every word, sliding."""
    reach = slop * (len(positions) - 1)
    marks = sorted((p, word) for word, where in enumerate(positions) for p in where)
    held = [0] * len(positions)
    missing, start = len(positions), 0
    for position, word in marks:
        held[word] += 1
        missing -= held[word] == 1
        while not missing:
            if position - marks[start][0] <= reach:
                return True
            first = marks[start][1]
            held[first] -= 1
            missing += held[first] == 0
            start += 1
    return False


def in_order(positions: Iterable[list[int]], slop: int) -> bool:
    """Whether the words, given by their sorted positions in one document (decoded lazily:
    the first word that cannot follow ends the check), form the phrase within `slop`."""
    words = iter(positions)
    reached = next(words)
    for word in words:
        # positions of this word that follow a reached position of the previous one
        if slop == 1:  # right after: a set lookup instead of a search
            after = {p + 1 for p in reached}
            reached = [p for p in word if p in after]
        else:
            reached = [p for p in word if _follows(p, reached, slop)]
        if not reached:
            return False
    return True


def _follows(position: int, earlier: list[int], slop: int) -> bool:
    """Whether a position in the sorted list `earlier` lies 1…slop places before `position`."""
    before = bisect_left(earlier, position) - 1
    return before >= 0 and position - earlier[before] <= slop
