"""The `khabar` command: a thin layer that parses, calls the library and prints.

Each command imports what it needs when it runs, so `khabar search` never
pays for loading the cleaner.
"""
from __future__ import annotations

import json
import sys
from contextlib import contextmanager
from pathlib import Path

import click

from cli import output
from cli.output import ARCHIVE, INTERRUPTED, NO_HITS, OK, PARTIAL, USAGE, fail, safe


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
                raise fail(f"{err} (add something first: khabar add PATH)", ARCHIVE)
            raise fail(str(err), ARCHIVE)

    def engine(self):
        from indexer.whoosh_engine import open_engine

        try:
            return open_engine(self.path)
        except Exception as err:  # whoosh reports a damaged index with many exception types
            raise fail(f"cannot open the index of {self.path}: {err}", ARCHIVE)

    @contextmanager
    def writing(self):
        """Store and engine for a command that writes, holding the writer lock."""
        from archive.location import ArchiveLocked, writer_lock

        try:
            with writer_lock(self.path):
                store, engine = self.store(create=True), self.engine()
                try:
                    yield store, engine
                finally:
                    engine.close()
                    store.close()
        except ArchiveLocked as err:
            raise fail(str(err), ARCHIVE)

    @contextmanager
    def reading(self):
        store = self.store(create=False)
        engine = self.engine()
        try:
            yield store, engine
        finally:
            engine.close()
            store.close()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--archive", "archive_path", type=click.Path(file_okay=False, path_type=Path),
              envvar="KHABAR_ARCHIVE", show_envvar=True,
              help="The archive folder (default: ~/.local/share/khabar).")
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
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def add(archive: ArchiveDir, paths, crawl, jobs, as_json) -> None:
    """Add WARC/ARC files, HTML folders, text dumps or JSON Lines (`-` for stdin).

    \b
    Example:
      khabar add crawl.warc.gz saved-pages/ --crawl "hasakah-2016"
    """
    from archive.ingest import add_paths

    progress = _Progress() if sys.stderr.isatty() and not as_json else None
    with archive.writing() as (store, engine):
        report = add_paths(store, engine, paths, crawl=crawl, jobs=jobs, progress=progress)
    if progress:
        progress.done()
    for error in report.errors:
        output.message(f"{error['input']}: {error['reason']}")
    summary = report.to_dict()
    if as_json:
        output.emit_json(summary)
    output.message(
        f"added {report.added}, duplicates {report.duplicates}, rejected {report.rejected}, "
        f"skipped {report.skipped} (archive: {archive.path})")
    if report.interrupted:
        raise fail("interrupted; run the same command again to finish", INTERRUPTED)
    real_errors = [e for e in report.errors if not e["reason"].startswith("skipped:")]
    raise click.exceptions.Exit(PARTIAL if real_errors else OK)


class _Progress:
    """A one-line progress report on a terminal's stderr."""

    def __init__(self):
        import time

        self.clock = time.monotonic
        self.started = self.clock()
        self.last = 0.0

    def __call__(self, report, url: str) -> None:
        now = self.clock()
        if now - self.last < 0.2:
            return
        self.last = now
        done = report.added + report.duplicates + report.rejected
        rate = done / max(now - self.started, 1e-6)
        click.echo(f"\r\x1b[K{done} records ({rate:.0f}/s): added {report.added}, "
                   f"duplicates {report.duplicates}, rejected {report.rejected}, "
                   f"skipped {report.skipped}", err=True, nl=False)

    def done(self) -> None:
        click.echo("\r\x1b[K", err=True, nl=False)


# -- search ----------------------------------------------------------------------
@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(min=1))
@click.option("--offset", default=0, type=click.IntRange(min=0))
@click.option("--exact", "--no-variants", "exact", is_flag=True,
              help="Match only the spellings typed, no variants.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto")
@click.pass_obj
def search(archive: ArchiveDir, query, limit, offset, exact, as_json, color) -> None:
    """Search the archive; a name also finds its other spellings and scripts.

    \b
    Words are ANDed; OR, NOT or -word, (groups), "exact phrase", Qamish* and
    field:word (title, author, source, place, lang, url, crawl) work too.
    \b
    Examples:
      khabar search Qamishlo
      khabar search '"water station" Hasakah'
      khabar search 'القامشلي OR کۆبانێ'
      khabar search Qamişlo --exact --json
    Exit status: 0 hits, 1 no hits, 2 bad query, 4 no archive.
    """
    from indexer.engine import QueryError
    from indexer.search import search as run_search

    text = " ".join(query)
    with archive.reading() as (store, engine):
        try:
            result = run_search(store, engine, text, limit=limit, offset=offset,
                                variants=not exact)
        except QueryError as err:
            raise fail(str(err), USAGE)
    if as_json:
        output.emit_json(result.to_dict())
    else:
        _print_hits(result, output.use_colour(color))
    raise click.exceptions.Exit(OK if result.total else NO_HITS)


