"""The `khabar` command: a thin layer that parses, calls the library and prints.

Each command imports what it needs when it runs, so `khabar search` never
pays for loading the cleaner.
"""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

import click

from cli import output
from cli.output import ARCHIVE, INTERRUPTED, NO_HITS, OK, PARTIAL, USAGE, Failure, safe
from cli.query_args import QueryCommand, date_option
from indexer.engine import FACETS


class ArchiveDir:
    """The archive a command works on, opened only when the command needs it."""

    def __init__(self, path: Path):
        self.path = path

    def store(self, *, create: bool):
        from archive.location import database_path
        from archive.store import Store, StoreError

        try:
            return Store(database_path(self.path), create=create)
        except StoreError as err:
            if not create:
                raise Failure(f"{err} (add something first: khabar add PATH)", ARCHIVE)
            raise

    def engine(self):
        from indexer.whoosh_engine import open_engine

        try:
            return open_engine(self.path)
        except Exception as err:  # whoosh reports a damaged index with many exception types
            raise Failure(f"cannot open the index of {self.path}: {err}", ARCHIVE)

    @contextmanager
    def writing(self, *, live_index: bool = True):
        """Store and engine for a command that writes, holding the writer lock. A command that
        builds a new index (reindex, reclean) gets no engine: the live one may be unreadable."""
        from archive.location import writer_lock

        with writer_lock(self.path):  # ArchiveLocked when another process writes
            store = self.store(create=True)
            engine = self.engine() if live_index else None
            try:
                yield store, engine
            finally:
                if engine is not None:
                    engine.close()
                store.close()

    @contextmanager
    def database(self):
        """The archive's store alone, for a command that reads but does not search."""
        store = self.store(create=False)
        try:
            yield store
        finally:
            store.close()

    @contextmanager
    def reading(self):
        """Store and engine for a command that searches."""
        with self.database() as store:
            engine = self.engine()
            try:
                yield store, engine
            finally:
                engine.close()


class _ArchiveOption(click.Option):
    """--archive, whose help names the folder the default resolves to where it is asked."""

    def get_help_record(self, ctx: click.Context):
        from archive.location import default_archive_dir

        self.help = f"The archive folder (default: {default_archive_dir()})."
        return super().get_help_record(ctx)


class _Commands(click.Group):
    """khabar's commands. A library error (`archive.errors`) ends a command here, at the
    CLI's edge: its message on one line, its exit status."""

    def invoke(self, ctx: click.Context):
        from archive.errors import KhabarError

        try:
            return super().invoke(ctx)
        except KhabarError as err:
            raise Failure(str(err), err.exit_code) from None


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--archive", "archive_path", type=click.Path(file_okay=False, path_type=Path),
              envvar="KHABAR_ARCHIVE", show_envvar=True, cls=_ArchiveOption)
@click.version_option(package_name="khabar")
@click.pass_context
def cli(ctx: click.Context, archive_path: Path | None) -> None:
    """khabar: a news archive you can search across English, Arabic and Kurdish spellings."""
    from archive.location import default_archive_dir

    ctx.obj = ArchiveDir(archive_path or default_archive_dir())


