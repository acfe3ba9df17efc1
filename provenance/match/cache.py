"""The model's answers, kept on disk so a re-run costs nothing.

`ModelCache` is a mapping from a key (`support.soft_recall` makes it from the
model's version, the claim and the sentences read) to the model's value, in a
SQLite file under the archive folder (`cache/model.sqlite`). Several processes
may share it (`--jobs`, Dask workers on one machine): SQLite's own locking
orders their writes. It is a cache: a value it cannot write is computed again
next time, and deleting the file loses nothing.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, MutableMapping
from pathlib import Path

__all__ = ["FILENAME", "ModelCache"]

FILENAME = "model.sqlite"  # in the archive folder

_SCHEMA = "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, value REAL NOT NULL)"


class ModelCache(MutableMapping[str, float]):
    """Model answers by key, in the SQLite file `path` (opened on first use)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(_SCHEMA)
            self._db = db
        return self._db

    def __getitem__(self, key: str) -> float:
        row = self._connection().execute("SELECT value FROM answers WHERE key = ?", (key,))
        found = row.fetchone()
        if found is None:
            raise KeyError(key)
        return float(found[0])

    def __setitem__(self, key: str, value: float) -> None:
        with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: computed again
            self._connection().execute(
                "INSERT OR REPLACE INTO answers (key, value) VALUES (?, ?)", (key, value)
            )

    def __delitem__(self, key: str) -> None:
        self._connection().execute("DELETE FROM answers WHERE key = ?", (key,))

    def __iter__(self) -> Iterator[str]:
        rows = self._connection().execute("SELECT key FROM answers").fetchall()
        return iter([row[0] for row in rows])

    def __len__(self) -> int:
        return int(self._connection().execute("SELECT count(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        """Close the file (it opens again on next use)."""
        if self._db is not None:
            self._db.close()
            self._db = None
