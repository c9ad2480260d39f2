"""Ingest many files: analyse them in a process pool, store them from this process.

The parent process is the single writer (SQLite allows one): it hashes each file
(streamed), skips contents that are stored already, sends the rest to worker processes
for `analyse_path`, and stores the finished documents as they come back, several per
transaction (`Store.add_many`: up to BATCH_DOCS documents, or BATCH_MB of text, and a
finished document waits at most BATCH_SECONDS for its commit). A document is reported
`stored` only once its transaction has committed, and a transaction holds only whole
documents: a kill at any moment loses no document reported stored and leaves no part of
one; a rerun skips what was stored (`unchanged`) and does the rest.

Each document's analysis runs under a budget (`Budget`: PLANTRACK_DOC_TIMEOUT_S seconds
of CPU time, PLANTRACK_DOC_MEMORY_MB of memory on top of the process's own): a document
that goes over fails with that reason and the batch goes on.

Memory stays bounded however many files there are: at most `window` files are in
flight at once, at most one batch waits for its commit, and outcomes go to a callback
instead of a list.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any

from rich.markup import escape

from plantrack.errors import PlanTrackError, StoreError
from plantrack.ingest import check_size, file_hash
from plantrack.pipeline import Processed, analyse_path
from plantrack.views import layout_rows

if TYPE_CHECKING:  # the workers import this module: they need neither (0.9 s of imports)
    from plantrack.settings import Settings
    from plantrack.store.repository import Store

log = logging.getLogger("plantrack")

IN_FLIGHT_PER_WORKER = 4
BATCH_DOCS = 8  # documents per transaction, at most (each is reported after its commit)
BATCH_MB = 16  # … and MB of clean text
BATCH_SECONDS = 1.0  # how long a finished document may wait for its commit
LOOKUP_FILES = 32  # files whose content is looked up in the database at once …
LOOKUP_MB = 64  # … at most this many MB of them


@dataclass
class Outcome:
    """What happened to one file: stored, unchanged (its content was stored) or failed."""

    path: Path
    status: str  # stored | unchanged | failed
    doc_id: int | None = None
    detail: str = ""

    def line(self) -> str:
        where = escape(str(self.path))
        if self.status == "failed":
            return f"[red]error[/]     {where}: {escape(self.detail)}"
        colour = "green" if self.status == "stored" else "dim"
        return f"[{colour}]{self.status:<9}[/] #{self.doc_id:<5} {where}  {escape(self.detail)}"


# What a worker sends back. Exceptions never cross the process boundary (PlanTrackError's
# keyword-only constructor does not unpickle): a worker returns one of these instead.
#   ("ok", Processed) | ("failed", reason) | ("internal", summary, formatted traceback)
Result = tuple[str, Processed] | tuple[str, str] | tuple[str, str, str]


def analyse_file(path: Path, max_bytes: int) -> Result:
    """Run the pipeline on one file (in a worker process or in this one)."""
    try:
        return ("ok", analyse_path(path, max_bytes))
    except PlanTrackError as exc:
        return ("failed", exc.reason)
    except OSError as exc:
        return ("failed", f"cannot read the file: {exc.strerror or exc}")
    except Exception as exc:  # a bug must not stop the batch; the parent logs it
        return ("internal", f"{type(exc).__name__}: {exc}", traceback.format_exc())


@dataclass(frozen=True)
class Budget:
    """What the analysis of one document may take: `seconds` of CPU time and `memory_mb`
    of memory (address space) on top of what its process holds already; 0: no limit.
    The memory limit needs Linux; the time limit a main thread (always so in workers)."""

    seconds: float = 300.0
    memory_mb: float = 2048.0

    @classmethod
    def from_settings(cls, settings: Settings) -> Budget:
        return cls(settings.doc_timeout_s, settings.doc_memory_mb)

    def time_reason(self) -> str:
        return (
            f"took more than {self.seconds:g} s of CPU time to analyse, given up "
            "(PLANTRACK_DOC_TIMEOUT_S)"
        )

    def memory_reason(self) -> str:
        return (
            f"needed more than {self.memory_mb:g} MB of memory to analyse, given up "
            "(PLANTRACK_DOC_MEMORY_MB)"
        )


class _OverTime(BaseException):
    """Raised into the analysis by the CPU timer. A BaseException, so that the pipeline's
    and analyse_file's `except Exception` let it through."""


