"""Reading and writing documents. A document is written whole in one transaction (with
other documents, in a batch ingest), with one INSERT per table (SQLAlchemy Core,
executemany) and one upsert of the facet counts."""

from __future__ import annotations

import hashlib
import logging
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    create_engine,
    event,
    false,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import sessionmaker

from plantrack.errors import StoreError
from plantrack.model import Document, Entity, Statement
from plantrack.store import facets, migrate
from plantrack.store.schema import (
    DocumentRow,
    EntityRow,
    ReviewEditRow,
    SectionRow,
    StatementRow,
)
from plantrack.views import meta_dict, section_rows

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # ids are INTEGER columns: 32-bit on PostgreSQL


@dataclass
class ToStore:
    """An analysed document, what `Store.add` takes: its statements, entities and spatial
    layout (views.layout_rows), and the path it was read from."""

    doc: Document
    path: str | None = None
    statements: list[Statement] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    layout: list[dict[str, Any]] = field(default_factory=list)


def make_engine(url: str) -> Engine:
    """An engine for `url`; a SQLite file's folder is created, WAL and foreign keys on."""
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    if engine.dialect.name == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

    return engine


class Store:
    """The document store behind one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            self.engine = make_engine(url)
            migrate.upgrade(self.engine, url)
        except (SQLAlchemyError, OSError) as exc:
            raise StoreError(f"cannot open the database {url}: {exc}") from exc
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self._facet_cache: dict[object, dict[str, list[tuple[Any, int]]]] = {}

    def close(self) -> None:
        self.engine.dispose()

    def analyze(self) -> None:
        """Refresh the query planner's statistics (after a large ingest). PostgreSQL's
        autovacuum does this by itself; SQLite plans badly without them."""
        if self.engine.dialect.name == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")

    # -- writing -------------------------------------------------------------------------
    def document_id_by_hash(self, content_hash: str) -> int | None:
        with self.engine.connect() as conn:
            return conn.scalar(
                select(DocumentRow.id).where(DocumentRow.content_hash == content_hash)
            )

    def document_ids_by_hash(self, content_hashes: Iterable[str]) -> dict[str, int]:
        """The stored documents among these contents: content hash → id."""
        wanted = set(content_hashes)
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(DocumentRow.content_hash, DocumentRow.id).where(
                    DocumentRow.content_hash.in_(wanted)
                )
            )
            return {h: doc_id for h, doc_id in rows}

    def add(
        self,
        doc: Document,
        path: str | None = None,
        statements: list[Statement] | None = None,
        entities: list[Entity] | None = None,
        layout: list[dict[str, Any]] | None = None,
    ) -> tuple[int, bool]:
        """Store a document and its statements unless its content is stored already:
        (id, newly stored). Everything is written in one transaction."""
        item = ToStore(doc, path, statements or [], entities or [], layout or [])
        result = self._add_one(item)
        if isinstance(result, StoreError):
            raise result
        return result

    def add_many(self, items: Sequence[ToStore]) -> list[tuple[int, bool] | StoreError]:
        """Store several documents in one transaction (each unless its content is stored
        already, or comes earlier in `items`): for each, (id, newly stored), or the error
        that kept it out. Should the transaction fail, each document is tried again in a
        transaction of its own, so that a bad document fails alone."""
        if len(items) <= 1:
            return [self._add_one(item) for item in items]
        try:
            with self.engine.begin() as conn:
                return self._write(conn, items)
        except Exception as exc:
            log.debug("a batch of %d documents failed (%s); one by one", len(items), exc)
        results: list[tuple[int, bool] | StoreError] = []
        for item in items:
            try:
                results.append(self._add_one(item))
            except Exception as exc:  # a bug: this document fails, the others are kept
                log.exception("unexpected error storing %s", item.doc.source.name)
                reason = f"cannot store the document: internal error ({type(exc).__name__}: {exc})"
                results.append(StoreError(reason, file=item.doc.source.name))
        return results

    def _add_one(self, item: ToStore) -> tuple[int, bool] | StoreError:
        name = item.doc.source.name
        try:
            with self.engine.begin() as conn:
                return self._write(conn, [item])[0]
        except IntegrityError as exc:
            # Another process stored the same content between our check and our write.
            try:
                found = self.document_id_by_hash(item.doc.source.content_hash)
            except SQLAlchemyError:
                found = None
            if found is None:
                error = StoreError(f"cannot store the document: {exc.orig}", file=name)
                error.__cause__ = exc
                return error
            return found, False
        except SQLAlchemyError as exc:
            error = StoreError(f"cannot store the document: {exc}", file=name)
            error.__cause__ = exc
            return error

    def _write(self, conn: Connection, items: Sequence[ToStore]) -> list[tuple[int, bool]]:
        """Insert `items` on `conn` (in its transaction) with one statement per table:
        documents, sections, statements, entities, and one upsert of the facet counts."""
        hashes = [item.doc.source.content_hash for item in items]
        known: dict[str, int] = {
            h: doc_id
            for h, doc_id in conn.execute(
                select(DocumentRow.content_hash, DocumentRow.id).where(
                    DocumentRow.content_hash.in_(set(hashes))
                )
            )
        }
        new: dict[str, ToStore] = {}
        for h, item in zip(hashes, items, strict=True):
            if h not in known:
                new.setdefault(h, item)
        created: set[str] = set()
        if new:
            documents = DocumentRow.__table__
            ids = conn.execute(
                insert(documents).returning(documents.c.id, sort_by_parameter_order=True),
                [_document_values(item) for item in new.values()],
            ).scalars()
            sections: list[dict[str, Any]] = []
            statements: list[dict[str, Any]] = []
            entities: list[dict[str, Any]] = []
            counts: Counter[facets.Key] = Counter()
            for (h, item), doc_id in zip(new.items(), ids, strict=True):
                known[h] = doc_id
                created.add(h)
                sections += [{**r, "document_id": doc_id} for r in section_rows(item.doc.root)]
                rows = [_statement_values(doc_id, i, st) for i, st in enumerate(item.statements, 1)]
                statements += rows
                counts.update(facets.count(rows, item.doc.meta.region))
                entities += [
                    {
                        "document_id": doc_id,
                        "ordinal": i,
                        "kind": e.kind,
                        "name": e.name,
                        "mentions": [list(m) for m in e.mentions],
                        "sections": list(e.sections),
                    }
                    for i, e in enumerate(item.entities, 1)
                ]
            for table, rows in (
                (SectionRow.__table__, sections),
                (StatementRow.__table__, statements),
                (EntityRow.__table__, entities),
            ):
                if rows:
                    conn.execute(insert(table), rows)
            facets.apply(conn, counts)
        out: list[tuple[int, bool]] = []
        for h in hashes:
            out.append((known[h], h in created))
            created.discard(h)  # a second copy in `items` is not new
        return out

    # -- reading -------------------------------------------------------------------------
    def count(self) -> int:
        with self._sessions() as s:
            return s.scalar(select(func.count(DocumentRow.id))) or 0

    def list_documents(self, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
        with self._sessions() as s:
            rows = s.scalars(
                select(DocumentRow).order_by(DocumentRow.id).limit(limit).offset(offset)
            )
            return [_summary(r) for r in rows]

    def statements(
        self,
        *,
        region: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        indicator: str | None = None,
        indicator_id: str | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> list[dict[str, Any]]:
        """Stored statements in document order, filtered (`indicator`: a substring of the
        indicator phrase); each with its document's id, name and title."""
        query = _statement_query(
            region=region, year=year, kind=kind, indicator=indicator, indicator_id=indicator_id
        ).order_by(StatementRow.document_id, StatementRow.ordinal)
        if limit is not None:
            query = query.limit(limit)
        with self._sessions() as s:
            return _statement_dicts(s.execute(query.offset(offset)).all())

    def compare(
        self, indicator_id: str, *, year: int | None = None, kind: str | None = "target"
    ) -> list[dict[str, Any]]:
        """One row per figure and region for an indicator: a target that several documents
        state is one row with all its sources (`sources`: document names, `source_ids`:
        their ids, `phrases`)."""
        rows = self.statements(indicator_id=indicator_id, year=year, kind=kind, limit=None)
        merged: dict[object, dict[str, Any]] = {}
        for r in rows:
            key = r["link_key"] or ("statement", r["id"])
            if key in merged:
                m = merged[key]
                if r["doc"] not in m["sources"]:
                    m["sources"].append(r["doc"])
                    m["phrases"].append(r["text"])
                    m["source_ids"].append(r["document_id"])
                m["stretch"] = m["stretch"] or r["stretch"]
                m["cumulative"] = m["cumulative"] or r["cumulative"]
                continue
            merged[key] = {
                **r,
                "sources": [r["doc"]],
                "phrases": [r["text"]],
                "source_ids": [r["document_id"]],
            }
        return sorted(
            merged.values(),
            key=lambda m: (
                m["scope_code"] or "~",
                m["scope"] or "",
                m["year"] or 0,
                m["value_num"],
            ),
        )

    def get(self, ref: str) -> dict[str, Any] | None:
        """A stored document by id or by a prefix (≥ 6 characters) of its content hash."""
        if _has_nul(ref):
            return None
        with self._sessions() as s:
            row: DocumentRow | None = None
            if ref.isdigit() and int(ref) <= MAX_ID:
                row = s.get(DocumentRow, int(ref))
            if row is None and len(ref) >= 6:
                row = s.scalars(
                    select(DocumentRow).where(DocumentRow.content_hash.startswith(ref.lower()))
                ).first()
            if row is None:
                return None
            view = _summary(row)
            view.update(
                {
                    "encoding": row.encoding,
                    "size": row.size,
                    "title_inferred": row.title_inferred,
                    "source": row.source,
                    "canonical_url": row.canonical_url,
                    "period_start": row.period_start,
                    "period_end": row.period_end,
                    **row.meta,
                    "sections": [
                        {c.key: getattr(sec, c.key) for c in SectionRow.__table__.columns}
                        for sec in row.sections
                    ],
                    "sentence_count": len(row.sentences),
                    "statement_count": len(row.statements),
                    "entities": [
                        {
                            "kind": e.kind,
                            "name": e.name,
                            "mentions": len(e.mentions),
                            "sections": e.sections,
                        }
                        for e in row.entities
                    ],
                    "text": row.clean_text,
                }
            )
            return view

    # -- read-only queries for the API ---------------------------------------------------
    def find_documents(
        self,
        *,
        region: str | None = None,
        doc_type: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, one page of summaries): documents filtered by issuing region
        and type, in id order."""
        query = select(DocumentRow)
        if _has_nul(region, doc_type):
            query = query.where(false())
        if region:
            query = query.where(DocumentRow.region == region)
        if doc_type:
            query = query.where(DocumentRow.doc_type == doc_type)
        with self._sessions() as s:
            total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = s.scalars(query.order_by(DocumentRow.id).limit(limit).offset(offset))
            return total, [_summary(r) for r in rows]

    def sections(self, document_id: int) -> list[dict[str, Any]] | None:
        """A stored document's sections in document order; None when there is no such
        document."""
        if not 0 < document_id <= MAX_ID:
            return None
        with self._sessions() as s:
            if s.get(DocumentRow, document_id) is None:
                return None
            rows = s.scalars(
                select(SectionRow)
                .where(SectionRow.document_id == document_id)
                .order_by(SectionRow.ordinal)
            )
            return [{c.key: getattr(r, c.key) for c in SectionRow.__table__.columns} for r in rows]

    def search_statements(
        self,
        *,
        region: str | None = None,
        region_code: str | None = None,
        indicator_id: str | None = None,
        year: int | None = None,
        kind: str | None = None,
        stretch: bool | None = None,
        text: str | None = None,
        document_id: int | None = None,
        sort: str | None = None,
        descending: bool = False,
        limit: int | None = 100,
        offset: int = 0,
    ) -> tuple[int, list[dict[str, Any]]]:
        """(how many match, one page): stored statements, each with its document's id,
        name and title. `region` is a scope name (an unscoped statement counts for its
        document's region), `region_code` a scope code, `indicator_id` takes its family
        along, `text` is a substring of the indicator or the text; `sort` is one of
        year, value, kind, scope (ties in document order)."""
        # the filters the kept facet counts can answer, and those they cannot
        counted: dict[str, Any] = {
            "region": region,
            "region_code": region_code,
            "indicator_id": indicator_id,
            "year": year,
            "kind": kind,
            "stretch": stretch,
        }
        query = _statement_query(**counted, text=text, document_id=document_id)
        columns = {
            "year": StatementRow.year,
            "value": StatementRow.value_num,
            "kind": StatementRow.kind,
            "scope": StatementRow.scope,
        }
        order = []
        if sort:
            if sort not in columns:
                raise ValueError(f"cannot sort by {sort!r}")
            # NULLs last either way, as SQLite and PostgreSQL would otherwise differ
            column = columns[sort]
            order.append((column.desc() if descending else column.asc()).nulls_last())
        order.append(StatementRow.id)  # document order: a document's statements are stored in order
        with self._sessions() as s:
            if text or document_id is not None or _has_nul(region, region_code, indicator_id):
                total = s.scalar(select(func.count()).select_from(query.subquery())) or 0
            else:  # the kept counts answer without scanning the statements
                total = facets.total(s, **counted)
            rows = s.execute(query.order_by(*order).limit(limit).offset(offset)).all()
            return total, _statement_dicts(rows)

    FACETS = ("scope", "indicator_id", "year", "kind", "stretch")

    def statement_facets(
        self, *, top: int = 30, **filters: Any
    ) -> dict[str, list[tuple[Any, int]]]:
        """For each facet (scope, indicator_id, year, kind, stretch): its values with how
        many statements match the filters (the facet's own filter left out, so that the
        other choices stay visible), most frequent first, at most `top`. The region facet
        counts an unscoped statement for its document's region, as the region filter does.
        Answered from the kept counts, unless a filter they do not hold (text) is given."""
        if filters.get("text") or filters.get("document_id") is not None:
            return self._live_facets(top=top, **filters)
        if _has_nul(*(v for v in filters.values() if isinstance(v, str))):
            return {facet: [] for facet in self.FACETS}
        with self._sessions() as s:
            # the same view again (paging, sorting, going back) is answered from memory
            # while nothing was stored or reviewed meanwhile
            version = s.execute(
                select(
                    select(func.max(DocumentRow.id)).scalar_subquery(),
                    select(func.max(ReviewEditRow.id)).scalar_subquery(),
                )
            ).one()
            key = (tuple(version), top, tuple(sorted(filters.items())))
            cached = self._facet_cache.get(key)
            if cached is None:
                cached = {
                    facet: facets.facet_values(s, facet, top, **filters) for facet in self.FACETS
                }
                if len(self._facet_cache) >= 256:
                    self._facet_cache.pop(next(iter(self._facet_cache)))
                self._facet_cache[key] = cached
            return cached

    def _live_facets(self, *, top: int = 30, **filters: Any) -> dict[str, list[tuple[Any, int]]]:
        """statement_facets by scanning the matching statements."""
        region_of = func.coalesce(StatementRow.scope, DocumentRow.region)
        columns = {
            "scope": ("region", region_of),
            "indicator_id": ("indicator_id", StatementRow.indicator_id),
            "year": ("year", StatementRow.year),
            "kind": ("kind", StatementRow.kind),
            "stretch": ("stretch", StatementRow.stretch),
        }
        out: dict[str, list[tuple[Any, int]]] = {}
        with self._sessions() as s:
            for facet, (own, column) in columns.items():
                others = {k: v for k, v in filters.items() if k != own}
                sub = _statement_query(**others).with_only_columns(column.label("v")).subquery()
                count = func.count().label("n")
                rows = s.execute(
                    select(sub.c.v, count)
                    .group_by(sub.c.v)
                    .order_by(count.desc(), sub.c.v)
                    .limit(top)
                ).all()
                out[facet] = [(v, n) for v, n in rows]
        return out

    def statement(self, statement_id: int) -> dict[str, Any] | None:
        """One stored statement with its document's id, name and title."""
        if not 0 < statement_id <= MAX_ID:
            return None
        query = select(StatementRow, DocumentRow.name, DocumentRow.title).join(DocumentRow)
        with self._sessions() as s:
            rows = s.execute(query.where(StatementRow.id == statement_id)).all()
            return _statement_dicts(rows)[0] if rows else None

    def counts(self) -> dict[str, int]:
        """How many documents, statements, targets, regions (scope codes) and indicators
        are stored."""
        from plantrack.store.schema import FacetCountRow as F

        with self._sessions() as s:
            live = F.n > 0
            return {
                "documents": s.scalar(select(func.count(DocumentRow.id))) or 0,
                "statements": facets.total(s),
                "targets": facets.total(s, kind="target"),
                "regions": s.scalar(select(func.count(func.distinct(F.scope_code))).where(live))
                or 0,
                "indicators": s.scalar(
                    select(func.count(func.distinct(F.indicator_id))).where(live)
                )
                or 0,
            }

    def latest_documents(self, limit: int = 10) -> list[dict[str, Any]]:
        """The most recently stored documents, newest first."""
        with self._sessions() as s:
            rows = s.scalars(select(DocumentRow).order_by(DocumentRow.id.desc()).limit(limit))
            return [_summary(r) for r in rows]


def _statement_query(
    *,
    region: str | None = None,
    region_code: str | None = None,
    indicator_id: str | None = None,
    year: int | None = None,
    kind: str | None = None,
    stretch: bool | None = None,
    indicator: str | None = None,
    text: str | None = None,
    document_id: int | None = None,
) -> Select[Any]:
    """Statements joined to their documents, filtered. `region` is a scope name (an
    unscoped statement counts for its document's region); `indicator_id` takes its
    family along (nev.charging_piles holds the public ones); `indicator` is a substring
    of the indicator phrase, `text` of the phrase or the statement's text."""
    query = select(StatementRow, DocumentRow.name, DocumentRow.title).join(DocumentRow)
    if _has_nul(region, region_code, indicator_id, kind, indicator, text):
        return query.where(false())
    if region:
        query = query.where(
            (StatementRow.scope == region)
            | ((StatementRow.scope.is_(None)) & (DocumentRow.region == region))
        )
    if document_id is not None:
        query = query.where(StatementRow.document_id == document_id)
    query = facets.equal_filters(
        query,
        StatementRow,
        region_code=region_code,
        indicator_id=indicator_id,
        year=year,
        kind=kind,
        stretch=stretch,
    )
    if indicator:
        query = query.where(StatementRow.indicator.icontains(indicator, autoescape=True))
    if text:
        query = query.where(
            StatementRow.indicator.icontains(text, autoescape=True)
            | StatementRow.text.icontains(text, autoescape=True)
        )
    return query


def _has_nul(*values: str | None) -> bool:
    """Whether a filter holds a NUL: no stored text does (cleaning removes control
    characters), and PostgreSQL refuses one in a query."""
    return any(v is not None and "\x00" in v for v in values)


def _statement_dicts(rows: Sequence[Any]) -> list[dict[str, Any]]:
    return [
        {
            "document_id": st.document_id,
            "doc": name,
            "title": title,
            **{c.key: getattr(st, c.key) for c in StatementRow.__table__.columns},
        }
        for st, name, title in rows
    ]


def _summary(row: DocumentRow) -> dict[str, Any]:
    period = f"{row.period_start}–{row.period_end}" if row.period_start else None
    return {
        "id": row.id,
        "name": row.name,
        "path": row.path,
        "content_hash": row.content_hash,
        "format": row.format,
        "title": row.title,
        "region": row.region,
        "doc_type": row.doc_type,
        "status": row.status,
        "period": period,
        "published": row.published,
        "ingested_at": row.ingested_at.isoformat() if row.ingested_at else None,
    }


def _document_values(item: ToStore) -> dict[str, Any]:
    """A documents row's column values."""
    doc, path = item.doc, item.path
    meta = meta_dict(doc.meta)
    return {
        "content_hash": doc.source.content_hash,
        "name": doc.source.name.replace("\x00", ""),
        "path": path.replace("\x00", "") if path else path,
        "format": doc.source.format.value,
        "encoding": doc.source.encoding,
        "size": doc.source.size,
        "title": doc.meta.title,
        "title_inferred": doc.meta.title_inferred,
        "region": doc.meta.region,
        "doc_type": doc.meta.doc_type.value,
        "status": doc.meta.status.value,
        "period_start": doc.meta.period_start,
        "period_end": doc.meta.period_end,
        "published": meta["published"],
        "source": doc.meta.source,
        "canonical_url": doc.meta.canonical_url,
        "meta": {
            "categories": meta["categories"],
            "tags": meta["tags"],
            "codes": meta["codes"],
            "removed": {k: len(v) for k, v in doc.clean.removed.items()},
            "page_count": doc.source.page_count,
            "layout": item.layout or [],
        },
        "clean_text": doc.text,
        "offset_map": doc.clean.offset_map.as_pairs(),
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "ingested_at": datetime.now(UTC),
    }


def _statement_values(document_id: int, ordinal: int, st: Statement) -> dict[str, Any]:
    """A statements row's column values."""
    kind = st.kind.value
    return {
        "document_id": document_id,
        "ordinal": ordinal,
        "kind": kind,
        "scope": st.scope,
        "year": st.year,
        "indicator": st.indicator,
        "value": str(st.value),
        "value_num": float(st.value),
        "value_high": str(st.value_high) if st.value_high is not None else None,
        "unit": st.unit,
        "comparator": st.comparator,
        "stretch": st.stretch,
        "cumulative": st.cumulative,
        "part_of": st.part_of,
        "text": st.text,
        "start": st.start,
        "end": st.end,
        "section": st.section,
        "cues": st.cues,
        "mentions": st.mentions,
        "indicator_id": st.indicator_id,
        "scope_code": st.scope_code,
        "link_key": link_key_of(
            kind,
            st.scope,
            st.scope_code,
            st.year,
            st.indicator,
            st.indicator_id,
            st.value,
            st.unit,
        ),
    }


def link_key(st: Statement) -> str | None:
    """Targets that are one target stated by several documents share this key: same
    scope, deadline, indicator (its taxonomy id, else its words), value and unit."""
    return link_key_of(
        st.kind.value,
        st.scope,
        st.scope_code,
        st.year,
        st.indicator,
        st.indicator_id,
        st.value,
        st.unit,
    )


def link_key_of(
    kind: str,
    scope: str | None,
    scope_code: str | None,
    year: int | None,
    indicator: str,
    indicator_id: str | None,
    value: Decimal,
    unit: str,
) -> str | None:
    """`link_key` from a statement's fields (a stored row's, say, after a correction)."""
    if kind != "target":
        return None
    what = indicator_id or indicator
    key = f"{scope_code or scope}|{year}|{what}|{value.normalize():f}|{unit}"
    if len(key) > 200:  # an index entry stays small on every backend; equal keys stay equal
        key = key[:160] + "#" + hashlib.sha256(key.encode()).hexdigest()[:32]
    return key
