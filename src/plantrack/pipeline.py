"""The pipeline as thin functions: ingest → clean → structure → extract."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from plantrack.clean import clean
from plantrack.extract import extract_statements
from plantrack.ingest import read_bytes, read_path
from plantrack.model import Document, SourceDocument, Statement
from plantrack.structure import structure


@dataclass(slots=True)
class Processed:
    """A structured document and the statements found in it."""

    document: Document
    statements: list[Statement]


def process_source(source: SourceDocument) -> Document:
    """Clean and structure a source document."""
    return structure(clean(source))


def process_bytes(data: bytes, name: str) -> Document:
    """Read, clean and structure a file's bytes; errors name `name`."""
    return process_source(read_bytes(data, name))


def process_path(path: Path, max_bytes: int) -> Document:
    """Read, clean and structure a file; files above `max_bytes` are refused unread."""
    return process_source(read_path(path, max_bytes))


def analyse(document: Document) -> Processed:
    """Find the statements of a structured document."""
    return Processed(document, extract_statements(document))


def analyse_path(path: Path, max_bytes: int) -> Processed:
    """Every stage on a file: the structured document and its statements."""
    return analyse(process_path(path, max_bytes))
