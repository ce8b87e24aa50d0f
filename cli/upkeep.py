"""The commands that look after an archive: `stats`, `crawls`, `reclean`, `reindex`, `verify`,
`export` (registered in cli.main). Each parses, calls a library function and prints."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from cli import output
from cli.output import ARCHIVE, INTERRUPTED, Failure, safe

if TYPE_CHECKING:
    from cli.main import ArchiveDir


# -- stats -----------------------------------------------------------------------
@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object on stdout.")
@click.pass_obj
def stats(archive: ArchiveDir, as_json) -> None:
    """Counts of articles by source, language and month."""
    with archive.database() as store:
        counts = store.counts()
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
@click.command()
@click.option("--files", is_flag=True, help="One entry per file, not per folder.")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list on stdout.")
@click.pass_obj
def crawls(archive: ArchiveDir, files, as_json) -> None:
    """Every input the archive has read, with its counts and errors; the files of one crawl
    are summed on one entry, named by their folder, unless --files is given."""
    with archive.database() as store:
        inputs = store.inputs()
    entries = inputs if files else _by_folder(inputs)
    if as_json:
        output.emit_json(entries)
        return
    lines = []
    for entry in entries:
        state = "" if entry["finished_at"] else "  (interrupted: add it again to finish)"
        count = f" ({entry['files']} files)" if entry.get("files", 1) > 1 else ""
        lines.append(safe(f"{entry['crawl']}: {entry['path']}", one_line=True) + count + state)
        lines.append(f"  added {entry['added']}, duplicates {entry['duplicates']}, "
                     f"rejected {entry['rejected']}, skipped {entry['skipped']}")
        errors = entry["errors"]
        shown = errors if files else errors[:CRAWL_ERRORS_SHOWN]
        lines += ["  error: " + safe(error, one_line=True) for error in shown]
        if len(errors) > len(shown):
            lines.append(f"  … {len(errors) - len(shown)} more errors (--files lists them all)")
    output.show(lines, False)


#: Errors listed under one folder of `khabar crawls` (--files lists every one).
CRAWL_ERRORS_SHOWN = 5
COUNTS = ("added", "duplicates", "rejected", "skipped")


def _by_folder(inputs: list[dict]) -> list[dict]:
    """The inputs with the files of each crawl summed into one entry named by their folder."""
    groups: dict[str, list[dict]] = {}
    for entry in inputs:
        groups.setdefault(entry["crawl"], []).append(entry)
    entries = []
    for crawl, members in groups.items():
        if len(members) == 1:
            entries.append(members[0] | {"files": 1})
            continue
        folder = os.path.commonpath([os.path.dirname(m["path"]) or "." for m in members])
        entries.append({"crawl": crawl, "path": folder.rstrip("/") + "/", "files": len(members),
                        "started_at": members[0]["started_at"],
                        "finished_at": None if any(not m["finished_at"] for m in members)
                        else max(m["finished_at"] for m in members),
                        **{name: sum(m[name] for m in members) for name in COUNTS},
                        "errors": [error for m in members for error in m["errors"]]})
    return entries


@click.command()
@click.option("--crawl", help="Only the captures of this crawl.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Cleaning processes (default: all cores).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def reclean(archive: ArchiveDir, crawl, jobs, as_json) -> None:
    """Clean every stored capture again with the current cleaner; ids stay the same.

    The new articles go into a new index; the old one serves searches until it is complete.
    """
    from indexer.maintenance import reclean_archive

    with archive.writing(live_index=False) as (store, _):
        report = reclean_archive(archive.path, store, crawl=crawl, jobs=jobs)
    if as_json:
        output.emit_json(report.to_dict())
    output.message(f"recleaned {report.added}, rejected {report.rejected}")
    if report.interrupted:
        raise Failure("interrupted; run the same command again to finish", INTERRUPTED)


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.pass_obj
def reindex(archive: ArchiveDir, as_json) -> None:
    """Rebuild the index from the archive alone; the old index serves until the new one is done."""
    from indexer.maintenance import rebuild_index

    with archive.writing(live_index=False) as (store, _):
        written = rebuild_index(archive.path, store)
    if as_json:
        output.emit_json({"indexed": written})
    output.message(f"indexed {written} articles")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the problems as JSON on stdout.")
@click.pass_obj
def verify(archive: ArchiveDir, as_json) -> None:
    """Re-hash every stored capture and check that index and archive agree (exit 4 if not)."""
    from indexer.maintenance import verify as check

    with archive.reading() as (store, engine):
        found = check(store, engine)
    if as_json:
        output.emit_json({"ok": found.ok, "articles": found.articles, "problems": found.problems})
    for problem in found.problems:
        output.message(problem)
    if found.waiting:
        output.message(f"{found.waiting} articles wait to be indexed: an add was "
                       "interrupted; run it again to finish")
    if not found.ok:
        raise Failure(f"{len(found.problems)} problem(s) found", ARCHIVE)
    output.message(f"ok: {found.articles} articles, every capture matches its digest")


@click.command()
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
    from indexer.search import matching_ids

    with archive.reading() as (store, engine):
        ids = matching_ids(store, engine, " ".join(query))
        stream = click.open_file(target, "wb")
        with stream:
            written = write_export(store, ids, fmt, stream,
                                   escape=lambda text: safe(text, visible=True))
    output.message(f"exported {written} articles")


#: The commands of this module, registered on `khabar` by cli.main.
UPKEEP_COMMANDS = (stats, crawls, reclean, reindex, verify, export)
