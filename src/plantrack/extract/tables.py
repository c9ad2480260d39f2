"""Indicator tables: the baselines and targets of a plan's 主要指标 table.

SCHEMA.md convention 20: in an indicator table the base-year column gives baselines
and the target column targets; a column of increments over the period is ignored; a
unit in a row label applies to its cells.

Tables reach us flattened. The cleaner joins PDF lines and drops the spaces and tabs
that separate cells, so tables are read from the source blocks (the text the cleaner
started from) and every offset is mapped to the clean text through the clean offset
map. Shapes read:

- a stream of cells, one per line, each ending with " |" (a PDF table copied cell by
  cell): the header row fixes the number of columns, and the cells after it are
  taken in rows of that many;
- one row per line, cells separated by "|" (HTML and DOCX readers, Markdown tables
  with their |---| line), by tabs, or by two or more spaces.

A header is a row with a label column (指标) followed by at least one value column
(a year, 基期值, 目标值); a table needs at least two rows with a number in a value
column. Column kinds come from data/table_cues.toml: base (基期, 现状, the earlier
year) gives baselines, target (目标, a later year) gives targets, increments (年均增,
累计, [x] and (x) cells), attributes (预期性/约束性), units (单位) and notes give none.
Time is linear in the text.
"""

from __future__ import annotations

import bisect
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache
from importlib import resources
from typing import Any

from plantrack.clean.normalize import CJK, normalize_chars
from plantrack.extract.quantities import NUMERAL, NumeralError, find_quantities, parse_numeral
from plantrack.model import BlockRole, Document, Statement, StatementKind

RULE = "indicator-table"

# column kinds
LABEL, UNIT, BASE, TARGET, YEAR, INCREMENT, ATTRIBUTE, NOTE, SEQUENCE, GROUP, OTHER = (
    "label",
    "unit",
    "base",
    "target",
    "year",
    "increment",
    "attribute",
    "note",
    "sequence",
    "group",
    "other",
)
_VALUE_KINDS = frozenset({BASE, TARGET, YEAR})
# kinds that may stand in a header after its first value column
_HEADER_TAIL = frozenset({BASE, TARGET, YEAR, INCREMENT, ATTRIBUTE, UNIT, NOTE})

# cell kinds
NUM, EMPTY, BRACKET, ATTR, TEXT = "num", "empty", "bracket", "attr", "text"

# numbering before a row label: 1. / 3、/ （2）
_NUMBERING = re.compile(
    r"^(?:[0-9]{1,2}[.、．](?![0-9])|[(（][0-9一二三四五六七八九十]{1,3}[)）])\s*"
)
_MAX_LABEL = 80  # characters of a row label
_MAX_VALUE_TEXT = 16  # a qualitative value cell (基本实现, 显著提升)


# -- cues ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cues:
    base: re.Pattern[str]
    target: re.Pattern[str]
    increment: re.Pattern[str]
    attribute: re.Pattern[str]
    unit: frozenset[str]
    sequence: frozenset[str]
    group: frozenset[str]
    note: re.Pattern[str]
    periods: dict[str, int]
    empty: frozenset[str]
    attribute_values: frozenset[str]
    before: re.Pattern[str]
    before_map: dict[str, str]
    after: re.Pattern[str]
    after_map: dict[str, str]
    extra_units: frozenset[str]
    value_hint: re.Pattern[str]


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) or "(?!)"


@cache
def _cues() -> _Cues:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("plantrack").joinpath("data/table_cues.toml").read_text("utf-8")
    )
    h, c = raw["header"], raw["cell"]
    before_map = {w: comp for comp, words in c["before"].items() for w in words}
    after_map = {w: comp for comp, words in c["after"].items() for w in words}
    return _Cues(
        base=re.compile(_alternation(h["base"])),
        target=re.compile(_alternation(h["target"])),
        increment=re.compile(_alternation(h["increment"])),
        attribute=re.compile(_alternation(h["attribute"])),
        unit=frozenset(h["unit"]),
        sequence=frozenset(h["sequence"]),
        group=frozenset(h["group"]),
        note=re.compile(_alternation(h["note"])),
        periods={k: int(v) for k, v in h["periods"].items()},
        empty=frozenset(c["empty"]),
        attribute_values=frozenset(c["attribute"]),
        before=re.compile(rf"^(?:{_alternation(list(before_map))})"),
        before_map=before_map,
        after=re.compile(rf"(?:{_alternation(list(after_map))})$"),
        after_map=after_map,
        extra_units=frozenset(raw["unit"]["extra"]),
        value_hint=re.compile(
            r"(?:19|20)[0-9]{2}|" + _alternation([*h["base"], *h["target"], *h["periods"]])
        ),
    )


