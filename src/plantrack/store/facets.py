"""Statement counts by facet, kept up to date as documents are stored and statements
reviewed, so that the targets explorer's facets, totals and the home page's counts
do not scan every statement (1.3 million of them in 20,000 generated documents).

A row of `statement_facet_counts` holds how many statements share one combination of
kind, year, region, scope code, indicator id and stretch. The region is the
statement's scope, or its document's region when it has none — the same rule as the
statements' region filter. Rows are never unique by constraint (NULLs differ on both
backends); counts are always summed, so two rows of one combination are harmless.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from sqlalchemy import Select, and_, func, select, update
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


def apply(session: Session, deltas: Counter[Key]) -> None:
    """Add `deltas` (combination → change in count) within the caller's transaction."""
    for combo, delta in deltas.items():
        if not delta:
            continue
        match = and_(
            *(
                getattr(FacetCountRow, dim).is_(None)
                if value is None
                else getattr(FacetCountRow, dim) == value
                for dim, value in zip(DIMENSIONS, combo, strict=True)
            )
        )
        first = session.scalar(select(FacetCountRow.id).where(match).limit(1))
        if first is None:
            session.add(FacetCountRow(**dict(zip(DIMENSIONS, combo, strict=True)), n=delta))
        else:
            session.execute(
                update(FacetCountRow)
                .where(FacetCountRow.id == first)
                .values(n=FacetCountRow.n + delta)
            )


def count(rows: Iterable[StatementRow], doc_region: str | None) -> Counter[Key]:
    return Counter(key_of(r, doc_region) for r in rows)


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
