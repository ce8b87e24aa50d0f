"""whoosh3's posting writer: the same bytes at a fraction of the cost.

At commit whoosh writes every term of the new segment through about ten Python calls a
term and four a posting (`FieldWriter.add_postings` → `start_term`, `add`, `finish_term` →
`W3PostingsWriter._write_block`, `W3TermInfo.to_bytes`, `OrderedHashWriter.add`). Real
news pages bring some 300 distinct terms each (`text`, `stem`, `keys`, `pairs`), most of
them found in one article only, so that bookkeeping was two thirds of indexing a crawl.
`FastPostingsCodec` writes the same posting blocks, term infos and terms table in one loop
a term, with a shortcut for a term of one posting. Nothing on disk changes: the segments
name whoosh's own codec, and any whoosh reads them. None of this is whoosh's public
interface: `codec()` compares the files both writers make of a small index once a process,
and where they differ (a whoosh release changed its layout) the index writes with whoosh's own.
"""
from __future__ import annotations

import functools
import zlib
from array import array
from pickle import dumps

from whoosh.codec import whoosh3
from whoosh.system import emptybytes, pack_int, pack_long, pack_ushort

from indexer import whoosh_internals

_TERM_INFO = whoosh3.W3TermInfo._struct
_KEY_VALUE_LENGTHS = whoosh3.filetables._lengths
_HASH_SLOT = whoosh3.filetables._pointer


def codec():
    """The codec an index writer is given: the fast one where it writes what whoosh's own
    writes, else None (whoosh's default)."""
    return FastPostingsCodec() if _supported() else None


@functools.cache
def _supported() -> bool:
    return whoosh_internals.passes(
        _mismatch, "this whoosh's writer differs from what the fast posting writer writes",
        "indexing with whoosh's own (slower, same index)")


def _mismatch() -> str | None:
    """The first file that differs between an index written by whoosh's own codec and by
    the fast one (the same documents: one-posting terms and terms of several blocks,
    boosts, the three posting formats, a deletion and a merge); None when none does."""
    from whoosh import fields
    from whoosh.filedb.filestore import RamStorage

    written = []
    for kind in (whoosh3.W3Codec, FastPostingsCodec):
        storage = RamStorage()
        ix = storage.create_index(fields.Schema(
            id=fields.ID(stored=True), body=fields.TEXT(phrase=True),
            title=fields.TEXT(phrase=False, field_boost=1.5), tags=fields.KEYWORD))
        words = "water bread council market amuda raqqa".split()
        for batch in range(2):
            # blocks of 8 postings, so that 30 documents make terms of several blocks
            writer = ix.writer(codec=kind(blocklimit=8), compound=False)
            for n in range(30):
                body = [words[(n * k + batch) % len(words)] for k in range(1, 3 + n % 11)]
                writer.add_document(id=f"{batch}-{n}", body=" ".join(body),
                                    title=f"t{n} {words[n % 6]} {words[n % 6]}",
                                    tags=f"tag{n % 3} once{batch}x{n}")
            if batch:
                writer.delete_by_term("id", "0-7")
            writer.commit(optimize=bool(batch))
        written.append({name.split(".", 1)[-1]: storage.open_file(name).read()
                        for name in storage.list() if not name.endswith(".toc")
                        and not name.endswith("LOCK")})
    plain, fast = written
    if plain.keys() != fast.keys():
        return "the files of a segment"
    return next((f"the {name} file" for name in plain if plain[name] != fast[name]), None)


class FastPostingsCodec(whoosh3.W3Codec):
    """whoosh3's codec with the fast field writer; its segments record a plain W3Codec."""

    def field_writer(self, storage, segment):
        return FastFieldWriter(self, storage, segment)

    def new_segment(self, storage, indexname):
        plain = whoosh3.W3Codec(self._blocklimit, self._compression, self._inlinelimit)
        return plain.new_segment(storage, indexname)


