"""Statements: every quantified statement of a structured document, and what it is.

For each quantity (extract/quantities.py) in each sentence the grammar decides:
- kind: forecast after a forecast cue (预计, 有望 …); baseline after 截至, growth
  rates quoted with 同比, figures of a past year, figures in background sections;
  target under a deadline (到2025年 in the sentence, or the governing year of its
  section), in a plan's goal sections;
- year: the deadline, the observed year or the forecast year; a governing 到2025年
  carries over to later sentences of its section (a news body: the whole body, the
  title included) until another deadline is stated;
- scope: the nearest 全球 / 全国 / 我国 / province name before the figure, 全省 and
  the like resolve to the document's region, else the document's region;
- comparator, stretch (力争 … to the end of the sentence), cumulative (累计 over a
  list until a clause brings its own verb), part_of (其中 …), 分别为 distributions;
- indicator: the clause before the figure without cue words, else the noun after it.
Every statement keeps its provenance (offsets, section path) and its cues.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import tomllib
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from importlib import resources

from plantrack.extract.quantities import (
    NUMERAL,
    NumeralError,
    Quantity,
    find_quantities,
    parse_numeral,
)
from plantrack.extract.tables import table_statements
from plantrack.extract.years import YearMention, YearRole, find_years
from plantrack.model import (
    DocType,
    Document,
    Section,
    SectionKind,
    Span,
    Statement,
    StatementKind,
)
from plantrack.normalize.regions import RegionIndex, find_provinces

_CLAUSE_BREAK = re.compile(r"[，,；;：:。！？!?]")
_NOUN_END = re.compile(r"[，,；;：:。！？!?、（(]")
_OWN_VERB = re.compile(
    r"新建|建成|建设|推广|培育|引进|实现|形成|打造|完成|新增|布局|达到|突破|超过|增长|下降"
)
_BOOK = re.compile(r"《[^《》]*》|\[[^\[\]]*\]|【[^【】]*】")
_PER_UNIT = re.compile(r"每([^\d，。；、]{1,4})$")
_NUMERAL_AT_START = re.compile(NUMERAL)
_DURATION_AFTER_GE = ("工作日", "月", "小时", "季度", "交易日", "星期", "自然日", "年头")
_TIME_OF_DAY = ("上午", "下午", "晚上", "凌晨", "早上", "中午", "傍晚", "晚", "早")
_GROWTH_RATE = re.compile(
    r"(同比|环比|比上年|较上年|较去年|比去年|年均|平均)?(增长|增加|下降|减少|提高|降低|增速|增幅)(了)?(约|近|超过)?$"
)
_GROWTH_SUFFIX = re.compile(r"(同比|环比)?(增长率|降幅)$")
_YOY = re.compile(r"同比|环比|比上年|较上年|较去年|比去年|上年同期")
_PAST_GROWTH = re.compile(r"已|实现|完成")


@dataclass(frozen=True, slots=True)
class _Cues:
    forecast: Words
    not_forecast: Words
    baseline: Words
    stretch: Words
    not_stretch: tuple[str, ...]
    cumulative: Words
    part_of: Words
    distribution: Words
    reduction: Words
    to_level: Words
    scope: dict[str, str]
    default_scope: str
    local_scope: Words
    share_of: Words
    not_after_china: tuple[str, ...]
    forward: Words
    background: tuple[str, ...]
    goals: tuple[str, ...]
    leading: Words
    trailing: Words
    instrument: tuple[str, ...]
    not_words: dict[str, list[str]]
    goal_lead: Words
    decision: Words
    own_estimate: Words
    forecaster: Words
    decline: Words
    clause_stretch: Words
    issuance: Words
    company: Words
    stock_price: Words
    done: tuple[str, ...]
    furniture: Words
    ranking: tuple[str, ...]
    areas: tuple[str, ...]


class Words(tuple[str, ...]):
    """A cue list, longest word first, matched as words: a cue inside a longer word of the
    `not_words` table (要 in 主要, 目标 in 目标价, 计划 in 员工持股计划) is not a cue."""

    pattern: re.Pattern[str]
    leading: re.Pattern[str]
    trailing: re.Pattern[str]
    _scan: re.Pattern[str]
    _own: frozenset[str]
    _plain: bool

    def __new__(cls, words: list[str], not_words: dict[str, list[str]] | None = None) -> Words:
        self = super().__new__(cls, sorted(words, key=len, reverse=True))
        alternation = "|".join(re.escape(w) for w in self) or "(?!)"
        self.pattern = re.compile(alternation)
        self.leading = re.compile(f"^(?:{alternation})")
        self.trailing = re.compile(f"(?:{alternation})$")
        longer = {x for w in self for x in (not_words or {}).get(w, ()) if x not in self}
        # the longer words sit in the same alternation, tried first: leftmost-longest wins
        scan = sorted({*self, *longer}, key=len, reverse=True)
        self._scan = re.compile("|".join(re.escape(w) for w in scan) or "(?!)")
        self._own = frozenset(self)
        self._plain = not longer  # no longer word to step over: the plain pattern will do
        return self

    def finditer(
        self, text: str, start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """The cue words of `text` (matched as words, see the class)."""
        for m in self._scan.finditer(text, start, len(text) if end is None else end):
            if m.group() in self._own:
                yield m

    def last(self, text: str) -> re.Match[str] | None:
        """The last cue word of `text` (the scan itself runs in C)."""
        if self._plain:
            found = deque(self.pattern.finditer(text), maxlen=1)
            return found[0] if found else None
        for m in reversed(list(self._scan.finditer(text))):
            if m.group() in self._own:
                return m
        return None

    def search_in(self, text: str) -> str | None:
        """The first cue word of `text`, or None."""
        if self._plain:
            m = self.pattern.search(text)
            return m.group() if m else None
        return next((m.group() for m in self.finditer(text)), None)


@cache
def cues() -> _Cues:
    raw = tomllib.loads(
        resources.files("plantrack").joinpath("data/statement_cues.toml").read_text("utf-8")
    )
    k, mod, sc = raw["kind"], raw["modifier"], raw["scope"]
    not_words: dict[str, list[str]] = raw.get("not_words", {})

    def _longest_first(words: list[str]) -> Words:
        return Words(words, not_words)

    return _Cues(
        forecast=_longest_first(k["forecast"]),
        not_forecast=_longest_first(k["not_forecast"]),
        baseline=_longest_first(k["baseline"]),
        stretch=_longest_first(mod["stretch"]),
        not_stretch=tuple(mod["not_stretch"]),
        cumulative=_longest_first(mod["cumulative"]),
        part_of=_longest_first(mod["part_of"]),
        distribution=_longest_first(mod["distribution"]),
        reduction=_longest_first(mod["reduction"]),
        to_level=_longest_first(mod["to_level"]),
        scope={w: name for name, words in sc["names"].items() for w in words},
        default_scope=sc["default"],
        local_scope=_longest_first(sc["local"]),
        share_of=_longest_first(sc["share_of"]),
        not_after_china=tuple(sc["not_after_china"]),
        forward=_longest_first(raw["section"]["forward"]),
        background=tuple(raw["section"]["background"]),
        goals=tuple(raw["section"]["goals"]),
        leading=_longest_first(raw["indicator"]["leading"]),
        trailing=_longest_first(raw["indicator"]["trailing"]),
        instrument=tuple(raw["skip"]["instrument"]),
        not_words=not_words,
        goal_lead=_longest_first(k["goal_lead"]),
        decision=_longest_first(k["decision"]),
        own_estimate=_longest_first(k["own_estimate"]),
        forecaster=_longest_first(k["forecaster"]),
        decline=_longest_first(mod["decline"]),
        clause_stretch=_longest_first(mod["clause_stretch"]),
        issuance=_longest_first(k["issuance"]),
        company=_longest_first(k["company"]),
        stock_price=_longest_first(raw["skip"]["stock_price"]),
        done=tuple(k["done"]),
        furniture=_longest_first(raw["skip"]["furniture"]),
        ranking=tuple(sc["ranking"]),
        areas=tuple(sc["areas"]),
    )


def _last_pos(text: str, words: Words) -> tuple[int, str | None]:
    """Position just after the last occurrence of any word, and the word (-1, None if none)."""
    found = words.last(text)
    return (found.end(), found.group()) if found else (-1, None)


def _stretch_cue(text: str) -> str | None:
    """The hedge (力争, 努力 …) before a figure, unless it tells of effort spent."""
    pos, word = _last_pos(text, cues().stretch)
    if word is None:
        return None
    window = text[max(0, pos - len(word) - 4) : pos + 4]
    if any(ns in window for ns in cues().not_stretch):
        return None
    return word


def _forecast_cue(text: str) -> tuple[int, str | None]:
    pos, word = _last_pos(text, cues().forecast)
    if word is None:
        return -1, None
    window = text[max(0, pos - len(word) - 2) : pos + 4]
    if any(nf in window for nf in cues().not_forecast):
        return -1, None
    return pos, word


# -- context ------------------------------------------------------------------------------


@dataclass(slots=True)
class _Context:
    doc: Document
    region: str | None
    published_year: int | None
    reference_year: int | None  # years before it describe the past
    governing: dict[int, tuple[int, str]] = field(default_factory=dict)  # id(section) → year
    as_of: tuple[int, YearMention] | None = None  # (paragraph start, 截至… year) for baselines
    paragraph_start: int = 0
    statements: list[Statement] = field(default_factory=list)
    report_year: int | None = None  # the year whose goals a work report sets
    passage: tuple[int, int] | None = None  # (section key, year) a statistics passage is about
    table_ranges: list[tuple[int, int]] = field(default_factory=list)  # read as tables
    previous: list[Statement] = field(default_factory=list)  # of the last sentence with any
    previous_paragraph: int = -1
    _regions: RegionIndex | None = None

    def region_index(self) -> RegionIndex:
        if self._regions is None:
            self._regions = RegionIndex(self.doc.text)
        return self._regions

    goal: tuple[int, int | None, str] | None = None  # (paragraph start, year, lead) of a goal list


def _reference_year(doc: Document) -> int | None:
    published = doc.meta.published
    if isinstance(published, datetime | date):
        return published.year
    return doc.meta.period_start


def _section_titles(path: list[Section]) -> str:
    return " ".join(s.title for s in path)


def _is_background(ctx: _Context, path: list[Section]) -> bool:
    """A section about the present or the past: 发展现状, 工作回顾, or one whose title names a
    year before the document's (2008年工作回顾 in a report of 2009)."""
    year = _section_year(path)
    if year is not None and _is_past(ctx, year):
        return True
    titles = _section_titles(path)
    return any(w in titles for w in cues().background) and not any(
        w in (path[-1].title if path else "") for w in cues().goals
    )


