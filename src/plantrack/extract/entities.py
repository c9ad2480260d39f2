"""Entities: the enterprises, parks, universities, cities and industry-chain segments a
document names, each with its mentions and the sections that name it; and a plan's
spatial layout (一带两翼多园: which cities and parks play which role).

Two passes over the clean text:

1. Learn names. Grammar rules propose names; each must pass the same checks (at most
   20 characters, no punctuation or digits, no verb or preposition at its start, no
   cue verb, 的 or conjunction inside, not a generic word) or it is dropped:
   - enterprise: a registered name (…有限公司, …集团, …公司) taken back to the
     nearest delimiter, cue or verb; the items of a list closed by 等…企业
     (依托龙华汽车、通联客车、龙江客车等新能源客车生产企业) or opened by 企业主要有
     (骨干企业主要有大庆沃尔沃、一汽哈轻等); the hub of a cluster (以沃尔沃为龙头,
     以贝特瑞为核心); company-like names after 支持/推动/依托 … (支持东安动力、东安汽发
     加大…). A list counts only if every item passes: a list holding a segment or a
     generic word (动力电池、驱动电机、电控系统等产业链关键企业) names no company.
   - park: a name ending in 开发区, 产业园, 产业基地, 测试基地, 新区 … taken back to
     the nearest delimiter, cue verb or 的, never starting with a description
     (新能源汽车寒地测试基地 is not a name).
   - university: a name ending in 大学/学院/研究院/研究所, the items of a list closed
     by 等高校, well-known abbreviations (哈工大 …).
   - city: normalize.regions.find_regions when it is there (prefecture and county
     level), else a short fallback list; in both cases also the items of a list closed
     by 等地/等城市/等市地 (以哈尔滨、大庆、齐齐哈尔、牡丹江、绥化等地为核心), an
     official name at the start of a clause (青川市工业和信息化局 → 青川) and the
     document's own region when it is a city.
   - segment: a vocabulary (动力电池, 驱动电机, 负极材料 …) with written variants.
   A short list of well-known automakers and battery makers is found wherever it
   appears, as a fallback: the grammar alone finds the names of the seed plan.
2. Find mentions: every occurrence of every learned name (贝特瑞 wherever it appears).
   Within a kind the longest name wins. Across kinds, an enterprise, park or
   university inside a longer name of another of these kinds is dropped, and so is a
   segment inside any of them (半导体材料 in 大庆溢泰半导体材料有限公司); a city inside
   a park's name is kept (大庆 in 大庆高新技术产业开发区: the park is in the city),
   inside an enterprise's or a university's name dropped (宁德 in 宁德时代 is a brand).

Names stay as written: a short and a full form of one enterprise (大庆沃尔沃 and 沃尔沃,
or 东安动力 and its registered name) are separate entities, since nothing in a text
says reliably that they are one; a city is named by its short form (大兴安岭地区 →
大兴安岭), a segment by its vocabulary term (充（换）电 → 充换电). Rules are data in
data/entities.toml.
"""

from __future__ import annotations

import re
import tomllib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from plantrack.model import Document, Entity, Section, Span
from plantrack.normalize.regions import WordMatcher

__all__ = ["KINDS", "Entity", "LayoutRole", "find_entities", "spatial_layout"]

KINDS = ("enterprise", "park", "university", "city", "segment")
_NAMED = frozenset({"enterprise", "park", "university"})
_CJK = r"\u4e00-\u9fff"
_PAREN_PLACE = re.compile(rf"(?<=[{_CJK}])（[{_CJK}]{{2,5}}）(?=[{_CJK}])")


@dataclass(frozen=True, slots=True)
class LayoutRole:
    """One role of a plan's spatial layout and the places that play it."""

    role: str  # 一带; 两翼: 动力电池负极材料产业集聚区; 多园
    section: str  # label of the section that states it
    cities: tuple[str, ...]
    parks: tuple[str, ...]
    description: str  # the first sentence that says what the role is
    enterprises: tuple[str, ...] = ()


# ---------------------------------------------------------------------------- rules


def _words(words: Iterable[str]) -> re.Pattern[str]:
    """One alternation, longer words first."""
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, ordered)) or r"(?!)")


