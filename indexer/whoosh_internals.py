"""Every read of whoosh3's private internals, in a few functions checked once per process
(the writing side, whoosh's posting writer, is `indexer.whoosh_postings`).

The bulk ranker (`indexer.whoosh_bulk`) reads posting blocks, stored field lengths, encoded
positions and BM25F's per-field parameters the way whoosh3's on-disk codec lays them out.
None of that is whoosh's public interface: a release may change it. `supported()` builds a
small index in memory and compares what these functions read with what whoosh's public
matcher and reader interfaces say; when anything differs, or a name is gone, the engine
ranks with whoosh's own search instead (slower, same hits).
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from itertools import accumulate
from pickle import loads

import numpy as np
from whoosh import fields, formats
from whoosh.filedb.filestore import RamStorage
from whoosh.util.numeric import byte_to_length

#: whoosh's one-byte field lengths, decoded (index = the stored byte).
LENGTH_OF_BYTE = np.array([byte_to_length(b) for b in range(256)], dtype=np.float64)

log = logging.getLogger(__name__)


def bm25_parameters(weighting) -> tuple[float, float, dict[str, float]]:
    """BM25F's B, K1 and per-field B (the last only kept privately by whoosh)."""
    return weighting.B, weighting.K1, weighting._field_B


def block_postings(matcher, positions: bool) -> tuple[list[int], list[float], list[bytes]]:
    """A leaf matcher's postings read a block at a time (document numbers, weights and,
    with `positions`, each posting's encoded value); other matchers one posting at a time."""
    ids: list[int] = []
    weights: list[float] = []
    values: list[bytes] = []
    if _leaf_matcher() is not None and isinstance(matcher, _leaf_matcher()):
        while matcher.is_active():
            matcher._read_ids()
            matcher._read_weights()
            ids.extend(matcher._ids)
            weights.extend(matcher._weights)
            if positions:
                matcher._read_values()
                values.extend(matcher._values)
            matcher._next_block()
        return ids, weights, values
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        if positions:
            values.append(matcher.value())
        matcher.next()
    return ids, weights, values


def stored_lengths(reader, fieldname: str) -> np.ndarray:
    """Every document's length in `fieldname` on one segment, read as one slice of the
    lengths column."""
    size = reader.doc_count_all()
    raw = length_bytes(reader._perdoc, fieldname)[:size]
    stored = np.zeros(size, dtype=np.uint8)
    stored[:len(raw)] = np.frombuffer(raw, dtype=np.uint8)
    return LENGTH_OF_BYTE[stored]


def length_bytes(perdoc, fieldname: str) -> bytes:
    """Each document's stored one-byte length in `fieldname` (0: none) from a segment's
    per-document reader, in one read of its lengths column; empty when it has none."""
    from whoosh.codec.whoosh3 import LENGTHS_COLUMN

    column = perdoc._cached_reader(f"_{fieldname}_len", LENGTHS_COLUMN)
    return b"" if column is None else column._dbfile.get(column._basepos, column._count)


def decode_positions(value: bytes) -> list[int]:
    """whoosh's `Positions.decode_positions` with the running sum done in C: a posting's
    value is its position count (4 bytes), then the pickled gaps between positions, whose
    final stop byte whoosh may leave off."""
    return list(accumulate(loads(value[4:] if value.endswith(b".") else value[4:] + b".")))


def _unfiltered(reader, text: bytes):
    """The body field's postings of `text`, deleted documents included."""
    from whoosh.matching.wrappers import FilterMatcher

    matcher = reader.postings("body", text)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _leaf_matcher():
    try:
        from whoosh.codec.whoosh3 import W3LeafMatcher
    except ImportError:
        return None
    return W3LeafMatcher


@functools.cache
def supported() -> bool:
    """Whether the functions above read what whoosh's public interfaces report (checked
    once per process; a mismatch is logged once)."""
    return passes(_mismatch, "this whoosh's internals differ from what the fast ranker reads",
                  "searching with whoosh's own matcher (slower, same hits)")


def passes(mismatch: Callable[[], str | None], differs: str, instead: str) -> bool:
    """Whether `mismatch()` finds nothing; what it finds (or raises) is logged once as
    "khabar: DIFFERS (what); INSTEAD"."""
    try:
        problem = mismatch()
    except Exception as err:  # a renamed attribute, a changed layout: any failure counts
        problem = f"{type(err).__name__}: {err}"
    if problem:
        log.warning("khabar: %s (%s); %s", differs, problem, instead)
    return not problem


def _mismatch() -> str | None:
    """What differs between the private reads and the public interface on a small index
    of two segments, one with a deleted document; None when nothing does."""
    from whoosh import scoring

    ix = RamStorage().create_index(fields.Schema(
        id=fields.ID(stored=True), body=fields.TEXT(phrase=True)))
    words = "water bread council market amuda raqqa".split()
    for batch in range(2):
        with ix.writer() as writer:
            for n in range(150):  # more postings than one block holds
                body = [words[(n * k + batch) % len(words)] for k in range(1, 3 + n % 40)]
                writer.add_document(id=f"{batch}-{n}", body=" ".join(body))
    with ix.writer() as writer:
        writer.delete_by_term("id", "0-7")
    if _leaf_matcher() is None:
        return "no whoosh3 leaf matcher"
    _, _, field_b = bm25_parameters(scoring.BM25F(body_B=0.5))
    if field_b != {"body": 0.5}:
        return "BM25F's per-field B"
    with ix.searcher() as searcher:
        for sub, _ in searcher.leaf_searchers():
            reader = sub.reader()
            lengths = stored_lengths(reader, "body")
            for docnum in range(reader.doc_count_all()):
                if lengths[docnum] != reader.doc_field_length(docnum, "body", 0):
                    return "stored field lengths"
            field = reader.schema["body"]
            if type(field.format) is not formats.Positions:
                return "the positions format"
            for word in words:
                text = field.to_bytes(word)
                ids, weights, values = block_postings(_unfiltered(reader, text), True)
                public = _unfiltered(reader, text)
                expected = []
                while public.is_active():
                    expected.append((public.id(), public.weight(), public.value_as("positions")))
                    public.next()
                if [(i, w, decode_positions(v)) for i, w, v in zip(ids, weights, values)] \
                        != [(i, w, list(p)) for i, w, p in expected]:
                    return "posting blocks"
    return None
