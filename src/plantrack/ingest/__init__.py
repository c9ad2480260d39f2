"""Ingest: bytes of a file -> SourceDocument, with the reader chosen by content.

Each reader is a pure function ``read(data: bytes, *, name: str, content_hash: str)
-> SourceDocument`` that raises an InputError subclass on input it cannot read.
"""

from __future__ import annotations

import hashlib
import importlib
import os
from collections.abc import Callable
from pathlib import Path

from plantrack.errors import InputError, TooLargeError
from plantrack.ingest.detect import sniff_format
from plantrack.model import SourceDocument, SourceFormat

Reader = Callable[..., SourceDocument]


# The module that reads each format; imported on first use so that importing
# plantrack.ingest stays cheap.
_READER_MODULES = {
    SourceFormat.JEKYLL: "jekyll",
    SourceFormat.HTML: "html",
    SourceFormat.PDF: "pdf",
    SourceFormat.TEXT: "text",
    SourceFormat.DOCX: "docx",
}


def reader_for(fmt: SourceFormat) -> Reader:
    module = importlib.import_module(f"plantrack.ingest.{_READER_MODULES[fmt]}")
    reader: Reader = module.read
    return reader


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(data: bytes, name: str) -> SourceDocument:
    """Read a document from bytes; errors name `name`."""
    try:
        fmt = sniff_format(data)
        return reader_for(fmt)(data, name=name, content_hash=content_hash(data))
    except InputError as exc:
        raise exc.with_file(name) from exc


def check_size(path: Path, max_bytes: int) -> int:
    """The file's size; raises TooLargeError (without reading it) when above max_bytes."""
    size = os.stat(path).st_size
    if size > max_bytes:
        raise TooLargeError(
            f"the file is {size / 1048576:.1f} MB, above the limit of "
            f"{max_bytes / 1048576:.1f} MB (raise it with --max-file-mb or PLANTRACK_MAX_FILE_MB)",
            file=str(path),
        )
    return size


def read_path(path: Path, max_bytes: int) -> SourceDocument:
    """Read a document from a file; refuses files above `max_bytes` before reading them."""
    check_size(path, max_bytes)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=str(path)) from exc
    return read_bytes(data, path.name)


def file_hash(path: Path, chunk: int = 1 << 20) -> str:
    """sha256 of a file, read in chunks (memory stays bounded for big files)."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(chunk):
            h.update(block)
    return h.hexdigest()
