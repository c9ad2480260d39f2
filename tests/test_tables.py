"""Indicator tables (extract/tables.py): one table of our own per flattened shape, and
text that must give nothing (prose with a stray |, lists of years, a price table)."""

from __future__ import annotations

import json
import time
from decimal import Decimal

import pytest

from plantrack.extract.tables import table_statements
from plantrack.model import Document, Statement
from plantrack.pipeline import process_bytes
from tests.conftest import SHARED

B, T = "baseline", "target"


def _doc(text: str) -> Document:
    return process_bytes(text.encode(), "x.txt")


def _read(text: str) -> list[tuple[str, int | None, str, Decimal, str, str]]:
    statements, _ = table_statements(_doc(text))
    return [(s.kind.value, s.year, s.indicator, s.value, s.unit, s.comparator) for s in statements]


def _check_provenance(doc: Document, statements: list[Statement], ranges: list[tuple[int, int]]):
    """Every statement points at its row in the clean text, inside a table range."""
    for s in statements:
        assert s.cues["rule"] == "indicator-table"
        assert s.scope is None and s.section == "" and s.part_of is None
        assert not s.stretch and not s.cumulative
        assert any(a <= s.start < s.end <= b for a, b in ranges), s
        shown = doc.text[s.start : s.end]
        assert shown[:2] == s.text[:2], (shown, s.text)
        assert shown.rstrip()[-1] == s.text[-1], (shown, s.text)


# (a) one cell per line, each ending with " |"; an increment column and an attribute
# column; a dash for a missing base value; a label broken by a stray space.
STREAM = """（二）主要指标
到2026年，全市水资源节约集约利用水平明显提升，主要指标如下：
指标 |
2021年现状值 |
2026年目标值 |
五年累计 |
属性 |
万元GDP用水量(立方米) |
45.2 |
≤38 |
[-7.2] |
约束性 |
农田灌溉水有效利用系数 |
0.55 |
0.58 |
[0.03] |
预期性 |
再生水利用量(亿立方米) |
1.2 |
2.5 |
[1.3] |
预期性 |
城市公共 供水管网漏损率(%) |
— |
9 |
(1.5) |
约束性 |
（三）重点任务
加强节水型社会建设。
"""


def test_a_stream_of_cells_one_per_line() -> None:
    assert _read(STREAM) == [
        (B, 2021, "万元GDP用水量", Decimal("45.2"), "立方米", "="),
        (T, 2026, "万元GDP用水量", Decimal(38), "立方米", "<="),
        (B, 2021, "农田灌溉水有效利用系数", Decimal("0.55"), "", "="),
        (T, 2026, "农田灌溉水有效利用系数", Decimal("0.58"), "", ">="),
        (B, 2021, "再生水利用量", Decimal(120000000), "立方米", "="),
        (T, 2026, "再生水利用量", Decimal(250000000), "立方米", ">="),
        (T, 2026, "城市公共供水管网漏损率", Decimal(9), "%", ">="),
    ]


def test_a_stream_row_text_offsets_and_range() -> None:
    doc = _doc(STREAM)
    statements, ranges = table_statements(doc)
    assert len(ranges) == 1
    a, b = ranges[0]
    assert doc.text[a:].startswith("指标")
    assert doc.text[:b].endswith("约束性")
    assert "重点任务" not in doc.text[a:b] and "主要指标如下" not in doc.text[a:b]
    texts = [s.text for s in statements]
    assert texts[:2] == ["万元GDP用水量(立方米) | 45.2", "万元GDP用水量(立方米) | 45.2 | ≤38"]
    assert texts[-1] == "城市公共供水管网漏损率(%) | — | 9"
    assert statements[1].cues["kind"] == "2026年目标值"
    assert statements[0].cues["kind"] == "2021年现状值"
    _check_provenance(doc, statements, ranges)


def test_a_stream_whose_header_follows_prose_and_rows_with_merged_group_cells() -> None:
    text = (
        "主要指标见下表：类别 |\n指标 |\n2020年 |\n2025年 |\n属性 |\n"
        "经济发展 |\n地区生产总值增速(%) |\n6.1 |\n6.5 |\n预期性 |\n"
        "工业增加值(亿元) |\n800 |\n1100 |\n预期性 |\n"
        "创新驱动 |\n研发投入强度(%) |\n1.8 |\n2.5 |\n预期性 |\n"
    )
    assert _read(text) == [
        (B, 2020, "地区生产总值增速", Decimal("6.1"), "%", "="),
        (T, 2025, "地区生产总值增速", Decimal("6.5"), "%", ">="),
        (B, 2020, "工业增加值", Decimal(80000000000), "元", "="),
        (T, 2025, "工业增加值", Decimal(110000000000), "元", ">="),
        (B, 2020, "研发投入强度", Decimal("1.8"), "%", "="),
        (T, 2025, "研发投入强度", Decimal("2.5"), "%", ">="),
    ]