@dataclass(frozen=True, slots=True)
class _Rules:
    delims: frozenset[str]
    max_len: int
    lead: re.Pattern[str]  # cue words stripped from the start of a candidate
    cut: re.Pattern[str]  # multi-character cue and verb words: a name starts after them
    bad_heads: tuple[str, ...]
    bad_inside: re.Pattern[str]
    conjunctions: str
    ent_suffix: re.Pattern[str]
    ent_strong: tuple[str, ...]
    ent_weak: tuple[str, ...]
    ent_short_suffixes: tuple[str, ...]
    ent_lead: re.Pattern[str]
    ent_item_verbs: re.Pattern[str]
    ent_item_verb_len: int  # the longest of them
    ent_list_tail: re.Pattern[str]
    ent_list_intro: re.Pattern[str]
    ent_anchor: re.Pattern[str]
    ent_generic: frozenset[str]
    ent_bad_heads: tuple[str, ...]
    ent_not_in_short: re.Pattern[str]
    ent_not_in_weak: re.Pattern[str]
    ent_known: tuple[str, ...]
    park_suffix: re.Pattern[str]
    park_suffixes: tuple[str, ...]
    park_bad_heads: tuple[str, ...]
    park_generic: frozenset[str]
    park_bad_inside: re.Pattern[str]
    uni_suffix: re.Pattern[str]
    uni_suffixes: tuple[str, ...]
    uni_bad_heads: tuple[str, ...]
    uni_generic: frozenset[str]
    uni_list_tail: re.Pattern[str]
    uni_known: tuple[str, ...]
    city_list_tail: re.Pattern[str]
    city_suffixes: tuple[str, ...]
    city_bad_last: str
    city_generic: frozenset[str]
    city_official: re.Pattern[str]
    city_fallback: tuple[tuple[str, str], ...]
    segments: dict[str, str]  # written form → term
    layout_titles: tuple[str, ...]
    layout_formula: re.Pattern[str]
    layout_part: re.Pattern[str]
    layout_zone: re.Pattern[str]


def _by_length(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=len, reverse=True))


@cache
def _rules() -> _Rules:
    raw: dict[str, Any] = tomllib.loads(
        resources.files("plantrack").joinpath("data/entities.toml").read_text("utf-8")
    )
    nm, ent, park, uni, city, seg, lay = (
        raw[k] for k in ("name", "enterprise", "park", "university", "city", "segment", "layout")
    )
    cut_words = [w for w in (*nm["cues"], *nm["bad_heads"], *nm["bad_inside"]) if len(w) > 1]
    cut_words += [*nm["cut_after"], "的"]
    segments = {t: t for t in seg["terms"]} | dict(seg.get("aliases", {}))
    ent_suffixes = [*ent["strong_suffixes"], *ent["weak_suffixes"]]
    city_tail = city["official_tail"]
    return _Rules(
        delims=frozenset(nm["delimiters"]),
        max_len=int(nm["max_len"]),
        lead=re.compile("(?:" + _words(nm["cues"]).pattern + ")"),
        cut=_words(cut_words),
        bad_heads=_by_length(nm["bad_heads"]),
        bad_inside=_words(nm["bad_inside"]),
        conjunctions="".join(nm["conjunctions"]),
        ent_suffix=_words(ent_suffixes),
        ent_strong=_by_length(ent["strong_suffixes"]),
        ent_weak=_by_length(ent["weak_suffixes"]),
        ent_short_suffixes=_by_length(ent["short_suffixes"]),
        ent_lead=_words(ent["lead_cues"]),
        ent_item_verbs=_words(ent["item_verbs"]),
        ent_item_verb_len=max(map(len, ent["item_verbs"]), default=0),
        ent_list_tail=re.compile(ent["list_tail"]),
        ent_list_intro=re.compile(ent["list_intro"]),
        ent_anchor=re.compile(ent["anchor"]),
        ent_generic=frozenset(ent["generic"]),
        ent_bad_heads=_by_length(ent["bad_stem_heads"]),
        ent_not_in_short=_words(ent["not_in_short"]),
        ent_not_in_weak=_words(ent["not_in_weak"]),
        ent_known=tuple(ent["known"]),
        park_suffix=re.compile(
            f"(?:{_words(park['suffixes']).pattern})(?![{re.escape(park['not_followed_by'])}])"
        ),
        park_suffixes=_by_length(park["suffixes"]),
        park_bad_heads=_by_length(park["bad_stem_heads"]),
        park_generic=frozenset(park["generic"]),
        park_bad_inside=_words(park["bad_inside"]),
        uni_suffix=_words(uni["suffixes"]),
        uni_suffixes=_by_length(uni["suffixes"]),
        uni_bad_heads=_by_length(uni["bad_stem_heads"]),
        uni_generic=frozenset(uni["generic"]),
        uni_list_tail=re.compile(uni["list_tail"]),
        uni_known=tuple(uni["known"]),
        city_list_tail=re.compile(city["list_tail"]),
        city_suffixes=_by_length(city["suffixes"]),
        city_bad_last=city["bad_last"],
        city_generic=frozenset(city["generic"]),
        city_official=re.compile(city_tail),
        city_fallback=tuple((full, short) for full, short in city["fallback"]),
        segments=segments,
        layout_titles=tuple(lay["titles"]),
        layout_formula=re.compile(lay["formula"]),
        layout_part=re.compile(lay["formula_part"]),
        layout_zone=re.compile(lay["zone"], re.M),
    )


