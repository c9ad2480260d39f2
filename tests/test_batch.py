"""Parallel, resumable ingest (plantrack.batch): the same result with any number of
workers, bad files and dead workers reported per file, and a SIGKILL in the middle of
a batch leaves whole documents that a rerun skips."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, make_url, text
from sqlalchemy.exc import SQLAlchemyError
from typer.testing import CliRunner

from plantrack.batch import Budget, Outcome, Result, analyse_file, ingest_files
from plantrack.cli import app
from plantrack.store.repository import Store
from tests.conftest import CORPUS, REPO, Databases

MAX_BYTES = 50 << 20


def _ingest(url: str, files: list[Path], workers: int, **kw: object) -> list[Outcome]:
    outcomes: list[Outcome] = []
    store = Store(url)
    try:
        ingest_files(
            files,
            store,
            workers=workers,
            max_bytes=MAX_BYTES,
            on_outcome=outcomes.append,
            **kw,  # type: ignore[arg-type]
        )
    finally:
        store.close()
    return outcomes


def _stored(url: str) -> list[tuple[Any, ...]]:
    """(hash, title, statements, sections, entities) of every stored document."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT content_hash, title,"
                    " (SELECT count(*) FROM statements s WHERE s.document_id = d.id),"
                    " (SELECT count(*) FROM sections s WHERE s.document_id = d.id),"
                    " (SELECT count(*) FROM entities e WHERE e.document_id = d.id)"
                    " FROM documents d"
                )
            ).all()
    finally:
        engine.dispose()
    return sorted(tuple(r) for r in rows)


def test_two_workers_store_what_one_worker_stores(databases: Databases) -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    one_url, two_url = databases.new("one"), databases.new("two")
    one = _ingest(one_url, files, workers=1)
    two = _ingest(two_url, files, workers=2)
    assert sorted(o.path for o in two) == files  # one outcome per file
    assert {o.status for o in one} == {o.status for o in two} == {"stored"}
    assert _stored(one_url) == _stored(two_url)
    assert len(_stored(two_url)) == len(files)
    # and a rerun with workers skips them all
    again = _ingest(two_url, files, workers=2)
    assert {o.status for o in again} == {"unchanged"}