def _print_hits(result, colour: bool) -> None:
    for word, others in result.variants.items():
        output.message(f"{word} → also matched: {', '.join(others)}")
    for hit in result.hits:
        title = safe(hit.title, one_line=True)
        click.echo(click.style(title, bold=True) if colour else title)
        facts = [hit.date or "undated", hit.source or "", hit.lang, f"id {hit.id}"]
        click.echo("  " + safe(" · ".join(f for f in facts if f), one_line=True))
        click.echo("  " + safe(hit.url, one_line=True))
        click.echo("  " + output.marked(hit.snippet, colour))
        if hit.also_in:
            click.echo("  also in: " + safe(", ".join(hit.also_in), one_line=True))
        click.echo()
    output.message(f"{result.total} hit{'s' if result.total != 1 else ''}"
                   + (f", showing {len(result.hits)}" if result.total > len(result.hits) else ""))


# -- show ------------------------------------------------------------------------
@cli.command()
@click.argument("article_id")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_obj
def show(archive: ArchiveDir, article_id, as_json) -> None:
    """Show one article whole, with its metadata and where it was captured."""
    store = archive.store(create=False)
    try:
        article = store.get_article(article_id.strip().lower())
        if article is None:
            raise fail(f"no article with id {article_id!r}", NO_HITS)
        captures = store.captures_of(article.id)
        also = store.duplicates_of(article.id)
    finally:
        store.close()
    data = article.to_dict() | {"captures": captures, "near_duplicates": also}
    if as_json:
        output.emit_json(data)
        return
    click.echo(safe(article.title, one_line=True))
    for label in ("date", "author", "source", "place", "lang", "url", "crawl", "id"):
        if data.get(label):
            click.echo(f"{label + ':':8} {safe(str(data[label]), one_line=True)}")
    for caption in article.captions:
        click.echo(f"caption: {safe(caption, one_line=True)}")
    click.echo()
    click.echo(safe(article.text))
    click.echo()
    for capture in captures:
        where = capture["source_file"] + (f" @{capture['offset']}" if capture["offset"] is not None else "")
        click.echo(safe(f"captured {capture['captured_at'] or '?'} from {where} "
                        f"(crawl {capture['crawl']}, sha256 {capture['digest'][:16]}…)",
                        one_line=True))
    if also:
        click.echo("near-duplicates: " + ", ".join(also))


# -- clean -----------------------------------------------------------------------
@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True))
@click.option("--url", help="The page's URL (helps dates and site names).")
@click.option("--explain", is_flag=True, help="List what was removed and why (stderr).")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per input per line.")
def clean(paths, url, explain, as_json) -> None:
    """Run only the cleaner on HTML or text files (`-` for stdin); no archive is touched."""
    from archive.clean import clean_bytes
    from archive.model import CleanError

    status = OK
    for path in paths:
        try:
            raw = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
            article = clean_bytes(raw, url=url or (None if path == "-" else Path(path).resolve().as_uri()))
        except (OSError, CleanError) as err:
            output.message(f"{path}: {err}")
            status = PARTIAL
            continue
        if explain:
            for removal in article.removed:
                output.message(f"{path}: removed ({removal.reason}): "
                               f"{safe(removal.text, one_line=True)[:120]}")
        if as_json:
            click.echo(json.dumps({
                "path": path, "url": article.url, "title": article.title, "date": article.date,
                "author": article.author, "lang": article.lang, "source": article.source,
                "place": article.place, "captions": article.captions, "text": article.text,
            }, ensure_ascii=False))
        else:
            click.echo(safe(article.text))
    raise click.exceptions.Exit(status)


# -- stats -----------------------------------------------------------------------
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_obj
def stats(archive: ArchiveDir, as_json) -> None:
    """Counts of articles by source, language and month."""
    store = archive.store(create=False)
    try:
        counts = store.counts()
    finally:
        store.close()
    if as_json:
        output.emit_json(counts)
        return
    click.echo(f"{counts['articles']} articles from {counts['captures']} captures "
               f"({counts['rejected_captures']} captures without an article) "
               f"in {counts['inputs']} inputs")
    for title, key in (("source", "by_source"), ("language", "by_lang"), ("month", "by_month")):
        click.echo(f"\nby {title}:")
        for name, n in counts[key].items():
            click.echo(f"  {n:6}  {safe(name, one_line=True) or '(unknown)'}")

# -- crawls, reclean, reindex, verify, export --------------------------------------
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list on stdout.")
@click.pass_obj
def crawls(archive: ArchiveDir, as_json) -> None:
    """Every input the archive has read, with its counts and errors."""
    store = archive.store(create=False)
    try:
        inputs = store.inputs()
    finally:
        store.close()
    if as_json:
        output.emit_json(inputs)
        return
    for entry in inputs:
        state = "" if entry["finished_at"] else "  (interrupted: add it again to finish)"
        click.echo(safe(f"{entry['crawl']}: {entry['path']}", one_line=True) + state)
        click.echo(f"  added {entry['added']}, duplicates {entry['duplicates']}, "
                   f"rejected {entry['rejected']}, skipped {entry['skipped']}")
        for error in entry["errors"]:
            click.echo("  error: " + safe(error, one_line=True))


