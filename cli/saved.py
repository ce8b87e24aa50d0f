"""`khabar saved`: searches named once and run again (from cron, with --new)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli import output
from cli.output import NO_HITS, OK, USAGE, Failure, colour_option, safe
from cli.query_args import QueryCommand, search_options

if TYPE_CHECKING:
    from cli.main import ArchiveDir


@click.group()
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
        output.show(output.hits_lines(result.hits, colour, columns), colour)
        output.message(f"{name}: {result.total} hit{'s' if result.total != 1 else ''}"
                       + (" new since the last run" if only_new else ""))
    raise click.exceptions.Exit(OK if result.total else NO_HITS)
