"""Indicator taxonomy: map a statement's indicator phrase to a stable id (data/indicators.toml).

A statement's `indicator` is the document's own words (新能源汽车年产量, 充电桩,
全产业链主营业务收入). To compare figures across documents each statement is mapped to
one entry of the taxonomy, or to none: a statement that fits nothing stays unmapped and
is shown as such, never forced into the nearest id.

Mapping rules, applied in this order (deterministic):

1. The phrase is normalised: NFKC (full-width brackets, letters and digits become ASCII:
   充（换）电站 → 充(换)电站, ＰＭ２.５ → PM2.5), white space and quotation marks removed
   (专精特新“小巨人”企业 → 专精特新小巨人企业). Patterns are case-insensitive.
2. An indicator is a candidate when all of these hold:
   a. the statement's unit is one of the indicator's `units` (a count never maps to a
      money indicator, 产量 in 辆 is not 产量占比 in %);
   b. one of its `patterns` is found in the phrase;
   c. none of its `excludes` is found in the phrase;
   d. change rule: a phrase that speaks of a change (增长, 增速, 增幅, 降幅, 下降, 降低,
      减少, 提高, 提升, 上升, 涨幅, 跌幅, 倍数 …) maps only to an indicator with
      `change = true` (growth rates, reductions), and such an indicator maps only a phrase
      that speaks of a change. 增加值 is not a change; 提高到/下降至 X names a level;
   e. addition rule: a phrase that counts new additions (新增, 新建, 新开工, 新投运, 净增 …)
      never maps to a `stock` indicator: newly built piles are a flow of their own
      (nev.charging_piles_added), not the stock nev.charging_piles.
3. Among the candidates, the one whose pattern match ends last in the phrase wins (a
   Chinese noun phrase ends in its head: 新能源汽车产量占全省汽车产量的比例 is a 比例, not
   a 产量); on a tie the longer match wins (公共充电桩 over 充电桩); then the entry that
   comes first in indicators.toml.
4. When the phrase yields no candidate, the statement's `text` (the sentence piece that
   states the figure) is tried by the same rules, and used only when exactly one
   indicator fits it: a text may state several figures (充电桩和换电站保有量分别为…).
5. Otherwise the statement is unmapped (None).

The table is read once (importlib.resources + tomllib), validated (unique ids, patterns
that compile, canonical unit among the units …; IndicatorTableError otherwise) and its
patterns compiled once, indexed by unit; mappings are cached, so calling `map_indicator`
for every statement is cheap. `match_indicator` says why (pattern, matched words, phrase
or text); `Taxonomy.from_toml` builds a taxonomy from any table text (tests, tools).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from plantrack.errors import PlanTrackError

Measure = Literal["stock", "flow", "share", "rate"]
MEASURES: tuple[str, ...] = ("stock", "flow", "share", "rate")

TABLE = "data/indicators.toml"

_ID = re.compile(r"[a-z][a-z0-9]*(?:\.[a-z0-9][a-z0-9_]*)+")

# Words of change. Not 增加值 (value added); 提高到 / 下降至 … name the level reached.
_CHANGE = re.compile(
    r"增长(?![到至])|增速|增幅|增加(?![值到至])|增量|降幅|下降(?![到至])|降低(?![到至])"
    r"|减少(?![到至])|压减|削减|下调|上调|涨幅|跌幅|上涨|下跌|提高(?![到至])|提升(?![到至])"
    r"|上升(?![到至])|倍数"
)
# Words that count new additions over a period.
_ADDITION = re.compile(r"新增|新建|新开工|新投运|新投产|新安装|新开通|净增")
# Removed before matching: white space and quotation marks.
_DROP = re.compile(r"[\s“”‘’\"'《》〈〉「」『』]+")


class IndicatorTableError(PlanTrackError):
    """data/indicators.toml is malformed (missing field, bad pattern, duplicate id …)."""


@dataclass(frozen=True, slots=True)
class Indicator:
    """One entry of the taxonomy."""

    id: str  # stable, "<group>.<name>": nev.production, econ.gdp_growth
    name: str  # Chinese name: 新能源汽车产量
    measure: Measure  # stock | flow | share | rate
    units: tuple[str, ...]  # canonical units a statement may carry to map here
    canonical_unit: str  # one of `units`
    patterns: tuple[str, ...]  # regular expressions searched in the normalised phrase
    excludes: tuple[str, ...] = ()  # regular expressions that veto the entry
    change: bool = False  # a growth rate or a reduction
    description: str = ""
    parent: str | None = None  # the broader indicator this one narrows or adds to

    @property
    def group(self) -> str:
        """The part of the id before the first dot: nev, battery, econ …"""
        return self.id.split(".", 1)[0]


@dataclass(frozen=True, slots=True)
class IndicatorMatch:
    """Why a phrase maps to an indicator: which pattern found which words, and where."""

    indicator: Indicator
    pattern: str  # the pattern of `indicator` that matched
    matched: str  # the words it matched (normalised)
    source: Literal["phrase", "text"]  # found in the indicator phrase, or in the text


@dataclass(frozen=True, slots=True)
class _Rule:
    indicator: Indicator
    patterns: tuple[re.Pattern[str], ...]
    excludes: tuple[re.Pattern[str], ...]


@dataclass(frozen=True, slots=True)
class _Screened:
    """The rules to try for a unit: a combined pattern that finds whether any of their
    patterns is in the words (None: not combinable, try them all), and each rule with its
    table position and its own combined pattern (None: one pattern, tried as it is)."""

    any: re.Pattern[str] | None
    rules: tuple[tuple[int, _Rule, re.Pattern[str] | None], ...]


# A backreference or a conditional refers to groups by number or name: such patterns
# are not combined with others.
_REFERS = re.compile(r"\\[1-9]|\(\?P=|\(\?\(|\\g<")


def _either(patterns: Iterable[str]) -> re.Pattern[str] | None:
    """One expression that matches where any of `patterns` would (searched alone, with
    IGNORECASE as they are), or None when they cannot be combined safely."""
    patterns = list(patterns)
    if not patterns:
        return re.compile(r"(?!)")
    if any(_REFERS.search(p) for p in patterns):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    except re.error:  # e.g. a group name used by two patterns
        return None


def normalize_phrase(phrase: str) -> str:
    """The form patterns are matched against: NFKC, no white space, no quotation marks."""
    return _DROP.sub("", unicodedata.normalize("NFKC", phrase))


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise IndicatorTableError(f"{where}: bad pattern {pattern!r}: {exc}", file=TABLE) from exc


def _strings(entry: Mapping[str, Any], key: str, where: str, *, required: bool) -> tuple[str, ...]:
    value = entry.get(key, [] if not required else None)
    if value is None:
        raise IndicatorTableError(f"{where}: missing {key!r}", file=TABLE)
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise IndicatorTableError(
            f"{where}: {key!r} must be a list of non-empty strings", file=TABLE
        )
    if required and not value:
        raise IndicatorTableError(f"{where}: {key!r} is empty", file=TABLE)
    return tuple(value)


def _text(entry: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = entry.get(key, None if required else "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise IndicatorTableError(f"{where}: {key!r} must be a non-empty string", file=TABLE)
    return value.strip()


_FIELDS = {
    "id",
    "name",
    "measure",
    "units",
    "canonical_unit",
    "patterns",
    "excludes",
    "change",
    "description",
    "parent",
}


def _parse(raw: Mapping[str, Any]) -> tuple[_Rule, ...]:
    entries = raw.get("indicator")
    if not isinstance(entries, list) or not entries:
        raise IndicatorTableError("no [[indicator]] entries", file=TABLE)
    rules: list[_Rule] = []
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"indicator #{n}"
        if not isinstance(entry, dict):
            raise IndicatorTableError(f"{where}: not a table", file=TABLE)
        ident = _text(entry, "id", where)
        where = f"indicator {ident!r}"
        if not _ID.fullmatch(ident):
            raise IndicatorTableError(f"{where}: id must look like group.snake_case", file=TABLE)
        if ident in seen:
            raise IndicatorTableError(f"{where}: duplicate id", file=TABLE)
        seen.add(ident)
        unknown = set(entry) - _FIELDS
        if unknown:
            raise IndicatorTableError(f"{where}: unknown field(s) {sorted(unknown)}", file=TABLE)
        measure = _text(entry, "measure", where)
        if measure not in MEASURES:
            raise IndicatorTableError(f"{where}: measure must be one of {MEASURES}", file=TABLE)
        units = _strings(entry, "units", where, required=True)
        canonical = _text(entry, "canonical_unit", where)
        if canonical not in units:
            raise IndicatorTableError(
                f"{where}: canonical_unit {canonical!r} not in units", file=TABLE
            )
        change = entry.get("change", False)
        if not isinstance(change, bool):
            raise IndicatorTableError(f"{where}: change must be true or false", file=TABLE)
        if change and measure != "rate":
            raise IndicatorTableError(f"{where}: a change indicator is a rate", file=TABLE)
        patterns = _strings(entry, "patterns", where, required=True)
        excludes = _strings(entry, "excludes", where, required=False)
        indicator = Indicator(
            id=ident,
            name=_text(entry, "name", where),
            measure=measure,  # type: ignore[arg-type]  # checked against MEASURES above
            units=units,
            canonical_unit=canonical,
            patterns=patterns,
            excludes=excludes,
            change=change,
            description=_text(entry, "description", where, required=False),
            parent=_text(entry, "parent", where) if "parent" in entry else None,
        )
        rules.append(
            _Rule(
                indicator,
                tuple(_compile(p, where) for p in patterns),
                tuple(_compile(p, where) for p in excludes),
            )
        )
    _check_parents([rule.indicator for rule in rules])
    return tuple(rules)


def _check_parents(inds: list[Indicator]) -> None:
    by_id = {ind.id: ind for ind in inds}
    for ind in inds:
        if ind.parent is None:
            continue
        where = f"indicator {ind.id!r}"
        parent = by_id.get(ind.parent)
        if parent is None:
            raise IndicatorTableError(f"{where}: unknown parent {ind.parent!r}", file=TABLE)
        if parent.parent is not None:
            raise IndicatorTableError(f"{where}: parent {parent.id!r} has a parent", file=TABLE)
        if parent.canonical_unit != ind.canonical_unit:
            raise IndicatorTableError(
                f"{where}: canonical unit differs from its parent {parent.id!r}", file=TABLE
            )


class Taxonomy:
    """A validated indicator table with its compiled patterns; `match` applies the rules.

    The package's table is `taxonomy()`; tests and tools may build one from any TOML
    text with `Taxonomy.from_toml`.
    """

    def __init__(self, rules: tuple[_Rule, ...]) -> None:
        self._rules = rules
        self.indicators: tuple[Indicator, ...] = tuple(rule.indicator for rule in rules)
        self._by_id = {ind.id: ind for ind in self.indicators}
        by_unit: dict[str, list[tuple[int, _Rule]]] = {}
        for position, rule in enumerate(rules):
            for unit in rule.indicator.units:
                by_unit.setdefault(unit, []).append((position, rule))
        self._by_unit = {unit: tuple(entries) for unit, entries in by_unit.items()}
        self._screens: dict[tuple[str, bool, bool], _Screened] = {}

    @classmethod
    def from_toml(cls, toml_text: str) -> Taxonomy:
        """A taxonomy from the text of an indicators.toml (IndicatorTableError if malformed)."""
        try:
            raw = tomllib.loads(toml_text)
        except tomllib.TOMLDecodeError as exc:
            raise IndicatorTableError(f"not valid TOML: {exc}", file=TABLE) from exc
        return cls(_parse(raw))

    def by_id(self, indicator_id: str) -> Indicator | None:
        """The indicator with this id, or None."""
        return self._by_id.get(indicator_id.strip())

    def family(self, indicator_id: str) -> tuple[str, ...]:
        """The id and the ids of its children (parent = id), in table order; () if unknown."""
        ident = indicator_id.strip()
        if ident not in self._by_id:
            return ()
        return (ident, *(i.id for i in self.indicators if i.parent == ident))

    def _candidates(
        self, words: str, unit: str, source: Literal["phrase", "text"]
    ) -> list[tuple[int, int, int, IndicatorMatch]]:
        """(end, length, table position, match) of every indicator that fits `words`."""
        if not words:
            return []
        is_change = _CHANGE.search(words) is not None
        is_addition = _ADDITION.search(words) is not None
        screened = self._screened(unit, is_change, is_addition)
        if screened.any is not None and screened.any.search(words) is None:
            return []  # no pattern of any indicator that may fit is in the words
        found: list[tuple[int, int, int, IndicatorMatch]] = []
        for position, rule, screen in screened.rules:
            if screen is not None and screen.search(words) is None:
                continue
            ind = rule.indicator
            best: tuple[int, int, str, str] | None = None  # end, length, pattern, words
            for written, pattern in zip(ind.patterns, rule.patterns, strict=True):
                for m in pattern.finditer(words):
                    key = (m.end(), m.end() - m.start(), written, m.group())
                    if best is None or key[:2] > best[:2]:
                        best = key
            if best is None:
                continue
            if any(x.search(words) for x in rule.excludes):
                continue
            end, length, written, matched = best
            found.append((end, length, position, IndicatorMatch(ind, written, matched, source)))
        return found

    def _screened(self, unit: str, is_change: bool, is_addition: bool) -> _Screened:
        """The rules a unit, a change and an addition leave (rules 2a, 2d, 2e), with one
        combined expression for all their patterns and one for each rule's, built once."""
        key = (unit, is_change, is_addition)
        found = self._screens.get(key)
        if found is None:
            rules = [
                rule
                for _, rule in self._by_unit.get(unit, ())
                if rule.indicator.change == is_change
                and not (is_addition and rule.indicator.measure == "stock")
            ]
            positions = {id(rule): pos for pos, rule in self._by_unit.get(unit, ())}
            found = _Screened(
                _either(p for rule in rules for p in rule.indicator.patterns),
                tuple(
                    (
                        positions[id(rule)],
                        rule,
                        _either(rule.indicator.patterns) if len(rule.patterns) > 1 else None,
                    )
                    for rule in rules
                ),
            )
            self._screens[key] = found
        return found

    def match(self, phrase: str, unit: str, *, text: str = "") -> IndicatorMatch | None:
        """The indicator a statement maps to and why, or None (rules: module docstring)."""
        unit = unit.strip()
        found = self._candidates(normalize_phrase(phrase), unit, "phrase")
        if found:
            # The match that ends last, then the longest, then the first in the table.
            found.sort(key=lambda c: (-c[0], -c[1], c[2]))
            return found[0][3]
        if text:
            in_text = self._candidates(normalize_phrase(text), unit, "text")
            if len({c[3].indicator.id for c in in_text}) == 1:
                return in_text[0][3]
        return None


