"""The scorer of shared/eval/SCHEMA.md, rule by rule, on small hand-made records."""

from __future__ import annotations

import copy
import itertools
import json
import random
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from plantrack.cli import app
from plantrack.errors import InputError
from plantrack.eval import (
    ATTRIBUTES,
    Counts,
    _max_weight_assignment,
    errors_by_rule,
    find_gold_sets,
    format_errors,
    format_errors_by_rule,
    format_part_line,
    format_scores,
    load_gold,
    load_jsonl,
    range_records,
    rule_of,
    score,
)
from tests.conftest import SHARED

GOLD_FILE = SHARED / "eval" / "gold" / "seeds.jsonl"


def rec(**over: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "doc": "a.txt",
        "kind": "target",
        "scope": "河南省",
        "year": 2025,
        "indicator": "充电桩",
        "value": 150000,
        "unit": "个",
        "comparator": ">=",
        "stretch": False,
        "cumulative": False,
        "part_of": None,
        "text": "充电桩15万个以上",
        "mentions": 1,
    }
    base.update(over)
    return base


def base(**over: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "kind": "baseline",
        "year": 2021,
        "value": 28850,
        "unit": "辆",
        "comparator": "=",
    }
    return rec(**{**fields, **over})


def counts(c: Counts) -> tuple[int, int, int]:
    return c.tp, c.fp, c.fn


# --------------------------------------------------------------------------- matching


def test_identical_record_is_one_true_positive() -> None:
    s = score([rec()], [rec()])
    assert counts(s.per_kind["target"]) == (1, 0, 0)
    assert s.false_positives == [] and s.false_negatives == []
    assert len(s.matches) == 1


def test_duplicate_prediction_is_one_tp_and_one_fp() -> None:
    s = score([rec()], [rec(), rec(text="again")])
    assert counts(s.per_kind["target"]) == (1, 1, 0)
    assert len(s.false_positives) == 1


def test_two_equal_gold_records_need_two_predictions() -> None:
    gold = [rec(indicator="整车产值"), rec(indicator="零部件产值")]
    assert counts(score(gold, [rec()]).per_kind["target"]) == (1, 0, 1)
    assert counts(score(gold, [rec(), rec()]).per_kind["target"]) == (2, 0, 0)


def test_value_within_relative_tolerance_matches() -> None:
    gold = [rec(value=40770000000.0, unit="元")]
    assert score(gold, [rec(value=40770000000.0 * (1 + 5e-7), unit="元")]).overall.tp == 1
    assert score(gold, [rec(value=40770000000.0 * (1 + 5e-6), unit="元")]).overall.tp == 0
    # int and float spellings of the same number
    assert score([rec(value=1500000)], [rec(value=1500000.0)]).overall.tp == 1
    # small values: relative, not absolute
    assert score([rec(value=7.5, unit="%")], [rec(value=7.5000001, unit="%")]).overall.tp == 1
    assert score([rec(value=7.5, unit="%")], [rec(value=7.51, unit="%")]).overall.tp == 0


def test_zero_matches_zero_only() -> None:
    assert score([rec(value=0)], [rec(value=0.0)]).overall.tp == 1
    assert score([rec(value=0)], [rec(value=1e-3)]).overall.tp == 0
    assert score([rec(value=1e-3)], [rec(value=0)]).overall.tp == 0


def test_unit_mismatch_is_no_match() -> None:
    s = score([rec(unit="个")], [rec(unit="座")])
    assert counts(s.per_kind["target"]) == (0, 1, 1)


def test_target_year_mismatch_is_no_match() -> None:
    s = score([rec(year=2025)], [rec(year=2024)])
    assert counts(s.per_kind["target"]) == (0, 1, 1)
    assert score([rec(year=None)], [rec(year=2025)]).overall.tp == 0
    assert score([rec(year=None)], [rec(year=None)]).overall.tp == 1


def test_baseline_year_mismatch_matches_with_year_wrong() -> None:
    s = score([base(year=2021)], [base(year=2020)])
    assert counts(s.per_kind["baseline"]) == (1, 0, 0)
    assert s.attribute_counts("year") == (0, 1)
    assert s.attribute_accuracies["year"] == 0.0
    assert s.matches[0].wrong == ("year",)


