"""The archive: every fetched response, and its request, as WARC 1.1 records.

Layout under the cache directory::

    cache/warc/provenance-YYYYMMDDHHMMSS-NNNNN.warc.gz   one gzip member per record
    cache/warc/index.cdxj                                 one line per response
    cache/warc/.lock                                      writers take it in turn

Each file starts with a `warcinfo` record, then pairs of `request` and
`response` records (WARC-Concurrent-To links them) carrying sha256
WARC-Block-Digest and WARC-Payload-Digest fields, so `warcio check`, pywb and
ReplayWeb.page read them. A new file is started by each Archive that writes,
and when a file would grow beyond `max_file_size`.

The payload stored is the body with its Content-Encoding undone (the bytes the
reader gets); the original Content-Encoding and Transfer-Encoding headers are
kept as `X-Archive-Orig-*` headers, as pywb does, and Content-Length is set to
the stored length. The URL first asked for, when redirects led elsewhere, is in
the `WARC-Provenance-Requested-URI` field of the response.

The index is CDXJ (`<SURT> <timestamp> <JSON>`, the JSON with pywb's field
names plus ours) and is the commit point of a capture: records are written,
flushed and fsynced, then the index line is appended and fsynced. On opening,
a torn index line is cut off, complete record pairs found after the last
indexed one are indexed (recovered), and a torn tail record is truncated, so
every file left behind by a killed process passes `warcio check` and nothing
archived is fetched again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from provenance.errors import FetchError
from provenance.models import Capture

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: in-process locking only
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "MAX_FILE_SIZE",
    "REQUESTED_URI",
    "Archive",
    "Headers",
    "read_payload",
    "surt",
    "utc_now",
    "warc_path",
]

Headers = Mapping[str, str] | Iterable[tuple[str, str]]

MAX_FILE_SIZE = 1024**3
BODY_CACHE_BYTES = 64 * 1024**2
INDEX_NAME = "index.cdxj"
REQUESTED_URI = "WARC-Provenance-Requested-URI"
SOFTWARE = "provenance/0.1 (warcio)"
_FILE_NAME = re.compile(r"^provenance-(\d{14})-(\d{5})\.warc\.gz$")
_DROPPED = ("content-encoding", "transfer-encoding", "content-length")


class _Writer(WARCWriter):  # type: ignore[misc]
    """A warcio writer whose block and payload digests are sha256."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


def utc_now() -> str:
    """The current time as ISO 8601 UTC to the second (`2025-11-22T11:01:02Z`)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def surt(url: str) -> str:
    """A sort-friendly key for `url`, as CDX indexes use (`com,example)/path?q`)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    key = ",".join(reversed(host.split(".")))
    default = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default:
        key += f":{parts.port}"
    query = "&".join(sorted(parts.query.split("&"))) if parts.query else ""
    return f"{key}){parts.path or '/'}{'?' + query if query else ''}".lower()