def _section_year(path: list[Section]) -> int | None:
    """The year the innermost section titled with one is about (一、2008年工作回顾)."""
    for sec in reversed(path):
        m = _TITLE_YEAR.search(sec.title)
        if m:
            return int(m.group(1))
    return None


def _is_goal_section(path: list[Section]) -> bool:
    titles = _section_titles(path)
    return any(w in titles for w in cues().goals)


def _governing_year(ctx: _Context, path: list[Section]) -> tuple[int, str] | None:
    """The deadline set earlier in the innermost section that has one (not crossing into a
    related item of a news post, which is a separate story)."""
    chain: list[Section] = [ctx.doc.root, *path]
    for sec in reversed(chain):
        if id(sec) in ctx.governing:
            return ctx.governing[id(sec)]
        if sec.kind is SectionKind.RELATED:
            return None
    return None


# -- the grammar ----------------------------------------------------------------------------


_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年(?!\s*[—–\-~～至到])")
# A title year of a review looks back: its figures are facts of that year.
_REVIEW_TITLE = re.compile(r"总结|回顾|公报|统计|年报|运行情况|完成情况")


def extract_statements(doc: Document) -> list[Statement]:
    """Every quantified statement of `doc`, repeated ones merged (see `mentions`)."""
    published = doc.meta.published
    published_year = published.year if isinstance(published, datetime | date) else None
    reference_year = _reference_year(doc)
    title_year = None
    if doc.meta.doc_type is not DocType.NEWS and doc.meta.period_end is None:
        m = _TITLE_YEAR.search(doc.meta.title)
        title_year = int(m.group(1)) if m else None
    if title_year is not None:
        # 贵州省2024年中小企业发展工作要点: 全年/今年 mean 2024, its figures are 2024's goals;
        # 2023年工作总结: its figures are facts of 2023
        published_year = published_year or title_year
        review = bool(_REVIEW_TITLE.search(doc.meta.title))
        reference_year = reference_year or (title_year + 1 if review else title_year)
    if reference_year is None and doc.meta.doc_type in (DocType.PLAN, DocType.OPINION):
        # an undated plan for “十四五”… is written at the start of that plan's period
        reference_year = _plan_start(doc)
    ctx = _Context(
        doc=doc,
        region=doc.meta.region or _plan_area(doc),
        published_year=published_year,
        reference_year=reference_year,
        report_year=_report_year(doc, title_year, published_year),
    )
    tables, ctx.table_ranges = table_statements(doc)
    for st in tables:
        st.scope = ctx.region or cues().default_scope
    ctx.statements.extend(tables)
    paragraph_starts = [p.start for p in doc.clean.paragraphs]
    for sentence in doc.sentences:
        i = bisect.bisect_right(paragraph_starts, sentence.start) - 1
        ctx.paragraph_start = paragraph_starts[i] if i >= 0 else 0
        for item in _items(doc.text, sentence):
            _sentence(ctx, item)
    return merge_repeats(ctx.statements, _headline_end(doc))


