"""Actual values (table import, baselines), targets tracked against them, and reviews of
statements with their audit trail. Every database test runs on SQLite and PostgreSQL."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from itertools import pairwise
from typing import Any

import openpyxl
import pytest

from plantrack.errors import (
    BrokenFileError,
    EmptyInputError,
    EncodingError,
    InputError,
    NotFoundError,
    UnsupportedFormatError,
)
from plantrack.pipeline import Processed, analyse, analyse_path, process_bytes
from plantrack.store.actuals import (
    ActualInput,
    ActualsTableError,
    actual_values,
    baseline_actuals,
    count_targets,
    import_actuals,
    place_filter,
    read_actuals_table,
    targets_progress,
)
from plantrack.store.repository import Store, link_key_of
from plantrack.store.reviews import ReviewError, review_history, review_statement
from plantrack.tracking import ACHIEVED, AT_RISK, MISSED, NO_DATA, ON_TRACK, STATUSES
from tests.conftest import CORPUS, Databases

D = Decimal

# -- reading tables ------------------------------------------------------------------------

CSV_EN = (
    "region,indicator,year,value,unit,source\n"
    "黑龙江省,nev.production,2022,5,万辆,省统计局\n"
    '黑龙江,新能源汽车产量,2023,"70,000",,省统计局\n'
    "230000,nev.production,2021,3.2万,,省统计局\n"
    "河南省,nev.public_charging_piles,2024年,13000,个,省能源局\n"
    "全国,nev.penetration,2023,31.6%,,中汽协\n"
    "黑龙江省,nev.revenue,2023,4.17,亿元,年报\n"
)


def test_csv_with_english_headers() -> None:
    rows = read_actuals_table(CSV_EN.encode(), "actuals.csv")
    assert [(r.region, r.scope_code, r.indicator_id, r.year, r.value, r.unit) for r in rows] == [
        ("黑龙江省", "230000", "nev.production", 2022, D(50000), "辆"),
        ("黑龙江", "230000", "nev.production", 2023, D(70000), "辆"),  # Chinese name, separators
        ("黑龙江省", "230000", "nev.production", 2021, D(32000), "辆"),  # a code, 万
        ("河南省", "410000", "nev.public_charging_piles", 2024, D(13000), "个"),
        ("全国", "100000", "nev.penetration", 2023, D("31.6"), "%"),  # a value with its unit
        ("黑龙江省", "230000", "nev.revenue", 2023, D(417000000), "元"),  # 亿元 → 元
    ]
    assert rows[0].source == "省统计局" and rows[0].row == 2 and rows[-1].row == 7


CSV_ZH = (
    "地区,指标,年份,数值（万辆）,来源,备注\n"
    "黑龙江省,nev.production,2022,5,统计公报,\n"
    "\n"
    "黑龙江省,新能源汽车产量,2023,7,统计公报,初步数\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_csv_with_chinese_headers_in_any_encoding(encoding: str) -> None:
    rows = read_actuals_table(CSV_ZH.encode(encoding), "实际值.csv")
    assert [(r.year, r.value, r.unit, r.row) for r in rows] == [
        (2022, D(50000), "辆", 2),  # the unit from the header: 数值（万辆）
        (2023, D(70000), "辆", 4),  # the blank line is skipped, row numbers stay the file's
    ]


def test_tab_separated_csv() -> None:
    text = "地区\t指标\t年份\t数值\t来源\n河南省\tnev.public_charging_piles\t2024\t13000\t能源局\n"
    (row,) = read_actuals_table(text.encode(), "a.csv")
    assert row.scope_code == "410000" and row.value == D(13000) and row.unit == "个"


def _xlsx(rows: list[list[Any]], *, percent: tuple[int, int] | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for r in rows:
        sheet.append(r)
    if percent:
        sheet.cell(row=percent[0], column=percent[1]).number_format = "0.0%"
    other = book.create_sheet("说明")
    other.append(["这张表不读"])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_with_chinese_headers() -> None:
    data = _xlsx(
        [
            ["地区", "指标", "年份", "数值", "单位", "来源"],
            ["黑龙江省", "nev.production", 2022, 50000, "辆", "统计局"],
            ["黑龙江省", "nev.production", 2023.0, 70000.0, None, "统计局"],
            [None, None, None, None, None, None],
            ["中国", "nev.penetration", "2023年", 0.316, None, "中汽协"],
            ["哈尔滨市", "nev.fleet", 2023, "1.2万", "辆", "公安局"],
        ],
        percent=(5, 4),
    )
    rows = read_actuals_table(data, "actuals.xlsx")
    assert [(r.region, r.scope_code, r.year, r.value, r.unit, r.row) for r in rows] == [
        ("黑龙江省", "230000", 2022, D(50000), "辆", 2),
        ("黑龙江省", "230000", 2023, D(70000), "辆", 3),
        ("中国", "100000", 2023, D("31.6"), "%", 5),  # a cell formatted as a percentage
        ("哈尔滨市", "230100", 2023, D(12000), "辆", 6),
    ]
    assert str(rows[2].value) == "31.6"  # not 31.600 from 0.316 × 100
    # an XLSX is known by its content too
    assert len(read_actuals_table(data, "upload")) == 4


def test_bad_rows_are_listed_with_their_numbers_and_reasons() -> None:
    text = (
        "region,indicator,year,value,unit,source\n"
        "黑龙江省,nev.production,2022,50000,辆,统计局\n"  # 2: fine
        "990000,nev.production,2022,1,辆,统计局\n"  # 3: not a division code
        "鼓楼区,nev.production,2022,1,辆,统计局\n"  # 4: ambiguous region
        "黑龙江省,nev.production,二〇二二年x,1,辆,统计局\n"  # 5: bad year
        "黑龙江省,nev.production,2022,很多,辆,统计局\n"  # 6: bad value
        "黑龙江省,nev.unknown_thing,2022,1,辆,统计局\n"  # 7: unknown indicator
        "黑龙江省,nev.production,2022,1,吨,统计局\n"  # 8: unit not of the indicator
        "黑龙江省,nev.production,2023,1,辆,\n"  # 9: no source
        "黑龙江省,nev.production,2022,50000,辆,统计局\n"  # 10: repeats row 2
        "黑龙江省,nev.production,1800,1,辆,统计局\n"  # 11: year out of range
    )
    with pytest.raises(ActualsTableError) as info:
        read_actuals_table(text.encode(), "bad.csv")
    err = info.value
    assert isinstance(err, InputError) and err.file == "bad.csv"
    assert str(err).startswith("bad.csv: 9 bad row(s), nothing imported")
    reasons = dict(err.problems)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "not a division code" in reasons[3]
    assert "ambiguous" in reasons[4] and "code" in reasons[4]
    assert "not a year" in reasons[5] and "not a year" in reasons[11]
    assert "not a number" in reasons[6]
    assert "nev.unknown_thing" in reasons[7]
    assert "'吨' is not a unit of nev.production" in reasons[8]
    assert "no source" in reasons[9]
    assert "repeats row 2" in reasons[10]
    for n in reasons:
        assert f"row {n}:" in str(err)


def test_a_region_we_do_not_know_is_kept_by_its_name() -> None:
    rows = read_actuals_table(
        "地区,指标,年份,数值,来源\n青川市,nev.production,2023,32000,示例\n".encode(), "a.csv"
    )
    assert [(r.region, r.scope_code) for r in rows] == [("青川市", None)]


def test_a_row_with_several_faults_names_them_all() -> None:
    text = "地区,指标,年份,数值,来源\n990000,不存在,今年,,\n"
    with pytest.raises(ActualsTableError) as info:
        read_actuals_table(text.encode(), "t.csv")
    (number, why), *_ = info.value.problems
    assert number == 2
    for part in ("region", "year", "value", "indicator", "no source"):
        assert part in why


def test_bad_header() -> None:
    with pytest.raises(ActualsTableError, match=r"lacks year \(年份\), source \(来源\)") as info:
        read_actuals_table("地区,指标,数值\n黑龙江省,nev.production,1\n".encode(), "h.csv")
    assert info.value.problems[0][0] == 0
    with pytest.raises(ActualsTableError, match="two columns for value"):
        read_actuals_table(
            "地区,指标,年份,数值,value,来源\n黑龙江省,nev.production,2022,1,1,x\n".encode(), "h.csv"
        )


@pytest.mark.parametrize(
    ("data", "name", "error"),
    [
        (b"", "a.csv", EmptyInputError),
        (b"\n\n", "a.csv", EmptyInputError),
        ("地区,指标,年份,数值,来源\n".encode(), "a.csv", EmptyInputError),
        (b"\xd0\xcf\x11\xe0\x00\x00", "old.xls", UnsupportedFormatError),
        (b"%PDF-1.7", "a.pdf", UnsupportedFormatError),
        (b"PK\x03\x04broken", "a.xlsx", BrokenFileError),
        (b"region\x00,indicator", "a.csv", EncodingError),
    ],
)
def test_unreadable_files(data: bytes, name: str, error: type[Exception]) -> None:
    with pytest.raises(error) as info:
        read_actuals_table(data, name)
    assert str(info.value).startswith(f"{name}: ")


# -- a store built from examples/corpus -----------------------------------------------------


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, Processed]]:
    return [(str(p), analyse_path(p, 10**8)) for p in sorted(CORPUS.iterdir())]


@pytest.fixture()
def store(db_url: str, corpus: list[tuple[str, Processed]]) -> Any:
    s = Store(db_url)
    for path, p in corpus:
        s.add(p.document, path, p.statements, p.entities)
    yield s
    s.close()


@pytest.fixture(scope="module")
def unchanging_store(databases: Databases, corpus: list[tuple[str, Processed]]) -> Any:
    """One store for the tests that must leave it as it is (they check that they do)."""
    s = Store(databases.new("reviews"))
    for path, p in corpus:
        s.add(p.document, path, p.statements, p.entities)
    yield s
    s.close()


def _rows(text: str) -> list[ActualInput]:
    return read_actuals_table(
        ("region,indicator,year,value,unit,source\n" + text).encode(), "t.csv"
    )


def _target(store: Store, **filters: Any) -> dict[str, Any]:
    found = [t for t in targets_progress(store, this_year=2024) if _matches(t, filters)]
    assert found, filters
    return found[0]


def _matches(t: dict[str, Any], filters: dict[str, Any]) -> bool:
    return all(t[k] == v for k, v in filters.items())


def test_import_actuals_writes_and_a_second_import_replaces(store: Store) -> None:
    rows = _rows(
        "黑龙江省,nev.production,2022,50000,辆,统计局\n"
        "黑龙江省,nev.production,2023,70000,辆,统计局\n"
        "黑龙江省,nev.production,2023,71000,辆,行业协会\n"
        "河南省,nev.public_charging_piles,2024,13000,个,能源局\n"
    )
    assert import_actuals(store, rows) == 4
    assert import_actuals(store, rows) == 4  # the same file again: replaced, not doubled
    assert import_actuals(store, _rows("黑龙江省,nev.production,2023,72000,辆,统计局\n")) == 1
    values = actual_values(store, indicator_id="nev.production")
    assert [(v["scope_code"], v["year"], v["value"], v["source"]) for v in values] == [
        ("230000", 2022, "50000", "统计局"),
        ("230000", 2023, "71000", "行业协会"),  # another source stays
        ("230000", 2023, "72000", "统计局"),  # corrected by the third import (stored last)
    ]
    v = values[0]
    assert v["origin"] == "import" and v["document_id"] is None and v["unit"] == "辆"
    assert v["value_num"] == 50000.0 and v["scope"] == "黑龙江省"
    assert datetime.fromisoformat(v["imported_at"]).utcoffset() == timedelta(0)
    assert [v["scope_code"] for v in actual_values(store, scope_code="410000")] == ["410000"]
    # an indicator takes its family along: nev.charging_piles lists the public piles
    assert len(actual_values(store, indicator_id="nev.charging_piles")) == 1
    assert actual_values(store, indicator_id="nev.sales") == []
    assert import_actuals(store, []) == 0


def test_import_actuals_keeps_exact_values(store: Store) -> None:
    rows = _rows("黑龙江省,nev.revenue,2023,4170000000.05,元,年报\n")
    import_actuals(store, rows)
    (v,) = actual_values(store, indicator_id="nev.revenue")
    assert D(v["value"]) == D("4170000000.05")


def test_import_actuals_refuses_malformed_rows(store: Store) -> None:
    bad = ActualInput("黑龙江省", "230000", "nev.production", 2023, D("NaN"), "辆", "x")
    with pytest.raises(ValueError, match="finite"):
        import_actuals(store, [bad])
    assert actual_values(store) == []


def test_baseline_actuals_is_idempotent(store: Store) -> None:
    import_actuals(store, _rows("黑龙江省,nev.production,2023,70000,辆,统计局\n"))
    n = baseline_actuals(store)
    assert n > 0
    first = actual_values(store)
    assert baseline_actuals(store) == n
    second = actual_values(store)
    assert len(second) == len(first) == n + 1  # the imported value is left alone
    derived = [v for v in second if v["origin"] == "document"]
    assert len(derived) == n and all(v["document_id"] for v in derived)
    assert all(v["indicator_id"] and v["year"] and v["scope"] for v in derived)
    # 青川市 has no division code: placed by its name
    fleet = [v for v in derived if v["indicator_id"] == "nev.fleet" and v["scope"] == "青川市"]
    assert fleet and {v["value"] for v in fleet} == {"18600.00"} and fleet[0]["scope_code"] is None
    # 中国 has a code
    assert any(v["scope_code"] == "100000" for v in derived)
    # a rejected baseline is left out when they are derived again
    station = next(v for v in derived if v["indicator_id"] == "nev.hydrogen_stations")
    (st,) = [
        s
        for s in store.statements(kind="baseline", indicator_id="nev.hydrogen_stations", limit=None)
        if s["document_id"] == station["document_id"]
    ]
    review_statement(store, st["id"], action="reject", reviewer="王芳")
    assert baseline_actuals(store) == n - 1


# The sample corpus's cities are fictional: its headlines (黑龙江青川：…) name a province
# but the figures are the city's. Two provincial notices give the tracker real divisions.
PROVINCIAL = {
    "hlj_notice.txt": "黑龙江省新能源汽车产业发展通知\n到2025年，全省新能源汽车年产量力争达到8万辆。",
    "henan_notice.txt": "河南省充电基础设施建设通知\n到2025年，全省建成公共充电桩1.2万个以上。",
}


def test_targets_progress_end_to_end(store: Store) -> None:
    for name, text in PROVINCIAL.items():
        p = analyse(process_bytes(text.encode(), name))
        store.add(p.document, name, p.statements, p.entities)
    baseline_actuals(store)
    import_actuals(
        store,
        _rows(
            "黑龙江省,nev.production,2022,50000,辆,统计局\n"
            "黑龙江省,nev.production,2023,70000,辆,统计局\n"
            "河南省,nev.public_charging_piles,2024,13000,个,能源局\n"
        ),
    )
    progress = targets_progress(store, this_year=2024)
    assert {p["kind"] for p in progress} == {"target"}
    assert {p["status"] for p in progress} <= set(STATUSES)
    assert len(progress) == len(store.statements(kind="target", limit=None))

    # 黑龙江省: ≥ 80000 by 2025, 70000 in 2023 after 50000: needs 6.9 %, observed 40 %
    hlj = _target(store, tracked_scope_code="230000", indicator_id="nev.production")
    assert hlj["status"] == ON_TRACK
    assert hlj["latest_year"] == 2023 and hlj["latest_value"] == D(70000)
    assert hlj["progress"] == D("0.875000")
    assert hlj["needed_growth"] == D("0.069045") and hlj["observed_growth"] == D("0.400000")
    assert [a["year"] for a in hlj["actuals"]] == [2022, 2023]
    assert hlj["latest_actual"]["source"] == "统计局" and hlj["latest_actual"]["origin"] == "import"
    assert hlj["doc"] and hlj["title"] and hlj["note"] is None

    # 河南省: ≥ 12000 public piles by 2025, 13000 in 2024
    henan = _target(store, tracked_scope_code="410000")
    assert henan["status"] == ACHIEVED and henan["progress"] == D("1.083333")

    # 青川市 (no division code) from the plan's own baselines: 14200 in 2022 for > 50000 by 2025
    qc = _target(store, tracked_scope="青川市", indicator_id="nev.production", year=2025)
    assert qc["tracked_scope_code"] is None
    assert qc["status"] == AT_RISK and qc["latest_actual"]["origin"] == "document"
    assert qc["needed_growth"] == D("0.521343")

    # 双桥市: a 2023 target of 26000–29000 cars against the 2023 baseline: missed
    sq = _target(store, tracked_scope="双桥市", indicator_id="nev.passenger_retail_sales")
    assert sq["status"] == MISSED

    # no actual of the indicator, an unmapped target
    assert _target(store, tracked_scope="青川市", indicator_id="nev.revenue")["status"] == NO_DATA
    unmapped = _target(store, indicator_id=None)
    assert unmapped["status"] == NO_DATA and "not mapped" in unmapped["note"]

    # filters
    only = targets_progress(store, indicator_id="nev.production", scope_code="230000")
    assert hlj["id"] in [p["id"] for p in only]
    assert {p["indicator_id"] for p in only} == {"nev.production"}
    assert {p["year"] for p in targets_progress(store, year=2030)} == {2030}
    family = targets_progress(store, indicator_id="nev.charging_piles")
    assert family and {p["indicator_id"] for p in family} <= {
        "nev.charging_piles",
        "nev.public_charging_piles",
        "nev.fast_charging_piles",
        "nev.charging_piles_added",
    }


def test_targets_progress_matches_the_unit_exactly(store: Store) -> None:
    import_actuals(store, _rows("河南省,nev.public_charging_piles,2024,13000,台,能源局\n"))
    assert _target(store, tracked_scope_code="410000")["status"] == NO_DATA  # 台 is not 个


def test_targets_progress_deadline_passed(store: Store) -> None:
    import_actuals(store, _rows("黑龙江省,nev.production,2023,70000,辆,统计局\n"))
    (p,) = targets_progress(store, scope_code="230000", this_year=2026)
    assert p["status"] == AT_RISK and "deadline has passed" in p["reason"]
    import_actuals(store, _rows("黑龙江省,nev.production,2025,75000,辆,统计局\n"))
    (p,) = targets_progress(store, scope_code="230000", this_year=2026)
    assert p["status"] == MISSED


def test_targets_progress_prefers_imported_values_in_a_year(store: Store) -> None:
    baseline_actuals(store)
    import_actuals(store, _rows("中国,nev.penetration,2022,25.6,%,中汽协\n"))
    china = [v for v in actual_values(store, scope_code="100000") if v["year"] == 2022]
    assert {v["origin"] for v in china} == {"import", "document"}
    (target_id,) = [
        s["id"]
        for s in store.statements(kind="forecast", indicator_id="nev.penetration", limit=None)
        if s["year"] == 2025 and s["value_high"] is None
    ][:1]
    review_statement(
        store, target_id, action="correct", reviewer="李雷", changes={"kind": "target"}
    )
    (p,) = targets_progress(store, scope_code="100000", this_year=2024)
    assert p["id"] == target_id
    assert p["latest_value"] == D("25.6") and p["latest_actual"]["origin"] == "import"


def test_targets_progress_family_is_optional(store: Store) -> None:
    import_actuals(store, _rows("河南省,nev.public_charging_piles,2024,13000,个,能源局\n"))
    henan = _target(store, tracked_scope_code="410000")
    review_statement(
        store,
        henan["id"],
        action="correct",
        reviewer="李雷",
        changes={"indicator_id": "nev.charging_piles"},
    )
    (own,) = targets_progress(store, scope_code="410000", this_year=2024)
    assert own["indicator_id"] == "nev.charging_piles" and own["status"] == NO_DATA
    (rolled,) = targets_progress(store, scope_code="410000", family=True, this_year=2024)
    assert rolled["status"] == ACHIEVED
    assert rolled["latest_actual"]["indicator_id"] == "nev.public_charging_piles"


def test_rejected_targets_are_not_tracked(store: Store) -> None:
    henan = _target(store, tracked_scope_code="410000")
    review_statement(store, henan["id"], action="reject", reviewer="王芳", note="省级目标误标")
    assert targets_progress(store, scope_code="410000") == []
    review_statement(store, henan["id"], action="confirm", reviewer="张伟")
    assert len(targets_progress(store, scope_code="410000")) == 1


# -- pages of targets: limit, offset, count ---------------------------------------------------


def _ids(targets: list[dict[str, Any]]) -> list[int]:
    return [t["id"] for t in targets]


def test_place_filter_reads_a_region_box() -> None:
    assert place_filter("") == {} and place_filter("  ") == {}
    assert place_filter("230000") == {"scope_code": "230000"}
    assert place_filter("２３００００") == {"scope_code": "230000"}  # full-width digits
    assert place_filter("黑龙江") == place_filter("黑龙江省") == {"scope_code": "230000"}
    assert place_filter("全国") == {"scope_code": "100000"}
    assert place_filter(" 青川市 ") == {"scope": "青川市"}  # not a division: by its name


def test_targets_progress_pages_are_slices_of_the_whole(store: Store) -> None:
    baseline_actuals(store)
    import_actuals(
        store,
        _rows(
            "黑龙江省,nev.production,2022,50000,辆,统计局\n"
            "黑龙江省,nev.production,2023,70000,辆,统计局\n"
            "河南省,nev.public_charging_piles,2024,13000,个,能源局\n"
        ),
    )
    whole = targets_progress(store, this_year=2024)
    assert count_targets(store) == len(whole) == len(store.statements(kind="target", limit=None))
    assert len(set(_ids(whole))) == len(whole)
    paged: list[dict[str, Any]] = []
    for offset in range(0, len(whole), 7):
        page = targets_progress(store, this_year=2024, limit=7, offset=offset)
        assert 0 < len(page) <= 7
        paged += page
    # the same targets in the same order, with the same actuals and figures: a page reads
    # the actuals of its own targets only, and they are all it needs
    assert paged == whole
    assert {t["status"] for t in whole} - {NO_DATA}  # some targets have actuals
    assert targets_progress(store, limit=0) == []
    assert targets_progress(store, limit=5, offset=len(whole)) == []
    assert _ids(targets_progress(store, offset=len(whole) - 2)) == _ids(whole[-2:])
    with pytest.raises(ValueError):
        targets_progress(store, limit=-1)
    with pytest.raises(ValueError):
        targets_progress(store, offset=-1)


def test_targets_progress_order(store: Store) -> None:
    """By scope, then indicator id (unmapped last), year and id: a page reads by place."""
    whole = targets_progress(store)
    scopes = [t["scope"] for t in whole]
    runs = [s for i, s in enumerate(scopes) if i == 0 or scopes[i - 1] != s]
    assert len(runs) == len(set(runs))  # each place together
    for scope in set(scopes):
        mine = [t for t in whole if t["scope"] == scope]
        unmapped = [t["indicator_id"] is None for t in mine]
        assert unmapped == sorted(unmapped)  # unmapped targets after the mapped ones
        for a, b in pairwise(mine):
            if a["indicator_id"] == b["indicator_id"] and a["year"] == b["year"]:
                assert a["id"] < b["id"]


def test_actuals_are_read_for_the_page_only_or_by_indicator(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past _PLACES_IN_SQL places the actuals are read by indicator and matched in Python:
    the same figures either way."""
    from plantrack.store import actuals

    baseline_actuals(store)
    import_actuals(store, _rows("黑龙江省,nev.production,2023,70000,辆,统计局\n"))
    by_place = targets_progress(store, this_year=2024)
    monkeypatch.setattr(actuals, "_PLACES_IN_SQL", 0)
    assert targets_progress(store, this_year=2024) == by_place
    assert (
        targets_progress(store, this_year=2024, family=True, limit=20, offset=10)
        == (targets_progress(store, this_year=2024, family=True)[10:30])
    )