# -- add -----------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--crawl", help="Label for this crawl (default: each input's file name).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Cleaning processes (default: all cores).")
@click.option("--spark", "spark_master", metavar="MASTER",
              help="Clean WARC/ARC files on Spark: local[N], spark://HOST:PORT… "
                   "(pip install 'khabar[spark]'; inputs must be readable by the executors).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def add(archive: ArchiveDir, paths, crawl, jobs, spark_master, as_json) -> None:
    """Add WARC/ARC files, HTML folders, text dumps or JSON Lines (`-` for stdin).

    \b
    Example:
      khabar add crawl.warc.gz saved-pages/ --crawl "hasakah-2016"
      khabar add --spark 'local[4]' crawls/
    """
    from archive.ingest import add_paths

    progress = _add_progress() if sys.stderr.isatty() and not as_json else None
    with _cleaning(spark_master) as cleaning, archive.writing() as (store, engine):
        report = add_paths(store, engine, paths, crawl=crawl, jobs=jobs, progress=progress,
                           cleaning=cleaning)
    if progress:
        progress.done()
    for skip in report.skips:
        output.message(f"{skip['input']}: skipped: {skip['reason']}")
    for error in report.errors:
        reason = error["reason"]  # readers' reasons often name the file already
        output.message(reason if reason.startswith(error["input"]) else
                       f"{error['input']}: {reason}")
    summary = report.to_dict()
    if as_json:
        output.emit_json(summary)
    output.message(
        f"added {report.added}, " + (f"updated {report.updated}, " if report.updated else "")
        + f"duplicates {report.duplicates}, rejected {report.rejected}, "
        f"skipped {report.skipped} (archive: {archive.path})")
    if report.interrupted:
        raise Failure("interrupted; run the same command again to finish", INTERRUPTED)
    raise click.exceptions.Exit(PARTIAL if report.errors else OK)


@contextmanager
def _cleaning(spark_master: str | None):
    """Where `add` cleans: here (None), or on the Spark master named, with its errors as
    one-line messages (a failure mid-run leaves what was archived; the same command resumes)."""
    if spark_master is None:
        yield None
        return
    from archive.spark import SparkCleaning, SparkError, SparkInputError, SparkUnavailable

    try:
        with SparkCleaning(spark_master) as cleaning:
            yield cleaning
    except (SparkInputError, SparkUnavailable) as err:
        raise Failure(str(err), USAGE)
    except SparkError as err:
        raise Failure(f"{err}; run the same command again to finish", PARTIAL)


def _add_progress() -> output.ProgressLine:
    """Records done, their rate and the counts so far."""
    def describe(report, url: str) -> str:
        done = report.added + report.duplicates + report.rejected
        return (f"{done} records ({done / line.elapsed():.0f}/s): added {report.added}, "
                f"duplicates {report.duplicates}, rejected {report.rejected}, "
                f"skipped {report.skipped}")

    line = output.ProgressLine(describe)  # `describe` reads its clock
    return line


# -- search ----------------------------------------------------------------------
#: Hit fields, in the order machine output lists them (stable: scripts rely on these names).
HIT_FIELDS = ("id", "url", "title", "date", "lang", "source", "score", "snippet", "highlights",
              "also_in", "version")
#: The facets `--facet` counts beside the hits: the engine's, but for days and weeks, whose
#: lists run long (`khabar count --by` has them).
SEARCH_FACETS = tuple(name for name in FACETS if name not in ("week", "day"))


def _facet_option(value: str | None) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (value or "").split(",") if n.strip())
    unknown = [n for n in names if n not in SEARCH_FACETS]
    if unknown:
        raise click.BadParameter(f"unknown facet {unknown[0]!r}; choose from {', '.join(SEARCH_FACETS)}")
    return names


def _fields_option(value: str | None) -> tuple[str, ...]:
    names = tuple(n.strip() for n in (value or "").split(",") if n.strip()) or HIT_FIELDS
    unknown = [n for n in names if n not in HIT_FIELDS]
    if unknown:
        raise click.BadParameter(f"unknown field {unknown[0]!r}; choose from {', '.join(HIT_FIELDS)}")
    return names


#: --color, for every command that prints articles for a person.
colour_option = click.option("--color", type=click.Choice(["auto", "always", "never"]),
                             default="auto", show_default=True,
                             help="Colour on a terminal (auto), always, or never.")


def search_options(command):
    """The options every query-running command shares."""
    for decorator in reversed((
        click.option("--exact", "--no-variants", "exact", is_flag=True,
                     help="Match only the spellings typed, no variants."),
        click.option("--since", callback=date_option,
                     help="Only articles dated on or after (2016, 2016-03, 2016-03-21)."),
        click.option("--until", callback=date_option,
                     help="Only articles dated on or before."),
    )):
        command = decorator(command)
    return command


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@search_options
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance",
              show_default=True)
@click.option("--facet", "facets", callback=lambda c, p, v: _facet_option(v),
              help="Count hits by source,lang,year,month,place (comma-separated).")
@click.option("--json", "fmt", flag_value="json", help="One JSON object on stdout.")
@click.option("--jsonl", "fmt", flag_value="jsonl", help="One JSON object per hit per line.")
@click.option("--csv", "fmt", flag_value="csv", help="CSV with a header row.")
@click.option("--tsv", "fmt", flag_value="tsv", help="Tab-separated with a header row.")
@click.option("--fields", "columns", callback=lambda c, p, v: _fields_option(v),
              help=f"Columns for --jsonl/--csv/--tsv ({','.join(HIT_FIELDS)}).")
@colour_option
@click.option("--all-versions", is_flag=True,
              help="Also search the earlier texts of edited articles (see show --versions).")