def test_a_stream_goes_on_over_a_page_number_the_cleaner_drops() -> None:
    prose = (
        "坚持生态优先、绿色发展，统筹推进山水林田湖草沙一体化保护和系统治理，持续改善生\n"
        "态环境质量，推动经济社会发展全面绿色转型，加快建设人与自然和谐共生的现代化。\n"
    ) * 6
    text = (
        prose + "指标 |\n2020年 |\n2025年 |\n森林覆盖率(%) |\n41 |\n43 |\n草原综合植被盖度(%) |\n"
        "55 |\n58 |\n\n- 12 -\n\n湿地保护率(%) |\n50 |\n55 |\n" + prose
    )
    read = _read(text)
    assert [r[2] for r in read] == ["森林覆盖率"] * 2 + ["草原综合植被盖度"] * 2 + [
        "湿地保护率"
    ] * 2
    assert read[-1] == (T, 2025, "湿地保护率", Decimal(55), "%", ">=")


# (b) one row per line, cells separated by " | ", the unit in a 单位 column (c)
PIPES = """表2 交通发展主要指标
指标 | 单位 | 2022年 | 2027年 | 属性
高速公路通车里程 | 公里 | 860 | 1100 | 预期性
城市公交出行分担率 | % | 38 | >45 | 预期性
新能源公交车 | 万辆 | 0.32 | 0.6 | 预期性
港口集装箱吞吐量 | 万标准箱 | 150 | 260 | 预期性
以上指标由市交通局负责统计。
"""


def test_b_rows_separated_by_pipes_with_a_unit_column() -> None:
    assert _read(PIPES) == [
        (B, 2022, "高速公路通车里程", Decimal(860), "公里", "="),
        (T, 2027, "高速公路通车里程", Decimal(1100), "公里", ">="),
        (B, 2022, "城市公交出行分担率", Decimal(38), "%", "="),
        (T, 2027, "城市公交出行分担率", Decimal(45), "%", ">"),
        (B, 2022, "新能源公交车", Decimal(3200), "辆", "="),
        (T, 2027, "新能源公交车", Decimal(6000), "辆", ">="),
        (B, 2022, "港口集装箱吞吐量", Decimal(1500000), "标准箱", "="),
        (T, 2027, "港口集装箱吞吐量", Decimal(2600000), "标准箱", ">="),
    ]
    doc = _doc(PIPES)
    statements, ranges = table_statements(doc)
    assert statements[1].text == "高速公路通车里程 | 公里 | 860 | 1100"
    _check_provenance(doc, statements, ranges)


def test_b_markdown_table_with_years_in_brackets_and_an_increment_column() -> None:
    text = """科技创新主要指标

| 指标 | 基期值(2023年) | 目标值(2028年) | 年均增长 |
|---|---|---|---|
| 全社会研发投入强度(%) | 2.1 | 2.8 | — |
| 高新技术企业数量(家) | 420 | 800 | 12% |
| 技术合同成交额(亿元) | — | 150 | [25] |

各区要对照指标抓好落实。
"""
    assert _read(text) == [
        (B, 2023, "全社会研发投入强度", Decimal("2.1"), "%", "="),
        (T, 2028, "全社会研发投入强度", Decimal("2.8"), "%", ">="),
        (B, 2023, "高新技术企业数量", Decimal(420), "家", "="),
        (T, 2028, "高新技术企业数量", Decimal(800), "家", ">="),
        (T, 2028, "技术合同成交额", Decimal(15000000000), "元", ">="),
    ]


def test_b_tab_separated_rows_keep_empty_cells() -> None:
    text = (
        "人口与就业\n指标\t单位\t2020年\t2025年\t属性\n"
        "常住人口城镇化率\t%\t58.4\t63\t预期性\n"
        "城镇新增就业\t万人\t\t12.5\t预期性\n"
        "农村自来水普及率\t%\t88\t≥95\t约束性\n"
    )
    assert _read(text) == [
        (B, 2020, "常住人口城镇化率", Decimal("58.4"), "%", "="),
        (T, 2025, "常住人口城镇化率", Decimal(63), "%", ">="),
        (T, 2025, "城镇新增就业", Decimal(125000), "人", ">="),
        (B, 2020, "农村自来水普及率", Decimal(88), "%", "="),
        (T, 2025, "农村自来水普及率", Decimal(95), "%", ">="),
    ]


