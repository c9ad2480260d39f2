"""Quantities in Chinese text: numerals, units, ranges, approximations, directions.

A quantity is a number with a unit or measure word (150万辆, 2.5万个, 百分之四十,
四成, 3000亿级, 30%—40%, 1万-5万元, 85%[数据来源：…]以上). Numbers without a unit
are not quantities, and neither are years, dates, ordinals or names that hold digits
(2025年, 5月20日, 第3条, 5G, “863”计划, 十四五, 十九大, Model 3).

Values are exact (Decimal) and in the canonical unit of data/units.toml: 150万辆 →
1500000 辆, 407.7亿元 → 40770000000 元, 10GWh → 10000000 千瓦时.

The grammar is small named fragments (numeral, unit, qualifier words) compiled into
one regular expression; the tables are data files. `find_quantities` never raises on
any input.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from importlib import resources

# -- numerals ------------------------------------------------------------------------------

CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}

_D = "".join(CN_DIGITS)
_S = "".join(SMALL_UNITS)
_B = "".join(BIG_UNITS)
_ARABIC = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# A numeral: Arabic digits with Chinese multipliers (150万, 2.5万亿, 13万2), or Chinese
# numerals (一百五十万, 两千亿, 三点五), or a bare multiplier (千亿级).
# 千 is not a multiplier where it begins a unit (20万千瓦, 5千克, 3千米).
_SMALL = r"(?:[十百拾佰仟]|千(?![瓦克米]))"
NUMERAL = (
    rf"(?:(?:{_ARABIC})(?:[多余](?=[{_B}]))?(?:{_SMALL}?[{_B}]*(?:\d{_SMALL}?(?![\d.]))?)"
    rf"|(?:[{_D}]|{_SMALL})(?:[{_D}{_B}]|{_SMALL})*(?:点[{_D}]+[{_B}]*)?"
    rf"|[{_B}]+(?=级)|千(?=[{_B}]级))"
)


class NumeralError(ValueError):
    pass


def parse_numeral(text: str) -> Decimal:
    """The value of a numeral: '150万' → 1500000, '一百五十万' → 1500000, '13万2' → 132000.

    Raises NumeralError for text that is not one numeral.
    """
    s = text.replace(",", "").strip()
    if not s:
        raise NumeralError("empty numeral")
    try:
        return _parse_big(s)
    except (InvalidOperation, KeyError, IndexError) as exc:
        raise NumeralError(f"not a numeral: {text!r}") from exc


def _parse_big(s: str) -> Decimal:
    """Split at the last 亿, then at the last 万: 1.2万亿 = 1.2万 × 亿; 一亿两千万 = 一 × 亿 + 两千万."""
    for unit, factor in (("亿", 10**8), ("億", 10**8), ("万", 10**4), ("萬", 10**4)):
        i = s.rfind(unit)
        if i < 0:
            continue
        head, tail = s[:i], s[i + 1 :]
        high = _parse_big(head) if head else Decimal(1)
        if not tail:
            return high * factor
        if (len(tail) == 1 and tail in CN_DIGITS) or (tail.isdigit() and len(tail) == 1):
            # colloquial 13万2 / 一万五: the digit is the next place down
            return high * factor + _digit(tail) * factor / 10
        return high * factor + _parse_big(tail)
    return _parse_small(s)


def _digit(ch: str) -> Decimal:
    return Decimal(CN_DIGITS[ch]) if ch in CN_DIGITS else Decimal(ch)


def _parse_small(s: str) -> Decimal:
    """Below 万: Arabic (1,200 / 2.5 / 1.5千), Chinese (三千五百, 一百零五, 三千五, 二〇二五, 三点五)."""
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return Decimal(s)
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([十百千拾佰仟])", s)
    if m:
        return Decimal(m.group(1)) * SMALL_UNITS[m.group(2)]
    if "点" in s:
        whole, frac = s.split("点", 1)
        if not frac or any(ch not in CN_DIGITS for ch in frac):
            raise NumeralError(s)
        return _parse_small(whole) + Decimal("0." + "".join(str(CN_DIGITS[c]) for c in frac))
    if all(ch in CN_DIGITS for ch in s):
        # a run of digits without units: 二〇二五 → 2025
        return Decimal("".join(str(CN_DIGITS[c]) for c in s))
    total = Decimal(0)
    current: Decimal | None = None
    last_unit = 0
    zero_seen = False
    for ch in s:
        if ch in CN_DIGITS:
            if CN_DIGITS[ch] == 0:
                zero_seen = True
            current = Decimal(CN_DIGITS[ch])
        elif ch in SMALL_UNITS:
            unit = SMALL_UNITS[ch]
            total += (current if current is not None else Decimal(1)) * unit
            last_unit, current, zero_seen = unit, None, False
        else:
            raise NumeralError(s)
    if current is not None:
        if last_unit >= 100 and not zero_seen:
            total += current * last_unit / 10  # 三千五 = 3500, 一百五 = 150
        else:
            total += current
    return total


# -- tables ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Unit:
    name: str  # as written
    canonical: str
    factor: Decimal
    kind: str


@cache
def _units() -> dict[str, Unit]:
    raw = tomllib.loads(resources.files("plantrack").joinpath("data/units.toml").read_text("utf-8"))
    table: dict[str, Unit] = {}
    for entry in raw["unit"]:
        for name in entry["names"]:
            table[name.lower()] = Unit(
                name, entry["canonical"], Decimal(entry.get("factor", "1")), entry["kind"]
            )
    return table


@cache
def _words() -> dict[str, dict[str, str]]:
    """Qualifier word → comparator, for each position (before, after, inner)."""
    raw = tomllib.loads(
        resources.files("plantrack").joinpath("data/quantity_words.toml").read_text("utf-8")
    )
    return {pos: {w: comp for comp, words in raw[pos].items() for w in words} for pos in raw}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    units = _alternation(list({u.name for u in _units().values()}))
    words = _words()
    before = _alternation(list(words["before"]))
    after = _alternation(list(words["after"]))
    inner = _alternation(list(words["inner"]))
    range_sep = r"\s*(?:-|－|—{1,2}|–|~|～|〜|至|到)\s*"
    unit = rf"(?:{units})"
    one = rf"(?P<num>{NUMERAL})(?P<inner>{inner})?"
    return re.compile(
        rf"(?P<before>{before})?"
        rf"(?:百分之(?P<pct>{NUMERAL})(?:{range_sep}(?:百分之)?(?P<pct_hi>{NUMERAL}))?"
        rf"|千分之(?P<permille>{NUMERAL})"
        rf"|(?P<tenths>[{_D}十]|10|[1-9])成(?P<half>半)?"
        rf"|{one}(?P<unit_lo>{unit})?(?P<scale_lo>级)?"
        rf"(?:{range_sep}(?P<hi>{NUMERAL})(?P<inner_hi>{inner})?)?"
        rf"(?P<unit>{unit})(?P<scale>级)?"
        rf"|(?P<num_scale>{NUMERAL})(?P<scale_only>级))"
        rf"(?P<cite>\[[^\[\]\n]{{1,80}}\])?(?P<after>{after})?",
        re.I,
    )


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
    number_start: int = 0  # where the numeral itself begins


_NOT_BEFORE = re.compile(r"[A-Za-z_/#@.&=]$|第$|[“\"'‘(（]$")
_NOT_AFTER = re.compile(r"^[A-Za-z0-9_]|^[“\"'’”]")
_YEAR_AFTER = re.compile(
    r"^\s*(?:年|月|日|号|號|时|時|分|秒|届|屆|周年|岁|歲|代|世纪|大|中全会|五)"
)
_ONE_CHAR_NUMERAL = re.compile(rf"^[{_D}十]$")
_RATIO = re.compile(r"^\s*[:：∶]\s*\d")


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in `text`, in order, without overlaps. Never raises."""
    if not isinstance(text, str) or not text:
        return []
    out: list[Quantity] = []
    for m in _pattern().finditer(text):
        try:
            q = _quantity(m, text)
        except (NumeralError, InvalidOperation, KeyError, ValueError, ArithmeticError):
            q = None
        if q is not None:
            out.append(q)
    return out


