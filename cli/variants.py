"""`khabar variants`: the spellings and names a name matches, and the archive's own entries
(registered in cli.main)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import click

from cli import output
from cli.output import safe

if TYPE_CHECKING:
    from cli.main import ArchiveDir


# -- names ---------------------------------------------------------------------
class _NameOrCommand(click.Group):
    """`khabar variants NAME` looks a name up; `khabar variants add …` adds one."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["show", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_NameOrCommand)
def variants() -> None:
    """The spellings and names a name matches (`khabar variants NAME`), and new ones (`add`).

    \b
    Examples:
      khabar variants Qamishlo
      khabar variants add Girê Spî --name "Tal Abyad" --name "تل أبيض" --kind place
    """


@variants.command("show")
@click.argument("name", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list on stdout.")
@click.pass_obj
def variants_show(archive: ArchiveDir, name, as_json) -> None:
    """The spellings and names that NAME matches in the archive, each with its reason
    (without an archive: the gazetteer's names and the phonetic key)."""
    from archive.location import database_path
    from indexer.names import explain, gazetteer
    from indexer.whoosh_engine import VARIANTS

    if database_path(archive.path).exists():
        with archive.reading() as (_store, engine):
            found = engine.explain_name(" ".join(name))
    else:
        found = explain(" ".join(name), gazetteer(archive.path / VARIANTS))
    if as_json:
        output.emit_json([{"spelling": spelling, "reason": reason} for spelling, reason in found])
        return
    for spelling, reason in found:
        click.echo(safe(spelling, one_line=True) + "\t" + safe(reason, one_line=True))


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
    from indexer.whoosh_engine import VARIANTS

    archive.path.mkdir(parents=True, exist_ok=True)
    add_entry(archive.path / VARIANTS, [" ".join(name), *others], kind)
    output.message(f"added: {' = '.join([' '.join(name), *others])}")