# ---------------------------------------------------------------------- name checks


@cache
def _char_class(chars: frozenset[str]) -> re.Pattern[str]:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


class _Stops:
    """Where the characters of a set occur in one text, found by a regular expression
    (forwards on the text, backwards on it reversed). Lookups at rising offsets reuse
    what the last one found, so a pass over the text reads each character once."""

    def __init__(self, text: str, chars: frozenset[str]) -> None:
        self.text = text
        self.pattern = _char_class(chars)
        self._reversed: str | None = None
        self._back = (-1, -1)  # (offset asked, last stop before it)
        self._ahead = (-1, -1)  # (offset asked, first stop at or after it)

    def last_before(self, pos: int) -> int:
        """The offset of the last of the characters before `pos`, or -1."""
        asked, found = self._back
        if 0 <= asked <= pos:
            nearer = self._last_in(asked, pos)
            found = nearer if nearer >= 0 else found
        else:
            found = self._last_in(0, pos)
        self._back = (pos, found)
        return found

    def _last_in(self, lo: int, hi: int) -> int:
        if self._reversed is None:
            self._reversed = self.text[::-1]
        n = len(self.text)
        m = self.pattern.search(self._reversed, n - hi, n - lo)
        return n - 1 - m.start() if m else -1

    def first_from(self, pos: int) -> int:
        """The offset of the first of the characters at or after `pos`, else the length."""
        asked, found = self._ahead
        if not (0 <= asked <= pos <= found):
            m = self.pattern.search(self.text, pos)
            found = m.start() if m else len(self.text)
        self._ahead = (pos, found)
        return found


def _clause_start(ctx: _Context, pos: int, floor: int, delims: frozenset[str]) -> int:
    """Where the clause holding text[pos - 1] starts: after the nearest delimiter before
    `pos`, not before `floor`. A place in brackets inside a registered name
    (沃尔沃汽车（大庆）有限公司) does not end the clause."""
    text = ctx.text
    stops = ctx.stops(delims | {"）"})
    i = pos
    while i > floor:
        d = stops.last_before(i)  # the characters between are neither ） nor delimiters
        if d < floor:
            return floor
        i, ch = d + 1, text[d]
        if ch == "）":
            m = _PAREN_PLACE.search(text, max(floor, i - 8), min(len(text), i + 1))
            if m and m.end() == i:
                i = m.start()
                continue
        if ch in delims:
            return i
        i -= 1
    return floor


def _strip_lead(s: str, r: _Rules) -> str:
    """Drop cue words (支持, 依托, 以, 为 …) from the start, keeping two characters."""
    while True:
        m = r.lead.match(s)
        if not m or len(s) - m.end() < 2:
            return s
        s = s[m.end() :]


def _after_cut(s: str, r: _Rules, places: set[str] | frozenset[str] | None) -> str | None:
    """What follows the last cue word, verb or 的 of a candidate, if any. After a
    one-character preposition or conjunction it must open with a known place
    (鼓励企业与哈尔滨工业大学 → 哈尔滨工业大学, but 原料和新材料产业基地 → nothing),
    unless `places` is None: the first item of a list closed by 等高校 needs no place
    (支持企业与哈工大、东北林大等高校合作)."""
    last = None
    for m in r.cut.finditer(s):
        last = m
    if last is None:
        return None
    tail = s[last.end() :]
    if (
        places is not None
        and len(last.group()) == 1
        and last.group() != "的"
        and not _opens_with_place(tail, places)
    ):
        return None
    return tail


def _opens_with_place(s: str, places: set[str] | frozenset[str]) -> bool:
    return any(s[:n] in places for n in range(2, min(len(s), 7) + 1))


def _plain_ok(name: str, r: _Rules) -> bool:
    """The checks every name passes, whatever its kind."""
    if not 2 <= len(name) <= r.max_len:
        return False
    bare = _PAREN_PLACE.sub("", name)
    if any(ch in r.delims or ch.isdigit() or ch.isspace() for ch in bare):
        return False
    if name.startswith(r.bad_heads) or r.bad_inside.search(name):
        return False
    return not any(c in r.conjunctions for c in name[1:])