def test_forecast_year_is_an_attribute_too() -> None:
    gold = [rec(kind="forecast", year=2025, comparator="=")]
    s = score(gold, [rec(kind="forecast", year=2030, comparator="=")])
    assert counts(s.per_kind["forecast"]) == (1, 0, 0)
    assert s.attribute_counts("year") == (0, 1)


def test_target_year_is_not_an_attribute() -> None:
    s = score([rec()], [rec()])
    assert s.attribute_counts("year") == (0, 0)
    assert s.attribute_accuracies["year"] is None
    assert s.attribute_checks == (5, 5)


def test_kind_mismatch_is_no_match() -> None:
    s = score([base()], [base(kind="forecast")])
    assert counts(s.per_kind["baseline"]) == (0, 0, 1)
    assert counts(s.per_kind["forecast"]) == (0, 1, 0)
    s = score([rec()], [rec(kind="baseline")])
    assert counts(s.per_kind["target"]) == (0, 0, 1)
    assert counts(s.per_kind["baseline"]) == (0, 1, 0)


def test_documents_must_be_equal() -> None:
    s = score([rec(doc="a.txt"), rec(doc="b.txt", value=1)], [rec(doc="b.txt")])
    assert counts(s.overall) == (0, 1, 2)


# --------------------------------------------------------------------------- ignore


def test_prediction_matching_only_ignore_is_dropped() -> None:
    gold = [rec(kind="ignore", value=100, unit="%", year=None, comparator="=")]
    pred = [rec(value=100, unit="%", year=2025)]  # a target, year carried over
    s = score(gold, pred)
    assert counts(s.overall) == (0, 0, 0)
    assert s.dropped == pred
    assert s.false_positives == []


def test_ignore_gold_is_never_a_false_negative() -> None:
    gold = [rec(kind="ignore", value=3), rec()]
    s = score(gold, [rec()])
    assert counts(s.overall) == (1, 0, 0)
    assert s.false_negatives == []


def test_ignore_needs_equal_value_and_unit() -> None:
    gold = [rec(kind="ignore", value=3, unit="个")]
    s = score(gold, [rec(value=3, unit="座"), rec(value=4, unit="个")])
    assert s.dropped == []
    assert counts(s.per_kind["target"]) == (0, 2, 0)


def test_ignore_pairing_is_one_to_one() -> None:
    gold = [rec(kind="ignore", value=3)]
    s = score(gold, [rec(value=3), rec(value=3)])
    assert len(s.dropped) == 1
    assert counts(s.per_kind["target"]) == (0, 1, 0)


def test_real_gold_wins_over_ignore() -> None:
    gold = [rec(kind="ignore", value=5), base(value=5, unit="个")]
    s = score(gold, [base(value=5, unit="个")])
    assert counts(s.per_kind["baseline"]) == (1, 0, 0)
    assert s.dropped == []


def test_predicted_ignore_records_are_skipped() -> None:
    s = score([rec()], [rec(), rec(kind="ignore", value=9)])
    assert counts(s.overall) == (1, 0, 0)
    assert s.predicted_ignore == 1


# --------------------------------------------------------------------------- documents


def test_predictions_for_documents_without_gold_are_unscored() -> None:
    gold = [rec(doc="a.txt")]
    pred = [rec(doc="a.txt"), rec(doc="z.txt"), rec(doc="z.txt", value=1), rec(doc="y.txt")]
    s = score(gold, pred)
    assert counts(s.overall) == (1, 0, 0)
    assert s.unscored_documents == ["y.txt", "z.txt"]
    assert s.unscored_predictions == 3


def test_document_with_only_ignore_gold_is_scored() -> None:
    s = score([rec(doc="b.txt", kind="ignore", value=1)], [rec(doc="b.txt")])
    assert s.unscored_documents == []
    assert counts(s.per_kind["target"]) == (0, 1, 0)


def test_gold_document_without_predictions_is_all_false_negatives() -> None:
    gold = [rec(doc="b.txt"), base(doc="b.txt")]
    s = score(gold, [])
    assert counts(s.overall) == (0, 0, 2)
    assert s.false_negatives == gold


# --------------------------------------------------------------------------- numbers


