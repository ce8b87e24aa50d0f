"""`khabar show`: one article, its captures and earlier texts, or the bytes as crawled."""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from cli import output
from cli.output import NO_HITS, USAGE, Failure, colour_option, safe

if TYPE_CHECKING:
    from cli.main import ArchiveDir


@click.command()
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
        article = find_article(store, reference)
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


def find_article(store, reference: str):
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
