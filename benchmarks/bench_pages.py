"""Server time per dashboard page over a database (default: a new one built from a
generated corpus). Requests go through the ASGI app in process (no network), so the
figure is the server's own time: database queries plus rendering.

    python benchmarks/bench_pages.py --database-url sqlite:////tmp/b20k.db   # e.g. after
        # python benchmarks/bench_ingest.py --n 20000 --database-url sqlite:////tmp/b20k.db
    python benchmarks/bench_pages.py --n 500                                # quick
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from fastapi.testclient import TestClient  # noqa: E402
from make_bench_corpus import generate  # noqa: E402

from plantrack.api import create_app  # noqa: E402
from plantrack.batch import ingest_files  # noqa: E402
from plantrack.settings import Settings  # noqa: E402
from plantrack.store.repository import Store  # noqa: E402


def pages(client: TestClient) -> dict[str, list[str]]:
    """The pages to time, each with a few variants a user would open."""
    docs = client.get("/api/documents", params={"limit": 1000}).json()["items"]
    ids = [d["id"] for d in docs[:: max(1, len(docs) // 10)]][:10]
    statement_ids = [
        s["id"] for s in client.get("/api/statements", params={"limit": 10}).json()["items"]
    ]
    return {
        "home": ["/"],
        "search": ["/find?q=充电桩", "/find?q=电", "/find?q=氢能+2025"],
        "document": [f"/doc/{i}" for i in ids],
        "statement panel": [f"/statement/{i}" for i in statement_ids],
        "targets": [
            "/targets",
            "/targets?kind=target",
            "/targets?kind=target&year=2025&sort=-value",
            "/targets?indicator_id=nev.charging_piles",
            "/targets?kind=target&page=5",
        ],
        "compare": ["/compare", "/compare?indicator=nev.production&year=2025"],
        "tracking": ["/tracking"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="time the pages over this database")
    parser.add_argument("--n", type=int, default=500, help="documents when building one")
    parser.add_argument("--rounds", type=int, default=10, help="requests per page variant")
    parser.add_argument("--only", nargs="*", help="only these pages (home, search, …)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url
        if not url:
            url = f"sqlite:///{Path(tmp) / 'pages.db'}"
            folder = Path(tmp) / "corpus"
            generate(folder, args.n, seed=3)
            store = Store(url)
            ingest_files(sorted(folder.iterdir()), store, workers=2, max_bytes=50 << 20)
            store.close()
        client = TestClient(create_app(Settings(database_url=url)))
        counts = client.get("/api/health").json()
        print(f"database {url.split('://')[0]}, {counts['documents']} documents")
        client.get("/find?q=电")  # the search index is filled on first use
        print(f"{'page':<16} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
        worst = 0.0
        for name, paths in pages(client).items():
            if args.only and name not in args.only:
                continue
            times = []
            for _ in range(args.rounds):
                for path in paths:
                    t0 = time.perf_counter()
                    r = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    assert r.status_code == 200, (path, r.status_code)
            times.sort()
            p95 = times[int(0.95 * (len(times) - 1))]
            worst = max(worst, p95)
            print(
                f"{name:<16} {len(times):>8} {statistics.median(times):>8.1f} {p95:>8.1f} "
                f"{times[-1]:>8.1f}"
            )
        print(f"worst p95 {worst:.1f} ms (aim: under 300 ms)")


if __name__ == "__main__":
    main()
