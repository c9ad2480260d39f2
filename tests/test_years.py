"""Year expressions (extract/years.py): what each says about a figure, on sentences of our own."""

from __future__ import annotations

import pytest

from plantrack.extract.years import YearRole, find_years


@pytest.mark.parametrize(
    ("text", "year", "role"),
    [
        ("到2027年，全市建成充电站300座", 2027, YearRole.DEADLINE),
        ("2026年前完成改造任务", 2026, YearRole.DEADLINE),
        ("“十五五”末，装机规模翻番", 2030, YearRole.DEADLINE),
        ("截至2023年底，累计推广8000辆", 2023, YearRole.AS_OF),
        ("预计2026年销量增长10%", 2026, YearRole.FORECAST),
        ("2021—2025年，年均增长6%", 2025, YearRole.PLAIN),
        ("2022年，全省产值达到900亿元", 2022, YearRole.PLAIN),
        ("比2020年下降13.5%", 2020, YearRole.BASE),
        ("在2020年的基础上提高2岁", 2020, YearRole.BASE),
        ("较2015年增长一倍", 2015, YearRole.BASE),
    ],
)
def test_a_year_and_its_role(text: str, year: int, role: YearRole) -> None:
    (found,) = find_years(text, 2024)
    assert (found.year, found.role) == (year, role)


@pytest.mark.parametrize(
    ("text", "year", "role"),
    [
        ("今年全市新增就业5万人", 2024, YearRole.RELATIVE),
        ("明年建成加氢站4座", 2025, YearRole.RELATIVE),
        ("去年产量30万辆", 2023, YearRole.RELATIVE),
        ("未来三年新建5G基站1万个", 2027, YearRole.DEADLINE),
        ("年底前完成验收", 2024, YearRole.DEADLINE),
    ],
)
def test_relative_years_resolve_against_the_publication_year(
    text: str, year: int, role: YearRole
) -> None:
    (found,) = find_years(text, 2024)
    assert (found.year, found.role) == (year, role)


@pytest.mark.parametrize(
    "text",
    [
        "“十四五”规划纲要提出",  # a plan's name, not a date
        "连续5年位居全国前列",  # a streak
        "第三批名单公布",  # a structure count
    ],
)
def test_names_and_durations_are_not_years(text: str) -> None:
    assert find_years(text, 2024) == []


def test_relative_years_need_a_publication_date() -> None:
    assert find_years("今年全市新增就业5万人", None) == []