class FastFieldWriter(whoosh3.W3FieldWriter):
    def add_postings(self, schema, lengths, items):
        """Write the segment's postings, sorted by (field, term, document), as whoosh3 does."""
        codec = self._codec
        if codec._inlinelimit > 1:  # inlined postings: whoosh's own path
            return super().add_postings(schema, lengths, items)
        postings = _PostingWriter(self._postfile, codec._blocklimit, codec._compression)
        table = _TermTable(self._tindex)
        fieldmap = self._fieldmap
        field = term = None
        prefix = emptybytes
        ids: list[int] = []
        weights: list[float] = []
        values: list[bytes] = []
        for fieldname, btext, docnum, weight, value in items:
            if btext != term or fieldname != field:
                if ids:
                    table.add(prefix + term, postings.write(ids, weights, values))
                    ids, weights, values = [], [], []
                if fieldname != field:
                    field = fieldname
                    prefix = pack_ushort(fieldmap.setdefault(fieldname, len(fieldmap)))
                    postings.start_field(schema[fieldname].format, whoosh_internals.length_bytes(
                        lengths, fieldname) if lengths else emptybytes)
                term = btext
            if docnum == -1:  # a spelling-graph entry, not a posting (whoosh skips it too)
                continue
            ids.append(docnum)
            weights.append(weight)
            values.append(value)
        if ids:
            table.add(prefix + term, postings.write(ids, weights, values))
        postings.finish()
        table.finish()


class _PostingWriter:
    """Posting blocks into the .pst file; `write` returns the term's info bytes."""

    def __init__(self, postfile, blocklimit: int, compression: int):
        self.file = _Appender(postfile)
        self.blocklimit = blocklimit
        self.compression = compression
        self.float32: dict[float, float] = {}

    def start_field(self, format_, length_bytes: bytes) -> None:
        fixed = format_.fixed_value_size()
        # how a block stores its values: a tuple, nothing, or one joined string
        self.values_as = tuple if fixed is None or fixed < 0 else (None if fixed == 0 else b"".join)
        self.lengths = length_bytes

    def _stored(self, weight: float) -> float:
        """`weight` as whoosh's float32 array holds it."""
        stored = self.float32.get(weight)
        if stored is None:
            stored = self.float32[weight] = array("f", (weight,))[0]
        return stored

    def _length_byte(self, docnum: int) -> int:
        lengths = self.lengths
        return lengths[docnum] if docnum < len(lengths) else 0

    def write(self, ids: list[int], weights: list[float], values: list[bytes]) -> bytes:
        if len(ids) == 1:
            return self._single(ids[0], weights[0], values[0])
        return self._blocks(ids, weights, values)

    def _single(self, docnum: int, weight: float, value: bytes | None) -> bytes:
        stored = self._stored(weight)
        length = self._length_byte(docnum)
        values_as = self.values_as
        block_values = None if values_as is None else values_as((value,) if value else ())
        max_weight = weight if weight > 0 else 0
        start = self._append(whoosh3.WHOOSH3_HEADER_MAGIC, *self._block(
            ((docnum,), None if stored == 1.0 else stored, block_values),
            (1, docnum, max_weight), length, length, last=True))
        return _TERM_INFO.pack(False, 0 + stored, 1, length, length, max_weight,
                               docnum, docnum) + start

    def _blocks(self, ids: list[int], weights: list[float], values: list[bytes]) -> bytes:
        chunks = [whoosh3.WHOOSH3_HEADER_MAGIC]
        total_weight = 0
        min_length = max_length = 0
        max_weight = 0
        limit, count, values_as = self.blocklimit, len(ids), self.values_as
        for first in range(0, count, limit):
            block_ids = ids[first:first + limit]
            raw = weights[first:first + limit]
            stored = array("f", raw)
            block_max_weight = 0
            for weight in raw:
                if weight > block_max_weight:
                    block_max_weight = weight
            known = [b for b in map(self._length_byte, block_ids) if b]
            low, high = (min(known), max(known)) if known else (0, 0)
            total_weight += sum(stored)
            min_length = low if not min_length else min(min_length, low or min_length)
            max_length = max(max_length, high)
            max_weight = max(max_weight, block_max_weight)
            if all(w == 1.0 for w in stored):
                block_weights = None
            elif all(w == stored[0] for w in stored):
                block_weights = stored[0]
            else:
                block_weights = tuple(stored)
            block_values = None if values_as is None else values_as(
                [v for v in values[first:first + limit] if v])
            previous = [0, *block_ids[:-1]]
            deltas = tuple(d - p for d, p in zip(block_ids, previous))
            chunks += self._block((deltas, block_weights, block_values),
                                  (len(block_ids), block_ids[-1], block_max_weight), low, high,
                                  last=first + limit >= count)
        start = self._append(*chunks)
        return _TERM_INFO.pack(False, total_weight, count, min_length, max_length, max_weight,
                               ids[0], ids[-1]) + start

    def _block(self, postings: tuple, stats: tuple, low: int, high: int, *,
               last: bool) -> tuple[bytes, bytes, bytes]:
        """One block as whoosh3 lays it out: its size (negative for a term's last block), its
        info (postings, last id, highest weight, compression, length bytes) and its pickled
        postings, compressed when long enough for that to pay."""
        data = dumps(postings, 2)
        comp = self.compression if len(data) >= whoosh3.COMPRESSION_MIN_SIZE else 0
        if comp:
            data = zlib.compress(data, comp)
        info = dumps((*stats, comp, low, high), 2)
        size = len(info) + len(data)
        return pack_int(-size if last else size), info, data

    def _append(self, *chunks: bytes) -> bytes:
        """Queue the term's bytes; its (offset, length) pointer as whoosh3's term info ends."""
        blob = emptybytes.join(chunks)
        return pack_long(self.file.append(blob)) + pack_int(len(blob))

    def finish(self) -> None:
        self.file.finish()