def parse_indicators(toml_text: str) -> tuple[Indicator, ...]:
    """Indicators from the text of an indicators.toml, validated (IndicatorTableError)."""
    return Taxonomy.from_toml(toml_text).indicators


@cache
def taxonomy() -> Taxonomy:
    """The package's taxonomy (data/indicators.toml), read and compiled once."""
    return Taxonomy.from_toml(resources.files("plantrack").joinpath(TABLE).read_text("utf-8"))


def indicators() -> tuple[Indicator, ...]:
    """Every indicator of the taxonomy, in the order of data/indicators.toml."""
    return taxonomy().indicators


def indicator_by_id(indicator_id: str) -> Indicator | None:
    """The indicator with this id, or None when the taxonomy has no such id."""
    return taxonomy().by_id(indicator_id)


def indicator_family(indicator_id: str) -> tuple[str, ...]:
    """The id and its children's ids (公共充电桩, 新建充电桩 … under nev.charging_piles),
    for a comparison that rolls them up; () when the taxonomy has no such id."""
    return taxonomy().family(indicator_id)


@lru_cache(maxsize=16384)
def match_indicator(phrase: str, unit: str, *, text: str = "") -> IndicatorMatch | None:
    """The indicator a statement maps to, with the pattern and words that decided it.

    `phrase` is the statement's indicator, `unit` its canonical unit, `text` the
    statement's text (tried only when the phrase maps nothing). None when nothing fits.
    """
    return taxonomy().match(phrase, unit, text=text)


def map_indicator(phrase: str, unit: str, *, text: str = "") -> Indicator | None:
    """The taxonomy entry of a statement (its indicator phrase and unit), or None.

    See the module docstring for the rules; `text` is the statement's text, a fallback
    context used only when the phrase maps nothing and the text fits exactly one entry.
    """
    found = match_indicator(phrase, unit, text=text)
    return found.indicator if found is not None else None
