"""Review of stored statements, with an audit trail.

A reviewer confirms a statement as extracted, corrects some of its fields, or rejects
it. Each review sets the statement's `review_status` (confirmed, corrected, rejected; the
latest review decides) and writes a `ReviewEditRow`: who, when, the action, a note, and
the fields it changed, before and after. Statement and trail change in one transaction.

A correction keeps the statement consistent the way ingest makes it: the value's text
and `value_num` come from the corrected value, `link_key` is recomputed
(repository.link_key_of), a changed scope gets its code again (unless the correction
gives scope_code itself) and a changed indicator phrase or unit gets its taxonomy id
again (unless it gives indicator_id). Derived fields that change are in before/after too.
Rejected statements stay stored; targets_progress and baseline_actuals leave them out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from plantrack.errors import NotFoundError, PlanTrackError, StoreError
from plantrack.model import StatementKind
from plantrack.store import facets
from plantrack.store.repository import MAX_ID, Store, link_key_of
from plantrack.store.schema import DocumentRow, ReviewEditRow, StatementRow
from plantrack.tracking import as_decimal

ACTIONS: dict[str, str] = {"confirm": "confirmed", "correct": "corrected", "reject": "rejected"}
CORRECTABLE: tuple[str, ...] = (
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
)
STATEMENT_COMPARATORS: tuple[str, ...] = (">=", ">", "=", "<=", "<")
MIN_YEAR, MAX_YEAR = 1900, 2100
# Scopes that are not Chinese divisions but have a code (plantrack.normalize).
_WORLD_CODES = frozenset({"100000", "world"})


class ReviewError(PlanTrackError, ValueError):
    """A review that cannot be applied: unknown action, field or value."""


# ------------------------------------------------------------------------- validation


def _text(field: str, value: Any, *, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        kind = "a non-empty text or None" if optional else "a non-empty text"
        raise ReviewError(f"{field} must be {kind}, not {value!r}")
    if "\x00" in value:
        raise ReviewError(f"{field} holds a NUL character")
    return value.strip()


def _kind(value: Any) -> str:
    kinds = [k.value for k in StatementKind]
    if value not in kinds:
        raise ReviewError(f"kind must be one of {', '.join(kinds)}, not {value!r}")
    return str(value)


def _year(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ReviewError(f"year must be an int or None, not {value!r}")
    if not MIN_YEAR <= value <= MAX_YEAR:
        raise ReviewError(f"year must be between {MIN_YEAR} and {MAX_YEAR}, not {value}")
    return value


def _scope_code(value: Any) -> str | None:
    if value is None:
        return None
    from plantrack.normalize.regions import region_by_code

    code = _text("scope_code", value)
    assert code is not None
    if code in _WORLD_CODES or (len(code) == 6 and region_by_code(code) is not None):
        return code
    raise ReviewError(f"scope_code {code!r} is not a six-digit division code, 100000 or world")


def _indicator_id(value: Any) -> str | None:
    if value is None:
        return None
    from plantrack.normalize.indicators import indicator_by_id

    ident = _text("indicator_id", value)
    assert ident is not None
    if indicator_by_id(ident) is None:
        raise ReviewError(f"indicator_id {ident!r} is not in data/indicators.toml")
    return ident


def _decimal(field: str, value: Any, *, optional: bool = False) -> Decimal | None:
    if value is None and optional:
        return None
    try:
        return as_decimal(value)
    except (ValueError, TypeError) as exc:
        raise ReviewError(f"{field} must be a finite number, not {value!r}") from exc


def _comparator(value: Any) -> str:
    if value not in STATEMENT_COMPARATORS:
        raise ReviewError(
            f"comparator must be one of {', '.join(STATEMENT_COMPARATORS)}, not {value!r}"
        )
    return str(value)


def _flag(field: str) -> Callable[[Any], bool]:
    def check(value: Any) -> bool:
        if not isinstance(value, bool):
            raise ReviewError(f"{field} must be true or false, not {value!r}")
        return value

    return check


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "kind": _kind,
    "scope": lambda v: _text("scope", v, optional=True),
    "scope_code": _scope_code,
    "year": _year,
    "indicator": lambda v: _text("indicator", v),
    "indicator_id": _indicator_id,
    "value": lambda v: _decimal("value", v),
    "value_high": lambda v: _decimal("value_high", v, optional=True),
    "unit": lambda v: _text("unit", v),
    "comparator": _comparator,
    "stretch": _flag("stretch"),
    "cumulative": _flag("cumulative"),
}


def _number_text(value: Decimal) -> str:
    return format(value, "f")


# ---------------------------------------------------------------------------- reviews


def _utc(at: datetime | None) -> datetime:
    if at is None:
        return datetime.now(UTC)
    if not isinstance(at, datetime):
        raise ReviewError(f"at must be a datetime, not {at!r}")
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _snapshot(row: StatementRow) -> dict[str, Any]:
    return {c.key: getattr(row, c.key) for c in StatementRow.__table__.columns}


def _review_dict(edit: ReviewEditRow) -> dict[str, Any]:
    at = edit.at
    if at.tzinfo is None:  # SQLite keeps no zone: it was stored in UTC
        at = at.replace(tzinfo=UTC)
    return {
        "id": edit.id,
        "statement_id": edit.statement_id,
        "action": edit.action,
        "reviewer": edit.reviewer,
        "at": at.isoformat(),
        "before": dict(edit.before),
        "after": dict(edit.after),
        "note": edit.note,
    }


def _corrected(
    row: StatementRow, doc_region: str | None, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """The statement's new column values (only those that differ), validated."""
    if not isinstance(changes, Mapping) or not changes:
        raise ReviewError("a correction needs changes: a dict of fields and their new values")
    unknown = sorted(str(k) for k in changes if k not in _CHECKS)
    if unknown:
        raise ReviewError(
            f"cannot correct {', '.join(unknown)}: correctable are {', '.join(CORRECTABLE)}"
        )
    given = {k: _CHECKS[k](v) for k, v in changes.items()}
    new: dict[str, Any] = {
        "kind": row.kind,
        "scope": row.scope,
        "scope_code": row.scope_code,
        "year": row.year,
        "indicator": row.indicator,
        "indicator_id": row.indicator_id,
        "value": Decimal(row.value),
        "value_high": Decimal(row.value_high) if row.value_high is not None else None,
        "unit": row.unit,
        "comparator": row.comparator,
        "stretch": row.stretch,
        "cumulative": row.cumulative,
    }
    new.update(given)
    if "scope" in given and "scope_code" not in given:
        from plantrack.normalize import scope_code

        new["scope_code"] = scope_code(new["scope"], doc_region)
    if ("indicator" in given or "unit" in given) and "indicator_id" not in given:
        from plantrack.normalize.indicators import map_indicator

        found = map_indicator(new["indicator"], new["unit"], text=row.text)
        new["indicator_id"] = found.id if found is not None else None
    if new["indicator_id"] is not None:
        from plantrack.normalize.indicators import indicator_by_id

        ind = indicator_by_id(new["indicator_id"])
        if ind is not None and new["unit"] not in ind.units:
            raise ReviewError(
                f"unit {new['unit']!r} is not a unit of {ind.id} ({', '.join(ind.units)})"
            )
    if new["value_high"] is not None and new["value_high"] < new["value"]:
        raise ReviewError(f"value_high {new['value_high']} is below value {new['value']}")
    columns = dict(new)
    columns["value"] = _number_text(new["value"])
    columns["value_num"] = float(new["value"])
    if new["value_high"] is not None:
        columns["value_high"] = _number_text(new["value_high"])
    columns["link_key"] = link_key_of(
        new["kind"],
        new["scope"],
        new["scope_code"],
        new["year"],
        new["indicator"],
        new["indicator_id"],
        new["value"],
        new["unit"],
    )
    current = _snapshot(row)
    # An exact text that reads as the same number (1500000.0 for 1500000) is no change.
    if "value" in columns and Decimal(row.value) == new["value"]:
        columns["value"], columns["value_num"] = row.value, row.value_num
    if (
        row.value_high is not None
        and new["value_high"] is not None
        and Decimal(row.value_high) == new["value_high"]
    ):
        columns["value_high"] = row.value_high
    return {k: v for k, v in columns.items() if current[k] != v}


