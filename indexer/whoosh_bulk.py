"""Ranking a query over whole posting lists at once, for the searches journalists run most.

whoosh scores one matching document at a time in Python and counts the total in a second
pass over the matches. A place name is an OR of its spellings and a third of an archive may
mention it: at 100,000 articles that is half a second a search. Here each term's postings
are read a block at a time into arrays, BM25F is computed for all of them in one numpy step,
AND / OR / NOT become operations on a mask the size of the segment, and the total is the
mask's count. Scores are whoosh's own: the same BM25F formula, statistics, boosts and sums
(tests hold the two to the same hits and scores).

Terms, phrases (`whoosh_phrase.Phrase`; with a frequent word, by the pairs of
`common_grams`) and the boolean operators over them are evaluated here; any other part of a
query (a wildcard, a span) is handed to whoosh's own matcher for that part alone, its
matches read back as arrays. Sorting by date, date ranges and counting by facets read each
segment's column once per searcher and work on the arrays too.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import formats, query, scoring, sorting
from whoosh.matching.wrappers import FilterMatcher

from indexer import whoosh_internals
from indexer.analysis import common_grams
from indexer.whoosh_fields import PAIRS_OF
from indexer.whoosh_phrase import Outside, Phrase, has_positions, near, stands_alone


@dataclass
class Ranked:
    """The documents a query matches: how many, the first `limit` (global docnums, best or
    in the order asked for first), and the counts of each facet's values."""

    total: int
    docnums: list[int]
    scores: list[float]
    groups: dict[str, dict[str, int]]


class _Matches:
    """One part of a query on one segment: which documents match, and their scores."""

    __slots__ = ("mask", "scores")

    def __init__(self, mask: np.ndarray, scores: np.ndarray | None):
        self.mask, self.scores = mask, scores


class BulkRanker:
    """Ranks queries on one open whoosh searcher (renew it with the searcher)."""

    def __init__(self, searcher):
        self.searcher = searcher
        weighting = searcher.weighting
        if type(weighting) is not scoring.BM25F:
            raise TypeError(f"ranks by whoosh's BM25F, not {type(weighting).__name__}")
        self.bm25 = whoosh_internals.bm25_parameters(weighting)
        self._lengths: dict[tuple[int, str], np.ndarray] = {}
        self.read: dict[tuple, tuple] = {}
        self._columns: dict[tuple[int, str], np.ndarray] = {}

    def rank(self, q: query.Query, *, limit: int, filter_: query.Query | None = None,
             sort_by: str | None = None, reverse: bool = False,
             facets: dict[str, str] | None = None) -> Ranked:
        """The first `limit` documents for `q` within `filter_`: the best, or ordered by the
        column `sort_by` (documents without a value first; `reverse` turns the order), with
        the value counts of each `facets` name's column. A `limit` of 0 only counts: nothing
        is scored or ordered."""
        # postings read once per search: `"of Qamishli"` and `"of Kamishli"` share one list
        self.read = {}
        try:
            return self._rank(q, limit, filter_, sort_by, reverse, facets or {})
        finally:
            self.read = {}

    def _rank(self, q, limit, filter_, sort_by, reverse, facets) -> Ranked:
        ordered = limit > 0
        scored = ordered and sort_by is None
        docnums, scores, keys = [], [], []
        counted: dict[str, list[np.ndarray]] = {name: [] for name in facets}
        for number, (sub, offset) in enumerate(self.searcher.leaf_searchers()):
            segment = _Segment(self, number, sub)
            within = segment.live
            if filter_ is not None:
                within = within & segment.evaluate(filter_, scored=False, within=within).mask
            found = segment.evaluate(q, scored=scored, within=within)
            where = np.flatnonzero(found.mask & within)
            if not len(where):
                continue
            docnums.append(where + offset)
            if scored:
                scores.append(found.scores[where])
            elif ordered:
                keys.append(self.column(number, segment.reader, sort_by)[where])
            for name, fieldname in facets.items():
                counted[name].append(self.column(number, segment.reader, fieldname)[where])
        if not docnums:
            return Ranked(0, [], [], {name: {} for name in facets})
        docnum = np.concatenate(docnums)
        groups = {name: _counts(np.concatenate(values)) for name, values in counted.items()}
        if not ordered:
            return Ranked(len(docnum), [], [], groups)
        if scored:
            score = np.concatenate(scores)
            order = _first(docnum, -score, limit)
            return Ranked(len(docnum), docnum[order].tolist(), score[order].tolist(), groups)
        _, rank = np.unique(np.concatenate(keys), return_inverse=True)
        order = _first(docnum, -rank if reverse else rank, limit)
        return Ranked(len(docnum), docnum[order].tolist(), [0.0] * len(order), groups)

    def column(self, number: int, reader, fieldname: str) -> np.ndarray:
        """Every document's value of a sortable field on one segment (b"" where it has none),
        read once per searcher."""
        key = (number, fieldname)
        if key not in self._columns:
            values = list(reader.column_reader(fieldname, translate=False))
            self._columns[key] = np.array(values, dtype=bytes) if values else np.array([], "S1")
        return self._columns[key]

    def lengths(self, number: int, reader, fieldname: str) -> np.ndarray:
        """Every document's length in `fieldname` on one segment, read once per searcher."""
        key = (number, fieldname)
        if key not in self._lengths:
            self._lengths[key] = whoosh_internals.stored_lengths(reader, fieldname)
        return self._lengths[key]


