"""Library errors carry the exit status their command ends with; the CLI's edge prints them
as one line and exits with it, after the command's cleanup."""
from __future__ import annotations

import os

import pytest

from archive.errors import ArchiveError, UsageError
from archive.location import ArchiveLocked, writer_lock
from archive.store import Store, StoreError
from indexer.engine import IndexOutdated, QueryError
from indexer.whoosh_engine import parse, schema


def test_library_errors_say_which_exit_status_they_mean(tmp_path):
    with pytest.raises(StoreError) as missing:
        Store(tmp_path / "none.sqlite3", create=False)
    assert isinstance(missing.value, ArchiveError) and missing.value.exit_code == 4
    with pytest.raises(QueryError) as bad_query:
        parse("(Hasakah OR", schema())
    assert isinstance(bad_query.value, UsageError) and bad_query.value.exit_code == 2
    assert issubclass(ArchiveLocked, ArchiveError) and issubclass(IndexOutdated, ArchiveError)


def test_a_query_error_ends_saved_add_with_status_2_and_nothing_saved(khabar):
    result = khabar("saved", "add", "broken", "(Hasakah OR")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "khabar: '(' at column 1 is never closed: ▸(Hasakah OR"]
    assert khabar("saved", "list", "--json").stdout.strip() in ("[]", "")


def test_a_locked_archive_ends_add_with_status_4_and_the_lock_holder_named(khabar, archive_dir,
                                                                         tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Amuda</title></head><body><p>Amuda farmers.</p></body></html>")
    khabar("add", str(page))
    with writer_lock(archive_dir):
        result = khabar("add", str(page))
    assert result.exit_code == 4
    assert result.stderr.splitlines() == [
        f"khabar: archive {archive_dir} is being written by pid {os.getpid()}; "
        "try again when it ends"]
