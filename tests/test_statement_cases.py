"""The statement grammar on our own 328 sentences (tests/data/statement_cases.yaml).

Each case must yield exactly its expected statements with every scored attribute right.
Cases the grammar does not handle yet are listed in statement_cases_known_failures.txt and
expected to fail; a listed case that starts to pass fails the run, so the list only shrinks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.statement_cases import load_cases, run_case

KNOWN_FAILURES = {
    line.strip()
    for line in (Path(__file__).parent / "data" / "statement_cases_known_failures.txt")
    .read_text("utf-8")
    .splitlines()
    if line.strip() and not line.startswith("#")
}
CASES = load_cases()


def test_the_cases_are_many_and_the_known_failures_few() -> None:
    assert len(CASES) >= 150
    assert {c["id"] for c in CASES} >= KNOWN_FAILURES
    assert len(KNOWN_FAILURES) / len(CASES) < 0.2


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c["id"],
            marks=[pytest.mark.xfail(strict=True, reason="known failure")]
            if c["id"] in KNOWN_FAILURES
            else [],
        )
        for c in CASES
    ],
)
def test_case(case: dict) -> None:
    result = run_case(case)
    assert result.passed, result.explain()
