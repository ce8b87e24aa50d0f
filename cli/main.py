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
from cli.output import (ARCHIVE, INTERRUPTED, NO_HITS, OK, PARTIAL, USAGE, Failure, colour_option,
                        safe)
from cli.query_args import QueryCommand, search_options
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
        lines = output.hits_lines(result.hits, colour, columns)
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


@cli.command()
@click.argument("article_id")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object on stdout.")
@colour_option
@click.pass_obj
def similar(archive: ArchiveDir, article_id, limit, as_json, color) -> None:
    """Articles most like the article ARTICLE_ID (more-like-this); an id prefix or a URL too."""
    from cli.show import find_article
    from indexer.names import gazetteer
    from indexer.search import similar as run_similar
    from indexer.whoosh_engine import VARIANTS

    with archive.reading() as (store, engine):
        article_id = find_article(store, article_id).id
        hits = run_similar(store, engine, article_id, limit=limit,
                           names=gazetteer(archive.path / VARIANTS))
    if as_json:
        output.emit_json({"id": article_id, "hits": [hit.to_dict() for hit in hits]})
    else:
        colour, columns = output.use_colour(color), output.terminal_width()
        output.show(output.hits_lines(hits, colour, columns), colour)
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
from cli.saved import saved  # noqa: E402
from cli.show import show  # noqa: E402
from cli.upkeep import UPKEEP_COMMANDS  # noqa: E402
from cli.variants import variants  # noqa: E402

for command in (show, saved, fetch, *UPKEEP_COMMANDS, variants):
    cli.add_command(command)


def main() -> None:
    try:
        cli(prog_name="khabar")
    except KeyboardInterrupt:
        click.echo("khabar: interrupted", err=True)
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