def _quantity(m: re.Match[str], text: str) -> Quantity | None:
    g = m.groupdict()
    number_start = next(
        m.start(k) for k in ("pct", "permille", "tenths", "num", "num_scale") if g[k] is not None
    )
    head = text[max(0, number_start - 3) : number_start]
    if g["pct"] is not None or g["permille"] is not None:
        head = text[max(0, number_start - 6) : m.start() if g["before"] is None else m.start()]
    if _NOT_BEFORE.search(text[:number_start] if g["before"] is None else text[: m.start()]):
        return None
    tail = text[m.end() : m.end() + 4]
    high: Decimal | None = None
    scale = False
    if g["pct"] is not None:
        value, unit = parse_numeral(g["pct"]), _units()["%"]
        if g["pct_hi"] is not None:
            high = parse_numeral(g["pct_hi"])
    elif g["permille"] is not None:
        value, unit = parse_numeral(g["permille"]) / 10, _units()["%"]
    elif g["tenths"] is not None:
        value = parse_numeral(g["tenths"]) * 10 + (5 if g["half"] else 0)
        unit = _units()["%"]
        if head.endswith(("建", "完", "达", "形", "组", "构", "造", "变", "促", "养", "生")):
            return None
    elif g["num_scale"] is not None:
        value, unit, scale = parse_numeral(g["num_scale"]), _MONEY_SCALE, True
        if not re.search(f"[{_B}]$", g["num_scale"]):
            return None  # 3000级 is a grade, 3000亿级 a scale of money
    else:
        num = g["num"]
        if _ONE_CHAR_NUMERAL.match(num) and not g["hi"]:
            return None  # 一个, 两家, 三大: articles and names more often than figures
        if _YEAR_AFTER.match(text[m.end("num") :]) and not g["unit_lo"]:
            return None
        unit = _units()[g["unit"].lower()]
        lo_unit = _units()[g["unit_lo"].lower()] if g["unit_lo"] else unit
        more_than = "多" in num or "余" in num  # 100多万: more than a million
        value = parse_numeral(num.replace("多", "").replace("余", ""))
        if g["hi"] is not None:
            high = parse_numeral(g["hi"]) * unit.factor
            # 3-5万 means 3万 to 5万: a multiplier written only on the upper end applies to both
            hi_mult = re.search(f"[{_B}]+$", g["hi"])
            if hi_mult and not re.search(f"[{_B}]", num) and not g["unit_lo"]:
                value *= parse_numeral(hi_mult.group())
        value *= lo_unit.factor
        scale = bool(g["scale"] or g["scale_lo"])
        if _is_false_unit(g["unit"], tail, num):
            return None
    if _NOT_AFTER.match(tail) and unit.kind not in ("share",) and not g["after"]:
        if not (unit.name.isascii() is False and re.match(r"^[A-Za-z]", tail) is None):
            return None
    if _RATIO.match(text[m.end() :]):
        return None
    comparator, cue = _comparator(g)
    if g["num"] is not None and re.search("[多余]", g["num"]) and comparator is None:
        comparator, cue = ">", re.search("[多余]", g["num"]).group()  # type: ignore[union-attr]
    return Quantity(
        start=m.start(),
        end=m.end(),
        text=m.group(),
        value=value,
        unit=unit.canonical,
        kind=unit.kind,
        high=high,
        comparator=comparator,
        cue=cue,
        scale=scale,
        number_start=number_start,
    )


