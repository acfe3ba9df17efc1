"""The model's answers, kept on disk so a re-run costs nothing.

`ModelCache` is a mapping from a key (`support.soft_recall` makes it from the
model's version, the claim and the sentences read) to the model's value, in a
SQLite file under the archive folder, one a machine (`in_folder`:
`cache/model-HOST.sqlite`). The processes of one machine share it (`--jobs`,
Dask workers): SQLite's own locking orders their writes. Machines of a cluster
that share the archive folder on a network filesystem each write their own
file, since SQLite's write-ahead log needs its processes on one host. It is a
cache: a value it cannot write is computed again next time, and deleting the
file loses nothing.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import sqlite3
import threading
from collections.abc import Iterator, MutableMapping
from pathlib import Path
from typing import Any

__all__ = ["ModelCache", "in_folder"]

TIMEOUT = 1.0  # seconds a statement waits for another process's lock

_log = logging.getLogger("provenance")

_SCHEMA = "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value REAL NOT NULL)"


class ModelCache(MutableMapping[str, float]):
    """Model answers by key, in the SQLite file `path` (opened on first use).

    Each thread has its own connection (a Dask worker runs several), so a write
    waiting for another process's lock holds up no other thread's read. A lock
    held past `TIMEOUT` costs that one answer (computed, not kept). A file that
    cannot be opened or read (a folder without rights, a corrupt file) makes
    the cache answer nothing from then on, and a write refused for another
    reason (a read-only file) stops the writes; `failure` says why, and it is
    logged once. Either way the model runs and the claim is checked.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.failure: str | None = None
        self._reading = True
        self._writing = True
        self._local = threading.local()
        self._opened: list[tuple[threading.Thread, sqlite3.Connection]] = []
        self._lock = threading.Lock()  # guards the flags and the list of connections

    def _connection(self) -> sqlite3.Connection:
        db: sqlite3.Connection | None = getattr(self._local, "db", None)
        if db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                self.path, timeout=TIMEOUT, isolation_level=None, check_same_thread=False
            )
            try:
                db.execute("PRAGMA synchronous=NORMAL")  # a lost answer is computed again
                with contextlib.suppress(sqlite3.OperationalError):  # a read-only file
                    db.execute("PRAGMA journal_mode=WAL")
                with contextlib.suppress(sqlite3.OperationalError):
                    db.execute(_SCHEMA)
                db.execute("SELECT 1 FROM answers LIMIT 1").fetchall()
            except sqlite3.Error:
                db.close()
                raise
            self._local.db = db
            with self._lock:
                ended = [db for thread, db in self._opened if not thread.is_alive()]
                self._opened = [(t, c) for t, c in self._opened if t.is_alive()]
                self._opened.append((threading.current_thread(), db))
            for old in ended:  # connections of threads that have ended
                old.close()
        return db

    def _run(
        self, sql: str, parameters: tuple[object, ...] = (), *, write: bool = False
    ) -> list[tuple[Any, ...]] | None:
        """The rows of one statement, or None when the cache cannot answer (see the class)."""
        if not self._reading or (write and not self._writing):
            return None
        try:
            return self._connection().execute(sql, parameters).fetchall()
        except sqlite3.ProgrammingError:
            self._local.db = None  # closed by `close()` meanwhile: this answer only
            return None
        except sqlite3.OperationalError as error:
            if _busy(error):
                return None  # another process holds the file: this answer only
            self._stop(error, writes_only=write and self._opened_here())
        except (sqlite3.Error, OSError) as error:
            self._stop(error, writes_only=False)
        return None

    def _opened_here(self) -> bool:
        return getattr(self._local, "db", None) is not None

    def _stop(self, error: Exception, *, writes_only: bool) -> None:
        with self._lock:
            first = self.failure is None
            self.failure = f"{self.path}: {error}"
            self._writing = False
            if not writes_only:
                self._reading = False
        if first:
            what = "keeps no more answers" if writes_only else "is not used"
            _log.warning("the model's cache %s: %s (the model runs instead)", what, self.failure)

    def __getitem__(self, key: str) -> float:
        rows = self._run("SELECT value FROM answers WHERE key = ?", (key,))
        if not rows:
            raise KeyError(key)
        return float(rows[0][0])

    def __setitem__(self, key: str, value: float) -> None:
        sql = "INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)"
        self._run(sql, (key, value), write=True)

    def __delitem__(self, key: str) -> None:
        if key not in self:
            raise KeyError(key)
        self._run("DELETE FROM answers WHERE key = ?", (key,), write=True)

    def __iter__(self) -> Iterator[str]:
        return iter([row[0] for row in self._run("SELECT key FROM answers") or []])

    def __len__(self) -> int:
        rows = self._run("SELECT count(*) FROM answers")
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Close the file in every thread (a thread opens it again on its next use, unless
        the cache has stopped)."""
        with self._lock:
            opened, self._opened = self._opened, []
            self._local = threading.local()
        for _, db in opened:
            db.close()


def _busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def in_folder(folder: Path) -> ModelCache:
    """The cache of this machine in the archive folder `folder` (`model-HOST.sqlite`)."""
    host = re.sub(r"[^A-Za-z0-9.-]+", "-", socket.gethostname()).strip(".-") or "host"
    return ModelCache(folder / f"model-{host}.sqlite")
