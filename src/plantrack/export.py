"""Write stored statements to CSV, JSON or XLSX, one row per statement, every field."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

# Columns in the order people read them: what, where, when, how much, then provenance.
COLUMNS = (
    "id",
    "kind",
    "scope",
    "scope_code",
    "year",
    "indicator",
    "indicator_id",
    "value",
    "value_high",
    "unit",
    "comparator",
    "stretch",
    "cumulative",
    "part_of",
    "mentions",
    "text",
    "doc",
    "title",
    "document_id",
    "section",
    "start",
    "end",
    "link_key",
    "cues",
)


def _cell(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_statements(rows: Iterable[dict[str, Any]], path: Path, fmt: str) -> None:
    """Write `rows` (as Store.statements returns them) to `path` in `fmt`."""
    rows = list(rows)
    if fmt == "json":
        with path.open("w", encoding="utf-8") as f:
            json.dump(
                [{c: r.get(c) for c in COLUMNS} for r in rows], f, ensure_ascii=False, indent=1
            )
    elif fmt == "csv":
        # UTF-8 with a byte-order mark, so that Excel opens the Chinese text correctly
        with path.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(COLUMNS)
            for r in rows:
                writer.writerow([_cell(r.get(c)) for c in COLUMNS])
    elif fmt == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("statements")
        sheet.append(list(COLUMNS))
        for r in rows:
            sheet.append([_cell(r.get(c)) for c in COLUMNS])
        book.save(path)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