@pytest.mark.parametrize(
    "filters",
    [
        {"indicator_id": "nev.production"},
        {"indicator_id": "nev.charging_piles"},  # with its family
        {"scope_code": "230000"},
        {"scope_code": "410000", "indicator_id": "nev.charging_piles"},
        {"scope": "青川市"},
        {"scope": "青川市", "indicator_id": "nev.production"},
        {"scope": "青川市", "year": 2025},
        {"year": 2023},
        {"scope_code": "990000"},  # no such place
        {"indicator_id": "no.such_indicator"},
    ],
)
def test_count_and_pages_agree_with_the_filters(store: Store, filters: dict[str, Any]) -> None:
    every = targets_progress(store)
    expected = [
        t
        for t in every
        if (
            "indicator_id" not in filters
            or t["indicator_id"] in _family_of(filters["indicator_id"])
        )
        and ("scope_code" not in filters or t["tracked_scope_code"] == filters["scope_code"])
        and ("scope" not in filters or t["tracked_scope"] == filters["scope"])
        and ("year" not in filters or t["year"] == filters["year"])
    ]
    found = targets_progress(store, **filters)
    assert sorted(_ids(found)) == sorted(_ids(expected))
    assert count_targets(store, **filters) == len(found)
    paged = [
        t
        for o in range(0, len(found), 3)
        for t in targets_progress(store, **filters, limit=3, offset=o)
    ]
    assert _ids(paged) == _ids(found)


