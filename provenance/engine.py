"""Engines: where `verify` checks its articles.

    local   this process; with `jobs` > 1 and offline, that many local processes
    dask    a Dask distributed cluster: `scheduler` ("tcp://HOST:PORT"), or a
            local cluster sized to the machine when none is given

Both engines run the same stages and give the same ledger rows: the inputs are
cut into work units (a few files, or one partition of a corpus), each unit is
ingested, extracted, resolved, fetched and checked by a worker, and the
outcomes come back to the client, in input order, which alone writes the
ledger (in batches: SQLite stays the embedded default).

On a cluster:
- Politeness holds across workers: each host's turn is a Dask `Lock` held for
  one request, and the host's next start and delay (crawl-delay, Retry-After,
  backoff) travel with the turn through the scheduler's metadata, so no two
  workers hit one host at once or closer than its delay (`DaskHostGate`).
- Each worker process opens the archive under the cache folder (a shared
  filesystem on a real cluster) and writes its own WARC files; the index is
  shared, so a re-run reads what any worker archived.
- Work units in flight are bounded (`WINDOW` per worker thread), so memory
  stays flat however large the corpus.
- The local cluster's workers run without Dask's statistical profiler
  (`WORKER_CONFIG`): it keeps a tree of sampled stacks for each of the last
  1,000 seconds, which grew a worker by about 8 MB a minute of extraction
  for the first 17 minutes of a run. Workers started with `dask worker` read
  their own configuration: set `DASK_DISTRIBUTED__WORKER__PROFILE__ENABLED=False`
  in their environment for the same.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import os
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from provenance.config import Settings
from provenance.corpus import Partition, is_corpus, partitions, read_partition
from provenance.errors import ProvenanceError
from provenance.ingest import iter_files, iter_ingest
from provenance.models import Article, Skipped

if TYPE_CHECKING:
    from provenance.ledger import ClaimOutcome
    from provenance.pipeline import Checker
    from provenance.resolve import SourceRule

__all__ = [
    "ENGINES",
    "WORKER_CONFIG",
    "Checked",
    "DaskHostGate",
    "Setup",
    "WorkUnit",
    "checked_files",
    "dask_checked",
    "dask_client",
    "dask_map",
    "local_checked",
    "local_cluster",
    "work_units",
]

ENGINES = ("local", "dask")
T = TypeVar("T")
_END = object()
FILES_PER_UNIT = 20
WINDOW = 4  # work units in flight per worker thread
# Dask settings of the local cluster's workers: no statistical profiler, whose history
# (a tree of stacks a second, 1,000 seconds kept) grows a worker's memory with the run
WORKER_CONFIG: dict[str, Any] = {"distributed.worker.profile.enabled": False}
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

Checked = tuple[Article | Skipped, list["ClaimOutcome"]]
WorkUnit = tuple[str, ...] | Partition  # a few files, or a corpus partition


@dataclass(frozen=True, slots=True)
class Setup:
    """What a worker needs to check articles: the same for every unit of a run."""

    settings: Settings
    rules: tuple[SourceRule, ...]
    article_date: date | None
    gate: bool = False  # share host turns through the cluster


def work_units(paths: Iterable[Path | str], *, files: int = FILES_PER_UNIT) -> Iterator[WorkUnit]:
    """The inputs cut into work units, lazily: corpora by partition, files `files` at a time."""
    batch: list[str] = []
    for path in iter_files(paths):
        if not is_corpus(path):
            batch.append(str(path))
            if len(batch) >= files:
                yield tuple(batch)
                batch = []
            continue
        if batch:
            yield tuple(batch)
            batch = []
        try:
            yield from partitions(path)
        except (ProvenanceError, OSError, ValueError):
            yield (str(path),)  # read as one unit, which reports why it cannot be read
    if batch:
        yield tuple(batch)


def check_unit(unit: WorkUnit, setup: Setup) -> list[Checked]:
    """Ingest and check every article of one work unit (in a worker)."""
    from provenance.pipeline import check_article

    checker = worker_checker(setup)
    results: list[Checked] = []
    for item in read_unit(unit, setup):
        if isinstance(item, Skipped):
            results.append((item, []))
        else:
            results.append((item, without_bodies(check_article(item, checker))))
    return results


def read_unit(unit: WorkUnit, setup: Setup) -> Iterator[Article | Skipped]:
    """The articles of a work unit, one at a time."""
    if isinstance(unit, Partition):
        return read_partition(unit, setup.settings, article_date=setup.article_date)
    return iter_ingest(unit, setup.settings, article_date=setup.article_date)


def without_bodies(outcomes: list[ClaimOutcome]) -> list[ClaimOutcome]:
    """Outcomes with their captures' bodies dropped: the ledger needs none, and they
    would cross process boundaries for nothing."""
    for outcome in outcomes:
        outcome.captures = [dataclasses.replace(c, body=b"") for c in outcome.captures]
        if outcome.capture is not None:
            outcome.capture = dataclasses.replace(outcome.capture, body=b"")
    return outcomes


# --- one checker per worker process ------------------------------------------------

_WORKER: dict[str, Any] = {}
_WORKER_LOCK = threading.Lock()


def worker_checker(setup: Setup) -> Checker:
    """This process's checker for `setup`: opened once, reused by every unit of the run."""
    with _WORKER_LOCK:
        if _WORKER.get("setup") != setup:
            close_worker()
            _WORKER.update(setup=setup, checker=_open_checker(setup))
        checker: Checker = _WORKER["checker"]
        return checker


def close_worker() -> None:
    """Close the archive and fetchers this process opened for a run."""
    for closing in _WORKER.pop("closing", []):
        closing.close()
    _WORKER.clear()