def test_per_kind_and_overall_numbers_by_hand() -> None:
    gold = [
        rec(value=1),
        rec(value=2),
        rec(value=3),
        rec(value=4),  # targets: 4
        base(value=10),
        base(value=20),  # baselines: 2
        rec(kind="forecast", value=7, comparator="="),  # forecasts: 1
    ]
    pred = [
        rec(value=1),
        rec(value=2),
        rec(value=3),  # 3 target tp
        rec(value=99),  # 1 target fp
        base(value=10),  # 1 baseline tp, 1 fn
        base(value=30),
        base(value=40),  # 2 baseline fp
        # forecast: 0 tp, 0 fp, 1 fn
    ]
    s = score(gold, pred)
    t, b, f, o = s.per_kind["target"], s.per_kind["baseline"], s.per_kind["forecast"], s.overall
    assert counts(t) == (3, 1, 1)
    assert (t.precision, t.recall, t.f1) == pytest.approx((0.75, 0.75, 0.75))
    assert counts(b) == (1, 2, 1)
    assert (b.precision, b.recall, b.f1) == pytest.approx((1 / 3, 1 / 2, 0.4))
    assert counts(f) == (0, 0, 1)
    assert f.precision is None and f.recall == 0.0 and f.f1 == 0.0
    assert counts(o) == (4, 3, 3)
    assert (o.precision, o.recall, o.f1) == pytest.approx((4 / 7, 4 / 7, 4 / 7))
    assert [p["value"] for p in s.false_positives] == [99, 30, 40]
    assert [g["value"] for g in s.false_negatives] == [4, 20, 7]


def test_empty_counts_are_undefined() -> None:
    c = Counts()
    assert (c.precision, c.recall, c.f1) == (None, None, None)
    assert Counts(tp=0, fp=2, fn=0).precision == 0.0
    assert Counts(tp=0, fp=2, fn=0).recall is None


def test_attribute_accuracy_by_hand() -> None:
    gold = [
        rec(value=1, stretch=True, part_of="全产业链收入"),
        rec(value=2, cumulative=True),
        base(value=3, scope="黑龙江省"),
    ]
    pred = [
        rec(value=1, stretch=False, part_of="全产业链收入"),  # stretch wrong
        rec(value=2, cumulative=True, comparator=">", scope="中国"),  # comparator, scope wrong
        base(value=3, scope="黑龙江省", year=2020),  # year wrong
    ]
    s = score(gold, pred)
    acc = s.attribute_accuracies
    assert acc["scope"] == pytest.approx(2 / 3)
    assert acc["year"] == 0.0  # only the baseline is checked
    assert acc["comparator"] == pytest.approx(2 / 3)
    assert acc["stretch"] == pytest.approx(2 / 3)
    assert acc["cumulative"] == 1.0
    assert acc["part_of"] == 1.0
    # 5 + 5 + 6 = 16 checks, 4 wrong
    assert s.attribute_checks == (12, 16)
    assert s.attribute_accuracy == pytest.approx(12 / 16)
    assert [m.wrong for m in s.attribute_errors] == [
        ("stretch",),
        ("scope", "comparator"),
        ("year",),
    ]


def test_part_of_none_and_empty_are_equal() -> None:
    assert score([rec(part_of=None)], [rec(part_of="")]).attribute_accuracies["part_of"] == 1.0
    assert score([rec(part_of="")], [rec()]).attribute_accuracies["part_of"] == 1.0
    assert score([rec(part_of="总量")], [rec(part_of="")]).attribute_accuracies["part_of"] == 0.0


def test_missing_or_mistyped_attribute_is_wrong() -> None:
    pred = rec()
    del pred["stretch"]
    assert score([rec()], [pred]).attribute_accuracies["stretch"] == 0.0
    assert score([rec()], [rec(cumulative=0)]).attribute_accuracies["cumulative"] == 0.0


def test_extra_keys_are_ignored() -> None:
    s = score([rec(note="x")], [rec(indicator="另一个说法", text="", mentions=5, confidence=0.3)])
    assert counts(s.overall) == (1, 0, 0)
    assert s.attribute_accuracy == 1.0


# --------------------------------------------------------------------------- pairing


def test_pairing_prefers_better_attribute_agreement() -> None:
    gold = [rec(indicator="A", stretch=True, scope="河南省"), rec(indicator="B", scope="中国")]
    pred = [rec(scope="中国"), rec(stretch=True, scope="河南省")]
    s = score(gold, pred)
    assert counts(s.overall) == (2, 0, 0)
    assert s.attribute_accuracy == 1.0
    assert [m.gold["indicator"] for m in s.matches] == ["A", "B"]
    assert [m.predicted["scope"] for m in s.matches] == ["河南省", "中国"]