class _Appender:
    """Rows written to a file in batches, each row's offset known without asking the file."""

    def __init__(self, file):
        self.file = file
        self.offset = file.tell()
        self.pending: list[bytes] = []

    def append(self, row: bytes) -> int:
        """Queue `row`; where in the file it starts."""
        start = self.offset
        self.pending.append(row)
        self.offset += len(row)
        if len(self.pending) >= 4096:
            self.finish()
        return start

    def finish(self) -> None:
        self.file.write(emptybytes.join(self.pending))
        self.pending.clear()


class _TermTable:
    """Rows of the ordered hash file of terms (.trm), as `OrderedHashWriter.add` writes
    them, with the file position kept here instead of asked of the file each row."""

    def __init__(self, table):
        self.table = table
        table._write_hashes = lambda: _write_hashes(table)  # run by table.close()
        self.file = _Appender(table.dbfile)
        self.hash = table.hashfn
        self.last = table.lastkey

    def add(self, key: bytes, value: bytes) -> None:
        if key <= self.last:
            raise ValueError(f"Keys must increase: {self.last!r}..{key!r}")
        position = self.file.append(_KEY_VALUE_LENGTHS.pack(len(key), len(value)) + key + value)
        self.table.index.append(position)
        digest = self.hash(key)
        self.table.buckets[digest & 255].append((digest, position))
        self.last = key

    def finish(self) -> None:
        self.file.finish()
        self.table.lastkey = self.last


def _write_hashes(table) -> None:
    """`HashWriter._write_hashes` with each bucket's table written in one call: 256 open-
    addressing tables of (hash, position) slots, twice as many slots as keys."""
    dbfile, empty = table.dbfile, (0, 0)
    for entries in table.buckets:
        slots = [empty] * (2 * len(entries))
        table.directory.append((dbfile.tell(), len(slots)))
        for digest, position in entries:
            slot = (digest >> 8) % len(slots)
            while slots[slot] != empty:
                slot = (slot + 1) % len(slots)
            slots[slot] = (digest, position)
        dbfile.write(emptybytes.join(_HASH_SLOT.pack(*entry) for entry in slots))