def _plan_area(doc: Document) -> str | None:
    """A plan area the headline names (长江三角洲区域一体化发展规划纲要): the scope of a
    document that names no administrative region."""
    head = doc.meta.title + " " + doc.text[: _headline_end(doc) or 200]
    pattern, table = _scope_pattern()
    areas = set(cues().areas)
    for m in pattern.finditer(head):
        name = table[m.group()]
        if name in areas:
            return name
    return None


def _report_year(doc: Document, title_year: int | None, published_year: int | None) -> int | None:
    """The year whose goals a work report or an annual plan sets."""
    inferred: int | None = getattr(doc.meta, "report_year", None)
    if inferred is not None:
        return inferred
    if doc.meta.doc_type is DocType.REPORT:
        return title_year or published_year
    return None


# A bullet or a citation marker between items of a summary line (…创下新纪录 [1] - 该用电量…):
# each item is a sentence of its own for the grammar's cues.
_ITEM_BREAK = re.compile(r"\s(?:\[\d{1,2}\]\s*)?[-•●▲■◆]\s|(?<=\S)\s\[\d{1,2}\]\s*(?=\S)|[●•▲■◆]")


_LIST_BEFORE = re.compile(r"(?<![第\d.])((?:\d+(?:\.\d+)?、)+)$")
_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _shared_unit_lists(text: str, quantities: list[Quantity]) -> list[Quantity]:
    """3、5、8亿元 and 加息25、50、75个基点: the unit written once at the end of a list is
    every item's (one record per item, SCHEMA convention 16)."""
    out: list[Quantity] = []
    for q in quantities:
        m = _LIST_BEFORE.search(text, 0, q.number_start)
        last = _LEADING_NUMBER.match(text, q.number_start)
        if m and last and Decimal(last.group()) != 0 and not q.scale:
            factor = q.value / Decimal(last.group())
            pos = m.start()
            for item in m.group(1).rstrip("、").split("、"):
                end = pos + len(item)
                out.append(
                    dataclasses.replace(
                        q,
                        start=pos,
                        end=end,
                        text=item,
                        value=Decimal(item) * factor,
                        high=None,
                        comparator=None,
                        cue=None,
                        number_start=pos,
                        amount_start=pos,
                        amount_end=end,
                    )
                )
                pos = end + 1
        out.append(q)
    return out


# A "sentence" longer than this (a page without full stops) is read in pieces cut at a
# clause break, so that the work per figure stays bounded and time grows with the text.
_LONGEST_ITEM = 1500
_CLAUSE_END = re.compile(r"[，,；;、：:\s]")


def _items(text: str, span: Span) -> list[Span]:
    """A sentence cut at its bullets and citation markers (and, when very long, at clause
    breaks)."""
    items: list[Span] = []
    start = span.start
    for m in _ITEM_BREAK.finditer(text, span.start, span.end):
        if m.start() > start:
            items.extend(_bounded(text, start, m.start()))
        start = m.end()
    if start < span.end:
        items.extend(_bounded(text, start, span.end))
    return items or [span]


def _bounded(text: str, start: int, end: int) -> list[Span]:
    pieces: list[Span] = []
    while end - start > _LONGEST_ITEM:
        limit = start + _LONGEST_ITEM
        cut = None
        for m in _CLAUSE_END.finditer(text, limit - 300, limit):
            cut = m.end()
        if cut is None:  # no break at all: cut where no figure is split
            cut = limit
            while cut > start + 1 and text[cut - 1].isalnum() and text[cut].isalnum():
                cut -= 1
            cut = cut if cut > start + 1 else limit
        pieces.append(Span(start, cut))
        start = cut
    pieces.append(Span(start, end))
    return pieces


