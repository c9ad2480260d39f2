"""Plain-data views of a Document, shared by the store, the CLI and (later) the API."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from plantrack.model import Document, DocumentMeta, Entity, Section, Statement


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601, keeping the time zone: 2022-05-20T21:45:07+08:00."""
    return value.isoformat() if value is not None else None


def meta_dict(meta: DocumentMeta) -> dict[str, Any]:
    return {
        "title": meta.title,
        "title_inferred": meta.title_inferred,
        "region": meta.region,
        "doc_type": meta.doc_type.value,
        "status": meta.status.value,
        "period": (
            f"{meta.period_start}–{meta.period_end}"
            if meta.period_start and meta.period_end
            else None
        ),
        "period_start": meta.period_start,
        "period_end": meta.period_end,
        "published": iso(meta.published),
        "source": meta.source,
        "canonical_url": meta.canonical_url,
        "categories": meta.categories,
        "tags": meta.tags,
        "codes": meta.codes,
    }


def section_rows(root: Section) -> list[dict[str, Any]]:
    """The section tree flattened in document order, each with its parent's ordinal."""
    rows: list[dict[str, Any]] = []

    def visit(sec: Section, parent: int | None) -> None:
        for child in sec.children:
            rows.append(
                {
                    "ordinal": len(rows) + 1,
                    "parent_ordinal": parent,
                    "level": child.level,
                    "kind": child.kind.value,
                    "number": child.number,
                    "title": child.title,
                    "label": child.label,
                    "start": child.start,
                    "end": child.end,
                    "link": child.link,
                }
            )
            visit(child, len(rows))

    visit(root, None)
    return rows


def entity_rows(entities: list[Entity]) -> list[dict[str, Any]]:
    return [
        {"kind": e.kind, "name": e.name, "mentions": len(e.mentions), "sections": list(e.sections)}
        for e in entities
    ]


def layout_rows(layout: Iterable[Any]) -> list[dict[str, Any]]:
    """A plan's spatial layout (extract.entities.LayoutRole) as plain data."""
    return [
        {
            "role": r.role,
            "section": r.section,
            "cities": list(r.cities),
            "parks": list(r.parks),
            "enterprises": list(r.enterprises),
        }
        for r in layout
    ]


def document_view(
    doc: Document, entities: list[Entity] | None = None, layout: Iterable[Any] = ()
) -> dict[str, Any]:
    """Everything `show` prints about a document, as plain data."""
    return {
        "entities": entity_rows(entities or []),
        "layout": layout_rows(layout),
        "name": doc.source.name,
        "content_hash": doc.source.content_hash,
        "format": doc.source.format.value,
        "encoding": doc.source.encoding,
        "size": doc.source.size,
        **meta_dict(doc.meta),
        "removed": {k: len(v) for k, v in doc.clean.removed.items()},
        "sections": section_rows(doc.root),
        "sentence_count": len(doc.sentences),
        "text": doc.text,
    }


def number(value: Decimal | None) -> int | float | None:
    """A JSON-friendly number: integral values as int."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def statement_record(st: Statement, doc: str) -> dict[str, Any]:
    """A statement with the fields of ../shared/eval/SCHEMA.md, then its provenance."""
    return {
        "doc": doc,
        "kind": st.kind.value,
        "scope": st.scope,
        "year": st.year,
        "indicator": st.indicator,
        "value": number(st.value),
        "unit": st.unit,
        "comparator": st.comparator,
        "stretch": st.stretch,
        "cumulative": st.cumulative,
        "part_of": st.part_of,
        "text": st.text,
        "mentions": st.mentions,
        "value_high": number(st.value_high),
        "start": st.start,
        "end": st.end,
        "section": st.section,
        "cues": st.cues,
    }