class _Segment:
    """Evaluation of query parts on one segment, as masks and score arrays."""

    def __init__(self, ranker: BulkRanker, number: int, searcher):
        self.ranker, self.number, self.searcher = ranker, number, searcher
        self.reader = searcher.reader()
        self.size = self.reader.doc_count_all()
        self.live = np.ones(self.size, dtype=bool)
        if self.reader.has_deletions():
            self.live[list(self.reader.deleted_docs_set)] = False

    def evaluate(self, q: query.Query, *, scored: bool, within: np.ndarray) -> _Matches:
        """Which documents `q` matches, and their scores if `scored`. Only the documents in
        the mask `within` count (the caller keeps only those): a phrase checks positions
        only there, and the words of an AND narrow it for the phrases after them."""
        if isinstance(q, Outside) and has_positions(self.reader.schema, q.fieldname):
            return self._outside(q, scored, within)
        if isinstance(q, query.Term):
            return self._term(q, scored)
        if type(q) in (query.And, query.Or) and not getattr(q, "scale", None):
            if len(q.subqueries) <= 1:  # as whoosh: the one part alone, the boost dropped
                return (self.evaluate(q.subqueries[0], scored=scored, within=within)
                        if q.subqueries else self._nothing())
            return self._boolean(q, scored, within)
        if isinstance(q, query.AndNot):
            positive = self.evaluate(q.a, scored=scored, within=within)
            negative = self.evaluate(q.b, scored=False, within=within & positive.mask)
            mask = positive.mask & ~negative.mask
            if scored:  # nor where the excluded words stand
                positive.scores[~mask] = 0.0
            return _Matches(mask, positive.scores)
        if isinstance(q, query.Not):  # whoosh gives every document it keeps a weight of 1
            mask = ~self.evaluate(q.query, scored=False, within=within).mask
            return _Matches(mask, mask.astype(np.float64) if scored else None)
        if isinstance(q, Phrase) and has_positions(self.reader.schema, q.fieldname):
            return self._phrase(q, scored, within)
        if isinstance(q, query.Every) and not q.fieldname:  # whoosh weighs each one 1
            return _Matches(np.ones(self.size, dtype=bool), np.ones(self.size) * q.boost)
        if q is query.NullQuery:
            return self._nothing()
        if isinstance(q, query.TermRange) and self.reader.has_column(q.fieldname):
            return self._range(q, scored)
        if not scored and isinstance(q, query.MultiTerm):  # a filter: its terms' documents
            mask = np.zeros(self.size, dtype=bool)
            for fieldname, text in q.expanded_terms(self.reader):
                mask[self._postings(fieldname, text)[0]] = True
            return _Matches(mask, None)
        return self._by_whoosh(q, scored)

    def _boolean(self, q: query.Query, scored: bool, within: np.ndarray) -> _Matches:
        """AND or OR: masks combined, scores summed (times the boost) as whoosh's matchers do.
        An AND reads its plain words first, so its phrases check only where those matched."""
        conjunction = isinstance(q, query.And)
        order = sorted(range(len(q.subqueries)),
                       key=lambda i: conjunction and not _words_only(q.subqueries[i]))
        parts: dict[int, _Matches] = {}
        mask = None
        for i in order:
            parts[i] = part = self.evaluate(q.subqueries[i], scored=scored, within=within)
            if mask is None:
                mask = part.mask.copy()
            elif conjunction:
                mask &= part.mask
            else:
                mask |= part.mask
            if conjunction:
                within = within & part.mask
        scores = None
        if scored:  # summed in the query's order, as whoosh does
            scores = parts[0].scores
            for i in range(1, len(parts)):
                scores += parts[i].scores
            if q.boost != 1:
                scores *= q.boost
            if conjunction:  # a part's score counts only where the whole AND matched
                scores[~mask] = 0.0
        return _Matches(mask, scores)

    def _nothing(self) -> _Matches:
        return _Matches(np.zeros(self.size, dtype=bool), np.zeros(self.size))

    def _term(self, q: query.Term, scored: bool) -> _Matches:
        found = self._nothing()
        schema = self.reader.schema
        if q.fieldname not in schema:
            return found
        try:
            text = schema[q.fieldname].to_bytes(q.text)
        except ValueError:
            return found
        if (q.fieldname, text) not in self.reader:
            return found
        ids, weights, _ = self._postings(q.fieldname, text)
        found.mask[ids] = True
        if scored:
            found.scores[ids] = self._bm25(q.fieldname, text, ids, weights) * q.boost
        return found

    def _phrase(self, q: Phrase, scored: bool, within: np.ndarray) -> _Matches:
        """Documents holding every word, kept where the words' positions form the phrase;
        scored as whoosh_phrase scores them (the words' scores summed, times the boost).
        A phrase with a frequent word is looked up by its pairs (`common_grams`): two
        words are then one posting list, more are checked only where every pair is."""
        if len(q.words) == 1:
            return self._term(query.Term(q.fieldname, q.words[0]), scored)
        field = self.reader.schema[q.fieldname]
        texts = [field.to_bytes(word) for word in q.words]
        pairs = self._pair_texts(q)
        if any((q.fieldname, text) not in self.reader for text in texts) \
                or any((PAIRS_OF[q.fieldname], pair) not in self.reader for pair in pairs):
            return self._nothing()
        # a pair stands in a document exactly where its two words are neighbours
        exact = len(q.words) == 2 and bool(pairs)
        lists = [self._postings(PAIRS_OF[q.fieldname], pair)[0] for pair in pairs]
        words = [] if exact and not scored else \
            [self._counts(q.fieldname, text) if exact else
             self._postings(q.fieldname, text, positions=True) for text in texts]
        candidates = _common(lists + [ids for ids, _, _ in words])
        candidates = candidates[within[candidates]]
        rows = [np.searchsorted(ids, candidates) for ids, _, _ in words]
        if exact:
            kept = np.arange(len(candidates))
        else:
            decode = _decoder(field)
            slop = max(q.slop, 1)
            kept = np.array([i for i in range(len(candidates))
                             if near((decode(values[row[i]])
                                      for (_, _, values), row in zip(words, rows)),
                                     slop, q.ordered)], dtype=np.int64)
        found = self._nothing()
        ids = candidates[kept]
        found.mask[ids] = True
        if scored and len(ids):
            total = np.zeros(len(ids))
            for (word_ids, weights, _), text, row in zip(words, texts, rows):
                at = row[kept]
                total += self._bm25(q.fieldname, text, word_ids[at], weights[at])
            found.scores[ids] = total * q.boost
        return found

    def _outside(self, q: Outside, scored: bool, within: np.ndarray) -> _Matches:
        """The word's documents, less those where every position of it stands inside one of
        the longer names (only documents holding all of a longer name's words are read)."""
        found = self._term(q, scored)
        field = self.reader.schema[q.fieldname]
        names, suspects = [], np.zeros(0, dtype=np.int64)
        for words in q.names:
            texts = [field.to_bytes(word) for word in words]
            if any((q.fieldname, text) not in self.reader for text in texts):
                continue
            postings = [self._postings(q.fieldname, text, positions=True) for text in texts]
            holding = np.flatnonzero(found.mask & within)
            for ids, _, _ in postings:
                holding = np.intersect1d(holding, ids, assume_unique=True)
            names.append((words, postings))
            suspects = np.union1d(suspects, holding)
        if not len(suspects):
            return found
        decode = _decoder(field)
        word_ids, _, word_values = self._postings(q.fieldname, field.to_bytes(q.text),
                                                  positions=True)
        for doc in suspects:
            present = []
            for words, postings in names:
                rows = [np.searchsorted(ids, doc) for ids, _, _ in postings]
                if all(row < len(ids) and ids[row] == doc
                       for row, (ids, _, _) in zip(rows, postings)):
                    present.append([(word, decode(values[row]))
                                    for word, row, (_, _, values) in zip(words, rows, postings)])
            where = decode(word_values[np.searchsorted(word_ids, doc)])
            if not stands_alone(q.text, where, present):
                found.mask[doc] = False
                if scored:
                    found.scores[doc] = 0.0
        return found

    def _counts(self, fieldname: str, text: bytes) -> tuple[np.ndarray, np.ndarray, list]:
        """A word's documents and weights in `fieldname`, read from the pairs field when it
        holds the word (a frequent word, counted as `fieldname` counts it: no positions to
        unpickle)."""
        paired = PAIRS_OF[fieldname]
        if text.decode("utf-8") in common_grams.FREQUENT and (paired, text) in self.reader:
            return self._postings(paired, text)
        return self._postings(fieldname, text)

    def _pair_texts(self, q: Phrase) -> list[bytes]:
        """The indexed pairs a phrase of neighbouring words is looked up by (none for a
        field without pairs, or for words that may stand apart or in any order)."""
        paired = PAIRS_OF.get(q.fieldname)
        if paired is None or paired not in self.reader.schema or q.slop > 1 or not q.ordered:
            return []
        return [pair.encode("utf-8") for pair in common_grams.phrase_pairs(list(q.words))]

    def _range(self, q: query.TermRange, scored: bool) -> _Matches:
        """A range of a field's exact values (`date:[2015-01 TO 2015-06]`, `--since`) read
        from the field's column, as sorting and facets read it; each match weighs the
        boost, as whoosh's constant-score range gives it."""
        values = self.ranker.column(self.number, self.reader, q.fieldname)
        field = self.reader.schema[q.fieldname]
        mask = values != b""
        if q.start:
            low = field.to_bytes(q.start)
            mask &= (values > low) if q.startexcl else (values >= low)
        if q.end:
            high = field.to_bytes(q.end)
            mask &= (values < high) if q.endexcl else (values <= high)
        return _Matches(mask, mask * float(q.boost) if scored else None)

    def _bm25(self, fieldname: str, text: bytes, ids: np.ndarray,
              weights: np.ndarray) -> np.ndarray:
        """whoosh's BM25FScorer over arrays (a field without lengths scores its weights)."""
        top = self.searcher.get_parent()
        if not top.schema[fieldname].scorable:
            return weights
        default_b, k1, field_b = self.ranker.bm25
        b = field_b.get(fieldname, default_b)
        idf = top.idf(fieldname, text)
        average = top.avg_field_length(fieldname) or 1
        lengths = self.ranker.lengths(self.number, self.reader, fieldname)[ids]
        return idf * ((weights * (k1 + 1)) / (weights + k1 * ((1 - b) + b * lengths / average)))

    def _postings(self, fieldname: str, text: bytes, *, positions: bool = False
                  ) -> tuple[np.ndarray, np.ndarray, list[bytes]]:
        """A term's document numbers and weights on this segment (deleted ones included),
        and with `positions` each posting's encoded positions."""
        read = self.ranker.read
        key = (self.number, fieldname, text)
        if key in read and (read[key][2] or not positions):
            return read[key]
        matcher = self.reader.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deletions are masked once, by the caller
        ids, weights, values = whoosh_internals.block_postings(matcher, positions)
        read[key] = np.array(ids, dtype=np.int64), np.array(weights, dtype=np.float64), values
        return read[key]

    def _by_whoosh(self, q: query.Query, scored: bool) -> _Matches:
        """A part this module does not evaluate itself, matched by whoosh on this segment."""
        top = self.searcher.get_parent()
        context = top.context() if scored else top.boolean_context()
        matcher = q.matcher(self.searcher, context)
        found = self._nothing()
        ids: list[int] = []
        scores: list[float] = []
        while matcher.is_active():
            ids.append(matcher.id())
            if scored:
                scores.append(matcher.score())
            matcher.next()
        found.mask[ids] = True
        if scored:
            found.scores[ids] = scores
        return found


