"""The archive's SQLite database: the only code in khabar that speaks SQL.

An archive keeps three things: the ledger of inputs it has read (keyed by
content hash, so a renamed copy is still recognised), every capture's raw
bytes (zlib-compressed, re-verifiable against their sha256), and the cleaned
articles. An article has a short id that never changes, so re-cleaning and
re-indexing keep every link and saved search valid.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from archive.errors import ArchiveError
from archive.model import Article, Capture

SCHEMA = """
CREATE TABLE IF NOT EXISTS inputs (
    hash        TEXT PRIMARY KEY,   -- sha256 of the input file's bytes
    path        TEXT NOT NULL,      -- where it was read from the first time
    crawl       TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,               -- NULL while (or if) the add was interrupted
    added       INTEGER NOT NULL DEFAULT 0,
    duplicates  INTEGER NOT NULL DEFAULT 0,
    rejected    INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    errors      TEXT NOT NULL DEFAULT '[]'  -- JSON list of one-line reasons
);
CREATE TABLE IF NOT EXISTS captures (
    id           INTEGER PRIMARY KEY,
    url          TEXT NOT NULL,
    digest       TEXT NOT NULL,     -- sha256 of raw, checked by `khabar verify`
    kind         TEXT NOT NULL,
    raw          BLOB NOT NULL,     -- zlib-compressed bytes as crawled
    http_headers TEXT NOT NULL,
    captured_at  TEXT,
    crawl        TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    record_id    TEXT,
    offset       INTEGER,
    article_id   TEXT,              -- NULL until cleaned; stays NULL when rejected
    outcome      TEXT,              -- added | updated | duplicates | rejected, once cleaned
    error        TEXT,              -- why the cleaner rejected it
    UNIQUE (url, digest)
);
CREATE TABLE IF NOT EXISTS articles (
    id            TEXT PRIMARY KEY,
    canonical_url TEXT NOT NULL UNIQUE,
    url           TEXT NOT NULL,
    title         TEXT NOT NULL,
    text          TEXT NOT NULL,
    lang          TEXT NOT NULL,
    date          TEXT,
    author        TEXT,
    source        TEXT,
    place         TEXT,
    captions      TEXT NOT NULL DEFAULT '[]',
    text_hash     TEXT NOT NULL,
    simhash       INTEGER NOT NULL,
    near_of       TEXT,              -- id of the article this one nearly duplicates
    crawl         TEXT NOT NULL,
    archived_at   TEXT NOT NULL,
    indexed       INTEGER NOT NULL DEFAULT 0  -- 0 until the index holds this version
);
CREATE INDEX IF NOT EXISTS articles_text_hash ON articles (text_hash);
CREATE INDEX IF NOT EXISTS articles_order ON articles (archived_at, id);
CREATE INDEX IF NOT EXISTS articles_unindexed ON articles (indexed) WHERE indexed = 0;
CREATE INDEX IF NOT EXISTS captures_article ON captures (article_id);
CREATE TABLE IF NOT EXISTS simhash_bands (
    band       INTEGER NOT NULL,    -- band number * 2**16 + the band's 16 bits
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS simhash_bands_band ON simhash_bands (band);
CREATE TABLE IF NOT EXISTS versions (   -- earlier texts of an article that was edited
    article_id TEXT NOT NULL,
    capture_id INTEGER NOT NULL,     -- the capture this text was cleaned from
    title      TEXT NOT NULL,
    text       TEXT NOT NULL,
    indexed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, capture_id)
);
CREATE TABLE IF NOT EXISTS saved_searches (
    name     TEXT PRIMARY KEY,
    query    TEXT NOT NULL,
    options  TEXT NOT NULL DEFAULT '{}',  -- JSON: exact, since, until, sort, limit
    created  TEXT NOT NULL,
    last_run TEXT                        -- when `saved run` last ran it
);
"""

#: The fewest leading characters of an id that `find_articles` matches as a prefix.
MIN_ID_PREFIX = 4


def now() -> str:
    """UTC, to the microsecond: `saved run --new` tells apart articles added a moment apart."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def version_id(article_id: str, capture_id: int) -> str:
    """The id an earlier text of an article has in the index and in `khabar show`."""
    return f"{article_id}@{capture_id}"