def _sentence(ctx: _Context, span: Span) -> None:
    text = ctx.doc.text[span.start : span.end]
    path = ctx.doc.section_path(span.start)
    owner = path[-1] if path else ctx.doc.root
    years = find_years(text, ctx.published_year)
    masked = _BOOK.sub(lambda m: "\0" * len(m.group()), text)
    quantities = [
        q
        for q in find_quantities(text)
        if "\0" not in masked[q.number_start : q.end] or "[" in q.text
    ]
    if ctx.table_ranges:
        # figures inside an indicator table were read by extract/tables.py
        quantities = [
            q
            for q in quantities
            if not any(a <= span.start + q.number_start < b for a, b in ctx.table_ranges)
        ]
    quantities = _shared_unit_lists(text, quantities)
    year_spans = [(y.start, y.end) for y in years]
    quantities = [q for q in quantities if not any(s <= q.number_start < e for s, e in year_spans)]

    places = place_words(ctx, text, span.start) if quantities else []
    inherited = _governing_year(ctx, path)
    if inherited is None and ctx.doc.meta.period_end and ctx.doc.meta.doc_type is not DocType.NEWS:
        meta = ctx.doc.meta
        inherited = (meta.period_end, f"plan period {meta.period_start}—{meta.period_end}")
    sentence_statements: list[Statement] = []
    for q in quantities:
        st = _statement(
            ctx, text, span.start, q, years, inherited, path, sentence_statements, places
        )
        if st is not None:
            sentence_statements.append(st)
    _apply_distributions(text, span.start, sentence_statements)
    for earlier, st in itertools.pairwise(sentence_statements):
        if not st.indicator and st.unit == earlier.unit:
            st.indicator = earlier.indicator  # 3、5、8亿元: the items of one list
    ctx.statements.extend(sentence_statements)
    if ctx.previous_paragraph != ctx.paragraph_start:
        ctx.previous, ctx.previous_paragraph = [], ctx.paragraph_start
    if sentence_statements:
        ctx.previous = sentence_statements

    # 截至2021年底 dates the baselines of the rest of its paragraph.
    as_of = [y for y in years if y.role is YearRole.AS_OF]
    if as_of:
        ctx.as_of = (ctx.paragraph_start, as_of[-1])
    # a goal list's lead carries its items to the end of the paragraph
    goal_pos, goal_word = _last_pos(text, cues().goal_lead)
    if goal_word is not None:
        dated = [y for y in years if y.role is not YearRole.BASE]
        year = _goal_year(ctx, dated, goal_pos, inherited, {})
        ctx.goal = (ctx.paragraph_start, year, goal_word)
    # 2021年，全国共有…: a statistics passage about one year dates the facts after it
    topics = [
        y
        for y in years
        if y.role is YearRole.PLAIN
        and text.startswith(("，", ",", "，", "年，", "底，", "末，"), y.end)
        and not _is_future(ctx, y.year)
    ]
    if topics:
        ctx.passage = (id(owner) if path else id(ctx.doc.root), topics[-1].year)

    # A deadline stated here governs the rest of the section.
    deadlines = [y for y in years if y.role is YearRole.DEADLINE]
    if deadlines:
        ctx.governing[id(owner) if path else id(ctx.doc.root)] = (
            deadlines[-1].year,
            deadlines[-1].text,
        )


def _statement(
    ctx: _Context,
    text: str,
    offset: int,
    q: Quantity,
    years: list[YearMention],
    inherited: tuple[int, str] | None,
    path: list[Section],
    earlier: list[Statement],
    places: list[tuple[int, int, str | None]],
) -> Statement | None:
    c = cues()
    before = text[: q.start]
    tail = text[q.end : q.end + 6]
    if q.scale and earlier and offset + q.start - earlier[-1].end <= 1:
        return None  # 3个千亿级产业集群: the scale describes what is counted
    if q.unit == "个" and tail.startswith(_DURATION_AFTER_GE):
        return None  # 15个工作日, 3个月: a duration
    if q.unit == "点" and before.endswith(_TIME_OF_DAY):
        return None  # 下午3点: a time
    clause_start = _clause_start(text, q, earlier, offset)
    clause = text[clause_start : q.start]
    rest_of_clause = _CLAUSE_BREAK.split(text[q.end :], maxsplit=1)[0]
    if q.kind == "money" and any(w in clause or w in rest_of_clause for w in c.instrument):
        return None  # 按照每千瓦200元给予建设补贴: a policy instrument, not an outcome
    if c.furniture.search_in(clause) or c.furniture.search_in(rest_of_clause):
        return None  # 点击查看全文(剩余0%): page furniture
    if c.stock_price.search_in(clause) or c.stock_price.search_in(rest_of_clause):
        return None  # 目标价32.5元, 股价报18.6元: one stock's price is never a statement
    unit, value = q.unit, q.value
    per = _PER_UNIT.search(before)
    high = q.high
    annual = q.per == "年" and q.kind not in ("share",)
    if annual:
        pass  # 30万吨/年: an annual capacity is 吨, with 年产能 in the indicator (SCHEMA 14)
    elif q.per and q.rate_value is not None and q.rate_unit:
        # 9.8万元/吨, 35微克/立方米, 350瓦时/公斤: a price, a density, an intensity keeps
        # its unit as written; only the numeral's scale applies
        unit, value = q.rate_unit, q.rate_value
        if high is not None and q.value:
            high = high * q.rate_value / q.value
    elif q.per:
        unit, value = _rate_as_written(text, q)
    elif per and per.group(1):
        pass  # 每桶87.4美元: 87.4 美元, the measure (每桶) stays in the indicator (SCHEMA 25)
    elif text[q.end : q.end + 1] in ("/", "／"):
        return None  # a rate whose denominator the parser did not read
    why: dict[str, str] = {}

    growth = (
        _GROWTH_RATE.search(clause.rstrip())
        if q.unit in ("%", "百分点", "个百分点", "倍")
        else None
    )
    yoy = bool(_YOY.search(clause))

    hedge = _stretch_cue(before)
    kind, year = _decide(ctx, q, years, inherited, path, before, clause, why, hedge)
    weak = why["rule"] in ("fact-by-default", "plain-year")
    follows_target = bool(earlier) and earlier[-1].kind is StatementKind.TARGET
    own_baseline_cue = _last_pos(clause, c.baseline)[1] is not None
    if follows_target and kind is not StatementKind.TARGET and weak and not own_baseline_cue:
        # a list under one governing verb: 计划新建充电桩5000个、换电站20座
        kind, year = StatementKind.TARGET, earlier[-1].year
        why["kind"] = f"list after {earlier[-1].text}"
        why["rule"] = "list-continuation"

    if (
        kind is StatementKind.BASELINE
        and year is None
        and ctx.as_of is not None
        and ctx.as_of[0] == ctx.paragraph_start
    ):
        year = ctx.as_of[1].year
        why["year"] = f"paragraph {ctx.as_of[1].text}"
    if kind is StatementKind.BASELINE and year is None and not _PRESENT.search(before):
        year = _passage_year(ctx, path)
        if year is not None:
            why["year"] = "the passage's year"
    if kind is StatementKind.FORECAST and year is None and inherited is not None:
        year = inherited[0]  # a plan's expected effects: by the end of its period
        why["year"] = f"governing {inherited[1]}"

    stretch_word = hedge or c.clause_stretch.search_in(clause)
    stretch = kind is StatementKind.TARGET and stretch_word is not None
    if stretch:
        why["stretch"] = stretch_word  # type: ignore[assignment]

    cumulative = _cumulative(clause, q, earlier) if q.kind not in ("share",) else False
    if cumulative:
        why["cumulative"] = "累计"

    part_pos, _ = _last_pos(before, c.part_of)
    part_of: str | None = None
    if part_pos >= 0 and not growth and q.kind != "share":
        # a breakdown of amounts that add up; a share (占…的85%) or a growth rate under 其中
        # is not one (SCHEMA 18)
        candidates = list(earlier)
        opens = part_pos <= 4 and text[part_pos : part_pos + 1] in ("，", ",", "：", ":")
        if opens and not any(s.start - offset < part_pos for s in earlier):
            candidates = ctx.previous  # …完成1518亿元，增长25%；其中，一般预算收入…
        parents = [
            s
            for s in candidates
            if s.start - offset < part_pos and s.part_of is None and s.unit == q.unit
        ]
        if parents:
            part_of = parents[-1].indicator
            why["part_of"] = "其中"

    indicator, phrase_start, phrase_end = _indicator(text, clause_start, q)
    reduction = c.reduction.search_in(clause[-6:]) is not None
    rate = "环比增长率" if "环比" in clause else "同比增长率" if yoy else "增长率"
    if growth and not indicator:
        # 同比增长7.5%, 环比增长11.4%: the growth of the figure stated just before
        base = _GROWTH_SUFFIX.sub("", earlier[-1].indicator) if earlier else ""
        indicator = base + ("降幅" if reduction else rate)
    elif growth and not indicator.endswith(("率", "速", "幅")):
        indicator += "降幅" if reduction else rate
    elif reduction and not indicator.endswith("降幅"):
        indicator += "降幅"

    if annual and "年" not in indicator:
        has_capacity = "产能" in indicator
        indicator = indicator.replace("产能", "年产能") if has_capacity else indicator + "年产能"
    comparator = _comparator(kind, q, clause, why)
    if kind is not StatementKind.TARGET and _falls(clause):
        # 下跌3.17美元, 同比下降8.4%: a fall is negative in a fact or a forecast
        value = -value
        comparator = _FLIPPED.get(comparator, comparator)
        why["sign"] = "decline"
    scope = _scope(ctx, places, q.start)
    return Statement(
        kind=kind,
        scope=scope,
        year=year,
        indicator=indicator,
        value=value,
        unit=unit,
        comparator=comparator,
        stretch=stretch,
        cumulative=cumulative,
        part_of=part_of,
        text=text[phrase_start:phrase_end],
        start=offset + phrase_start,
        end=offset + phrase_end,
        value_high=high,
        section=" › ".join(s.label for s in path),
        cues=why,
    )