@click.pass_obj
def search(archive: ArchiveDir, query, limit, offset, exact, since, until, sort, facets, fmt,
           columns, color, all_versions) -> None:
    """Search the archive; a name also finds its other spellings and scripts.

    \b
    Query language:
      Hasakah water           both words (AND is the default), in the title, text,
                              author or source; other forms too (election, elections)
      Hasakah OR Raqqa        either word;  NOT Raqqa / -Raqqa  excludes it
      (Amuda OR Derik) water  groups
      "water station"         an exact phrase;  "water Alouk"~5  within 5 words, any order
      Qamish*                 words beginning with Qamish
      title:Kobani  author:"Aynur Muhammad"  source:ARA  lang:ar  place:Hasakah
      url:rojava-observer.example  crawl:…    a host or URL prefix; one crawl
      date:[2016-01 TO 2016-06]   a date range (also --since / --until)
      site:HOST  intitle:WORD  before:2016-03  after:2016   as in web news search
    \b
    A name matches its spellings in every script: Qamishlo finds Qamishli, القامشلي and
    قامشلۆ (--exact turns this off). Arabic and Kurdish queries work the same way:
      khabar search 'الحسكة داعش'      khabar search 'کۆبانێ'      khabar search 'Hesîçe'
      khabar search 'Hasakah AND داعش' --since 2016 --facet lang,month
    \b
    Exit status: 0 hits, 1 no hits, 2 bad query, 4 no archive.
    """
    from indexer.search import search as run_search

    text = " ".join(query)
    with archive.reading() as (store, engine):
        result = run_search(store, engine, text, limit=limit, offset=offset,
                            variants=not exact, sort=sort, since=since, until=until,
                            facets=facets, all_versions=all_versions)
    if fmt == "json":
        output.emit_json(result.to_dict())
    elif fmt:
        output.emit_rows([hit.to_dict() for hit in result.hits], columns, fmt)
    else:
        colour = output.use_colour(color)
        for word, others in result.variants.items():
            output.message(f"{word} → also matched: {', '.join(others)}")
        columns = output.terminal_width()
        lines = [line for hit in result.hits for line in _hit_lines(hit, colour, columns)]
        lines += [f"by {name}: " + ", ".join(f"{safe(k, one_line=True)} {n}"
                                             for k, n in counts.items())
                  for name, counts in result.facets.items()]
        output.show(lines, colour)
        if result.outside_filters:
            output.message(f"the dates and filters left out all {result.outside_filters} "
                           "articles the words match (widen --since/--until, date:, lang:, "
                           "url:)")
        elif result.in_earlier_texts:
            one = result.in_earlier_texts == 1
            output.message(f"{result.in_earlier_texts} earlier text{'' if one else 's'} of "
                           f"edited articles match{'es' if one else ''}: add --all-versions")
        elif not result.total and result.suggestions:
            output.message("did you mean: " + ", ".join(result.suggestions))
        output.message(f"{result.total} hit{'s' if result.total != 1 else ''}" + (
            f", showing {len(result.hits)}" if result.total > len(result.hits) else ""))
    raise click.exceptions.Exit(OK if result.total else NO_HITS)


def _hit_lines(hit, colour: bool, columns: int = 0) -> list[str]:
    title = safe(hit.title, one_line=True)
    facts = [hit.date or "undated", hit.source or "", hit.lang, f"id {hit.id}"] + (
        [f"earlier text, captured {hit.version}"] if hit.version else [])
    lines = [click.style(title, bold=True) if colour else title,
             "  " + safe(" · ".join(f for f in facts if f), one_line=True),
             "  " + safe(hit.url, one_line=True)]
    if hit.snippet:
        lines += output.marked(hit.snippet, colour, columns, indent="  ")
    if hit.also_in:
        lines.append("  also in: " + safe(", ".join(hit.also_in), one_line=True))
    return lines + [""]


@cli.command()
@click.argument("article_id")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@colour_option
@click.pass_obj
def similar(archive: ArchiveDir, article_id, limit, as_json, color) -> None:
    """Articles most like the article ARTICLE_ID (more-like-this); an id prefix or a URL too."""
    from indexer.names import gazetteer
    from indexer.search import similar as run_similar
    from indexer.whoosh_engine import VARIANTS

    with archive.reading() as (store, engine):
        article_id = _article(store, article_id).id
        hits = run_similar(store, engine, article_id, limit=limit,
                           names=gazetteer(archive.path / VARIANTS))
    if as_json:
        output.emit_json({"id": article_id, "hits": [hit.to_dict() for hit in hits]})
    else:
        colour, columns = output.use_colour(color), output.terminal_width()
        output.show([line for hit in hits for line in _hit_lines(hit, colour, columns)], colour)
    raise click.exceptions.Exit(OK if hits else NO_HITS)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1)