# -- cells and lines ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Cell:
    text: str  # normalized (full-width forms, traditional characters), stripped
    start: int  # source offsets of the stripped text
    end: int


_SPACES = " \t\u3000\u00a0\u2002\u2003\u2009\r\f\v"
_STRAY_SPACE = re.compile(rf"[{_SPACES}]+(?=[{CJK}])|(?<=[{CJK}])[{_SPACES}]+")
_SPACE_RUNS = re.compile(rf"[{_SPACES}]+")


def _tidy(text: str) -> str:
    """A cell as one reads it: spaces touching Chinese script dropped (合格 率 → 合格率)."""
    return _SPACE_RUNS.sub(" ", _STRAY_SPACE.sub("", text)).strip()


def _cells(line: str, norm: str, base: int, lo: int, hi: int, sep: re.Pattern[str]) -> list[_Cell]:
    """The cells of line[lo:hi] split at `sep`, with source offsets (empty cells kept).
    `norm` is the line normalized (one character for one), the cells' text comes from it."""
    out: list[_Cell] = []
    pos = lo
    for m in sep.finditer(line, lo, hi):
        out.append(_cell(line, norm, base, pos, m.start()))
        pos = m.end()
    out.append(_cell(line, norm, base, pos, hi))
    return out


def _cell(line: str, norm: str, base: int, a: int, b: int) -> _Cell:
    while a < b and line[a] in _SPACES:
        a += 1
    while b > a and line[b - 1] in _SPACES:
        b -= 1
    return _Cell(norm[a:b], base + a, base + b)


_PIPE = re.compile(r"[|｜]")
_TAB = re.compile(r"\t")
_WIDE_GAP = re.compile(r"(?:[ \u00a0]{2,}|\u3000)[ \u00a0\u3000]*")
_MD_RULE = re.compile(r"^[\s:：\-—=+]*$")

# line kinds
_BLANK, _STREAM, _ROW, _RULE, _PLAIN = "blank", "stream", "row", "rule", "plain"


@dataclass(frozen=True, slots=True)
class _Line:
    kind: str
    cells: list[_Cell]
    start: int = 0  # source offset of the line's first character that is not a space
    # _PLAIN lines read in one piece: block text, its source offset, and where they lie
    # in it (they are read for their offsets only when a stream of cells meets them)
    prose: tuple[str, int, int, int] | None = None

    def prose_starts(self) -> Iterator[int]:
        """The source offsets of the first characters that are not spaces of the lines
        this stands for."""
        if self.prose is None:
            yield self.start
            return
        text, base, lo, hi = self.prose
        for m in _LINE_HEAD.finditer(text, lo, hi):
            yield base + m.start(1)


def _read_line(line: str, base: int) -> _Line:
    lo, hi = 0, len(line)
    while lo < hi and line[lo] in _SPACES:
        lo += 1
    while hi > lo and line[hi - 1] in _SPACES:
        hi -= 1
    if lo == hi:
        return _Line(_BLANK, [])
    seps = [sep for sep in (_PIPE, _TAB, _WIDE_GAP) if sep.search(line, lo, hi)]
    if not seps:
        return _Line(_PLAIN, [], base + lo)  # prose: its cells are never read
    norm = normalize_chars(line)
    first, last = line[lo], line[hi - 1]
    if first in "|｜":  # a Markdown row: | a | b |
        inner_hi = hi - 1 if last in "|｜" and hi - 1 > lo else hi
        cells = _cells(line, norm, base, lo + 1, inner_hi, _PIPE)
        if all(_MD_RULE.match(c.text) for c in cells) and "-" in line[lo:hi]:
            return _Line(_RULE, cells)
        return _Line(_ROW, cells)
    if last in "|｜":  # cells that end with " |": a stream of cells
        return _Line(_STREAM, _cells(line, norm, base, lo, hi - 1, _PIPE))
    for sep in seps:
        cells = _cells(line, norm, base, lo, hi, sep)
        if sum(1 for c in cells if c.text) >= 2:
            return _Line(_ROW, cells)
    return _Line(_PLAIN, [], base + lo)


