"""The pipeline as one thin function per entry point: ingest → clean → structure."""

from __future__ import annotations

from pathlib import Path

from plantrack.clean import clean
from plantrack.ingest import read_bytes, read_path
from plantrack.model import Document, SourceDocument
from plantrack.structure import structure


def process_source(source: SourceDocument) -> Document:
    """Clean and structure a source document."""
    return structure(clean(source))


def process_bytes(data: bytes, name: str) -> Document:
    """Run every stage on a file's bytes; errors name `name`."""
    return process_source(read_bytes(data, name))


def process_path(path: Path, max_bytes: int) -> Document:
    """Run every stage on a file; files above `max_bytes` are refused unread."""
    return process_source(read_path(path, max_bytes))