@click.option("--by", type=click.Choice(FACETS), default="month", show_default=True)
@search_options
@click.option("--normalize", is_flag=True,
              help="Divide by the number of archived articles in the same period.")
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@click.pass_obj
def count(archive: ArchiveDir, query, by, exact, since, until, normalize, as_json) -> None:
    """How many articles match QUERY per day, week, month, year, source, language or place
    (a place's spellings in every script counted as one).

    \b
    Examples:
      khabar count Kobani --by year
      khabar count 'Alouk water' --by month --normalize
    """
    table, spellings = _counts(archive, query, by, exact, since, until, normalize)
    if as_json:
        output.emit_json({"query": " ".join(query), "by": by, "normalized": normalize,
                          "counts": table} | ({"spellings": spellings} if by == "place" else {}))
        return
    for key, value in table.items():
        shown = f"{value:.3f}" if normalize else str(value)
        if spellings.get(key, [key]) != [key]:
            shown += "\t" + safe("; ".join(spellings[key]), one_line=True)
        click.echo(f"{safe(key, one_line=True) or '(none)'}\t{shown}")
    raise click.exceptions.Exit(OK if table else NO_HITS)


def _counts(archive, query, by, exact, since, until, normalize) -> tuple[dict, dict]:
    from indexer.names import gazetteer
    from indexer.search import counts
    from indexer.whoosh_engine import VARIANTS

    with archive.reading() as (_store, engine):
        return counts(engine, " ".join(query), by, names=gazetteer(archive.path / VARIANTS),
                      variants=not exact, since=since, until=until, normalize=normalize)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--by", type=click.Choice(["day", "week", "month", "year"]), default="month",
              show_default=True)
@search_options
@click.option("--png", type=click.Path(dir_okay=False, path_type=Path),
              help="Also draw the chart into this PNG file.")
@click.option("--json", "as_json", is_flag=True, help="The counts as one JSON object.")
@click.pass_obj
def timeline(archive: ArchiveDir, query, by, exact, since, until, png, as_json) -> None:
    """A chart of matching articles over time: bars on the terminal, or a PNG to paste."""
    from cli.charts import bar_lines, periods, write_png

    table = periods(_counts(archive, query, by, exact, since, until, False)[0], by, since, until)
    if png:
        write_png(png, table, title=" ".join(query))
        output.message(f"wrote {png}")
    if as_json:
        output.emit_json({"query": " ".join(query), "by": by, "counts": table})
    else:
        for line in bar_lines(table):
            click.echo(line)
    raise click.exceptions.Exit(OK if any(table.values()) else NO_HITS)


# -- show ------------------------------------------------------------------------
@cli.command()
@click.argument("reference")
@click.option("--raw", is_flag=True,
              help="The newest capture's bytes as crawled (to a terminal: made safe).")
@click.option("--versions", is_flag=True,
              help="List the captures with their dates and the text each gave the article.")
@click.option("--diff", is_flag=True,
              help="Show what changed between the article's texts (a unified diff).")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@colour_option
@click.pass_obj
def show(archive: ArchiveDir, reference, raw, versions, diff, as_json, color) -> None:
    """Show one article whole, with its metadata and where it was captured.

    REFERENCE is an article id, the first characters of one, or the article's URL; an id
    with @ (abc@12, from show --versions or search --all-versions) shows an earlier text of
    an edited article.
    """
    with archive.database() as store:
        article = _article(store, reference)
        base_id = article.id.partition("@")[0]
        if versions or diff:
            _show_history(store, base_id, diff, as_json)
            return
        if raw:
            _print_raw(store.capture_records(base_id)[-1].raw)
            return
        captures = store.captures_of(base_id)
        also = store.duplicates_of(article.id)
        earlier = [version.id for version in store.versions(base_id)]
    data = article.to_dict() | {"captures": captures, "near_duplicates": also,
                                "earlier_texts": earlier}
    if as_json:
        output.emit_json(data)
        return
    colour, columns = output.use_colour(color), output.terminal_width()
    title = safe(article.title, one_line=True)
    lines = [click.style(title, bold=True) if colour else title]
    for label in ("date", "author", "source", "place", "lang", "url", "crawl", "id"):
        if data.get(label):
            lines.append(f"{label + ':':8} {safe(str(data[label]), one_line=True)}")
    lines += [f"caption: {safe(caption, one_line=True)}" for caption in article.captions]
    lines.append("")
    for paragraph in safe(article.text).split("\n"):
        lines += output.wrapped(paragraph, columns) if paragraph.strip() else [""]
    lines.append("")
    for capture in captures:
        where = capture["source_file"] + (f" @{capture['offset']}" if capture["offset"] is not None else "")
        lines.append(safe(f"captured {capture['captured_at'] or '?'} from {where} "
                          f"(crawl {capture['crawl']}, sha256 {capture['digest'][:16]}…)",
                          one_line=True))
    if also:
        lines.append("near-duplicates: " + ", ".join(also))
    if earlier:
        lines.append(f"edited: earlier texts {', '.join(earlier)} "
                     f"(khabar show {base_id} --versions, --diff)")
    output.show(lines, colour)


