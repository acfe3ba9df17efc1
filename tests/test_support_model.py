"""The support model: words put otherwise, its cache, `--fast`, re-runs read the cache."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from provenance.cli import app
from provenance.engine import BLAS_THREADS, one_blas_thread
from provenance.match import check_support, support
from provenance.match.cache import ModelCache

runner = CliRunner()
CLAIM = "The council approved the new bike lanes on Main Street."
PARAPHRASE = "Councillors voted to back fresh cycle paths."  # no content word in common
ELSEWHERE = "The weather was cold and wet over the weekend."
# the model reads the sentences that share a word with the claim (retrieval is lexical)
PAGE = ["Councillors voted to back fresh cycle paths along Main Street.", ELSEWHERE]


def test_the_model_finds_words_put_otherwise() -> None:
    assert support.soft_recall(CLAIM, [PARAPHRASE]) > support.soft_recall(CLAIM, [ELSEWHERE]) + 0.2
    degree = "She has a bachelor's degree in economics."
    put_otherwise = support.soft_recall(degree, ["She earned a B.A. in economics."])
    assert put_otherwise > support.soft_recall(degree, ["She earned a fortune selling cars."]) + 0.3
    # the best sentence counts, not the mean of them
    both = support.soft_recall(CLAIM, [ELSEWHERE, PARAPHRASE])
    assert both == pytest.approx(support.soft_recall(CLAIM, [PARAPHRASE]), abs=1e-6)
    assert support.soft_recall(CLAIM, [CLAIM]) == pytest.approx(1.0, abs=0.01)
    assert support.soft_recall(CLAIM, []) == 0.0


def test_the_model_path_is_the_default_and_fast_leaves_it_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    judged = check_support(CLAIM, PAGE)
    assert judged.soft is not None and judged.soft > 0.3
    lexical = check_support(CLAIM, PAGE, fast=True)
    assert lexical.soft is None

    def no_model(*args: object) -> None:
        raise AssertionError("the model ran on the fast path")

    monkeypatch.setattr(support, "_soft_recall", no_model)
    assert check_support(CLAIM, PAGE, fast=True) == lexical


def test_the_cache_answers_again_from_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cache" / "model.sqlite"
    cache = ModelCache(path)
    first = check_support(CLAIM, PAGE, cache=cache)
    assert len(cache) == 1
    cache.close()

    def no_model(*args: object) -> None:
        raise AssertionError("the model ran for a cached answer")

    monkeypatch.setattr(support, "_soft_recall", no_model)
    again = ModelCache(path)
    assert check_support(CLAIM, PAGE, cache=again) == first
    # another claim is another key: the model is asked
    with pytest.raises(AssertionError, match="cached answer"):
        check_support("Main Street gets new bike lanes.", PAGE, cache=again)


def test_a_cache_that_cannot_be_written_costs_a_recomputation_only(tmp_path: Path) -> None:
    path = tmp_path / "model.sqlite"
    cache = ModelCache(path)
    cache["key"] = 0.5
    cache.close()
    path.chmod(0o444)
    readonly = ModelCache(path)
    try:
        readonly["other"] = 0.25  # refused by SQLite, not raised
        assert readonly["key"] == 0.5
    except sqlite3.OperationalError:
        if os.geteuid() != 0:
            raise
    finally:
        path.chmod(0o644)


def test_processes_started_for_jobs_get_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in BLAS_THREADS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's own setting stays
    with one_blas_thread():
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "3"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert os.environ["OMP_NUM_THREADS"] == "3"


ORIGINAL = (
    "<html><head><title>Rates</title>"
    '<meta property="article:published_time" content="2025-10-03"></head><body><article>'
    "<h1>Rates held</h1><p>The central bank said on Friday that prices rose by two percent "
    "last month, and that it would hold rates steady until the spring.</p>"
    "<p>Officials expect inflation to ease slowly over the next year.</p>"
    "</article></body></html>"
)


def article(link: str) -> str:
    return (
        "<html><head><title>Bank news</title>"
        '<meta property="article:published_time" content="2025-10-05"></head><body><article>'
        f'<h1>Bank news</h1><p><a href="{link}">The Daily Rate</a> reported on October 3, '
        "2025, that the bank will keep borrowing costs unchanged until spring.</p>"
        "</article></body></html>"
    )


def test_verify_keeps_the_models_answers_and_a_rerun_reads_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pytest_httpserver import HTTPServer

    monkeypatch.chdir(tmp_path)
    for name in ("LEDGER", "CACHE", "REPORTS", "FAST"):
        monkeypatch.delenv(f"PROVENANCE_{name}", raising=False)
    monkeypatch.setenv("PROVENANCE_ALLOW_PRIVATE_NETWORK", "1")
    monkeypatch.setenv("PROVENANCE_HOST_DELAY", "0")
    with HTTPServer(host="127.0.0.1") as server:
        server.expect_request("/news").respond_with_data(
            article(server.url_for("/rates")), content_type="text/html"
        )
        server.expect_request("/rates").respond_with_data(ORIGINAL, content_type="text/html")
        server.expect_request("/robots.txt").respond_with_data("", status=404)
        url = server.url_for("/news")
        first = runner.invoke(app, ["verify", url])
        assert first.exit_code == 0, first.output
        answers = ModelCache(tmp_path / "cache" / "model.sqlite")
        assert len(answers) >= 1
        db = sqlite3.connect(tmp_path / "ledger.db")
        query = "select status, detail from checks where kind = 'support'"
        before = db.execute(query).fetchall()
        assert before and all(", model " in detail for _, detail in before)

        def no_model(*args: object) -> None:
            raise AssertionError("the model ran again on a re-run")

        monkeypatch.setattr(support, "_soft_recall", no_model)
        again = runner.invoke(app, ["verify", url, "--offline"])
        assert again.exit_code == 0, again.output
        assert db.execute(query).fetchall() == before
        fast = runner.invoke(app, ["verify", url, "--offline", "--fast"])
        assert fast.exit_code == 0, fast.output
        details = [detail for _, detail in db.execute(query).fetchall()]
        assert details and all(", model " not in detail for detail in details)
