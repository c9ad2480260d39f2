"""Score predicted quantified statements against gold annotations.

Implements the scoring section of ``shared/eval/SCHEMA.md``. Pure: no I/O except
:func:`load_jsonl`, no printing.

Rules
-----
* Records are matched one to one, inside one document at a time.
* A predicted ``target`` matches a gold ``target`` when ``doc``, ``value``, ``unit`` and
  ``year`` are equal. A predicted ``baseline`` / ``forecast`` matches a gold record of the
  same kind when ``doc``, ``value`` and ``unit`` are equal; its ``year`` is then an
  attribute. Values are equal within a relative tolerance of 1e-6 (``math.isclose``;
  an absolute tolerance of 1e-9 makes ``0`` equal to ``0.0`` and to values that small).
  Kinds never cross: a predicted baseline never matches a gold target.
* Attributes of a matched pair: ``scope``, ``year`` (baselines and forecasts only: for a
  target the year is part of the match key, so checking it again would only inflate the
  figure), ``comparator``, ``stretch``, ``cumulative``, ``part_of`` (``None``, ``""`` and
  blank strings are all "no total"). A missing attribute in a prediction is wrong unless
  the gold value is missing too.
* Optimal pairing: where several pairs are possible (two gold targets with the same
  value, unit and year but different indicators; a duplicate prediction), the pairing
  maximises first the number of matches, then the number of agreeing attributes. It is an
  exact maximum-weight assignment (the Hungarian algorithm, written out here because
  scipy is not a dependency) with weight ``M + agreeing attributes`` for a valid pair,
  ``M`` larger than any attainable attribute total, run on each connected group of
  mutually compatible records, which are small. A greedy "best agreement first" pairing
  is not used because it can lose both matches and attribute agreement.
* ``ignore`` gold records: predictions are first matched to the non-ignore gold records.
  A prediction left over that matches an ``ignore`` record of the same document (equal
  ``value`` and ``unit``; its kind and year do not matter, since an ``ignore`` figure is one
  a careful reader could take either way) is dropped: neither a true nor a false
  positive. This pairing is one to one too, so a second copy of an ignored figure is a
  false positive, exactly like a second copy of a real one. ``ignore`` records are never
  false negatives.
* Predicted records of kind ``ignore`` claim nothing: they are skipped (counted in
  :attr:`Scores.predicted_ignore`), so the gold file scored against itself gives 1.0.
* Documents without gold: the gold file may cover only some documents, so predictions
  for a document that has no gold record at all (not even an ``ignore`` one) are not
  scored; :attr:`Scores.unscored_documents` lists those documents. A gold document with
  no predictions is scored: all its records are false negatives.
* Precision, recall and F1 per kind (the kind of the prediction for false positives,
  of the gold record for false negatives) and overall (micro: counts summed over the
  three kinds). A figure whose denominator is zero is ``None`` (printed ``-``); F1 is
  ``2tp / (2tp + fp + fn)``, so it is 0, not ``None``, when there is gold but no
  prediction or the reverse.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plantrack.errors import InputError

KINDS: tuple[str, ...] = ("target", "baseline", "forecast")
GOLD_KINDS: tuple[str, ...] = (*KINDS, "ignore")
ATTRIBUTES: tuple[str, ...] = ("scope", "year", "comparator", "stretch", "cumulative", "part_of")
REL_TOL = 1e-6
ABS_TOL = 1e-9

Record = dict[str, Any]


# --------------------------------------------------------------------------- loading


def load_jsonl(path: str | Path) -> list[Record]:
    """Read one JSON object per line; blank lines are skipped.

    Raises :class:`InputError` naming the file (and the line) when the file cannot be read,
    a line is not JSON, or a line is not a JSON object.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError("no such file", file=str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", file=str(path)) from exc
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", file=str(path)) from exc
    records: list[Record] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(
                f"line {number}: invalid JSON: {exc.msg} (column {exc.colno})", file=str(path)
            ) from exc
        if not isinstance(obj, dict):
            raise InputError(
                f"line {number}: expected a JSON object, got {type(obj).__name__}",
                file=str(path),
            )
        records.append(obj)
    return records


# --------------------------------------------------------------------------- results


@dataclass
class Counts:
    """True positives, false positives and false negatives of one kind (or overall)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None


@dataclass(frozen=True)
class Match:
    """A matched pair; `checked` are the attributes compared, `wrong` those that differ."""

    gold: Record
    predicted: Record
    checked: tuple[str, ...]
    wrong: tuple[str, ...]


@dataclass
class Scores:
    """Everything :func:`score` finds. Record lists keep the input order."""

    per_kind: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    matches: list[Match] = field(default_factory=list)
    false_positives: list[Record] = field(default_factory=list)
    false_negatives: list[Record] = field(default_factory=list)
    # predictions that matched only an `ignore` gold record (not counted)
    dropped: list[Record] = field(default_factory=list)
    # documents with predictions but no gold record; their predictions are not counted
    unscored_documents: list[str] = field(default_factory=list)
    unscored_predictions: int = 0
    gold_records: int = 0
    ignore_records: int = 0
    gold_documents: int = 0
    predicted_records: int = 0
    # predictions of kind `ignore` (they claim nothing and are not counted)
    predicted_ignore: int = 0

    @property
    def overall(self) -> Counts:
        """Micro average: counts summed over target, baseline and forecast."""
        return Counts(
            tp=sum(c.tp for c in self.per_kind.values()),
            fp=sum(c.fp for c in self.per_kind.values()),
            fn=sum(c.fn for c in self.per_kind.values()),
        )

    def attribute_counts(self, name: str) -> tuple[int, int]:
        """(correct, checked) for one attribute over all matched pairs."""
        if name not in ATTRIBUTES:
            raise KeyError(name)
        checked = sum(1 for m in self.matches if name in m.checked)
        wrong = sum(1 for m in self.matches if name in m.wrong)
        return checked - wrong, checked

    @property
    def attribute_accuracies(self) -> dict[str, float | None]:
        """Per attribute: correct / checked (``None`` when nothing was checked)."""
        result: dict[str, float | None] = {}
        for name in ATTRIBUTES:
            correct, checked = self.attribute_counts(name)
            result[name] = correct / checked if checked else None
        return result

    @property
    def attribute_checks(self) -> tuple[int, int]:
        """(correct, checked) pooled over all attributes of all matched pairs."""
        checked = sum(len(m.checked) for m in self.matches)
        wrong = sum(len(m.wrong) for m in self.matches)
        return checked - wrong, checked

    @property
    def attribute_accuracy(self) -> float | None:
        """All attribute checks pooled: correct checks / checks."""
        correct, checked = self.attribute_checks
        return correct / checked if checked else None

    @property
    def attribute_errors(self) -> list[Match]:
        return [m for m in self.matches if m.wrong]


# --------------------------------------------------------------------------- scoring


def values_equal(a: float, b: float) -> bool:
    """Equal within a relative tolerance of 1e-6 (absolute 1e-9 around zero)."""
    return math.isclose(a, b, rel_tol=REL_TOL, abs_tol=ABS_TOL)


def _is_match(gold: Record, pred: Record) -> bool:
    """Whether `pred` may be paired with the non-ignore `gold` (same document assumed)."""
    if gold["kind"] != pred["kind"] or gold["unit"] != pred["unit"]:
        return False
    if gold["kind"] == "target" and gold.get("year") != pred.get("year"):
        return False
    return values_equal(gold["value"], pred["value"])


def _matches_ignore(gold: Record, pred: Record) -> bool:
    return gold["unit"] == pred["unit"] and values_equal(gold["value"], pred["value"])


def _blank(value: Any) -> Any:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    return value


def _checked_attributes(gold: Record) -> tuple[str, ...]:
    if gold["kind"] == "target":
        return tuple(a for a in ATTRIBUTES if a != "year")
    return ATTRIBUTES


def _wrong_attributes(gold: Record, pred: Record) -> tuple[str, ...]:
    wrong = []
    for name in _checked_attributes(gold):
        g, p = gold.get(name), pred.get(name)
        if name == "part_of":
            g, p = _blank(g), _blank(p)
        if g != p or (type(g) is bool) != (type(p) is bool):
            wrong.append(name)
    return tuple(wrong)


def _agreement(gold: Record, pred: Record) -> int:
    return len(_checked_attributes(gold)) - len(_wrong_attributes(gold, pred))


def _validate(records: Sequence[Record], role: str, kinds: tuple[str, ...]) -> None:
    for number, rec in enumerate(records, start=1):
        where = f"{role} record {number}"
        if not isinstance(rec, dict):
            raise InputError(f"{where}: expected an object, got {type(rec).__name__}")
        for key in ("doc", "kind", "unit"):
            if not isinstance(rec.get(key), str):
                raise InputError(f"{where}: field {key!r} must be a string")
        if rec["kind"] not in kinds:
            raise InputError(f"{where}: kind {rec['kind']!r} is not one of {', '.join(kinds)}")
        value = rec.get("value")
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not (math.isfinite(value))
        ):
            raise InputError(f"{where}: field 'value' must be a finite number, got {value!r}")
        year = rec.get("year")
        if year is not None and (isinstance(year, bool) or not isinstance(year, int)):
            raise InputError(f"{where}: field 'year' must be an integer or null, got {year!r}")


def score(gold: Sequence[Record], predicted: Sequence[Record]) -> Scores:
    """Score `predicted` against `gold` following SCHEMA.md (see the module docstring).

    Raises :class:`InputError` (without a file name; add it with ``err.with_file(...)``)
    when a record lacks ``doc``/``kind``/``unit``/``value`` or has an unknown kind. Predicted
    records of kind ``ignore`` are accepted and skipped (so the gold file scores 1.0
    against itself).
    """
    _validate(gold, "gold", GOLD_KINDS)
    _validate(predicted, "predicted", GOLD_KINDS)
    scores = Scores(
        gold_records=len(gold),
        ignore_records=sum(1 for g in gold if g["kind"] == "ignore"),
        predicted_records=len(predicted),
        predicted_ignore=sum(1 for p in predicted if p["kind"] == "ignore"),
    )
    gold_by_doc: dict[str, list[Record]] = {}
    for rec in gold:
        gold_by_doc.setdefault(rec["doc"], []).append(rec)
    pred_by_doc: dict[str, list[Record]] = {}
    for rec in (p for p in predicted if p["kind"] != "ignore"):
        pred_by_doc.setdefault(rec["doc"], []).append(rec)
    scores.gold_documents = len(gold_by_doc)
    scores.unscored_documents = sorted(d for d in pred_by_doc if d not in gold_by_doc)
    scores.unscored_predictions = sum(len(pred_by_doc[d]) for d in scores.unscored_documents)

    fp_ids: set[int] = set()
    fn_ids: set[int] = set()
    for doc, doc_gold in gold_by_doc.items():
        preds = pred_by_doc.get(doc, [])
        real = [g for g in doc_gold if g["kind"] != "ignore"]
        ignore = [g for g in doc_gold if g["kind"] == "ignore"]
        pairs = _match(real, preds, _is_match, _agreement)
        matched_gold = {gi for gi, _ in pairs}
        matched_pred = {pi for _, pi in pairs}
        for gi, pi in pairs:
            g, p = real[gi], preds[pi]
            scores.matches.append(Match(g, p, _checked_attributes(g), _wrong_attributes(g, p)))
            scores.per_kind[g["kind"]].tp += 1
        for gi, g in enumerate(real):
            if gi not in matched_gold:
                fn_ids.add(id(g))
                scores.per_kind[g["kind"]].fn += 1

        rest = [pi for pi in range(len(preds)) if pi not in matched_pred]
        leftovers = [preds[pi] for pi in rest]
        ignored = {pi for _, pi in _match(ignore, leftovers, _matches_ignore, lambda g, p: 0)}
        for li, p in enumerate(leftovers):
            if li in ignored:
                scores.dropped.append(p)
            else:
                fp_ids.add(id(p))
                scores.per_kind[p["kind"]].fp += 1

    # keep input order in the error lists
    scores.false_negatives = [g for g in gold if id(g) in fn_ids]
    scores.false_positives = [p for p in predicted if id(p) in fp_ids]
    return scores


# --------------------------------------------------------------------------- matching


def _match(
    golds: Sequence[Record],
    preds: Sequence[Record],
    compatible: Callable[[Record, Record], bool],
    agreement: Callable[[Record, Record], int],
) -> list[tuple[int, int]]:
    """Optimal one-to-one pairs (gold index, pred index).

    Maximises the number of pairs, then the summed `agreement` (a small non-negative
    int, at most len(ATTRIBUTES)), over each connected group of compatible records.
    """
    edges = {
        (gi, pi): agreement(g, p)
        for gi, g in enumerate(golds)
        for pi, p in enumerate(preds)
        if compatible(g, p)
    }
    pairs: list[tuple[int, int]] = []
    for group_gold, group_pred in _components(edges):
        bonus = len(ATTRIBUTES) * min(len(group_gold), len(group_pred)) + 1
        matrix = [
            [bonus + edges[gi, pi] if (gi, pi) in edges else 0 for pi in group_pred]
            for gi in group_gold
        ]
        for r, c in _max_weight_assignment(matrix):
            gi, pi = group_gold[r], group_pred[c]
            if (gi, pi) in edges:
                pairs.append((gi, pi))
    return sorted(pairs)


def _components(edges: Iterable[tuple[int, int]]) -> list[tuple[list[int], list[int]]]:
    """Connected groups of the bipartite graph `edges`, as sorted (gold, pred) index lists."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for gi, pi in edges:
        a, b = find(("g", gi)), find(("p", pi))
        if a != b:
            parent[a] = b
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for node in sorted(parent):
        side, index = node
        group = groups.setdefault(find(node), ([], []))
        group[0 if side == "g" else 1].append(index)
    return list(groups.values())


def _max_weight_assignment(weights: list[list[int]]) -> list[tuple[int, int]]:
    """Rows and columns paired one to one (min(rows, cols) pairs) with maximum total weight.

    The Hungarian algorithm with potentials, O(n² m). Pairs of weight 0 may appear in the
    result; callers drop the pairs that are not real edges.
    """
    if not weights or not weights[0]:
        return []
    transpose = len(weights) > len(weights[0])
    if transpose:
        weights = [list(col) for col in zip(*weights, strict=True)]
    n, m = len(weights), len(weights[0])
    cost = [[-w for w in row] for row in weights]
    inf = math.inf
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    owner = [0] * (m + 1)  # owner[j]: row (1-based) assigned to column j, 0 = none
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        owner[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = owner[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[owner[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if owner[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            owner[j0] = owner[j1]
            j0 = j1
    result = [(owner[j] - 1, j - 1) for j in range(1, m + 1) if owner[j]]
    if transpose:
        result = [(c, r) for r, c in result]
    return sorted(result)


# --------------------------------------------------------------------------- formatting


def _fmt(x: float | None) -> str:
    return "    -" if x is None else f"{x:.3f}"


def _counts_line(label: str, c: Counts) -> str:
    return (
        f"{label:<10} {_fmt(c.precision):>6} {_fmt(c.recall):>6} {_fmt(c.f1):>6}"
        f" {c.tp:>5} {c.fp:>5} {c.fn:>5}"
    )


def format_scores(scores: Scores) -> str:
    """A plain-text table. The last 8 lines are the summary (``tail -n 8``): the overall
    P/R/F1 line, one accuracy line per attribute, then ``attribute accuracy X``."""
    lines = [
        f"gold {scores.gold_records} records ({scores.ignore_records} ignore)"
        f" in {scores.gold_documents} documents; predicted {scores.predicted_records}"
        f" ({scores.predicted_ignore} ignore);"
        f" dropped (match only ignore) {len(scores.dropped)};"
        f" unscored documents {len(scores.unscored_documents)}"
        f" ({scores.unscored_predictions} predictions)",
        f"{'kind':<10} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}",
    ]
    lines += [_counts_line(kind, scores.per_kind[kind]) for kind in KINDS]
    lines.append(_counts_line("overall", scores.overall))
    for name in ATTRIBUTES:
        correct, checked = scores.attribute_counts(name)
        accuracy = correct / checked if checked else None
        note = " baseline+forecast only" if name == "year" else ""
        lines.append(f"{name:<10} {_fmt(accuracy):>6} ({correct}/{checked}){note}")
    correct, checked = scores.attribute_checks
    lines.append(f"attribute accuracy {_fmt(scores.attribute_accuracy)} ({correct}/{checked})")
    return "\n".join(lines)


def _describe(rec: Record) -> str:
    year = rec.get("year")
    return (
        f"{rec.get('doc')} {rec.get('kind')} {rec.get('value')}{rec.get('unit')}"
        f" year={year} {rec.get('indicator', '')} | {rec.get('text', '')}"
    )


def format_errors(scores: Scores) -> str:
    """False positives, false negatives and attribute errors, one per line (for --show-errors)."""
    lines = [f"false positives ({len(scores.false_positives)}):"]
    lines += [f"  FP {_describe(p)}" for p in scores.false_positives]
    lines.append(f"false negatives ({len(scores.false_negatives)}):")
    lines += [f"  FN {_describe(g)}" for g in scores.false_negatives]
    errors = scores.attribute_errors
    lines.append(f"attribute errors ({len(errors)}):")
    for m in errors:
        diffs = ", ".join(
            f"{a}: gold {m.gold.get(a)!r} predicted {m.predicted.get(a)!r}" for a in m.wrong
        )
        lines.append(f"  AT {_describe(m.gold)} -> {diffs}")
    return "\n".join(lines)
