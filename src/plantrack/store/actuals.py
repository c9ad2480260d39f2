"""Actual values of indicators, and targets tracked against them.

Actual values come from two places:

* a table someone uploads (`read_actuals_table` reads a CSV or XLSX file, `import_actuals`
  stores its rows with origin "import");
* the baselines stored documents state (`baseline_actuals` derives them, origin
  "document", with the document's id).

`targets_progress` joins each stored target with the actual values of its indicator,
region and unit and says where it stands (plantrack.tracking, rule in STATUS_RULE).

Regions: a target or an actual is placed by its administrative code (scope_code); one
without a code (a place the division table does not know, such as a development zone)
is placed by its name as written, and then only meets actuals of the same name that
have no code either. An unscoped statement counts for its document's region.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from typing import Any

from sqlalchemy import Select, and_, case, delete, func, or_, select, union_all
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from plantrack.errors import (
    BrokenFileError,
    EmptyInputError,
    EncodingError,
    InputError,
    StoreError,
    UnsupportedFormatError,
)
from plantrack.normalize import scope_code as _scope_code
from plantrack.normalize.indicators import Indicator, indicator_family, map_indicator, taxonomy
from plantrack.store.repository import Store
from plantrack.store.schema import ActualValueRow, DocumentRow, ReviewEditRow, StatementRow
from plantrack.tracking import Observation, Target, track

ORIGIN_IMPORT = "import"
ORIGIN_DOCUMENT = "document"
MIN_YEAR, MAX_YEAR = 1900, 2100
# Baselines that state a level (=) or a floor (>=, >: 超过100万辆 is taken as 100万) become
# actual values; ranges and ceilings (不到100万) do not.
BASELINE_COMPARATORS = ("=", ">=", ">")
_SHOWN_PROBLEMS = 20  # bad rows named in an error message (all are in `problems`)


@dataclass(frozen=True, slots=True)
class ActualInput:
    """One actual value to store: a row of an uploaded table."""

    region: str  # as written
    scope_code: str | None  # its administrative code (None: a place without one)
    indicator_id: str
    year: int
    value: Decimal  # exact, in `unit`
    unit: str  # a canonical unit of the indicator (data/units.toml)
    source: str | None
    row: int | None = None  # row number in the file (the header is row 1 in a plain file)


class ActualsTableError(InputError):
    """A table of actual values with bad rows or a bad header; `problems` lists every
    (row number, reason), row 0 for the header or the file as a whole."""

    def __init__(
        self,
        reason: str,
        *,
        file: str | None = None,
        problems: Sequence[tuple[int, str]] = (),
    ) -> None:
        super().__init__(reason, file=file)
        self.problems = list(problems)

    def with_file(self, file: str) -> ActualsTableError:
        if self.file:
            return self
        err = ActualsTableError(self.reason, file=file, problems=self.problems)
        err.__cause__ = self.__cause__
        return err


# ----------------------------------------------------------------------- reading tables

# Accepted header names (compared after NFKC, lower case, without white space); a header
# may carry the unit of its column in brackets: 数值（万辆）, value (亿元).
HEADERS: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域", "scope"),
    "indicator": ("indicator", "indicator_id", "指标", "指标名称", "指标代码"),
    "year": ("year", "年份", "年度"),
    "value": ("value", "数值", "值"),
    "source": ("source", "来源", "数据来源"),
    "unit": ("unit", "单位"),
}
REQUIRED = ("region", "indicator", "year", "value", "source")
_CHINESE = {
    "region": "地区",
    "indicator": "指标",
    "year": "年份",
    "value": "数值",
    "source": "来源",
}
_HEADER_UNIT = re.compile(r"^(.+?)[(（\[［]([^()（）]+)[)）\]］]$")
_YEAR = re.compile(r"^(\d{4})(?:年度?)?$")
_BLANKS = re.compile(r"\s+")
# Names a table may use for the whole country.
_COUNTRY = {"全国": "中国", "中华人民共和国": "中国", "我国": "中国"}


@dataclass(frozen=True, slots=True)
class _Cell:
    value: Any
    percent: bool = False  # an XLSX number formatted as a percentage (0.315 shown as 31.5%)


def read_actuals_table(data: bytes, filename: str) -> list[ActualInput]:
    """The rows of a table of actual values: CSV (UTF-8 with or without BOM, GB18030,
    UTF-16 with BOM; comma, tab or semicolon separated) or XLSX (its first sheet).

    The first non-empty row is the header: region, indicator, year, value, source and an
    optional unit (or 地区, 指标, 年份, 数值, 来源, 单位; see HEADERS). Each row must give
    a region (a name or a division code; a name that resolves to no code is kept as
    written and matched by name, an ambiguous one must be given by its code), an
    indicator of data/indicators.toml (its id, its Chinese name, or a phrase that maps to
    exactly it), a year, a number (thousands separators, 万/亿 and Chinese numerals are
    read: 1,234.5, 150万, 4.17亿) and a source. The unit (the unit column, or a unit in
    the value column's header) is converted to the indicator's canonical unit where
    plantrack's quantity parser knows it (150 万辆 → 1500000 辆, 4.17 亿元 → 417000000
    元, 10 GWh → 10000000 千瓦时); without one the value is in the indicator's canonical
    unit. An XLSX number formatted as a percentage is read in % (0.315 → 31.5 %).

    Raises ActualsTableError listing every bad row (number and reason), EmptyInputError,
    EncodingError, BrokenFileError or UnsupportedFormatError; every error names the file.
    """
    if not data:
        raise EmptyInputError("the file is empty", file=filename)
    xlsx = _is_xlsx(data, filename)
    return _parse_rows(_xlsx_rows(data, filename) if xlsx else _csv_rows(data, filename), filename)


def _is_xlsx(data: bytes, filename: str) -> bool:
    ext = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if ext in ("xlsx", "xlsm"):
        return True
    if ext in ("csv", "txt", "tsv"):
        return False
    if ext == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnsupportedFormatError(
            "an old Excel file (.xls): save it as .xlsx or .csv", file=filename
        )
    if data.startswith(b"PK\x03\x04"):
        return True
    if ext:
        raise UnsupportedFormatError(
            f"not a table file (.{ext}): upload a .csv or .xlsx", file=filename
        )
    return False


def _decode(data: bytes, filename: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates = ("utf-16",)
    else:
        candidates = ("utf-8", "gb18030")
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:
            break
        return text
    raise EncodingError(
        "cannot read the file as text (UTF-8 or GB18030); is it a CSV?", file=filename
    )


def _csv_rows(data: bytes, filename: str) -> list[tuple[int, list[_Cell]]]:
    text = _decode(data, filename)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(",\t;", key=first.count)
    if not first.count(delimiter):
        delimiter = ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise BrokenFileError(f"not a readable CSV: {exc}", file=filename) from exc
    return [(n, [_Cell(v) for v in rec]) for n, rec in enumerate(records, 1)]


def _xlsx_rows(data: bytes, filename: str) -> list[tuple[int, list[_Cell]]]:
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zipfile, XML and openpyxl's own errors alike
        raise BrokenFileError(f"not a readable XLSX file: {exc}", file=filename) from exc
    try:
        if not book.worksheets:
            raise EmptyInputError("the workbook has no sheet", file=filename)
        out: list[tuple[int, list[_Cell]]] = []
        number = 0
        for row in book.worksheets[0].iter_rows():
            number = next((c.row for c in row if getattr(c, "row", None)), number + 1)
            cells = []
            for c in row:
                fmt = getattr(c, "number_format", None) or ""
                numeric = isinstance(c.value, int | float) and not isinstance(c.value, bool)
                cells.append(_Cell(c.value, numeric and "%" in fmt))
            out.append((number, cells))
        return out
    except EmptyInputError:
        raise
    except Exception as exc:
        raise BrokenFileError(f"not a readable XLSX file: {exc}", file=filename) from exc
    finally:
        book.close()


def _text(value: Any) -> str:
    """A cell as text: NFKC (full-width digits and brackets become ASCII), stripped."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, float):
        value = format(Decimal(str(value)), "f")
    return unicodedata.normalize("NFKC", str(value)).strip()