def review_statement(
    store: Store,
    statement_id: int,
    *,
    action: str,
    reviewer: str,
    changes: Mapping[str, Any] | None = None,
    note: str | None = None,
    at: datetime | None = None,
) -> dict[str, Any]:
    """Review a stored statement: `action` "confirm", "correct" (with `changes`: a dict
    of CORRECTABLE fields and their new values) or "reject". Sets its review_status and
    writes the review (before/after of every field it changed, review_status included),
    in one transaction. Returns the review as review_history gives it, with the
    statement's columns after it under "statement".

    Values: kind target/baseline/forecast; scope text or None; scope_code a six-digit
    division code, 100000 or world, or None; year an int (1900–2100) or None; indicator
    and unit non-empty text; indicator_id an id of data/indicators.toml (its units must
    include the unit) or None; value a number (Decimal, int, text such as "1500000";
    a float through its shortest text), value_high a number not below value, or None;
    comparator >=, >, =, <= or <; stretch and cumulative True or False.

    Raises NotFoundError for an unknown statement, ReviewError (a ValueError) for an
    unknown action, a missing reviewer, an unknown field, a bad value, changes with a
    confirm or reject, or a correction that changes nothing; StoreError when the
    database fails."""
    if action not in ACTIONS:
        raise ReviewError(f"action must be one of {', '.join(ACTIONS)}, not {action!r}")
    who = _text("reviewer", reviewer)
    if note is not None:
        note = _text("note", note)
    when = _utc(at)
    if action != "correct" and changes:
        raise ReviewError(f"{action} takes no changes (correct does)")
    if isinstance(statement_id, bool) or not isinstance(statement_id, int):
        raise ReviewError(f"statement_id must be an int, not {statement_id!r}")
    status = ACTIONS[action]
    try:
        with Session(store.engine, expire_on_commit=False) as s, s.begin():
            found = (
                s.execute(
                    select(StatementRow, DocumentRow.region)
                    .join(DocumentRow)
                    .where(StatementRow.id == statement_id)
                    .with_for_update(of=StatementRow)
                ).first()
                if 0 < statement_id <= MAX_ID
                else None
            )
            if found is None:
                raise NotFoundError(f"no statement {statement_id}")
            row, doc_region = found
            counted_as = facets.key_of(row, doc_region)
            before: dict[str, Any] = {"review_status": row.review_status}
            after: dict[str, Any] = {"review_status": status}
            if action == "correct":
                assert changes is not None
                changed = _corrected(row, doc_region, changes)
                if not changed:
                    raise ReviewError("the correction changes nothing")
                for field, value in changed.items():
                    before[field] = getattr(row, field)
                    after[field] = value
                    setattr(row, field, value)
            row.review_status = status
            counted_now = facets.key_of(row, doc_region)
            if counted_now != counted_as:  # keep the facet counts true
                facets.apply(s, Counter({counted_as: -1, counted_now: 1}))
            edit = ReviewEditRow(
                statement_id=row.id,
                action=action,
                reviewer=who,
                at=when,
                before=before,
                after=after,
                note=note,
            )
            s.add(edit)
            s.flush()
            out = _review_dict(edit)
            out["statement"] = _snapshot(row)
            return out
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot store the review of statement {statement_id}: {exc}") from exc


def review_history(store: Store, statement_id: int) -> list[dict[str, Any]]:
    """The reviews of a statement, newest first (by time, then by order of writing):
    id, statement_id, action, reviewer, at (ISO 8601, UTC), before, after, note.
    NotFoundError for an unknown statement."""
    if isinstance(statement_id, bool) or not isinstance(statement_id, int):
        raise ReviewError(f"statement_id must be an int, not {statement_id!r}")
    try:
        with Session(store.engine) as s:
            if not 0 < statement_id <= MAX_ID or s.get(StatementRow, statement_id) is None:
                raise NotFoundError(f"no statement {statement_id}")
            edits = s.scalars(
                select(ReviewEditRow)
                .where(ReviewEditRow.statement_id == statement_id)
                .order_by(ReviewEditRow.at.desc(), ReviewEditRow.id.desc())
            )
            return [_review_dict(e) for e in edits]
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot read the reviews of statement {statement_id}: {exc}") from exc