# Any of these in a line may make it a row or a stream of cells (_read_line's separators,
# wherever they stand in the line); a line without one is blank or prose. The same as
# [|｜\t]|[ \u00a0]{2}|\u3000, written to open with one character class (a faster scan).
_ANY_SEPARATOR = re.compile(r"[|｜\t\u3000 \u00a0](?:(?<=[ \u00a0])[ \u00a0]|(?<![ \u00a0]))")
_NOT_BLANK = re.compile(rf"[^\n{_SPACES}]")
_LINE_HEAD = re.compile(rf"^[{_SPACES}]*([^\n{_SPACES}])", re.M)


def _source_lines(doc: Document) -> list[_Line]:
    """The lines of the body blocks, with the source offsets the cleaner uses. Only the
    lines with a separator are read one by one (a regular expression finds them); the
    lines between two of them stand as one _PLAIN line if any is not blank, else as none.
    The tables found are the same as with every line read: blank lines are skipped
    wherever lines are walked, and prose lines all end a table or a stream alike."""
    out: list[_Line] = []
    virtual = 0
    for block in doc.source.body_blocks:
        base = block.source_start if block.source_start is not None else virtual
        virtual += len(block.text) + 1
        text = block.text
        pos = 0  # the start of the first line not read yet
        m = _ANY_SEPARATOR.search(text)
        while m is not None:
            start = text.rfind("\n", 0, m.start()) + 1
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
            _prose(out, text, base, pos, start)
            out.append(_read_line(text[start:end], base + start))
            pos = end + 1
            m = _ANY_SEPARATOR.search(text, pos)
        _prose(out, text, base, pos, len(text))
    return out


def _prose(out: list[_Line], text: str, base: int, lo: int, hi: int) -> None:
    """The lines of text[lo:hi] (none with a separator) as one _PLAIN line, if any of
    them is not blank."""
    m = _NOT_BLANK.search(text, lo, hi) if lo < hi else None
    if m is not None:
        out.append(_Line(_PLAIN, [], base + m.start(), (text, base, lo, hi)))


# -- source offsets to clean offsets ----------------------------------------------------------


class _ToClean:
    """The inverse of the clean text's offset map (runs sorted by source offset)."""

    def __init__(self, doc: Document) -> None:
        text_len = len(doc.text)
        omap = doc.clean.offset_map
        titles = [(p.start, p.end) for p in doc.clean.paragraphs if p.role is BlockRole.TITLE]
        runs: list[tuple[int, int, int]] = []  # (source start, clean start, length)
        starts = omap.clean_starts
        for i, (c, s) in enumerate(zip(starts, omap.source_starts, strict=True)):
            end = starts[i + 1] if i + 1 < len(starts) else text_len
            if any(a <= c < b for a, b in titles):
                continue
            runs.append((s, c, end - c))
        runs.sort()
        self.runs = runs
        self.keys = [r[0] for r in runs]
        self.length = text_len

    def start(self, source: int) -> int:
        """The clean offset of a source character (of the next kept one if it was dropped)."""
        i = bisect.bisect_right(self.keys, source) - 1
        if i >= 0:
            s, c, n = self.runs[i]
            if source < s + n:
                return c + (source - s)
        if i + 1 < len(self.runs):
            return self.runs[i + 1][1]
        return self.length

    def kept(self, source: int) -> bool:
        """Is the source character in the clean text?"""
        i = bisect.bisect_right(self.keys, source) - 1
        return i >= 0 and source < self.runs[i][0] + self.runs[i][2]

    def end(self, source_end: int) -> int:
        """The clean offset just after the source character before `source_end`."""
        i = bisect.bisect_right(self.keys, source_end - 1) - 1
        if i >= 0:
            s, c, n = self.runs[i]
            return c + min(source_end - s, n)
        return 0


# -- columns --------------------------------------------------------------------------------


_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_DATE_AFTER = re.compile(r"\s*年?\s*[0-9]{1,2}\s*月")
_PARENS = re.compile(r"[(（\[【〔][^()（）\[\]【】〔〕]*[)）\]】〕]")
_CLAUSE_END = re.compile(r".*[。：:；;！？!?，,]")
# prose before a header cell: …主要指标如下：指标 (a colon inside brackets does not count)
_LEAD_PROSE = re.compile(r".*[。！？!?；;：:](?![^(（\[【]*[)）\]】])")