def _header_key(text: str) -> tuple[str, str | None]:
    """(normalised header name, the unit it carries in brackets or None)."""
    name = _BLANKS.sub("", _text(text).lstrip("\ufeff")).lower().strip("*")
    unit = None
    m = _HEADER_UNIT.match(name)
    if m:
        name, unit = m.group(1), m.group(2)
    return name, unit


def _header(cells: list[_Cell], filename: str) -> tuple[dict[str, int], str | None]:
    """{field: column index} and the unit named in the value column's header."""
    names = {alias: field for field, aliases in HEADERS.items() for alias in aliases}
    columns: dict[str, int] = {}
    value_unit = None
    problems: list[str] = []
    for i, cell in enumerate(cells):
        name, unit = _header_key(cell.value)
        field = names.get(name)
        if field is None:
            continue  # a column of notes, say
        if field in columns:
            problems.append(f"two columns for {field}")
            continue
        columns[field] = i
        if field == "value" and unit:
            value_unit = unit
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        want = ", ".join(f"{f} ({_CHINESE[f]})" for f in missing)
        found = ", ".join(_text(c.value) for c in cells if _text(c.value)) or "nothing"
        problems.append(f"the header lacks {want}; it has {found}")
    if problems:
        reason = "bad header: " + "; ".join(problems)
        raise ActualsTableError(reason, file=filename, problems=[(0, p) for p in problems])
    return columns, value_unit


