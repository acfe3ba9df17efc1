"""The WARC archive: records, digests, index, rotation, and recovery after a crash."""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from provenance.archive import REQUESTED_URI, Archive, surt
from provenance.errors import FetchError
from provenance.models import Capture

CHECK = "import sys; from warcio.cli import main; main(sys.argv[1:])"


def warcio_check(paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """Run `warcio check` (the console script's code) on `paths`."""
    command = [sys.executable, "-c", CHECK, "check", "-v", *map(str, paths)]
    return subprocess.run(command, capture_output=True, text=True, timeout=60)


def warc_files(cache: Path) -> list[Path]:
    return sorted((cache / "warc").glob("*.warc.gz"))


def write_page(archive: Archive, n: int, body: bytes | None = None, **kw: object) -> Capture:
    """Archive a small page at http://news.example/n."""
    return archive.write(
        f"http://news.example/{n}", "GET", {"User-Agent": "provenance/test"}, 200,
        [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("Set-Cookie", "b=2")],
        body if body is not None else f"<p>page {n}</p>".encode(), **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def records(path: Path) -> list[tuple[str, dict[str, str]]]:
    with path.open("rb") as handle:
        return [
            (r.rec_headers.get_header("WARC-Type"), dict(r.rec_headers.headers))
            for r in ArchiveIterator(handle)
        ]


def test_a_capture_is_written_as_request_and_response_records(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        capture = write_page(archive, 1)
    (path,) = warc_files(tmp_path)
    assert capture.warc_file == path.name and capture.size == len(b"<p>page 1</p>")
    kinds = records(path)
    assert [kind for kind, _ in kinds] == ["warcinfo", "request", "response"]
    request, response = kinds[1][1], kinds[2][1]
    assert request["WARC-Concurrent-To"] == response["WARC-Record-ID"]
    assert response["WARC-Payload-Digest"].startswith("sha256:")
    assert response["WARC-Block-Digest"].startswith("sha256:")
    assert response["WARC-Target-URI"] == "http://news.example/1"
    with path.open("rb") as handle:
        assert handle.read(64).startswith(b"\x1f\x8b")
    assert b"WARC/1.1" in gzip.decompress(path.read_bytes())[:20]
    checked = warcio_check([path])
    assert checked.returncode == 0 and checked.stdout.count("digest pass") == 3


def test_lookup_and_read_body_return_the_payload(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        capture = write_page(archive, 1, final_url="https://news.example/one")
        assert archive.lookup("http://news.example/1") == capture
        assert archive.lookup("https://news.example/one") == capture
        assert archive.lookup("http://news.example/2") is None
        assert archive.read_body(capture) == b"<p>page 1</p>"
    (path,) = warc_files(tmp_path)
    response = records(path)[2][1]
    assert response[REQUESTED_URI] == "http://news.example/1"
    assert response["WARC-Target-URI"] == "https://news.example/one"


def test_encodings_are_moved_aside_and_the_length_set(tmp_path: Path) -> None:
    headers = [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
               ("Transfer-Encoding", "chunked"), ("Content-Length", "7")]  # fmt: skip
    with Archive(tmp_path) as archive:
        capture = archive.write("http://a.example/", "GET", {}, 200, headers, b"decoded!")
        assert archive.read_body(capture) == b"decoded!"
    (path,) = warc_files(tmp_path)
    with path.open("rb") as handle:
        response = next(r for r in ArchiveIterator(handle) if r.rec_type == "response")
        http = dict(response.http_headers.headers)
        assert http["X-Archive-Orig-Content-Encoding"] == "gzip"
        assert http["X-Archive-Orig-Transfer-Encoding"] == "chunked"
        assert http["Content-Length"] == "8" and "Content-Encoding" not in http


def test_the_index_is_cdxj_and_survives_reopening(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        first = write_page(archive, 1)
        second = write_page(archive, 2)
    line = (tmp_path / "warc" / "index.cdxj").read_text().splitlines()[0]
    key, stamp, data = line.split(" ", 2)
    assert key == surt("http://news.example/1") == "example,news)/1"
    assert len(stamp) == 14 and json.loads(data)["sha256"] == first.sha256
    with Archive(tmp_path) as reopened:
        assert list(reopened.captures()) == [first, second]
        assert reopened.read_body(second) == b"<p>page 2</p>"


def test_a_later_response_wins_and_a_redirect_does_not_hide_a_page(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        page = write_page(archive, 1, fetched_at="2025-01-01T00:00:00Z")
        newer = write_page(archive, 1, body=b"new", fetched_at="2025-02-01T00:00:00Z")
        archive.write("http://news.example/1", "GET", {}, 301, {"Location": "/x"}, b"")
        assert archive.lookup("http://news.example/1") == newer != page


def noise(seed: int) -> bytes:
    """3,000 bytes that do not compress."""
    return random.Random(seed).randbytes(3000)


def whole_gzip(path: Path) -> bool:
    """Whether `path` is a complete gzip stream (every member ends with its trailer)."""
    try:
        gzip.decompress(path.read_bytes())
    except (EOFError, OSError):
        return False
    return True


def test_files_rotate_at_the_size_limit(tmp_path: Path) -> None:
    with Archive(tmp_path, max_file_size=6000) as archive:
        captures = [write_page(archive, n, body=noise(n)) for n in range(6)]
    files = warc_files(tmp_path)
    assert len(files) >= 3 and len({c.warc_file for c in captures}) == len(files)
    assert [f.name[-13:-8] for f in files] == [f"{n:05d}" for n in range(1, len(files) + 1)]
    assert warcio_check(files).returncode == 0
    with Archive(tmp_path) as reopened:
        assert [reopened.read_body(c) for c in captures] == [noise(n) for n in range(6)]


def test_each_writing_archive_starts_its_own_file(tmp_path: Path) -> None:
    with Archive(tmp_path) as first:
        write_page(first, 1)
    with Archive(tmp_path) as second:
        write_page(second, 2)
        assert second.lookup("http://news.example/1") is not None
    assert len(warc_files(tmp_path)) == 2


def test_a_second_archive_sees_what_the_first_wrote(tmp_path: Path) -> None:
    with Archive(tmp_path) as reader, Archive(tmp_path) as writer:
        assert reader.lookup("http://news.example/1") is None
        capture = write_page(writer, 1)
        assert reader.lookup("http://news.example/1") == capture


def test_a_torn_tail_record_is_truncated_on_opening(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        kept = write_page(archive, 1)
        torn = write_page(archive, 2, body=b"y" * 5000)
    (path,) = warc_files(tmp_path)
    data = path.read_bytes()
    index = tmp_path / "warc" / "index.cdxj"
    lines = index.read_text().splitlines(keepends=True)
    index.write_text(lines[0])  # the crash came before the second index line...
    path.write_bytes(data[: torn.offset + torn.length // 2])  # ...in the middle of its record
    assert not whole_gzip(path)
    with Archive(tmp_path) as reopened:
        assert [c.url for c in reopened.captures()] == ["http://news.example/1"]
        assert reopened.read_body(kept) == b"<p>page 1</p>"
    assert path.stat().st_size == kept.offset + kept.length
    assert whole_gzip(path) and warcio_check([path]).returncode == 0


def test_a_pair_written_but_not_indexed_is_recovered(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        write_page(archive, 1)
        lost = write_page(archive, 2, final_url="http://news.example/2b")
    index = tmp_path / "warc" / "index.cdxj"
    first_line = index.read_text().splitlines(keepends=True)[0]
    index.write_text(first_line + first_line[:30])  # the second line torn
    with Archive(tmp_path) as reopened:
        found = reopened.lookup("http://news.example/2")
        assert found == lost and reopened.read_body(lost) == b"<p>page 2</p>"
        assert found is not None and found.final_url == "http://news.example/2b"
    assert len(index.read_text().splitlines()) == 2


def test_a_lost_index_is_rebuilt_from_the_warc_files(tmp_path: Path) -> None:
    with Archive(tmp_path, max_file_size=2000) as archive:
        written = [write_page(archive, n) for n in range(4)]
    (tmp_path / "warc" / "index.cdxj").unlink()
    with Archive(tmp_path) as reopened:
        assert sorted(reopened.captures(), key=lambda c: c.url) == written


def test_a_file_started_but_never_indexed_is_removed(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        write_page(archive, 1)
    (path,) = warc_files(tmp_path)
    stray = path.with_name("provenance-20250101000000-00009.warc.gz")
    stray.write_bytes(path.read_bytes()[: records_end_of_warcinfo(path)] + b"\x1f\x8b\x08junk")
    with Archive(tmp_path):
        pass
    assert not stray.exists() and path.exists()


def records_end_of_warcinfo(path: Path) -> int:
    with path.open("rb") as handle:
        iterator = ArchiveIterator(handle)
        next(iter(iterator))
        next(iter(iterator))
        return int(iterator.get_record_offset())


def test_a_corrupted_body_is_reported_not_returned(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        capture = write_page(archive, 1)
        tampered = dataclasses.replace(capture, sha256="0" * 64)
        with pytest.raises(FetchError, match="does not match its sha256"):
            archive.read_body(tampered)
        escaping = dataclasses.replace(capture, warc_file="../../etc/passwd")
        with pytest.raises(FetchError, match="not a WARC file of this archive"):
            archive.read_body(escaping)


def test_capture_serialises_without_its_body(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        capture = write_page(archive, 1)
    data = capture.to_dict()
    assert "body" not in data and data["id"] == capture.id and capture.body == b"<p>page 1</p>"
    assert json.loads(json.dumps(data))["warc_file"] == capture.warc_file


def test_the_stored_gzip_members_are_one_per_record(tmp_path: Path) -> None:
    with Archive(tmp_path) as archive:
        capture = write_page(archive, 1)
    (path,) = warc_files(tmp_path)
    member = path.read_bytes()[capture.offset : capture.offset + capture.length]
    text = gzip.GzipFile(fileobj=io.BytesIO(member)).read()
    assert text.startswith(b"WARC/1.1\r\n") and b"WARC-Type: response" in text
