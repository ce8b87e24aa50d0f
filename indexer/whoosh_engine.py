"""The embedded search engine: whoosh, behind khabar's `Engine` interface.

This is the only module that builds whoosh queries. What each word may match is
planned by `indexer.expansion` (engine-neutral); here the plan becomes whoosh
queries: a word an OR of its spellings and names, the spelling typed ranked first,
a run of words that forms a known multi-word name (`Deir ez-Zor`, `Ras al-Ain`) an
OR of phrases, a quoted phrase an OR of phrases or one span query.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterable
from pathlib import Path

from whoosh import fields, formats, index, qparser, query
from whoosh.query import spans
from whoosh.system import pack_uint

from indexer import names, query_syntax, whoosh_bulk, whoosh_fields, whoosh_postings
from indexer.analysis import chains, common_grams
from indexer.analysis.terms import document_terms, inside_sentence_key, term_keys, written_terms
from indexer.analysis.collation import sort_key
from indexer.engine import EngineHit, EngineResult, IndexDoc, IndexOutdated, QueryError
from indexer.expansion import (LONGEST_NAME, STEM_BOOST, Planner, WordPlan,
                               typed_with_foreign_letters)
from indexer.lexicon.common_words import CAPITALISING_LANGUAGES
from indexer.lexicon.phonetic import KEY_VERSION
from indexer.whoosh_phrase import Outside, Phrase
from indexer.whoosh_suggest import suggest

#: Fields whose words are names and spellings, expanded to variants in queries.
NAME_FIELDS = ("text", "title", "author", "place")
#: A quoted phrase whose words have at most this many combinations of spellings becomes an
#: OR of plain phrases; beyond it, one span query (slower per match, but one query).
MAX_PHRASE_FORMS = 64
#: How many of an article's most telling words `similar` searches for.
KEY_TERMS = 20
#: The `version` of an earlier text of an edited article (the article itself has none).
OLD_TEXT = "old"
#: The archive's own name entries, added with `khabar variants add`.
VARIANTS = "variants.tsv"
#: The file that names the live index folder, replaced atomically by `rebuild`.
CURRENT = "index.current"
#: whoosh's in-memory posting pool per writer, in its own estimate of megabytes: sized so
#: that one batch of `add` (COMMIT_EVERY articles) fits without spilling runs to temporary
#: files, which costs a pickle dump and load per posting (bench/scale/run.py measures it);
#: a bigger batch spills, memory stays bounded.
WRITER_POOL_MB = 160


class AnalysedText(fields.TEXT):
    """A TEXT field fed with the terms khabar read from the article itself
    (`document_terms`): one reading serves `text`, `stem`, `keys` and `pairs`, where whoosh
    would run a chain per field. The analyzer still reads query words, and a string value
    (whoosh's more-like-this, behind `similar`, picks key terms through `index(text)`)."""

    def index(self, value, **kwargs):
        if isinstance(value, str):
            yield from super().index(value, **kwargs)
            return
        boost = self.format.field_boost
        if isinstance(self.format, formats.Positions):
            encode = self.format.encode
            for term, where in value.items():
                yield term.encode("utf-8"), len(where), len(where) * boost, encode(where)
        else:
            for term, count in value.items():
                yield term.encode("utf-8"), count, count * boost, pack_uint(count)


def _keys_field(analyzer) -> AnalysedText:
    """The `keys` field, stamped with the phonetic key's version: an index keyed by another
    version finds the wrong candidates and must be rebuilt."""
    field = AnalysedText(analyzer=analyzer, phrase=False)
    field.key_version = KEY_VERSION
    return field


def _pairs_field(analyzer) -> AnalysedText:
    """The `pairs` field, stamped with the frequent-word list it was built with: an index
    built with another list lacks pairs a phrase is looked up by and must be rebuilt."""
    field = AnalysedText(analyzer=analyzer, phrase=False)
    field.list_version = common_grams.LIST_VERSION
    return field


def schema() -> fields.Schema:
    """The index's fields: every one a query may name (QUERY_FIELDS), the analysed forms
    behind them, and the exact values facets count (FACET_FIELDS)."""
    text = chains.text_analyzer()
    return fields.Schema(
        id=fields.ID(unique=True, stored=True),
        # `text` holds the title and the body, so that a plain word finds either.
        text=AnalysedText(analyzer=text, phrase=True),
        title=fields.TEXT(analyzer=text, phrase=True, field_boost=2.0),
        # light stems of ordinary words (only those that differ from the word), and the
        # cross-script phonetic keys of name candidates: see indexer.analysis.terms.DocumentTerms
        stem=AnalysedText(analyzer=text, phrase=False),
        keys=_keys_field(text),
        # two neighbouring words of which the first is frequent, as one term: see common_grams
        pairs=_pairs_field(text),
        author=fields.TEXT(analyzer=text, phrase=True),
        source=fields.TEXT(analyzer=text, phrase=True),
        place=fields.TEXT(analyzer=text, phrase=True),
        url=fields.ID,
        crawl=fields.ID,
        # exact values for filters, sorting and counting (facets)
        lang=fields.ID(sortable=True),
        date=fields.ID(sortable=True),
        week=fields.ID(sortable=True),
        month=fields.ID(sortable=True),
        year=fields.ID(sortable=True),
        source_name=fields.ID(sortable=True),
        place_name=fields.ID(sortable=True),
        # OLD_TEXT on an earlier text of an edited article, which only --all-versions finds
        version=fields.ID,
    )


class WhooshEngine:
    """An index in one folder of the archive."""

    def __init__(self, folder: Path, variants_file: Path | None = None):
        self.folder = folder
        #: the archive's own name entries (`khabar variants add`), beside the shipped gazetteer
        self.variants_file = variants_file
        self.ix = _open_or_create(folder)
        self._writer = None
        self._searcher = None
        self._ranker = None

    # -- writing ---------------------------------------------------------------
    def add(self, docs: Iterable[IndexDoc], *, new: bool = False) -> int:
        writer = self._writer_open()
        # replacing looks the id up in every segment through the writer's searcher, whose
        # readers keep what they read, so memory grows with the index: an article known to be
        # new is only added
        write = writer.add_document if new else writer.update_document
        written = 0
        for doc in docs:
            terms = document_terms(f"{doc.title}\n\n{doc.text}", doc.lang)
            write(
                id=doc.id, text=terms.positions, title=doc.title, stem=terms.stems,
                keys=terms.keys, pairs=terms.pairs,
                author=doc.author or "", source=doc.source or "", place=doc.place or "",
                url=doc.url, crawl=doc.crawl, version=OLD_TEXT if doc.version else "",
                **facet_values(doc),
            )
            written += 1
        return written

    def delete(self, ids: Iterable[str]) -> None:
        writer = self._writer_open()
        for doc_id in ids:
            writer.delete_by_term("id", doc_id)

    def commit(self) -> None:
        if self._writer is not None:
            self._writer.commit()
            self._writer = None

    def cancel(self) -> None:
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None

    def _writer_open(self):
        if self._writer is None:
            self._writer = self.ix.writer(limitmb=WRITER_POOL_MB, codec=whoosh_postings.codec())
        return self._writer

    # -- reading ---------------------------------------------------------------
    def ids(self) -> set[str]:
        return {fields_["id"] for fields_ in self._current_searcher().all_stored_fields()}

    def doc_count(self) -> int:
        return self.ix.doc_count()

    def search(self, query_text: str, *, limit: int = 10, offset: int = 0,
               variants: bool = True, sort: str = "relevance", since: str | None = None,
               until: str | None = None, facets: tuple[str, ...] = (),
               all_versions: bool = False) -> EngineResult:
        searcher = self._current_searcher()
        parsed = parse(query_text, searcher.schema)
        expansion = self._expansion(searcher, variants, query_text)
        final = expansion.rewrite(parsed)
        ranked = self._ranker.rank(
            final if all_versions else _current_only(final), limit=offset + limit,
            filter_=date_filter(since, until),
            sort_by=None if sort == "relevance" else "date", reverse=sort.startswith("-"),
            facets={name: FACET_FIELDS[name] for name in facets})
        hits = [EngineHit(searcher.stored_fields(docnum)["id"], score)
                for docnum, score in zip(ranked.docnums[offset:], ranked.scores[offset:])]
        total = ranked.total
        counted = {name: _sorted_counts(ranked.groups[name]) for name in facets}
        outside = 0 if total else self._outside_filters(final, since, until, all_versions)
        # nothing in the articles as they stand: their earlier texts may still have it
        earlier = 0 if total or all_versions else self._ranker.rank(
            final, limit=0, filter_=date_filter(since, until)).total
        suggestions = [] if total or outside or earlier else suggest(
            searcher, parsed, query_text, expansion.vocabulary, expansion.gazetteer)
        return EngineResult(total=total, hits=hits,
                            variants=expansion.planner.report(query_text),
                            terms=expansion.terms, facets=counted, suggestions=suggestions,
                            outside_filters=outside, in_earlier_texts=earlier)

    def _outside_filters(self, final: query.Query, since: str | None, until: str | None,
                         all_versions: bool) -> int:
        """How many documents the words alone match, for a search whose dates or filters
        (`--since`, `date:`, `lang:`, `url:`…) left nothing: then they, not the words, did."""
        words = whoosh_fields.without_filters(final)
        if words is None and not (since or until):
            return 0
        words = words or final
        return self._ranker.rank(words if all_versions else _current_only(words), limit=0).total

    def count(self, query_text: str | None, by: str, *, variants: bool = True,
              since: str | None = None, until: str | None = None) -> dict[str, int]:
        """Matching documents per value of `by` (one of FACETS), in collation order (dates
        in time order); every document if no query."""
        searcher = self._current_searcher()
        if query_text:
            q = self._expansion(searcher, variants, query_text).rewrite(
                parse(query_text, searcher.schema))
        else:
            q = query.Every()
        found = self._ranker.rank(_current_only(q), limit=0, filter_=date_filter(since, until),
                                  facets={by: FACET_FIELDS[by]})
        return dict(sorted(found.groups[by].items(), key=lambda kv: sort_key(kv[0])))

    def similar(self, doc_id: str, text: str, *, limit: int = 10) -> list[EngineHit]:
        """Documents most like `doc_id`, whose text is `text` (more-like-this)."""
        searcher = self._current_searcher()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return []
        found = searcher.more_like(docnum, "text", text=text, top=limit, numterms=KEY_TERMS,
                                   filter=query.Not(query.Term("version", OLD_TEXT)))
        return [EngineHit(hit["id"], hit.score) for hit in found]

    def _current_searcher(self):
        """A searcher kept open between searches and renewed when the index has changed:
        opening one reads every segment's files, a cost bench/scale/run.py shows per search."""
        if self._searcher is not None and not self._searcher.up_to_date():
            # not whoosh's refresh(): its reused segment readers miss deletions since
            self._searcher.close()
            self._searcher = None
        if self._searcher is None:
            self._searcher = self.ix.searcher()
            self._ranker = whoosh_bulk.ranker(self._searcher)
        return self._searcher

    def explain_name(self, name: str) -> list[tuple[str, str]]:
        """What a search for `name` matches in this archive, each with its reason."""
        vocabulary = IndexVocabulary(self._current_searcher().reader())
        return names.explain(name, names.gazetteer(self.variants_file), vocabulary)

    def _expansion(self, searcher, enabled: bool, query_text: str = "") -> "_Expansion":
        gazetteer = names.gazetteer(self.variants_file) if enabled else None
        return _Expansion(IndexVocabulary(searcher.reader()), gazetteer, enabled=enabled,
                          unstemmed=typed_with_foreign_letters(query_text),
                          written=written_terms(query_text))

    def close(self) -> None:
        self.cancel()
        if self._searcher is not None:
            self._searcher.close()
            self._searcher = None
        self.ix.close()


#: The field holding each of the engine's FACETS.
FACET_FIELDS = {"source": "source_name", "lang": "lang", "year": "year", "month": "month",
                "week": "week", "day": "date", "place": "place_name"}


def _current_only(q: query.Query) -> query.Query:
    """The query without the earlier texts of edited articles."""
    return query.AndNot(q, query.Term("version", OLD_TEXT))


def date_filter(since: str | None, until: str | None) -> query.Query | None:
    """Dates from `since` to `until` inclusive; either may be a year or a month (2016, 2016-03)."""
    if not since and not until:
        return None
    query_syntax.check_range(since, until)
    return whoosh_fields.date_range(since, until)


def _sorted_counts(groups: dict) -> dict[str, int]:
    """Counts, most first, equal counts in collation order; documents without a value (no
    date, no place) are left out."""
    return dict(sorted(((k, v) for k, v in groups.items() if k),
                       key=lambda kv: (-kv[1], sort_key(kv[0]))))


def facet_values(doc: IndexDoc) -> dict[str, str]:
    """The exact values a document is counted and filtered by."""
    values = {"lang": doc.lang, "source_name": doc.source or "", "date": doc.date or "",
              "place_name": doc.place or "", "year": "", "month": "", "week": ""}
    if doc.date:
        values["year"], values["month"] = doc.date[:4], doc.date[:7]
        try:
            year, week, _ = dt.date.fromisoformat(doc.date[:10]).isocalendar()
            values["week"] = f"{year}-W{week:02d}"
        except ValueError:
            pass
    return values


def parse(query_text: str, schema_: fields.Schema) -> query.Query:
    """The journalist's query language: whoosh's syntax, words ANDed, `-word` excluded.
    A repeated word stays (سي إن إن, CNN; Walla Walla): runs of words may form names."""
    query_syntax.check(query_text)
    typed, query_text = query_text, query_syntax.rewrite_aliases(query_text)
    parser = qparser.QueryParser("text", schema_, group=qparser.AndGroup)
    # + and - count only at the start of a word: al-Qamishli and Deir ez-Zor are names
    parser.add_plugin(qparser.PlusMinusPlugin(plusexpr=r"(?:^|(?<=\s))\+",
                                              minusexpr=r"(?:^|(?<=\s))-"))
    try:
        parsed = parser.parse(query_text, normalize=False)
    except Exception as err:  # whoosh raises many kinds; all mean "cannot parse"
        raise QueryError(f"cannot parse query {query_text!r}: {err}") from err
    parsed = _normalised(parsed)
    if parsed is query.NullQuery and not typed.lstrip().startswith("-"):
        raise QueryError(f"query {typed!r} has no words to search for")
    if parsed is query.NullQuery or whoosh_fields.only_excludes(parsed):
        raise QueryError(f"{typed!r} only excludes: add a word to find "
                         "(e.g. 'Syria NOT Kobani')")
    return parsed


def _normalised(q: query.Query) -> query.Query:
    """whoosh's normal form of a parsed query (groups flattened, empty ones dropped), except
    that an AND or OR keeps a word it holds twice, as whoosh's own would not."""
    if isinstance(q, (query.And, query.Or)):
        children: list[query.Query] = []
        for child in map(_normalised, q.subqueries):
            if isinstance(child, q.__class__):
                children += [grandchild.with_boost(grandchild.boost * child.boost)
                             for grandchild in child.subqueries]
            elif child is not query.NullQuery:
                children.append(child)
        if len(children) < 2:
            return children[0].with_boost(children[0].boost * q.boost) if children \
                else query.NullQuery
        return q.__class__(children, boost=q.boost)
    whole = q.normalize()
    return q.apply(_normalised) if not q.is_leaf() and type(whole) is type(q) else whole


class IndexVocabulary:
    """`names.Vocabulary` over an open index: which spellings this archive holds."""

    def __init__(self, reader):
        self.reader = reader
        self._languages = None  # each document's language, opened when first asked

    def terms_with_key(self, key: str) -> list[tuple[str, int]]:
        prefix = f"{key}:"
        found = []
        for raw in self.reader.expand_prefix("keys", prefix):
            term = raw.decode("utf-8")
            found.append((term[len(prefix):], self.reader.doc_frequency("keys", term)))
        return found

    def doc_frequency(self, term: str) -> int:
        return self.reader.doc_frequency("text", term)

    def capitalised_inside_sentences(self, term: str) -> int:
        return self.reader.doc_frequency("keys", inside_sentence_key(term))

    def noun_capitalised(self, term: str) -> int:
        keyed = term_keys(term)  # each of a term's keys indexes the same documents
        if not keyed or ("keys", keyed[0]) not in self.reader:
            return 0
        if self._languages is None:
            self._languages = self.reader.column_reader("lang")
        return sum(self._languages[number] in CAPITALISING_LANGUAGES
                   for number in self.reader.postings("keys", keyed[0]).all_ids())


class _Expansion:
    """Translates a parsed query into whoosh queries along the plan `expansion.Planner`
    makes for each word, run of words and phrase: the meaning is the planner's."""

    def __init__(self, vocabulary: IndexVocabulary, gazetteer, *, enabled: bool,
                 unstemmed: frozenset[str] = frozenset(), written: dict[str, str] | None = None):
        self.vocabulary = vocabulary
        self.planner = Planner(vocabulary, gazetteer if enabled else None, unstemmed, written)

    @property
    def gazetteer(self):
        return self.planner.gazetteer

    @property
    def terms(self) -> set[str]:
        return self.planner.terms

    def rewrite(self, q: query.Query) -> query.Query:
        if isinstance(q, query.Term) and q.fieldname in NAME_FIELDS:
            return self._alternatives(q.fieldname, (q.text,), q.boost)
        if isinstance(q, query.Phrase) and q.fieldname in NAME_FIELDS:
            return _or(self._phrase(q), whoosh_fields.also_searched(q.fieldname, tuple(q.words),
                                                                    q.boost))
        if isinstance(q, query.And):
            return query.And(self._runs(q.subqueries), boost=q.boost)
        if isinstance(q, query.TermRange) and q.fieldname == "date":
            query_syntax.check_range(q.start, q.end)
            return whoosh_fields.date_range(q.start, q.end, after=q.startexcl, before=q.endexcl)
        if isinstance(q, query.Term) and q.fieldname == "date":
            # `date:2016`, or a range whose ends whoosh's parser found equal: that period
            return whoosh_fields.date_range(q.text, q.text)
        if isinstance(q, query.Term) and q.fieldname == "url":
            return whoosh_fields.url_query(q.text, q.boost)
        if isinstance(q, (query.Prefix, query.Wildcard)):
            self.terms.update(_expanded_terms(q, self.vocabulary.reader))
            return q
        if q.is_leaf():
            return q
        return q.apply(self.rewrite)

    def _runs(self, subqueries: list[query.Query]) -> list[query.Query]:
        """Rewrite ANDed words, joining runs that form one multi-word name."""
        out, i = [], 0
        while i < len(subqueries):
            run = _term_run(subqueries, i, LONGEST_NAME)
            size = self.planner.name_length(tuple(t.text for t in run))
            if size:
                out.append(self._alternatives(run[0].fieldname,
                                              tuple(t.text for t in run[:size]), run[0].boost))
                i += size
            else:
                out.append(self.rewrite(subqueries[i]))
                i += 1
        return out

    def _alternatives(self, fieldname: str, words: tuple[str, ...], boost: float) -> query.Query:
        return self._as_or(fieldname, self.planner.word(words, stems=fieldname == "text"), boost)

    def _as_or(self, fieldname: str, plan: WordPlan, boost: float) -> query.Query:
        """A word's plan as an OR: its forms, its light stem in `stem` (and in `text` where
        the plan says so), and the other fields the word is looked for in."""
        options = [_as_query(fieldname, form.terms, boost * form.boost, form.outside)
                   for form in plan.forms]
        if plan.stem is not None:  # `stem` holds only stems that differ from their word
            options.append(query.Term("stem", plan.stem, boost=boost * STEM_BOOST))
        if plan.stem_word is not None:
            word = query.Term("text", plan.stem_word, boost=boost * STEM_BOOST)
            if plan.stem_word_languages:  # unscored: the language only narrows
                word = query.And([word, query.Or([query.Term("lang", code, boost=0.0)
                                                  for code in plan.stem_word_languages])])
            options.append(word)
        return _or(options[0], options[1:] + whoosh_fields.also_searched(fieldname, plan.words,
                                                                         boost))

    def _phrase(self, q: query.Phrase) -> query.Query:
        """A quoted phrase: each word (or the whole, if it is a name) may vary."""
        words = tuple(q.words)
        plan = self.planner.phrase(words)
        if plan.whole is not None:
            return self._as_or(q.fieldname, plan.whole, q.boost)
        if plan.fixed:
            return Phrase(q.fieldname, list(words), slop=q.slop, boost=q.boost,
                          ordered=q.slop <= 1)
        if plan.count() <= MAX_PHRASE_FORMS:
            # one phrase per way of writing it (each matched by comparing positions)
            return query.Or([Phrase(q.fieldname, list(form.terms), slop=q.slop,
                                    boost=q.boost * form.boost, ordered=q.slop <= 1)
                             for form in plan.written_out()])
        slots = [spans.SpanOr([_as_span(q.fieldname, form.terms) for form in forms])
                 for forms in plan.per_word]
        return spans.SpanNear2(slots, slop=max(q.slop, 1), ordered=q.slop <= 1)


def _term_run(subqueries: list[query.Query], start: int, longest: int) -> list[query.Term]:
    """The plain words in one name field that follow each other from `start`."""
    run: list[query.Term] = []
    for q in subqueries[start:start + longest]:
        if not (isinstance(q, query.Term) and q.fieldname in NAME_FIELDS):
            break
        if run and q.fieldname != run[0].fieldname:
            break
        run.append(q)
    return run


def _or(first: query.Query, others: list[query.Query]) -> query.Query:
    return query.Or([first, *others]) if others else first


def _as_query(fieldname: str, terms: tuple[str, ...], boost: float,
              outside: tuple[tuple[str, ...], ...] = ()) -> query.Query:
    if len(terms) == 1 and outside and fieldname == "text":
        return Outside(fieldname, terms[0], outside, boost=boost)
    if len(terms) == 1:
        return query.Term(fieldname, terms[0], boost=boost)
    return Phrase(fieldname, list(terms), boost=boost)


def _as_span(fieldname: str, terms: tuple[str, ...]) -> query.Query:
    if len(terms) == 1:
        return query.Term(fieldname, terms[0])
    return spans.SpanNear2([query.Term(fieldname, t) for t in terms])


def _expanded_terms(q: query.Query, reader) -> set[str]:
    """The index terms a wildcard matches, so snippets can mark them."""
    return {text.decode("utf-8") if isinstance(text, bytes) else text
            for _field, text in q.expanded_terms(reader)}


# -- the index folder ----------------------------------------------------------
#: Opening reads the newest table of contents (_MAIN_<n>.toc) the folder listing shows; a
#: writer committing at that moment writes _MAIN_<n+1>.toc and deletes _MAIN_<n>.toc, so the
#: read can find it gone. The newer one is complete by then: opening again reads it.
OPEN_ATTEMPTS = 5


def _open_or_create(folder: Path):
    """The index in `folder` (created when there is none), opened even while a writer commits."""
    attempts_left = OPEN_ATTEMPTS
    while True:
        try:
            if index.exists_in(folder):
                return _open_current(folder)
            folder.mkdir(parents=True, exist_ok=True)
            return index.create_in(str(folder), schema())
        except FileNotFoundError:
            attempts_left -= 1
            if not attempts_left:
                raise


def _open_current(folder: Path):
    """Open an index, refusing one whose fields an earlier khabar wrote differently."""
    outdated = IndexOutdated(f"{folder.name} was built by an earlier version of khabar "
                             "(run: khabar reindex)")
    try:
        ix = index.open_dir(str(folder))
    except AttributeError as err:  # the pickled schema names an analyzer this version lacks
        raise outdated from err
    if not isinstance(ix.schema["text"], AnalysedText) or "version" not in ix.schema \
            or getattr(ix.schema["keys"], "key_version", 1) != KEY_VERSION \
            or "pairs" not in ix.schema \
            or getattr(ix.schema["pairs"], "list_version", None) != common_grams.LIST_VERSION:
        ix.close()
        raise outdated
    return ix


def open_engine(archive_dir: Path) -> WhooshEngine:
    """The archive's live index (created on first use)."""
    return WhooshEngine(archive_dir / live_index_name(archive_dir), archive_dir / VARIANTS)


def live_index_name(archive_dir: Path) -> str:
    pointer = archive_dir / CURRENT
    return pointer.read_text().strip() if pointer.exists() else "index"


def new_index(archive_dir: Path) -> WhooshEngine:
    """An empty index beside the live one, for a rebuild that keeps the old one serving."""
    name = "index-building"
    shutil.rmtree(archive_dir / name, ignore_errors=True)
    return WhooshEngine(archive_dir / name, archive_dir / VARIANTS)


def promote(archive_dir: Path, engine: WhooshEngine) -> None:
    """Make a rebuilt index the live one in one atomic step, then drop the old one."""
    old = live_index_name(archive_dir)
    final = "index-a" if old != "index-a" else "index-b"
    shutil.rmtree(archive_dir / final, ignore_errors=True)
    engine.close()
    os.replace(engine.folder, archive_dir / final)
    pointer = archive_dir / (CURRENT + ".tmp")
    pointer.write_text(final + "\n")
    os.replace(pointer, archive_dir / CURRENT)
    shutil.rmtree(archive_dir / old, ignore_errors=True)