def _parse_rows(rows: list[tuple[int, list[_Cell]]], filename: str) -> list[ActualInput]:
    rows = [(n, cells) for n, cells in rows if any(_text(c.value) for c in cells)]
    if not rows:
        raise EmptyInputError("the table has no rows", file=filename)
    (_, head), body = rows[0], rows[1:]
    columns, header_unit = _header(head, filename)
    if not body:
        raise EmptyInputError("the table has a header but no rows", file=filename)
    out: list[ActualInput] = []
    problems: list[tuple[int, str]] = []
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in body:

        def cell(field: str, cells: list[_Cell] = cells) -> _Cell:
            i = columns.get(field)
            return cells[i] if i is not None and i < len(cells) else _Cell(None)

        row, why = _parse_row(number, cell, header_unit)
        if row is None:
            problems.append((number, "; ".join(why)))
            continue
        key = (row.scope_code or row.region, row.indicator_id, row.year, row.unit, row.source)
        if key in seen:
            problems.append(
                (number, f"repeats row {seen[key]} (same region, indicator, year, unit, source)")
            )
            continue
        seen[key] = number
        out.append(row)
    if problems:
        shown = "; ".join(f"row {n}: {why}" for n, why in problems[:_SHOWN_PROBLEMS])
        more = len(problems) - _SHOWN_PROBLEMS
        tail = f"; … and {more} more" if more > 0 else ""
        reason = f"{len(problems)} bad row(s), nothing imported: {shown}{tail}"
        raise ActualsTableError(reason, file=filename, problems=problems)
    return out


def _parse_row(
    number: int, cell: Callable[[str], _Cell], header_unit: str | None
) -> tuple[ActualInput | None, list[str]]:
    why: list[str] = []
    region, code, region_problem = _region(_text(cell("region").value))
    if region_problem:
        why.append(region_problem)
    year = _year(cell("year").value)
    if year is None:
        why.append(f"year {_text(cell('year').value)!r} is not a year ({MIN_YEAR}–{MAX_YEAR})")
    source = _text(cell("source").value)
    if not source:
        why.append("no source")
    indicator_text = _text(cell("indicator").value)
    indicator = _indicator_by_id_or_name(indicator_text)
    value_cell = cell("value")
    unit_text = _text(cell("unit").value) or header_unit or ""
    if value_cell.percent:
        if unit_text and unit_text != "%":
            why.append(f"the value is formatted as a percentage but the unit is {unit_text!r}")
        unit_text = "%"
        percent = (Decimal(str(value_cell.value)) * 100).normalize()
        amount = _amount(format(percent, "f"), unit_text)
    else:
        amount = _amount(_text(value_cell.value), unit_text)
    value: Decimal | None = None
    unit: str | None = None
    if amount is None:
        shown = _text(value_cell.value) + (f" {unit_text}" if unit_text else "")
        why.append(f"value {shown.strip()!r} is not a number" + (" in a unit" if unit_text else ""))
    else:
        value, unit = amount
    if indicator is None and indicator_text and unit:
        indicator = map_indicator(indicator_text, unit)
    if indicator is None:
        why.append(
            f"indicator {indicator_text!r} is not an indicator id or name of "
            "data/indicators.toml (plantrack indicators lists them)"
            if indicator_text
            else "no indicator"
        )
    elif value is not None:
        unit = unit or indicator.canonical_unit
        if unit not in indicator.units:
            units = ", ".join(indicator.units)
            why.append(f"unit {unit!r} is not a unit of {indicator.id} ({units})")
    if why or indicator is None or value is None or unit is None or year is None:
        return None, why
    return (
        ActualInput(region, code, indicator.id, year, value, unit, source, row=number),
        why,
    )


def _region(text: str) -> tuple[str, str | None, str | None]:
    """(name as written, code, problem)."""
    from plantrack.normalize import regions

    if not text:
        return text, None, "no region"
    if text.isdigit():
        found = regions.region_by_code(text)
        if found is None:
            return text, None, f"region code {text!r} is not a division code"
        return found.name, found.code, None
    code = _scope_code(_COUNTRY.get(text, text))
    if code is not None:
        return text, code, None
    candidates = regions.resolve_regions(text)
    if len(candidates) > 1:
        some = ", ".join(f"{r.province.name}{r.name} {r.code}" for r in candidates[:4])
        return text, None, f"region {text!r} is ambiguous ({some}): write its code"
    # not a division we know (a district, a park, a sample city): kept by its name, and
    # matched to targets of the same written name
    return text, None, None