def _decide(
    ctx: _Context,
    q: Quantity,
    years: list[YearMention],
    inherited: tuple[int, str] | None,
    path: list[Section],
    before: str,
    clause: str,
    why: dict[str, str],
    hedge: str | None,
) -> tuple[StatementKind, int | None]:
    """Kind and year of a figure: the first of the named rules (data/statement_rules.toml
    lists them with their cases) that applies. `why` records the rule and its cue; `hedge`
    is the 力争 … before the figure, if any."""
    c = cues()
    dated = [y for y in years if y.end <= q.number_start and y.role is not YearRole.BASE]
    last = dated[-1] if dated else None
    section_year = _section_year(path)
    if last is not None and last.role is YearRole.RELATIVE and section_year is not None:
        # 全年 in a section on 2008年工作回顾 means 2008, not the report's year
        last = YearMention(last.start, last.end, section_year, YearRole.PLAIN, last.text)
    year: int | None
    fc_pos, fc_word = _forecast_cue(before)
    bl_pos, bl_word = _last_pos(before, c.baseline)
    # 同比/环比 compare with a past period whatever the tense: they do not undo 预计
    tense_pos = _last_pos(_YOY.sub(lambda m: "\0" * len(m.group()), before), c.baseline)[0]
    forward = hedge or _last_pos(clause, c.forward)[1]
    growth = q.unit in ("%", "百分点", "个百分点", "倍") and _GROWTH_RATE.search(clause.rstrip())
    background = _is_background(ctx, path)
    doc_type = ctx.doc.meta.doc_type
    goal_pos, goal_word = _last_pos(before, c.goal_lead)

    def rule(
        name: str, kind: StatementKind, year: int | None, cue: str
    ) -> tuple[StatementKind, int | None]:
        why["rule"] = name
        why["kind"] = cue
        return kind, year

    _, issued = _last_pos(before, c.issuance)
    if issued is not None and (q.kind == "money" or q.unit in ("股", "倍")):
        return rule("issued-amount", StatementKind.BASELINE, last.year if last else None, issued)
    _, decision = _last_pos(before, c.decision)
    if decision is not None and (q.unit == "基点" or q.kind == "share" or q.unit == "%"):
        # 上调50个基点至4.25%-4.5%, 目标区间: a decision in force is a fact
        year = last.year if last is not None else ctx.published_year
        if year is not None:
            why["year"] = last.text if last is not None else "publication date"
        return rule("decision-in-force", StatementKind.BASELINE, year, decision)
    if fc_word is not None and fc_pos > tense_pos and fc_pos > goal_pos:
        year = _forecast_year(years, q, last)
        if year is None:
            year = _passage_year(ctx, path)
        if year is not None:
            why["year"] = "forecast year"
        own = fc_word in c.own_estimate and not c.forecaster.search_in(before)
        if year is not None and own and _is_past(ctx, year):
            # 预计全年增长10% in a report on that year, written after it ended
            return rule("estimate-of-ended-year", StatementKind.BASELINE, year, fc_word)
        speaker = before[max(0, fc_pos - len(fc_word) - 6) : fc_pos - len(fc_word)]
        current = year is None or not _is_future(ctx, year)
        if own and current and c.company.search_in(speaker):
            # 公司预计年末存款余额为5000亿元: a company's estimate of its own present figures
            return rule("company-estimate", StatementKind.BASELINE, year, fc_word)
        return rule("forecast-cue", StatementKind.FORECAST, year, fc_word)
    if goal_word is not None and goal_pos > bl_pos:
        # 今年发展主要预期目标是：…增长5%左右；… every item is a target of that year
        year = _goal_year(ctx, dated, goal_pos, inherited, why)
        return rule("goal-list", StatementKind.TARGET, year, goal_word)
    carried = ctx.goal if ctx.goal is not None and ctx.goal[0] == ctx.paragraph_start else None
    if carried is not None and bl_word is None and last is None and fc_word is None:
        # the items of a goal list go on after its first ；or 。 to the end of the paragraph
        if carried[1] is not None:
            why["year"] = f"goal list {carried[2]}"
        return rule("goal-list", StatementKind.TARGET, carried[1], carried[2])
    # 力争实现销量3230万辆，较上年增长3%: a comparison inside a hedged goal is part of the goal
    hedged_goal = hedge is not None
    if growth and _YOY.search(clause) and not hedged_goal:
        year = None
        if last is not None and last.role is not YearRole.DEADLINE:
            why["year"] = last.text
            year = last.year
        return rule("growth-on-last-year", StatementKind.BASELINE, year, "同比")
    if last is not None:
        why["year"] = last.text
        if last.role is YearRole.AS_OF:
            return rule("as-of-date", StatementKind.BASELINE, last.year, last.text)
        if last.role is YearRole.DEADLINE:
            if bl_word in c.done and bl_pos > last.end and doc_type is not DocType.PLAN:
                # “十四五”以来…占全球比重已接近30%: what has been reached by then
                return rule("fact-cue", StatementKind.BASELINE, last.year, bl_word)
            if _is_past(ctx, last.year) and not _is_goal_section(path):
                # 到2020年底 in a post of 2021: an observation, not a deadline
                return rule("ended-deadline", StatementKind.BASELINE, last.year, last.text)
            return rule("deadline", StatementKind.TARGET, last.year, last.text)
        if last.role is YearRole.FORECAST:
            if _is_past(ctx, last.year):
                return rule("estimate-of-ended-year", StatementKind.BASELINE, last.year, last.text)
            return rule("forecast-cue", StatementKind.FORECAST, last.year, last.text)
        if _is_past(ctx, last.year):
            return rule("past-year", StatementKind.BASELINE, last.year, f"past year {last.text}")
        comparison = bl_word is not None and _YOY.fullmatch(bl_word) is not None
        if bl_word is not None and bl_pos > last.end and not (hedged_goal and comparison):
            return rule("fact-cue", StatementKind.BASELINE, last.year, bl_word)
        lead = _last_pos(text_before_year(before, last), c.forward)[1]
        if forward is not None or lead is not None:
            # 力争2026年…, 展望2035年，…达到80岁以上: the commitment words around the year
            return rule(
                "commitment-with-year", StatementKind.TARGET, last.year, forward or lead or ""
            )
        future_plan = (
            doc_type in (DocType.PLAN, DocType.OPINION, DocType.NOTICE, DocType.REPORT)
            and ctx.reference_year is not None
            and not background
        ) or (_is_future(ctx, last.year) and not background)
        if future_plan or (ctx.reference_year is None and _MILESTONE.match(before)):
            # 2026年——推广燃料电池汽车2000辆: a plan's milestone year
            return rule("future-year", StatementKind.TARGET, last.year, f"future year {last.text}")
        return rule("plain-year", StatementKind.BASELINE, last.year, last.text)
    if bl_word is not None:
        return rule("fact-cue", StatementKind.BASELINE, None, bl_word)
    if not background and (forward is not None or inherited is not None):
        cue = forward or f"governing {inherited[1]}"  # type: ignore[index]
        if inherited is not None:
            why["year"] = f"governing {inherited[1]}"
            if _is_past(ctx, inherited[0]) and not _is_goal_section(path):
                return rule("ended-deadline", StatementKind.BASELINE, inherited[0], cue)
            return rule("governing-deadline", StatementKind.TARGET, inherited[0], cue)
        if doc_type is DocType.REPORT and ctx.report_year is not None:
            why["year"] = "the report's year"
            return rule("commitment", StatementKind.TARGET, ctx.report_year, cue)
        return rule("commitment", StatementKind.TARGET, None, cue)
    if doc_type is DocType.REPORT and ctx.report_year is not None and not background:
        why["year"] = "the report's year"
        return rule("report-year", StatementKind.TARGET, ctx.report_year, "the report's year")
    if background or doc_type is DocType.NEWS:
        return rule(
            "fact-by-default", StatementKind.BASELINE, None, "background" if background else "news"
        )
    if _is_goal_section(path):
        return rule("goal-section", StatementKind.TARGET, None, "goal section")
    return rule("fact-by-default", StatementKind.BASELINE, None, "no deadline")


