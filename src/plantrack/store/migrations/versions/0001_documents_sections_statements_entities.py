"""documents, sections, statements, entities (the schema PlanTrack 0.1 called version 2)

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _document_child(name: str, *columns: sa.Column) -> None:
    op.create_table(
        name,
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "document_id",
            sa.Integer(),
            sa.ForeignKey("documents.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        *columns,
    )


def upgrade() -> None:
    op.create_table(
        "documents",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("path", sa.Text()),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("encoding", sa.Text()),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("title_inferred", sa.Boolean(), nullable=False),
        sa.Column("region", sa.Text()),
        sa.Column("doc_type", sa.String(16), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("period_start", sa.Integer()),
        sa.Column("period_end", sa.Integer()),
        sa.Column("published", sa.Text()),
        sa.Column("source", sa.Text()),
        sa.Column("canonical_url", sa.Text()),
        sa.Column("meta", sa.JSON(), nullable=False),
        sa.Column("clean_text", sa.Text(), nullable=False),
        sa.Column("offset_map", sa.JSON(), nullable=False),
        sa.Column("sentences", sa.JSON(), nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_documents_content_hash", "documents", ["content_hash"], unique=True)
    op.create_index("ix_documents_doc_type", "documents", ["doc_type"])
    op.create_index("ix_documents_published", "documents", ["published"])
    op.create_index("ix_documents_region", "documents", ["region"])

    _document_child(
        "sections",
        sa.Column("parent_ordinal", sa.Integer()),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Text()),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("link", sa.Text()),
    )
    op.create_index(
        "ix_sections_document_ordinal", "sections", ["document_id", "ordinal"], unique=True
    )

    _document_child(
        "statements",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scope", sa.Text()),
        sa.Column("year", sa.Integer()),
        sa.Column("indicator", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("value_num", sa.Float(), nullable=False),
        sa.Column("value_high", sa.Text()),
        sa.Column("unit", sa.Text(), nullable=False),
        sa.Column("comparator", sa.String(2), nullable=False),
        sa.Column("stretch", sa.Boolean(), nullable=False),
        sa.Column("cumulative", sa.Boolean(), nullable=False),
        sa.Column("part_of", sa.Text()),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("section", sa.Text(), nullable=False),
        sa.Column("cues", sa.JSON(), nullable=False),
        sa.Column("mentions", sa.Integer(), nullable=False),
        sa.Column("indicator_id", sa.String(64)),
        sa.Column("scope_code", sa.String(16)),
        sa.Column("link_key", sa.Text()),
    )
    op.create_index(
        "ix_statements_document_ordinal", "statements", ["document_id", "ordinal"], unique=True
    )
    op.create_index("ix_statements_filters", "statements", ["kind", "scope", "year"])
    op.create_index("ix_statements_indicator_id", "statements", ["indicator_id"])
    op.create_index("ix_statements_link_key", "statements", ["link_key"])
    op.create_index("ix_statements_scope_code", "statements", ["scope_code"])

    _document_child(
        "entities",
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("mentions", sa.JSON(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
    )
    op.create_index("ix_entities_kind_name", "entities", ["kind", "name"])


def downgrade() -> None:
    for table in ("entities", "statements", "sections", "documents"):
        op.drop_table(table)
