"""Throughput of `plantrack ingest` end to end: files → pipeline (worker processes) →
the database, through the same driver as the command (plantrack.batch.ingest_files).

    python benchmarks/bench_ingest.py --n 300 --ratios      # analysis alone, workers 1, 2
    python benchmarks/bench_ingest.py --n 300 --ratios --repeat 2
    python benchmarks/bench_ingest.py                       # 20,000 documents, 2 workers
    python benchmarks/bench_ingest.py --n 2000 --workers 1
    python benchmarks/bench_ingest.py --n 20000 --compare 2000   # and 1 worker on 2,000
    python benchmarks/bench_ingest.py --database-url postgresql://u:p@localhost/bench
        # into that (empty) database, which is kept: bench_search.py can then search it

Without --database-url each run goes to a new SQLite file in a temporary folder.

Prints documents, seconds, documents/s, MB/s (input bytes) and the peak RSS of this
(the parent, writing) process. Figures depend on the machine and its load.

--ratios measures, in one run and on the same files: the analysis alone (`analyse_path`
on every file in this process), `ingest --workers 1` into a fresh SQLite file, `--workers
2` into another, and storing alone (the ingest driver and the store fed with the results
of the analysis run: what writing costs on top of analysing). Each line gives wall
seconds and CPU seconds (this process; with workers, the workers' CPU after a "+",
sampled from /proc), then the ratios: workers 1 / analysis (CPU time: both run in this
process, so the ratio does not depend on the machine's load) and workers 1 / workers 2
(wall time: the speedup), with the writer's busy share (its CPU seconds over the wall
seconds of the run). On a machine busy with other work the wall-time speedup means
little; the last line estimates it from CPU times as if the two cores were idle:
workers 1's CPU seconds over the larger of the writer's and half the workers' (their
startup included).
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_bench_corpus import generate  # noqa: E402

from plantrack.batch import Outcome, Result, ingest_files, resolve_workers  # noqa: E402
from plantrack.pipeline import Processed, analyse_path  # noqa: E402
from plantrack.store.repository import Store  # noqa: E402

MAX_BYTES = 50 << 20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class DescendantsCPU:
    """CPU seconds of this process's descendants (the workers, and the fork server that
    starts them: not our children, so RUSAGE_CHILDREN misses them), sampled from /proc
    every 0.1 s while a run lasts; a process's last sample counts."""

    def __init__(self) -> None:
        self.seen: dict[int, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._poll, daemon=True)

    def __enter__(self) -> DescendantsCPU:
        self._sample()
        self.before = dict(self.seen)  # a fork server of an earlier run: its CPU so far
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.done.set()
        self.thread.join()

    def _poll(self) -> None:
        while True:
            self._sample()
            if self.done.wait(0.1):
                self._sample()
                return

    def _sample(self) -> None:
        tick = os.sysconf("SC_CLK_TCK")
        stats: dict[int, tuple[int, float]] = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        mine = {os.getpid()}
        grew = True
        while grew:
            found = {pid for pid, (ppid, _) in stats.items() if ppid in mine} - mine
            grew = bool(found)
            mine |= found
        for pid in mine - {os.getpid()}:
            self.seen[pid] = max(self.seen.get(pid, 0.0), stats[pid][1])

    @property
    def seconds(self) -> float:
        return sum(cpu - self.before.get(pid, 0.0) for pid, cpu in self.seen.items())


def run(files: list[Path], workers: int, url: str, analyse: Any = None) -> dict[str, float]:
    counts = {"stored": 0, "unchanged": 0, "failed": 0}

    def count(outcome: Outcome) -> None:
        counts[outcome.status] += 1

    store = Store(url)
    kw = {"analyse": analyse} if analyse is not None else {}
    with DescendantsCPU() as descendants:
        t0, c0 = time.perf_counter(), time.process_time()
        ingest_files(files, store, workers=workers, max_bytes=MAX_BYTES, on_outcome=count, **kw)
        store.analyze()  # as `plantrack ingest` does
        elapsed = time.perf_counter() - t0
        cpu = time.process_time() - c0
    child = descendants.seconds
    store.close()
    mb = sum(f.stat().st_size for f in files) / 1e6
    return {
        "documents": len(files),
        "seconds": elapsed,
        "cpu": cpu,
        "children": child,
        "mb": mb,
        **counts,
    }


