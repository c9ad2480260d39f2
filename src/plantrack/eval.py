"""Score predicted quantified statements against gold annotations.

Implements the scoring section of ``shared/eval/SCHEMA.md``. Pure: no I/O except
:func:`load_jsonl`, :func:`load_gold` and :func:`find_gold_sets` (which read or list
files), no printing.

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
* ``none`` gold lines (``{"doc": ..., "kind": "none"}``, no other field needed) put a
  document into the set with no gold record: every prediction on it is a false
  positive. A ``none`` line next to other gold records of the same document is an error.
  ``none`` lines are not counted in :attr:`Scores.gold_records`; the documents are listed
  in :attr:`Scores.none_documents` and counted in :attr:`Scores.gold_documents`.
* Documents without gold: the gold file may cover only some documents, so predictions
  for a document that has no gold record at all (not even an ``ignore`` or ``none`` one)
  are not scored; :attr:`Scores.unscored_documents` lists those documents. A gold document with
  no predictions is scored: all its records are false negatives.
* Ranges: a prediction with ``value_high`` is two records for scoring (SCHEMA
  convention 7), made by :func:`range_records`: the lower bound with ``>=`` and the
  upper bound with ``<=``.
* Precision, recall and F1 per kind (the kind of the prediction for false positives,
  of the gold record for false negatives) and overall (micro: counts summed over the
  three kinds). A figure whose denominator is zero is ``None`` (printed ``-``); F1 is
  ``2tp / (2tp + fp + fn)``, so it is 0, not ``None``, when there is gold but no
  prediction or the reverse.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from plantrack.errors import InputError

KINDS: tuple[str, ...] = ("target", "baseline", "forecast")
GOLD_KINDS: tuple[str, ...] = (*KINDS, "ignore")
NONE_KIND = "none"  # a gold line saying that a document has no quantified statement
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
    # documents whose gold is a `none` line: every prediction on them is a false positive
    none_documents: list[str] = field(default_factory=list)
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
        if NONE_KIND in kinds and rec.get("kind") == NONE_KIND:
            if not isinstance(rec.get("doc"), str):
                raise InputError(f"{where}: field 'doc' must be a string")
            continue
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


def validate_gold(gold: Sequence[Record]) -> None:
    """Check gold records: fields and kinds (``none`` lines included), and that no
    document has both a ``none`` line and other records. Raises :class:`InputError`
    without a file name (add it with ``err.with_file(...)``)."""
    _validate(gold, "gold", (*GOLD_KINDS, NONE_KIND))
    none_docs = {g["doc"] for g in gold if g["kind"] == NONE_KIND}
    mixed: dict[str, int] = {}
    for g in gold:
        if g["kind"] != NONE_KIND and g["doc"] in none_docs:
            mixed[g["doc"]] = mixed.get(g["doc"], 0) + 1
    if mixed:
        doc, n = next(iter(mixed.items()))
        raise InputError(
            f"document {doc!r} has a 'none' line (no quantified statement)"
            f" and {n} other gold record(s)"
        )


def load_gold(path: str | Path) -> list[Record]:
    """:func:`load_jsonl` then :func:`validate_gold`; every error names the file."""
    records = load_jsonl(path)
    try:
        validate_gold(records)
    except InputError as exc:
        raise exc.with_file(str(path)) from exc
    return records


def range_records(record: Record) -> list[Record]:
    """The records a prediction counts as (SCHEMA convention 7).

    A record whose ``value_high`` is not None is a range: two records, the lower bound
    with comparator ``>=`` and the upper bound with ``<=`` (``value_high`` None in both,
    ``bound`` ``"low"`` / ``"high"`` added). Any other record is returned alone, unchanged.
    """
    high = record.get("value_high")
    if high is None:
        return [record]
    low, high = sorted((record["value"], high))
    return [
        {**record, "value": low, "value_high": None, "comparator": ">=", "bound": "low"},
        {**record, "value": high, "value_high": None, "comparator": "<=", "bound": "high"},
    ]


def score(gold: Sequence[Record], predicted: Sequence[Record]) -> Scores:
    """Score `predicted` against `gold` following SCHEMA.md (see the module docstring).

    Raises :class:`InputError` (without a file name; add it with ``err.with_file(...)``)
    when a record lacks ``doc``/``kind``/``unit``/``value`` or has an unknown kind. Predicted
    records of kind ``ignore`` are accepted and skipped (so the gold file scores 1.0
    against itself).
    """
    validate_gold(gold)
    _validate(predicted, "predicted", GOLD_KINDS)
    none_docs = {g["doc"] for g in gold if g["kind"] == NONE_KIND}
    gold = [g for g in gold if g["kind"] != NONE_KIND]
    scores = Scores(
        gold_records=len(gold),
        ignore_records=sum(1 for g in gold if g["kind"] == "ignore"),
        predicted_records=len(predicted),
        predicted_ignore=sum(1 for p in predicted if p["kind"] == "ignore"),
    )
    gold_by_doc: dict[str, list[Record]] = {doc: [] for doc in sorted(none_docs)}
    for rec in gold:
        gold_by_doc.setdefault(rec["doc"], []).append(rec)
    scores.none_documents = sorted(none_docs)
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
        f" in {scores.gold_documents} documents"
        + (f" ({len(scores.none_documents)} with none)" if scores.none_documents else "")
        + f"; predicted {scores.predicted_records}"
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
    lines += [f"  {_attribute_error_line(m)}" for m in errors]
    return "\n".join(lines)


def format_part_line(part: str, scores: Scores) -> str:
    """One line for one part of a set: its overall P/R/F1 (and counts), then target F1."""
    o, t = scores.overall, scores.per_kind["target"]
    return (
        f"part {part}: P {_fmt(o.precision).strip()} R {_fmt(o.recall).strip()}"
        f" F1 {_fmt(o.f1).strip()} (tp {o.tp} fp {o.fp} fn {o.fn});"
        f" target F1 {_fmt(t.f1).strip()}"
    )


# --------------------------------------------------------------------------- by rule


def rule_of(record: Record) -> str:
    """The rule that decided a prediction: ``cues["rule"]``, else ``cues["kind"]``, else
    ``"(none)"``."""
    cues = record.get("cues")
    if isinstance(cues, dict):
        for key in ("rule", "kind"):
            value = cues.get(key)
            if value not in (None, ""):
                return str(value)
    return "(none)"


def _grouped(items: Sequence[Any], key: Callable[[Any], str]) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


@dataclass(frozen=True)
class ErrorsByRule:
    """Errors grouped, largest group first (ties by name). Misses have no rule: they are
    grouped by gold kind."""

    false_positives: list[tuple[str, list[Record]]]
    attribute_errors: list[tuple[str, list[Match]]]
    false_negatives: list[tuple[str, list[Record]]]


def errors_by_rule(scores: Scores) -> ErrorsByRule:
    return ErrorsByRule(
        false_positives=_grouped(scores.false_positives, rule_of),
        attribute_errors=_grouped(scores.attribute_errors, lambda m: rule_of(m.predicted)),
        false_negatives=_grouped(scores.false_negatives, lambda g: str(g.get("kind"))),
    )


def _attribute_error_line(m: Match) -> str:
    diffs = ", ".join(
        f"{a}: gold {m.gold.get(a)!r} predicted {m.predicted.get(a)!r}" for a in m.wrong
    )
    return f"AT {_describe(m.gold)} -> {diffs}"


def format_errors_by_rule(scores: Scores, details: bool = False) -> str:
    """Counts of false positives and attribute errors per rule, misses per gold kind,
    largest first (for --by-rule); with `details`, each group's errors under its count."""
    grouped = errors_by_rule(scores)
    lines: list[str] = []
    sections: list[tuple[str, int, list[tuple[str, list[Any]]], Callable[[Any], str]]] = [
        (
            "false positives by rule",
            len(scores.false_positives),
            grouped.false_positives,
            lambda p: f"FP {_describe(p)}",
        ),
        (
            "attribute errors by rule",
            len(scores.attribute_errors),
            grouped.attribute_errors,
            _attribute_error_line,
        ),
        (
            "false negatives by gold kind",
            len(scores.false_negatives),
            grouped.false_negatives,
            lambda g: f"FN {_describe(g)}",
        ),
    ]
    for title, total, groups, describe in sections:
        lines.append(f"{title} ({total}):")
        for name, items in groups:
            lines.append(f"  {len(items):>4}  {name}")
            if details:
                lines += [f"          {describe(item)}" for item in items]
    return "\n".join(lines)


