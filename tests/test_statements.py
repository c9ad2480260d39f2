"""Statement extraction: the seeds (development set), stored statements, and the grammar
on our own sentences (tests/data/statement_cases.yaml)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.eval import load_jsonl, score
from plantrack.extract import extract_statements
from plantrack.model import StatementKind
from plantrack.pipeline import process_bytes
from plantrack.views import statement_record
from tests.conftest import SEED_NEWS, SEED_PLAN, SEEDS, SHARED, seed_path

GOLD = SHARED / "eval" / "gold" / "seeds.jsonl"


def _predict(name: str) -> list[dict]:
    doc = process_bytes(seed_path(name).read_bytes(), name)
    return [statement_record(s, name) for s in extract_statements(doc)]


def test_seeds_meet_the_development_targets() -> None:
    if not GOLD.is_file():
        pytest.skip("needs ../shared/eval/gold/seeds.jsonl")
    scores = score(load_jsonl(GOLD), _predict(SEED_NEWS) + _predict(SEED_PLAN))
    assert scores.per_kind["target"].f1 >= 0.95
    assert scores.overall.f1 >= 0.90
    assert scores.attribute_accuracy >= 0.95


def test_every_statement_explains_itself_and_points_into_the_text(seed_plan) -> None:  # type: ignore[no-untyped-def]
    statements = extract_statements(seed_plan)
    assert statements
    for st in statements:
        assert "kind" in st.cues
        assert seed_plan.text[st.start : st.end] == st.text
        if st.kind is StatementKind.TARGET and st.year is not None:
            assert "year" in st.cues


def test_charging_pile_target_of_the_plan(seed_plan) -> None:  # type: ignore[no-untyped-def]
    piles = [s for s in extract_statements(seed_plan) if s.indicator == "充电桩"]
    assert len(piles) == 1
    st = piles[0]
    assert (st.kind, st.scope, st.year, st.value, st.unit) == (
        StatementKind.TARGET,
        "黑龙江省",
        2025,
        25000,
        "个",
    )
    assert st.cumulative and st.comparator == ">=" and not st.stretch
    assert st.mentions == 2  # the goals section and 专栏5 both state it
    assert st.section.startswith("二、发展思路与目标")


def test_title_deadline_governs_the_news_body_but_not_related_items(seed_news) -> None:  # type: ignore[no-untyped-def]
    by_value = {(s.value, s.unit): s for s in extract_statements(seed_news)}
    assert by_value[(100, "座")].year == 2025  # 加氢站100座以上, a later paragraph
    related = by_value[(100_000_000_000, "元")]  # 千亿级动力电池产业集群, a related item
    assert related.kind is StatementKind.TARGET and related.year is None


def test_ingest_stores_statements_and_targets_filters_them(db_url: str) -> None:
    if not SEEDS.is_dir():
        pytest.skip("needs ../shared/seeds")
    runner = CliRunner()
    assert runner.invoke(app, ["--database-url", db_url, "ingest", str(SEEDS)]).exit_code == 0
    out = runner.invoke(
        app, ["--database-url", db_url, "targets", "--region", "河南省", "--year", "2025", "--json"]
    ).output
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert {r["scope"] for r in rows} == {"河南省"} and {r["kind"] for r in rows} == {"target"}
    piles = [r for r in rows if r["indicator"] == "充电桩"]
    assert [(r["value"], r["unit"], r["comparator"]) for r in piles] == [("150000", "个", ">=")]
    out = runner.invoke(
        app, ["--database-url", db_url, "targets", "--kind", "forecast", "--json"]
    ).output
    forecasts = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    assert {r["doc"] for r in forecasts} == {SEED_PLAN}
    assert sorted(float(r["value"]) for r in forecasts) == [45.0, 7_000_000.0]


def test_extract_and_eval_commands(tmp_path: Path) -> None:
    if not GOLD.is_file():
        pytest.skip("needs ../shared/eval/gold/seeds.jsonl")
    runner = CliRunner()
    result = runner.invoke(app, ["extract", str(seed_path(SEED_NEWS)), "--format", "jsonl"])
    records = [json.loads(line) for line in result.output.splitlines()]
    assert records and all(r["doc"] == SEED_NEWS for r in records)
    assert {
        "kind",
        "scope",
        "year",
        "indicator",
        "value",
        "unit",
        "comparator",
        "stretch",
        "cumulative",
        "part_of",
        "text",
        "start",
        "end",
        "section",
        "cues",
    } <= set(records[0])
    result = runner.invoke(app, ["eval", str(GOLD), "--docs", str(SEEDS)])
    assert result.exit_code == 0
    assert result.output.splitlines()[-1].startswith("attribute accuracy")
    assert "overall" in result.output


def test_a_unit_written_once_at_the_end_of_a_list_is_every_items() -> None:
    doc = process_bytes("到2026年，三个园区产值分别达到4、6、9亿元。".encode(), "list.txt")
    found = [(s.kind, s.value, s.unit, s.year) for s in extract_statements(doc)]
    assert found == [
        (StatementKind.TARGET, 400000000, "元", 2026),
        (StatementKind.TARGET, 600000000, "元", 2026),
        (StatementKind.TARGET, 900000000, "元", 2026),
    ]
    assert all(s.indicator for s in extract_statements(doc))


def test_numbered_articles_are_not_a_list_of_figures() -> None:
    doc = process_bytes("依照本办法第4、7条执行。".encode(), "articles.txt")
    assert [s.value for s in extract_statements(doc) if s.unit == "条"] != [4, 7]


def test_a_page_without_full_stops_is_read_in_bounded_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Time grows with the text: no piece the grammar reads is longer than the bound, and
    every figure of a 40,000-character 'sentence' is still found."""
    from plantrack.extract import statements as grammar

    clause = "到2026年，园区新建充电桩{}个，"
    text = "".join(clause.format(100 + i) for i in range(2000))
    lengths: list[int] = []
    real = grammar._sentence

    def spy(ctx, span):  # type: ignore[no-untyped-def]
        lengths.append(span.end - span.start)
        return real(ctx, span)

    monkeypatch.setattr(grammar, "_sentence", spy)
    found = extract_statements(process_bytes(text.encode(), "long.txt"))
    assert max(lengths) <= grammar._LONGEST_ITEM
    assert {int(s.value) for s in found} == {100 + i for i in range(2000)}
