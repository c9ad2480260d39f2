"""actual values, the review trail, statements' review status, the full-text index

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

The full-text index differs by backend (see plantrack/store/search.py): an FTS5 table on
SQLite, a table with a GIN-indexed tsvector on PostgreSQL. It is filled lazily, so an
index of an older layout is dropped here and rebuilt on the next search.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "actual_values",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("indicator_id", sa.String(64), nullable=False),
        sa.Column("scope_code", sa.String(16)),
        sa.Column("scope", sa.Text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_num", sa.Float(), nullable=False),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("source", sa.Text()),
        sa.Column("origin", sa.String(16), nullable=False),
        sa.Column("document_id", sa.Integer(), sa.ForeignKey("documents.id", ondelete="CASCADE")),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_actual_values_document_id", "actual_values", ["document_id"])
    op.create_index(
        "ix_actual_values_lookup", "actual_values", ["indicator_id", "scope_code", "year"]
    )

    op.create_table(
        "review_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "statement_id",
            sa.Integer(),
            sa.ForeignKey("statements.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("reviewer", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text()),
    )
    op.create_index("ix_review_edits_statement_id", "review_edits", ["statement_id"])

    with op.batch_alter_table("statements") as batch:
        batch.add_column(sa.Column("review_status", sa.String(16)))

    # the version table of PlanTrack before Alembic
    op.execute("DROP TABLE IF EXISTS plantrack_schema")

    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE IF EXISTS search_sections")
        op.execute("DROP TABLE IF EXISTS search_indexed")
        op.execute(
            "CREATE VIRTUAL TABLE search_chunks USING fts5("
            "title, body, document_id UNINDEXED, section_ordinal UNINDEXED, "
            "tokenize = 'unicode61 remove_diacritics 0')"
        )
        # rank = bm25 with a section title worth twice its body
        op.execute(
            "INSERT INTO search_chunks (search_chunks, rank) VALUES ('rank', 'bm25(2.0, 1.0)')"
        )
        op.execute("CREATE TABLE search_indexed (document_id INTEGER PRIMARY KEY)")
    else:
        op.create_table(
            "search_chunks",
            sa.Column("id", sa.Integer(), primary_key=True),
            sa.Column(
                "document_id",
                sa.Integer(),
                sa.ForeignKey("documents.id", ondelete="CASCADE"),
                nullable=False,
            ),
            sa.Column("section_ordinal", sa.Integer(), nullable=False),
            sa.Column("title", sa.Text(), nullable=False),
            sa.Column("body", sa.Text(), nullable=False),
            sa.Column("tsv", sa.dialects.postgresql.TSVECTOR(), nullable=False),
        )
        op.create_index("ix_search_chunks_document_id", "search_chunks", ["document_id"])
        op.create_index("ix_search_chunks_tsv", "search_chunks", ["tsv"], postgresql_using="gin")
        op.create_table(
            "search_indexed",
            sa.Column(
                "document_id",
                sa.Integer(),
                sa.ForeignKey("documents.id", ondelete="CASCADE"),
                primary_key=True,
            ),
        )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_chunks")
    op.execute("DROP TABLE IF EXISTS search_indexed")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("review_status")
    op.drop_table("review_edits")
    op.drop_table("actual_values")
