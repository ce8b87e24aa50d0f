"""Where an archive lives, and the lock that keeps it to one writer at a time."""
from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path

DATABASE = "khabar.sqlite3"
LOCK = "writer.lock"


def default_archive_dir() -> Path:
    """`$KHABAR_ARCHIVE`, else the user's data directory (`~/.local/share/khabar`)."""
    if os.environ.get("KHABAR_ARCHIVE"):
        return Path(os.environ["KHABAR_ARCHIVE"])
    data_home = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data_home) / "khabar"


def database_path(archive_dir: Path) -> Path:
    return archive_dir / DATABASE


class ArchiveLocked(RuntimeError):
    """Another process is writing to this archive."""


@contextmanager
def writer_lock(archive_dir: Path):
    """Hold the archive's writer lock, or raise ArchiveLocked at once.

    The lock is an flock on a file, so the kernel drops it when its holder
    dies: a killed `khabar add` never leaves a stale lock behind.
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
        try:
            yield
        finally:
            handle.truncate(0)
            fcntl.flock(handle, fcntl.LOCK_UN)
