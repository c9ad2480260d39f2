"""The API's endpoints: open reads, token-protected writes."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import secrets
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, HTTPException, Path, Query, Request, UploadFile
from fastapi.responses import StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.background import BackgroundTask

from plantrack.api.schemas import (
    CompareRow,
    DocType,
    DocumentDetail,
    DocumentPage,
    ErrorOut,
    ExportFormat,
    Health,
    IndicatorOut,
    Kind,
    SearchHitOut,
    SectionOut,
    StatementPage,
    StatementSort,
    UploadOut,
)
from plantrack.export import COLUMNS, write_statements
from plantrack.ingest import content_hash
from plantrack.pipeline import analyse, process_bytes
from plantrack.settings import Settings
from plantrack.store.repository import MAX_ID, Store
from plantrack.views import layout_rows

router = APIRouter()

# SQLite integers are 64-bit; larger numbers in a query would not bind.
MAX_INT = 2**62
NO_TOKEN = "writes are disabled: no API token is configured (PLANTRACK_API_TOKEN)"

_bearer = HTTPBearer(auto_error=False, description="PLANTRACK_API_TOKEN")

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorOut}}


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
Limit = Annotated[int, Query(ge=1, le=1000, description="Page size (at most 1000).")]
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="How many to skip.")]
DocId = Annotated[int, Path(ge=1, le=MAX_ID, description="A stored document's id.")]
Year = Annotated[int | None, Query(ge=0, le=9999, description="Deadline or observed year.")]


def require_token(
    settings: SettingsDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Writes need `Authorization: Bearer <PLANTRACK_API_TOKEN>`; without a configured
    token they are disabled."""
    if not settings.api_token:
        raise HTTPException(403, NO_TOKEN)
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(403, "this request needs Authorization: Bearer <token>")
    if not secrets.compare_digest(
        credentials.credentials.encode("utf-8"), settings.api_token.encode("utf-8")
    ):
        raise HTTPException(403, "the API token is wrong")


@router.get("/health", response_model=Health, tags=["meta"])
def health(store: StoreDep) -> dict[str, Any]:
    """Liveness, and how many documents are stored."""
    return {"status": "ok", "documents": store.count()}


# -- documents ----------------------------------------------------------------------------


@router.get("/documents", response_model=DocumentPage, tags=["documents"])
def list_documents(
    store: StoreDep,
    limit: Limit = 100,
    offset: Offset = 0,
    region: Annotated[str | None, Query(max_length=64, description="Issuing region.")] = None,
    doc_type: Annotated[DocType | None, Query(description="Document type.")] = None,
) -> dict[str, Any]:
    """Stored documents in id order, filtered by issuing region and type."""
    total, items = store.find_documents(
        region=region,
        doc_type=doc_type.value if doc_type else None,
        limit=limit,
        offset=offset,
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get(
    "/documents/{doc_id}", response_model=DocumentDetail, responses=NOT_FOUND, tags=["documents"]
)
def get_document(
    store: StoreDep,
    doc_id: DocId,
    text: Annotated[bool, Query(description="Include the clean text.")] = False,
) -> dict[str, Any]:
    """A stored document: metadata, sections and entities (and its clean text on request)."""
    view = store.get(str(doc_id))
    if view is None:
        raise HTTPException(404, f"no stored document {doc_id}")
    if not text:
        view["text"] = None
    return view


@router.get(
    "/documents/{doc_id}/sections",
    response_model=list[SectionOut],
    responses=NOT_FOUND,
    tags=["documents"],
)
def get_sections(store: StoreDep, doc_id: DocId) -> list[dict[str, Any]]:
    """A stored document's sections in document order, with offsets into its clean text."""
    sections = store.sections(doc_id)
    if sections is None:
        raise HTTPException(404, f"no stored document {doc_id}")
    return sections


@router.post(
    "/documents",
    status_code=201,
    response_model=UploadOut,
    responses={
        403: {"model": ErrorOut},
        413: {"model": ErrorOut},
        422: {"model": ErrorOut},
    },
    dependencies=[Depends(require_token)],
    tags=["documents"],
)
def upload_document(
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="One document (PDF, HTML, text, DOCX …).")],
) -> dict[str, Any]:
    """Ingest one file as `plantrack ingest` does: its id, and `created` false when its
    content was stored already (nothing is written then)."""
    name = FilePath(file.filename or "upload").name or "upload"
    limit = settings.max_upload_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(
            413,
            f"{name}: the file is larger than {settings.max_upload_mb:g} MB "
            "(PLANTRACK_MAX_UPLOAD_MB)",
        )
    existing = store.document_id_by_hash(content_hash(data))
    if existing is not None:
        view = store.get(str(existing)) or {}
        return {
            "id": existing,
            "created": False,
            "name": view.get("name", name),
            "title": view.get("title", ""),
            "statements": view.get("statement_count", 0),
        }
    processed = analyse(process_bytes(data, name))
    doc = processed.document
    doc_id, created = store.add(
        doc, None, processed.statements, processed.entities, layout_rows(processed.layout)
    )
    return {
        "id": doc_id,
        "created": created,
        "name": name,
        "title": doc.meta.title,
        "statements": len(processed.statements),
    }


# -- statements ---------------------------------------------------------------------------