@dataclass(frozen=True, slots=True)
class _Column:
    kind: str
    year: int | None
    header: str


def _has(text: str, words: re.Pattern[str]) -> int:
    """The position of the first of `words` in `text`, -1 if none is there."""
    m = words.search(text)
    return m.start() if m else -1


@lru_cache(maxsize=4096)
def _column(header: str) -> _Column:
    c = _cues()
    t = _tidy(header)
    lead = _LEAD_PROSE.match(t)
    if lead:
        t = t[lead.end() :].strip()
    core = _PARENS.sub("", t).strip() or t
    year: int | None = None
    for m in _YEAR.finditer(t):
        if _DATE_AFTER.match(t, m.end()):
            return _Column(OTHER, None, t)  # 2023年12月: a date, not a year's value
        year = int(m.group(1))
    if year is None:
        for word, y in c.periods.items():
            if word in t:
                year = y
    if core in c.sequence:
        return _Column(SEQUENCE, None, t)
    if core in c.unit:
        return _Column(UNIT, None, t)
    if core in c.group:
        return _Column(GROUP, None, t)
    if _has(core, c.attribute) >= 0:
        return _Column(ATTRIBUTE, None, t)
    if _has(core, c.note) >= 0:
        return _Column(NOTE, None, t)
    if _has(core, c.increment) >= 0:
        return _Column(INCREMENT, year, t)
    for text in (core, t):
        b, g = _has(text, c.base), _has(text, c.target)
        if b >= 0 and (g < 0 or b < g):
            return _Column(BASE, year, t)
        if g >= 0:
            return _Column(TARGET, year, t)
    if year is not None and len(core) <= 12:
        return _Column(YEAR, year, t)
    return _Column(OTHER, None, t)


@dataclass(frozen=True, slots=True)
class _Header:
    columns: list[_Column]  # kinds resolved: every YEAR column is BASE or TARGET
    label: int  # index of the label column
    cells: list[_Cell]


def _reference_year(doc: Document) -> int | None:
    published = doc.meta.published
    if isinstance(published, datetime | date):
        return published.year
    return doc.meta.period_start


def _resolve(columns: list[_Column], doc: Document) -> list[_Column] | None:
    """Bare year columns become base or target; None if no value column is left."""
    base_years = [c.year for c in columns if c.kind == BASE and c.year is not None]
    target_years = [c.year for c in columns if c.kind == TARGET and c.year is not None]
    bare = sorted(c.year for c in columns if c.kind == YEAR and c.year is not None)
    ref = _reference_year(doc)
    out: list[_Column] = []
    for col in columns:
        kind, year = col.kind, col.year
        if kind == YEAR and year is not None:
            if base_years:
                kind = TARGET if year > max(base_years) else BASE
            elif target_years:
                kind = BASE if year < min(target_years) else TARGET
            elif ref is not None:
                kind = BASE if year < ref else TARGET
            else:
                kind = BASE if year == bare[0] else TARGET
        elif kind == BASE and year is None and doc.meta.period_start:
            year = doc.meta.period_start - 1
        elif kind == TARGET and year is None and doc.meta.period_end:
            year = doc.meta.period_end
        out.append(_Column(kind, year, col.header))
    if not any(c.kind in (BASE, TARGET) for c in out):
        return None
    return out


def _trim_lead(cell: _Cell) -> _Cell:
    """The header's first cell without prose glued before it (…如下图所示:指标 → 指标)."""
    m = _CLAUSE_END.match(cell.text)
    if m is None:
        return cell
    tail = cell.text[m.end() :]
    skip = m.end() + len(tail) - len(tail.lstrip())
    return _Cell(tail.strip(), cell.start + skip, cell.end)


def _label_index(columns: list[_Column], lo: int, first_value: int) -> int | None:
    """The label column: just before the first value column (a 单位 column may sit between)."""
    k = first_value - 1
    if k >= lo and columns[k].kind == UNIT:
        k -= 1
    if k < lo or columns[k].kind not in (OTHER, GROUP):
        return None
    return k


# -- cells -------------------------------------------------------------------------------------