class Archive:
    """WARC files and their index under `cache_dir/warc/`."""

    def __init__(self, cache_dir: Path, *, max_file_size: int = MAX_FILE_SIZE) -> None:
        self.cache_dir = Path(cache_dir)
        self.directory = self.cache_dir / "warc"
        self.directory.mkdir(parents=True, exist_ok=True)
        self.max_file_size = max_file_size
        self._thread_lock = threading.Lock()
        self._lock_file = (self.directory / ".lock").open("a+b")
        self._out: IO[bytes] | None = None
        self._index_read = 0
        self._captures: dict[tuple[str, int], Capture] = {}
        self._latest: dict[str, Capture] = {}
        self._redirects: dict[str, Capture] = {}
        self._bodies: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._body_bytes = 0
        with self._locked():
            _recover(self.directory, self.index_path)
            self._read_index()

    @property
    def index_path(self) -> Path:
        """The CDXJ index of the captures."""
        return self.directory / INDEX_NAME

    def close(self) -> None:
        """Close the current WARC file and the lock file."""
        with self._thread_lock:
            if self._out is not None:
                self._out.close()
                self._out = None
            self._lock_file.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def write(
        self,
        request_url: str,
        method: str,
        request_headers: Headers,
        status: int,
        response_headers: Headers,
        body: bytes,
        final_url: str | None = None,
        fetched_at: str | None = None,
    ) -> Capture:
        """Archive one exchange and return its Capture (body included).

        `request_url` is the URL first asked for; `final_url` the URL this
        response came from (after redirects), when different. `body` is the
        payload with any Content-Encoding already undone.
        """
        target = final_url or request_url
        when = fetched_at or utc_now()
        with self._locked():
            out = self._output(len(body))
            offset, end = _write_pair(
                out, target, method, request_headers, status, response_headers, body, when,
                request_url,
            )  # fmt: skip
            capture = Capture(
                url=request_url, final_url=target, fetched_at=when, status=status,
                content_type=_header(response_headers, "content-type"),
                warc_file=Path(out.name).name, offset=offset, length=end - offset,
                sha256=hashlib.sha256(body).hexdigest(), size=len(body),
            )  # fmt: skip
            _append_lines(self.index_path, [_index_line(capture)])
            self._read_index()
        return _with_body(capture, body, from_archive=False)

    def lookup(self, url: str) -> Capture | None:
        """The latest capture of `url` (asked for, or reached by redirects), or None.

        A response that is not a redirect is preferred to a redirect.
        """
        found = self._find(url)
        if found is None:
            with self._locked():
                self._read_index()
            found = self._find(url)
        return found

    def read_body(self, capture: Capture) -> bytes:
        """The archived payload of `capture` (Content-Encoding undone), digest checked.

        Recently read bodies are kept in memory (up to BODY_CACHE_BYTES), since a
        re-verification run reads the same originals for many claims.
        """
        key = (capture.warc_file, capture.offset)
        cached = self._bodies.get(key)
        if cached is not None:
            self._bodies.move_to_end(key)
            return cached
        record = read_payload(self.directory, capture)
        self._keep_body(key, record)
        return record

    def _keep_body(self, key: tuple[str, int], body: bytes) -> None:
        if len(body) > BODY_CACHE_BYTES // 8:
            return
        with self._thread_lock:
            self._bodies[key] = body
            self._body_bytes += len(body)
            while self._body_bytes > BODY_CACHE_BYTES:
                _, dropped = self._bodies.popitem(last=False)
                self._body_bytes -= len(dropped)

    def captures(self) -> Iterator[Capture]:
        """Every indexed capture, oldest first (bodies not loaded)."""
        with self._locked():
            self._read_index()
            items = list(self._captures.values())
        yield from items

    def path_of(self, capture: Capture) -> Path:
        """The path of the WARC file holding `capture`."""
        return warc_path(self.directory, capture)

    # --- internals ----------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        with self._thread_lock:
            if fcntl is not None:
                fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                if fcntl is not None:
                    fcntl.flock(self._lock_file.fileno(), fcntl.LOCK_UN)

    def _find(self, url: str) -> Capture | None:
        return self._latest.get(url) or self._redirects.get(url)

    def _read_index(self) -> None:
        """Remember the index lines appended since the last read."""
        if not self.index_path.exists():
            return
        with self.index_path.open("rb") as handle:
            handle.seek(self._index_read)
            data = handle.read()
        complete = data[: data.rfind(b"\n") + 1]
        self._index_read += len(complete)
        for line in complete.splitlines():
            capture = _parse_line(line)
            if capture is not None:
                self._remember(capture)

    def _remember(self, capture: Capture) -> None:
        self._captures[(capture.warc_file, capture.offset)] = capture
        table = self._redirects if 300 <= capture.status < 400 else self._latest
        table[capture.url] = capture
        table[capture.final_url] = capture

    def _output(self, size: int) -> IO[bytes]:
        """The WARC file to write the next pair to, starting a new one when needed."""
        out = self._out
        if out is not None and (out.tell() + size <= self.max_file_size or out.tell() < 4096):
            return out
        if out is not None:
            out.close()
        self._out = _new_file(self.directory)
        return self._out


# --- reading ----------------------------------------------------------------


def warc_path(directory: Path, capture: Capture) -> Path:
    """The WARC file in `directory` that holds `capture`; FetchError for any other name."""
    name = Path(capture.warc_file).name
    if name != capture.warc_file or not _FILE_NAME.match(name):
        raise FetchError(f"not a WARC file of this archive: {capture.warc_file!r}", url=capture.url)
    return directory / name


def read_payload(directory: Path, capture: Capture) -> bytes:
    """The archived payload of `capture` from the WARC files in `directory`, sha256 checked.

    Reads the one gzip member at the capture's offset; FetchError when the file
    is missing, the record unreadable or its body not the one indexed.
    """
    try:
        with warc_path(directory, capture).open("rb") as handle:
            handle.seek(capture.offset)
            raw = handle.read(capture.length)
        data = zlib.decompressobj(31).decompress(raw)
        record = bytes(next(iter(ArchiveIterator(io.BytesIO(data)))).raw_stream.read())
    except (OSError, zlib.error, StopIteration, ValueError) as exc:
        raise FetchError(
            f"cannot read the record in {capture.warc_file} at {capture.offset}: {exc}",
            url=capture.url,
        ) from exc
    if hashlib.sha256(record).hexdigest() != capture.sha256:
        raise FetchError(
            f"archived body in {capture.warc_file} at {capture.offset} does not match its sha256",
            url=capture.url,
        )
    return record