def _goal_year(
    ctx: _Context,
    dated: list[YearMention],
    goal_pos: int,
    inherited: tuple[int, str] | None,
    why: dict[str, str],
) -> int | None:
    """The year of a goal list: stated before its lead (2009年…主要预期目标), else the
    report's year, else the governing deadline."""
    lead = dated  # 2009年…的主要预期目标：…, or 目标为，2021~2030年，…
    if lead:
        why["year"] = lead[-1].text
        return lead[-1].year
    year = ctx.report_year or (inherited[0] if inherited else None)
    if year is not None:
        why["year"] = "the report's year" if ctx.report_year else f"governing {inherited[1]}"  # type: ignore[index]
    return year


_MILESTONE = re.compile(r"^\s*(?:(?:19|20)\d{2})\s*年\s*[—–\-:：]+")


def text_before_year(before: str, year: YearMention) -> str:
    """The few characters just before a year expression (展望 in 展望2035年)."""
    return before[max(0, year.start - 3) : year.start]


_FIVE_YEAR_PLAN = re.compile(r"十([一二三四五六])五")
_PLAN_ENDS = {"一": 2010, "二": 2015, "三": 2020, "四": 2025, "五": 2030, "六": 2035}


def _plan_start(doc: Document) -> int | None:
    """The first year of the latest five-year plan a document's title or opening names."""
    head = doc.meta.title + " " + doc.text[:300]
    ends = [_PLAN_ENDS[m.group(1)] for m in _FIVE_YEAR_PLAN.finditer(head)]
    return max(ends) - 4 if ends else None


def _passage_year(ctx: _Context, path: list[Section]) -> int | None:
    """The year the passage around a figure is about (2021年，… opening a paragraph or an
    item; a section titled 2008年工作回顾), for facts that state no year of their own."""
    if ctx.passage is not None and ctx.passage[0] == _section_key(ctx, path):
        return ctx.passage[1]
    return _section_year(path)


def _section_key(ctx: _Context, path: list[Section]) -> int:
    owner = path[-1] if path else ctx.doc.root
    return id(owner)


_PRESENT = re.compile(r"目前|当前|现有|现已|截至目前")
_FLIPPED = {">=": "<=", ">": "<", "<=": ">=", "<": ">"}
_FALL_TAIL = re.compile(r"(?:了|约|近|超过|超|逾|达|幅?为|幅?达到?)*$")


