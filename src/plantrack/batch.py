"""Ingest many files: analyse them in a process pool, store them from this process.

The parent process is the single writer (SQLite allows one): it hashes each file
(streamed), skips contents that are stored already, sends the rest to worker processes
for `analyse_path`, and stores each finished document as soon as it comes back, in its
own transaction (`Store.add`). A kill at any moment therefore leaves only whole
documents behind, and a rerun skips them (they are `unchanged`).

Memory stays bounded however many files there are: at most `window` files are in
flight at once, and outcomes go to a callback instead of a list.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from rich.markup import escape

from plantrack.errors import PlanTrackError
from plantrack.ingest import check_size, file_hash
from plantrack.pipeline import Processed, analyse_path
from plantrack.store.repository import Store
from plantrack.views import layout_rows

log = logging.getLogger("plantrack")

IN_FLIGHT_PER_WORKER = 4


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
) -> dict[str, int]:
    """Ingest `files` into `store`, calling `on_outcome` once per file (in the order the
    files finish, not the order given) and returning the counts per status.

    `workers` == 1 runs everything in this process; more runs the pipeline in that many
    worker processes (0: one per CPU). At most `window` files (default 4 per worker) are
    in flight at once. Each file's failure becomes a failed outcome and the batch goes on;
    a worker that dies fails the files in flight and the pool is started afresh.
    `analyse` (a module-level function, for the workers) replaces the pipeline in tests."""
    workers = resolve_workers(workers)
    counts = {"stored": 0, "unchanged": 0, "failed": 0}

    def emit(outcome: Outcome) -> None:
        counts[outcome.status] += 1
        on_outcome(outcome)

    todo = _pending(files, store, max_bytes, emit)
    if workers == 1:
        for path in todo:
            emit(_store_result(store, path, analyse(path, max_bytes)))
        return counts

    limit = window or IN_FLIGHT_PER_WORKER * workers
    in_flight: dict[Future[Result], Path] = {}
    pool = _new_pool(workers)
    try:
        exhausted = False
        while True:
            while not exhausted and len(in_flight) < limit:
                queued = next(todo, None)
                if queued is None:
                    exhausted = True
                    break
                try:
                    in_flight[pool.submit(analyse, queued, max_bytes)] = queued
                except BrokenProcessPool:
                    # the pool broke between two results; this file goes to a fresh one
                    pool = _restart(pool, workers)
                    in_flight[pool.submit(analyse, queued, max_bytes)] = queued
            if not in_flight:
                break
            done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
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
                emit(_store_result(store, path, result))
            if broken:
                # every other future of a broken pool fails too: report them, start afresh
                for future, path in in_flight.items():
                    emit(_crashed(path) if not _finished_ok(future) else _late(store, future, path))
                in_flight.clear()
                pool = _restart(pool, workers)
    finally:
        for future in in_flight:
            future.cancel()
        pool.shutdown(wait=True, cancel_futures=True)
    return counts


def _pending(
    files: Iterable[Path], store: Store, max_bytes: int, emit: Callable[[Outcome], None]
) -> Iterator[Path]:
    """The files that need the pipeline; the others (stored already, too big, unreadable)
    are reported here, in this process, without reading them whole."""
    for path in files:
        try:
            check_size(path, max_bytes)
            existing = store.document_id_by_hash(file_hash(path))
        except PlanTrackError as exc:
            emit(Outcome(path, "failed", detail=exc.reason))
            continue
        except OSError as exc:
            emit(Outcome(path, "failed", detail=f"cannot read the file: {exc.strerror or exc}"))
            continue
        if existing is not None:
            emit(Outcome(path, "unchanged", existing))
            continue
        yield path


def _store_result(store: Store, path: Path, result: Result) -> Outcome:
    """Write a worker's result (one transaction) and say what happened."""
    if result[0] == "failed":
        return Outcome(path, "failed", detail=str(result[1]))
    if result[0] == "internal":
        summary = str(result[1])
        log.error("unexpected error on %s\n%s", path, result[2] if len(result) > 2 else "")
        return Outcome(path, "failed", detail=f"internal error ({summary})")
    processed = result[1]
    assert isinstance(processed, Processed)
    try:
        doc = processed.document
        doc_id, created = store.add(
            doc, str(path), processed.statements, processed.entities, layout_rows(processed.layout)
        )
    except PlanTrackError as exc:
        return Outcome(path, "failed", detail=exc.reason)
    except Exception as exc:  # a bug must not stop the batch; it is reported and logged
        log.exception("unexpected error on %s", path)
        return Outcome(path, "failed", detail=f"internal error ({type(exc).__name__}: {exc})")
    detail = f"{doc.meta.title}  ({len(processed.statements)} statements)"
    return Outcome(path, "stored" if created else "unchanged", doc_id, detail)


def _crashed(path: Path) -> Outcome:
    return Outcome(
        path,
        "failed",
        detail="a worker process died while this file was in flight "
        "(it may or may not be the cause); run the ingest again to retry it",
    )


def _finished_ok(future: Future[Result]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _late(store: Store, future: Future[Result], path: Path) -> Outcome:
    """A result that finished before its pool broke: store it like any other."""
    return _store_result(store, path, future.result())


def _new_pool(workers: int) -> Executor:
    # spawn, not fork: workers inherit no open database connections or threads
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))


def _restart(pool: Executor, workers: int) -> Executor:
    log.warning("a worker process died; starting a new pool for the remaining files")
    pool.shutdown(wait=False, cancel_futures=True)
    return _new_pool(workers)