# --- writing ----------------------------------------------------------------


def _new_file(directory: Path) -> IO[bytes]:
    """Create the next WARC file (its name has the next serial) with a warcinfo record."""
    serials = [int(m.group(2)) for p in directory.iterdir() if (m := _FILE_NAME.match(p.name))]
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    name = f"provenance-{stamp}-{max(serials, default=0) + 1:05d}.warc.gz"
    out = (directory / name).open("xb")
    writer = _Writer(out, gzip=True, warc_version="1.1")
    info = {"software": SOFTWARE, "format": "WARC File Format 1.1"}
    writer.write_record(writer.create_warcinfo_record(name, info))
    _sync(out)
    return out


def _write_pair(
    out: IO[bytes],
    target: str,
    method: str,
    request_headers: Headers,
    status: int,
    response_headers: Headers,
    body: bytes,
    when: str,
    requested: str,
) -> tuple[int, int]:
    """Write the request and response records; return the response's offset and end.

    On any failure the file is cut back to where it was, so it stays readable.
    """
    start = out.tell()
    try:
        writer = _Writer(out, gzip=True, warc_version="1.1")
        response = _response_record(writer, target, status, response_headers, body, when, requested)
        request = _request_record(writer, target, method, request_headers, when)
        request.rec_headers.add_header(
            "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
        )
        writer.write_record(request)
        offset = out.tell()
        writer.write_record(response)
        end = out.tell()
        _sync(out)
    except BaseException:
        out.truncate(start)
        out.seek(start)
        raise
    return offset, end


def _response_record(
    writer: _Writer,
    target: str,
    status: int,
    headers: Headers,
    body: bytes,
    when: str,
    requested: str,
) -> Any:
    fields = {"WARC-Date": when}
    if requested != target:
        fields[REQUESTED_URI] = requested
    http = StatusAndHeaders(_status_line(status), _stored_headers(headers, len(body)), "HTTP/1.1")
    return writer.create_warc_record(
        target, "response", payload=io.BytesIO(body), length=len(body),
        http_headers=http, warc_headers_dict=fields,
    )  # fmt: skip


def _request_record(writer: _Writer, target: str, method: str, headers: Headers, when: str) -> Any:
    parts = urlsplit(target)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    pairs = list(_pairs(headers))
    if not any(name.lower() == "host" for name, _ in pairs):
        pairs.insert(0, ("Host", parts.netloc))
    http = StatusAndHeaders(f"{method} {path} HTTP/1.1", pairs, is_http_request=True)
    return writer.create_warc_record(
        target, "request", http_headers=http, warc_headers_dict={"WARC-Date": when}
    )


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


def _stored_headers(headers: Headers, length: int) -> list[tuple[str, str]]:
    """Response headers as stored: encodings moved aside, Content-Length set."""
    stored: list[tuple[str, str]] = []
    for name, value in _pairs(headers):
        if name.lower() in _DROPPED:
            stored.append((f"X-Archive-Orig-{name}", value))
        else:
            stored.append((name, value))
    stored.append(("Content-Length", str(length)))
    return stored


def _pairs(headers: Headers) -> Iterator[tuple[str, str]]:
    items = headers.items() if isinstance(headers, Mapping) else headers
    for name, value in items:
        yield str(name), str(value).replace("\r", " ").replace("\n", " ")


def _header(headers: Headers, wanted: str) -> str | None:
    return next((value for name, value in _pairs(headers) if name.lower() == wanted), None)


def _sync(out: IO[bytes]) -> None:
    out.flush()
    os.fsync(out.fileno())


def _with_body(capture: Capture, body: bytes, *, from_archive: bool) -> Capture:
    capture.body = body
    capture.from_archive = from_archive
    return capture


# --- the index --------------------------------------------------------------


def _index_line(capture: Capture) -> str:
    data = {
        "url": capture.final_url,
        "requested": capture.url,
        "fetched_at": capture.fetched_at,
        "status": capture.status,
        "mime": capture.content_type,
        "filename": capture.warc_file,
        "offset": capture.offset,
        "length": capture.length,
        "sha256": capture.sha256,
        "size": capture.size,
    }
    stamp = re.sub(r"\D", "", capture.fetched_at)[:14]
    return f"{surt(capture.final_url)} {stamp} {json.dumps(data, ensure_ascii=False)}\n"


