"""`provenance inspect`: fetch, archive, offline and local files, through the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from fetch_support import LoopbackServer, missing, ok, page
from typer.testing import CliRunner

from provenance.cli import app

runner = CliRunner()


@pytest.fixture
def server() -> Iterator[LoopbackServer]:
    with LoopbackServer({"/ok": ok, "/404": missing}) as running:
        yield running


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Loopback allowed, a cache in tmp_path, no proxy."""
    monkeypatch.chdir(tmp_path)
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)
    return {
        "PROVENANCE_ALLOW_PRIVATE_NETWORK": "1",
        "PROVENANCE_CACHE": str(tmp_path / "cache"),
        "PROVENANCE_HOST_DELAY": "0.01",
    }


def test_inspect_fetches_archives_then_reads_from_the_archive(
    server: LoopbackServer, env: dict[str, str], tmp_path: Path
) -> None:
    first = runner.invoke(app, ["inspect", server.url("/ok")], env=env)
    assert first.exit_code == 0, first.output
    assert "Status:       200" in first.output and "From archive: no" in first.output
    assert str(tmp_path / "cache" / "warc" / "provenance-") in first.output
    again = runner.invoke(app, ["inspect", server.url("/ok"), "--json"], env=env)
    data = json.loads(again.stdout)
    assert again.exit_code == 0 and data["ok"] and data["capture"]["from_archive"]
    assert data["capture"]["size"] == len(page("ok")) and server.hits["/ok"] == 1
    assert data["capture"]["warc_file"].endswith(".warc.gz") and "body" not in data["capture"]


def test_inspect_refresh_fetches_again(server: LoopbackServer, env: dict[str, str]) -> None:
    runner.invoke(app, ["inspect", server.url("/ok")], env=env)
    result = runner.invoke(app, ["inspect", server.url("/ok"), "--refresh"], env=env)
    assert result.exit_code == 0 and "From archive: no" in result.output
    assert server.hits["/ok"] == 2


def test_inspect_offline_says_what_is_missing(server: LoopbackServer, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["inspect", server.url("/ok"), "--offline"], env=env)
    assert result.exit_code == 1 and server.hits["/ok"] == 0
    assert "offline: not in the archive" in result.output


def test_inspect_a_404_shows_it_and_fails(server: LoopbackServer, env: dict[str, str]) -> None:
    result = runner.invoke(app, ["inspect", server.url("/404")], env=env)
    assert result.exit_code == 1
    assert "Status:       404" in result.output and "HTTP 404" in result.output


def test_inspect_refused_exits_1_with_one_line(env: dict[str, str]) -> None:
    env = {**env, "PROVENANCE_ALLOW_PRIVATE_NETWORK": "0"}
    result = runner.invoke(app, ["inspect", "http://169.254.169.254/latest/meta-data/"], env=env)
    assert result.exit_code == 1
    assert result.output.strip() == "Error: refused: 169.254.169.254 is the cloud metadata address"


def test_inspect_a_local_file_reads_it_without_fetching(
    env: dict[str, str], tmp_path: Path
) -> None:
    (tmp_path / "page.html").write_bytes(b"<p>local</p>")
    result = runner.invoke(app, ["inspect", "page.html", "--json"], env=env)
    data = json.loads(result.stdout)
    assert result.exit_code == 0 and data["capture"]["size"] == 12
    assert data["capture"]["content_type"] == "text/html"
    assert data["capture"]["url"] == (tmp_path / "page.html").as_uri()
    assert not (tmp_path / "cache").exists()


def test_inspect_a_missing_file_is_an_error(env: dict[str, str]) -> None:
    result = runner.invoke(app, ["inspect", "nowhere.html"], env=env)
    assert result.exit_code == 1 and "no such file, and not a URL" in result.output