def test_pairing_is_optimal_where_greedy_best_first_is_not() -> None:
    gold = [rec(indicator="g0"), rec(indicator="g1", stretch=True, scope="中国", part_of="总量")]
    pred = [rec(indicator="p0", stretch=True), rec(indicator="p1", comparator=">", cumulative=True)]
    # correct attributes (of 5) per single pair: g0-p0 4, g0-p1 3, g1-p0 3, g1-p1 0.
    agree = [[score([g], [p]).attribute_checks[0] for p in pred] for g in gold]
    assert agree == [[4, 3], [3, 0]]
    # greedy best-first would take g0-p0 (4) then g1-p1 (0): 4; the optimum is 3 + 3
    s = score(gold, pred)
    assert counts(s.overall) == (2, 0, 0)
    assert s.attribute_checks == (6, 10)
    assert [(m.gold["indicator"], m.predicted["indicator"]) for m in s.matches] == [
        ("g0", "p1"),
        ("g1", "p0"),
    ]


def test_pairing_maximises_matches_before_agreement() -> None:
    # 1.0 ~ 1.0000008 ~ 1.0000016 within 1e-6, but 1.0 is not ~ 1.0000016.
    other = {"scope": "中国", "comparator": ">", "stretch": True, "cumulative": True}
    gold = [rec(value=1.0, unit="%"), rec(value=1.0000016, unit="%", part_of="X", **other)]
    # p0 agrees fully with g0 (5 of 5) but is the only prediction that can reach g1, with
    # which it agrees on nothing; p1 reaches only g0 and agrees with it on nothing.
    pred = [rec(value=1.0000008, unit="%"), rec(value=1.0, unit="%", part_of="Y", **other)]
    s = score(gold, pred)
    assert counts(s.overall) == (2, 0, 0)
    assert s.attribute_checks == (0, 10)


def test_assignment_matches_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(300):
        n, m = rng.randint(1, 5), rng.randint(1, 5)
        weights = [[rng.choice([0, 0, 3, 5, 8, 9]) for _ in range(m)] for _ in range(n)]
        pairs = _max_weight_assignment(weights)
        assert len(pairs) == min(n, m)
        assert len({r for r, _ in pairs}) == len({c for _, c in pairs}) == len(pairs)
        got = sum(weights[r][c] for r, c in pairs)
        if n <= m:
            best = max(
                sum(weights[i][p[i]] for i in range(n)) for p in itertools.permutations(range(m), n)
            )
        else:
            best = max(
                sum(weights[p[j]][j] for j in range(m)) for p in itertools.permutations(range(n), m)
            )
        assert got == best, weights


# --------------------------------------------------------------------------- validation


def test_bad_records_raise_input_error() -> None:
    with pytest.raises(InputError, match="predicted record 2: kind 'goal'"):
        score([rec()], [rec(), rec(kind="goal")])
    with pytest.raises(InputError, match="gold record 1: field 'value'"):
        score([rec(value="150000")], [])
    with pytest.raises(InputError, match="field 'unit'"):
        score([], [rec(unit=None)])
    with pytest.raises(InputError, match="field 'year'"):
        score([rec(year="2025")], [])


# --------------------------------------------------------------------------- jsonl


def test_load_jsonl_reads_objects_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_text(
        json.dumps(rec(), ensure_ascii=False) + "\n\n" + json.dumps(base()) + "\n",
        encoding="utf-8",
    )
    assert load_jsonl(path) == [rec(), base()]


def test_load_jsonl_names_file_and_line_on_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(rec()) + "\n" + '{"doc": "a.txt",\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_jsonl(path)
    assert info.value.file == str(path)
    assert "line 2" in info.value.reason
    assert str(path) in str(info.value)


def test_load_jsonl_rejects_non_objects(tmp_path: Path) -> None:
    path = tmp_path / "list.jsonl"
    path.write_text(json.dumps(rec()) + "\n\n[1, 2]\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3: expected a JSON object, got list") as info:
        load_jsonl(path)
    assert info.value.file == str(path)


