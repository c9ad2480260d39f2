"""statement counts by facet: one row per combination, with a unique key to upsert on

Revision ID: 0004
Revises: 0003
Create Date: 2027-01-12

Storing a document added its counts with a SELECT then an UPDATE or INSERT per
combination of facet values; a unique key per combination lets one INSERT … ON CONFLICT
DO UPDATE per document (or per batch of documents) do it on SQLite and PostgreSQL. The
six columns cannot carry the constraint themselves (NULLs differ in a unique index), so
a row gets `combination`: a hash of its values (plantrack.store.facets.combination_key,
which this migration repeats: the two must agree). Rows of one combination, harmless
until now, are merged.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLE = "statement_facet_counts"
DIMENSIONS = ("kind", "year", "region", "scope_code", "indicator_id", "stretch")


def combination_key(combo: tuple[Any, ...]) -> str:
    """= plantrack.store.facets.combination_key (as of this revision)."""
    kind, year, region, scope_code, indicator_id, stretch = combo
    data = [kind, year, region, scope_code, indicator_id, bool(stretch)]
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _columns(with_key: bool) -> list[sa.Column[Any]]:
    columns: list[sa.Column[Any]] = [
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("region", sa.Text()),
        sa.Column("scope_code", sa.String(16)),
        sa.Column("indicator_id", sa.String(64)),
        sa.Column("stretch", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    ]
    if with_key:
        columns.append(sa.Column("combination", sa.String(32), nullable=False))
    return columns


def _indexes() -> None:
    # covering indexes: a facet is counted from an index alone
    op.create_index("ix_facet_counts_kind_year", TABLE, ["kind", "year", "stretch", "n"])
    op.create_index("ix_facet_counts_indicator", TABLE, ["indicator_id", "kind", "year", "n"])
    op.create_index("ix_facet_counts_region", TABLE, ["region", "kind", "year", "n"])


def _merged_counts() -> list[dict[str, Any]]:
    dims = ", ".join(DIMENSIONS)
    rows = op.get_bind().execute(
        sa.text(f"SELECT {dims}, sum(n) FROM {TABLE} GROUP BY {dims} ORDER BY min(id)")
    )
    return [
        {**dict(zip(DIMENSIONS, r[:6], strict=True)), "stretch": bool(r[5]), "n": int(r[6])}
        for r in rows
    ]


def upgrade() -> None:
    counts = _merged_counts()
    op.drop_table(TABLE)
    table = op.create_table(TABLE, *_columns(with_key=True))
    _indexes()
    op.create_index("ux_facet_counts_combination", TABLE, ["combination"], unique=True)
    for row in counts:
        row["combination"] = combination_key(tuple(row[d] for d in DIMENSIONS))
    if counts:
        op.bulk_insert(table, counts)


def downgrade() -> None:
    counts = _merged_counts()
    op.drop_table(TABLE)
    table = op.create_table(TABLE, *_columns(with_key=False))
    _indexes()
    op.create_index(
        "ix_facet_counts_combination",
        TABLE,
        ["indicator_id", "region", "year", "kind", "stretch", "scope_code"],
    )
    if counts:
        op.bulk_insert(table, counts)