def test_a_bad_file_in_a_parallel_batch_gets_one_error_line(tmp_path: Path, db_url: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    good = sorted(p for p in CORPUS.iterdir() if p.is_file())
    for p in good:
        (folder / p.name).write_bytes(p.read_bytes())
    (folder / "noise.bin").write_bytes(random.Random(1).randbytes(4096))
    result = CliRunner().invoke(
        app,
        ["--database-url", db_url, "ingest", str(folder), "-j", "2"],
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error")]
    assert len(errors) == 1 and "noise.bin" in errors[0]
    assert f"{len(good) + 1} file(s): {len(good)} stored, 0 unchanged, 1 failed" in result.output
    assert len(_stored(db_url)) == len(good)


def crash_on_marked_files(path: Path, max_bytes: int) -> Result:
    """The pipeline, except that a file named crash* kills its worker process."""
    if path.name.startswith("crash"):
        os._exit(3)
    return analyse_file(path, max_bytes)


def test_a_dead_worker_fails_the_files_in_flight_and_the_batch_goes_on(
    tmp_path: Path, db_url: str
) -> None:
    good = sorted(p for p in CORPUS.iterdir() if p.is_file())
    crash = tmp_path / "crash.txt"
    crash.write_text("到2025年建成充电桩1万个。", encoding="utf-8")
    files = [crash, *good]
    # a window of 2: the crash takes at most one innocent file down with it
    outcomes = _ingest(
        db_url,
        files,
        workers=2,
        window=2,
        analyse=crash_on_marked_files,
    )
    assert sorted(o.path for o in outcomes) == sorted(files)
    failed = [o for o in outcomes if o.status == "failed"]
    assert crash in [o.path for o in failed]
    assert 1 <= len(failed) <= 2
    assert all("worker process died" in o.detail for o in failed)
    stored = [o for o in outcomes if o.status == "stored"]
    assert len(stored) == len(files) - len(failed)  # the pool came back for the rest
    # a rerun with the real pipeline picks up the innocent casualty
    rerun = _ingest(db_url, good, workers=2)
    assert len(_stored(db_url)) == len(good)
    assert {o.status for o in rerun} <= {"stored", "unchanged"}


# -- several documents per transaction ---------------------------------------------------


def unstorable_when_marked(path: Path, max_bytes: int) -> Result:
    """The pipeline, except that a file named broken* gets a section the database
    refuses (a title of None violates NOT NULL)."""
    result = analyse_file(path, max_bytes)
    if path.name.startswith("broken") and result[0] == "ok":
        processed = result[1]
        assert not isinstance(processed, str)
        processed.document.root.children[0].title = None  # type: ignore[assignment]
    return result


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_the_database_refuses_fails_alone_in_its_batch(
    tmp_path: Path, db_url: str, workers: int
) -> None:
    good = sorted(p for p in CORPUS.iterdir() if p.is_file())
    plan = CORPUS / "qingchuan_nev_plan_2023-2025.txt"
    broken = tmp_path / "broken_plan.txt"
    broken.write_bytes(plan.read_bytes() + "补充说明。\n".encode())
    copy = tmp_path / "copy_of_plan.txt"  # the same content twice in one batch
    copy.write_bytes(plan.read_bytes())
    files = [*good[:3], broken, *good[3:], copy]
    outcomes = _ingest(db_url, files, workers=workers, analyse=unstorable_when_marked)
    by_path = {o.path: o for o in outcomes}
    assert len(outcomes) == len(files)
    assert by_path[broken].status == "failed"
    assert "cannot store the document" in by_path[broken].detail
    assert {by_path[p].status for p in good if p != plan} == {"stored"}
    # the first of the two to finish is stored, the other is unchanged
    assert sorted([by_path[plan].status, by_path[copy].status]) == ["stored", "unchanged"]
    assert by_path[copy].doc_id == by_path[plan].doc_id
    assert len(_stored(db_url)) == len(good)


def test_a_document_is_reported_stored_only_once_committed(
    tmp_path: Path, databases: Databases
) -> None:
    files = sorted(p for p in CORPUS.iterdir() if p.is_file())
    url = databases.new("committed")
    seen: list[bool] = []
    store = Store(url)
    other = create_engine(url)  # another connection sees committed rows only
    try:

        def check(outcome: Outcome) -> None:
            with other.connect() as conn:
                found = conn.scalar(
                    text("SELECT count(*) FROM documents WHERE id = :i"), {"i": outcome.doc_id}
                )
            seen.append(outcome.status == "stored" and found == 1)

        ingest_files(files, store, workers=1, max_bytes=MAX_BYTES, on_outcome=check)
    finally:
        store.close()
        other.dispose()
    assert seen == [True] * len(files)


# -- the budget of one document ----------------------------------------------------------


def spin_when_marked(path: Path, max_bytes: int) -> Result:
    """The pipeline, except that a file named slow* never ends."""
    if path.name.startswith("slow"):
        n = 0
        while True:
            n += 1
    return analyse_file(path, max_bytes)


def hog_when_marked(path: Path, max_bytes: int) -> Result:
    """The pipeline, except that a file named hog* takes up to 2.5 GB."""
    if path.name.startswith("hog"):
        held = [bytearray(64 << 20) for _ in range(40)]
        return ("failed", f"the memory budget let {len(held) * 64} MB through")
    return analyse_file(path, max_bytes)


def _with_marked(tmp_path: Path, name: str) -> tuple[Path, list[Path]]:
    marked = tmp_path / name
    marked.write_text("到2025年建成充电桩1万个。", encoding="utf-8")
    good = sorted(p for p in CORPUS.iterdir() if p.is_file())
    return marked, [*good[:2], marked, *good[2:]]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_time_budget_fails_and_the_batch_goes_on(
    tmp_path: Path, db_url: str, workers: int
) -> None:
    slow, files = _with_marked(tmp_path, "slow.txt")
    outcomes = _ingest(
        db_url, files, workers=workers, analyse=spin_when_marked, budget=Budget(seconds=3)
    )
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.path for o in failed] == [slow]
    assert "more than 3 s of CPU time" in failed[0].detail
    assert "PLANTRACK_DOC_TIMEOUT_S" in failed[0].detail
    assert "slow.txt" in failed[0].line()
    assert len(_stored(db_url)) == len(files) - 1


@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="the memory budget needs Linux")
@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_memory_budget_fails_and_the_batch_goes_on(
    tmp_path: Path, db_url: str, workers: int
) -> None:
    hog, files = _with_marked(tmp_path, "hog.txt")
    outcomes = _ingest(
        db_url, files, workers=workers, analyse=hog_when_marked, budget=Budget(memory_mb=256)
    )
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.path for o in failed] == [hog]
    assert "more than 256 MB of memory" in failed[0].detail
    assert "PLANTRACK_DOC_MEMORY_MB" in failed[0].detail
    assert len(_stored(db_url)) == len(files) - 1
    # the limit is lifted afterwards: this process can take more again
    assert len(bytearray(300 << 20)) == 300 << 20


