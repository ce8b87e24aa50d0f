"""Command-line arguments of the commands that take a query.

A query may begin with an excluded word (`khabar search -Kobani Syria`), which click would
read as an option; `QueryCommand` hands such words to the query. Dates given as options
are checked as dates inside a query are, range included.
"""
from __future__ import annotations

import itertools

import click


class QueryCommand(click.Command):
    """A command whose words that begin with `-` and name none of its options are query
    words: `-Kobani` excludes Kobani, where click would stop at an unknown option `-K`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value, flags = set(), set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                names = param.opts + param.secondary_opts
                (flags if param.is_flag or param.count else takes_value).update(names)
        options, words = [], []
        tokens = iter(args)
        for token in tokens:
            if token == "--":
                words.extend(tokens)
            elif token in takes_value:
                options += [token, *itertools.islice(tokens, 1)]
            elif (token in flags or token.startswith("--")
                  or (token[:2] in takes_value and token[2:].isdigit())):
                options.append(token)
            else:
                words.append(token)
        return super().parse_args(ctx, options + (["--", *words] if words else []))


def date_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--since/--until: a real date (2016, 2016-03, 2016-03-21), the range not inverted."""
    from indexer.engine import QueryError
    from indexer.query_syntax import check_date, check_range

    if value is None:
        return None
    try:
        check_date(value)
        since, until = ((value, ctx.params.get("until")) if param.name == "since"
                        else (ctx.params.get("since"), value))
        check_range(since, until)
    except QueryError as err:
        raise click.BadParameter(str(err)) from None
    return value


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