def _family_of(indicator_id: str) -> tuple[str, ...]:
    from plantrack.normalize.indicators import indicator_family

    return indicator_family(indicator_id) or (indicator_id,)


def test_an_unscoped_target_is_found_by_its_documents_region(store: Store) -> None:
    """A target stating no place is tracked for its document's region: the place filters
    and the count find it there, by the region's code or by its name."""
    from sqlalchemy import text

    henan = _target(store, tracked_scope_code="410000")
    qc = _target(store, tracked_scope="青川市", indicator_id="nev.production", year=2025)
    for t in (henan, qc):
        review_statement(
            store,
            t["id"],
            action="correct",
            reviewer="李雷",
            changes={"scope": None, "scope_code": None},
        )
    with store.engine.begin() as c:  # the notice about 河南省's piles, as if from 河南省
        c.execute(
            text("UPDATE documents SET region = :r WHERE id = :d"),
            {"r": "河南省", "d": henan["document_id"]},
        )
    import_actuals(store, _rows("河南省,nev.public_charging_piles,2024,13000,个,能源局\n"))
    (p,) = targets_progress(store, scope_code="410000", this_year=2024)
    assert p["id"] == henan["id"] and p["scope"] is None and p["scope_code"] is None
    assert (p["tracked_scope"], p["tracked_scope_code"]) == ("河南省", "410000")
    assert p["status"] == ACHIEVED  # the actuals of 河南省 reach it
    assert count_targets(store, scope_code="410000") == 1
    assert _ids(targets_progress(store, scope="河南省")) == [henan["id"]]
    assert count_targets(store, scope="河南省") == 1
    # 青川市's unscoped target stays with 青川市's, by name
    qingchuan = targets_progress(store, scope="青川市")
    assert qc["id"] in _ids(qingchuan)
    assert count_targets(store, scope="青川市") == len(qingchuan)
    assert count_targets(store) == len(targets_progress(store))


