"""How khabar talks: data on stdout, messages on stderr, terminal-safe text.

Text from crawls is untrusted. Everything printed goes through `safe()`, the
one function that decides what a terminal must never receive: for a person it
removes control characters, escape sequences and bidi overrides, so an article
can never move the cursor, open a hyperlink or turn the rest of the screen
right-to-left; for machine output (JSON, JSON Lines, CSV, TSV, exports) it
writes each of them as a visible `\\uXXXX`, which JSON decodes back exactly.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import shutil
import sys

import click
from wcwidth import wcswidth

# Exit statuses, as the project documents them (like grep: 1 means "nothing matched").
OK, NO_HITS, USAGE, PARTIAL, ARCHIVE, INTERRUPTED = 0, 1, 2, 3, 4, 130

#: ANSI/VT escape sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ESC \), and
#: two-character escapes (ESC + one byte). Removed whole, not just their ESC byte.
ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"            # CSI: colours, cursor moves, screen clears
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, OSC-8 hyperlinks
    r"|\x1b[@-_]"                          # other two-character escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"             # CSI in its one-byte C1 form
)
#: Characters no article needs on a terminal: C0/C1 controls (but tab and
#: newline), DEL, and the bidi embedding/override/isolate controls that can
#: reorder what follows them. Zero-width (non-)joiners stay: Sorani needs them.
UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe(text: str | None, *, one_line: bool = False, visible: bool = False) -> str:
    """`text` with nothing in it that a terminal would act on.

    `visible` writes each such character as `\\uXXXX` instead of removing it (and its
    escape sequence): data stays exact in JSON and recognisable in CSV and TSV. JSON's own
    escaping is not enough: it leaves C1 controls (U+009B starts a CSI), DEL and bidi
    overrides raw.
    """
    if not text:
        return ""
    if visible:
        text = UNSAFE.sub(lambda control: f"\\u{ord(control.group()):04x}", text)
    else:
        text = UNSAFE.sub("", ESCAPE_SEQUENCE.sub("", text.replace("\r\n", "\n")))
    return " ".join(text.split()) if one_line else text


def json_text(data, *, indent: int | None = None) -> str:
    """`data` as JSON that is safe on a terminal: UTF-8 text, controls as \\uXXXX."""
    return safe(json.dumps(data, ensure_ascii=False, indent=indent), visible=True)


def use_colour(choice: str = "auto", stream=None) -> bool:
    """Colour only on a terminal, and never with NO_COLOR or TERM=dumb."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    stream = stream or sys.stdout
    return hasattr(stream, "isatty") and stream.isatty()


def emit_json(data) -> None:
    click.echo(json_text(data, indent=2))


def emit_rows(rows: list[dict], columns: tuple[str, ...], fmt: str) -> None:
    """Hits as JSON Lines, CSV or TSV, with exactly `columns`, in that order."""
    if fmt == "jsonl":
        for row in rows:
            click.echo(json_text({c: row.get(c) for c in columns}))
        return
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter="\t" if fmt == "tsv" else ",", lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c), fmt) for c in columns])
    click.echo(buffer.getvalue(), nl=False)


def _cell(value, fmt: str) -> str:
    if isinstance(value, list):  # also_in URLs; highlights as start-end offsets
        value = " ".join("-".join(map(str, item)) if isinstance(item, list) else item
                         for item in value)
    # a TSV cell cannot hold a tab or a newline; CSV quotes them. Neither carries a control.
    return safe("" if value is None else str(value), one_line=fmt == "tsv", visible=True)


def show(lines: list[str], colour: bool) -> None:
    """Print lines for a person: through a pager when they overflow a terminal."""
    text = "\n".join(lines)
    size = shutil.get_terminal_size((80, 24))
    if sys.stdout.isatty() and sum(_rows(line, size.columns) for line in lines) > size.lines:
        with _pager_settings():
            click.echo_via_pager(text + "\n", color=colour)
    elif text:
        click.echo(text, color=colour)


@contextlib.contextmanager
def _pager_settings():
    """What git does: `less` gets FRX unless the user set $LESS, so colours arrive as colours
    (R), a short page just prints (F) and what was shown stays on the screen (X)."""
    if "LESS" in os.environ:
        yield
        return
    os.environ["LESS"] = "FRX"
    try:
        yield
    finally:
        del os.environ["LESS"]


def terminal_width() -> int:
    """The columns of the terminal stdout is; 0 (do not wrap) when stdout is a pipe or a file."""
    return shutil.get_terminal_size((80, 24)).columns if sys.stdout.isatty() else 0


