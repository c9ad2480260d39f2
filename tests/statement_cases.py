"""Runs the hand-written cases of tests/data/statement_cases.yaml through the pipeline.

Each case becomes a small document (its context: type, region, title, publication date,
preceding text of the section), the statements found in the case's own text are scored
against its expected records with plantrack.eval, and a case passes when nothing is
missed, nothing extra is found and every attribute is right.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from plantrack.clean import clean
from plantrack.eval import Scores, score
from plantrack.extract import extract_statements
from plantrack.model import Block, DocType, SourceDocument, SourceFormat
from plantrack.structure import structure
from plantrack.views import statement_record

CASES = Path(__file__).parent / "data" / "statement_cases.yaml"


def load_cases(path: Path = CASES) -> list[dict[str, Any]]:
    return list(yaml.safe_load(path.read_text("utf-8")))


@dataclass
class CaseResult:
    case: dict[str, Any]
    scores: Scores
    predicted: list[dict[str, Any]]

    @property
    def passed(self) -> bool:
        s = self.scores
        return not s.false_positives and not s.false_negatives and not s.attribute_errors

    def explain(self) -> str:
        lines = [f"{self.case['id']}: {self.case['text']}"]
        lines += [f"  expected {_short(r)}" for r in self.case["expected"]]
        lines += [f"  got      {_short(r)}  cues={r.get('cues')}" for r in self.predicted]
        return "\n".join(lines)


def _short(r: dict[str, Any]) -> str:
    return (
        f"{r['kind']} {r['scope']} {r['year']} {r['indicator']} {r['value']}{r['unit']} "
        f"{r['comparator']} S={r['stretch']} C={r['cumulative']} P={r['part_of']}"
    )


def run_case(case: dict[str, Any]) -> CaseResult:
    ctx = case.get("context") or {}
    doc_type = DocType(ctx.get("doc_type", "plan"))
    preceding = ctx.get("preceding") or ""
    body = preceding + ("\n" if preceding and not preceding.endswith("，") else "") + case["text"]
    metadata: dict[str, Any] = {}
    if ctx.get("title"):
        metadata["title"] = ctx["title"]
    published = ctx.get("published")
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    if published:
        metadata["date"] = published
    fmt = SourceFormat.JEKYLL if doc_type is DocType.NEWS else SourceFormat.HTML
    source = SourceDocument(
        name=case["id"],
        content_hash=case["id"],
        format=fmt,
        size=len(body),
        metadata=metadata,
        blocks=[Block(text=body, source_start=0)],
    )
    doc = structure(clean(source))
    doc.meta.doc_type = doc_type
    if "region" in ctx:
        doc.meta.region = ctx["region"]
    own_start = doc.text.find(case["text"][:8]) if case["text"] else 0
    predicted = [
        statement_record(s, case["id"]) for s in extract_statements(doc) if s.end > own_start
    ]
    gold = [{**r, "doc": case["id"]} for r in case["expected"]]
    # a case with nothing expected must still be scored: the scorer ignores documents
    # that have no gold record, so give it an impossible one and discount it.
    if not gold:
        gold = [{"doc": case["id"], "kind": "ignore", "value": -1, "unit": "-", "year": None}]
    return CaseResult(case, score(gold, predicted), predicted)