def test_load_jsonl_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load_jsonl(tmp_path / "nope.jsonl")
    assert info.value.file == str(tmp_path / "nope.jsonl")


# --------------------------------------------------------------------------- output


def test_format_scores_layout() -> None:
    gold = [rec(value=1), rec(value=2), base(value=3)]
    pred = [rec(value=1, stretch=True), rec(value=9), base(value=3)]
    text = format_scores(score(gold, pred))
    lines = text.splitlines()
    tail = lines[-8:]
    assert tail[0].split() == ["overall", "0.667", "0.667", "0.667", "2", "1", "1"]
    assert [ln.split()[0] for ln in tail[1:7]] == list(ATTRIBUTES)
    assert tail[2].split()[1:3] == ["1.000", "(1/1)"]  # year: the baseline only
    assert tail[4].split()[1:3] == ["0.500", "(1/2)"]  # stretch
    assert tail[-1] == "attribute accuracy 0.909 (10/11)"
    kinds = {ln.split()[0]: ln.split()[1:] for ln in lines[2:5]}
    assert kinds["target"] == ["0.500", "0.500", "0.500", "1", "1", "1"]
    assert kinds["forecast"] == ["-", "-", "-", "0", "0", "0"]


def test_format_errors_lists_every_error() -> None:
    gold = [rec(value=1), rec(value=2, stretch=True)]
    pred = [rec(value=9), rec(value=2)]
    text = format_errors(score(gold, pred))
    assert "false positives (1):" in text and "FP a.txt target 9个" in text
    assert "false negatives (1):" in text and "FN a.txt target 1个" in text
    assert "stretch: gold True predicted False" in text


# --------------------------------------------------------------------------- gold file


def test_gold_file_against_itself_scores_one_everywhere() -> None:
    if not GOLD_FILE.is_file():
        pytest.skip(f"needs {GOLD_FILE}")
    gold = load_jsonl(GOLD_FILE)
    s = score(gold, copy.deepcopy(gold))
    for kind, c in s.per_kind.items():
        assert c.tp > 0, kind
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), kind
    assert (s.overall.precision, s.overall.recall, s.overall.f1) == (1.0, 1.0, 1.0)
    assert s.overall.tp == sum(1 for g in gold if g["kind"] != "ignore")
    assert all(a == 1.0 for a in s.attribute_accuracies.values())
    assert s.attribute_accuracy == 1.0
    assert s.false_positives == s.false_negatives == s.dropped == []
    assert s.unscored_documents == []
    assert format_scores(s).splitlines()[-1].startswith("attribute accuracy 1.000")


# --------------------------------------------------------------------------- none lines


def none(doc: str = "n.txt") -> dict[str, Any]:
    return {"doc": doc, "kind": "none", "note": "no quantified statement"}


def test_every_prediction_on_a_none_document_is_a_false_positive() -> None:
    pred = [rec(doc="n.txt"), base(doc="n.txt"), rec(doc="a.txt")]
    s = score([none(), rec(doc="a.txt")], pred)
    assert counts(s.per_kind["target"]) == (1, 1, 0)
    assert counts(s.per_kind["baseline"]) == (0, 1, 0)
    assert s.false_positives == pred[:2]
    assert s.unscored_documents == [] and s.unscored_predictions == 0
    assert s.none_documents == ["n.txt"]
    assert (s.gold_records, s.gold_documents) == (1, 2)


def test_none_document_without_predictions_adds_nothing() -> None:
    s = score([none()], [])
    assert counts(s.overall) == (0, 0, 0)
    assert s.false_negatives == []
    assert "in 1 documents (1 with none)" in format_scores(s).splitlines()[0]


def test_none_line_mixed_with_records_of_its_document_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"'n\.txt' has a 'none' line .* 1 other"):
        score([none(), rec(doc="n.txt", kind="ignore")], [])
    path = tmp_path / "gold_x.jsonl"
    lines = [none(), rec(doc="m.txt"), rec(doc="n.txt")]
    path.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    with pytest.raises(InputError, match="'none' line") as info:
        load_gold(path)
    assert info.value.file == str(path)


def test_none_is_not_a_predicted_kind() -> None:
    with pytest.raises(InputError, match="predicted record 1: field 'unit'"):
        score([none()], [none()])


# --------------------------------------------------------------------------- ranges


