"""Where an archive lives, and the lock that keeps it to one writer at a time."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

from archive.errors import ArchiveError

DATABASE = "khabar.sqlite3"
LOCK = "writer.lock"
#: The folder inside the archive that holds fetched WARCs and the fetch journal.
FETCHED_FOLDER = "fetched"
#: One JSON line per page fetched: what a re-run of `fetch` skips.
JOURNAL = "journal.jsonl"


def default_archive_dir() -> Path:
    """`$KHABAR_ARCHIVE`, else the user's data directory (`~/.local/share/khabar`)."""
    if os.environ.get("KHABAR_ARCHIVE"):
        return Path(os.environ["KHABAR_ARCHIVE"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "khabar"


def database_path(archive_dir: Path) -> Path:
    return archive_dir / DATABASE


def is_fetch_journal(path: Path) -> bool:
    """Whether `path` is an archive's own fetch journal (bookkeeping, not an input)."""
    return (path.name == JOURNAL and path.parent.name == FETCHED_FOLDER
            and database_path(path.parent.parent).is_file())


class ArchiveLocked(ArchiveError, RuntimeError):
    """Another process is writing to this archive."""


#: File descriptors of the writer locks this process holds. A forked child (a cleaning
#: worker) would otherwise share each lock and keep it alive after its writer is killed.
_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    """In a forked child, point each inherited lock descriptor at /dev/null: only the writer holds the lock."""
    if not _HELD_LOCKS:
        return
    null = os.open(os.devnull, os.O_RDONLY)
    for descriptor in _HELD_LOCKS:
        os.dup2(null, descriptor)
    os.close(null)
    _HELD_LOCKS.clear()


os.register_at_fork(after_in_child=_drop_inherited_locks)


@contextmanager
def writer_lock(archive_dir: Path):
    """Hold the archive's writer lock, or raise ArchiveLocked at once.

    The lock is an flock on a file, so the kernel drops it when its holder
    dies: a killed `khabar add` never leaves a stale lock behind. Forked children
    never share it (see `_drop_inherited_locks`), so orphaned workers cannot keep it.
    """
    archive_dir.mkdir(parents=True, exist_ok=True)
    with open(archive_dir / LOCK, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise ArchiveLocked(
                f"archive {archive_dir} is being written by {holder}; try again when it ends"
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        _HELD_LOCKS.add(handle.fileno())
        try:
            yield
        finally:
            _HELD_LOCKS.discard(handle.fileno())
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
