"""The support model: words put otherwise, its cache, `--fast`, re-runs read the cache."""

from __future__ import annotations

import os
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest
from match_support import ORIGINALS
from typer.testing import CliRunner

from provenance.cli import app
from provenance.engine import BLAS_THREADS, one_blas_thread
from provenance.match import cache as cache_module
from provenance.match import check_support, encoder, support
from provenance.match.cache import ModelCache, in_folder

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
    again.close()


def test_a_cache_that_cannot_be_written_costs_a_recomputation_only(tmp_path: Path) -> None:
    path = tmp_path / "model.sqlite"
    cache = ModelCache(path)
    cache["key"] = 0.5
    cache.close()
    path.chmod(0o444)
    readonly = ModelCache(path)
    try:
        readonly["other"] = 0.25  # refused by SQLite, not raised
        assert readonly["key"] == 0.5  # reading goes on
        if os.geteuid() != 0:
            assert "other" not in readonly and readonly.failure
    finally:
        readonly.close()
        path.chmod(0o644)


def test_a_lock_held_by_another_process_costs_one_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache_module, "TIMEOUT", 0.05)
    path = tmp_path / "model.sqlite"
    cache = ModelCache(path)
    cache["kept"] = 0.5
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    cache["lost"] = 0.25  # waited, not kept, not raised
    other.execute("COMMIT")
    other.close()
    cache["later"] = 0.75  # the lock gone, answers are kept again
    assert cache.failure is None
    assert dict(cache) == {"kept": 0.5, "later": 0.75}
    cache.close()


@pytest.mark.parametrize("content", [b"not a database " * 500, b"\0" * 4096])
def test_a_corrupt_cache_is_a_miss_and_the_claim_is_still_judged(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "model.sqlite"
    path.write_bytes(content)
    cache = ModelCache(path)
    judged = check_support(CLAIM, PAGE, cache=cache)
    assert judged == check_support(CLAIM, PAGE)
    assert cache.failure and str(path) in cache.failure
    assert len(cache) == 0 and "anything" not in cache
    assert path.read_bytes() == content  # the file is left as it was
    cache.close()


def test_a_cache_folder_that_cannot_be_made_is_a_miss(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("a file where the folder should be")
    cache = ModelCache(tmp_path / "file" / "model.sqlite")
    assert check_support(CLAIM, PAGE, cache=cache) == check_support(CLAIM, PAGE)
    assert cache.failure
    cache.close()


def test_one_cache_serves_the_threads_of_a_worker(tmp_path: Path) -> None:
    cache = in_folder(tmp_path)
    assert cache.path.name.startswith("model-") and cache.path.suffix == ".sqlite"
    cache["main"] = 0.1  # opened on this thread
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: cache.__setitem__(f"k{i}", i / 100), range(40)))
        read = list(pool.map(lambda i: cache[f"k{i}"], range(40)))
    assert read == [i / 100 for i in range(40)]
    assert cache.failure is None and len(cache) == 41
    cache.close()


def test_the_kept_sentence_vectors_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(support, "ENCODED_KEPT", 2)
    support.forget_encoded()
    texts = ["One sentence.", "Two sentences.", "Three sentences.", "One sentence."]
    first = support.encode(texts)  # more new texts than are kept at once
    assert [e.pieces for e in first] == [e.pieces for e in encoder.load().encode(texts)]
    assert first[0] is first[3]
    assert len(support._ENCODED) == 2
    again = support.encode(["Three sentences.", "Four sentences.", "One sentence."])
    assert again[0] is first[2]  # kept, and the most recent
    assert list(support._ENCODED) == ["Four sentences.", "One sentence."]
    support.forget_encoded()


def test_the_kept_vectors_serve_many_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    class Counting:
        def encode(self, texts: list[str]) -> list[encoder.Encoded]:
            return [encoder.Encoded([text], np.zeros((1, 4), np.float32)) for text in texts]

    monkeypatch.setattr(support.encoder, "load", Counting)
    monkeypatch.setattr(support, "ENCODED_KEPT", 4)
    support.forget_encoded()

    def read(start: int) -> bool:
        for step in range(300):
            texts = [str((start + step + k) % 9) for k in range(3)]
            if [e.pieces[0] for e in support.encode(texts)] != texts:
                return False
        return True

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(read, range(8)))  # no KeyError, never another text's vectors
    assert len(support._ENCODED) <= 4
    support.forget_encoded()


def test_a_dask_worker_closes_its_cache_even_when_empty(tmp_path: Path) -> None:
    from provenance.config import load_settings
    from provenance.engine import _WORKER, Setup, _open_checker

    settings = load_settings(cache=tmp_path / "cache", offline=True)
    checker = _open_checker(Setup(settings, (), None))
    try:
        assert checker.answers is not None and len(checker.answers) == 0
        assert checker.answers in _WORKER["closing"]
    finally:
        for closing in _WORKER.pop("closing", []):
            closing.close()


def test_processes_started_for_jobs_get_one_blas_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in BLAS_THREADS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "3")  # the user's own setting stays
    with one_blas_thread():
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "3"
    assert "OPENBLAS_NUM_THREADS" not in os.environ
    assert os.environ["OMP_NUM_THREADS"] == "3"


ORIGINAL = (ORIGINALS / "rates-held.html").read_text(encoding="utf-8")


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
        answers = in_folder(tmp_path / "cache")
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
        runs = db.execute("select json_extract(options, '$.fast') from runs").fetchall()
        assert sorted(runs) == [(0,), (0,), (1,)]  # the fast run is its own, the others kept


def test_threads_that_end_leave_no_connection_open(tmp_path: Path) -> None:
    import threading

    cache = ModelCache(tmp_path / "model.sqlite")
    for number in range(20):
        thread = threading.Thread(target=cache.__setitem__, args=(f"k{number}", 0.5))
        thread.start()
        thread.join()
    cache["main"] = 1.0  # opening this thread's connection closes the ended threads'
    assert len(cache._opened) == 1 and len(cache) == 21
    other = threading.Thread(target=cache.close)  # closed from another thread, in use here
    other.start()
    other.join()
    assert cache.get("main") == 1.0 and cache.failure is None  # opened again
    cache.close()