def hang_when_marked(path: Path, max_bytes: int) -> Result:
    """The pipeline, except that a file named hang* spins where the CPU timer's signal
    cannot reach (blocked, as in C code that never returns to Python)."""
    if path.name.startswith("hang"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGPROF})
        while True:
            pass
    return analyse_file(path, max_bytes)


@pytest.mark.slow
def test_a_worker_stuck_past_its_time_budget_is_ended(tmp_path: Path, db_url: str) -> None:
    hang, files = _with_marked(tmp_path, "hang.txt")
    outcomes = _ingest(
        db_url, files, workers=2, window=2, analyse=hang_when_marked, budget=Budget(seconds=2)
    )
    failed = [o for o in outcomes if o.status == "failed"]
    assert hang in [o.path for o in failed] and len(failed) <= 2
    assert all("worker process died" in o.detail for o in failed)
    assert len(_stored(db_url)) == len(files) - len(failed)


# -- kill -9 in the middle of a batch --------------------------------------------------

N_DOCS = 2000
KILL_FROM = 100  # kill as soon as this many documents are stored …
KILL_BY = 1500  # … and fail the test if it could only happen after this many


@pytest.fixture()
def reader(db_url: str) -> Iterator[Engine]:
    """An engine that reads `db_url` beside the ingest. A SQLite file is opened read-only,
    so that polling cannot create the file before the ingest does."""
    url = make_url(db_url)
    if url.get_backend_name() == "sqlite":
        url = url.set(database=f"file:{url.database}", query={"mode": "ro", "uri": "true"})
        engine = create_engine(url, connect_args={"timeout": 1})
    else:
        engine = create_engine(url)
    yield engine
    engine.dispose()


def _count(reader: Engine) -> int | None:
    """Stored documents, read through a separate connection (None: no database or table yet)."""
    try:
        with reader.connect() as conn:
            return int(conn.scalar(text("SELECT count(*) FROM documents")) or 0)
    except SQLAlchemyError:
        return None


def _ingest_cmd(url: str, folder: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "plantrack.cli",
        "--database-url",
        url,
        "ingest",
        str(folder),
        "--workers",
        "2",
    ]