def width(text: str) -> int:
    """Columns `text` takes on a terminal (combining marks take none, wide characters two)."""
    columns = wcswidth(ESCAPE_SEQUENCE.sub("", text))
    return columns if columns >= 0 else len(text)


def _rows(line: str, columns: int) -> int:
    return max(1, -(-width(line) // max(columns, 1)))


def wrapped(text: str, columns: int, indent: str = "", hidden: tuple[str, ...] = ()) -> list[str]:
    """`text` (one line) broken at spaces into lines of at most `columns` columns, each
    starting with `indent`; a word longer than a line gets a line of its own; the `hidden`
    marks take no room. No wrapping when `columns` is 0."""
    if not columns:
        return [indent + text]
    lines: list[str] = []
    line, used = [], width(indent)
    for word in text.split():
        size = width(re.sub("|".join(map(re.escape, hidden)), "", word) if hidden else word)
        if line and used + 1 + size > columns:
            lines.append(indent + " ".join(line))
            line, used = [], width(indent)
        used += size + (1 if line else 0)
        line.append(word)
    return lines + [indent + " ".join(line)] if line or not lines else lines


class ProgressLine:
    """A one-line progress report on a terminal's stderr, redrawn at most five times a
    second; `describe(report, item)` says what to show."""

    def __init__(self, describe):
        import time

        self.describe, self.clock = describe, time.monotonic
        self.started, self.last = self.clock(), 0.0

    def __call__(self, report, item: str) -> None:
        now = self.clock()
        if now - self.last < 0.2:
            return
        self.last = now
        click.echo(f"\r\x1b[K{safe(self.describe(report, item), one_line=True)}", err=True, nl=False)

    def elapsed(self) -> float:
        return max(self.clock() - self.started, 1e-6)

    def done(self) -> None:
        click.echo("\r\x1b[K", err=True, nl=False)


def message(text: str) -> None:
    """A message for the person (stderr), never mixed into data."""
    click.echo(safe(text), err=True)


class Failure(click.ClickException):
    """A one-line error that ends the command with `status`; click prints it at its edge
    (`show`), terminal-safe, after whatever cleanup the unwinding does."""

    def __init__(self, text: str, status: int):
        super().__init__(text)
        self.exit_code = status

    def show(self, file=None) -> None:
        click.echo(f"khabar: {safe(self.message, one_line=True)}", err=True)


def marked(snippet: str, colour: bool, columns: int = 0, indent: str = "") -> list[str]:
    """A snippet as lines wrapped to `columns`, its [[matches]] in bold yellow on a colour
    terminal, markers otherwise; a match broken across lines is marked on both."""
    from indexer.snippets import CLOSE, OPEN

    lines = wrapped(safe(snippet, one_line=True), columns, indent, hidden=(OPEN, CLOSE))
    for n, line in enumerate(lines):
        if line.count(OPEN) > line.count(CLOSE):
            lines[n] = line + CLOSE
            lines[n + 1] = lines[n + 1][:len(indent)] + OPEN + lines[n + 1][len(indent):]
    if not colour:
        return lines
    return [re.sub(r"\[\[(.+?)\]\]", lambda m: click.style(m.group(1), fg="yellow", bold=True),
                   line) for line in lines]


#: --color, for every command that prints articles for a person.
colour_option = click.option("--color", type=click.Choice(["auto", "always", "never"]),
                             default="auto", show_default=True,
                             help="Colour on a terminal (auto), always, or never.")


def hits_lines(hits, colour: bool, columns: int = 0) -> list[str]:
    """Search hits as the lines a person reads: each one's title, facts, URL, snippet."""
    return [line for hit in hits for line in _hit_lines(hit, colour, columns)]


def _hit_lines(hit, colour: bool, columns: int) -> list[str]:
    title = safe(hit.title, one_line=True)
    facts = [hit.date or "undated", hit.source or "", hit.lang, f"id {hit.id}"] + (
        [f"earlier text, captured {hit.version}"] if hit.version else [])
    lines = [click.style(title, bold=True) if colour else title,
             "  " + safe(" · ".join(f for f in facts if f), one_line=True),
             "  " + safe(hit.url, one_line=True)]
    if hit.snippet:
        lines += marked(hit.snippet, colour, columns, indent="  ")
    if hit.also_in:
        lines.append("  also in: " + safe(", ".join(hit.also_in), one_line=True))
    return lines + [""]
