"""Is the pipeline linear, and how fast is it next to anchors on the same bytes?

Repeats one long real plan (a seed) 8×, 32× and 128× and, for each size, prints the CPU
time per MB of reading + cleaning + structuring, of the analysis (statements, entities,
layout), and of two anchors on the same text: jieba.lcut (a word segmenter, if installed)
and one regular-expression pass. The ratios are what to quote: absolute times depend on
the machine and its load.

    python benchmarks/bench_linear.py                  # ×8, ×32, ×128 of seed 004
    python benchmarks/bench_linear.py --sizes 8 128 --seed-file PATH
    python benchmarks/bench_linear.py --sizes 1258     # a 50 MB plan: peak memory too

Acceptance of issue 11: analysis ≥ 3× jieba's MB/s; per-MB cost at ×128 ≤ 1.15× that at ×8.
"""

from __future__ import annotations

import argparse
import gc
import re
import resource
import time
from pathlib import Path

from plantrack.pipeline import analyse, process_bytes

REPO = Path(__file__).resolve().parents[1]
DEFAULT_SEED = REPO.parent / "shared" / "seeds" / "004_0a1f08db3fe563dd.txt"
_ANY_FIGURE = re.compile(r"[0-9０-９]+(?:\.[0-9]+)?[万亿]?[个辆座家%]?")


def _cpu(fn):  # type: ignore[no-untyped-def]
    gc.collect()
    start = time.process_time()
    result = fn()
    return result, time.process_time() - start


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 32, 128])
    parser.add_argument("--seed-file", type=Path, default=DEFAULT_SEED)
    args = parser.parse_args()
    try:
        import jieba  # type: ignore[import-untyped]

        jieba.setLogLevel(60)
        jieba.initialize()
    except ImportError:
        jieba = None
    one = args.seed_file.read_bytes()
    analyse(process_bytes(one, "warm-up.txt"))  # tables and patterns load once per process

    print(
        f"{'size':>6} {'MB':>7} {'structure s/MB':>15} {'analyse s/MB':>13} {'total MB/s':>10}"
        f" {'jieba MB/s':>10} {'regex MB/s':>10} {'×jieba':>7} {'vs first':>8} {'peak MB':>8}"
    )
    first: float | None = None
    for n in args.sizes:
        data = b"\n".join([one] * n)
        mb = len(data) / 1e6
        doc, t_structure = _cpu(lambda data=data: process_bytes(data, "bench.txt"))
        _, t_analyse = _cpu(lambda doc=doc: analyse(doc))
        text = doc.text
        jieba_rate = None
        if jieba is not None:
            _, t_jieba = _cpu(lambda text=text: jieba.lcut(text))
            jieba_rate = mb / t_jieba if t_jieba else None
        _, t_regex = _cpu(lambda text=text: sum(1 for _ in _ANY_FIGURE.finditer(text)))
        per_mb = (t_structure + t_analyse) / mb
        first = first or per_mb
        rate = 1 / per_mb
        print(
            f"×{n:<5} {mb:7.2f} {t_structure / mb:15.2f} {t_analyse / mb:13.2f} {rate:10.2f}"
            f" {jieba_rate or float('nan'):10.2f} {mb / t_regex if t_regex else float('nan'):10.1f}"
            f" {rate / jieba_rate if jieba_rate else float('nan'):7.2f} {per_mb / first:8.2f}"
            f" {peak_rss_mb():8.0f}"
        )
        del doc, data


if __name__ == "__main__":
    main()
