"""Provincial-level divisions, loaded once from data/provinces.toml."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Province:
    name: str  # official full name: 黑龙江省
    short: str  # 黑龙江
    abbr: tuple[str, ...]  # 黑, 龙江
    code: str  # 230000


@cache
def provinces() -> tuple[Province, ...]:
    raw = tomllib.loads(
        resources.files("plantrack").joinpath("data/provinces.toml").read_text("utf-8")
    )
    return tuple(
        Province(p["name"], p["short"], tuple(p.get("abbr", ())), p["code"])
        for p in raw["province"]
    )


@cache
def _name_pattern() -> re.Pattern[str]:
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