def _parse_line(line: bytes) -> Capture | None:
    """The Capture of one index line, or None for a line that cannot be read."""
    try:
        data = json.loads(line.split(b" ", 2)[2])
        return Capture(
            url=str(data["requested"]),
            final_url=str(data["url"]),
            fetched_at=str(data["fetched_at"]),
            status=int(data["status"]),
            content_type=data.get("mime"),
            warc_file=str(data["filename"]),
            offset=int(data["offset"]),
            length=int(data["length"]),
            sha256=str(data["sha256"]),
            size=int(data.get("size", 0)),
        )
    except (IndexError, KeyError, TypeError, ValueError):
        return None


def _append_lines(path: Path, lines: list[str]) -> None:
    if not lines:
        return
    with path.open("ab") as handle:
        handle.write("".join(lines).encode("utf-8"))
        _sync(handle)


# --- recovery ---------------------------------------------------------------


def _recover(directory: Path, index: Path) -> None:
    """Make the WARC files and the index agree after a crash (see the module docstring)."""
    ends = _indexed_ends(index)
    recovered: list[str] = []
    for path in sorted(directory.glob("provenance-*.warc.gz")):
        recovered.extend(_recover_file(path, ends.get(path.name, 0), path.name in ends))
    _append_lines(index, recovered)


def _indexed_ends(index: Path) -> dict[str, int]:
    """Cut a torn last line off the index; return where each file's indexed records end."""
    if not index.exists():
        return {}
    data = index.read_bytes()
    if data and not data.endswith(b"\n"):
        with index.open("r+b") as handle:
            handle.truncate(data.rfind(b"\n") + 1)
            _sync(handle)
    ends: dict[str, int] = {}
    for line in data[: data.rfind(b"\n") + 1].splitlines():
        capture = _parse_line(line)
        if capture is not None:
            end = capture.offset + capture.length
            ends[capture.warc_file] = max(ends.get(capture.warc_file, 0), end)
    return ends


def _recover_file(path: Path, start: int, indexed: bool) -> list[str]:
    """Index the complete pairs after `start`, truncate what follows; return index lines.

    A file left with no indexed response (a crash right after it was started) is removed.
    """
    if path.stat().st_size == start:
        return []
    lines: list[str] = []
    good, pending = start, False
    with path.open("rb") as handle:
        for offset, length, record in _members(handle, start):
            kind = record.rec_headers.get_header("WARC-Type")
            if kind == "response" and pending:
                lines.append(_index_line(_recovered_capture(record, path.name, offset, length)))
                good = offset + length
            elif kind == "warcinfo":
                good = offset + length
            pending = kind == "request"
    if not lines and not indexed:
        path.unlink()
    elif good < path.stat().st_size:
        with path.open("r+b") as handle:
            handle.truncate(good)
            _sync(handle)
    return lines


def _members(handle: IO[bytes], start: int) -> Iterator[tuple[int, int, Any]]:
    """Each complete gzip member from `start`: its offset, length and WARC record."""
    handle.seek(start)
    offset, pending = start, b""
    while True:
        decompressor, parts, used = zlib.decompressobj(31), [], 0
        while not decompressor.eof:
            pending = pending or handle.read(1 << 20)
            if not pending:
                return
            try:
                parts.append(decompressor.decompress(pending))
            except zlib.error:
                return
            used += len(pending)
            pending = decompressor.unused_data
            used -= len(pending)
        try:
            record = next(iter(ArchiveIterator(io.BytesIO(b"".join(parts)))))
        except Exception:  # a member that is not a WARC record ends the good part
            return
        yield offset, used, record
        offset += used


def _recovered_capture(record: Any, name: str, offset: int, length: int) -> Capture:
    """Rebuild the Capture of a complete response record found after a crash."""
    body = bytes(record.raw_stream.read())
    target = str(record.rec_headers.get_header("WARC-Target-URI"))
    http = record.http_headers
    return Capture(
        url=str(record.rec_headers.get_header(REQUESTED_URI) or target),
        final_url=target,
        fetched_at=str(record.rec_headers.get_header("WARC-Date")),
        status=int(http.get_statuscode()),
        content_type=http.get_header("Content-Type"),
        warc_file=name,
        offset=offset,
        length=length,
        sha256=hashlib.sha256(body).hexdigest(),
        size=len(body),
    )
