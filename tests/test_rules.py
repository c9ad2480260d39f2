"""The named rules of the statement grammar (src/plantrack/data/statement_rules.toml).

Each rule must decide its own must-match sentences and leave its must-not sentences to
another rule; every rule the grammar can record is listed there, and no listed rule is dead.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from tests.statement_cases import run_case

RULES: list[dict[str, Any]] = tomllib.loads(
    resources.files("plantrack").joinpath("data/statement_rules.toml").read_text("utf-8")
)["rule"]
SOURCE = Path(__file__).parents[1] / "src" / "plantrack" / "extract" / "statements.py"


def _rules_found(case: dict[str, Any], rule_name: str) -> list[str]:
    context = {k: v for k, v in case.items() if k != "text"}
    result = run_case(
        {"id": f"{rule_name}-case", "text": case["text"], "context": context, "expected": []}
    )
    return [(r.get("cues") or {}).get("rule", "") for r in result.predicted]


def _cases(which: str) -> list[Any]:
    return [
        pytest.param(rule["name"], case, id=f"{rule['name']}-{i}")
        for rule in RULES
        for i, case in enumerate(rule[which])
    ]


def test_every_rule_has_cases_both_ways() -> None:
    names = [r["name"] for r in RULES]
    assert len(names) == len(set(names))
    for rule in RULES:
        assert rule["must_match"] and rule["must_not"], rule["name"]
        assert rule["does"], rule["name"]


def test_the_table_lists_exactly_the_rules_the_grammar_records() -> None:
    in_code = set(re.findall(r'rule\(\s*"([a-z-]+)"', SOURCE.read_text("utf-8")))
    in_code |= set(re.findall(r'why\["rule"\] = "([a-z-]+)"', SOURCE.read_text("utf-8")))
    assert in_code == {r["name"] for r in RULES}


@pytest.mark.parametrize(("name", "case"), _cases("must_match"))
def test_rule_decides_its_cases(name: str, case: dict[str, Any]) -> None:
    found = _rules_found(case, name)
    assert name in found, f"{case['text']}: decided by {found}"


@pytest.mark.parametrize(("name", "case"), _cases("must_not"))
def test_rule_leaves_look_alikes_alone(name: str, case: dict[str, Any]) -> None:
    found = _rules_found(case, name)
    assert found, f"{case['text']}: no statement found at all"
    assert name not in found, f"{case['text']}: decided by {found}"
