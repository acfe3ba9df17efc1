"""The errors provenance raises, each carrying its context.

    ProvenanceError
    ├── ConfigError          a bad setting or provenance.toml (carries the setting)
    ├── InputError           an input path that cannot be read at all (carries the path)
    │   └── ArticleSkipped   one file skipped: empty, binary, undecodable, too large
    ├── SourcesFileError     a malformed --sources file (carries the path)
    ├── FetchError           a fetch that could not be made (carries the URL)
    │   └── RefusedURL       the URL or an address it resolves to is not allowed
    └── LedgerError          the ledger cannot be opened or written (carries the path)

An expected miss (a quote not found, a source unreachable during a run) is a
result with a reason, never one of these: they are for what stops a command.
"""

from __future__ import annotations


class ProvenanceError(Exception):
    """Base class of every error provenance raises on purpose."""


class ConfigError(ProvenanceError):
    """A setting has a value provenance cannot use."""

    def __init__(self, message: str, *, setting: str | None = None) -> None:
        super().__init__(message)
        self.setting = setting


class InputError(ProvenanceError):
    """An input path cannot be read."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.reason = message


class ArticleSkipped(InputError):
    """One input file is skipped (empty, binary, undecodable, too large)."""


class SourcesFileError(ProvenanceError):
    """A sources file is malformed."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path


class FetchError(ProvenanceError):
    """A URL could not be fetched."""

    def __init__(self, message: str, *, url: str) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.reason = message


class RefusedURL(FetchError):
    """A URL is refused by the network rules (private address, scheme, robots.txt)."""


class LedgerError(ProvenanceError):
    """The ledger cannot be opened or written."""

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