@cli.command()
@click.option("--crawl", help="Only the captures of this crawl.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Cleaning processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def reclean(archive: ArchiveDir, crawl, jobs, as_json) -> None:
    """Clean every stored capture again with the current cleaner; ids stay the same."""
    from archive.ingest import reclean as run_reclean

    with archive.writing() as (store, engine):
        report = run_reclean(store, engine, crawl=crawl, jobs=jobs)
    if as_json:
        output.emit_json(report.to_dict())
    output.message(f"recleaned {report.added}, rejected {report.rejected}")
    if report.interrupted:
        raise fail("interrupted; run the same command again to finish", INTERRUPTED)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def reindex(archive: ArchiveDir, as_json) -> None:
    """Rebuild the index from the archive alone; the old index serves until the new one is done."""
    from archive.ingest import reindex as run_reindex
    from indexer.whoosh_engine import new_index, promote

    with archive.writing() as (store, _engine):
        fresh = new_index(archive.path)
        try:
            written = run_reindex(store, fresh)
        except BaseException:
            fresh.close()
            raise
        promote(archive.path, fresh)
    if as_json:
        output.emit_json({"indexed": written})
    output.message(f"indexed {written} articles")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@click.pass_obj
def verify(archive: ArchiveDir, as_json) -> None:
    """Re-hash every stored capture and check that index and archive agree (exit 4 if not)."""
    with archive.reading() as (store, engine):
        problems = list(store.damaged_captures())
        stored, indexed = store.article_ids(), engine.ids()
    problems += [f"article {i} is archived but not indexed (run: khabar reindex)"
                 for i in sorted(stored - indexed)]
    problems += [f"index holds {i}, which the archive lacks (run: khabar reindex)"
                 for i in sorted(indexed - stored)]
    if as_json:
        output.emit_json({"ok": not problems, "articles": len(stored), "problems": problems})
    for problem in problems:
        output.message(problem)
    if problems:
        raise fail(f"{len(problems)} problem(s) found", ARCHIVE)
    output.message(f"ok: {len(stored)} articles, every capture matches its digest")


@cli.command()
@click.argument("query", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "warc"]), default="jsonl",
              show_default=True)
@click.option("--output", "-o", "target", type=click.Path(dir_okay=False, allow_dash=True),
              default="-", help="File to write (default: stdout).")
@click.pass_obj
def export(archive: ArchiveDir, query, fmt, target) -> None:
    """Write articles (all, or those matching QUERY) as JSON Lines, CSV, or their original WARC.

    JSON Lines round-trips: `khabar export -o all.jsonl` then `khabar add all.jsonl`.
    """
    from archive.export import write_export
    from indexer.engine import QueryError

    with archive.reading() as (store, engine):
        if query:
            try:
                found = engine.search(" ".join(query), limit=max(engine.doc_count(), 1))
            except QueryError as err:
                raise fail(str(err), USAGE)
            ids = [hit.id for hit in found.hits]
        else:
            ids = sorted(store.article_ids())
        stream = click.open_file(target, "wb")
        with stream:
            written = write_export(store, ids, fmt, stream)
    output.message(f"exported {written} articles")


# -- names ---------------------------------------------------------------------
@cli.group(invoke_without_command=True)
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list on stdout.")
@click.pass_context
def variants(ctx: click.Context, name, as_json) -> None:
    """The spellings and names that NAME matches, each with its reason.

    \b
    Examples:
      khabar variants Qamishlo
      khabar variants add Girê Spî --name "Tal Abyad" --name "تل أبيض"
    """
    if ctx.invoked_subcommand is not None:
        return
    if not name:
        raise fail("give a NAME, e.g. khabar variants Qamishlo", USAGE)
    from indexer.names import explain

    found = explain(name, extra=ctx.obj.path / "variants.tsv")
    if as_json:
        output.emit_json([{"spelling": spelling, "reason": reason} for spelling, reason in found])
        return
    for spelling, reason in found:
        click.echo(safe(f"{spelling}\t{reason}", one_line=False))


@variants.command("add")
@click.argument("name", nargs=-1, required=True)
@click.option("--name", "others", multiple=True, required=True,
              help="Another spelling or name of the same entity (repeat).")
@click.option("--kind", default="other", show_default=True,
              type=click.Choice(["place", "person", "group", "other"]))
@click.pass_obj
def variants_add(archive: ArchiveDir, name, others, kind) -> None:
    """Teach this archive that NAME and each --name are one entity."""
    from indexer.names.gazetteer import add_entry

    archive.path.mkdir(parents=True, exist_ok=True)
    add_entry(archive.path / "variants.tsv", [" ".join(name), *others], kind)
    output.message(f"added: {' = '.join([' '.join(name), *others])}")



def main() -> None:
    try:
        cli(prog_name="khabar")
    except KeyboardInterrupt:
        click.echo("khabar: interrupted", err=True)
        sys.exit(INTERRUPTED)


if __name__ == "__main__":
    main()
