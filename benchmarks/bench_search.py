"""Search latency over a generated corpus: p50/p95 of 200 varied queries.

python benchmarks/bench_search.py --n 2000          # quick, a new SQLite database
python benchmarks/bench_search.py --n 20000         # the issue's size (several minutes to build)
python benchmarks/bench_search.py --database-url URL  # a database filled before, e.g. by
                                                     # bench_ingest.py --database-url URL
"""

from __future__ import annotations

import argparse
import contextlib
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_bench_corpus import generate  # noqa: E402

from plantrack.errors import PlanTrackError  # noqa: E402
from plantrack.pipeline import process_bytes  # noqa: E402
from plantrack.store.repository import Store  # noqa: E402
from plantrack.store.search import ensure_index, search  # noqa: E402

# One- to four-character words and two-word queries, as analysts type them.
WORDS = [
    "电",
    "氢",
    "桩",
    "氢能",
    "电池",
    "充电",
    "储能",
    "光伏",
    "风电",
    "石墨",
    "芯片",
    "补贴",
    "充电桩",
    "加氢站",
    "换电站",
    "新能源",
    "产业园",
    "营业收入",
    "负极材料",
    "动力电池",
    "燃料电池",
    "智能网联",
    "专精特新",
    "固定资产",
    "GWh",
    "2025",
    "亿元",
    "万辆",
]


def queries(n: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.3:
            out.append(" ".join(rng.sample(WORDS, 2)))
        else:
            out.append(rng.choice(WORDS))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="documents")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--database-url", help="search this database instead of building one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.database_url:
            store = Store(args.database_url)
        else:
            folder = Path(tmp) / "corpus"
            generate(folder, args.n, seed=7)
            store = Store(f"sqlite:///{Path(tmp) / 'db.sqlite'}")
            t0 = time.perf_counter()
            for path in sorted(folder.iterdir()):
                with contextlib.suppress(PlanTrackError):
                    store.add(process_bytes(path.read_bytes(), path.name), str(path))
            print(f"stored {store.count()} documents in {time.perf_counter() - t0:.1f} s")
        print(f"database {store.engine.dialect.name}, {store.count()} documents")
        t0 = time.perf_counter()
        ensure_index(store.engine)
        print(f"indexed in {time.perf_counter() - t0:.1f} s")
        latencies, hits = [], 0
        for q in queries(args.queries):
            t0 = time.perf_counter()
            hits += bool(search(store.engine, q, limit=20))
            latencies.append((time.perf_counter() - t0) * 1000)
        latencies.sort()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(f"queries          {len(latencies)} ({hits} with hits)")
        print(f"latency p50      {statistics.median(latencies):.1f} ms")
        print(f"latency p95      {p95:.1f} ms")
        print(f"latency max      {latencies[-1]:.1f} ms")
        store.close()


if __name__ == "__main__":
    main()
