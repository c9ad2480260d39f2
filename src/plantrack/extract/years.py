"""Year expressions in Chinese policy text and what they say about a figure.

到2025年 / 2025年前 / “十四五”末 set a deadline; 截至2021年底 an observation date;
预计2025年 a forecast year; 2020年 alone a plain year; 2020—2025年 a span (its end
counts); 今年 / 明年 / 去年 / 未来两年 are relative to the publication date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from plantrack.extract.quantities import CN_DIGITS


class YearRole(StrEnum):
    DEADLINE = "deadline"  # 到2025年, 2025年前, 十四五末
    AS_OF = "as_of"  # 截至2021年底
    FORECAST = "forecast"  # 预计2025年
    PLAIN = "plain"  # 2020年
    RELATIVE = "relative"  # 今年, 明年, 上半年, 1-5月 (resolved against the publication year)
    BASE = "base"  # 比2020年, 较去年: the year compared with, not the statement's year


@dataclass(frozen=True, slots=True)
class YearMention:
    start: int
    end: int
    year: int
    role: YearRole
    text: str


_CN_YEAR = "[〇零一二三四五六七八九]{4}"
_YEAR = rf"(?:(?:19|20)\d{{2}}|{_CN_YEAR})"
_SUFFIX = (
    r"(?:前三季度|前两个月|前[一二三四五六七八九十]{1,2}个?月|年底前|年末前|底前|末前|以前|之前"
    r"|前(?![一二三四五六七八九十两\d])|年底|年末|底|末|内|全年|上半年|下半年"
    r"|[一二三四]季度(?:末)?|[0-9一二三四五六七八九十]{1,2}月(?:份)?(?:底|末)?"
    r"(?:[0-9一二三四五六七八九十]{1,3}日)?)?"
)
_CUE = (
    r"(?:截至到|截止到|截至|截止|预计到|预计|力争到|力争|争取到|争取|计划到|计划|确保到|确保|到|至)"
)
_YEAR_EXPR = re.compile(
    rf"(?P<cue>{_CUE})?\s*(?P<y1>{_YEAR})\s*年?\s*(?:[—–\-~～至到]\s*(?P<y2>{_YEAR}))?\s*年(?P<suffix>{_SUFFIX})"
)
_BASE_CUE = re.compile(r"(?:比|较|相比|相较于?|与|同比|较之|由|从)\s*$")
# Time words of a news item or a work report that mean the publication year.
_THIS_YEAR = re.compile(
    r"(?P<cue>截至|截止|到)?(?:"
    r"(?P<month>(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二])(?:\s*[-—–~至到]\s*(?:[1-9]|1[0-2]|[一二三四五六七八九十]|十[一二]))?月(?:份)?(?P<msuffix>底|末|中旬|上旬|下旬)?)"
    r"|(?P<period>上半年|下半年|前三季度|[一二三四]季度|年内|全年|年底前|年底|年末|本周|本月|今日|当日"
    r"|同期|目前|截至收盘|收盘|收报|报收|收于|收涨|收跌|盘中|早盘|午盘|尾盘)"
    r")"
)
_LAST_YEAR = re.compile(r"过去一年|过去的一年")
_FIVE_YEAR = re.compile(
    r"(?P<cue>到|至|截至|预计)?[“\"‘]?(?P<plan>十[一二三四五六七八九]五|十五)[”\"’]?"
    r"(?P<suffix>末|期末|时期|期间|时期末)?"
)
_RELATIVE = re.compile(
    r"(?P<cue>到|至|截至|预计)?(?P<rel>今年|明年|后年|去年|前年|本年度|本年|当年|上年)"
    r"(?P<suffix>底前|年底前|底|末|前(?![一二三四五六七八九十两\d])|内|全年)?"
    r"|未来(?P<n>[两二三四五六七八九十]|[2-9])年"
)
# Every year expression holds one of these characters: a cheap test before the patterns.
_ANY_TIME_WORD = re.compile(r"[年月季期五收盘周日今前目]")
_PLAN_END = {
    "十一五": 2010,
    "十二五": 2015,
    "十三五": 2020,
    "十四五": 2025,
    "十五五": 2030,
    "十六五": 2035,
}
_OFFSETS = {
    "今年": 0,
    "本年": 0,
    "本年度": 0,
    "当年": 0,
    "明年": 1,
    "后年": 2,
    "去年": -1,
    "上年": -1,
    "前年": -2,
}
_SMALL = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _year_value(text: str) -> int:
    if text.isdigit():
        return int(text)
    return int("".join(str(CN_DIGITS[c]) for c in text))


def _role(cue: str | None, suffix: str | None) -> YearRole:
    if cue and cue.startswith(("截至", "截止")):
        return YearRole.AS_OF
    if cue and cue.startswith("预计"):
        return YearRole.FORECAST
    if cue or (suffix and suffix.endswith("前")):
        return YearRole.DEADLINE
    return YearRole.PLAIN


def find_years(text: str, published_year: int | None = None) -> list[YearMention]:
    """Year expressions in `text`, in order. Relative ones need `published_year`."""
    found: list[YearMention] = []
    if not _ANY_TIME_WORD.search(text):
        return found
    for m in _YEAR_EXPR.finditer(text):
        year = _year_value(m.group("y2") or m.group("y1"))
        found.append(
            YearMention(
                m.start(), m.end(), year, _role(m.group("cue"), m.group("suffix")), m.group()
            )
        )
    for m in _FIVE_YEAR.finditer(text):
        if not (m.group("suffix") or m.group("cue")):
            continue  # “十四五”规划 names a plan, not a date
        year = (
            _PLAN_END[m.group("plan") if m.group("plan") != "十五" else "十一五"]
            if m.group("plan") != "十五"
            else 2005
        )
        found.append(
            YearMention(m.start(), m.end(), year, _role(m.group("cue") or "到", None), m.group())
        )
    if published_year is not None:
        for m in _RELATIVE.finditer(text):
            if m.group("n"):
                n = _SMALL.get(m.group("n")) or int(m.group("n"))
                year, role = published_year + n, YearRole.DEADLINE
            else:
                year = published_year + _OFFSETS[m.group("rel")]
                role = _role(m.group("cue"), m.group("suffix"))
                if role is YearRole.PLAIN:
                    role = YearRole.RELATIVE
            found.append(YearMention(m.start(), m.end(), year, role, m.group()))
        taken = [(y.start, y.end) for y in found]
        for m in _THIS_YEAR.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue  # part of an explicit year: 2023年上半年
            if m.group("month") and re.search(r"[\d〇零一二三四五六七八九十]$", text[: m.start()]):
                continue  # 2023年5月 is explicit; "第十一月" is not a date
            period = m.group("period") or ""
            if m.group("cue") in ("截至", "截止") or (
                period == "目前" and text[: m.start()].endswith(("截至", "截止"))
            ):
                role = YearRole.AS_OF
            elif m.group("cue") == "到" or period in ("年内", "年底前"):
                role = YearRole.DEADLINE
            elif period == "目前":
                continue  # 目前 alone: a present-tense fact keeps no year
            else:
                role = YearRole.RELATIVE
            found.append(YearMention(m.start(), m.end(), published_year, role, m.group()))
        for m in _LAST_YEAR.finditer(text):
            found.append(
                YearMention(m.start(), m.end(), published_year - 1, YearRole.RELATIVE, m.group())
            )
    found = [
        YearMention(y.start, y.end, y.year, YearRole.BASE, y.text)
        if (
            _BASE_CUE.search(text[max(0, y.start - 3) : y.start])
            or text.startswith(("的基础上", "基础上", "的水平上"), y.end)
        )
        and y.role is not YearRole.AS_OF
        else y
        for y in found
    ]
    found.sort(key=lambda y: y.start)
    return found