def test_count_targets_leaves_out_rejected_targets(store: Store) -> None:
    before = count_targets(store)
    hlj = count_targets(store, scope_code="230000", indicator_id="nev.production")
    assert hlj == 1
    (target,) = targets_progress(store, scope_code="230000", indicator_id="nev.production")
    review_statement(store, target["id"], action="reject", reviewer="王芳")
    assert count_targets(store) == before - 1 == len(targets_progress(store))
    assert count_targets(store, scope_code="230000", indicator_id="nev.production") == 0
    assert count_targets(store, scope_code="230000") == 0
    review_statement(store, target["id"], action="confirm", reviewer="张伟")
    assert count_targets(store) == before


def test_actual_values_limit_and_place(store: Store) -> None:
    baseline_actuals(store)
    import_actuals(store, _rows("黑龙江省,nev.production,2023,70000,辆,统计局\n"))
    every = actual_values(store)
    assert len(every) > 5
    assert actual_values(store, limit=5) == every[:5]
    assert actual_values(store, limit=0) == []
    keys = [(v["indicator_id"], v["scope_code"] is None, v["scope_code"] or "") for v in every]
    assert keys == sorted(keys)  # by indicator, then places with a code before those without
    named = actual_values(store, scope="青川市")
    assert named and all(v["scope"] == "青川市" and v["scope_code"] is None for v in named)
    assert named == [v for v in every if v["scope"] == "青川市" and v["scope_code"] is None]
    with pytest.raises(ValueError):
        actual_values(store, limit=-1)


