"""Pass rate of the statement grammar on tests/data/statement_cases.yaml, per construction.

python benchmarks/statement_cases.py            # the table
python benchmarks/statement_cases.py --failed   # and every failing case, explained
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.statement_cases import load_cases, run_case  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failed", action="store_true", help="explain every failing case")
    parser.add_argument("--only", help="only cases whose id or construction contains this")
    args = parser.parse_args()
    total: Counter[str] = Counter()
    passed: Counter[str] = Counter()
    failures = []
    for case in load_cases():
        if args.only and args.only not in case["id"] and args.only not in case["construction"]:
            continue
        group = case["construction"].split()[0]
        result = run_case(case)
        total[group] += 1
        if result.passed:
            passed[group] += 1
        else:
            failures.append(result)
    for group in sorted(total):
        print(
            f"{group:<28} {passed[group]:>3}/{total[group]:<3} {passed[group] / total[group]:6.1%}"
        )
    n, p = sum(total.values()), sum(passed.values())
    print(f"{'all cases':<28} {p:>3}/{n:<3} {p / max(n, 1):6.1%}")
    if args.failed:
        for result in failures:
            print()
            print(result.explain())


if __name__ == "__main__":
    main()