def _ending(name: str, suffixes: tuple[str, ...]) -> str | None:
    """The longest of `suffixes` (ordered longest first) that `name` ends with."""
    if not name.endswith(suffixes):
        return None
    return next((s for s in suffixes if name.endswith(s)), None)


@dataclass(slots=True)
class _Context:
    """What a document's checks need besides the rules: places and segments known."""

    text: str
    places: set[str]
    segments: dict[str, str]
    known: set[str] = field(default_factory=set)  # the well-known names found in the text
    _stops: dict[frozenset[str], _Stops] = field(default_factory=dict)

    def stops(self, chars: frozenset[str]) -> _Stops:
        """Where the characters `chars` are in the text (one finder per set)."""
        found = self._stops.get(chars)
        if found is None:
            found = self._stops[chars] = _Stops(self.text, chars)
        return found


_Check = Callable[[str, "_Rules", _Context], bool]


def _enterprise_ok(name: str, r: _Rules, ctx: _Context) -> bool:
    if not _plain_ok(name, r) or name in r.ent_generic or name in ctx.places:
        return False
    if name in ctx.segments:
        return False
    strong = _ending(name, r.ent_strong)
    if strong:
        stem = name[: -len(strong)]
        return len(stem) >= 2 and stem not in r.ent_generic and not stem.startswith(r.ent_bad_heads)
    weak = _ending(name, r.ent_weak)
    if weak:
        stem = name[: -len(weak)]
        return (
            len(stem) >= 2
            and stem not in r.ent_generic
            and not stem.startswith(r.ent_bad_heads)
            and not r.ent_not_in_weak.search(name)
            and stem not in ctx.places
        )
    if len(name) > 12 or r.ent_not_in_short.search(name):
        return False
    return not any(term in name for term in ctx.segments)


def _short_company(name: str, r: _Rules, ctx: _Context) -> bool:
    """A short name that looks like a company's: ends like one, stem not a place."""
    suffix = _ending(name, r.ent_short_suffixes)
    if suffix is None or name in r.ent_known:
        return name in r.ent_known
    stem = name[: -len(suffix)]
    return len(stem) >= 2 and stem not in ctx.places and _enterprise_ok(name, r, ctx)


def _stem_ok(name: str, suffixes: tuple[str, ...], bad_heads: tuple[str, ...]) -> bool:
    suffix = _ending(name, suffixes)
    if suffix is None:
        return False
    stem = name[: -len(suffix)]
    return len(stem) >= 2 and not stem.startswith(bad_heads)


def _park_ok(name: str, r: _Rules, ctx: _Context) -> bool:
    return (
        _plain_ok(name, r)
        and name not in r.park_generic
        and not r.park_bad_inside.search(name)
        and _stem_ok(name, r.park_suffixes, r.park_bad_heads)
        and not any(name.startswith(t) for t in ctx.segments)
    )


def _university_ok(name: str, r: _Rules, ctx: _Context) -> bool:
    return (
        _plain_ok(name, r)
        and name not in r.uni_generic
        and _stem_ok(name, r.uni_suffixes, r.uni_bad_heads)
    )


def _city_short(name: str, r: _Rules) -> str | None:
    """The short form of a listed place (大兴安岭地区 → 大兴安岭), if it looks like one."""
    suffix = _ending(name, r.city_suffixes)
    short = name[: -len(suffix)] if suffix and len(name) - len(suffix) >= 2 else name
    if not 2 <= len(short) <= 6 or short in r.city_generic or not _plain_ok(short, r):
        return None
    if short[-1] in r.city_bad_last:
        return None
    return short


def _bounded(text: str, start: int, end: int, ok: _Check, r: _Rules, ctx: _Context) -> str | None:
    """The name ending at `end` and starting after the nearest delimiter, cue or verb
    before it: the whole clause if it passes `ok`, else what follows its last cue word,
    verb or 的."""
    cand = _strip_lead(text[start:end], r)
    if ok(cand, r, ctx):
        return cand
    tail = _after_cut(cand, r, ctx.places)
    if tail:
        tail = _strip_lead(tail, r)
        if ok(tail, r, ctx):
            return tail
    return None


# ------------------------------------------------------------------------ learning


def _list_items(ctx: _Context, tail_start: int, r: _Rules) -> list[str]:
    """The 、-separated items before a list's tail (等…企业), the first without its
    cue words: the tail says what the items are, so the first may follow any cue."""
    delims = r.delims - {"、"}
    start = _clause_start(ctx, tail_start, 0, delims)
    items = ctx.text[start:tail_start].split("、")
    first = _strip_lead(items[0], r)
    tail = _after_cut(first, r, None)
    items[0] = _strip_lead(tail, r) if tail else first
    return items