def _open_checker(setup: Setup) -> Checker:
    from provenance.archive import Archive
    from provenance.fetch import Fetcher
    from provenance.match import cache
    from provenance.pipeline import Checker, NetworkWatch
    from provenance.registry import load_registry

    settings = setup.settings
    archive = Archive(settings.cache)
    gate = DaskHostGate() if setup.gate and not settings.offline else None
    fetcher = Fetcher(settings, archive, gate=gate)
    offline = Fetcher(settings.replace(offline=True), archive)
    answers = None if settings.fast else cache.in_folder(settings.cache)
    _WORKER["closing"] = [fetcher, offline, archive, *([answers] if answers is not None else [])]
    watch = NetworkWatch(fetcher, offline, limit=5)
    registry = load_registry(settings.outlets)
    return Checker(settings, watch, registry, list(setup.rules), answers)


# --- local: this process, or a process pool for offline runs --------------------------


def local_checked(units: Iterable[WorkUnit], setup: Setup, jobs: int) -> Iterator[Checked]:
    """Check work units in `jobs` local processes (spawned), in order."""
    import multiprocessing

    spawn = multiprocessing.get_context("spawn")
    with one_blas_thread(), spawn.Pool(jobs) as pool:
        for results in pool.imap(_check_local, ((unit, setup) for unit in units)):
            yield from results


def _check_local(job: tuple[WorkUnit, Setup]) -> list[Checked]:
    return check_unit(*job)


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Processes started inside run their matrix products (the support model's) on one
    thread each, unless the user set it: together they fill the cores, and two BLAS
    threads a process on a busy core wait on each other. Dask's nanny does the same."""
    saved = {name: os.environ.get(name) for name in BLAS_THREADS}
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


# --- dask ----------------------------------------------------------------------


def dask_checked(
    units: Iterable[WorkUnit], setup: Setup, *, scheduler: str | None = None
) -> Iterator[Checked]:
    """Check work units on a Dask cluster (local when `scheduler` is None), in order."""
    shared = dataclasses.replace(setup, gate=True)
    with dask_client(scheduler) as client:
        for results in dask_map(client, check_unit, units, shared):
            yield from results


def dask_map(client: Any, function: Callable[..., T], units: Iterable[Any], *args: Any
             ) -> Iterator[T]:  # fmt: skip
    """`function(unit, *args)` for each unit on the cluster, results in order, with at
    most `WINDOW` units a worker thread in flight (memory stays flat)."""
    threads = max(1, sum(client.nthreads().values()))
    name = getattr(function, "__name__", "task")
    pending: deque[Any] = deque()
    for number, unit in enumerate(itertools.chain(units, [_END])):
        if unit is not _END:
            key = f"provenance-{name}-{number}-{uuid.uuid4().hex[:8]}"
            pending.append(client.submit(function, unit, *args, key=key, pure=False))
        while pending and (unit is _END or len(pending) >= WINDOW * threads):
            yield pending.popleft().result()


@contextlib.contextmanager
def dask_client(scheduler: str | None) -> Iterator[Any]:
    """A Dask client on `scheduler`, or on a local cluster sized to the machine, started
    and stopped here."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise ProvenanceError(
            "--engine dask needs Dask distributed: pip install 'provenance[scale]'"
        ) from exc
    with contextlib.ExitStack() as stack:
        address: Any = scheduler
        if scheduler is None:
            address = stack.enter_context(local_cluster())
        try:
            client = stack.enter_context(Client(address, timeout="10s"))  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise ProvenanceError(f"cannot reach the Dask scheduler {scheduler}: {exc}") from exc
        yield client


def local_cluster(workers: int | None = None) -> Any:
    """A Dask `LocalCluster` of `workers` single-thread worker processes (one a core by
    default) configured by `WORKER_CONFIG`, its dashboard on a free loopback port."""
    from distributed import LocalCluster

    return LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=workers or os.cpu_count() or 1,
        threads_per_worker=1,
        dashboard_address="127.0.0.1:0",
        config=WORKER_CONFIG,  # handed by each nanny to its worker process
    )


class DaskHostGate:
    """Host turns held across a Dask cluster (see `provenance.fetch.HostGate`).

    A turn is the Dask `Lock` named after the host; the host's next start
    (epoch seconds) and delay live in the scheduler's metadata and are read on
    taking the turn and written on handing it on.
    """

    def __init__(self, client: Any = None) -> None:
        from distributed import get_client

        self.client = client or get_client()
        self.locks: dict[str, Any] = {}

    def acquire(self, host: str) -> tuple[float, float]:
        """Wait for the host's turn; its next start and delay."""
        from distributed import Lock

        lock = self.locks.get(host)
        if lock is None:
            name = f"provenance-host-{host}"
            lock = Lock(name, scheduler_rpc=self.client.scheduler, loop=self.client.loop)  # type: ignore[no-untyped-call]
            self.locks[host] = lock
        lock.acquire()
        start, delay = self.client.get_metadata(["provenance-hosts", host], default=(0.0, 0.0))
        return float(start), float(delay)

    def release(self, host: str, next_start: float, delay: float) -> None:
        """Hand the host's turn on."""
        self.client.set_metadata(["provenance-hosts", host], (next_start, delay))
        self.locks[host].release()


def checked_files(
    paths: Sequence[Path | str], setup: Setup, *, engine: str, jobs: int, scheduler: str | None
) -> Iterator[Checked]:
    """The file and corpus inputs under `paths`, checked by `engine`, in input order."""
    units = work_units(paths)
    if engine == "dask":
        yield from dask_checked(units, setup, scheduler=scheduler)
    else:
        yield from local_checked(units, setup, jobs)