def test_b_rows_separated_by_wide_spaces_words_ranges_and_a_split_label() -> None:
    text = """生态建设指标
主要指标           2021年基期值     2025年目标值
森林覆盖  率(%)      42.5             44
湿地保护面积(万公顷)   3.2              3.5
人均预期寿命(岁)      78.3             79以上
城镇调查失业率(%)     5.2              5.5以内
粮食播种面积(万亩)    650              650-700
"""
    doc = _doc(text)
    statements, ranges = table_statements(doc)
    assert [
        (s.kind.value, s.year, s.indicator, s.value, s.unit, s.comparator) for s in statements
    ] == [
        (B, 2021, "森林覆盖率", Decimal("42.5"), "%", "="),
        (T, 2025, "森林覆盖率", Decimal(44), "%", ">="),
        (B, 2021, "湿地保护面积", Decimal(32000), "公顷", "="),
        (T, 2025, "湿地保护面积", Decimal(35000), "公顷", ">="),
        (B, 2021, "人均预期寿命", Decimal("78.3"), "岁", "="),
        (T, 2025, "人均预期寿命", Decimal(79), "岁", ">="),
        (B, 2021, "城镇调查失业率", Decimal("5.2"), "%", "="),
        (T, 2025, "城镇调查失业率", Decimal("5.5"), "%", "<="),
        (B, 2021, "粮食播种面积", Decimal(6500000), "亩", "="),
        (T, 2025, "粮食播种面积", Decimal(6500000), "亩", ">="),
    ]
    assert statements[-1].value_high == Decimal(7000000)
    assert statements[0].text == "森林覆盖率(%) | 42.5"
    _check_provenance(doc, statements, ranges)


def test_c_units_in_labels_rates_and_rows_a_reader_could_not_align() -> None:
    text = """指标 | 2020年 | 2025年 | 属性
每千人口执业(助理)医师数(人) | 2.9 | 3.4 | 预期性
细颗粒物年均浓度(微克/立方米) | 35 | 30 | 约束性
城乡居民人均可支配收入(万元/人) | 3.2 | 4.5 | 预期性
每万人口高价值发明专利拥有量(件) | 7 | 预期性
婴儿死亡率(‰) | 5.4 | <5 | 预期性
"""
    assert _read(text) == [
        (B, 2020, "每千人口执业(助理)医师数", Decimal("2.9"), "人", "="),
        (T, 2025, "每千人口执业(助理)医师数", Decimal("3.4"), "人", ">="),
        (B, 2020, "细颗粒物年均浓度", Decimal(35), "微克/立方米", "="),
        (T, 2025, "细颗粒物年均浓度", Decimal(30), "微克/立方米", ">="),
        (B, 2020, "城乡居民人均可支配收入", Decimal(32000), "元/人", "="),
        (T, 2025, "城乡居民人均可支配收入", Decimal(45000), "元/人", ">="),
        # the patent row lost a cell: which one is unknown, so it gives nothing
        (B, 2020, "婴儿死亡率", Decimal("5.4"), "‰", "="),
        (T, 2025, "婴儿死亡率", Decimal(5), "‰", "<"),
    ]


def test_bare_year_columns_the_earliest_is_the_base() -> None:
    text = """指标 | 2019年 | 2022年 | 2025年
光伏发电装机(万千瓦) | 40 | 95 | 200
风电装机(万千瓦) | 120 | 180 | 300
"""
    assert _read(text) == [
        (B, 2019, "光伏发电装机", Decimal(400000), "千瓦", "="),
        (T, 2022, "光伏发电装机", Decimal(950000), "千瓦", ">="),
        (T, 2025, "光伏发电装机", Decimal(2000000), "千瓦", ">="),
        (B, 2019, "风电装机", Decimal(1200000), "千瓦", "="),
        (T, 2022, "风电装机", Decimal(1800000), "千瓦", ">="),
        (T, 2025, "风电装机", Decimal(3000000), "千瓦", ">="),
    ]