def _address_space() -> int | None:
    """This process's address space in bytes (Linux), else None."""
    try:
        with open("/proc/self/statm", "rb") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def analyse_within(
    analyse: Callable[[Path, int], Result],
    path: Path,
    max_bytes: int,
    budget: Budget,
    in_worker: bool = False,
) -> Result:
    """`analyse(path, max_bytes)` under `budget`: a document that goes over it is
    ("failed", why). The CPU time is counted by a timer (ITIMER_PROF) whose signal
    raises into the analysis; the memory is capped by RLIMIT_AS, so that an allocation
    beyond it raises MemoryError. In a worker process (`in_worker`), RLIMIT_CPU also
    ends the process should the analysis hang where no signal gets through (in C code):
    the parent then reports the files in flight as lost with their worker."""
    if sys.platform == "win32":  # pragma: no cover - no timers or limits there
        return analyse(path, max_bytes)
    import resource

    timed = (
        budget.seconds > 0
        and threading.current_thread() is threading.main_thread()
        and hasattr(signal, "setitimer")
    )
    base = _address_space() if budget.memory_mb > 0 else None
    armed = False

    def on_timer(_signum: int, _frame: FrameType | None) -> None:
        nonlocal armed
        if armed:
            armed = False
            raise _OverTime

    old_handler: Any = None
    old_as = old_cpu = None
    try:
        try:
            if timed:
                old_handler = signal.signal(signal.SIGPROF, on_timer)
                armed = True
                signal.setitimer(signal.ITIMER_PROF, budget.seconds)
                if in_worker:
                    old_cpu = resource.getrlimit(resource.RLIMIT_CPU)
                    used = resource.getrusage(resource.RUSAGE_SELF)
                    hard_stop = int(used.ru_utime + used.ru_stime + 2 * budget.seconds + 10)
                    if old_cpu[1] == resource.RLIM_INFINITY or hard_stop < old_cpu[1]:
                        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
                        resource.setrlimit(resource.RLIMIT_CPU, (hard_stop, old_cpu[1]))
            if base is not None:
                old_as = resource.getrlimit(resource.RLIMIT_AS)
                cap = base + int(budget.memory_mb * 2**20)
                soft, hard = old_as
                for limit in (soft, hard):
                    if limit != resource.RLIM_INFINITY:
                        cap = min(cap, limit)
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
            result = analyse(path, max_bytes)
        finally:
            armed = False
            if timed:
                signal.setitimer(signal.ITIMER_PROF, 0)
                signal.signal(signal.SIGPROF, old_handler)
            if old_as is not None:
                resource.setrlimit(resource.RLIMIT_AS, old_as)
            if old_cpu is not None:
                resource.setrlimit(resource.RLIMIT_CPU, old_cpu)
    except _OverTime:
        return ("failed", budget.time_reason())
    except MemoryError:
        return ("failed", budget.memory_reason())
    if result[0] == "internal" and str(result[1]).startswith("MemoryError") and base:
        return ("failed", budget.memory_reason())  # analyse_file caught it
    return result


def resolve_workers(workers: int) -> int:
    """`workers`, or the number of CPUs when it is 0 (or less)."""
    return workers if workers > 0 else (os.cpu_count() or 1)