def _year(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        year = value
    else:
        m = _YEAR.match(_text(value)) if isinstance(value, str) else None
        if not m:
            return None
        year = int(m.group(1))
    return year if MIN_YEAR <= year <= MAX_YEAR else None


@cache
def _indicator_names() -> dict[str, Indicator | None]:
    names: dict[str, Indicator | None] = {}
    for ind in taxonomy().indicators:
        names[ind.name] = None if ind.name in names else ind  # a shared name decides nothing
    return names


def _indicator_by_id_or_name(text: str) -> Indicator | None:
    if not text:
        return None
    return taxonomy().by_id(text) or _indicator_names().get(text)


def _numeral(text: str) -> Decimal | None:
    from plantrack.extract.quantities import NumeralError, parse_numeral

    try:
        return parse_numeral(text)
    except NumeralError:
        return None


def _quantity(text: str) -> tuple[Decimal, str] | None:
    """A text that is exactly one amount with a unit: (value, canonical unit)."""
    from plantrack.extract.quantities import find_quantities

    found = find_quantities(text)
    if len(found) != 1:
        return None
    q = found[0]
    if q.start != 0 or q.end != len(text) or q.high is not None or q.scale or q.per:
        return None
    if q.comparator is not None:
        return None
    return q.value, q.unit


def _amount(text: str, unit: str) -> tuple[Decimal, str | None] | None:
    """(value, unit) of a value cell and its unit: the unit converted to its canonical
    unit by the quantity parser where it knows it (150 + 万辆 → 1500000 辆), else kept
    as written (吨/万元); None as unit when there is none (the indicator's canonical
    unit applies). None when the cell is not a number."""
    text = _BLANKS.sub("", text).replace(",", "")
    if not text:
        return None
    if unit:
        if "/" not in unit:
            found = _quantity(text + unit)
            if found is not None:
                return found
        number = _numeral(text)
        return (number, unit) if number is not None else None
    number = _numeral(text)
    if number is not None:
        return number, None
    return _quantity(text)  # a value with its unit: 150万辆, 31.5%


# ----------------------------------------------------------------------------- storing


def _place(code: str | None, name: str | None) -> str | None:
    """Where a figure is: its code, else its name (a place without a code)."""
    if code:
        return code
    return f"name:{name}" if name else None


def _now() -> datetime:
    return datetime.now(UTC)


def _session(store: Store) -> Session:
    return Session(store.engine, expire_on_commit=False)


def _actual_key(
    indicator_id: str, code: str | None, scope: str, year: int, unit: str, source: str | None
) -> tuple[Any, ...]:
    return (indicator_id, _place(code, scope), year, unit, source or None)


def import_actuals(store: Store, rows: Iterable[ActualInput]) -> int:
    """Store rows as actual values (origin "import") in one transaction; how many were
    written. A row replaces an imported value of the same indicator, region, year, unit
    and source, so importing a file again (or a corrected one) does not duplicate."""
    batch: dict[tuple[Any, ...], ActualInput] = {}
    for r in rows:
        if not r.indicator_id or not r.unit or not r.region:
            raise ValueError(f"an actual value needs an indicator, a unit and a region: {r}")
        if isinstance(r.year, bool) or not isinstance(r.year, int):
            raise ValueError(f"an actual value's year must be an int: {r}")
        if not isinstance(r.value, Decimal) or not r.value.is_finite():
            raise ValueError(f"an actual value must be a finite Decimal: {r}")
        batch[_actual_key(r.indicator_id, r.scope_code, r.region, r.year, r.unit, r.source)] = r
    if not batch:
        return 0
    now = _now()
    try:
        with _session(store) as s, s.begin():
            ids = sorted({k[0] for k in batch})
            existing = s.execute(
                select(
                    ActualValueRow.id,
                    ActualValueRow.indicator_id,
                    ActualValueRow.scope_code,
                    ActualValueRow.scope,
                    ActualValueRow.year,
                    ActualValueRow.unit,
                    ActualValueRow.source,
                ).where(
                    ActualValueRow.origin == ORIGIN_IMPORT,
                    ActualValueRow.indicator_id.in_(ids),
                )
            ).all()
            stale = [e.id for e in existing if _actual_key(*e[1:]) in batch]
            for start in range(0, len(stale), 500):
                s.execute(
                    delete(ActualValueRow).where(ActualValueRow.id.in_(stale[start : start + 500]))
                )
            s.add_all(
                ActualValueRow(
                    indicator_id=r.indicator_id,
                    scope_code=r.scope_code,
                    scope=r.region,
                    year=r.year,
                    value=format(r.value, "f"),
                    value_num=float(r.value),
                    unit=r.unit,
                    source=r.source,
                    origin=ORIGIN_IMPORT,
                    document_id=None,
                    imported_at=now,
                )
                for r in batch.values()
            )
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot store the actual values: {exc}") from exc
    return len(batch)


@cache
def _region_code(region: str) -> str | None:
    return _scope_code(region)


def _statement_place(
    scope: str | None, scope_code: str | None, doc_region: str | None
) -> tuple[str | None, str | None]:
    """(name, code) of where a statement's figure is: its scope, or — when it has none —
    its document's region."""
    if scope_code or scope:
        return scope, scope_code
    if doc_region:
        return doc_region, _region_code(doc_region)
    return None, None


def _is_flow(indicator_id: str | None) -> bool:
    ind = taxonomy().by_id(indicator_id) if indicator_id else None
    return ind is not None and ind.measure == "flow"


def _not_rejected() -> Any:
    return or_(StatementRow.review_status.is_(None), StatementRow.review_status != "rejected")


def baseline_actuals(store: Store) -> int:
    """Derive actual values (origin "document", with the document's id) from the stored
    baseline statements, replacing every value derived before (so running it again, after
    new documents or reviews, leaves one current set); how many were written.

    A baseline counts when it has an indicator id, a year, a value and a place (its scope
    code, its scope, or — unscoped — its document's region), states a level or a floor
    (comparator =, >= or >; not a range), is not rejected in review, and is not a
    cumulative figure of a flow indicator (a sum over several years is no annual value).
    The source is the document's title. A document stating the same figure twice gives
    one value."""
    now = _now()
    try:
        with _session(store) as s, s.begin():
            rows = s.execute(
                select(StatementRow, DocumentRow.region, DocumentRow.title)
                .join(DocumentRow)
                .where(
                    StatementRow.kind == "baseline",
                    StatementRow.indicator_id.is_not(None),
                    StatementRow.year.is_not(None),
                    StatementRow.value_high.is_(None),
                    StatementRow.comparator.in_(BASELINE_COMPARATORS),
                    _not_rejected(),
                )
                .order_by(StatementRow.document_id, StatementRow.ordinal)
            ).all()
            s.execute(delete(ActualValueRow).where(ActualValueRow.origin == ORIGIN_DOCUMENT))
            made: dict[tuple[Any, ...], ActualValueRow] = {}
            for st, doc_region, title in rows:
                if st.cumulative and _is_flow(st.indicator_id):
                    continue
                name, code = _statement_place(st.scope, st.scope_code, doc_region)
                if not name and not code:
                    continue
                value = Decimal(st.value)
                key = (st.document_id, st.indicator_id, code, name, st.year, st.unit, value)
                if key in made:
                    continue
                made[key] = ActualValueRow(
                    indicator_id=st.indicator_id,
                    scope_code=code,
                    scope=name or code,
                    year=st.year,
                    value=st.value,
                    value_num=st.value_num,
                    unit=st.unit,
                    source=title,
                    origin=ORIGIN_DOCUMENT,
                    document_id=st.document_id,
                    imported_at=now,
                )
            s.add_all(made.values())
            return len(made)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot derive actual values from baselines: {exc}") from exc


def _family(indicator_id: str) -> tuple[str, ...]:
    return indicator_family(indicator_id) or (indicator_id,)


def _actual_dict(row: Any) -> dict[str, Any]:
    out = dict(row._mapping)
    at = out["imported_at"]
    if at is not None and at.tzinfo is None:  # SQLite keeps no zone: it was stored in UTC
        at = at.replace(tzinfo=UTC)
    out["imported_at"] = at.isoformat() if at is not None else None
    return out


def actual_values(
    store: Store,
    *,
    indicator_id: str | None = None,
    scope_code: str | None = None,
    scope: str | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored actual values, every column (value as exact text, imported_at as ISO 8601),
    by indicator, region (its code, places without one last, then its name), year,
    origin. `indicator_id` takes its family along (as the statement filters do:
    nev.charging_piles lists nev.public_charging_piles too); `scope_code` is an
    administrative code, `scope` a place without one by its name as written; `limit`:
    at most this many (the first in that order), counted in the database."""
    if limit is not None and limit < 0:
        raise ValueError(f"limit must not be negative: {limit}")
    a = ActualValueRow
    query = select(*ActualValueRow.__table__.columns)
    if indicator_id is not None:
        query = query.where(a.indicator_id.in_(_family(indicator_id)))
    if scope_code is not None:
        query = query.where(a.scope_code == scope_code)
    if scope is not None:
        query = query.where(a.scope_code.is_(None), a.scope == scope)
    query = query.order_by(
        a.indicator_id, a.scope_code.is_(None), a.scope_code, a.scope, a.year, a.origin, a.id
    )
    if limit is not None:
        query = query.limit(limit)
    try:
        with _session(store) as s:
            return [_actual_dict(r) for r in s.execute(query)]
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read actual values: {exc}") from exc


# ------------------------------------------------------------------------------ progress


def place_filter(text: str) -> dict[str, str]:
    """The place filter of `targets_progress` and `count_targets` a region box's text asks
    for: {"scope_code": code} for a division code or a name that resolves to one (黑龙江
    and 黑龙江省 alike), else {"scope": name} (a place the division table does not know,
    or an ambiguous name, matched as written); {} for no text."""
    text = unicodedata.normalize("NFKC", text).strip()
    if not text:
        return {}
    if text.isdigit():
        return {"scope_code": text}
    code = _region_code(_COUNTRY.get(text, text))
    return {"scope_code": code} if code else {"scope": text}


# Which targets a filter keeps, in SQL. A target is tracked for its own place (its scope
# code, or its scope's name when it has no code) or, when it states neither, for its
# document's region: a place filter is therefore a UNION ALL of two disjoint selects,
# each of which an index serves (the place's code or name; the few unscoped statements).
_NOT_REJECTED, _ANY_REVIEW, _REJECTED = "not rejected", "any", "rejected"


def _rejected_ids() -> Any:
    """The ids of the rejected statements. Only a review sets a review status, and each
    review is recorded (store.reviews), so they are found from the reviews: a few rows,
    not a scan of every statement."""
    r = aliased(StatementRow)
    return select(r.id).where(
        r.id.in_(select(ReviewEditRow.statement_id)), r.review_status == "rejected"
    )


def _target_selects(
    columns: Sequence[Any],
    *,
    docs: bool,
    review: str,
    indicator_id: str | None,
    scope_code: str | None,
    scope: str | None,
    year: int | None,
    regions: Sequence[str],
) -> list[Select[Any]]:
    """The selects (of `columns`) whose UNION ALL is the targets the filters ask for: one
    without a place filter, else the targets placed by their own scope and those placed by
    their document's region. `docs`: the columns need the document; `review`: keep the
    targets not rejected, all of them, or only the rejected ones; `regions`: the
    documents' regions whose code is `scope_code`."""
    where: list[Any] = []
    if review == _NOT_REJECTED:
        where.append(_not_rejected())
    elif review == _REJECTED:
        where.append(StatementRow.id.in_(_rejected_ids()))
    if indicator_id is not None:
        where.append(StatementRow.indicator_id.in_(_family(indicator_id)))
    if year is not None:
        where.append(StatementRow.year == year)

    def base(*, join: bool, by_kind: bool) -> Select[Any]:
        """`by_kind`: whether the database may walk (kind, scope, year). SQLite keeps no
        statistics and takes it over a more selective index (an indicator's, a code's,
        the reviews' ids), reading every target: `kind || ''` keeps it off."""
        kind = StatementRow.kind if by_kind else StatementRow.kind + ""
        query = select(*columns).select_from(StatementRow)
        if join:
            query = query.join(DocumentRow, DocumentRow.id == StatementRow.document_id)
        return query.where(kind == "target", *where)

    selective = indicator_id is not None or scope_code is not None or review == _REJECTED
    if scope_code is None and scope is None:
        return [base(join=docs, by_kind=not selective)]
    own: list[Any] = []
    by_document: list[Any] = [StatementRow.scope.is_(None), StatementRow.scope_code.is_(None)]
    if scope_code is not None:
        own.append(StatementRow.scope_code == scope_code)
        by_document.append(DocumentRow.region.in_(regions))
    if scope is not None:
        own.append(StatementRow.scope == scope)
        by_document.append(DocumentRow.region == scope)
    selects = [base(join=docs, by_kind=not selective).where(*own)]
    if scope_code is None or regions:
        # the unscoped targets: (kind, scope IS NULL) finds the few of them
        selects.append(base(join=True, by_kind=True).where(*by_document))
    return selects


def _union(selects: list[Select[Any]]) -> Any:
    return selects[0] if len(selects) == 1 else union_all(*selects)


def _regions_with_code(s: Session, code: str | None) -> list[str]:
    """The documents' regions (a few hundred names) whose code is `code`."""
    if code is None:
        return []
    names = s.scalars(select(DocumentRow.region).where(DocumentRow.region.is_not(None)).distinct())
    return sorted(n for n in names if n and _region_code(n) == code)


def count_targets(
    store: Store,
    *,
    indicator_id: str | None = None,
    scope_code: str | None = None,
    scope: str | None = None,
    year: int | None = None,
) -> int:
    """How many targets `targets_progress` gives with the same filters (and no limit),
    counted from the indexes: the matching targets, less the rejected among them."""
    filters: dict[str, Any] = {
        "indicator_id": indicator_id,
        "scope_code": scope_code,
        "scope": scope,
        "year": year,
    }
    try:
        with _session(store) as s:
            regions = _regions_with_code(s, scope_code)
            total = 0
            for review, sign in ((_ANY_REVIEW, 1), (_REJECTED, -1)):
                selects = _target_selects(
                    [StatementRow.id], docs=False, review=review, regions=regions, **filters
                )
                counted = select(func.count()).select_from(_union(selects).subquery())
                total += sign * (s.scalar(counted) or 0)
            return total
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot count targets: {exc}") from exc


def _series(rows: list[Any], indicator_id: str) -> list[tuple[Observation, Any]]:
    """One actual per year, year order: the target's own indicator before a relative's,
    an imported value before one from a document, then the latest stored."""
    best: dict[int, Any] = {}
    for r in rows:
        rank = (r.indicator_id == indicator_id, r.origin == ORIGIN_IMPORT, r.id)
        held = best.get(r.year)
        if held is None or rank > (
            held.indicator_id == indicator_id,
            held.origin == ORIGIN_IMPORT,
            held.id,
        ):
            best[r.year] = r
    return [(Observation(y, Decimal(best[y].value)), best[y]) for y in sorted(best)]


_PLACES_IN_SQL = 500  # up to this many places, the actuals are fetched for them only
_ACTUAL_FIELDS = (
    ActualValueRow.id,
    ActualValueRow.indicator_id,
    ActualValueRow.scope_code,
    ActualValueRow.scope,
    ActualValueRow.year,
    ActualValueRow.value,
    ActualValueRow.unit,
    ActualValueRow.source,
    ActualValueRow.origin,
    ActualValueRow.document_id,
)


def _actuals_for(
    s: Session, wanted: set[tuple[str, str | None, str | None, str]]
) -> dict[tuple[str, str | None, str], list[Any]]:
    """The actual values of the (indicator id, code, name, unit) combinations wanted
    (a place with a code by its code, one without by its name), in one query, grouped by
    (indicator id, place, unit)."""
    out: dict[tuple[str, str | None, str], list[Any]] = {}
    if not wanted:
        return out
    a = ActualValueRow
    query = select(*_ACTUAL_FIELDS).where(a.indicator_id.in_(sorted({w[0] for w in wanted})))
    codes = sorted({code for _, code, _, _ in wanted if code})
    names = sorted({name for _, code, name, _ in wanted if not code and name})
    if len(codes) + len(names) <= _PLACES_IN_SQL:
        places = [a.scope_code.in_(codes)] if codes else []
        if names:
            places.append(and_(a.scope_code.is_(None), a.scope.in_(names)))
        query = query.where(or_(*places))
    keys = {(i, _place(code, name), unit) for i, code, name, unit in wanted}
    for r in s.execute(query):
        key = (r.indicator_id, _place(r.scope_code, r.scope), r.unit)
        if key in keys:
            out.setdefault(key, []).append(r)
    return out


def _unscoped_region() -> Any:
    """The document's region of a statement that states no place (None for the others):
    where the unscoped targets sort, read for them only."""
    d = aliased(DocumentRow)
    region = select(d.region).where(d.id == StatementRow.document_id).scalar_subquery()
    return case((and_(StatementRow.scope.is_(None), StatementRow.scope_code.is_(None)), region))


# what the targets are ordered by (see targets_progress)
_ORDER_COLUMNS = (
    StatementRow.id,
    StatementRow.scope,
    StatementRow.indicator_id,
    StatementRow.year,
    _unscoped_region().label("unscoped_region"),
)


def _target_rows(columns: Sequence[Any]) -> Select[Any]:
    return (
        select(*columns)
        .select_from(StatementRow)
        .join(DocumentRow, DocumentRow.id == StatementRow.document_id)
    )


def targets_progress(
    store: Store,
    *,
    indicator_id: str | None = None,
    scope_code: str | None = None,
    scope: str | None = None,
    year: int | None = None,
    family: bool = False,
    this_year: int | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[dict[str, Any]]:
    """The stored targets (kind "target", not rejected in review) with their actual values
    and where they stand (plantrack.tracking: `STATUS_RULE`).

    Each dict holds the statement's columns, its document's name (`doc`) and title, the
    place it is tracked for (`tracked_scope`, `tracked_scope_code`: its scope, or its
    document's region when it has none), `actuals` (the series used: one per year, each
    with year, value, origin, source, document_id, indicator_id and id), `latest_actual`
    (the last of them or None), the tracking figures (status, status_label, reason,
    latest_year, latest_value, previous_year, previous_value, progress, needed_growth,
    observed_growth, actual_count: Decimals, growth and progress as fractions) and
    `note` (why a target is not tracked at all, or None).

    Actuals join a target when they are of its indicator id, its place (code; a place
    without a code by its name) and exactly its unit (no conversion). With `family`,
    actuals of the indicator's children count too (nev.charging_piles takes
    nev.public_charging_piles' values), the target's own id first in a year both have;
    off by default, as a child is a part (public piles) or a flow (new piles) of its
    parent, not a measure of it. A range target is tracked by its lower end.

    Filters: `indicator_id` (with its family, as the statement filters), `scope_code`
    (the tracked place's code), `scope` (the tracked place's name as written), `year`
    (the target's year); `place_filter` reads a region box's text into one of the two.
    Order: the statement's scope as written (the unscoped ones together, by their
    document's region; where they come, first or last, is the database's), indicator id
    (unmapped last), year, id. `limit` and `offset` take a page of that order in the
    database, and only that page's actuals are read; `count_targets` says how many there
    are in all. `this_year` is the current year for the deadline rule (default: today's)."""
    if (limit is not None and limit < 0) or offset < 0:
        raise ValueError(f"limit and offset must not be negative: {limit}, {offset}")
    statement_columns = list(StatementRow.__table__.columns)
    columns = [
        *statement_columns,
        DocumentRow.name.label("doc"),
        DocumentRow.title.label("title"),
        DocumentRow.region.label("doc_region"),
    ]
    try:
        with _session(store) as s:
            filters: dict[str, Any] = {
                "review": _NOT_REJECTED,
                "indicator_id": indicator_id,
                "scope_code": scope_code,
                "scope": scope,
                "year": year,
                "regions": _regions_with_code(s, scope_code),
            }
            # the page's ids first, from a narrow select (the sort then moves ids, not
            # texts: twice as fast deep in the list), then their rows
            t = _union(_target_selects(_ORDER_COLUMNS, docs=False, **filters)).subquery("t")
            query = select(t.c.id).order_by(
                t.c.scope,
                t.c.unscoped_region,
                t.c.indicator_id.is_(None),
                t.c.indicator_id,
                t.c.year,
                t.c.id,
            )
            if limit is not None:
                query = query.limit(limit)
            if offset:
                query = query.offset(offset)
            ids = list(s.scalars(query))
            if limit is None:  # all of them: one more pass over the same targets
                rows = s.execute(_union(_target_selects(columns, docs=True, **filters))).all()
            else:
                rows = []
                for start in range(0, len(ids), 1000):
                    chunk = ids[start : start + 1000]
                    rows += s.execute(_target_rows(columns).where(StatementRow.id.in_(chunk)))
            position = {i: n for n, i in enumerate(ids)}
            targets = sorted((r for r in rows if r.id in position), key=lambda r: position[r.id])
            places = [_statement_place(r.scope, r.scope_code, r.doc_region) for r in targets]
            wanted = {
                (i, code, name, r.unit)
                for r, (name, code) in zip(targets, places, strict=True)
                if r.indicator_id and (name or code)
                for i in (_family(r.indicator_id) if family else (r.indicator_id,))
            }
            by_key = _actuals_for(s, wanted)
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read targets and actual values: {exc}") from exc

    out: list[dict[str, Any]] = []
    for st, (name, code) in zip(targets, places, strict=True):
        place = _place(code, name)
        note = None
        series: list[tuple[Observation, Any]] = []
        if not st.indicator_id:
            note = "not mapped to an indicator of the taxonomy"
        elif place is None:
            note = "no place: neither the statement nor its document names a region"
        elif st.cumulative and _is_flow(st.indicator_id):
            note = "a cumulative target of a flow indicator: annual values do not measure it"
        else:
            own = _family(st.indicator_id) if family else (st.indicator_id,)
            found = [a for i in own for a in by_key.get((i, place, st.unit), [])]
            series = _series(found, st.indicator_id)
        target = Target(Decimal(st.value), st.comparator, st.year, st.unit)
        tracking = track(target, [o for o, _ in series], this_year=this_year)
        used = [
            {
                "year": o.year,
                "value": o.value,
                "origin": r.origin,
                "source": r.source,
                "document_id": r.document_id,
                "indicator_id": r.indicator_id,
                "id": r.id,
            }
            for o, r in series
        ]
        fields = st._mapping
        entry = {c.key: fields[c.key] for c in statement_columns}
        entry.update(
            {
                "doc": st.doc,
                "title": st.title,
                "tracked_scope": name,
                "tracked_scope_code": code,
                "actuals": used,
                "latest_actual": used[-1] if used else None,
                **tracking.as_dict(),
                "note": note,
            }
        )
        out.append(entry)
    return out