def _learn_enterprises(ctx: _Context, r: _Rules) -> set[str]:
    text = ctx.text
    names: set[str] = set()

    # registered names: …有限公司, …集团, …公司
    prev = 0
    for m in r.ent_suffix.finditer(text):
        start = _clause_start(ctx, m.start(), prev, r.delims)
        name = _bounded(text, start, m.end(), _enterprise_ok, r, ctx)
        if name:
            names.add(name)
        prev = m.end()
    # lists closed by 等…企业
    for m in r.ent_list_tail.finditer(text):
        items = _list_items(ctx, m.start(), r)
        if items and all(_enterprise_ok(i, r, ctx) for i in items):
            names.update(items)
    # lists opened by 企业主要有 …, closed by 等 or the clause's end
    delims = r.delims - {"、"}
    list_end = ctx.stops(delims | {"等"})
    for m in r.ent_list_intro.finditer(text):
        end = list_end.first_from(m.end())
        found = _all_items(text, m.end(), end, lambda i: _enterprise_ok(i, r, ctx), r.max_len)
        if found is not None:
            names.update(found)
    # the hub of a cluster: 以沃尔沃为龙头
    for m in r.ent_anchor.finditer(text):
        name = _strip_lead(m.group(1), r)
        if _enterprise_ok(name, r, ctx):
            names.add(name)
    # company-like names after 支持 / 推动 …: 支持东安动力、东安汽发加大…
    clause_end = ctx.stops(delims)
    deng = ctx.stops(frozenset("等"))
    # no longer item can pass _short_company (a known name, or _plain_ok's max_len)
    longest = max([r.max_len, *map(len, r.ent_known)])
    for m in r.ent_lead.finditer(text):
        start = m.end()
        end = clause_end.first_from(start)
        if deng.first_from(start) < end:
            continue  # a list closed by 等 is judged above
        if text.find("、", start, end) >= 0:
            # a list: every item like a company's name, the last one cut before a verb
            found = _all_items(
                text,
                start,
                end,
                lambda i: _short_company(i, r, ctx),
                longest,
                last=lambda s, e: _before_verb(text, s, e, longest + 1, r),
            )
            if found is not None:
                names.update(found)
            continue
        # a single name: its shortest head that ends like a company (北辰汽车青川基地)
        item = _before_verb(text, start, end, 12, r)
        for suffix_end in range(3, min(len(item), 12) + 1):
            head = item[:suffix_end]
            if _ending(head, r.ent_short_suffixes):
                if _short_company(head, r, ctx):
                    names.add(head)
                break
    names.update(k for k in r.ent_known if k in ctx.known)
    return names


def _before_verb(text: str, start: int, end: int, keep: int, r: _Rules) -> str:
    """text[start:end] up to its first item verb, read no further than needed to know
    its first `keep` characters and whether it is longer than that."""
    window = text[start : min(end, start + keep + r.ent_item_verb_len)]
    verb = r.ent_item_verbs.search(window)  # a verb starting within `keep` fits in it
    return window[: verb.start()] if verb else window


def _all_items(
    text: str,
    start: int,
    end: int,
    ok: Callable[[str], bool],
    longest: int,
    last: Callable[[int, int], str] | None = None,
) -> list[str] | None:
    """The 、-separated items of text[start:end] when every one passes `ok`, else None.
    No item longer than `longest` passes; `last` reads the last item. Items are read
    one by one up to the first that fails, none of them further than `longest` + 1."""
    items: list[str] = []
    pos = start
    while True:
        sep = text.find("、", pos, end)
        if sep < 0:
            if last is not None:
                item = last(pos, end)
            elif end - pos > longest:
                return None
            else:
                item = text[pos:end]
            if not ok(item):
                return None
            items.append(item)
            return items
        if sep - pos > longest:
            return None
        item = text[pos:sep]
        if not ok(item):
            return None
        items.append(item)
        pos = sep + 1


def _learn_suffixed(ctx: _Context, r: _Rules, suffix: re.Pattern[str], ok: _Check) -> set[str]:
    """Names ending in one of `suffix`'s words, bounded by a delimiter, cue or verb."""
    text = ctx.text
    names: set[str] = set()
    prev = 0
    for m in suffix.finditer(text):
        start = _clause_start(ctx, m.start(), prev, r.delims)
        name = _bounded(text, start, m.end(), ok, r, ctx)
        if name:
            names.add(name)
            prev = m.end()
    return names