def article_id_for(canonical_url: str) -> str:
    """Ten base32 characters of the canonical URL's hash: short to type, stable forever."""
    digest = hashlib.sha1(canonical_url.encode("utf-8")).digest()
    return base64.b32encode(digest).decode("ascii")[:10].lower()


@dataclass(kw_only=True)
class StoredArticle(Article):
    """An article as the archive holds it, with its id and provenance; what the index reads."""

    id: str
    crawl: str
    archived_at: str
    near_of: str | None
    #: for an earlier text of an edited article: when its capture was made (or "undated")
    version: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, **super().to_dict(), "crawl": self.crawl,
                "archived_at": self.archived_at, "near_of": self.near_of, "version": self.version}


@dataclass(frozen=True)
class CaptureState:
    id: int
    pending: bool       # stored by a run that was killed before cleaning it
    source_file: str    # the input that brought it


class StoreError(ArchiveError, RuntimeError):
    """The archive's database is missing, locked or unreadable."""


class Store:
    """One SQLite database file; every read and write of the archive goes through here."""

    def __init__(self, path: Path, *, create: bool = True):
        if not create and not path.exists():
            raise StoreError(f"no archive database at {path}")
        try:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.executescript(SCHEMA)
        except sqlite3.DatabaseError as err:
            raise StoreError(f"cannot open archive database {path}: {err}") from err

    def close(self) -> None:
        self.db.close()

    def transaction(self):
        """`with store.transaction():` — all or nothing, so a crash never half-writes."""
        return _Transaction(self.db)

    # -- the ledger ------------------------------------------------------------
    def input_finished(self, content_hash: str) -> bool:
        row = self.db.execute(
            "SELECT finished_at FROM inputs WHERE hash = ?", (content_hash,)
        ).fetchone()
        return row is not None and row["finished_at"] is not None

    def start_input(self, content_hash: str, path: str, crawl: str) -> None:
        self.db.execute(
            "INSERT INTO inputs (hash, path, crawl, started_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (hash) DO NOTHING",
            (content_hash, path, crawl, now()),
        )

    def save_input(self, content_hash: str, source_file: str, skipped: int, read_errors: list[str],
                   *, finished: bool) -> None:
        """Record an input's counts, taken from what the archive holds of it.

        Counting stored outcomes rather than events keeps the counts exact when an
        interrupted add is run again. `skipped` (records that are no articles) and
        `read_errors` come from reading the whole input, so a re-read replaces them;
        `rejected` counts both the read errors and the captures the cleaner rejected, as
        many as the errors listed.
        Only an input read to the end is `finished`: an interrupted one is read again.
        """
        counts = dict(self.db.execute(
            "SELECT outcome, COUNT(*) FROM captures WHERE source_file = ? AND outcome IS NOT NULL"
            " GROUP BY outcome", (source_file,)).fetchall())
        rejections = [row[0] for row in self.db.execute(
            "SELECT error FROM captures WHERE source_file = ? AND outcome = 'rejected'"
            " ORDER BY id", (source_file,))]
        self.db.execute(
            "UPDATE inputs SET finished_at = CASE WHEN ? THEN ? ELSE finished_at END,"
            " added = ?, duplicates = ?, rejected = ?, skipped = ?, errors = ? WHERE hash = ?",
            (finished, now(), counts.get("added", 0), counts.get("duplicates", 0),
             counts.get("rejected", 0) + len(read_errors), skipped,
             json.dumps(read_errors + rejections, ensure_ascii=False), content_hash),
        )

    def inputs(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM inputs ORDER BY started_at, path").fetchall()
        return [dict(row) | {"errors": json.loads(row["errors"])} for row in rows]

    # -- captures --------------------------------------------------------------
    def capture_state(self, capture: Capture) -> CaptureState | None:
        """Whether this capture is archived, and whether a killed run left it uncleaned."""
        row = self.db.execute(
            "SELECT id, outcome IS NULL AS pending, source_file FROM captures"
            " WHERE url = ? AND digest = ?", (capture.url, capture.digest)).fetchone()
        return CaptureState(row["id"], bool(row["pending"]), row["source_file"]) if row else None

    def article_of_capture(self, capture_id: int) -> str | None:
        row = self.db.execute(
            "SELECT article_id FROM captures WHERE id = ?", (capture_id,)).fetchone()
        return row["article_id"] if row else None

    def put_capture(self, capture: Capture, crawl: str) -> int:
        cursor = self.db.execute(
            "INSERT INTO captures (url, digest, kind, raw, http_headers, captured_at, crawl,"
            " source_file, record_id, offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (capture.url, capture.digest, capture.kind, zlib.compress(capture.raw, 6),
             capture.http_headers, capture.captured_at, crawl, capture.source_file,
             capture.record_id, capture.offset),
        )
        return cursor.lastrowid

    def reject_capture(self, capture_id: int, reason: str) -> None:
        """Record why the cleaner found no article (`reason` names the record)."""
        self.db.execute("UPDATE captures SET error = ?, outcome = 'rejected' WHERE id = ?",
                        (reason, capture_id))

    def iter_captures(self, crawl: str | None = None) -> Iterator[tuple[int, Capture, str]]:
        """Every stored capture, oldest first, as (capture id, Capture, crawl)."""
        sql = "SELECT * FROM captures" + (" WHERE crawl = ?" if crawl else "") + " ORDER BY id"
        for row in self.db.execute(sql, (crawl,) if crawl else ()):
            yield row["id"], _capture_from_row(row), row["crawl"]

    def captures_of(self, article_id: str) -> list[dict]:
        rows = self.db.execute(
            "SELECT id, url, digest, kind, captured_at, crawl, source_file, record_id, offset"
            " FROM captures WHERE article_id = ? ORDER BY captured_at, id", (article_id,)
        ).fetchall()
        return [dict(row) for row in rows]

    def capture_records(self, article_id: str) -> list[Capture]:
        """The article's captures with their bytes, oldest first (for a WARC export)."""
        rows = self.db.execute(
            "SELECT * FROM captures WHERE article_id = ? ORDER BY captured_at, id", (article_id,))
        return [_capture_from_row(row) for row in rows]

    # -- articles --------------------------------------------------------------
    def find_article(self, canonical_url: str, text_hash: str) -> str | None:
        """The id of the article this one duplicates: same canonical URL or same text."""
        row = self.db.execute(
            "SELECT id FROM articles WHERE canonical_url = ? OR text_hash = ? LIMIT 1",
            (canonical_url, text_hash),
        ).fetchone()
        return row["id"] if row else None

    def near_duplicate_candidates(self, bands: Iterable[int]) -> list[tuple[str, int]]:
        bands = list(bands)
        marks = ",".join("?" * len(bands))
        rows = self.db.execute(
            f"SELECT DISTINCT a.id, a.simhash FROM simhash_bands b JOIN articles a"
            f" ON a.id = b.article_id WHERE b.band IN ({marks})", bands,
        ).fetchall()
        return [(row["id"], row["simhash"]) for row in rows]

    def insert_article(self, article: Article, *, canonical_url: str, text_hash: str,
                       simhash: int, bands: Iterable[int], near_of: str | None,
                       crawl: str) -> str:
        article_id = article_id_for(canonical_url)
        self.db.execute(
            "INSERT INTO articles (id, canonical_url, url, title, text, lang, date, author,"
            " source, place, captions, text_hash, simhash, near_of, crawl, archived_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (article_id, canonical_url, article.url, article.title, article.text, article.lang,
             article.date, article.author, article.source, article.place,
             json.dumps(article.captions, ensure_ascii=False), text_hash,
             _signed64(simhash), near_of, crawl, now()),
        )
        self.db.executemany(
            "INSERT INTO simhash_bands (band, article_id) VALUES (?, ?)",
            [(band, article_id) for band in bands],
        )
        return article_id

    def update_article(self, article_id: str, article: Article, *, text_hash: str,
                       simhash: int, bands: Iterable[int]) -> None:
        """Replace an article's cleaned fields (reclean) and queue it for re-indexing."""
        self.db.execute(
            "UPDATE articles SET title = ?, text = ?, lang = ?, date = ?, author = ?, source = ?,"
            " place = ?, captions = ?, text_hash = ?, simhash = ?, indexed = 0 WHERE id = ?",
            (article.title, article.text, article.lang, article.date, article.author,
             article.source, article.place, json.dumps(article.captions, ensure_ascii=False),
             text_hash, _signed64(simhash), article_id),
        )
        self.db.execute("DELETE FROM simhash_bands WHERE article_id = ?", (article_id,))
        self.db.executemany(
            "INSERT INTO simhash_bands (band, article_id) VALUES (?, ?)",
            [(band, article_id) for band in bands],
        )

    def article_by_url(self, canonical_url: str) -> tuple[str, str] | None:
        """The id and text hash of the article at this canonical URL."""
        row = self.db.execute("SELECT id, text_hash FROM articles WHERE canonical_url = ?",
                              (canonical_url,)).fetchone()
        return (row["id"], row["text_hash"]) if row else None

    def newest_capture(self, article_id: str, *, besides: int | None = None) -> int | None:
        """The article's latest capture (by capture time, then order of storing), whose
        text the article shows; `besides` leaves one capture out of the comparison."""
        row = self.db.execute(
            "SELECT id FROM captures WHERE article_id = ? AND id IS NOT ?"
            " ORDER BY COALESCE(captured_at, '') DESC, id DESC LIMIT 1",
            (article_id, besides)).fetchone()
        return row["id"] if row else None

    def is_newer(self, capture_id: int, than: int) -> bool:
        """Whether one capture was made after another (the later stored, at equal times)."""
        rows = dict(self.db.execute(
            "SELECT id, COALESCE(captured_at, '') FROM captures WHERE id IN (?, ?)",
            (capture_id, than)).fetchall())
        return (rows[capture_id], capture_id) > (rows[than], than)

    def keep_version(self, article_id: str, capture_id: int, title: str | None = None,
                     text: str | None = None) -> None:
        """Keep an earlier text of the article, cleaned from `capture_id` (the article's own
        title and text when none is given: it is about to be replaced)."""
        if text is None:
            self.db.execute(
                "INSERT OR REPLACE INTO versions (article_id, capture_id, title, text)"
                " SELECT id, ?, title, text FROM articles WHERE id = ?", (capture_id, article_id))
        else:
            self.db.execute(
                "INSERT OR REPLACE INTO versions (article_id, capture_id, title, text)"
                " VALUES (?, ?, ?, ?)", (article_id, capture_id, title, text))

    def has_version(self, article_id: str, capture_id: int) -> bool:
        return self.db.execute("SELECT 1 FROM versions WHERE article_id = ? AND capture_id = ?",
                               (article_id, capture_id)).fetchone() is not None

    def versions(self, article_id: str) -> list[StoredArticle]:
        """The article's earlier texts, oldest capture first."""
        return [_version_from_row(row) for row in self.db.execute(
            _VERSIONS + " WHERE v.article_id = ? ORDER BY COALESCE(c.captured_at, ''), c.id",
            (article_id,))]

    def iter_versions(self, *, unindexed_only: bool = False) -> Iterator[StoredArticle]:
        sql = _VERSIONS + " WHERE (v.article_id, v.capture_id) > (?, ?)" + (
            " AND v.indexed = 0" if unindexed_only else "")
        after = ("", 0)
        while rows := self.db.execute(sql + " ORDER BY v.article_id, v.capture_id LIMIT 500",
                                      after).fetchall():
            for row in rows:
                yield _version_from_row(row)
            after = (rows[-1]["article_id"], rows[-1]["capture_id"])

    def attach_capture(self, capture_id: int, article_id: str, outcome: str) -> None:
        """Link a capture to its article; `outcome` says whether it made a new one."""
        self.db.execute(
            "UPDATE captures SET article_id = ?, outcome = ?, error = NULL WHERE id = ?",
            (article_id, outcome, capture_id))

    def get_article(self, article_id: str) -> StoredArticle | None:
        """An article, or one earlier text of it by its version id (`abc@12`)."""
        return self.get_articles([article_id]).get(article_id)

    def find_articles(self, reference: str, canonical_url: str) -> list[str]:
        """Ids of the articles `reference` names: an id, a URL (as captured, or by its
        `canonical_url`), else the start of an id (several ids when it is ambiguous)."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE id = ? OR canonical_url = ? UNION"
            " SELECT article_id FROM captures WHERE url = ? AND article_id IS NOT NULL",
            (reference.lower(), canonical_url, reference)).fetchall()
        if not rows and len(reference) >= MIN_ID_PREFIX:
            prefix = reference.lower().replace("\\", "").replace("%", "").replace("_", "")
            rows = self.db.execute("SELECT id FROM articles WHERE id LIKE ? ORDER BY id LIMIT 10",
                                   (prefix + "%",)).fetchall()
        return [row[0] for row in rows]

    def get_articles(self, ids: list[str]) -> dict[str, StoredArticle]:
        found: dict[str, StoredArticle] = {}
        for article_id, capture_id in _version_keys(ids):
            row = self.db.execute(_VERSIONS + " WHERE v.article_id = ? AND v.capture_id = ?",
                                  (article_id, capture_id)).fetchone()
            if row:
                found[version_id(article_id, capture_id)] = _version_from_row(row)
        ids = [i for i in ids if "@" not in i]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                found[row["id"]] = _article_from_row(row)
        return found

    def iter_articles(self, *, unindexed_only: bool = False) -> Iterator[StoredArticle]:
        sql = "SELECT * FROM articles WHERE (archived_at, id) > (?, ?)" + (
            " AND indexed = 0" if unindexed_only else "")
        # pages of rows by key, not one fetchall(): a large reindex must not hold every text in
        # memory, and the caller may write (mark_indexed) between pages
        after = ("", "")
        while rows := self.db.execute(sql + " ORDER BY archived_at, id LIMIT 500",
                                      after).fetchall():
            for row in rows:
                yield _article_from_row(row)
            after = (rows[-1]["archived_at"], rows[-1]["id"])

    def mark_indexed(self, ids: Iterable[str]) -> None:
        """Record that the index holds these articles and earlier texts (by version id)."""
        ids = list(ids)
        self.db.executemany("UPDATE articles SET indexed = 1 WHERE id = ?",
                            [(i,) for i in ids if "@" not in i])
        self.db.executemany("UPDATE versions SET indexed = 1 WHERE article_id = ? AND"
                            " capture_id = ?", _version_keys(ids))

    def mark_all_unindexed(self) -> None:
        self.db.execute("UPDATE articles SET indexed = 0")
        self.db.execute("UPDATE versions SET indexed = 0")

    def duplicates_of(self, article_id: str) -> list[str]:
        """Other articles grouped with this one as near-duplicates (either direction)."""
        rows = self.db.execute(
            "SELECT id FROM articles WHERE near_of = ? OR id = (SELECT near_of FROM articles"
            " WHERE id = ?) ORDER BY id", (article_id, article_id),
        ).fetchall()
        return [row["id"] for row in rows if row["id"] != article_id]

    def article_ids(self) -> set[str]:
        return {row[0] for row in self.db.execute("SELECT id FROM articles")}

    def version_ids(self, *, unindexed_only: bool = False) -> set[str]:
        """The index ids of every earlier text of an edited article."""
        return {version_id(row[0], row[1]) for row in self.db.execute(
            "SELECT article_id, capture_id FROM versions"
            + (" WHERE indexed = 0" if unindexed_only else ""))}

    def unindexed_ids(self) -> set[str]:
        """Articles (and earlier texts) an interrupted run stored but did not index yet."""
        return {row[0] for row in self.db.execute(
            "SELECT id FROM articles WHERE indexed = 0")} | self.version_ids(unindexed_only=True)

    def damaged_captures(self) -> Iterator[str]:
        """A line for every stored capture whose bytes no longer match their digest."""
        for row in self.db.execute("SELECT id, url, digest, raw FROM captures ORDER BY id"):
            try:
                raw = zlib.decompress(row["raw"])
            except zlib.error as err:
                yield f"capture {row['id']} ({row['url']}): stored bytes unreadable: {err}"
                continue
            if hashlib.sha256(raw).hexdigest() != row["digest"]:
                yield f"capture {row['id']} ({row['url']}): bytes differ from their sha256"

    # -- saved searches --------------------------------------------------------
    def save_search(self, name: str, query: str, options: dict) -> None:
        self.db.execute(
            "INSERT INTO saved_searches (name, query, options, created) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (name) DO UPDATE SET query = excluded.query, options = excluded.options",
            (name, query, json.dumps(options), now()))

    def saved_searches(self) -> list[dict]:
        rows = self.db.execute("SELECT * FROM saved_searches ORDER BY name").fetchall()
        return [dict(row) | {"options": json.loads(row["options"])} for row in rows]

    def saved_search(self, name: str) -> dict | None:
        return next((s for s in self.saved_searches() if s["name"] == name), None)

    def remove_search(self, name: str) -> bool:
        """Forget the saved search `name`; False when there is none by that name."""
        return self.db.execute("DELETE FROM saved_searches WHERE name = ?", (name,)).rowcount > 0

    def mark_saved_search_run(self, name: str, when: str) -> None:
        self.db.execute("UPDATE saved_searches SET last_run = ? WHERE name = ?", (when, name))

    def archived_after(self, ids: list[str], moment: str) -> set[str]:
        """Which of `ids` were archived after `moment` (for `saved run --new`)."""
        return {i for i, a in self.get_articles(ids).items() if a.archived_at > moment}

    # -- figures ---------------------------------------------------------------
    def counts(self) -> dict:
        one = self.db.execute
        by = {}
        for column, expr in (("source", "COALESCE(source, '')"), ("lang", "lang"),
                             ("month", "COALESCE(substr(date, 1, 7), '')")):
            rows = one(f"SELECT {expr} AS k, COUNT(*) AS n FROM articles GROUP BY k ORDER BY k")
            by[column] = {row["k"]: row["n"] for row in rows}
        return {
            "articles": one("SELECT COUNT(*) FROM articles").fetchone()[0],
            "captures": one("SELECT COUNT(*) FROM captures").fetchone()[0],
            "rejected_captures": one(
                "SELECT COUNT(*) FROM captures WHERE article_id IS NULL").fetchone()[0],
            "inputs": one("SELECT COUNT(*) FROM inputs").fetchone()[0],
            "by_source": by["source"], "by_lang": by["lang"], "by_month": by["month"],
        }


class _Transaction:
    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self):
        self.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, kind, value, traceback):
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
        return False


def _signed64(value: int) -> int:
    """SQLite integers are signed 64-bit; a simhash is unsigned."""
    return value - (1 << 64) if value >= (1 << 63) else value


def _capture_from_row(row: sqlite3.Row) -> Capture:
    return Capture(
        url=row["url"], raw=zlib.decompress(row["raw"]), kind=row["kind"],
        source_file=row["source_file"], http_headers=row["http_headers"],
        captured_at=row["captured_at"], record_id=row["record_id"], offset=row["offset"],
    )


#: An earlier text with the article's other fields and its capture's time.
_VERSIONS = ("SELECT v.article_id, v.capture_id, v.title, v.text, c.captured_at, a.* FROM versions v"
             " JOIN articles a ON a.id = v.article_id JOIN captures c ON c.id = v.capture_id")


def _version_keys(ids: Iterable[str]) -> list[tuple[str, int]]:
    """(article id, capture id) of each version id (`abc@12`) among `ids`."""
    keys = []
    for i in ids:
        article_id, _, capture = i.partition("@")
        if capture.isdigit():
            keys.append((article_id, int(capture)))
    return keys


def _version_from_row(row: sqlite3.Row) -> StoredArticle:
    article = _article_from_row(row)
    article.id = version_id(row["article_id"], row["capture_id"])
    article.title, article.text = row["title"], row["text"]
    article.version = row["captured_at"] or "undated"
    return article


def _article_from_row(row: sqlite3.Row) -> StoredArticle:
    return StoredArticle(
        id=row["id"], url=row["url"], title=row["title"], text=row["text"], lang=row["lang"],
        date=row["date"], author=row["author"], source=row["source"], place=row["place"],
        captions=json.loads(row["captions"]), crawl=row["crawl"],
        archived_at=row["archived_at"], near_of=row["near_of"],
    )