# -- reviews ---------------------------------------------------------------------------------


def _statement(store: Store, **filters: Any) -> dict[str, Any]:
    found = [s for s in store.statements(limit=None) if _matches(s, filters)]
    assert found, filters
    return found[0]


def test_confirm(store: Store) -> None:
    st = _statement(store, kind="target", scope="黑龙江省")
    at = datetime(2024, 5, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    r = review_statement(store, st["id"], action="confirm", reviewer="张伟", note="核对原文", at=at)
    assert r["action"] == "confirm" and r["reviewer"] == "张伟" and r["note"] == "核对原文"
    assert r["before"] == {"review_status": None} and r["after"] == {"review_status": "confirmed"}
    assert r["at"] == "2024-05-01T01:30:00+00:00"  # kept in UTC
    assert r["statement"]["review_status"] == "confirmed"
    stored = _statement(store, id=st["id"])
    assert stored["review_status"] == "confirmed"
    assert {k: stored[k] for k in ("value", "unit", "link_key")} == {
        k: st[k] for k in ("value", "unit", "link_key")
    }
    assert review_history(store, st["id"]) == [{k: v for k, v in r.items() if k != "statement"}]


def test_correct_changes_fields_and_keeps_them_consistent(store: Store) -> None:
    st = _statement(store, kind="target", scope="黑龙江省")
    assert st["link_key"] == "230000|2025|nev.production|80000|辆"
    r = review_statement(
        store,
        st["id"],
        action="correct",
        reviewer="李雷",
        changes={"value": "90000", "scope": "哈尔滨市", "stretch": False, "year": 2025},
    )
    after, before = r["after"], r["before"]
    assert after == {
        "review_status": "corrected",
        "scope": "哈尔滨市",
        "scope_code": "230100",  # derived from the new scope
        "value": "90000",
        "value_num": 90000.0,
        "stretch": False,
        "link_key": "230100|2025|nev.production|90000|辆",
    }
    assert before == {
        "review_status": None,
        "scope": "黑龙江省",
        "scope_code": "230000",
        "value": st["value"],
        "value_num": st["value_num"],
        "stretch": True,
        "link_key": st["link_key"],
    }  # year was not changed, so it is not listed
    stored = _statement(store, id=st["id"])
    assert stored["value"] == "90000" and stored["value_num"] == 90000.0
    assert stored["scope_code"] == "230100" and stored["review_status"] == "corrected"
    assert stored["link_key"] == link_key_of(
        "target", "哈尔滨市", "230100", 2025, st["indicator"], "nev.production", D(90000), "辆"
    )


def test_correct_remaps_the_indicator_and_the_kind(store: Store) -> None:
    st = _statement(store, kind="target", scope="黑龙江省")
    r = review_statement(
        store,
        st["id"],
        action="correct",
        reviewer="李雷",
        changes={"indicator": "新能源汽车销量", "kind": "forecast", "value_high": 95000},
    )
    assert r["after"]["indicator_id"] == "nev.sales"  # mapped again from the phrase
    assert r["after"]["kind"] == "forecast" and r["after"]["link_key"] is None
    assert r["after"]["value_high"] == "95000" and r["before"]["value_high"] is None
    # an explicit id wins over the mapping; scope_code may be cleared
    r2 = review_statement(
        store,
        st["id"],
        action="correct",
        reviewer="李雷",
        changes={"indicator": "新能源汽车年产量", "indicator_id": None, "scope_code": None},
    )
    assert r2["after"]["indicator_id"] is None and r2["after"]["scope_code"] is None
    # a new unit maps again: no indicator takes 新能源汽车年产量 in 吨
    r3 = review_statement(
        store,
        st["id"],
        action="correct",
        reviewer="李雷",
        changes={"indicator_id": "nev.production"},
    )
    assert r3["after"]["indicator_id"] == "nev.production"
    r4 = review_statement(
        store, st["id"], action="correct", reviewer="李雷", changes={"unit": "吨"}
    )
    assert r4["before"]["indicator_id"] == "nev.production" and r4["after"]["indicator_id"] is None


def test_history_is_newest_first(store: Store) -> None:
    st = _statement(store, kind="baseline", indicator_id="nev.fleet")
    t0 = datetime(2024, 1, 1, tzinfo=UTC)
    review_statement(store, st["id"], action="reject", reviewer="a", at=t0 + timedelta(days=2))
    review_statement(store, st["id"], action="confirm", reviewer="b", at=t0)
    review_statement(
        store,
        st["id"],
        action="correct",
        reviewer="c",
        changes={"year": 2021},
        at=t0 + timedelta(days=5),
    )
    review_statement(store, st["id"], action="confirm", reviewer="d", at=t0 + timedelta(days=5))
    history = review_history(store, st["id"])
    assert [h["reviewer"] for h in history] == ["d", "c", "a", "b"]  # same time: later first
    assert history[1]["before"]["year"] == 2022 and history[1]["after"]["year"] == 2021
    assert history[1]["before"]["review_status"] == "confirmed"  # as written before it
    assert _statement(store, id=st["id"])["review_status"] == "confirmed"  # as written last
    other = _statement(store, kind="baseline", indicator_id="nev.production")
    assert review_history(store, other["id"]) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "red"}, "cannot correct colour"),
        ({"text": "x"}, "cannot correct text"),
        ({"kind": "wish"}, "kind must be one of"),
        ({"year": "2025"}, "year must be an int"),
        ({"year": 3025}, "between 1900 and 2100"),
        ({"year": True}, "year must be an int"),
        ({"value": "很多"}, "value must be a finite number"),
        ({"value": "NaN"}, "value must be a finite number"),
        ({"value": None}, "value must be a finite number"),
        ({"value_high": "1"}, "below value"),
        ({"comparator": "≥"}, "comparator must be one of"),
        ({"stretch": "yes"}, "stretch must be true or false"),
        ({"cumulative": 1}, "cumulative must be true or false"),
        ({"scope_code": "999999"}, "not a six-digit division code"),
        ({"indicator_id": "nev.nothing"}, "not in data/indicators.toml"),
        ({"unit": "吨", "indicator_id": "nev.production"}, "'吨' is not a unit of nev.production"),
        ({"indicator": "  "}, "indicator must be a non-empty text"),
        ({"scope": "\x00"}, "NUL"),
        ({}, "needs changes"),
        ({"value": "80000.000"}, "changes nothing"),
        ({"stretch": True}, "changes nothing"),
    ],
)
def test_bad_corrections_raise_and_change_nothing(
    unchanging_store: Store, changes: dict[str, Any], message: str
) -> None:
    store = unchanging_store
    st = _statement(store, kind="target", scope="黑龙江省")
    with pytest.raises(ReviewError, match=message):
        review_statement(store, st["id"], action="correct", reviewer="李雷", changes=changes)
    assert _statement(store, id=st["id"]) == st
    assert review_history(store, st["id"]) == []


def test_bad_reviews_raise(store: Store) -> None:
    st = _statement(store, kind="target", scope="黑龙江省")
    with pytest.raises(NotFoundError):
        review_statement(store, 10**6, action="confirm", reviewer="张伟")
    with pytest.raises(NotFoundError):
        review_statement(store, 2**40, action="confirm", reviewer="张伟")
    with pytest.raises(NotFoundError):
        review_history(store, 10**6)
    with pytest.raises(ReviewError, match="action must be one of"):
        review_statement(store, st["id"], action="approve", reviewer="张伟")
    with pytest.raises(ReviewError, match="reviewer"):
        review_statement(store, st["id"], action="confirm", reviewer=" ")
    with pytest.raises(ReviewError, match="takes no changes"):
        review_statement(store, st["id"], action="reject", reviewer="张伟", changes={"value": 1})
    with pytest.raises(ValueError):  # a ReviewError is a ValueError too
        review_statement(store, st["id"], action="confirm", reviewer="张伟", at="today")  # type: ignore[arg-type]
    assert review_history(store, st["id"]) == []
    assert _statement(store, id=st["id"])["review_status"] is None
