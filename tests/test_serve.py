"""`provenance serve` starts a real Datasette on loopback, read-only, with our metadata."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.test_ledger import fill


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get_json(url: str, deadline: float) -> object:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return json.load(response)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
def test_serve_answers_flagged_claims(tmp_path: Path) -> None:
    fill(tmp_path / "ledger.db")
    port = free_port()
    env = {**os.environ, "PROVENANCE_LEDGER": str(tmp_path / "ledger.db")}
    process = subprocess.Popen(
        [sys.executable, "-m", "provenance", "serve", "--port", str(port)],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}/ledger"

        rows = get_json(f"{base}/flagged_claims.json?_shape=array", time.monotonic() + 30)
        assert isinstance(rows, list)
        assert [row["verdict"] for row in rows] == ["misquoted"]
        meta = get_json(f"http://127.0.0.1:{port}/-/metadata.json", time.monotonic() + 5)
        assert "verdict" in meta["databases"]["ledger"]["tables"]["claims"]["facets"]  # type: ignore[index]
        canned = get_json(f"{base}/unreviewed_flagged.json?_shape=array", time.monotonic() + 5)
        assert len(canned) == 1  # type: ignore[arg-type]
        query = f"{base}.json?_shape=array&sql="
        counted = get_json(query + urllib.parse.quote("select count(*) as n from claims"), 0)
        assert counted == [{"n": 2}]
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(query + urllib.parse.quote("delete from claims"), timeout=5)
        assert refused.value.code == 400
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_without_ledger_is_a_usage_error(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from provenance.cli import app

    result = CliRunner().invoke(app, ["serve", "--ledger", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no ledger" in result.output