def statement_filters(
    region: Annotated[
        str | None, Query(max_length=64, description="Scope name, e.g. 河南省.")
    ] = None,
    region_code: Annotated[
        str | None, Query(max_length=16, description="Scope code, e.g. 410000.")
    ] = None,
    indicator_id: Annotated[
        str | None,
        Query(max_length=64, description="Indicator id with its family, e.g. nev.charging_piles."),
    ] = None,
    year: Year = None,
    kind: Annotated[Kind | None, Query(description="target, baseline or forecast.")] = None,
    stretch: Annotated[
        bool | None, Query(description="Only stretch (力争) targets, or none.")
    ] = None,
    text: Annotated[
        str | None, Query(max_length=200, description="Text the indicator or the sentence holds.")
    ] = None,
) -> dict[str, Any]:
    """The statement filters of GET /api/statements and GET /api/export, as Store arguments."""
    return {
        "region": region,
        "region_code": region_code,
        "indicator_id": indicator_id,
        "year": year,
        "kind": kind.value if kind else None,
        "stretch": stretch,
        "text": text,
    }


StatementFilters = Annotated[dict[str, Any], Depends(statement_filters)]


@router.get("/statements", response_model=StatementPage, tags=["statements"])
def list_statements(
    store: StoreDep,
    filters: StatementFilters,
    sort: Annotated[
        StatementSort | None, Query(description="year, value, kind or scope; '-' for descending.")
    ] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Stored statements, filtered, sorted and paginated."""
    key = sort.value if sort else None
    total, items = store.search_statements(
        **filters,
        sort=key.lstrip("-") if key else None,
        descending=bool(key and key.startswith("-")),
        limit=limit,
        offset=offset,
    )
    return {"total": total, "limit": limit, "offset": offset, "items": items}


@router.get("/compare", response_model=list[CompareRow], responses=NOT_FOUND, tags=["statements"])
def compare(
    store: StoreDep,
    indicator: Annotated[str, Query(max_length=64, description="Indicator id.")],
    year: Year = None,
    kind: Annotated[Kind, Query(description="target, baseline or forecast.")] = Kind.target,
) -> list[dict[str, Any]]:
    """One indicator across regions: one row per region and figure, with every source."""
    from plantrack.normalize.indicators import indicator_by_id

    if indicator_by_id(indicator) is None:
        raise HTTPException(404, f"unknown indicator {indicator}; GET /api/indicators lists them")
    return store.compare(indicator, year=year, kind=kind.value)


@router.get("/search", response_model=list[SearchHitOut], tags=["documents"])
def search_sections(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Words; all required.")],
    region: Annotated[str | None, Query(max_length=64)] = None,
    doc_type: Annotated[str | None, Query(max_length=16)] = None,
    since: Annotated[date | None, Query(description="Published on or after.")] = None,
    until: Annotated[date | None, Query(description="Published on or before.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> list[dict[str, Any]]:
    """Full-text search over documents and sections, best first, with highlighted snippets."""
    from dataclasses import asdict

    from plantrack.store.search import search

    hits = search(
        store.engine, q, region=region, doc_type=doc_type, since=since, until=until, limit=limit
    )
    return [asdict(h) for h in hits]


@router.get("/indicators", response_model=list[IndicatorOut], tags=["statements"])
def list_indicators() -> list[dict[str, Any]]:
    """The indicator taxonomy: id, name, canonical unit, measure."""
    from plantrack.normalize.indicators import indicators

    return [
        {"id": i.id, "name": i.name, "unit": i.canonical_unit, "measure": i.measure}
        for i in indicators()
    ]


# -- export -------------------------------------------------------------------------------

_MEDIA_TYPES = {
    ExportFormat.csv: "text/csv; charset=utf-8",
    ExportFormat.json: "application/json",
    ExportFormat.xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _csv_chunks(rows: list[dict[str, Any]]) -> Iterator[bytes]:
    buf = io.StringIO()
    writer = csv.writer(buf)
    buf.write("\ufeff")  # a byte-order mark, so that Excel reads the Chinese text
    writer.writerow(COLUMNS)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in COLUMNS])
        if buf.tell() > 1 << 16:
            yield buf.getvalue().encode("utf-8")
            buf.seek(0)
            buf.truncate()
    yield buf.getvalue().encode("utf-8")


def _json_chunks(rows: list[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    for i, r in enumerate(rows):
        item = json.dumps({c: r.get(c) for c in COLUMNS}, ensure_ascii=False, default=str)
        yield (("," if i else "") + "\n" + item).encode("utf-8")
    yield b"\n]\n"


def _file_chunks(path: str, chunk: int = 1 << 16) -> Iterator[bytes]:
    try:
        with open(path, "rb") as f:
            while block := f.read(chunk):
                yield block
    finally:
        _remove(path)


def _remove(path: str) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)


@router.get(
    "/export",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Every stored statement with every field.",
            "content": {media: {} for media in _MEDIA_TYPES.values()},
        }
    },
    tags=["statements"],
)
def export(
    store: StoreDep,
    filters: StatementFilters,
    format: Annotated[ExportFormat, Query(description="csv, json or xlsx.")] = ExportFormat.csv,
) -> StreamingResponse:
    """The stored statements that match the filters (the same as GET /api/statements; none:
    every statement), with every field (the columns of `plantrack export`)."""
    _, rows = store.search_statements(**filters, limit=None)
    filename = f"plantrack-statements.{format.value}"
    headers = {"Content-Disposition": f'attachment; filename="{filename}"'}
    media = _MEDIA_TYPES[format]
    if format is ExportFormat.csv:
        return StreamingResponse(_csv_chunks(rows), media_type=media, headers=headers)
    if format is ExportFormat.json:
        return StreamingResponse(_json_chunks(rows), media_type=media, headers=headers)
    fd, tmp = tempfile.mkstemp(prefix="plantrack-export-", suffix=".xlsx")
    os.close(fd)
    try:
        write_statements(rows, FilePath(tmp), "xlsx")
    except BaseException:
        _remove(tmp)
        raise
    return StreamingResponse(
        _file_chunks(tmp),
        media_type=media,
        headers=headers,
        background=BackgroundTask(_remove, tmp),
    )