def _learn_universities(ctx: _Context, r: _Rules) -> set[str]:
    names = _learn_suffixed(ctx, r, r.uni_suffix, _university_ok)
    for m in r.uni_list_tail.finditer(ctx.text):
        items = _list_items(ctx, m.start(), r)
        if items and all(
            _plain_ok(i, r) and i not in r.uni_generic and len(i) <= 10 for i in items
        ):
            names.update(items)
    names.update(k for k in r.uni_known if k in ctx.known)
    return names


_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})


def _is_province(region: Any) -> bool:
    """A province-level division other than the four municipalities (cities too)."""
    code = str(getattr(region, "code", "") or "")
    if code in _MUNICIPALITIES:
        return False
    level = getattr(region, "level", None)
    level_name = str(getattr(level, "value", level)).lower()
    return code.endswith("0000") or level_name in {"1", "province", "省", "provincial"}


def _region_spans(doc: Document) -> list[tuple[str, int, int]] | None:
    """Cities and counties found by normalize.regions.find_regions, or None when that
    function is not there yet."""
    from plantrack.normalize import regions

    find = getattr(regions, "find_regions", None)
    if find is None:
        return None
    try:
        found = find(doc.text, within=doc.meta.region)
    except TypeError:
        found = find(doc.text)
    spans: list[tuple[str, int, int]] = []
    for region, start, end in found:
        if _is_province(region):
            continue
        name = getattr(region, "short", None) or getattr(region, "name", None)
        if name:
            spans.append((str(name), int(start), int(end)))
    return spans


@cache
def _province_names() -> frozenset[str]:
    from plantrack.normalize.regions import provinces

    return frozenset(n for p in provinces() for n in (p.name, p.short))


@cache
def _province_full_names() -> tuple[str, ...]:
    """Full names of the provinces (not of the four municipalities): a city's short
    name inside one (吉林 in 吉林省) names no city."""
    from plantrack.normalize.regions import provinces

    return tuple(p.name for p in provinces() if p.code not in _MUNICIPALITIES)


def _learn_cities(doc: Document, ctx: _Context, r: _Rules) -> tuple[set[str], list[Any]]:
    """City names learnt from the text, and spans found by find_regions (if there)."""
    text = ctx.text
    names: set[str] = set()
    spans: list[tuple[str, int, int]] = []
    found = _region_spans(doc)
    if found is None:
        for full, short in r.city_fallback:
            if short in text:
                names.add(short)
            for m in re.finditer(re.escape(full), text):
                spans.append((short, m.start(), m.end()))
    else:
        spans.extend(found)
        names.update(name for name, _, _ in found)
    # the document's own city, and official names opening a clause (青川市工业和信息化局)
    region = doc.meta.region
    if region and _ending(region, ("市", "地区", "自治州", "盟")):
        own = _city_short(region, r)
        if own and own not in _province_names():
            names.add(own)
    for m in r.city_official.finditer(text):
        start = _clause_start(ctx, m.start(), 0, r.delims)
        if 2 <= m.start() - start <= 3:
            official = _city_short(text[start : m.start()], r)
            if official and official not in _province_names():
                names.add(official)
    # lists closed by 等地 / 等城市, once one of their items is a known place
    lists = []
    for m in r.city_list_tail.finditer(text):
        shorts = [_city_short(i, r) for i in _list_items(ctx, m.start(), r)]
        if shorts and all(shorts):
            lists.append({s for s in shorts if s})
    _join_lists(names, lists)
    return names, spans


def _join_lists(names: set[str], lists: list[set[str]]) -> None:
    """Add to `names` every item of each list that shares an item with `names`, until no
    list adds more: a list joined through another list's items counts too. Each list
    and each item is looked at once."""
    by_item: dict[str, list[int]] = {}
    for i, items in enumerate(lists):
        for item in items:
            by_item.setdefault(item, []).append(i)
    queue = [i for i, items in enumerate(lists) if not items.isdisjoint(names)]
    done = [False] * len(lists)
    while queue:
        i = queue.pop()
        if done[i]:
            continue
        done[i] = True
        for item in lists[i]:
            if item not in names:
                names.add(item)
                queue.extend(by_item[item])


# ------------------------------------------------------------------------ mentions