_NUMBER = r"[+\-−－]?(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?|[+\-−－]?\.[0-9]+"
_CELL_NUMBER = re.compile(
    rf"(?P<lo>{_NUMBER})(?:\s*(?:-{{1,2}}|~|～|—{{1,2}}|–|至|到)\s*(?P<hi>{_NUMBER}))?"
    rf"\s*(?P<rest>.*)"
)
_MULTIPLIER = re.compile(r"[万亿千百]{1,3}")
_BRACKETED = re.compile(r"^[\[【〔(（].*[0-9].*|.*[0-9].*[\]】〕)）]$")
_LEADING_NUMBER = re.compile(NUMERAL)
_MINUS = str.maketrans({"−": "-", "－": "-"})


@dataclass(frozen=True, slots=True)
class _Value:
    kind: str  # NUM, EMPTY, BRACKET, ATTR, TEXT
    lo: str = ""  # the numbers as written, with a multiplier or unit of the cell's own
    hi: str | None = None
    comparator: str | None = None


@lru_cache(maxsize=8192)
def _read_cell(text: str) -> _Value:
    c = _cues()
    t = text.replace(" ", "")
    if not t or t in c.empty:
        return _Value(EMPTY)
    if t in c.attribute_values:
        return _Value(ATTR)
    if _BRACKETED.match(t):
        return _Value(BRACKET)
    comparator = None
    m = c.before.match(t)
    if m:
        comparator = c.before_map[m.group()]
        t = t[m.end() :]
    m = c.after.search(t)
    if m:
        comparator = comparator or c.after_map[m.group()]
        t = t[: m.start()]
    n = _CELL_NUMBER.fullmatch(t)
    if n is None:
        return _Value(TEXT)
    rest = n.group("rest")
    if rest and not _MULTIPLIER.fullmatch(rest) and _unit_spec(rest) is None:
        return _Value(TEXT)  # 5G, 3D打印: a name, not a figure
    if rest[:1] in ("年", "月", "日") and _YEAR.fullmatch(n.group("lo")):
        return _Value(TEXT)  # 2025年: a date
    lo, hi = n.group("lo").translate(_MINUS), n.group("hi")
    return _Value(NUM, lo + rest, hi.translate(_MINUS) + rest if hi else None, comparator)


def _textual(text: str) -> bool:
    """A label: words, not a number, a dash, an attribute or a lone year."""
    t = _NUMBERING.sub("", text.replace(" ", ""))
    if not t or len(t) > _MAX_LABEL or not re.search(r"[\u4e00-\u9fffA-Za-z]", t):
        return False
    if t in _cues().empty or t in _cues().attribute_values:
        return False
    if re.fullmatch(r"(?:19|20)[0-9]{2}\s*年?(?:[0-9]{1,2}月)?(?:底|末)?", t):
        return False
    return _CELL_NUMBER.fullmatch(t) is None or _read_cell(t).kind != NUM


# -- units ------------------------------------------------------------------------------------


_UNIT_IN_LABEL = re.compile(r"[(（]\s*([^()（）]{1,12}?)\s*[)）]\s*$")


@lru_cache(maxsize=4096)
def _unit_spec(text: str) -> str | None:
    """Is `text` a unit (亿吨, %, 万千瓦, 元/人, 岁)? The unit as written, else None."""
    t = text.replace(" ", "")
    if not t or re.search(r"[0-9]", t):
        return None
    if t.startswith(("单位", "计量单位")):
        t = re.sub(r"^(?:计量)?单位[:：]?", "", t)
    if t in _cues().extra_units or _whole(f"1{t}") is not None:
        return t
    head = _MULTIPLIER.match(t)
    rest = t[head.end() :] if head else t
    if rest in _cues().extra_units:
        return t
    if "/" in t and (_whole(f"1{t.split('/', 1)[0]}") is not None):
        return t  # 个/万人, 千克/人: a rate kept as written
    return None


def _whole(text: str) -> tuple[Decimal, str] | None:
    """`text` read as exactly one quantity: (value, canonical unit), else None."""
    qs = find_quantities(text)
    if len(qs) != 1 or qs[0].start != 0 or qs[0].end != len(text):
        return None
    q = qs[0]
    if q.per:
        # 3.2万元/人: a rate keeps its unit as written, only the numeral's scale applies
        amount = text[q.amount_start : q.amount_end]
        m = _LEADING_NUMBER.match(amount)
        if m is None:
            return None
        try:
            return parse_numeral(m.group()), f"{amount[m.end() :]}/{q.per}"
        except NumeralError:
            return None
    return q.value, q.unit