def _falls(clause: str) -> bool:
    """Whether the figure after `clause` is the size of a fall (下跌了约62%, 减缓0.2个百分点),
    not a level it falls to (降至3%)."""
    head = _FALL_TAIL.sub("", clause.rstrip())
    if cues().to_level.trailing.search(clause.rstrip()) or head.endswith(("至", "到")):
        return False
    m = cues().decline.trailing.search(head)
    return m is not None and cues().decline.search_in(head[m.start() - 2 :]) is not None


def _rate_as_written(text: str, q: Quantity) -> tuple[str, Decimal]:
    amount = text[q.amount_start : q.amount_end]
    m = _NUMERAL_AT_START.match(amount)
    if m and m.end() < len(amount):
        try:
            return f"{amount[m.end() :]}/{q.per}", parse_numeral(m.group())
        except NumeralError:
            pass
    return f"{q.unit}/{q.per}", q.value


def _is_past(ctx: _Context, year: int) -> bool:
    return ctx.reference_year is not None and year < ctx.reference_year


def _is_future(ctx: _Context, year: int) -> bool:
    return ctx.reference_year is not None and year > ctx.reference_year


def _forecast_year(years: list[YearMention], q: Quantity, last: YearMention | None) -> int | None:
    if last is not None:
        return last.year
    after = [y for y in years if y.start >= q.end]
    return after[0].year if after else None


def _clause_start(text: str, q: Quantity, earlier: list[Statement], offset: int) -> int:
    start = 0
    for m in _CLAUSE_BREAK.finditer(text, 0, q.start):
        start = m.end()
    for s in earlier:
        if s.end - offset <= q.start:
            start = max(start, s.end - offset)
    while start < q.start and text[start] in "、，,；;：: ":
        start += 1
    return start


def _cumulative(clause: str, q: Quantity, earlier: list[Statement]) -> bool:
    if cues().cumulative.search_in(clause) is not None:
        return True
    # a list under one 累计: 累计建成充电桩2.5万个，换电站20座 (but not …，新建加氢站5座)
    return bool(earlier) and earlier[-1].cumulative and not _OWN_VERB.search(clause)


def _comparator(kind: StatementKind, q: Quantity, clause: str, why: dict[str, str]) -> str:
    if q.comparator is not None:
        why["comparator"] = q.cue or ""
        return q.comparator
    tail = clause.rstrip()[-4:]
    for w in cues().to_level:
        if tail.endswith(w):
            why["comparator"] = w
            return "<=" if kind is StatementKind.TARGET else "="
    return ">=" if kind is StatementKind.TARGET else "="


@cache
def _scope_pattern() -> tuple[Words, dict[str, str | None]]:
    """One pattern for every place word; the map gives its scope (None: the region)."""
    c = cues()
    table: dict[str, str | None] = {w: name for w, name in c.scope.items()}
    table.update({w: None for w in c.local_scope})
    return Words(list(table), c.not_words), table


def place_words(ctx: _Context, text: str, offset: int) -> list[tuple[int, int, str | None]]:
    """Every place word of a sentence (at `offset` in the document) that can be a figure's
    subject: (start, end, scope). Found once per sentence; `_scope` picks the nearest one
    before each figure. City and county names come from one automaton pass over the
    whole document (regions.RegionIndex), made the first time a sentence needs it."""
    c = cues()
    pattern, table = _scope_pattern()
    places: list[tuple[int, int, str | None]] = []
    for m in pattern.finditer(text):
        word = m.group()
        if word == "中国" and text.startswith(c.not_after_china, m.end()):
            continue  # 中国一汽 is a company
        name = table[word]
        places.append((m.start(), m.end(), ctx.region if name is None else name))
    places += [(i, i + len(p.short), p.name) for p, i in find_provinces(text)]
    # cities and counties named as the subject (深圳新能源汽车产量…), not in a list (哈尔滨、大庆等)
    places += [
        (start, end, region.name)
        for region, start, end in ctx.region_index().find_regions(
            offset, offset + len(text), within=ctx.region
        )
        if region.level != "province" and not text.startswith(("等", "、", "和", "及"), end)
    ]
    return [
        p
        for p in places
        if not text[: p[0]].endswith(c.share_of)  # 占世界总储量的45%
        and not text.startswith(c.ranking, p[1])  # 全球最高电压等级
    ]


def _scope(ctx: _Context, places: list[tuple[int, int, str | None]], before: int) -> str | None:
    """The nearest place word that ends before offset `before`, else the issuing region."""
    best_pos, best = -1, None
    for start, end, name in places:
        if end <= before and start > best_pos:
            best_pos, best = start, name
    if best_pos >= 0:
        return best
    return ctx.region or cues().default_scope


# 累计推广 names a running total of its own (累计推广新能源汽车10万辆), unlike 累计建成.
_KEEP_PREFIX = ("累计推广", "累计销售", "累计销量")


def _strip_words(phrase: str) -> str:
    c = cues()
    changed = True
    while changed and phrase:
        changed = False
        m = c.leading.leading.match(phrase)
        if m and not phrase.startswith(_KEEP_PREFIX):
            phrase, changed = phrase[m.end() :], True
        for prov, i in find_provinces(phrase[:8]):
            if i == 0:
                name = prov.name if phrase.startswith(prov.name) else prov.short
                phrase, changed = phrase[len(name) :], True
            break
        m = c.trailing.trailing.search(phrase)
        if m:
            phrase, changed = phrase[: m.start()], True
        stripped = phrase.strip(" 、，,的")
        if stripped != phrase:
            phrase, changed = stripped, True
    return phrase


_YEAR_IN_PHRASE = re.compile(
    r"(?:截至到|截止到|截至|截止|预计到|预计|到|至|于|在)?(?:(?:19|20)\d{2}|[〇零一二三四五六七八九]{4})"
    r"(?:\s*年?\s*[—–\-~～至到]\s*(?:19|20)\d{2})?\s*年"
    r"(?:前三季度|底前|年底|年末|底|末|前|内|全年|上半年|下半年|[一二三四]季度|\d{1,2}月(?:份|底|末)?)?"
    r"|今年|明年|去年|前年|[“\"]?十[一二三四五六]五[”\"]?末?"
    r"|^(?:\d{1,2}\s*[-—~至]\s*)?\d{1,2}月(?:份|底|末)?|^(?:上半年|下半年|前三季度|[一二三四]季度|全年|年内)"
)


