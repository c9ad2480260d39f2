"""Comparable across documents: indicator ids and scope codes at ingest, compare, export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.export import COLUMNS
from plantrack.store.repository import Store
from tests.conftest import CORPUS, SEEDS, Databases

runner = CliRunner()


@pytest.fixture(scope="module")
def seeded_db(databases: Databases) -> str:
    if not SEEDS.is_dir():
        pytest.skip("needs ../shared/seeds")
    db = databases.new("seeds")
    result = runner.invoke(app, ["--database-url", db, "ingest", str(SEEDS)])
    assert result.exit_code == 0, result.output
    return db


def _compare(db: str, indicator: str, year: int = 2025) -> dict[str, dict]:
    out = runner.invoke(
        app,
        ["--database-url", db, "compare", "--indicator", indicator, "--year", str(year), "--json"],
    ).output
    rows = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    return {r["scope"]: r for r in rows}


def test_charging_piles_henan_against_heilongjiang(seeded_db: str) -> None:
    rows = _compare(seeded_db, "nev.charging_piles")
    henan, hlj = rows["河南省"], rows["黑龙江省"]
    assert (float(henan["value"]), henan["unit"], henan["comparator"]) == (150_000, "个", ">=")
    assert not henan["cumulative"]
    assert (float(hlj["value"]), hlj["unit"], hlj["comparator"]) == (25_000, "个", ">=")
    assert hlj["cumulative"]
    assert henan["scope_code"] == "410000" and hlj["scope_code"] == "230000"


def test_hydrogen_stations_and_production(seeded_db: str) -> None:
    stations = _compare(seeded_db, "nev.hydrogen_stations")
    assert float(stations["河南省"]["value"]) == 100 and float(stations["黑龙江省"]["value"]) == 5
    production = _compare(seeded_db, "nev.production")
    assert (float(production["河南省"]["value"]), production["河南省"]["comparator"]) == (
        1_500_000,
        ">",
    )
    assert (float(production["黑龙江省"]["value"]), production["黑龙江省"]["unit"]) == (
        100_000,
        "辆",
    )


def test_compare_table_and_unknown_indicator(seeded_db: str) -> None:
    out = runner.invoke(
        app, ["--database-url", seeded_db, "compare", "--indicator", "nev.charging_piles"]
    ).output
    assert "河南省" in out and "黑龙江省" in out and "150,000" in out
    result = runner.invoke(
        app, ["--database-url", seeded_db, "compare", "--indicator", "no.such.thing"]
    )
    assert result.exit_code == 1 and "unknown indicator" in result.output


def test_a_target_stated_by_a_plan_and_a_news_story_is_one_row(db_url: str) -> None:
    plan = CORPUS / "qingchuan_nev_plan_2023-2025.txt"
    news = CORPUS / "news_20230302_qingchuan_plan.md"
    assert (
        runner.invoke(app, ["--database-url", db_url, "ingest", str(plan), str(news)]).exit_code
        == 0
    )
    store = Store(db_url)
    rows = store.compare("nev.charging_piles", year=2025)
    names = {d["id"]: d["name"] for d in store.list_documents()}
    store.close()
    linked = {float(r["value"]): r for r in rows if len(r["sources"]) == 2}
    assert 8000 in linked, rows  # 累计建成公共充电桩8000个以上, in the plan and in the news
    assert set(linked[8000]["sources"]) == {plan.name, news.name}
    assert len(linked[8000]["phrases"]) == 2
    # each source with its own document id, in the same order
    assert [names[i] for i in linked[8000]["source_ids"]] == linked[8000]["sources"]


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx"])
def test_export_has_one_row_per_statement_with_every_field(
    seeded_db: str, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"out.{fmt}"
    result = runner.invoke(
        app, ["--database-url", seeded_db, "export", "--format", fmt, "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    store = Store(seeded_db)
    expected = len(store.statements(kind=None, limit=None))
    store.close()
    if fmt == "xlsx":
        from openpyxl import load_workbook

        sheet = load_workbook(target, read_only=True)["statements"]
        table = [list(row) for row in sheet.iter_rows(values_only=True)]
    elif fmt == "csv":
        with target.open(encoding="utf-8-sig", newline="") as f:
            table = list(csv.reader(f))
    else:
        records = json.loads(target.read_text("utf-8"))
        table = [list(COLUMNS)] + [[r[c] for c in COLUMNS] for r in records]
    assert tuple(table[0]) == COLUMNS
    assert len(table) - 1 == expected > 40
    kinds = {row[COLUMNS.index("kind")] for row in table[1:]}
    assert kinds == {"target", "baseline", "forecast"}
    piles = [row for row in table[1:] if row[COLUMNS.index("indicator_id")] == "nev.charging_piles"]
    assert piles and all(row[COLUMNS.index("doc")] for row in piles)