def _decoder(field):
    """The function that reads a posting's encoded positions in `field`."""
    return (whoosh_internals.decode_positions if type(field.format) is formats.Positions
            else field.format.decode_positions)


def _words_only(q: query.Query) -> bool:
    """Whether a query is plain terms under AND / OR (cheap to read: no positions)."""
    if isinstance(q, query.Term):
        return not isinstance(q, Outside)
    return type(q) in (query.And, query.Or) and all(_words_only(sub) for sub in q.subqueries)


def _common(lists: list[np.ndarray]) -> np.ndarray:
    """The document numbers in every one of several sorted lists, the shortest first."""
    lists = sorted(lists, key=len)
    found = lists[0]
    for ids in lists[1:]:
        if not len(found):
            break
        at = np.searchsorted(ids, found)
        found = found[(at < len(ids)) & (ids[np.minimum(at, len(ids) - 1)] == found)]
    return found


def _first(docnum: np.ndarray, key: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the `limit` (≥ 1) smallest keys, in order; equal keys in index order."""
    if len(key) > limit:  # only what can reach the first `limit` is sorted
        bound = np.partition(key, limit - 1)[limit - 1]
        candidates = np.flatnonzero(key <= bound)
    else:
        candidates = np.arange(len(key))
    return candidates[np.lexsort((docnum[candidates], key[candidates]))[:limit]]


def _counts(values: np.ndarray) -> dict[str, int]:
    """How many times each value occurs (documents without one left out)."""
    found, counts = np.unique(values, return_counts=True)
    return {value.decode("utf-8"): int(count) for value, count in zip(found, counts) if value}



class WhooshRanker:
    """`BulkRanker`'s answers from whoosh's own search, scoring every match: the fallback
    when whoosh's internals are not what the bulk ranker reads (`whoosh_internals`)."""

    def __init__(self, searcher):
        self.searcher = searcher

    def rank(self, q: query.Query, *, limit: int, filter_: query.Query | None = None,
             sort_by: str | None = None, reverse: bool = False,
             facets: dict[str, str] | None = None) -> Ranked:
        facets = facets or {}
        excluded = []
        # whoosh's AND NOT matcher can let an excluded first document through; its mask
        # excludes exactly
        while isinstance(q, query.AndNot):
            q, excluded = q.a, excluded + [q.b]
        found = self.searcher.search(
            q, limit=None, filter=filter_, optimize=False,
            mask=query.Or(excluded) if excluded else None,
            # equal keys in index order either way, as BulkRanker orders them
            sortedby=sorting.FieldFacet(sort_by, reverse=reverse) if sort_by else None,
            groupedby={name: sorting.FieldFacet(field, maptype=sorting.Count)
                       for name, field in facets.items()} or None)
        first = found[:limit] if limit > 0 else []
        groups = {name: {value: count for value, count in found.groups(name).items() if value}
                  for name in facets}
        return Ranked(len(found), [hit.docnum for hit in first],
                      [hit.score if sort_by is None else 0.0 for hit in first], groups)


def ranker(searcher) -> BulkRanker | WhooshRanker:
    """The bulk ranker on `searcher`, or whoosh's own search if its internals differ."""
    return BulkRanker(searcher) if whoosh_internals.supported() else WhooshRanker(searcher)
