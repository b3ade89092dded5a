"""Read-only views of a store that a running ingest cannot pull files from under.

RocksDB opens a read-only store's data files lazily. An ingest that bulk-loads makes
RocksDB compact and delete files such a reader has not opened yet: the reader's next
read fails ("No such file or directory"), and Oxigraph's aggregates (COUNT, GROUP BY)
spin on that error and grow without bound. So a reader opens a private folder of hard
links to the store's files of that moment: the writer may delete its names, the data
stays until the reader closes and removes the folder. Links cost no space or copying.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from pyoxigraph import Store

READERS = "readers"        # next to the database folder, on the same file system


def open_view(db: Path, readers: Path, attempts: int = 40) -> tuple[Store, Path | None]:
    """A read-only Store on hard links to `db`'s current files, and the folder to remove
    when done; a plain read-only open (folder None) where links cannot be made."""
    remove_stale(readers)
    try:
        readers.mkdir(exist_ok=True)
    except OSError:          # a store on a read-only medium has no writer to fear
        return open_read_only(db, attempts), None
    for attempt in range(attempts):
        view = Path(tempfile.mkdtemp(prefix=f"{os.getpid()}-", dir=readers))
        try:
            _link(db, view)
            return Store.read_only(str(view)), view
        except (OSError, RuntimeError) as exc:
            shutil.rmtree(view, ignore_errors=True)
            if isinstance(exc, OSError) and not _moved_on(exc) and attempt == 0:
                return open_read_only(db, attempts), None      # e.g. no hard links here
            if attempt == attempts - 1:
                raise
        time.sleep(min(0.005 * 2 ** attempt, 0.1))
    raise AssertionError("unreachable")


def close_view(view: Path | None) -> None:
    if view is not None:
        shutil.rmtree(view, ignore_errors=True)


def _link(db: Path, view: Path) -> None:
    """The manifest first (copied: the writer appends to it), then every other file as a
    link; a file the manifest names but the writer has deleted since fails the open,
    and the caller tries again."""
    manifest = (db / "CURRENT").read_text(encoding="ascii").strip()
    shutil.copyfile(db / manifest, view / manifest)
    for entry in os.scandir(db):
        name = entry.name
        if name in ("LOCK", "CURRENT", manifest) or name.startswith("LOG") or not entry.is_file():
            continue
        try:
            os.link(entry.path, view / name)
        except FileNotFoundError:
            if name.endswith(".sst") or name.endswith(".log"):
                continue     # retired since the listing; if the manifest needs it, the open says so
            raise
    (view / "CURRENT").write_text(manifest + "\n", encoding="ascii")


def _moved_on(exc: BaseException) -> bool:
    """Errors of a store changing under the reader, which another attempt gets past."""
    text = str(exc)
    return isinstance(exc, FileNotFoundError) or "No such file" in text or "Corruption" in text \
        or "Column family not found" in text


def open_read_only(db: Path, attempts: int = 40) -> Store:
    """Store.read_only on the store's own folder, retried while the writer retires files
    between the reader listing them and opening them (the open is not atomic)."""
    for attempt in range(attempts):
        try:
            return Store.read_only(str(db))
        except (OSError, RuntimeError) as exc:
            if not _moved_on(exc) or attempt == attempts - 1:
                raise
        time.sleep(min(0.005 * 2 ** attempt, 0.1))
    raise AssertionError("unreachable")


def remove_stale(readers: Path) -> None:
    """Remove the views of readers that died without closing (their PID is gone)."""
    try:
        entries = list(os.scandir(readers))
    except OSError:
        return
    for entry in entries:
        pid = entry.name.split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(entry.path, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