def _article(store, reference: str):
    """The one article `reference` names (id, id prefix, URL, or id@capture for an earlier
    text), or a one-line error."""
    from archive.dedupe import canonical_url

    reference = reference.strip()
    if "@" in reference and "/" not in reference:
        article = store.get_article(reference.lower())
        if article is None:
            raise Failure(f"no earlier text with id {reference!r}", NO_HITS)
        return article
    try:
        canonical = canonical_url(reference)
    except ValueError:  # not a URL at all (urllib's verdict on, say, "http://[::1")
        canonical = reference
    ids = store.find_articles(reference, canonical)
    if not ids:
        raise Failure(f"no article with id or URL {reference!r}", NO_HITS)
    if len(ids) > 1:
        raise Failure(f"{reference!r} is the start of several ids: {', '.join(ids)}", USAGE)
    return store.get_article(ids[0])


def _print_raw(raw: bytes) -> None:
    """A capture's bytes exactly, to a pipe or file; to a terminal, decoded and made safe
    (a page's escape sequences must not act on it)."""
    if sys.stdout.isatty():
        click.echo(safe(raw.decode("utf-8", errors="replace")))
        output.message("(made safe for the terminal; pipe or redirect it for the exact bytes)")
    else:
        sys.stdout.buffer.write(raw)
        sys.stdout.buffer.flush()


def _show_history(store, article_id: str, diff: bool, as_json: bool) -> None:
    from archive import history

    if not diff:
        captures = history.captures(store, article_id)
        if as_json:
            output.emit_json({"id": article_id, "captures": captures})
        for capture in [] if as_json else captures:
            when = safe(capture["captured_at"], one_line=True) or "undated"
            click.echo(f"{when:22} {capture['text']:14} " + safe(
                f"{capture['url']} (crawl {capture['crawl']})", one_line=True))
        return
    changes = history.diffs(store, article_id)
    if as_json:
        output.emit_json({"id": article_id, "diffs": [
            {"from": before.id, "from_captured": before.captured_at, "to": after.id,
             "to_captured": after.captured_at, "diff": "\n".join(lines)}
            for before, after, lines in changes]})
        return
    for _before, _after, lines in changes:
        for line in lines:  # the first character says removed, added or kept: never strip it
            click.echo(line[:1] + safe(line[1:], one_line=True))
    if not changes:
        output.message(f"{article_id} has one text: no capture changed it")



# -- clean -----------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--url", help="The page's URL (helps dates and site names).")
@click.option("--explain", is_flag=True, help="List what was removed and why (stderr).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input per line.")
def clean(paths, url, explain, as_json) -> None:
    """Run only the cleaner on HTML or text files (`-` for stdin); no archive is touched."""
    from archive.clean import clean_bytes
    from archive.readers import read_document

    status = OK
    for path in paths:
        try:
            if path == "-":
                raw = read_document(sys.stdin.buffer)
            else:
                with open(path, "rb") as handle:
                    raw = read_document(handle)
            article = clean_bytes(raw, url=url or (None if path == "-" else Path(path).resolve().as_uri()))
        except (OSError, ValueError) as err:  # CleanError is a ValueError
            output.message(f"{path}: {err}")
            status = PARTIAL
            continue
        if explain:
            for removal in article.removed:
                output.message(f"{path}: removed ({removal.reason}): "
                               f"{safe(removal.text, one_line=True)[:120]}")
        if as_json:
            click.echo(output.json_text({"path": path, **article.to_dict()}))
        else:
            click.echo(safe(article.text))
    raise click.exceptions.Exit(status)


