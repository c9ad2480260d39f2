"""The API's request and response shapes (they make the OpenAPI document)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict


class Kind(StrEnum):
    target = "target"
    baseline = "baseline"
    forecast = "forecast"


class DocType(StrEnum):
    news = "news"
    plan = "plan"
    opinion = "opinion"
    notice = "notice"
    report = "report"
    other = "other"


class ExportFormat(StrEnum):
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


class StatementSort(StrEnum):
    year = "year"
    value = "value"
    kind = "kind"
    scope = "scope"
    year_desc = "-year"
    value_desc = "-value"
    kind_desc = "-kind"
    scope_desc = "-scope"


class ErrorOut(BaseModel):
    error: str


class Health(BaseModel):
    status: str
    documents: int


class DocumentSummary(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    name: str
    path: str | None = None
    content_hash: str
    format: str
    title: str
    region: str | None = None
    doc_type: str
    status: str
    period: str | None = None
    published: str | None = None
    ingested_at: str | None = None


class DocumentPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[DocumentSummary]


class SectionOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    document_id: int
    ordinal: int
    parent_ordinal: int | None = None
    level: int
    kind: str
    number: str | None = None
    title: str
    label: str
    start: int
    end: int
    link: str | None = None


class EntityOut(BaseModel):
    kind: str
    name: str
    mentions: int
    sections: list[str]


class DocumentDetail(DocumentSummary):
    encoding: str | None = None
    size: int
    title_inferred: bool
    source: str | None = None
    canonical_url: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    categories: list[Any] = []
    tags: list[Any] = []
    codes: list[Any] = []
    layout: list[dict[str, Any]] = []
    sections: list[SectionOut]
    sentence_count: int
    statement_count: int
    entities: list[EntityOut]
    text: str | None = None


class StatementOut(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: int
    document_id: int
    doc: str
    title: str
    ordinal: int
    kind: str
    scope: str | None = None
    scope_code: str | None = None
    year: int | None = None
    indicator: str
    indicator_id: str | None = None
    value: str
    value_num: float
    value_high: str | None = None
    unit: str
    comparator: str
    stretch: bool
    cumulative: bool
    part_of: str | None = None
    text: str
    start: int
    end: int
    section: str
    cues: dict[str, Any] = {}
    mentions: int
    link_key: str | None = None


class StatementPage(BaseModel):
    total: int
    limit: int
    offset: int
    items: list[StatementOut]


class CompareRow(StatementOut):
    sources: list[str]
    source_ids: list[int]
    phrases: list[str]


class UploadOut(BaseModel):
    id: int
    created: bool
    name: str
    title: str
    statements: int


class IndicatorOut(BaseModel):
    id: str
    name: str
    unit: str
    measure: str


class SearchHitOut(BaseModel):
    document_id: int
    title: str
    section: str
    snippet: str
    score: float
    region: str | None
    doc_type: str
    published: str | None
