"""The pipeline as thin functions: ingest → clean → structure → extract → normalize."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from plantrack.clean import clean
from plantrack.extract import extract_statements
from plantrack.extract.entities import LayoutRole, find_entities, spatial_layout
from plantrack.ingest import read_bytes, read_path
from plantrack.model import Document, Entity, SourceDocument, Statement
from plantrack.normalize import normalize_statements
from plantrack.structure import structure


@dataclass(slots=True)
class Processed:
    """A structured document, the statements found in it and the entities it names."""

    document: Document
    statements: list[Statement]
    entities: list[Entity] = field(default_factory=list)
    layout: list[LayoutRole] = field(default_factory=list)  # a plan's 一带两翼多园 …


def process_source(source: SourceDocument, *, source_url: str | None = None) -> Document:
    """Clean and structure a source document. `source_url`, the address the document was
    collected from, goes into its metadata as `url`: its date helps date the document."""
    if source_url:
        source = replace(source, metadata={**source.metadata, "url": source_url})
    return structure(clean(source))


def process_bytes(data: bytes, name: str, *, source_url: str | None = None) -> Document:
    """Read, clean and structure a file's bytes; errors name `name`."""
    return process_source(read_bytes(data, name), source_url=source_url)


def process_path(path: Path, max_bytes: int, *, source_url: str | None = None) -> Document:
    """Read, clean and structure a file; files above `max_bytes` are refused unread."""
    return process_source(read_path(path, max_bytes), source_url=source_url)


def analyse(document: Document) -> Processed:
    """Find the statements (with indicator ids and scope codes) and the entities of a
    structured document."""
    statements = normalize_statements(extract_statements(document), document.meta.region)
    entities = find_entities(document)
    return Processed(document, statements, entities, spatial_layout(document, entities))


def analyse_path(path: Path, max_bytes: int, *, source_url: str | None = None) -> Processed:
    """Every stage on a file: the structured document and its statements. `source_url` is
    the address the file was collected from (its date helps date the document)."""
    return analyse(process_path(path, max_bytes, source_url=source_url))