# -- saved searches ----------------------------------------------------------------
@cli.group()
def saved() -> None:
    """Saved searches: name a query once, run it again (from cron, with --new)."""


@saved.command("add", cls=QueryCommand)
@click.argument("name")
@click.argument("query", nargs=-1, required=True)
@search_options
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="-date",
              show_default=True)
@click.pass_obj
def saved_add(archive: ArchiveDir, name, query, exact, since, until, sort) -> None:
    """Save QUERY (with its options) as NAME."""
    from indexer.whoosh_engine import parse, schema
    text = " ".join(query)
    parse(text, schema())  # QueryError before anything is saved
    store = archive.store(create=True)
    try:
        with store.transaction():
            store.save_search(name, text, {"exact": exact, "since": since, "until": until,
                                           "sort": sort})
    finally:
        store.close()
    output.message(f"saved {name}: {text}")


@saved.command("list")
@click.option("--json", "as_json", is_flag=True, help="A JSON list on stdout.")
@click.pass_obj
def saved_list(archive: ArchiveDir, as_json) -> None:
    """The saved searches, with when each last ran."""
    with archive.database() as store:
        entries = store.saved_searches()
    if as_json:
        output.emit_json(entries)
        return
    for entry in entries:
        options = " ".join(_option_words(entry["options"]))
        click.echo(safe(f"{entry['name']}\t{entry['query']}\t{options}\t"
                        f"last run {entry['last_run'] or 'never'}", one_line=False))


def _option_words(options: dict) -> list[str]:
    """A saved search's options as the command-line options that set them."""
    words = ["--exact"] if options.get("exact") else []
    words += [f"--{name} {options[name]}" for name in ("since", "until", "sort") if options.get(name)]
    return words


@saved.command("remove")
@click.argument("name")
@click.pass_obj
def saved_remove(archive: ArchiveDir, name) -> None:
    """Forget the saved search NAME."""
    store = archive.store(create=False)
    try:
        with store.transaction():
            removed = store.remove_search(name)
    finally:
        store.close()
    if not removed:
        raise Failure(f"no saved search named {name!r} (see: khabar saved list)", USAGE)
    output.message(f"removed {name}")


@saved.command("run")
@click.argument("name")
@click.option("--new", "only_new", is_flag=True,
              help="Only articles archived since the last run (for alerts from cron).")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@colour_option
@click.pass_obj
def saved_run(archive: ArchiveDir, name, only_new, limit, as_json, color) -> None:
    """Run the saved search NAME."""
    from archive.store import now
    from indexer.search import search as run_search

    started = now()
    with archive.reading() as (store, engine):
        entry = store.saved_search(name)
        if entry is None:
            raise Failure(f"no saved search named {name!r} (see: khabar saved list)", USAGE)
        options = entry["options"]
        result = run_search(store, engine, entry["query"], limit=limit,
                            variants=not options.get("exact"), sort=options.get("sort", "-date"),
                            since=options.get("since"), until=options.get("until"),
                            archived_after=entry["last_run"] if only_new else None)
        with store.transaction():
            store.mark_saved_search_run(name, started)
    if as_json:
        output.emit_json(result.to_dict() | {"name": name, "new_only": only_new})
    else:
        colour, columns = output.use_colour(color), output.terminal_width()
        output.show([line for hit in result.hits for line in _hit_lines(hit, colour, columns)],
                    colour)
        output.message(f"{name}: {result.total} hit{'s' if result.total != 1 else ''}"
                       + (" new since the last run" if only_new else ""))
    raise click.exceptions.Exit(OK if result.total else NO_HITS)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell) -> None:
    """Print the shell completion script for SHELL.

    \b
    bash:  eval "$(khabar completion bash)"        (add it to ~/.bashrc)
    zsh:   eval "$(khabar completion zsh)"         (add it to ~/.zshrc)
    fish:  khabar completion fish > ~/.config/fish/completions/khabar.fish
    """
    from click.shell_completion import get_completion_class

    completer = get_completion_class(shell)(cli, {}, "khabar", "_KHABAR_COMPLETE")
    click.echo(completer.source())


# commands that live in modules of their own (their imports are lazy too)
from cli.fetch import fetch  # noqa: E402
from cli.upkeep import UPKEEP_COMMANDS  # noqa: E402
from cli.variants import variants  # noqa: E402

for command in (fetch, *UPKEEP_COMMANDS, variants):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="khabar")
    except KeyboardInterrupt:
        click.echo("khabar: interrupted", err=True)
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
