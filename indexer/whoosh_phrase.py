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


class PositionsMatcher(WrappingMatcher):
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

    def _near(self) -> bool:
        return near((word.value_as("positions") for word in self.words), self.slop,
                    self.ordered)

    def _find_next(self) -> None:
        while self.child.is_active() and not self._near():
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

    def copy(self):
        return PositionsMatcher([word.copy() for word in self.words], self.slop, self.boost,
                                self.ordered)


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
