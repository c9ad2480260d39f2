"""Throughput of `plantrack ingest` end to end: files → pipeline (worker processes) →
the database, through the same driver as the command (plantrack.batch.ingest_files).

    python benchmarks/bench_ingest.py                       # 20,000 documents, 2 workers
    python benchmarks/bench_ingest.py --n 2000 --workers 1
    python benchmarks/bench_ingest.py --n 20000 --compare 2000   # and 1 worker on 2,000
    python benchmarks/bench_ingest.py --database-url postgresql://u:p@localhost/bench
        # into that (empty) database, which is kept: bench_search.py can then search it

Without --database-url each run goes to a new SQLite file in a temporary folder.

Prints documents, seconds, documents/s, MB/s (input bytes) and the peak RSS of this
(the parent, writing) process. Figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_bench_corpus import generate  # noqa: E402

from plantrack.batch import Outcome, ingest_files, resolve_workers  # noqa: E402
from plantrack.store.repository import Store  # noqa: E402

MAX_BYTES = 50 << 20


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(files: list[Path], workers: int, url: str) -> dict[str, float]:
    counts = {"stored": 0, "unchanged": 0, "failed": 0}

    def count(outcome: Outcome) -> None:
        counts[outcome.status] += 1

    store = Store(url)
    t0 = time.perf_counter()
    ingest_files(files, store, workers=workers, max_bytes=MAX_BYTES, on_outcome=count)
    store.analyze()  # as `plantrack ingest` does
    elapsed = time.perf_counter() - t0
    store.close()
    mb = sum(f.stat().st_size for f in files) / 1e6
    return {"documents": len(files), "seconds": elapsed, "mb": mb, **counts}


def report(label: str, r: dict[str, float]) -> None:
    print(
        f"{label:<12} {r['documents']:>6.0f} documents ({r['stored']:.0f} stored, "
        f"{r['failed']:.0f} failed)  {r['seconds']:7.1f} s  "
        f"{r['documents'] / r['seconds']:6.1f} docs/s  {r['mb'] / r['seconds']:5.2f} MB/s  "
        f"peak RSS (parent) {peak_rss_mb():.0f} MB"
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
        url = args.database_url or f"sqlite:///{Path(tmp) / 'bench.db'}"
        print(f"database {url.split('://')[0]}")
        report(f"workers={workers}", run(files, workers, url))
        if args.compare:
            sample = files[: args.compare]
            report("workers=1", run(sample, 1, f"sqlite:///{Path(tmp) / 'compare.db'}"))


if __name__ == "__main__":
    main()