_MONEY_SCALE = Unit("元", "元", Decimal(1), "money")


def _is_false_unit(unit: str, tail: str, num: str) -> bool:
    """Units that are also the first character of an ordinary word: 3点半, 5度电? no."""
    u = unit.lower()
    if u in ("点", "點") and (
        re.match(r"^[半钟鐘整多]", tail) or not re.fullmatch(r"[\d.,]+", num)
    ):
        return True  # 3点半 is a time; 三点 a numeral fragment
    if u == "次" and tail.startswith(("方", "数", "性")):
        return True
    if u == "t" and tail[:1].isalpha():
        return True
    return u in ("米",) and tail.startswith(("粮", "饭", "面"))


def _comparator(g: dict[str, str | None]) -> tuple[str | None, str | None]:
    words = _words()
    found: list[tuple[str, str]] = []
    if g["before"]:
        found.append((words["before"][g["before"]], g["before"]))
    for key in ("inner", "inner_hi"):
        if g.get(key):
            found.append((words["inner"][g[key]], g[key]))  # type: ignore[index]
    if g["after"]:
        found.append((words["after"][g["after"]], g["after"]))
    if not found:
        return None, None
    # 控制在…以内 and 不低于…以上 agree; where words disagree, the bound word wins over
    # the approximation (约…以上 is ≥).
    strict = [c for c in found if c[0] != "="]
    comp = strict[-1][0] if strict else "="
    return comp, "…".join(w for _, w in found)