# 产业实现营业收入 → 产业营业收入: the verb between a subject and its measure.
_INNER_VERB = re.compile(
    r"(?:实现|完成|达到|共有|拥有)(?=主营业务收入|营业收入|销售收入|产值|增加值|利润|税收|销量|产量|出口额)"
)


def _indicator(text: str, clause_start: int, q: Quantity) -> tuple[str, int, int]:
    """The indicator phrase and the span of the statement's text."""
    clause = text[clause_start : q.start]
    phrase = _YEAR_IN_PHRASE.sub("", clause)
    phrase = _INNER_VERB.sub("", _strip_words(phrase))
    phrase_end = q.end
    modifier = clause.endswith("的") and q.kind not in ("share",)  # 以沃尔沃为龙头的4家…
    if len(phrase) < 2 or modifier:
        # the noun follows the number: 培育10家专精特新中小企业
        m = _NOUN_END.search(text, q.end)
        after = text[q.end : m.start() if m else len(text)]
        noun = _strip_words(after)
        if noun and len(noun) <= 30:
            phrase = noun
            phrase_end = q.end + len(after.rstrip())
    return phrase, clause_start, phrase_end


def _apply_distributions(text: str, offset: int, statements: list[Statement]) -> None:
    """充电桩和换电站保有量分别为7070个和2个: one subject per value, in order."""
    for word in cues().distribution:
        pos = text.find(word)
        if pos < 0:
            continue
        members = [s for s in statements if s.start - offset >= pos - 40 and s.end - offset > pos]
        members = [s for s in members if s.start - offset <= pos + len(word) + 40]
        if len(members) < 2:
            continue
        clause_start = 0
        for m in _CLAUSE_BREAK.finditer(text, 0, pos):
            clause_start = m.end()
        subject = _strip_words(_YEAR_IN_PHRASE.sub("", text[clause_start:pos]))
        names = [n for n in re.split(r"和|及|与|、|以及", subject) if n]
        if len(names) != len(members):
            continue
        suffix = _shared_suffix(names[-1], names)
        phrase_end = members[-1].end
        phrase = text[clause_start : phrase_end - offset]
        for s, name in zip(members, names, strict=True):
            s.indicator = name if name.endswith(suffix) else name + suffix
            s.text = phrase
            s.start, s.end = offset + clause_start, phrase_end
            s.cues["distribution"] = word


def _shared_suffix(last: str, names: list[str]) -> str:
    """保有量 in 充电桩和换电站保有量: what the last name adds after its head noun."""
    for head in (
        "保有量",
        "数量",
        "产量",
        "销量",
        "规模",
        "占比",
        "比重",
        "营业收入",
        "产值",
        "增速",
        "增长率",
    ):
        if last.endswith(head) and not all(n.endswith(head) for n in names):
            return head
    return ""


# -- repeats ------------------------------------------------------------------------------------


def _same_indicator(a: str, b: str) -> bool:
    """充电桩 = 各类充电桩; 加氢站 = 新建加氢站; 新能源汽车 ≠ 新能源汽车总产量."""
    core_a, core_b = _core(a), _core(b)
    if _says_nothing(core_a) or _says_nothing(core_b):
        return True  # 提出了20%, 要推动实现20%的目标: a repeat that names no measure
    short, long = sorted((core_a, core_b), key=len)
    return long.endswith(short) and len(long) - len(short) <= 2


_NOT_A_MEASURE = re.compile(r"[^\u4e00-\u9fff]|提出|目标|推动|实现|达到|未来|要|了|的|年")


def _says_nothing(indicator: str) -> bool:
    """An indicator phrase with no measure in it (提出, 未来5年要, 目标)."""
    return len(_NOT_A_MEASURE.sub("", indicator)) < 2


def _core(indicator: str) -> str:
    return re.sub(r"^(新建|建成|建设|累计|各类|推动|全省|全市|全国|我国|中国)+的?", "", indicator)


def _headline_end(doc: Document) -> int:
    """Where a news headline ends: a short first paragraph without a full stop."""
    if not doc.clean.paragraphs:
        return 0
    first = doc.clean.paragraphs[0]
    line = doc.text[first.start : first.end].strip()
    return first.end if 0 < len(line) <= 80 and not line.endswith(("。", ".")) else 0


def merge_repeats(statements: list[Statement], headline_end: int = 0) -> list[Statement]:
    """A figure the document states again (same kind, scope, value, unit, a matching
    indicator, and the same year or none: a headline often drops the date) is kept
    once, with `mentions` counting the repeats. A headline words its figures its own way
    (销量目标锁定3230万辆 for 力争汽车销量达到3230万辆): a headline figure that the body
    states again (same value and unit, a compatible year) is counted on the body's reading."""
    body = [s for s in statements if s.start >= headline_end]
    for h in [s for s in statements if s.start < headline_end]:
        twin = next(
            (
                b
                for b in body
                if b.value == h.value
                and b.unit == h.unit
                and b.scope == h.scope
                and (b.year == h.year or b.year is None or h.year is None)
            ),
            None,
        )
        if twin is None:
            body.append(h)
        else:
            twin.mentions += h.mentions
            twin.year = twin.year if twin.year is not None else h.year
    body.sort(key=lambda s: s.start)
    return _merge_same(body)


def _merge_same(statements: list[Statement]) -> list[Statement]:
    kept: list[Statement] = []
    by_figure: dict[tuple[object, ...], list[Statement]] = {}
    for s in statements:
        same_figure = by_figure.setdefault((s.kind, s.scope, s.value, s.unit), [])
        twin = next(
            (
                k
                for k in same_figure
                if (k.year == s.year or k.year is None or s.year is None)
                and (_same_indicator(k.indicator, s.indicator) or k.text == s.text)
            ),
            None,
        )
        if twin is None:
            kept.append(s)
            same_figure.append(s)
        else:
            twin.mentions += 1
            # keep the richer reading: a year, stretch and cumulative found in either
            if twin.year is None and s.year is not None:
                twin.year = s.year
                twin.cues["year"] = s.cues.get("year", "a later mention")
            twin.stretch = twin.stretch or s.stretch
            twin.cumulative = twin.cumulative or s.cumulative
    return kept