def ingest_files(
    files: Iterable[Path],
    store: Store,
    *,
    workers: int,
    max_bytes: int,
    on_outcome: Callable[[Outcome], None],
    window: int | None = None,
    analyse: Callable[[Path, int], Result] = analyse_file,
    budget: Budget | None = None,
) -> dict[str, int]:
    """Ingest `files` into `store`, calling `on_outcome` once per file (in the order the
    files finish, not the order given) and returning the counts per status.

    `workers` == 1 runs everything in this process; more runs the pipeline in that many
    worker processes (0: one per CPU). At most `window` files (default 4 per worker) are
    in flight at once. Each file's failure becomes a failed outcome and the batch goes on;
    a worker that dies fails the files in flight and the pool is started afresh. Each
    document's analysis runs under `budget` (default: the settings' PLANTRACK_DOC_*).
    `analyse` (a module-level function, for the workers) replaces the pipeline in tests."""
    from plantrack.settings import Settings

    workers = resolve_workers(workers)
    budget = budget or Budget.from_settings(Settings())
    counts = {"stored": 0, "unchanged": 0, "failed": 0}

    def emit(outcome: Outcome) -> None:
        counts[outcome.status] += 1
        on_outcome(outcome)

    writer = _Writer(store, emit)
    todo = _pending(files, store, max_bytes, emit)
    if workers == 1:
        for path in todo:
            writer.take(path, analyse_within(analyse, path, max_bytes, budget))
            if writer.due() == 0:
                writer.flush()
        writer.flush()
        return counts

    limit = window or IN_FLIGHT_PER_WORKER * workers
    in_flight: dict[Future[Result], Path] = {}
    pool = _new_pool(workers)

    def submit(path: Path) -> Future[Result]:
        return pool.submit(analyse_within, analyse, path, max_bytes, budget, True)

    try:
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < limit:
                queued = next(todo, None)
                if queued is None:
                    exhausted = True
                    break
                try:
                    in_flight[submit(queued)] = queued
                except BrokenProcessPool:
                    # the pool broke between two results; this file goes to a fresh one
                    pool = _restart(pool, workers)
                    in_flight[submit(queued)] = queued
            if not in_flight:
                break
            done, _ = wait(in_flight, timeout=writer.due(), return_when=FIRST_COMPLETED)
            broken = False
            for future in done:
                path = in_flight.pop(future)
                try:
                    result = future.result()
                except BrokenProcessPool:
                    broken = True
                    emit(_crashed(path))
                    continue
                except Exception as exc:  # e.g. a result that does not unpickle
                    log.exception("unexpected error on %s", path)
                    result = ("internal", f"{type(exc).__name__}: {exc}", "")
                writer.take(path, result)
            if broken:
                # every other future of a broken pool fails too: report them, start afresh
                for future, path in in_flight.items():
                    if _finished_ok(future):  # it finished before its pool broke
                        writer.take(path, future.result())
                    else:
                        emit(_crashed(path))
                in_flight.clear()
                pool = _restart(pool, workers)
            if writer.due() == 0:
                writer.flush()
        writer.flush()
    finally:
        for future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
    return counts