class _Lists:
    """Several word lists found in a text in one pass of one Aho-Corasick automaton.

    For each list: its words as `longest|…|shortest` finds them (leftmost, the longest
    there, not overlapping, as if that list were searched alone), and the set of its
    words that occur anywhere (inside other words too)."""

    def __init__(self, lists: list[Iterable[str]], *, dfa: bool = False) -> None:
        where: dict[str, dict[int, None]] = {}
        for i, words in enumerate(lists):
            for w in words:
                if w:
                    where.setdefault(w, {})[i] = None
        self.lists = {w: tuple(ks) for w, ks in where.items()}
        self.count = len(lists)
        self.matcher = WordMatcher(sorted(self.lists), dfa=dfa)

    def scan(self, text: str) -> tuple[list[list[tuple[str, int, int]]], list[set[str]]]:
        found: list[list[tuple[str, int, int]]] = [[] for _ in range(self.count)]
        present: list[set[str]] = [set() for _ in range(self.count)]
        pos = [0] * self.count  # where each list's next match may start
        for s, e in self.matcher.every(text):  # by start, the longest first
            word = text[s:e]
            for k in self.lists[word]:
                present[k].add(word)
                if s >= pos[k]:
                    found[k].append((word, s, e))
                    pos[k] = e
        return found, present


_SEGMENTS, _PROVINCES, _KNOWN = range(3)


@cache
def _fixed_lists() -> _Lists:
    """The word lists of the rules: segments, provinces' full names, known names."""
    r = _rules()
    return _Lists([r.segments, _province_full_names(), (*r.ent_known, *r.uni_known)], dfa=True)


def _resolve(spans: list[tuple[str, str, int, int]], size: int) -> list[tuple[str, str, int, int]]:
    """Overlaps: within a kind the longest wins; a named entity (enterprise, park,
    university) inside another named one is dropped, and so is a segment inside any;
    a city inside a park's name is kept (the park is in it), inside an enterprise's
    or a university's name dropped (宁德 in 宁德时代 is part of a brand)."""
    ordered = sorted(spans, key=lambda s: (s[2], -(s[3] - s[2])))
    kept: list[tuple[str, str, int, int]] = []
    taken = {kind: bytearray(size) for kind in (*KINDS, "named", "brand", "province")}
    for kind, name, s, e in ordered:  # named kinds first, the longest winning
        if kind == "province":
            taken["province"][s:e] = b"\x01" * (e - s)
        elif kind in _NAMED and not any(taken["named"][s:e]):
            taken["named"][s:e] = b"\x01" * (e - s)
            if kind != "park":
                taken["brand"][s:e] = b"\x01" * (e - s)
            kept.append((kind, name, s, e))
    for kind, name, s, e in ordered:
        if kind in _NAMED or kind == "province" or any(taken[kind][s:e]):
            continue
        if kind == "segment" and any(taken["named"][s:e]):
            continue
        if kind == "city" and (any(taken["brand"][s:e]) or any(taken["province"][s:e])):
            continue
        taken[kind][s:e] = b"\x01" * (e - s)
        kept.append((kind, name, s, e))
    return kept


def _innermost_label(doc: Document, offset: int) -> str | None:
    path = doc.section_path(offset)
    return path[-1].label if path else None


def find_entities(doc: Document) -> list[Entity]:
    """The entities `doc` names, merged by (kind, name), in order of first mention."""
    r = _rules()
    text = doc.text
    spans: list[tuple[str, str, int, int]] = []

    # pass 1: the fixed lists (segments, provinces, well-known names)
    fixed, present = _fixed_lists().scan(text)
    ctx = _Context(text, set(), r.segments, present[_KNOWN])
    city_names, region_spans = _learn_cities(doc, ctx, r)
    ctx.places = city_names | {n for n, _, _ in region_spans} | _province_names()
    learned = {
        "enterprise": _learn_enterprises(ctx, r),
        "park": _learn_suffixed(ctx, r, r.park_suffix, _park_ok),
        "university": _learn_universities(ctx, r),
    }
    # pass 2: every mention of the names learnt
    found, _ = _Lists([city_names, *learned.values()]).scan(text)

    spans += [("segment", r.segments[w], s, e) for w, s, e in fixed[_SEGMENTS]]
    spans += [("city", n, s, e) for n, s, e in region_spans]
    spans += [("city", n, s, e) for n, s, e in found[0]]
    spans += [("province", n, s, e) for n, s, e in fixed[_PROVINCES]]
    for kind, names_found in zip(learned, found[1:], strict=True):
        spans += [(kind, n, s, e) for n, s, e in names_found]

    # (kind, name) -> mentions and section labels, in order; dicts keep the order and
    # answer membership at once
    merged: dict[tuple[str, str], tuple[dict[tuple[int, int], None], dict[str, None]]] = {}
    for kind, name, s, e in sorted(_resolve(spans, len(text)), key=lambda x: (x[2], x[3])):
        mentions, labels = merged.setdefault((kind, name), ({}, {}))
        if (s, e) in mentions:
            continue
        mentions[(s, e)] = None
        label = _innermost_label(doc, s)
        if label is not None:
            labels.setdefault(label, None)
    order = {k: i for i, k in enumerate(KINDS)}
    entities = [
        Entity(kind, name, tuple(mentions), tuple(labels))
        for (kind, name), (mentions, labels) in merged.items()
    ]
    entities.sort(key=lambda en: (en.mentions[0][0], order[en.kind]))
    return entities


