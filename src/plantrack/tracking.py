"""Tracking a target against actual values: pure functions, no database.

A target is a value, a comparator, a deadline year and a unit (`Target`); the actual
values are observations (year, value) of the same indicator, region and unit. `track`
answers what a dashboard shows for one target:

* the latest actual (year, value);
* progress, a ratio where 1 means "just met": latest actual ÷ target for an "at least"
  target (>=, >, = and ~), and target ÷ latest actual for an "at most" target (<=, <),
  whose actual has to come *down* to the target: PM2.5 35 μg/m³ at most with an actual
  of 40 is 35 ÷ 40 = 0.875, an actual of 28 gives 1.25. Either way a higher progress
  is better, above 1 is over-fulfilment, and a page can draw the same bar for both;
* the annual growth still needed to reach the target by its year, from the latest
  actual: (target ÷ actual)^(1 ÷ (target year − actual year)) − 1. Negative for an "at
  most" target that needs a decline. None when the actual is of the target year or
  later, when there is no target year, or when the actual or the target is not positive;
* the observed annual growth: the compound annual growth rate between the two latest
  actuals (None with one actual, or when either of them is not positive);
* a status, by the rule in `STATUS_RULE` (statuses in `STATUSES`).

All numbers are Decimal. Growth rates and progress are fractions (0.15 is 15 %),
rounded to six decimal places (`PLACES`), and the status is decided on the rounded
figures, so that what a page shows always agrees with the status it shows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext
from typing import Any

ACHIEVED = "achieved"
ON_TRACK = "on track"
AT_RISK = "at risk"
MISSED = "missed"
NO_DATA = "no data"
STATUSES: tuple[str, ...] = (ACHIEVED, ON_TRACK, AT_RISK, MISSED, NO_DATA)
# How a Chinese page may name them.
STATUS_LABELS_ZH: dict[str, str] = {
    ACHIEVED: "已达成",
    ON_TRACK: "进展正常",
    AT_RISK: "存在风险",
    MISSED: "未达成",
    NO_DATA: "暂无数据",
}

AT_LEAST: frozenset[str] = frozenset({">=", ">", "=", "~"})
AT_MOST: frozenset[str] = frozenset({"<=", "<"})
COMPARATORS: tuple[str, ...] = (">=", ">", "=", "~", "<=", "<")

# With one actual there is no observed growth to compare with: a target is on track when
# the growth it still needs is at most this much a year (a decline of at most this much a
# year for an "at most" target).
SINGLE_ACTUAL_MAX_GROWTH = Decimal("0.15")
# "=" and "~" state an approximate level (约, 左右, 接近): met within this much below it.
APPROXIMATE_TOLERANCE = Decimal("0.05")
PLACES = Decimal("0.000001")

STATUS_RULE = (
    "Status of a target, from its actual values (the latest one decides; a year with "
    "several values counts once). "
    "Achieved: the latest actual meets the target: ≥ or > it for a target of at least "
    "(>=, >), ≤ or < it for a target of at most (<=, <); a target of about a level "
    "(=, ~) counts as met from 95 % of it. "
    "Missed: not met, and the latest actual is of the target year or later. "
    "At risk, when the target year is over but its actual is not in yet: not met, the "
    "deadline has passed, and the latest actual is older than the target year "
    "(statistics come out months later, so this is not called missed yet). "
    "Otherwise the growth still needed decides: the annual growth from the latest actual "
    "to the target by its year, (target ÷ actual)^(1 ÷ years left) − 1. "
    "On track: with two or more actuals, the growth needed is not more than the observed "
    "annual growth (compound, between the two latest actuals); with a single actual, "
    "the growth needed is at most 15 % a year. For a target of at most, which needs a "
    "decline, on track means the decline needed is not steeper than the observed decline "
    "(with a single actual: a decline of at most 15 % a year). "
    "At risk: otherwise, and also when no growth can be computed (no target year, or a "
    "latest actual or a target of zero or less). "
    "No data: no actual value for the target's indicator, region and unit."
)


@dataclass(frozen=True, slots=True)
class Target:
    """What a target states: reach `value` (in `unit`) by `year`, as `comparator` says."""

    value: Decimal
    comparator: str  # >=, >, =, ~, <=, <
    year: int | None  # the deadline; None when the document gives none
    unit: str = ""


@dataclass(frozen=True, slots=True)
class Observation:
    """One actual value of a year."""

    year: int
    value: Decimal


@dataclass(frozen=True, slots=True)
class Tracking:
    """Where a target stands (see the module docstring for each figure)."""

    status: str  # one of STATUSES
    reason: str  # one sentence: why this status, with the figures
    latest: Observation | None
    previous: Observation | None  # the actual before the latest, for the observed growth
    progress: Decimal | None
    needed_growth: Decimal | None
    observed_growth: Decimal | None
    actual_count: int  # distinct years with an actual

    @property
    def latest_year(self) -> int | None:
        return self.latest.year if self.latest else None

    @property
    def latest_value(self) -> Decimal | None:
        return self.latest.value if self.latest else None

    def as_dict(self) -> dict[str, Any]:
        """The figures as a flat dict (Decimals stay Decimals)."""
        return {
            "status": self.status,
            "status_label": STATUS_LABELS_ZH[self.status],
            "reason": self.reason,
            "latest_year": self.latest_year,
            "latest_value": self.latest_value,
            "previous_year": self.previous.year if self.previous else None,
            "previous_value": self.previous.value if self.previous else None,
            "progress": self.progress,
            "needed_growth": self.needed_growth,
            "observed_growth": self.observed_growth,
            "actual_count": self.actual_count,
        }


# ------------------------------------------------------------------------------ inputs


def as_decimal(value: Decimal | int | str | float) -> Decimal:
    """A finite Decimal from a Decimal, int, text or float (a float through its shortest
    text, so 0.1 is 0.1). ValueError for anything else, NaN or infinity."""
    if isinstance(value, bool):
        raise ValueError(f"not a number: {value!r}")
    try:
        if isinstance(value, Decimal):
            d = value
        elif isinstance(value, int | float):
            d = Decimal(str(value))
        elif isinstance(value, str):
            d = Decimal(value.strip().replace(",", ""))
        else:
            raise ValueError(f"not a number: {value!r}")
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not d.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return d


def _check_comparator(comparator: str) -> str:
    if comparator not in COMPARATORS:
        raise ValueError(f"unknown comparator {comparator!r}: one of {', '.join(COMPARATORS)}")
    return comparator


def observations(
    actuals: Iterable[Observation | tuple[int, Decimal | int | str | float]],
) -> list[Observation]:
    """The actuals in year order, one per year: when a year appears more than once, the
    last observation given for it counts (a caller orders them by preference)."""
    by_year: dict[int, Observation] = {}
    for a in actuals:
        year, value = (a.year, a.value) if isinstance(a, Observation) else a
        if isinstance(year, bool) or not isinstance(year, int):
            raise ValueError(f"an actual's year must be an int, not {year!r}")
        by_year[year] = Observation(year, as_decimal(value))
    return [by_year[y] for y in sorted(by_year)]


def latest_actual(
    actuals: Iterable[Observation | tuple[int, Decimal | int | str | float]],
) -> Observation | None:
    """The actual of the latest year, or None."""
    obs = observations(actuals)
    return obs[-1] if obs else None


# ------------------------------------------------------------------------------ figures


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(PLACES, rounding=ROUND_HALF_EVEN)


def is_at_most(comparator: str) -> bool:
    """Whether the target is a ceiling (<=, <): the actual must come down to it."""
    return _check_comparator(comparator) in AT_MOST


def meets(actual: Decimal, target: Decimal, comparator: str) -> bool:
    """Whether an actual value meets a target by its comparator ("=" and "~" are an
    approximate level: met from APPROXIMATE_TOLERANCE below it)."""
    match _check_comparator(comparator):
        case ">=":
            return actual >= target
        case ">":
            return actual > target
        case "<=":
            return actual <= target
        case "<":
            return actual < target
        case _:  # "=", "~"
            floor = target - abs(target) * APPROXIMATE_TOLERANCE
            return actual >= floor


def progress(actual: Decimal, target: Decimal, comparator: str) -> Decimal | None:
    """actual ÷ target for an "at least" target, target ÷ actual for an "at most" one
    (1 = just met, higher is better); None when the divisor is zero."""
    num, den = (target, actual) if is_at_most(comparator) else (actual, target)
    if den == 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        return _rounded(num / den)


def annual_growth(start: Decimal, end: Decimal, years: int) -> Decimal | None:
    """The compound annual growth that takes `start` to `end` in `years`:
    (end ÷ start)^(1 ÷ years) − 1. None unless both values are positive and years > 0."""
    if years <= 0 or start <= 0 or end <= 0:
        return None
    with localcontext() as ctx:
        ctx.prec = 28
        factor = (end / start) ** (Decimal(1) / Decimal(years))
        return _rounded(factor - 1)


def needed_growth(
    actual: Observation, target_value: Decimal, target_year: int | None
) -> Decimal | None:
    """The annual growth still needed from `actual` to reach the target by its year; None
    when the target year is reached or passed, missing, or a value is not positive."""
    if target_year is None:
        return None
    return annual_growth(actual.value, target_value, target_year - actual.year)


def observed_growth(obs: list[Observation]) -> Decimal | None:
    """The compound annual growth between the two latest actuals (year-ordered, one a
    year, as `observations` gives them); None with fewer than two."""
    if len(obs) < 2:
        return None
    prev, last = obs[-2], obs[-1]
    return annual_growth(prev.value, last.value, last.year - prev.year)


def _pct(x: Decimal) -> str:
    return f"{(x * 100).quantize(Decimal('0.1'))} %"


def _num(x: Decimal) -> str:
    return f"{x.normalize():f}" if x == x.to_integral_value() else f"{x:f}"


# ------------------------------------------------------------------------------ status


def track(
    target: Target,
    actuals: Iterable[Observation | tuple[int, Decimal | int | str | float]],
    *,
    this_year: int | None = None,
) -> Tracking:
    """Where `target` stands given `actuals` of the same indicator, region and unit (by
    STATUS_RULE). `this_year` is the current year (default: today's), which says whether
    the deadline has passed; a year with several actuals counts its last one."""
    value = as_decimal(target.value)
    comparator = _check_comparator(target.comparator)
    at_most = comparator in AT_MOST
    now = this_year if this_year is not None else date.today().year
    obs = observations(actuals)
    if not obs:
        return Tracking(NO_DATA, "no actual value", None, None, None, None, None, 0)
    latest = obs[-1]
    previous = obs[-2] if len(obs) >= 2 else None
    prog = progress(latest.value, value, comparator)
    needed = needed_growth(latest, value, target.year)
    observed = observed_growth(obs)
    unit = f" {target.unit}" if target.unit else ""
    have = f"latest actual {_num(latest.value)}{unit} ({latest.year})"
    want = f"target {comparator} {_num(value)}{unit}" + (
        f" by {target.year}" if target.year is not None else ""
    )

    def done(status: str, reason: str) -> Tracking:
        return Tracking(status, reason, latest, previous, prog, needed, observed, len(obs))

    if meets(latest.value, value, comparator):
        return done(ACHIEVED, f"{have} meets the {want}")
    if target.year is not None and latest.year >= target.year:
        return done(MISSED, f"{have} does not meet the {want}")
    if target.year is not None and now > target.year:
        return done(
            AT_RISK,
            f"the deadline has passed and the {have} does not meet the {want}; "
            f"the actual of {target.year} is not in yet",
        )
    if needed is None:
        why = "no target year" if target.year is None else "the actual or target is not positive"
        return done(AT_RISK, f"{have} does not meet the {want}; no growth path ({why})")
    if observed is not None:
        assert previous is not None
        on_track = needed >= observed if at_most else needed <= observed
        basis = f"observed {_pct(observed)} a year ({previous.year}–{latest.year})"
    else:
        limit = -SINGLE_ACTUAL_MAX_GROWTH if at_most else SINGLE_ACTUAL_MAX_GROWTH
        on_track = needed >= limit if at_most else needed <= limit
        basis = f"single actual: threshold {_pct(limit)} a year"
    reason = f"{have}; the {want} needs {_pct(needed)} a year, {basis}"
    return done(ON_TRACK if on_track else AT_RISK, reason)
