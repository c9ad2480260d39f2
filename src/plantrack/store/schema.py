"""Tables: documents, their sections, statements and entities; actual values and the
review trail. One schema for SQLite and PostgreSQL; every change to it is an Alembic
migration in `plantrack/store/migrations/versions/`.

Strings that come from documents are TEXT: PostgreSQL enforces VARCHAR lengths, and a
long title or indicator phrase must not make a document unstorable."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    name: Mapped[str] = mapped_column(Text)
    path: Mapped[str | None] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str | None] = mapped_column(Text)
    size: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    title_inferred: Mapped[bool] = mapped_column(default=False)
    region: Mapped[str | None] = mapped_column(Text, index=True)
    doc_type: Mapped[str] = mapped_column(String(16), index=True)
    status: Mapped[str] = mapped_column(String(16))
    period_start: Mapped[int | None] = mapped_column(Integer)
    period_end: Mapped[int | None] = mapped_column(Integer)
    published: Mapped[str | None] = mapped_column(Text, index=True)  # ISO 8601, with zone
    source: Mapped[str | None] = mapped_column(Text)
    canonical_url: Mapped[str | None] = mapped_column(Text)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    clean_text: Mapped[str] = mapped_column(Text)
    offset_map: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    sentences: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    sections: Mapped[list[SectionRow]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="SectionRow.ordinal",
    )
    statements: Mapped[list[StatementRow]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="StatementRow.ordinal",
    )
    entities: Mapped[list[EntityRow]] = relationship(
        back_populates="document",
        cascade="all, delete-orphan",
        order_by="EntityRow.ordinal",
    )


class SectionRow(Base):
    __tablename__ = "sections"
    __table_args__ = (Index("ix_sections_document_ordinal", "document_id", "ordinal", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)  # document order, 1-based
    parent_ordinal: Mapped[int | None] = mapped_column(Integer)  # None: top level
    level: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str] = mapped_column(Text)
    label: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    link: Mapped[str | None] = mapped_column(Text)

    document: Mapped[DocumentRow] = relationship(back_populates="sections")


class StatementRow(Base):
    __tablename__ = "statements"
    __table_args__ = (
        Index("ix_statements_document_ordinal", "document_id", "ordinal", unique=True),
        Index("ix_statements_filters", "kind", "scope", "year"),
        Index("ix_statements_kind_value", "kind", "value_num"),
        Index("ix_statements_kind_year", "kind", "year"),
        Index("ix_statements_indicator_year", "indicator_id", "year", "kind"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str | None] = mapped_column(Text)
    year: Mapped[int | None] = mapped_column(Integer)
    indicator: Mapped[str] = mapped_column(Text)
    value: Mapped[str] = mapped_column(Text)  # exact decimal, as text
    value_num: Mapped[float] = mapped_column(Float)  # for sorting and ranges
    value_high: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[str] = mapped_column(Text)
    comparator: Mapped[str] = mapped_column(String(2))
    stretch: Mapped[bool] = mapped_column(Boolean)
    cumulative: Mapped[bool] = mapped_column(Boolean)
    part_of: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(Text)
    cues: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    mentions: Mapped[int] = mapped_column(Integer, default=1)
    indicator_id: Mapped[str | None] = mapped_column(String(64), index=True)
    scope_code: Mapped[str | None] = mapped_column(String(16), index=True)
    # the same target stated by several documents shares this key (see repository.link_key)
    link_key: Mapped[str | None] = mapped_column(Text, index=True)
    # None until someone reviews it: confirmed, corrected or rejected (see ReviewEditRow)
    review_status: Mapped[str | None] = mapped_column(String(16))

    document: Mapped[DocumentRow] = relationship(back_populates="statements")


class EntityRow(Base):
    __tablename__ = "entities"
    __table_args__ = (Index("ix_entities_kind_name", "kind", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    ordinal: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(Text)
    mentions: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    sections: Mapped[list[str]] = mapped_column(JSON, default=list)

    document: Mapped[DocumentRow] = relationship(back_populates="entities")


class ActualValueRow(Base):
    """A measured value of an indicator for a region and year: imported from a table
    (origin "import") or a baseline stated by a stored document (origin "document")."""

    __tablename__ = "actual_values"
    __table_args__ = (Index("ix_actual_values_lookup", "indicator_id", "scope_code", "year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    indicator_id: Mapped[str] = mapped_column(String(64))
    scope_code: Mapped[str | None] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(Text)  # the region as written
    year: Mapped[int] = mapped_column(Integer)
    value: Mapped[str] = mapped_column(Text)  # exact decimal, as text
    value_num: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(16), default="import")
    document_id: Mapped[int | None] = mapped_column(
        ForeignKey("documents.id", ondelete="CASCADE"), index=True
    )
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class ReviewEditRow(Base):
    """One review of a statement: who, when, what it did, its fields before and after."""

    __tablename__ = "review_edits"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[int] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(16))  # confirm, correct, reject
    reviewer: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str | None] = mapped_column(Text)


class FacetCountRow(Base):
    """How many statements share one combination of facet values (see store/facets.py)."""

    __tablename__ = "statement_facet_counts"
    __table_args__ = (
        # covering: a facet is counted from an index alone
        Index("ix_facet_counts_kind_year", "kind", "year", "stretch", "n"),
        Index("ix_facet_counts_indicator", "indicator_id", "kind", "year", "n"),
        Index("ix_facet_counts_region", "region", "kind", "year", "n"),
        # one row per combination: storing and reviewing upsert into it
        Index("ux_facet_counts_combination", "combination", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # the combination's key (facets.combination_key): unique where the six columns
    # cannot be (NULLs differ), so that counts are upserted (INSERT … ON CONFLICT)
    combination: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    year: Mapped[int | None] = mapped_column(Integer)
    region: Mapped[str | None] = mapped_column(Text)
    scope_code: Mapped[str | None] = mapped_column(String(16))
    indicator_id: Mapped[str | None] = mapped_column(String(64))
    stretch: Mapped[bool] = mapped_column(Boolean)
    n: Mapped[int] = mapped_column(Integer)