# -------------------------------------------------------------------------- layout


def _layout_sections(doc: Document, r: _Rules) -> list[Section]:
    """Sections titled as a layout (空间布局 …), none inside another one found."""
    found: list[Section] = []
    last_start = reach = -1  # the last start and the furthest end of those found
    for s in doc.sections():
        if not any(t in s.title for t in r.layout_titles):
            continue
        if last_start <= s.start:  # every one found starts at or before s: one test
            inside = s.end <= reach
        else:
            inside = any(f.start <= s.start and s.end <= f.end for f in found)
        if not inside:
            found.append(s)
            last_start, reach = max(last_start, s.start), max(reach, s.end)
    return found


class _Sentences:
    """The document's sentences, found by offset in O(log n)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.spans = doc.sentences
        self.ends = [sp.end for sp in self.spans]
        # bisection needs the ends in order (sentences as `structure` cuts them)
        self.ordered = all(a <= b for a, b in zip(self.ends, self.ends[1:], strict=False))

    def first(self, start: int, end: int) -> str:
        """The first non-empty sentence (or piece of one) between `start` and `end`, else
        the first line there."""
        text = self.doc.text
        spans = self.spans
        for k in range(bisect_right(self.ends, start) if self.ordered else 0, len(spans)):
            sp = spans[k]
            if sp.end <= start:
                continue
            if sp.start >= end:
                break
            s, e = max(sp.start, start), min(sp.end, end)
            sentence = text[s:e].strip()
            if sentence:
                return sentence
        return text[start:end].split("\n", 1)[0].strip()


def _body_start(section: Section) -> int:
    return section.paragraphs[0].start if section.paragraphs else section.start


def _role_name(title: str, parts: list[str]) -> str:
    for part in parts:
        if title.startswith(part):
            return part
    for part in parts:
        if part[-1] in title:
            return f"{part}: {title}"
    return title


def _zones(doc: Document, paragraphs: list[Span], r: _Rules) -> list[tuple[str, int, int, int]]:
    """Paragraphs that open with a zone's name: (name, start, end, body start)."""
    zones = []
    for p in paragraphs:
        m = r.layout_zone.match(doc.text, p.start, p.end)
        if m:
            zones.append((m.group(1), p.start, p.end, m.end()))
    return zones


def spatial_layout(doc: Document, entities: list[Entity] | None = None) -> list[LayoutRole]:
    """The roles of a plan's spatial layout (一带, 两翼: <zone>, 多园 …), each with the
    cities, parks and enterprises named where it is stated. Empty when the document
    has no layout section (空间布局, 产业布局 …)."""
    r = _rules()
    if entities is None:
        entities = find_entities(doc)
    mentions = sorted(
        (s, e, en.kind, en.name)
        for en in entities
        if en.kind in ("city", "park", "enterprise")
        for s, e in en.mentions
    )
    starts = [m[0] for m in mentions]
    sentences: _Sentences | None = None

    def named(kind: str, start: int, end: int) -> tuple[str, ...]:
        out: dict[str, None] = {}
        for i in range(bisect_left(starts, start), bisect_left(starts, end)):
            _s, _e, k, name = mentions[i]
            if k == kind:
                out.setdefault(name, None)
        return tuple(out)

    def role(name: str, label: str, start: int, end: int, body: int) -> LayoutRole:
        nonlocal sentences
        if sentences is None:
            sentences = _Sentences(doc)
        return LayoutRole(
            role=name,
            section=label,
            cities=named("city", start, end),
            parks=named("park", start, end),
            description=sentences.first(body, end),
            enterprises=named("enterprise", start, end),
        )

    roles: list[LayoutRole] = []
    for top in _layout_sections(doc, r):
        formula = r.layout_formula.search(doc.text, top.start, top.end)
        parts = r.layout_part.findall(formula.group(1)) if formula else []
        units = top.children or [top]
        for unit in units:
            base = _role_name(unit.title, parts) if unit is not top else unit.title
            zones = _zones(doc, unit.paragraphs, r)
            if zones:
                for zone, start, end, body in zones:
                    roles.append(role(f"{base}: {zone}", unit.label, start, end, body))
            else:
                roles.append(role(base, unit.label, unit.start, unit.end, _body_start(unit)))
    return roles
