"""Tracking targets against actual values: every status, the figures and their edges."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from plantrack.tracking import (
    ACHIEVED,
    AT_RISK,
    MISSED,
    NO_DATA,
    ON_TRACK,
    SINGLE_ACTUAL_MAX_GROWTH,
    STATUS_LABELS_ZH,
    STATUS_RULE,
    STATUSES,
    Observation,
    Target,
    annual_growth,
    as_decimal,
    latest_actual,
    meets,
    needed_growth,
    observations,
    observed_growth,
    progress,
    track,
)

D = Decimal
NOW = 2024  # the current year in these tests


def t(value: object, comparator: str = ">=", year: int | None = 2025, unit: str = "辆") -> Target:
    return Target(D(str(value)), comparator, year, unit)


# -- statuses -------------------------------------------------------------------------------


def test_no_actual_is_no_data() -> None:
    r = track(t(100), [], this_year=NOW)
    assert r.status == NO_DATA
    assert r.latest is None and r.progress is None and r.needed_growth is None
    assert r.observed_growth is None and r.actual_count == 0


@pytest.mark.parametrize(
    ("comparator", "actual", "status"),
    [
        (">=", 100, ACHIEVED),  # the boundary meets >=
        (">=", 99, ON_TRACK),  # one year to go, needs 1 %
        (">", 100, ON_TRACK),  # … but not >
        (">", 101, ACHIEVED),
        ("<=", 100, ACHIEVED),
        ("<", 100, ON_TRACK),
        ("<", 99, ACHIEVED),
        ("=", 95, ACHIEVED),  # about 100: met from 95 %
        ("~", 95, ACHIEVED),
        ("=", 94.9, ON_TRACK),
        ("=", 130, ACHIEVED),  # over an approximate level is met
    ],
)
def test_achieved_follows_the_comparator(comparator: str, actual: float, status: str) -> None:
    r = track(t(100, comparator, 2025), [(2024, actual)], this_year=NOW)
    assert r.status == status, r.reason


def test_on_track_when_needed_growth_is_not_above_observed() -> None:
    # 2022: 50, 2023: 60 (observed +20 %); 80 by 2025 needs (80/60)^(1/2) − 1 = 15.47 %
    r = track(t(80), [(2022, 50), (2023, 60)], this_year=NOW)
    assert r.status == ON_TRACK
    assert r.observed_growth == D("0.200000")
    assert r.needed_growth == D("0.154701")
    assert r.latest == Observation(2023, D(60)) and r.previous == Observation(2022, D(50))
    assert r.progress == D("0.750000")
    assert "15.5 %" in r.reason and "20.0 %" in r.reason


def test_at_risk_when_needed_growth_is_above_observed() -> None:
    # observed +4 %, needed 15.47 %
    r = track(t(80), [(2022, D("57.69")), (2023, 60)], this_year=NOW)
    assert r.status == AT_RISK
    assert r.needed_growth is not None and r.observed_growth is not None
    assert r.needed_growth > r.observed_growth


def test_on_track_when_needed_growth_equals_observed_growth() -> None:
    # 100 → 110 → 121: the growth needed (10 %) is the growth observed (10 %)
    r = track(t(121, year=2024), [(2022, 100), (2023, 110)], this_year=NOW)
    assert r.needed_growth == r.observed_growth == D("0.100000")
    assert r.status == ON_TRACK


def test_single_actual_uses_the_threshold() -> None:
    # 15 % a year exactly is on track; a little more is at risk
    on = track(t(D("132.25"), year=2025), [(2023, 100)], this_year=NOW)
    assert on.needed_growth == SINGLE_ACTUAL_MAX_GROWTH
    assert on.status == ON_TRACK and on.observed_growth is None
    off = track(t(133, year=2025), [(2023, 100)], this_year=NOW)
    assert off.status == AT_RISK
    assert "threshold 15.0 %" in off.reason


def test_at_most_targets_need_a_decline() -> None:
    # PM2.5 at most 35 by 2025; 40 in 2023, 45 in 2022: observed −11.1 %, needed −6.46 %
    r = track(t(35, "<=", 2025, "微克/立方米"), [(2022, 45), (2023, 40)], this_year=NOW)
    assert r.status == ON_TRACK
    assert r.progress == D("0.875000")  # target ÷ actual
    assert r.needed_growth == D("-0.064586")
    assert r.observed_growth == D("-0.111111")
    # a decline slower than the one needed is at risk
    slow = track(t(35, "<=", 2025), [(2022, 41), (2023, 40)], this_year=NOW)
    assert slow.status == AT_RISK
    # rising is at risk
    up = track(t(35, "<", 2025), [(2022, 38), (2023, 40)], this_year=NOW)
    assert up.status == AT_RISK


def test_at_most_with_a_single_actual() -> None:
    # a decline of 10 % a year needed: within the 15 % threshold
    assert track(t(81, "<=", 2025), [(2023, 100)], this_year=NOW).status == ON_TRACK
    # a decline of 30 % a year needed: too steep
    assert track(t(49, "<=", 2025), [(2023, 100)], this_year=NOW).status == AT_RISK


def test_missed_when_the_actual_of_the_target_year_falls_short() -> None:
    r = track(t(100, year=2023), [(2022, 80), (2023, 90)], this_year=NOW)
    assert r.status == MISSED
    assert r.needed_growth is None  # the year is reached
    assert r.progress == D("0.900000")


def test_missed_when_a_later_actual_falls_short() -> None:
    assert track(t(100, year=2023), [(2024, 90)], this_year=2025).status == MISSED
    assert track(t(10, "<=", 2023), [(2024, 12)], this_year=2025).status == MISSED


def test_late_achievement_counts_as_achieved() -> None:
    # the latest actual decides: met in 2024 for a 2023 target
    r = track(t(100, year=2023), [(2023, 90), (2024, 105)], this_year=2025)
    assert r.status == ACHIEVED


def test_deadline_passed_without_its_actual_is_at_risk() -> None:
    # 2025 is over, its figure is not in yet; the trend would say on track
    r = track(t(80), [(2022, 50), (2023, 60)], this_year=2026)
    assert r.status == AT_RISK
    assert "deadline has passed" in r.reason
    # while 2025 runs, the trend decides
    assert track(t(80), [(2022, 50), (2023, 60)], this_year=2025).status == ON_TRACK


def test_no_growth_path_is_at_risk() -> None:
    zero = track(t(100), [(2023, 0)], this_year=NOW)
    assert zero.status == AT_RISK and zero.needed_growth is None
    assert zero.progress == D("0.000000")
    negative = track(t(30, unit="%"), [(2022, 5), (2023, -5)], this_year=NOW)
    assert negative.status == AT_RISK and negative.needed_growth is None
    assert negative.observed_growth is None
    no_year = track(t(100, year=None), [(2023, 50)], this_year=NOW)
    assert no_year.status == AT_RISK and "no target year" in no_year.reason
    assert track(t(100, year=None), [(2023, 120)], this_year=NOW).status == ACHIEVED


def test_every_status_is_labelled_and_explained() -> None:
    assert set(STATUS_LABELS_ZH) == set(STATUSES)
    for status in STATUSES:
        assert status.capitalize() in STATUS_RULE
    assert "15 %" in STATUS_RULE and "95 %" in STATUS_RULE


def test_default_current_year_is_today() -> None:
    far = date.today().year + 10
    assert track(t(80, year=far), [(2022, 50), (2023, 60)]).status in (ON_TRACK, AT_RISK)
    assert track(t(80, year=2000), [(1998, 50), (1999, 60)]).status == AT_RISK


# -- figures ---------------------------------------------------------------------------------


def test_a_year_given_twice_counts_its_last_value_and_order_does_not_matter() -> None:
    obs = observations([(2023, 70), (2021, 40), (2022, 50), (2023, 75)])
    assert obs == [Observation(2021, D(40)), Observation(2022, D(50)), Observation(2023, D(75))]
    assert latest_actual([(2021, 1), (2023, 3), (2022, 2)]) == Observation(2023, D(3))
    assert latest_actual([]) is None
    r = track(t(80), [(2023, 70), (2022, 50), (2023, 75)], this_year=NOW)
    assert r.latest_value == D(75) and r.actual_count == 2


def test_progress() -> None:
    assert progress(D(50), D(200), ">=") == D("0.250000")
    assert progress(D(300), D(200), ">") == D("1.500000")
    assert progress(D(40), D(30), "<=") == D("0.750000")  # target ÷ actual
    assert progress(D(20), D(30), "<") == D("1.500000")
    assert progress(D(5), D(0), ">=") is None  # nothing to divide by
    assert progress(D(0), D(30), "<=") is None
    assert progress(D(1), D(3), "=") == D("0.333333")  # six places


def test_needed_growth() -> None:
    assert needed_growth(Observation(2023, D(100)), D(121), 2025) == D("0.100000")
    assert needed_growth(Observation(2025, D(100)), D(121), 2025) is None  # year reached
    assert needed_growth(Observation(2026, D(100)), D(121), 2025) is None  # passed
    assert needed_growth(Observation(2023, D(0)), D(121), 2025) is None  # actual ≤ 0
    assert needed_growth(Observation(2023, D(-3)), D(121), 2025) is None
    assert needed_growth(Observation(2023, D(100)), D(0), 2025) is None  # target ≤ 0
    assert needed_growth(Observation(2023, D(100)), D(121), None) is None
    assert needed_growth(Observation(2024, D(100)), D(50), 2025) == D("-0.500000")


def test_observed_growth_is_the_cagr_of_the_two_latest_actuals() -> None:
    obs = observations([(2015, 1), (2019, 100), (2023, D("146.41"))])
    assert observed_growth(obs) == D("0.100000")  # four years of 10 %, the 2015 figure unused
    assert observed_growth(observations([(2023, 100)])) is None
    assert observed_growth(observations([(2022, 0), (2023, 100)])) is None
    assert annual_growth(D(100), D(100), 3) == D("0.000000")
    assert annual_growth(D(100), D(200), 0) is None


def test_inputs_are_exact_decimals() -> None:
    assert as_decimal(0.1) == D("0.1")
    assert as_decimal("1,500,000") == D(1500000)
    assert as_decimal(7) == D(7)
    a = track(t(80), [(2022, 50.0), (2023, "60")], this_year=NOW)
    b = track(t(80), [(2022, D(50)), (2023, D(60))], this_year=NOW)
    assert a == b
    assert isinstance(a.progress, Decimal)


@pytest.mark.parametrize("bad", ["abc", "NaN", "Infinity", True, None, [1]])
def test_bad_values_raise(bad: object) -> None:
    with pytest.raises(ValueError):
        track(t(80), [(2023, bad)], this_year=NOW)  # type: ignore[list-item]


def test_bad_comparator_and_year_raise() -> None:
    with pytest.raises(ValueError, match="comparator"):
        track(Target(D(1), "!=", 2025), [(2023, 1)])
    with pytest.raises(ValueError, match="comparator"):
        meets(D(1), D(1), "≥")
    with pytest.raises(ValueError, match="year"):
        track(t(1), [("2023", 1)])  # type: ignore[list-item]


def test_as_dict_carries_every_figure() -> None:
    d = track(t(80), [(2022, 50), (2023, 60)], this_year=NOW).as_dict()
    assert d["status"] == ON_TRACK and d["status_label"] == "进展正常"
    assert d["latest_year"] == 2023 and d["latest_value"] == D(60)
    assert d["previous_year"] == 2022 and d["previous_value"] == D(50)
    assert {"progress", "needed_growth", "observed_growth", "actual_count", "reason"} <= set(d)
    empty = track(t(80), [], this_year=NOW).as_dict()
    assert empty["status_label"] == "暂无数据" and empty["latest_year"] is None