def _amount(number: str, unit: str | None) -> tuple[Decimal, str] | None:
    """A cell's number in the row's unit: 6.5 with 亿吨 → 650000000 吨."""
    m = _CELL_NUMBER.fullmatch(number)
    if m is None:
        return None
    digits, rest = m.group("lo"), m.group("rest")
    try:
        if rest and not _MULTIPLIER.fullmatch(rest):
            # the cell has a unit of its own: 95%, 120万千瓦, 78岁
            own = _whole(number)
            if own is not None:
                return own
            return _as_written(parse_numeral(digits), rest)
        if unit:
            found = _whole(number + unit)
            if found is not None:
                return found
            return _as_written(parse_numeral(number), unit)
        return parse_numeral(number), ""
    except NumeralError:
        return None


def _as_written(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """A unit the quantity grammar does not read (岁, ‰, 个/万人), its multiplier applied."""
    head = _MULTIPLIER.match(unit)
    if head and head.end() < len(unit):
        try:
            return value * parse_numeral(head.group()), unit[head.end() :]
        except NumeralError:
            pass
    return value, unit


def _neat(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


# -- rows ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Table:
    header: _Header
    rows: list[list[_Cell]]
    end: int  # source offset after the last row


def _row_ok(row: list[_Cell], header: _Header) -> bool:
    """Cells fit the header's columns: a label of words, numbers or dashes in value
    columns, 预期性/约束性 in the attribute column."""
    if not _textual(row[header.label].text):
        return False
    for cell, col in zip(row, header.columns, strict=True):
        kind = col.kind
        if kind in (BASE, TARGET, INCREMENT):
            v = _read_cell(cell.text)
            if v.kind == ATTR or (v.kind == TEXT and len(cell.text) > _MAX_VALUE_TEXT):
                return False
        elif kind == ATTRIBUTE:
            if _read_cell(cell.text).kind not in (ATTR, EMPTY):
                return False
        elif kind == UNIT and (len(cell.text) > 10 or _read_cell(cell.text).kind == NUM):
            return False
    return True


def _numeric(row: list[_Cell], header: _Header) -> bool:
    return any(
        col.kind in (BASE, TARGET) and _read_cell(cell.text).kind == NUM
        for cell, col in zip(row, header.columns, strict=True)
    )


def _header_at(
    cells: list[_Cell], cols: list[_Column], lo: int, doc: Document, whole_row: bool
) -> tuple[_Header, int, int] | None:
    """The header whose first value column is the first one at or after cells[lo], with
    the index of its first and one past its last cell. In a row the header is the whole
    row; in a stream it runs from the label column to the last header-like cell."""
    first = next((i for i in range(lo, len(cols)) if cols[i].kind in _VALUE_KINDS), None)
    if first is None:
        return None
    label = _label_index(cols, lo, first)
    if label is None:
        return None
    start = label
    while start - 1 >= lo and cols[start - 1].kind in (SEQUENCE, GROUP):
        start -= 1
    if whole_row:
        if any(c.text for c in cells[lo:start]):
            return None
        end = len(cols)
    else:
        end = first
        while end < len(cols) and cols[end].kind in _HEADER_TAIL:
            end += 1
    head_cells = list(cells[start:end])
    head_cells[0] = _trim_lead(head_cells[0])
    if not head_cells[label - start].text:
        return None
    resolved = _resolve([_column(c.text) for c in head_cells], doc)
    if resolved is None:
        return None
    return _Header(resolved, label - start, head_cells), start, end


def _stream_tables(cells: list[_Cell], doc: Document) -> list[_Table]:
    """Tables in a stream of cells: after a header of N cells, rows of N cells."""
    cols = [_column(c.text) for c in cells]
    tables: list[_Table] = []
    p = 0
    while p < len(cells):
        found = _header_at(cells, cols, p, doc, whole_row=False)
        if found is None:
            first = next((i for i in range(p, len(cols)) if cols[i].kind in _VALUE_KINDS), None)
            if first is None:
                break
            p = first + 1
            continue
        header, _, r = found
        rows: list[list[_Cell]] = []
        while r < len(cells):
            fitted = _stream_row(cells, r, header)
            if fitted is None:
                break
            row, r = fitted
            rows.append(row)
        if sum(_numeric(row, header) for row in rows) >= 2:
            tables.append(_Table(header, rows, rows[-1][-1].end))
        p = max(p + 1, r)
    return tables


def _lead(header: _Header) -> int:
    """How many columns before the label are group or sequence columns (merged cells)."""
    k = 0
    while k < header.label and header.columns[k].kind in (GROUP, SEQUENCE):
        k += 1
    return k


def _stream_row(cells: list[_Cell], r: int, header: _Header) -> tuple[list[_Cell], int] | None:
    """The row that starts at cells[r] and where the next one starts. Tried in turn: N
    cells; fewer, where a merged group cell (经济发展) stands only in the group's first
    row; N after one extra cell, a group cell the header has no column for."""
    n = len(header.columns)
    row = cells[r : r + n]
    if len(row) == n and _row_ok(row, header):
        return row, r + n
    for k in range(1, _lead(header) + 1):
        pad = _Cell("", cells[r].start, cells[r].start)
        row = [pad] * k + cells[r : r + n - k]
        if len(row) == n and _row_ok(row, header):
            return row, r + n - k
    row = cells[r + 1 : r + 1 + n]
    if len(row) == n and _textual(cells[r].text) and _row_ok(row, header):
        return row, r + 1 + n
    return None


def _fit(cells: list[_Cell], header: _Header) -> list[_Cell] | None:
    """A line's cells as a row of the header's width, None if they do not fit. A label
    split by a stray space is joined; a row short of cells lacks its merged group cell
    (at the front) or cells after the last value column (at the end)."""
    n = len(header.columns)
    cells = list(cells)
    k = header.label
    while len(cells) > n and k + 1 < len(cells) and _textual(cells[k + 1].text):
        a, b = cells[k], cells[k + 1]
        cells[k : k + 2] = [_Cell(a.text + b.text, a.start, b.end)]
    while len(cells) > n and not cells[-1].text:
        cells.pop()
    if len(cells) == n:
        return cells if _row_ok(cells, header) else None
    if len(cells) > n:
        return None
    short = n - len(cells)
    if short <= _lead(header):
        start = cells[0].start
        row = [_Cell("", start, start)] * short + cells
        if _row_ok(row, header):
            return row
    if not any(c.kind in (BASE, TARGET) for c in header.columns[len(cells) :]):
        end = cells[-1].end
        row = cells + [_Cell("", end, end)] * short
        if _row_ok(row, header):
            return row
    return None


def _line_header(line: _Line, doc: Document) -> _Header | None:
    hint = _cues().value_hint  # a year, a plan period or a base or target word
    if line.kind != _ROW or not any(hint.search(c.text) for c in line.cells):
        return None
    found = _header_at(line.cells, [_column(c.text) for c in line.cells], 0, doc, True)
    return found[0] if found else None


def _row_follows(lines: list[_Line], k: int) -> bool:
    """Is the next line that is not blank (nor a Markdown rule) a row of cells?"""
    while k < len(lines) and lines[k].kind in (_BLANK, _RULE):
        k += 1
    return k < len(lines) and lines[k].kind == _ROW


def _line_tables(lines: list[_Line], doc: Document) -> list[_Table]:
    """Tables of one row per line."""
    tables: list[_Table] = []
    headers: dict[int, _Header | None] = {}

    def header_of(k: int) -> _Header | None:
        if k not in headers:
            headers[k] = _line_header(lines[k], doc)
        return headers[k]

    i = 0
    while i < len(lines):
        if lines[i].kind != _ROW or not _row_follows(lines, i + 1):
            i += 1
            continue
        header = header_of(i)
        if header is None:
            i += 1
            continue
        rows: list[list[_Cell]] = []
        j = i + 1
        end = 0
        while j < len(lines):
            nxt = lines[j]
            if nxt.kind in (_BLANK, _RULE):
                j += 1
                continue
            if nxt.kind != _ROW or header_of(j) is not None:
                break
            end = max(c.end for c in nxt.cells)
            row = _fit(nxt.cells, header)
            if row is None:
                if not any(_textual(c.text) for c in nxt.cells[: header.label + 1]):
                    break
                # a row that does not align (a reader dropped an empty cell): skipped,
                # the table goes on
                j += 1
                continue
            rows.append(row)
            j += 1
        if sum(_numeric(row, header) for row in rows) >= 2:
            tables.append(_Table(header, rows, end))
        i = max(i + 1, j)
    return tables


def _streams(lines: list[_Line], to_clean: Callable[[], _ToClean]) -> list[list[_Cell]]:
    """Runs of stream lines (cells ending with " |"). Blank lines inside them are skipped,
    and so are lines the cleaner dropped (a page number between two pages of a table)."""
    out: list[list[_Cell]] = []
    current: list[_Cell] = []
    for line in lines:
        if line.kind == _STREAM:
            current.extend(line.cells)
        elif line.kind == _BLANK:
            continue
        elif line.kind == _PLAIN and not current:
            continue  # nothing to end
        elif line.kind == _PLAIN and not any(map(to_clean().kept, line.prose_starts())):
            continue
        else:
            if current:
                out.append(current)
            current = []
    if current:
        out.append(current)
    return out


# -- statements ----------------------------------------------------------------------------------


def _label_unit(label: str) -> tuple[str, str | None]:
    """(indicator, unit) of a row label: 粮食综合生产能力(亿吨) → (粮食综合生产能力, 亿吨)."""
    m = _UNIT_IN_LABEL.search(label)
    unit = _unit_spec(m.group(1)) if m else None
    indicator = label[: m.start()].strip() if m and unit is not None else label
    indicator = _NUMBERING.sub("", indicator).strip()
    return indicator, unit


def _row_statements(row: list[_Cell], header: _Header, to_clean: _ToClean) -> list[Statement]:
    label_cell = row[header.label]
    label = _tidy(label_cell.text)
    indicator, unit = _label_unit(label)
    for cell, col in zip(row, header.columns, strict=True):
        if col.kind == UNIT and cell.text:
            unit = _unit_spec(cell.text) or unit
    shown = [label] + [cell.text for cell in row[header.label + 1 :]]
    out: list[Statement] = []
    for k, (cell, col) in enumerate(zip(row, header.columns, strict=True)):
        if col.kind not in (BASE, TARGET) or k <= header.label:
            continue
        v = _read_cell(cell.text)
        if v.kind != NUM:
            continue
        lo = _amount(v.lo, unit)
        hi = _amount(v.hi, unit) if v.hi is not None else None
        if lo is None or (v.hi is not None and (hi is None or hi[1] != lo[1] or hi[0] <= lo[0])):
            continue
        target = col.kind == TARGET
        comparator = v.comparator or (">=" if target else "=")
        if hi is not None:
            comparator = ">="
        out.append(
            Statement(
                kind=StatementKind.TARGET if target else StatementKind.BASELINE,
                scope=None,
                year=col.year,
                indicator=indicator,
                value=_neat(lo[0]),
                unit=lo[1],
                comparator=comparator,
                stretch=False,
                cumulative=False,
                part_of=None,
                text=" | ".join(shown[: k - header.label + 1]),
                start=to_clean.start(label_cell.start),
                end=to_clean.end(cell.end),
                value_high=_neat(hi[0]) if hi is not None else None,
                section="",
                cues={"rule": RULE, "kind": col.header},
            )
        )
    return out


def table_statements(doc: Document) -> tuple[list[Statement], list[tuple[int, int]]]:
    """Statements read from the indicator tables of `doc`, in text order, and the clean-text
    ranges (start, end) of those tables, for the sentence grammar to skip.

    `scope` is left None (the caller fills in the document's region or 中国); `section`
    is empty. Never raises on odd input: a table that does not read is no table.
    """
    lines = _source_lines(doc)
    if not any(line.kind in (_ROW, _STREAM) for line in lines):
        return [], []  # no row and no stream of cells: no table (most documents)
    built: list[_ToClean] = []

    def clean_map() -> _ToClean:
        if not built:
            built.append(_ToClean(doc))
        return built[0]

    tables = _line_tables(lines, doc)
    for stream in _streams(lines, clean_map):
        tables.extend(_stream_tables(stream, doc))
    if not tables:
        return [], []
    to_clean = clean_map()
    tables.sort(key=lambda t: t.header.cells[0].start)
    statements: list[Statement] = []
    ranges: list[tuple[int, int]] = []
    for table in tables:
        for row in table.rows:
            statements.extend(_row_statements(row, table.header, to_clean))
        start, end = to_clean.start(table.header.cells[0].start), to_clean.end(table.end)
        if end > start:
            ranges.append((start, end))
    statements.sort(key=lambda s: (s.start, s.end))
    return statements, ranges