@pytest.mark.slow
def test_sigkill_midway_then_rerun_stores_every_document_once(
    tmp_path: Path, db_url: str, reader: Engine
) -> None:
    """Why this is meaningful and bounded: the 2,000 documents take tens of seconds to
    ingest (about 40 docs/s with two workers on two CPUs), and the database is polled
    every 20 ms, so the kill lands after ~100 documents, long before the end. Should the
    run finish or the window be missed anyway (a much faster machine), the test fails
    rather than passing vacuously. Every wait has a deadline."""
    # The corpus and the sample check below run in child processes: on Linux a child's
    # ru_maxrss starts from its parent's, and test_cli measures a child's peak memory.
    folder = tmp_path / "corpus"
    script = (
        f"import sys; sys.path.insert(0, {str(REPO / 'scripts')!r})\n"
        "from make_bench_corpus import generate\n"
        f"generate(__import__('pathlib').Path({str(folder)!r}), {N_DOCS}, seed=7)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, timeout=300)
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "200"}

    log1 = tmp_path / "run1.log"
    with log1.open("wb") as out:
        proc = subprocess.Popen(
            _ingest_cmd(db_url, folder),
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,  # its own process group: the workers die with it
        )
    try:
        deadline = time.monotonic() + 120
        stored = None
        while time.monotonic() < deadline and proc.poll() is None:
            stored = _count(reader)
            if stored is not None and stored >= KILL_FROM:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the first run ended before it could be killed"
        assert stored is not None and stored >= KILL_FROM, "too slow to reach the kill point"
        os.killpg(proc.pid, signal.SIGKILL)  # the parent (the writer) and its workers
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL

    killed_at = _count(reader)
    assert killed_at is not None and KILL_FROM <= killed_at <= KILL_BY
    # Whole documents only. Plans (PDF text) always have sections, news posts never do;
    # no stored plan may be without its sections …
    with reader.connect() as conn:
        plans_without_sections = conn.scalar(
            text(
                "SELECT count(*) FROM documents d WHERE format = 'pdf_text' AND NOT EXISTS"
                " (SELECT 1 FROM sections s WHERE s.document_id = d.id)"
            )
        )
        counts = {
            path: (statements, sections)
            for path, statements, sections in conn.execute(
                text(
                    "SELECT path,"
                    " (SELECT count(*) FROM statements s WHERE s.document_id = d.id),"
                    " (SELECT count(*) FROM sections s WHERE s.document_id = d.id)"
                    " FROM documents d"
                )
            )
        }
    assert plans_without_sections == 0
    # … every `stored` line the first run printed matches the rows (each line is printed
    # after its transaction commits; a commit just before the kill may lack its line) …
    printed = re.findall(r"^stored\s+#\d+\s+(\S+)\s.*\((\d+) statements\)$", log1.read_text(), re.M)
    assert len(printed) >= KILL_FROM - 10
    for path, n in printed:
        assert counts[path][0] == int(n), path
    # … and a sample of stored documents has exactly what the pipeline gives them.
    sample = random.Random(0).sample(sorted(counts), 25)
    check = (
        "import json, sys\n"
        "from pathlib import Path\n"
        "from plantrack.pipeline import analyse_path\n"
        "from plantrack.views import section_rows\n"
        "for p in sys.argv[1:]:\n"
        f"    d = analyse_path(Path(p), {MAX_BYTES})\n"
        "    print(json.dumps([p, len(d.statements), len(section_rows(d.document.root))]))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", check, *sample], capture_output=True, text=True, timeout=300
    )
    assert found.returncode == 0, found.stderr[-2000:]
    for line in found.stdout.splitlines():
        path, statements, sections = json.loads(line)
        assert counts[path] == (statements, sections), path

    rerun = subprocess.run(
        _ingest_cmd(db_url, folder), capture_output=True, text=True, env=env, timeout=600
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert (
        f"{N_DOCS} file(s): {N_DOCS - killed_at} stored, {killed_at} unchanged, 0 failed"
        in rerun.stdout
    )
    with reader.connect() as conn:
        total, distinct = conn.execute(
            text("SELECT count(*), count(DISTINCT content_hash) FROM documents")
        ).one()
    assert total == distinct == N_DOCS
