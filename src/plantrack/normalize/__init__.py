"""Normalise: map what statements say to shared identifiers, so that figures from
different documents can be compared: indicator ids (data/indicators.toml) and the
administrative codes of their scopes."""

from __future__ import annotations

import dataclasses
import logging

from plantrack.model import Statement

log = logging.getLogger(__name__)

# Scopes that are not Chinese administrative divisions keep a code of their own.
_WORLD_CODES = {"中国": "100000", "全球": "world"}


def scope_code(scope: str | None, issuing_region: str | None = None) -> str | None:
    """The administrative code of a scope name (a region, 中国, 全球), or None."""
    if not scope:
        return None
    if scope in _WORLD_CODES:
        return _WORLD_CODES[scope]
    from plantrack.normalize import regions

    resolve = getattr(regions, "resolve_region", None)
    if resolve is not None:
        region = resolve(scope, within=issuing_region) if issuing_region else resolve(scope)
        return region.code if region is not None else None
    province = regions.province_by_name(scope)
    return province.code if province else None


def normalize_statements(
    statements: list[Statement], issuing_region: str | None = None
) -> list[Statement]:
    """Statements with their indicator id and scope code filled in (pure: new objects)."""
    from plantrack.normalize.indicators import map_indicator

    out: list[Statement] = []
    for st in statements:
        indicator = map_indicator(st.indicator, st.unit, text=st.text)
        out.append(
            dataclasses.replace(
                st,
                indicator_id=indicator.id if indicator is not None else None,
                scope_code=scope_code(st.scope, issuing_region),
            )
        )
    return out