# -- must give nothing ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(
            "会议强调 | 要坚持2025年目标不动摇，推动产值增长10%。\n"
            "另一方面 | 2024年完成投资50亿元，同比增长8%。\n"
            "主要目标 | 到2027年，新增就业1.2万人。\n",
            id="prose with stray pipes",
        ),
        pytest.param(
            "实施步骤\n启动阶段 | 2021年\n推进阶段 | 2022—2023年\n总结阶段 | 2024年\n"
            "项目 | 2021年 | 2022年\n实施阶段 | 2021年3月 | 2022年6月\n"
            "验收阶段 | 2021年12月 | 2022年12月\n2021年 | 2022年 | 2023年 | 2024年\n",
            id="lists of years",
        ),
        pytest.param(
            "本周钢材价格\n品种 | 单价(元/吨) | 涨跌(元)\n螺纹钢 | 3850 | +20\n"
            "热轧卷板 | 3920 | -15\n电解铜 | 68500 | +300\n",
            id="price table without year headers",
        ),
        pytest.param(
            "品种\t规格\t价格(元/吨)\n螺纹钢\tHRB400\t3850\n线材\tHPB300\t3990\n",
            id="price table with tabs",
        ),
        pytest.param(
            "指标 | 2020年 | 2025年\n地区生产总值(亿元) | 1500 | 2200\n",
            id="one numeric row only",
        ),
        pytest.param(
            "指标 |\n2020年 |\n2025年 |\n城乡统筹 |\n基本实现 |\n全面实现 |\n"
            "生态环境 |\n持续改善 |\n根本好转 |\n",
            id="qualitative rows only",
        ),
        pytest.param("2021年  2022年  2023年\n第一阶段  第二阶段  第三阶段\n", id="a row of years"),
    ],
)
def test_not_a_table(text: str) -> None:
    assert table_statements(_doc(text)) == ([], [])


def test_reading_is_linear_in_the_text() -> None:
    row = "我们要坚持稳中求进 | 这是一个测试，2025年目标是增长5%。\n"
    table = "指标 | 2020年 | 2025年\n" + "".join(
        f"指标{i}(万吨) | {i} | {i + 1}\n" for i in range(20)
    )
    times = []
    for n in (20, 80):
        doc = _doc((row * 10 + table) * n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            statements, ranges = table_statements(doc)
            best = min(best, time.perf_counter() - start)
        times.append(best)
        assert len(statements) == 40 * n and len(ranges) == n
    assert times[1] < times[0] * 4 * 2.5  # four times the text, not sixteen times the time


# -- the development page with a table (shared evaluation data) -------------------------------

AGRI = "13_agri_modernization_14fyp_table.txt"


def test_the_agriculture_table_of_the_development_pages() -> None:
    page = SHARED / "eval" / "dev" / "pages" / AGRI
    gold_path = SHARED / "eval" / "dev" / "gold_pages.jsonl"
    if not page.is_file() or not gold_path.is_file():
        pytest.skip("needs ../shared/eval/dev")
    gold = [json.loads(line) for line in gold_path.read_text("utf-8").splitlines() if line.strip()]
    expected = sorted(
        (g["kind"], g["year"], g["indicator"], Decimal(str(g["value"])), g["unit"], g["comparator"])
        for g in gold
        if g["doc"] == AGRI and g["kind"] in (B, T)
    )
    doc = process_bytes(page.read_bytes(), AGRI)
    statements, ranges = table_statements(doc)
    got = sorted(
        (s.kind.value, s.year, s.indicator, s.value, s.unit, s.comparator) for s in statements
    )
    assert got == expected
    _check_provenance(doc, statements, ranges)


def test_prose_between_rows_ends_a_table_and_blank_lines_do_not() -> None:
    prose = "坚持生态优先、绿色发展，统筹推进山水林田湖草沙一体化保护和系统治理。\n" * 40
    head = "指标 | 2020年 | 2025年\n森林覆盖率(%) | 41 | 43\n"
    # blank lines between rows: one table of three rows
    read = _read(
        prose + head + "\n\n草原综合植被盖度(%) | 55 | 58\n\n湿地保护率(%) | 50 | 55\n" + prose
    )
    assert [r[2] for r in read] == ["森林覆盖率"] * 2 + ["草原综合植被盖度"] * 2 + [
        "湿地保护率"
    ] * 2
    # a line of prose after the first row: that row alone is no table, the rest has
    # no header
    read = _read(
        prose + head + "以上指标由市统计局负责统计。\n草原综合植被盖度(%) | 55 | 58\n" + prose
    )
    assert read == []


def test_a_document_without_separators_has_no_table() -> None:
    doc = _doc("2020年全市森林覆盖率41%，2025年达到43%。\n" * 200)
    assert table_statements(doc) == ([], [])