class _Writer:
    """The finished documents waiting for their transaction, and their outcomes."""

    def __init__(self, store: Store, emit: Callable[[Outcome], None]) -> None:
        self.store = store
        self.emit = emit
        self.waiting: list[tuple[Path, Processed]] = []
        self.chars = 0
        self.since = 0.0

    def take(self, path: Path, result: Result) -> None:
        """A worker's result: a failure is reported at once, a document waits."""
        if result[0] == "failed":
            self.emit(Outcome(path, "failed", detail=str(result[1])))
            return
        if result[0] == "internal":
            summary = str(result[1])
            log.error("unexpected error on %s\n%s", path, result[2] if len(result) > 2 else "")
            self.emit(Outcome(path, "failed", detail=f"internal error ({summary})"))
            return
        processed = result[1]
        assert isinstance(processed, Processed)
        if not self.waiting:
            self.since = time.monotonic()
        self.waiting.append((path, processed))
        self.chars += len(processed.document.text)

    def due(self) -> float | None:
        """Seconds until the waiting documents must be written (0: now; None: none wait)."""
        if not self.waiting:
            return None
        if len(self.waiting) >= BATCH_DOCS or self.chars >= BATCH_MB * 2**20:
            return 0
        return max(0.0, self.since + BATCH_SECONDS - time.monotonic())

    def flush(self) -> None:
        """Write the waiting documents in one transaction, then report each."""
        from plantrack.store.repository import ToStore

        if not self.waiting:
            return
        waiting, self.waiting, self.chars = self.waiting, [], 0
        items = [
            ToStore(
                p.document,
                str(path),
                p.statements,
                p.entities,
                layout_rows(p.layout),
            )
            for path, p in waiting
        ]
        try:
            results = self.store.add_many(items)
        except Exception as exc:  # a bug must not stop the batch; it is reported and logged
            log.exception("unexpected error storing %d documents", len(items))
            detail = f"internal error ({type(exc).__name__}: {exc})"
            for path, _ in waiting:
                self.emit(Outcome(path, "failed", detail=detail))
            return
        for (path, processed), result in zip(waiting, results, strict=True):
            if isinstance(result, StoreError):
                self.emit(Outcome(path, "failed", detail=result.reason))
                continue
            doc_id, created = result
            detail = f"{processed.document.meta.title}  ({len(processed.statements)} statements)"
            self.emit(Outcome(path, "stored" if created else "unchanged", doc_id, detail))


def _pending(
    files: Iterable[Path], store: Store, max_bytes: int, emit: Callable[[Outcome], None]
) -> Iterator[Path]:
    """The files that need the pipeline; the others (stored already, too big, unreadable)
    are reported here, in this process, without reading them whole. The stored ones are
    looked up LOOKUP_FILES at a time (or LOOKUP_MB of files), in one query."""
    hashed: list[tuple[Path, str]] = []
    size = 0
    for path in files:
        try:
            size += check_size(path, max_bytes)
            hashed.append((path, file_hash(path)))
        except PlanTrackError as exc:
            emit(Outcome(path, "failed", detail=exc.reason))
            continue
        except OSError as exc:
            emit(Outcome(path, "failed", detail=f"cannot read the file: {exc.strerror or exc}"))
            continue
        if len(hashed) >= LOOKUP_FILES or size >= LOOKUP_MB * 2**20:
            yield from _not_stored(hashed, store, emit)
            hashed, size = [], 0
    yield from _not_stored(hashed, store, emit)


def _not_stored(
    hashed: list[tuple[Path, str]], store: Store, emit: Callable[[Outcome], None]
) -> Iterator[Path]:
    stored = store.document_ids_by_hash(h for _, h in hashed)
    for path, h in hashed:
        if h in stored:
            emit(Outcome(path, "unchanged", stored[h]))
        else:
            yield path


def _crashed(path: Path) -> Outcome:
    return Outcome(
        path,
        "failed",
        detail="a worker process died while this file was in flight "
        "(it may or may not be the cause); run the ingest again to retry it",
    )


def _finished_ok(future: Future[Result]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _new_pool(workers: int) -> Executor:
    return ProcessPoolExecutor(max_workers=workers, mp_context=_context())


def _context() -> multiprocessing.context.BaseContext:
    """Not fork: workers inherit no open database connections or threads. A fork server
    where there is one: a fresh process that imports the pipeline once, then forks each
    worker from itself. It also imports every plantrack module this process has loaded:
    each worker runs the main module again (multiprocessing does, for functions defined
    there), and `plantrack ingest`'s main module imports the whole command line program,
    which then costs a worker nothing (spawned, each paid ~1.8 s of CPU for its imports)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        forkserver = multiprocessing.get_context("forkserver")
        ours = {m for m in sys.modules if m == "plantrack" or m.startswith("plantrack.")}
        forkserver.set_forkserver_preload(sorted(ours | {__name__}))
        return forkserver
    return multiprocessing.get_context("spawn")


def _restart(pool: Executor, workers: int) -> Executor:
    log.warning("a worker process died; starting a new pool for the remaining files")
    pool.shutdown(wait=False, cancel_futures=True)
    return _new_pool(workers)
