"""Quantities in Chinese text: numerals, units, ranges, approximations, directions.

A quantity is a number with a unit or measure word (150万辆, 2.5万个, 百分之四十,
四成, 3000亿级, 30%—40%, 1万-5万元, 85%[数据来源：…]以上). Numbers without a unit
are not quantities, and neither are years, dates, ordinals or names that hold digits
(2025年, 5月20日, 第3条, 5G, “863”计划, 十四五, 十九大, Model 3).

Values are exact (Decimal) and in the canonical unit of data/units.toml, as the
annotation conventions of SCHEMA.md write it: 150万辆 → 1500000 辆, 407.7亿元 →
40770000000 元, 10GWh → 10000000 千瓦时; units the conventions keep as written stay so
(1.4万亿斤 → 1.4e12 斤, 4.8‰, 1.5个百分点 → 1.5 百分点); 名 counts 人; a ratio 2.2∶1 and
an index (PUE 1.3) have unit "".

The grammar is small named fragments (numeral, unit, qualifier words) compiled into
regular expressions; the tables are data files. Scanning is two-phase for speed: one
character-class regex finds the runs of characters a number can start with, and the
full grammar is tried only there. `find_quantities` and `find_numbers` never raise on
any input. docs/quantities.md describes what is read and what is rejected.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources
from typing import Any

# -- numerals ------------------------------------------------------------------------------

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "俩": 2, "倆": 2, "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6,
    "陆": 6, "陸": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8, "兆": 10**12}

_ZEROS = "零〇○"
_TWOS = "两兩俩倆"
_D = "".join(CN_DIGITS)  # digits
_DEC = "".join(c for c in CN_DIGITS if c not in _TWOS)  # digits after 点 (两 is not one)
_S = "".join(SMALL_UNITS)
_B = "万萬亿億"  # 兆 is a multiplier only inside a numeral: 兆瓦 is a megawatt
_CAPITAL_ALONE = set("陆陸伍拾肆柒捌玖")  # alone they are words: 大陆, 队伍, 收拾, 放肆
_AD = "0-9０-９"  # Arabic digits, half- and full-width
_POINT = ".．"
_APPROX = "多余几幾"

# An Arabic number: 1,200 / 2.5 / 407.7 / .5. A decimal part is not read after "2." or
# before ".3" (2.5.1 is a section number, not 2.5 and 1).
_ARABIC = (
    rf"(?:(?<![{_AD}][{_POINT}])(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])|[{_AD}]+)"
    rf"(?:[{_POINT}][{_AD}]++(?![{_POINT}][{_AD}]))?"
    rf"|[{_AD}]+"
    rf"|(?<![{_AD}{_POINT}])[{_POINT}][{_AD}]++(?![{_POINT}][{_AD}]))"
)
# 千 is not a multiplier where it begins a unit (20万千瓦, 5千克, 3千米, 323千卡), nor
# 百 where it begins 百分点, 百分位, 百分比 (but 一百分之二 is a fraction).
_SMALL = r"(?:[十拾仟]|[百佰](?!分(?!之))|千(?![瓦克米卡焦帕]))"
_BIG = rf"(?:[{_B}]|兆(?=[{_D}{_S}{_AD}]))"
_NUM_CHARS = f"{_D}{_S}{_B}兆"
# A numeral: Arabic digits with Chinese multipliers (150万, 2.5万亿, 13万2, 5万4千6百),
# Chinese numerals (一百五十万, 两千亿, 三点五, 拾万零五十六), approximations inside
# (100多万, 十几万). It must not start inside another numeral. Its structure is checked
# by parse_numeral: the regex finds the extent, the parser decides.
NUMERAL = (
    rf"(?:(?<![{_AD}])(?:{_ARABIC})|(?<![{_NUM_CHARS}])(?:[{_D}]|{_SMALL}))"
    rf"(?:(?<![{_AD}])[{_D}]|{_SMALL}|{_BIG}|[{_APPROX}](?={_BIG})"
    rf"|(?<=[{_S}{_B}兆{_ZEROS}])[{_AD}]+(?![{_POINT}]?[{_AD}]))*"
    rf"(?:(?<=[{_D}{_S}{_B}])[点點][{_DEC}]+{_BIG}*)?"
)
# A sign: -5%, 负3.9%, －122%. A dash after a digit, letter or % is a range or a hyphen.
_SIGN = rf"(?:(?<![{_AD}A-Za-z%{_POINT})）\-−－])[-−－]|[负負])"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")


class NumeralError(ValueError):
    pass


_MAX_NUMERAL = 80  # characters; the longest real numerals have about 30


def parse_numeral(text: str) -> Decimal:
    """The value of a numeral: '150万' → 1500000, '一百五十万' → 1500000, '13万2' → 132000.

    Approximations give their lower end ('100多万' → 1000000, '十几万' → 100000); a
    leading 负 or minus sign makes the value negative. Raises NumeralError for text
    that is not one well-formed numeral ('五十千', '十四五', '两两', '二三十').
    """
    if not isinstance(text, str):
        raise NumeralError(f"not a numeral: {text!r}")
    s = text.translate(_FULLWIDTH).replace(",", "").strip()
    negative = s[:1] in ("-", "负", "負")
    if negative:
        s = s[1:]
    for ch in _APPROX:
        s = s.replace(ch, "")
    if not s or len(s) > _MAX_NUMERAL:
        raise NumeralError(f"not a numeral: {text!r}")
    try:
        value = _parse_point(s)
    except (InvalidOperation, KeyError, IndexError, ValueError) as exc:
        raise NumeralError(f"not a numeral: {text!r}") from exc
    return -value if negative else value


def _parse_point(s: str) -> Decimal:
    """三点五万 = (3 + 0.5) × 万; 四百亿点零五 = 40000000000.05."""
    for point in ("点", "點"):
        if point in s:
            whole, frac = s.split(point, 1)
            m = re.fullmatch(rf"([{_DEC}]+)([{_B}兆]*)", frac)
            if not whole or not m:
                raise NumeralError(s)
            digits = "".join(str(CN_DIGITS[c]) for c in m.group(1))
            value = _parse_big(whole) + Decimal("0." + digits)
            for ch in m.group(2):
                value *= BIG_UNITS[ch]
            return value
    return _parse_big(s)


def _parse_big(s: str) -> Decimal:
    """Split at the last 兆, 亿, then 万: 1.2万亿 = 1.2万 × 亿; 一亿两千万 = 一 × 亿 + 两千万."""
    for chars, factor in (("兆", 10**12), ("亿億", 10**8), ("万萬", 10**4)):
        i = max(s.rfind(c) for c in chars)
        if i < 0:
            continue
        head, tail = s[:i], s[i + 1 :]
        high = _parse_big(head) if head else Decimal(1)
        if high >= factor and head[-1:] not in chars:
            raise NumeralError(s)  # 一万两万; but 10万万 and 4.78万亿 stack
        if not tail:
            return high * factor
        if len(tail) == 1 and (tail in CN_DIGITS or tail.isdigit()) and tail not in _ZEROS:
            # colloquial 13万2 / 一万五: the digit is the next place down
            return high * factor + _digit(tail) * factor / 10
        low = _parse_big(tail)
        if low >= factor:
            raise NumeralError(s)  # 一万两万
        return high * factor + low
    return _parse_small(s)


def _digit(ch: str) -> Decimal:
    return Decimal(CN_DIGITS[ch]) if ch in CN_DIGITS else Decimal(ch)


_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\S")
_PLAIN = re.compile(r"[0-9]+(?:\.[0-9]+)?|\.[0-9]+")


def _parse_small(s: str) -> Decimal:
    """Below 万: 1,200 / 2.5 / 1.5千 / 三千五百 / 一百零五 / 三千五 / 二〇二五 / 2千零30."""
    if _PLAIN.fullmatch(s):
        return Decimal(s)
    tokens = _TOKEN.findall(s)
    if all(t in CN_DIGITS for t in tokens):
        # a run of digits without units: 二〇二五 → 2025. 两两, 九九, 二三 are not numbers.
        if len(tokens) == 1:
            return Decimal(CN_DIGITS[tokens[0]])
        if not any(t in _TWOS for t in tokens) and (
            len(tokens) >= 4 or any(t in _ZEROS for t in tokens)
        ):
            return Decimal("".join(str(CN_DIGITS[t]) for t in tokens))
        raise NumeralError(s)
    total = Decimal(0)
    pending: Decimal | None = None
    pending_single = False
    last_unit = 10**5
    zero_gap = False
    started = False
    for tok in tokens:
        if tok[0].isdigit() or (tok in CN_DIGITS and CN_DIGITS[tok] != 0):
            if pending is not None:
                raise NumeralError(s)  # two numbers in a row: 二三十, 5三
            pending = Decimal(tok) if tok[0].isdigit() else Decimal(CN_DIGITS[tok])
            pending_single = len(tok) == 1
        elif tok in CN_DIGITS:  # 零
            if pending is not None:
                raise NumeralError(s)
            zero_gap = True
        elif tok in SMALL_UNITS:
            unit = SMALL_UNITS[tok]
            if unit >= last_unit:
                raise NumeralError(s)  # 五十千, 十百
            if pending is None:
                if started and not zero_gap:
                    raise NumeralError(s)  # 一千百
                pending = Decimal(1)  # 十五, 百三, 一百零十
            total += pending * unit
            last_unit, pending, zero_gap, started = unit, None, False, True
        else:
            raise NumeralError(s)
    if pending is not None:
        if started and not zero_gap and last_unit >= 100 and pending_single:
            total += pending * last_unit / 10  # 三千五 = 3500, 一百五 = 150
        else:
            if started and pending >= last_unit:
                raise NumeralError(s)  # 1千2000
            total += pending
    return total


def _has_digit(numeral: str) -> bool:
    """False for numerals made of multipliers only (万, 百万, 千亿), which need a context."""
    return numeral[:1] in "十拾" or any(c.isdigit() or c in CN_DIGITS for c in numeral)


# Multipliers that stand for a round number before a unit: 百万辆, 千万元, 万亿元. Not
# 亿万人民 or 万万不可, which are rhetoric.
_ROUND = re.compile(r"[百佰千仟][万萬亿億]|万亿|萬億")


# -- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # as written in the table
    canonical: str
    factor: Decimal
    kind: str
    single: bool = False  # a lone one-character Chinese numeral may stand before it
    not_before: tuple[str, ...] = ()  # 项 + 目 = 项目 is a word, not a measure word
    only_after: tuple[str, ...] = ()  # 年 is a measure only after 受教育年限
    denominator: bool = True  # may stand after a slash: 元/吨 (but not 元/股)


def _read_data(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("plantrack").joinpath(f"data/{name}").read_text("utf-8"))


@cache
def _unit_table() -> tuple[dict[str, Unit], dict[str, Unit], list[str], list[str]]:
    """(exact names, lower-cased names, case-sensitive names, case-insensitive names)."""
    exact: dict[str, Unit] = {}
    folded: dict[str, Unit] = {}
    sensitive: list[str] = []
    insensitive: list[str] = []
    for entry in _read_data("units.toml")["unit"]:
        for name in entry["names"]:
            unit = Unit(
                name,
                entry["canonical"],
                Decimal(entry.get("factor", "1")),
                entry["kind"],
                bool(entry.get("single", False)),
                tuple(entry.get("not_before", ())),
                tuple(entry.get("only_after", ())),
                bool(entry.get("denominator", True)),
            )
            exact[name] = unit
            if entry.get("case_sensitive") or not name.isascii():
                sensitive.append(name)
            else:
                folded[name.lower()] = unit
                insensitive.append(name)
    return exact, folded, sensitive, insensitive


def _units() -> dict[str, Unit]:
    """Every unit name (as written, and lower-cased where case does not matter)."""
    exact, folded, _, _ = _unit_table()
    return {**folded, **exact}


def _unit(name: str) -> Unit:
    exact, folded, _, _ = _unit_table()
    return exact.get(name) or folded[name.lower()]


@cache
def _words() -> dict[str, dict[str, str]]:
    """Qualifier word → comparator (or currency), for each table of quantity_words.toml."""
    raw = _read_data("quantity_words.toml")
    return {
        pos: {w: key for key, words in raw[pos].items() for w in words}
        for pos in ("before", "after", "inner", "currency_before", "symbol_before")
    }


@cache
def _word_list(table: str) -> tuple[str, ...]:
    return tuple(_read_data("quantity_words.toml")[table]["words"])


def _alternation(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


# -- the grammar -----------------------------------------------------------------------------

_RANGE_SEP = r"[ \t]*(?:-{1,2}|－|—{1,2}|–|~|～|〜|至|到)[ \t]*"
_INCL = r"[(（]含[)）]"
# [数据来源：IEA], or a parenthesised source note （注：据…统计）, within the sentence
_CITE = (
    r"(?:\[[^\[\]\n。！？；]{1,80}\]"
    r"|[（(](?:注|数据来源|来源|资料来源|据)[:：]?[^（）()\n。！？；]{1,80}[）)])"
)
# 成 and 折 with their own small grammar: 9成, 7.2成, 八点五成, 三成半; 75折, 9.9折, 五五折.
_CN_TENTH = "一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖"
_TENTHS = (
    rf"(?:(?<![{_AD}{_POINT}])(?:[1１][0０]|[1-9１-９](?:[{_POINT}][{_AD}])?)"
    rf"|(?<![{_NUM_CHARS}])(?:[{_CN_TENTH}](?:[点點][{_DEC}])?|[十拾]|半))"
)
_ZHE = (
    rf"(?:(?<![{_AD}{_POINT}])(?:[1-9１-９][{_POINT}][{_AD}]|[1-9１-９][0-9０-９]?)"
    rf"|(?<![{_NUM_CHARS}波曲转])(?:[{_CN_TENTH}](?:[点點]?[{_CN_TENTH}])?|半))"
)
_NOT_AFTER_CHENG = "员員为為功果本立熟长長都交品效就绩績型套批分体體像年色材真千"
_NOT_AFTER_ZHE = "合算旧舊扣射叠疊线線现現腾騰损損价價返中服磨断斷衷页頁纸紙"


# A ratio X∶1 (convention 22): the value X, dimensionless. Not 20:50:30, not 1:2, not 10:15.
_RATIO = (
    rf"(?<![{_AD}{_POINT}])[{_AD}]+(?:[{_POINT}][{_AD}]+)?[ \t]*[:：∶][ \t]*[1１]"
    rf"(?![{_AD}]|[{_POINT}][{_AD}]|[ \t]*[:：∶])"
)

# After-words that also begin ordinary words: 5个多式联运枢纽, 100家上下游企业.
_AFTER_GUARD = {"多": "(?![\u4e00-\u9fff])", "余": "(?![\u4e00-\u9fff])", "上下": "(?!游)"}


@cache
def _pattern(ranges: bool = True) -> re.Pattern[str]:
    """The grammar of one quantity, matched at the start of its number (or symbol).

    Without `ranges`, the grammar reads one number: the fallback when a range turns out
    to be none (由20%到30% is a change; 5个-3辆 two figures).
    """
    _, _, sensitive, insensitive = _unit_table()
    units = "|".join(
        (re.escape(n) if n in sensitive else f"(?i:{re.escape(n)})")
        for n in sorted(set(sensitive) | set(insensitive), key=len, reverse=True)
    )
    words = _words()
    after = "|".join(
        re.escape(w) + _AFTER_GUARD.get(w, "")
        for w in sorted(words["after"], key=len, reverse=True)
    )
    inner = _alternation(list(words["inner"]))
    symbols = _alternation(list(words["symbol_before"]))
    unit = rf"(?:{units})"
    # a minus sign, but not the dash after an amount: 10万辆-5万辆 (a rejected range)
    unit_ends = re.escape("".join(sorted({n[-1] for n in sensitive if not n.isascii()})))
    sign = rf"(?:(?<![{_AD}A-Za-z%{_POINT})）\-−－{unit_ends}])[-−－]|[负負])"
    den = rf"(?<![{_NUM_CHARS}{_AD}])[百佰千仟万萬亿億]+"
    exact, _, _, _ = _unit_table()
    denominators = "|".join(
        (re.escape(n) if n in sensitive else f"(?i:{re.escape(n)})")
        for n in sorted(set(sensitive) | set(insensitive), key=len, reverse=True)
        if exact[n].denominator
    )
    # a rate's denominator, its scale word included: 元/吨, 公里/万平方公里, 吨/万元, 升/百公里
    per_scale = r"(?:[百千万亿萬億]{1,2}(?=[^百千万亿萬億]))?"
    per = rf"[/／]{per_scale}(?:{denominators}|Wh|年|月|日|天|周|小时|人|(?i:h))"
    bare_scale = rf"(?<![{_NUM_CHARS}{_AD}])[万萬亿億]{{1,2}}(?=(?:{unit})?级)"  # 万亿级
    if ranges:
        pct_range = rf"(?:{_RANGE_SEP}(?:[百佰千仟万萬]+分之)?(?P<pct_hi>{NUMERAL}))?"
        num_range = (
            rf"(?:{_RANGE_SEP}(?P<hi>{NUMERAL})(?P<inner_hi>{inner})?(?P<unit>{unit})"
            rf"(?P<scale>级)?)?"
        )
    else:
        pct_range = "(?P<pct_hi>(?!))?"
        num_range = "(?P<hi>(?!))?(?P<inner_hi>(?!))?(?P<unit>(?!))?(?P<scale>(?!))?"
    return re.compile(
        rf"(?:(?P<ratio>{_RATIO})"
        rf"|(?P<sym>{symbols})(?P<snum>{NUMERAL})(?P<sunit>{unit})?"
        rf"|(?P<den>{den})分之(?P<pct>{NUMERAL}){pct_range}"
        rf"|(?P<fden>{NUMERAL})分之(?P<fnum>{NUMERAL})"
        rf"|(?P<tenths>{_TENTHS})成(?P<half>半)?(?![{_NOT_AFTER_CHENG}]|不变)"
        rf"|(?P<zhe>{_ZHE})折(?![{_NOT_AFTER_ZHE}{_NUM_CHARS}])"
        rf"|(?P<sign>{sign})?(?P<num>{NUMERAL}|{bare_scale})(?P<inner>{inner})?(?P<incl>{_INCL})?"
        rf"(?:(?P<unit_lo>{unit})(?P<scale_lo>级)?|(?P<scale_only>级))?"
        rf"{num_range}(?P<half_u>半)?)"
        rf"(?P<amount_end>)(?P<per>{per})?(?P<cite>{_CITE})?(?P<incl_after>{_INCL})?"
        rf"(?P<after>{after})?",
    )


@cache
def _finder() -> re.Pattern[str]:
    """Runs of the characters a quantity or a number can start with (fast: one class)."""
    symbols = "".join(s[0] for s in _words()["symbol_before"])
    chars = re.escape(f"{_D}{_S}{_B}兆{_POINT}半负負-−－{symbols}")
    return re.compile(rf"[{chars}0-9０-９]+")


@cache
def _before_pattern() -> re.Pattern[str]:
    """Qualifier or currency words that end where the number begins (searched backwards)."""
    words = _words()
    before = _alternation(list(words["before"]))
    filler = _alternation(_word_list("filler"))
    currency = _alternation(list(words["currency_before"]))
    return re.compile(
        rf"(?:(?P<before>{before})(?P<filler>{filler})?)?(?P<cur>(?:{currency})[ \t]?)?"
        rf"(?P<frm>从|從)?(?P<from_change>由)?\Z"
    )


_URL = re.compile(r"(?:https?://|www\.)[!-~]+", re.I)

# -- quantities -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Quantity:
    start: int  # span in the text, qualifier words included
    end: int
    text: str
    value: Decimal  # in the canonical unit; for a range, its lower end
    unit: str  # canonical unit
    kind: str  # count, money, share, points, mass, energy, power, …
    high: Decimal | None = None  # upper end of a range
    comparator: str | None = None  # from qualifier words only: >=, >, <=, <, =
    cue: str | None = None  # the qualifier word(s) that set the comparator
    scale: bool = False  # 3000亿级: an order of magnitude, not an exact figure
    number_start: int = 0  # where the numeral itself begins (its sign included)
    amount_start: int = 0  # the amount without qualifier words: 百分之四十, $20, 负3.9%
    amount_end: int = 0  # … and where it ends (unit, 级 and 半 included; no 以上, no [来源])
    per: str | None = None  # a rate's denominator written after a slash: 0.6元/Wh → "Wh"
    # no unit written: 人 from a people noun before a 万/亿 count (人口超过2.18亿), "" from
    # an index word (PUE 1.3)
    bare: bool = False
    # a rate as written (per set): the numeral with its own 万/亿 only, and the unit with
    # its denominator: 507公里/万平方公里 → 507, "公里/万平方公里"; 9.8万元/吨 → 98000, "元/吨"
    rate_value: Decimal | None = None
    rate_unit: str | None = None


_NOT_BEFORE = re.compile(r"(?:[A-Za-z_/#@&=+.]|[A-Za-z][ \t]|第|[“\"'‘]|[0-9０-９][ \t]*[:：∶])\Z")
_RATIO_AFTER = re.compile(r"[ \t]*[:：∶][ \t]*[0-9０-９]")
_HALF_KINDS = frozenset({"mass", "length", "area", "volume", "energy", "power"})
_MONEY_SCALE = Unit("元", "元", Decimal(1), "money")
_PERCENT = Unit("%", "%", Decimal(1), "share")
_PERMILLE = Unit("‰", "‰", Decimal(1), "share")
_RATIO_UNIT = Unit("", "", Decimal(1), "ratio")
_INDEX = Unit("", "", Decimal(1), "index")
_PEOPLE = Unit("", "人", Decimal(1), "count")
# what may not follow a number without a unit that is read as an index or a people count
_BARE_NEXT = re.compile(rf"[年月日号號时時点點分秒级級岁歲倍/／:：∶{_POINT}A-Za-z0-9０-９%％]")
# an age class, not an age: 60岁以上, 3-6岁, 6岁儿童
_AGE_CLASS_AFTER = re.compile(
    r"(?:及以[上下]|以[上下])?(?:的|儿童|兒童|老人|老年|人口|青少年|幼儿|婴幼儿|人群|学生|學生|"
    r"吸烟|吸煙|妇女|婦女|男性|女性|居民|群体)|之间|之間|至|到|[-—~～－]|以前|以后|之前|之后"
)
_AGE_CLASS_BEFORE = re.compile(rf"[{_AD}{_D}十岁歲][ \t]*[-—~～－至到][ \t]*\Z")
# 年 as a measure (受教育年限…11.5年) is never a streak, a period or a year: 连续5年, 用3年,
# 近5年, 2012年
_YEARS_NOT_AFTER = re.compile(
    r"(?:连续|連續|用|近|每|前|后|後|第|满|滿|历时|歷時|经过|經過|过去|過去)\Z"
)


_YEAR_ONLY = re.compile(r"(?:19|20)\d{2}[ \t]*年")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order, without overlaps. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    out: list[Quantity] = []
    pattern = _pattern()
    urls = _url_spans(text)
    done = 0  # everything before this offset is taken or rejected
    for run in _finder().finditer(text):
        pos, run_end = max(run.start(), done), run.end()
        while pos < run_end:
            if urls and _inside(urls, pos):
                break
            m = pattern.match(text, pos)
            if m is None:
                pos += 1
                continue
            if (m.end() - m.start() == 1 and text[pos] in CN_DIGITS) or _YEAR_ONLY.fullmatch(
                m.group()
            ):
                # a lone 一, 三, 零 (一体化, 零部件) or a year (2025年): never a
                # figure; rejected before the full grammar runs
                done = pos = max(m.end("amount_end"), pos + 1)
                continue
            q = _safe_quantity(m, text, done)
            if q is None and (m.group("hi") or m.group("pct_hi")):
                m = _pattern(ranges=False).match(text, pos) or m
                q = _safe_quantity(m, text, done)
            if q is not None:
                out.append(q)
                done = pos = m.end()
            else:  # resume after the amount: a rejected 0 must not swallow [a citation]
                done = pos = max(m.end("amount_end"), pos + 1)
    return out


def _safe_quantity(m: re.Match[str], text: str, floor: int) -> Quantity | None:
    try:
        return _quantity(m, text, floor)
    except (NumeralError, InvalidOperation, KeyError, ValueError, ArithmeticError):
        return None


def _url_spans(text: str) -> list[tuple[int, int]]:
    if "://" not in text and "www." not in text and "WWW." not in text:
        return []
    return [m.span() for m in _URL.finditer(text)]


def _inside(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(a <= pos < b for a, b in spans)


def _quantity(m: re.Match[str], text: str, floor: int) -> Quantity | None:
    g = m.groupdict()
    high: Decimal | None = None
    scale = False
    cur_unit: Unit | None = None
    amount_end = m.end("amount_end")
    inner_cue: str | None = None
    bare = False
    if g["ratio"] is not None:
        number_start = m.start("ratio")
        value = parse_numeral(re.split("[ \t]*[:：∶]", g["ratio"], maxsplit=1)[0])
        unit = _RATIO_UNIT
    elif g["sym"] is not None:
        number_start = m.start("snum")
        value = parse_numeral(g["snum"])
        unit = _unit(g["sunit"]) if g["sunit"] else _unit(_words()["symbol_before"][g["sym"]])
        value *= unit.factor
        if unit.kind != "money":
            return None
    elif g["den"] is not None:
        number_start = m.start("pct")
        pct = g["pct"]
        if not _has_digit(pct) and pct not in ("百", "佰"):
            return None  # 百分之百 is 100%; 百分之万 is nothing
        den = parse_numeral(g["den"])
        # 千分之四点五 is 4.5 ‰ (convention 15); 百分之, 万分之… are in %
        per_cent = Decimal(1000) if den == 1000 else Decimal(100)
        unit = _PERMILLE if den == 1000 else _PERCENT
        value = parse_numeral(pct) * per_cent / den
        if g["pct_hi"] is not None:
            high = parse_numeral(g["pct_hi"]) * per_cent / den
    elif g["fden"] is not None:
        number_start = m.start("fden")
        if not _has_digit(g["fden"]) or not _has_digit(g["fnum"]):
            return None
        value, unit = parse_numeral(g["fnum"]) * 100 / parse_numeral(g["fden"]), _PERCENT
    elif g["tenths"] is not None:
        number_start = m.start("tenths")
        t = g["tenths"]
        value = Decimal(5) if t == "半" else parse_numeral(t) * 10
        value += 5 if g["half"] else 0
        unit = _PERCENT
    elif g["zhe"] is not None:
        number_start = m.start("zhe")
        value, unit = _zhe(g["zhe"]), _PERCENT
    else:
        number_start = m.start("sign") if g["sign"] else m.start("num")
        q = _amount(m, text)
        if q is None:
            return None
        value, unit, high, scale, inner_cue = q
        bare = not (g["unit"] or g["unit_lo"] or g["scale_only"])
    start = number_start if g["sym"] is None else m.start("sym")
    amount_start = start
    if g["den"] is not None:
        amount_start = start = m.start("den")
    # words before the number: qualifiers, a currency, 从 of a range, 由 of a change
    b = _before_pattern().search(text, max(floor, start - 12), start)
    if b is not None and b.start() < start:
        if b.group("from_change") and high is not None:
            return None  # 由20%到30% is a change, not a range
        if b.group("cur") and unit.canonical == "元":
            cur_unit = _unit(_words()["currency_before"][b.group("cur").strip()])
            unit = Unit(unit.name, cur_unit.canonical, unit.factor, "money")
            amount_start = start = b.start("cur")
        if b.group("frm") and high is not None:
            start = b.start("frm")
        if b.group("before"):
            start = b.start("before")
    if unit.kind != "index" and _NOT_BEFORE.search(text, max(0, start - 3), start):
        return None  # (an index word may end in a Latin letter: PUE 1.3)
    if _RATIO_AFTER.match(text, amount_end):
        return None
    end = m.end()
    if unit.name.isascii() and unit.name not in ("%",) and _ascii_tail(text, amount_end):
        return None
    comparator, cue = _comparator(g, b)
    if inner_cue and comparator is None:
        comparator, cue = ">", inner_cue
    rate_value: Decimal | None = None
    rate_unit: str | None = None
    if g["per"]:
        rate_value, written = _as_written(g, unit, value)
        rate_unit = f"{written}/{g['per'][1:]}"
    return Quantity(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        unit=unit.canonical,
        kind=unit.kind,
        high=high,
        comparator=comparator,
        cue=cue,
        scale=scale,
        number_start=number_start,
        amount_start=amount_start,
        amount_end=amount_end,
        per=g["per"][1:] if g["per"] else None,
        bare=bare,
        rate_value=rate_value,
        rate_unit=rate_unit,
    )


def _as_written(g: dict[str, str | None], unit: Unit, value: Decimal) -> tuple[Decimal, str]:
    """The value scaled only by the numeral's 万/亿, and the unit as written: 350瓦时 →
    (350, "瓦时") where the canonical quantity is 0.35 千瓦时."""
    name = g.get("unit") or g.get("unit_lo") or g.get("sunit")
    if name:
        return value / unit.factor, name
    return value, unit.canonical


def _ascii_tail(text: str, end: int) -> bool:
    """5GWh is a unit, 5Gbps is not ours: a Latin unit must not run into more letters."""
    return end < len(text) and (text[end].isascii() and (text[end].isalnum() or text[end] == "_"))


def _zhe(t: str) -> Decimal:
    """75折 = 75%, 9.9折 = 99%, 八折 = 80%, 五五折 = 55%, 三点一折 = 31%, 半折 = 50%."""
    if t == "半":
        return Decimal(50)
    s = t.translate(_FULLWIDTH).replace("點", "点")
    if "." in s or "点" in s:
        return parse_numeral(s) * 10
    digits = [Decimal(c) if c.isdigit() else Decimal(CN_DIGITS[c]) for c in s]
    return digits[0] * 10 + (digits[1] if len(digits) > 1 else 0)


def _amount(
    m: re.Match[str], text: str
) -> tuple[Decimal, Unit, Decimal | None, bool, str | None] | None:
    """Value, unit, upper end, scale and the 多/余 cue of a number + unit quantity."""
    g = m.groupdict()
    num = g["num"]
    scale = bool(g["scale_lo"] or g["scale_only"] or g["scale"])
    name = g["unit"] or g["unit_lo"]
    number_start = m.start("sign") if g["sign"] else m.start("num")
    if name is None:
        if g["scale_only"]:
            if not re.search(f"[{_B}]", num):
                return None  # 3000级 is a grade; 3000亿级 is a scale of money
            unit = _MONEY_SCALE
        else:
            inferred = _bare_unit(text, number_start, m.end("num"), num, g)
            if inferred is None:
                return None  # a number without a unit
            unit = inferred
    else:
        unit = _unit(name)
        if unit.only_after and not _context_before(
            unit.only_after, text, number_start, sentence=True
        ):
            return None  # 2025年, 连续5年: 年 is a measure only after 受教育年限
    if not _has_digit(num) and not (scale or _ROUND.fullmatch(num)):
        return None  # 万辆, 千家万户, 亿万人民; but 百万辆 and 千亿级
    if len(num) == 1 and num in f"{_D}十拾" and not g["hi"] and not unit.single:
        return None  # 一个, 两家, 三元, 一度: articles and words more often than figures
    if len(num) == 1 and num in _CAPITAL_ALONE and not g["hi"]:
        return None
    lo_unit = _unit(g["unit_lo"]) if g["unit_lo"] else unit
    if g["hi"] is not None and lo_unit.canonical != unit.canonical:
        return None
    value = parse_numeral(g["sign"] + num if g["sign"] else num)
    high: Decimal | None = None
    if g["hi"] is not None:
        high_raw = parse_numeral(g["hi"])
        if not g["unit_lo"]:
            value *= _shared_multiplier(num, g["hi"], value)
        high = high_raw * unit.factor
    value *= lo_unit.factor
    if high is not None and high <= value:
        return None
    tail_at = m.end("unit") if g["unit"] else (m.end("unit_lo") if g["unit_lo"] else m.end())
    if name is not None and _is_false_unit(name, unit, text, tail_at, num):
        return None
    if unit.canonical == "年" and (
        value >= 100 or _YEARS_NOT_AFTER.search(text, max(0, number_start - 2), number_start)
    ):
        return None  # 比2012年, 连续5年, 用3年
    if unit.kind == "age" and (
        high is not None
        or _AGE_CLASS_AFTER.match(text, tail_at)
        or _AGE_CLASS_BEFORE.search(text, max(0, number_start - 4), number_start)
    ):
        return None  # 60岁以上, 3-6岁, 6岁儿童: an age class, not an age
    if g["half_u"]:
        if unit.kind not in _HALF_KINDS or high is not None:
            return None  # 3个半月
        value += unit.factor / 2
    approx = re.search(f"[{_APPROX}]", num)
    cue = g["inner"] or (approx.group() if approx else None)
    return value, unit, high, scale, cue


def _bare_unit(text: str, start: int, end: int, num: str, g: dict[str, str | None]) -> Unit | None:
    """The unit of a number written without one, where the words before it give it.

    An index word (PUE 1.3, 基尼系数为0.465) makes it a dimensionless index (unit "");
    a people noun before a 万/亿 count (人口减少25万, 用户数达到4.6亿) makes it 人.
    Anything else is not a quantity.
    """
    if g["inner"] or g["incl"] or not _has_digit(num) or _BARE_NEXT.match(text, end):
        return None
    if _context_before(_word_list("index"), text, start):
        return _INDEX
    if re.search(f"[{_B}]", num) and _people_pattern().search(text, max(0, start - 24), start):
        return _PEOPLE
    return None


_CLAUSE_GAP = 12  # characters between an index word and its number, in one clause
_SENTENCE_GAP = 40  # … between an `only_after` word and its number, in one sentence


@cache
def _context_pattern(words: tuple[str, ...], sentence: bool) -> re.Pattern[str]:
    if sentence:
        gap = rf"[^。；;！？!?\n]{{0,{_SENTENCE_GAP}}}"
    else:
        gap = rf"[^，,。；;！？!?、\n]{{0,{_CLAUSE_GAP}}}"
    return re.compile(rf"(?:{_alternation(words)}){gap}\Z")


def _context_before(words: tuple[str, ...], text: str, start: int, sentence: bool = False) -> bool:
    """One of `words` stands before `start`: in the same clause at most 12 characters
    away (数据中心PUE值降至1.3), or with `sentence` in the same sentence at most 40
    characters away (受教育年限达到10.9年，相当于高中二年级的水平，比2012年增加了1年)."""
    limit = max(len(w) for w in words) + (_SENTENCE_GAP if sentence else _CLAUSE_GAP)
    pattern = _context_pattern(words, sentence)
    return pattern.search(text, max(0, start - limit), start) is not None


@cache
def _people_pattern() -> re.Pattern[str]:
    raw = _read_data("quantity_words.toml")["people"]
    return re.compile(rf"(?:{_alternation(raw['nouns'])})(?:{_alternation(raw['links'])}){{0,4}}\Z")


def _shared_multiplier(lo: str, hi: str, lo_value: Decimal) -> Decimal:
    """3-5万 is 3万 to 5万; 两到三千 is 2000 to 3000; but 8500到3万 is 8500 to 30000.

    The upper end's trailing multiplier applies to the lower end when the lower end has
    no multiplier of that order and is smaller than the upper end's leading number.
    """
    m = re.fullmatch(rf"(.*?)([{_B}兆]+)", hi)  # 5万, 九百亿, 两千万
    own = f"{_B}兆"  # multipliers of that order the lower end may already have
    if m is None:
        m = re.fullmatch(rf"([{_D}]|[1-9])([{_S}])", hi)  # 三千, 3百
        own += _S
    if m is None or not m.group(1) or any(c in own for c in lo):
        return Decimal(1)
    mult = parse_numeral(m.group(2))
    try:
        coefficient = parse_numeral(m.group(1))
    except NumeralError:
        return Decimal(1)
    return mult if abs(lo_value) < coefficient else Decimal(1)


def _is_false_unit(name: str, unit: Unit, text: str, at: int, num: str) -> bool:
    """Units that are also the first character of an ordinary word."""
    nxt = text[at : at + 1]
    if nxt and nxt in unit.not_before:
        return True
    if name in ("点", "點"):
        # 3点半 is a time; 三点 a numeral fragment
        return bool(re.match(r"[半钟鐘整多]", nxt)) or not re.fullmatch(r"[\d.,]+", num)
    if name == "次" and nxt in ("方", "数", "性"):
        return True
    if name == "度":
        # 100万度, 5度电 are energy; 30度 a temperature or an angle
        return nxt not in ("电", "電") and not re.search(f"[{_B}]", num)
    return name == "米" and nxt in ("粮", "饭", "面")


def _comparator(g: dict[str, str | None], b: re.Match[str] | None) -> tuple[str | None, str | None]:
    words = _words()
    found: list[tuple[str, str]] = []
    if b is not None and b.group("before"):
        found.append((words["before"][b.group("before")], b.group("before")))
    for key in ("inner", "inner_hi"):
        word = g.get(key)
        if word:
            found.append((words["inner"][word], word))
    after = g["after"]
    if after:
        found.append((words["after"][after], after))
    if not found:
        return None, None
    # 控制在…以内 and 不低于…以上 agree; where words disagree, the bound word wins over
    # the approximation (约…以上 is ≥).
    strict = [c for c in found if c[0] != "="]
    comp = strict[-1][0] if strict else "="
    return comp, "…".join(w for _, w in found)


# -- bare numbers ------------------------------------------------------------------------------


@cache
def _number_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?P<sign>{_SIGN})?(?P<a>{NUMERAL})"
        rf"(?:又(?P<b>{NUMERAL})分之(?P<c_sign>{_SIGN})?(?P<c>{NUMERAL})"
        rf"|分之(?P<d_sign>{_SIGN})?(?P<d>{NUMERAL}))?"
    )


@cache
def _not_numerals() -> re.Pattern[str]:
    return re.compile(_alternation(_word_list("not_numerals")))


def find_numbers(text: str) -> list[tuple[int, int, Decimal]]:
    """Every numeral in `text` with its span and value, unit or not. Never raises.

    The plain numeral finder: 2025 in 2025年 and 3 in 第3条 are numbers here (only
    find_quantities rejects years, dates and names). Fractions are numbers
    (五分之一 → 0.2, 3又一千分之23 → 3.023); 百分之四十 gives its numeral 四十. Words that
    merely contain a numeral character (一切, 四川, 队伍) are skipped.
    """
    if not isinstance(text, str) or not text:
        return []
    out: list[tuple[int, int, Decimal]] = []
    pattern = _number_pattern()
    urls = _url_spans(text)
    done = 0
    for run in _finder().finditer(text):
        pos, run_end = max(run.start(), done), run.end()
        while pos < run_end:
            if urls and _inside(urls, pos):
                break
            m = pattern.match(text, pos)
            if m is None:
                pos += 1
                continue
            done = pos = m.end()
            try:
                found = _number(m, text)
            except (NumeralError, InvalidOperation, ArithmeticError, ValueError):
                continue
            if found is None:
                continue
            if isinstance(found, int):  # 百分之四十: read the numerator on its own
                done = pos = found
                continue
            out.append(found)
    return out


def _number(m: re.Match[str], text: str) -> tuple[int, int, Decimal] | int | None:
    a = m.group("a")
    if m.group("d") is not None:
        if not _has_digit(a):
            return m.start("d_sign") if m.group("d_sign") else m.start("d")
        den = parse_numeral(a)
        numerator = parse_numeral((m.group("d_sign") or "") + m.group("d"))
        value = numerator / den
        if m.group("sign"):
            value = -value
        return m.start(), m.end(), value
    if m.group("b") is not None:
        whole = parse_numeral(a)
        frac = parse_numeral((m.group("c_sign") or "") + m.group("c")) / parse_numeral(m.group("b"))
        value = whole + frac
        return m.start(), m.end(), -value if m.group("sign") else value
    if not _has_digit(a) or (len(a) == 1 and a in _CAPITAL_ALONE):
        return None
    start, end = m.start(), m.end()
    words = _not_numerals()
    stop = words.search(text, max(0, start - 3), min(len(text), end + 3))
    while stop is not None:
        if stop.start() <= start and stop.end() >= end:
            return None  # the numeral lies inside a word: 统一, 一切, 四川
        stop = words.search(text, stop.start() + 1, min(len(text), end + 3))
    return start, end, parse_numeral(m.group())
