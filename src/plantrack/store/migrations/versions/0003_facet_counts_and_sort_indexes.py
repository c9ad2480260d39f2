"""statement counts by facet, and indexes for sorting and comparing

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "statement_facet_counts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("year", sa.Integer()),
        sa.Column("region", sa.Text()),
        sa.Column("scope_code", sa.String(16)),
        sa.Column("indicator_id", sa.String(64)),
        sa.Column("stretch", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
    )
    # covering indexes: a facet is counted from an index alone
    op.create_index(
        "ix_facet_counts_kind_year", "statement_facet_counts", ["kind", "year", "stretch", "n"]
    )
    op.create_index(
        "ix_facet_counts_indicator", "statement_facet_counts", ["indicator_id", "kind", "year", "n"]
    )
    op.create_index(
        "ix_facet_counts_region", "statement_facet_counts", ["region", "kind", "year", "n"]
    )
    # finding a combination's row when a document is stored or a statement reviewed
    op.create_index(
        "ix_facet_counts_combination",
        "statement_facet_counts",
        ["indicator_id", "region", "year", "kind", "stretch", "scope_code"],
    )
    # the statements stored so far
    op.execute(
        "INSERT INTO statement_facet_counts "
        "(kind, year, region, scope_code, indicator_id, stretch, n) "
        "SELECT s.kind, s.year, COALESCE(s.scope, d.region), s.scope_code, s.indicator_id, "
        "s.stretch, count(*) FROM statements AS s JOIN documents AS d ON d.id = s.document_id "
        "GROUP BY s.kind, s.year, COALESCE(s.scope, d.region), s.scope_code, s.indicator_id, "
        "s.stretch"
    )
    op.create_index("ix_statements_kind_value", "statements", ["kind", "value_num"])
    op.create_index("ix_statements_kind_year", "statements", ["kind", "year"])
    op.create_index("ix_statements_indicator_year", "statements", ["indicator_id", "year", "kind"])


def downgrade() -> None:
    op.drop_index("ix_statements_indicator_year", "statements")
    op.drop_index("ix_statements_kind_year", "statements")
    op.drop_index("ix_statements_kind_value", "statements")
    op.drop_table("statement_facet_counts")
