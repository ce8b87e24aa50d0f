"""The errors the library raises for a person to read, each carrying the exit status its
command ends with (the README's table), as click's ClickException carries one. The CLI turns
them into a one-line message at its edge; the library never prints."""
from __future__ import annotations


class KhabarError(Exception):
    """A failure the command reports in one line and ends with `exit_code`."""

    exit_code = 1


class UsageError(KhabarError):
    """What was asked cannot be understood (a query that does not parse, a bad option)."""

    exit_code = 2


class ArchiveError(KhabarError):
    """The archive is missing, locked by another writer, or damaged."""

    exit_code = 4