def report(label: str, r: dict[str, float]) -> None:
    print(
        f"{label:<12} {r['documents']:>6.0f} documents ({r['stored']:.0f} stored, "
        f"{r['failed']:.0f} failed)  {r['seconds']:7.1f} s  "
        f"{r['documents'] / r['seconds']:6.1f} docs/s  {r['mb'] / r['seconds']:5.2f} MB/s  "
        f"peak RSS (parent) {peak_rss_mb():.0f} MB"
    )


# -- --ratios ----------------------------------------------------------------------------

_CACHE: dict[Path, Processed] = {}


def cached(path: Path, _max_bytes: int) -> Result:
    """The analysis run's result for `path` (for storing alone, in this process)."""
    return ("ok", _CACHE[path])


def analysis_alone(files: list[Path]) -> dict[str, float]:
    t0, c0 = time.perf_counter(), time.process_time()
    for path in files:
        _CACHE[path] = analyse_path(path, MAX_BYTES)
    return {"seconds": time.perf_counter() - t0, "cpu": time.process_time() - c0}


def line(label: str, r: dict[str, float], n: int) -> None:
    children = f" + {r['children']:6.1f} (workers)" if r.get("children") else ""
    print(
        f"  {label:<22} wall {r['seconds']:7.2f} s  CPU {r['cpu']:7.2f} s{children}  "
        f"{n / r['seconds']:6.1f} docs/s"
    )


def ratios(files: list[Path], tmp: Path, repeat: int) -> None:
    for path in files[:3]:  # warm up: imports, dictionaries, compiled patterns
        analyse_path(path, MAX_BYTES)
    n = len(files)
    for round_ in range(1, repeat + 1):
        print(f"run {round_}/{repeat}: {n} documents")
        alone = analysis_alone(files)
        line("analysis alone", alone, n)
        one = run(files, 1, f"sqlite:///{tmp / f'w1-{round_}.db'}")
        line("ingest --workers 1", one, n)
        two = run(files, 2, f"sqlite:///{tmp / f'w2-{round_}.db'}")
        line("ingest --workers 2", two, n)
        store = run(files, 1, f"sqlite:///{tmp / f's-{round_}.db'}", analyse=cached)
        line("storing alone", store, n)
        _CACHE.clear()
        assert one["stored"] == two["stored"] == store["stored"] == n - one["failed"]
        print(
            f"  workers 1 / analysis: CPU {one['cpu'] / alone['cpu']:.2f}×, "
            f"wall {one['seconds'] / alone['seconds']:.2f}×  (acceptance ≤ 1.3×)\n"
            f"  storing alone / analysis: CPU {store['cpu'] / alone['cpu']:.2f}×\n"
            f"  workers 2 speedup over workers 1: wall {one['seconds'] / two['seconds']:.2f}×"
            f"  (acceptance ≥ 1.7×); the writer busy "
            f"{100 * two['cpu'] / two['seconds']:.0f}% of the workers 2 run\n"
            f"  on 2 idle cores (CPU-bound estimate: workers 1's CPU over the busier of the "
            f"writer and each worker): {one['cpu'] / max(two['cpu'], two['children'] / 2):.2f}×"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="documents to generate")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (0: CPUs)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--compare",
        type=int,
        nargs="?",
        const=2000,
        help="also run workers=1 on the first N documents (default 2000) of the corpus",
    )
    parser.add_argument(
        "--ratios",
        action="store_true",
        help="analysis alone, workers 1 and workers 2 on the same files, and their ratios",
    )
    parser.add_argument("--repeat", type=int, default=1, help="--ratios: how many rounds")
    parser.add_argument("--corpus", type=Path, help="reuse this folder instead of generating")
    parser.add_argument("--database-url", help="ingest into this database (kept afterwards)")
    args = parser.parse_args()
    workers = resolve_workers(args.workers)

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            t0 = time.perf_counter()
            generate(folder, args.n, seed=args.seed)
            print(f"generated {args.n} documents in {time.perf_counter() - t0:.1f} s")
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        print(f"CPUs {os.cpu_count()}; input {sum(f.stat().st_size for f in files) / 1e6:.1f} MB")
        if args.ratios:
            ratios(files, Path(tmp), args.repeat)
            return
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database {url.split('://')[0]}")
        report(f"workers={workers}", run(files, workers, url))
        if args.compare:
            sample = files[: args.compare]
            report("workers=1", run(sample, 1, f"sqlite:///{Path(tmp) / 'compare.db'}"))


if __name__ == "__main__":
    main()
