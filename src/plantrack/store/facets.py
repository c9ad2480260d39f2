"""Statement counts by facet, kept up to date as documents are stored and statements
reviewed, so that the targets explorer's facets, totals and the home page's counts
do not scan every statement (1.3 million of them in 20,000 generated documents).

A row of `statement_facet_counts` holds how many statements share one combination of
kind, year, region, scope code, indicator id and stretch. The region is the
statement's scope, or its document's region when it has none — the same rule as the
statements' region filter. A row's `combination` column is a hash of those six values,
unique: a document's counts (or a batch's) are added by one INSERT … ON CONFLICT DO
UPDATE, on SQLite and PostgreSQL alike. Counts are always summed all the same.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, Select, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from plantrack.store.schema import FacetCountRow, StatementRow

DIMENSIONS = ("kind", "year", "region", "scope_code", "indicator_id", "stretch")
Key = tuple[Any, ...]


def key_of(row: StatementRow, doc_region: str | None) -> Key:
    """A statement's combination of facet values."""
    return (
        row.kind,
        row.year,
        row.scope or doc_region,
        row.scope_code,
        row.indicator_id,
        bool(row.stretch),
    )


def key_of_values(values: Mapping[str, Any], doc_region: str | None) -> Key:
    """`key_of` for a statement row's column values (a dict about to be inserted)."""
    return (
        values["kind"],
        values["year"],
        values["scope"] or doc_region,
        values["scope_code"],
        values["indicator_id"],
        bool(values["stretch"]),
    )


def combination_key(combo: Key) -> str:
    """The unique key of a combination in the counts table: a hash of its six values.
    Migration 0004 repeats this function for the rows it converts: keep them equal."""
    kind, year, region, scope_code, indicator_id, stretch = combo
    data = [kind, year, region, scope_code, indicator_id, bool(stretch)]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def apply(conn: Session | Connection, deltas: Counter[Key]) -> None:
    """Add `deltas` (combination → change in count) within the caller's transaction: one
    INSERT … ON CONFLICT DO UPDATE for all of them."""
    rows = [
        {
            **dict(zip(DIMENSIONS, combo, strict=True)),
            "combination": combination_key(combo),
            "n": delta,
        }
        for combo, delta in deltas.items()
        if delta
    ]
    if not rows:
        return
    # in key order: concurrent writers on PostgreSQL take the rows' locks in one order
    rows.sort(key=lambda r: r["combination"])
    bind = conn.get_bind() if isinstance(conn, Session) else conn
    table = FacetCountRow.__table__
    dialect = bind.dialect.name
    if dialect == "sqlite":
        stmt: Any = sqlite.insert(table)
    elif dialect == "postgresql":
        stmt = postgresql.insert(table)
    else:  # pragma: no cover - PlanTrack runs on these two
        raise NotImplementedError(f"facet counts on {dialect}")
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.combination], set_={"n": table.c.n + stmt.excluded.n}
    )
    conn.execute(stmt, rows)


def count(rows: Iterable[Mapping[str, Any]], doc_region: str | None) -> Counter[Key]:
    """How many of a document's statement rows (column values) fall in each combination."""
    return Counter(key_of_values(r, doc_region) for r in rows)


def equal_filters(
    query: Select[Any],
    table: Any,
    *,
    region_code: str | None = None,
    indicator_id: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    stretch: bool | None = None,
) -> Select[Any]:
    """`query` restricted by the filters that compare one column of `table` (statements
    or the counts table: both have these columns); `indicator_id` takes its family."""
    if region_code:
        query = query.where(table.scope_code == region_code)
    if indicator_id:
        from plantrack.normalize.indicators import indicator_family

        query = query.where(table.indicator_id.in_(indicator_family(indicator_id)))
    if year is not None:
        query = query.where(table.year == year)
    if kind:
        query = query.where(table.kind == kind)
    if stretch is not None:
        query = query.where(table.stretch == stretch)
    return query


def filtered(query: Select[Any], *, region: str | None = None, **filters: Any) -> Select[Any]:
    """`query` over the counts table, restricted like the statements' filters."""
    if region:
        query = query.where(FacetCountRow.region == region)
    return equal_filters(query, FacetCountRow, **filters)


def total(session: Session, **filters: Any) -> int:
    """How many statements match the filters."""
    return int(session.scalar(filtered(select(func.sum(FacetCountRow.n)), **filters)) or 0)


# facet name on the page → (column of the counts table, the filter it answers to)
FACET_COLUMNS = {
    "scope": ("region", "region"),
    "indicator_id": ("indicator_id", "indicator_id"),
    "year": ("year", "year"),
    "kind": ("kind", "kind"),
    "stretch": ("stretch", "stretch"),
}


def facet_values(session: Session, facet: str, top: int, **filters: Any) -> list[tuple[Any, int]]:
    """A facet's values with their counts under the filters (its own filter left out),
    most frequent first."""
    column_name, own = FACET_COLUMNS[facet]
    column = getattr(FacetCountRow, column_name)
    n = func.sum(FacetCountRow.n).label("n")
    others = {k: v for k, v in filters.items() if k != own}
    query = filtered(select(column, n), **others).group_by(column)
    rows = session.execute(
        query.having(func.sum(FacetCountRow.n) > 0).order_by(n.desc(), column).limit(top)
    )
    return [(value, int(count)) for value, count in rows]