def test_a_range_is_two_records_lower_ge_and_upper_le() -> None:
    ranged = rec(value=15, value_high=20, unit="%", comparator="=")
    low, high = range_records(ranged)
    assert (low["value"], low["comparator"], low["value_high"]) == (15, ">=", None)
    assert (high["value"], high["comparator"], high["value_high"]) == (20, "<=", None)
    assert ranged["comparator"] == "=" and ranged["value_high"] == 20  # input untouched
    # bounds given the other way round (a decline of 3 to 5 percent)
    low, high = range_records(base(value=-3, value_high=-5, unit="%"))
    assert (low["value"], low["comparator"], high["value"], high["comparator"]) == (
        -5,
        ">=",
        -3,
        "<=",
    )
    plain = rec(value_high=None)
    assert range_records(plain) == [plain]
    assert range_records(rec()) == [rec()]
    # both bounds match gold that follows convention 7
    gold = [rec(value=15, unit="%", comparator=">="), rec(value=20, unit="%", comparator="<=")]
    s = score(gold, range_records(ranged))
    assert counts(s.overall) == (2, 0, 0) and s.attribute_accuracy == 1.0


# --------------------------------------------------------------------------- by rule


def test_rule_of_falls_back_to_the_kind_cue() -> None:
    assert rule_of(rec(cues={"rule": "list after", "kind": "到2025年"})) == "list after"
    assert rule_of(rec(cues={"kind": "预计"})) == "预计"
    assert rule_of(rec(cues={"year": "2020年"})) == "(none)"
    assert rule_of(rec()) == "(none)"


def test_errors_grouped_by_rule_largest_first() -> None:
    gold = [rec(value=1), rec(value=2), base(value=3), base(value=4)]
    pred = [
        rec(value=7, cues={"kind": "B"}),
        rec(value=8, cues={"rule": "A"}),
        rec(value=9, cues={"rule": "A", "kind": "B"}),
        rec(value=10),
        rec(value=1, stretch=True, cues={"kind": "C"}),
    ]
    s = score(gold, pred)
    grouped = errors_by_rule(s)
    assert [(name, len(items)) for name, items in grouped.false_positives] == [
        ("A", 2),
        ("(none)", 1),
        ("B", 1),
    ]
    assert [(name, len(items)) for name, items in grouped.attribute_errors] == [("C", 1)]
    assert [(name, len(items)) for name, items in grouped.false_negatives] == [
        ("baseline", 2),
        ("target", 1),
    ]
    text = format_errors_by_rule(s)
    assert "false positives by rule (4):\n     2  A\n     1  (none)\n     1  B" in text
    assert "FP" not in text
    assert "FP a.txt target 8个" in format_errors_by_rule(s, details=True)


def test_part_line() -> None:
    s = score([rec(value=1), rec(value=2), base(value=3)], [rec(value=1), base(value=3)])
    assert format_part_line("news", s) == (
        "part news: P 1.000 R 0.667 F1 0.800 (tp 2 fp 0 fn 1); target F1 0.667"
    )


# --------------------------------------------------------------------------- gold sets


