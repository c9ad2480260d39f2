"""Throughput and memory of ingest + clean + structure (and optionally the store).

Generates documents in the seed formats (Jekyll news posts, PDF-extracted text, GBK
HTML notices, a few PDFs) with scripts/make_bench_corpus.py, then runs the pipeline
over them in this process and prints documents/s, MB/s and peak memory.

    python benchmarks/bench_pipeline.py --n 2000            # pipeline only
    python benchmarks/bench_pipeline.py --n 2000 --store    # and write to a fresh SQLite

Figures depend on the machine and its load; run it twice and quote both.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import resource
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from make_bench_corpus import generate  # noqa: E402

from plantrack.errors import PlanTrackError  # noqa: E402
from plantrack.extract import extract_statements  # noqa: E402
from plantrack.pipeline import process_bytes  # noqa: E402
from plantrack.store.repository import Store  # noqa: E402


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=2000, help="documents to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--store", action="store_true", help="also write to a fresh SQLite")
    parser.add_argument("--corpus", type=Path, help="reuse this folder instead of generating")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.corpus or Path(tmp) / "corpus"
        if args.corpus is None:
            t0 = time.perf_counter()
            generate(folder, args.n, seed=args.seed)
            print(f"generated {args.n} documents in {time.perf_counter() - t0:.1f} s")
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        payloads = [(p.name, p.read_bytes()) for p in files]
        total_bytes = sum(len(d) for _, d in payloads)
        # One-time costs per process (imports, trafilatura's setup of about a second)
        # are paid by one document of each format before the clock starts.
        t0 = time.perf_counter()
        warmed: set[bytes] = set()
        for name, data in payloads:
            key = data[:16]
            if key not in warmed:
                warmed.add(key)
                with contextlib.suppress(PlanTrackError):
                    process_bytes(data, name)
        print(f"warm-up          {time.perf_counter() - t0:.2f} s (once per process)")
        gc.collect()
        rss_before = peak_rss_mb()

        store = Store(f"sqlite:///{Path(tmp) / 'bench.db'}") if args.store else None
        documents = []
        formats: Counter[str] = Counter()
        seconds: Counter[str] = Counter()
        volume: Counter[str] = Counter()
        failures = 0
        text_chars = sections = sentences = 0
        t0 = time.perf_counter()
        for name, data in payloads:
            started = time.perf_counter()
            try:
                doc = process_bytes(data, name)
            except PlanTrackError:
                failures += 1
                continue
            fmt = doc.source.format.value
            seconds[fmt] += time.perf_counter() - started
            volume[fmt] += len(data)
            formats[fmt] += 1
            text_chars += len(doc.text)
            sections += len(doc.sections())
            sentences += len(doc.sentences)
            documents.append(doc)
        elapsed = time.perf_counter() - t0

        # extraction alone, on the structured documents
        t0 = time.perf_counter()
        statement_lists = [extract_statements(doc) for doc in documents]
        extract_elapsed = time.perf_counter() - t0
        statements = sum(len(s) for s in statement_lists)
        text_mb = sum(len(doc.text.encode("utf-8")) for doc in documents) / 1e6

        store_elapsed = 0.0
        if store is not None:
            t0 = time.perf_counter()
            for doc, found in zip(documents, statement_lists, strict=True):
                store.add(doc, doc.source.name, found)
            store_elapsed = time.perf_counter() - t0
        if store is not None:
            store.close()

    mb = total_bytes / 1e6
    print(f"documents        {len(payloads)} ({', '.join(f'{k} {v}' for k, v in formats.items())})")
    print(f"failed           {failures}")
    print(f"input            {mb:.1f} MB; clean text {text_chars / 1e6:.1f} M characters")
    print(f"sections         {sections}; sentences {sentences}")
    print(f"ingest+clean+structure   {elapsed:.2f} s")
    print(f"documents/s      {len(payloads) / elapsed:.0f}")
    print(f"MB/s (one core)  {mb / elapsed:.2f}")
    for fmt in formats:
        print(
            f"  {fmt:<14} {formats[fmt] / seconds[fmt]:7.0f} docs/s "
            f"{volume[fmt] / 1e6 / seconds[fmt]:6.2f} MB/s"
        )
    print(f"extract                  {extract_elapsed:.2f} s")
    print(f"statements       {statements} ({statements / extract_elapsed:.0f}/s)")
    print(f"MB/s (one core)  {text_mb / extract_elapsed:.2f} of clean text (UTF-8)")
    if store is not None:
        print(f"store (SQLite)           {store_elapsed:.2f} s")
    print(
        f"peak RSS         {peak_rss_mb():.0f} MB (before the run: {rss_before:.0f} MB,"
        f" the corpus held in memory: {mb:.0f} MB)"
    )


if __name__ == "__main__":
    main()