# --------------------------------------------------------------------------- gold sets


@dataclass(frozen=True)
class GoldSet:
    """One gold file and the folder of its documents; `part` names it (``gold_news.jsonl``
    → ``news``; another file → its stem)."""

    part: str
    gold: Path
    docs: Path


def part_name(gold: Path) -> str:
    stem = gold.name.removesuffix(".jsonl")
    return stem.removeprefix("gold_") or stem


def _docs_folder(gold: Path, part: str) -> Path:
    beside = gold.parent / part
    if gold.name.startswith("gold_") and beside.is_dir():
        return beside
    return gold.parent


def find_gold_sets(paths: Sequence[Path], docs: Path | None = None) -> list[GoldSet]:
    """Gold files and their document folders.

    A folder stands for every ``gold_<part>.jsonl`` in it (sorted); a folder without any is
    an error. A file stands for itself; a missing one is an error. Documents come from
    `docs` when given, else from ``<part>/`` beside a ``gold_<part>.jsonl`` when that
    folder exists, else from the gold file's own folder. Parts get distinct names
    (``news``, ``news-2`` …) so documents of different parts never collide.
    """
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(path.glob("gold_*.jsonl"))
            if not found:
                raise InputError("no gold_*.jsonl file in this folder", file=str(path))
            files += found
        elif path.is_file():
            files.append(path)
        else:
            raise InputError("no such gold file or folder", file=str(path))
    sets: list[GoldSet] = []
    taken: set[str] = set()
    for gold in files:
        base = part = part_name(gold)
        n = 1
        while part in taken:
            n += 1
            part = f"{base}-{n}"
        taken.add(part)
        folder = docs if docs is not None else _docs_folder(gold, base)
        sets.append(GoldSet(part=part, gold=gold, docs=folder))
    return sets


_MANIFEST_ROW = re.compile(
    r"^\|\s*([^|\s]+\.[A-Za-z0-9]{1,5})\s*\|\s*(https?://[^|\s]+)\s*\|", re.M
)


def source_addresses(*folders: Path) -> dict[str, str]:
    """The address each document was collected from, read from a corpus manifest: the
    README.md of the documents' folder or of the gold file's, a Markdown table whose rows
    start `| file name | http(s) address |`. The address often carries the publication
    date, which the document context step uses. Missing or unreadable files give {}."""
    found: dict[str, str] = {}
    for folder in folders:
        try:
            text = (folder / "README.md").read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        for m in _MANIFEST_ROW.finditer(text):
            found.setdefault(m.group(1), m.group(2))
    return found