def _write_gold(path: Path, records: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def test_find_gold_sets(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    news = _write_gold(dev / "gold_news.jsonl", [none()])
    pages = _write_gold(dev / "gold_pages.jsonl", [none()])
    (dev / "news").mkdir()
    other = _write_gold(tmp_path / "x" / "gold_news.jsonl", [none()])
    found = find_gold_sets([dev])
    assert [(g.part, g.gold, g.docs) for g in found] == [
        ("news", news, dev / "news"),
        ("pages", pages, dev),  # no pages/ folder: the gold file's folder
    ]
    found = find_gold_sets([news, other], docs=tmp_path)
    assert [(g.part, g.docs) for g in found] == [("news", tmp_path), ("news-2", tmp_path)]
    with pytest.raises(InputError, match="no gold_") as info:
        find_gold_sets([tmp_path])
    assert info.value.file == str(tmp_path)
    with pytest.raises(InputError, match="no such gold file") as info:
        find_gold_sets([dev / "gold_plans.jsonl"])
    assert info.value.file == str(dev / "gold_plans.jsonl")


# --------------------------------------------------------------------------- eval command


def _tail_overall(output: str) -> list[str]:
    return output.splitlines()[-8].split()


def test_eval_command_on_a_folder_laid_out_like_dev(tmp_path: Path) -> None:
    dev = tmp_path / "dev"
    (dev / "news").mkdir(parents=True)
    (dev / "pages").mkdir()
    # the same file name in both parts, with different texts and gold
    (dev / "news" / "01_a.txt").write_text("到2025年，全市新能源汽车产量达到5万辆。\n", "utf-8")
    (dev / "pages" / "01_a.txt").write_text("到2025年，全省研发投入增长15%至20%。\n", "utf-8")
    # a document with no quantified statement by its gold, but a figure in its text
    (dev / "news" / "02_none.txt").write_text(
        "国务院常务会议召开。2024年全市汽车销量达到120万辆。\n", "utf-8"
    )
    target = {"scope": None, "stretch": False, "cumulative": False, "part_of": None}
    _write_gold(
        dev / "gold_news.jsonl",
        [
            rec(doc="01_a.txt", value=50000, unit="辆", **target),
            {"doc": "02_none.txt", "kind": "none"},
        ],
    )
    _write_gold(
        dev / "gold_pages.jsonl",
        [
            rec(doc="01_a.txt", value=15, unit="%", comparator=">=", **target),
            rec(doc="01_a.txt", value=20, unit="%", comparator="<=", **target),
        ],
    )
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(dev), "--show-errors", "--by-rule"])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "part news: P 0.500 R 1.000 F1 0.667 (tp 1 fp 1 fn 0); target F1 1.000" in out
    assert "part pages: P 1.000 R 1.000 F1 1.000 (tp 2 fp 0 fn 0); target F1 1.000" in out
    assert "FP news/02_none.txt baseline 1200000辆" in out
    # the rule's name belongs to the extractor; one group of one
    assert re.search(r"false positives by rule \(1\):\n     1  \S.*\n +FP news/02_none", out)
    assert _tail_overall(out) == ["overall", "0.750", "1.000", "0.857", "3", "1", "0"]

    # one part with --docs, as before: documents keep their own names
    result = runner.invoke(
        app, ["eval", str(dev / "gold_news.jsonl"), "--docs", str(dev / "news"), "--show-errors"]
    )
    assert result.exit_code == 0, result.output
    assert "FP 02_none.txt baseline" in result.stdout and "part " not in result.stdout
    assert _tail_overall(result.stdout)[-3:] == ["1", "1", "0"]

    # several gold files, each reading <part>/ beside it
    result = runner.invoke(
        app, ["eval", str(dev / "gold_pages.jsonl"), str(dev / "gold_news.jsonl")]
    )
    assert result.exit_code == 0, result.output
    assert _tail_overall(result.stdout)[-3:] == ["3", "1", "0"]

    # a missing document is reported and scoring goes on: its gold records are misses
    (dev / "pages" / "01_a.txt").unlink()
    result = runner.invoke(app, ["eval", str(dev)])
    assert result.exit_code == 0, result.output
    assert str(dev / "pages" / "01_a.txt") in result.stderr
    assert _tail_overall(result.stdout)[-3:] == ["1", "1", "2"]


def test_eval_command_fails_clearly_without_gold(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(tmp_path)])
    assert result.exit_code == 1
    assert "no gold_*.jsonl" in result.stderr and str(tmp_path) in result.stderr
    missing = tmp_path / "gold_news.jsonl"
    result = runner.invoke(app, ["eval", str(missing), "--docs", str(tmp_path)])
    assert result.exit_code == 1
    assert str(missing) in result.stderr
    _write_gold(missing, [none("a.txt"), rec(doc="a.txt")])
    result = runner.invoke(app, ["eval", str(missing)])
    assert result.exit_code == 1
    assert "'none' line" in result.stderr and str(missing) in result.stderr


def test_a_corpus_manifest_gives_each_document_its_source_address(tmp_path: Path) -> None:
    from plantrack.eval import source_addresses

    (tmp_path / "README.md").write_text(
        "| file | source | about |\n|---|---|---|\n"
        "| 03_rates.txt | https://example.org/news/2021/0315/88.html | a rate move |\n"
        "| 04_plan.md | policy_document/text/plan.md | no address |\n",
        "utf-8",
    )
    found = source_addresses(tmp_path / "missing", tmp_path)
    assert found == {"03_rates.txt": "https://example.org/news/2021/0315/88.html"}
