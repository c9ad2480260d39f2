"""Our quantity parser on other people's test suites (../shared/eval/peers/*.jsonl).

    python benchmarks/peer_suites.py               # pass rates per suite and overall
    python benchmarks/peer_suites.py --failures    # and every failing in-domain case
    python benchmarks/peer_suites.py --out-of-domain  # and every case left out, with why
    python benchmarks/peer_suites.py --speed       # and throughput on a seed document

Each suite tests one model of its source, so our output is first projected onto that
model's view: the number model sees `find_numbers`; the percentage, currency and
dimension models see the quantities of that kind from `find_quantities`; the range model
sees quantities with a bound or a range; JioNLP sees money. A case passes when the
predicted entities equal the expected ones: same span, value within 1e-9 relative, same
unit (Recognizers' English unit names mapped to ours). An empty expectation passes only
when nothing is predicted.

"In domain" is decided per case in `out_of_domain_reason` below, with the reason printed
by --out-of-domain: what policy texts never write (scientific notation, slash
fractions, dozens), what the clean stage removes before the parser runs (spaces inside
a number), and conventions where our schema differs on purpose (以上 is ≥, a range
A–B is closed). Cases the source marks NotSupported stay in if they are in our domain.
docs/quantities.md lists the decisions and the figures this script printed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from plantrack.extract.quantities import Quantity, _units, find_numbers, find_quantities

REPO = Path(__file__).resolve().parents[1]
PEERS = REPO.parent / "shared" / "eval" / "peers"
SEEDS = REPO.parent / "shared" / "seeds"

# Recognizers' unit names → (our canonical unit, factor from theirs to ours).
UNIT_MAP: dict[str, tuple[str, Decimal]] = {
    "Chinese yuan": ("元", Decimal(1)),
    "United States dollar": ("美元", Decimal(1)),
    "Dollar": ("美元", Decimal(1)),  # $20 in Chinese text
    "Euro": ("欧元", Decimal(1)),
    "Hong Kong dollar": ("港元", Decimal(1)),
    "Japanese yen": ("日元", Decimal(1)),
    "New Taiwan dollar": ("新台币", Decimal(1)),
    "Swiss franc": ("瑞士法郎", Decimal(1)),
    "Mu": ("亩", Decimal(1)),
    "Ton": ("吨", Decimal(1)),
    "Kilogram": ("公斤", Decimal(1)),  # 公斤 and 斤 are kept as written (SCHEMA.md 14)
    "Jin": ("斤", Decimal(1)),
    "Gram": ("吨", Decimal("0.000001")),
    "Microgram": ("吨", Decimal("0.000000000001")),
    "Kilometer": ("公里", Decimal(1)),
    "Meter": ("米", Decimal(1)),
    "Centimeter": ("米", Decimal("0.01")),
    "Kilowatt": ("千瓦", Decimal(1)),
}
PHYSICAL = {"mass", "length", "area", "volume", "energy", "power"}

# -- reasons a case is outside our domain ------------------------------------------------------

SPACE = (
    "space inside the expression: the clean stage deletes spaces that touch Chinese "
    "characters or digits before the parser runs"
)
FW_COMMA = (
    "full-width comma as thousands separator (4，565): in Chinese text ， separates "
    "clauses and list items"
)
NOTATION = (
    "scientific notation, powers or Latin multipliers (2e5, 2^5, 40k, 30w, 2.5 M): "
    "not written in policy texts"
)
SLASH = (
    "slash fraction (3/5, 1 4/3): in policy texts a slash is a date, a rate (元/吨) "
    "or an alternative"
)
DOZEN = "dozens (一打, 五十打): not a policy-text unit"
LITERARY = "literary numeral 半百"
MALFORMED = "五十千 is not a well-formed numeral; we reject it instead of guessing 五十"
NUMBER_DEFERS = (
    "the number model leaves a lone digit before a currency, 折 or ％ to the other "
    "models; a plain numeral finder reports it"
)
UNIT_OUT = (
    "unit outside our tables by design (information, frequency, calories, 两 as a "
    "weight, rare currencies, Bitcoin)"
)
NO_NUMBER = "a currency name without an amount"
SUBUNIT = "money in 角/分/毛 or cents (5元3毛): prices in policy texts are decimals of 元"
KUAI = "三块 as money: in our tables 块 counts pieces (3块地)"
HALF_PRICE = "打对折 (half price) is an idiom, not a figure"
FRACTION_PCT = (
    "we read 五百分之2.2 as the fraction 2.2/500 = 0.44 %; the percentage model leaves it"
)
PCT_RANGE = "we read 5-20% as the range 5 %–20 %; the percentage model marks only 20%"
NO_UNIT = (
    "no unit: a bare number with a bound (大于10, 20万次 is fine, 比170低 is not) is not a quantity"
)
HALF_OPEN = (
    "this file reads A到B / A-B as [A,B); we read a range as closed, as the "
    "ExperimentalMode file does"
)
YISHANG = "以上 is ≥ in our schema (SCHEMA.md); Recognizers reads it as >"
TWO_PHRASES = "two bounds in separate phrases (最多100最少20)"
SPEC_ERROR = (
    "the spec's own value is wrong (20万次以上 → (20000,)); flagged NotSupported everywhere"
)
NO_CURRENCY = (
    "no currency word: JioNLP defaults a bare amount to 元, we do not take a bare number for money"
)
TWO_CURRENCIES = "two currency words in one amount (三万元欧元, 9000元日币)"
FUZZY = (
    "JioNLP turns 多/几/数十 into an interval (3000多 → 3000–4000); we give the lower "
    "end and the comparator >"
)
PAIR = "approximate digit pairs (八九亿, 三五百): rejected rather than guessed"
GE_YI = "两个亿: 个 inside a numeral"
WHOLE_SUITE = "age, temperature and ordinals are outside our domain"

_LATIN_MULT = re.compile(r"[0-9.]\s*[kKwWM](?![a-zA-Z])|[0-9.][eE][-+]?[0-9]|\^")
_SUBUNIT = re.compile(
    r"[0-9一二三四五六七八九十]\s*[角毛]|[0-9一二三四五六七八九十]分(?!之)|美分|銭"
)
_CURRENCY_WORD = re.compile(r"[元圆块塊币幣铢]|美金|卢布|英镑")


def _nfkc(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


def _slices(case: dict) -> list[str]:
    out = []
    for e in case["expected"]:
        if "span" in e and e["span"] is not None:
            out.append(case["input"][e["span"][0] : e["span"][1]])
        else:
            out.append(case["input"].strip())
    return out


def _common_reason(case: dict) -> str | None:
    slices = _slices(case)
    if any(re.search(r"\S\s+\S", s.strip()) for s in slices):
        return SPACE
    if any("，" in s for s in slices):
        return FW_COMMA
    if any(_LATIN_MULT.search(_nfkc(s)) for s in slices):
        return NOTATION
    return None


def _number_reason(case: dict) -> str | None:
    explicit = {280: NUMBER_DEFERS, 281: NUMBER_DEFERS, 284: NUMBER_DEFERS}
    explicit |= {285: NUMBER_DEFERS, 286: NUMBER_DEFERS, 361: NUMBER_DEFERS, 292: MALFORMED}
    if case["case_index"] in explicit:
        return explicit[case["case_index"]]
    slices = [_nfkc(s) for s in _slices(case)]
    if any("/" in s for s in slices):
        return SLASH
    if any("打" in s for s in slices):
        return DOZEN
    if any("半百" in s for s in slices):
        return LITERARY
    return _common_reason(case)


def _percent_reason(case: dict) -> str | None:
    explicit = {0: HALF_PRICE, 107: HALF_PRICE, 94: FRACTION_PCT, 148: PCT_RANGE}
    return explicit.get(case["case_index"]) or _common_reason(case)


def _unit_reason(case: dict) -> str | None:
    for e in case["expected"]:
        if e.get("value") is None:
            return NO_NUMBER
        if e.get("unit") not in UNIT_MAP:
            return UNIT_OUT
    if any(_SUBUNIT.search(s) for s in _slices(case)):
        return SUBUNIT
    return None


def _currency_reason(case: dict) -> str | None:
    if case["case_index"] == 18:
        return KUAI
    return _unit_reason(case) or _common_reason(case)


def _dimension_reason(case: dict) -> str | None:
    return _unit_reason(case) or _common_reason(case)


def _range_reason(case: dict, half_open_file: bool) -> str | None:
    explicit = {5: TWO_PHRASES, 63: SPEC_ERROR}
    if case["case_index"] in explicit:
        return explicit[case["case_index"]]
    text = case["input"]
    unit_names = sorted(_units(), key=len, reverse=True)
    for e in case["expected"]:
        s = text[e["span"][0] : e["span"][1]]
        rest = text[e["span"][1] :].lstrip()
        has_unit = any(rest.lower().startswith(u.lower()) for u in unit_names)
        if not (has_unit or "百分之" in s or "%" in s):
            return NO_UNIT
        if "以上" in s or "以上" in rest[:4]:
            return YISHANG
        r = e["range"]
        both_ends = r["min"] is not None and r["max"] is not None
        if half_open_file and both_ends and r["min_inclusive"] != r["max_inclusive"]:
            return HALF_OPEN
    return _common_reason(case)


def _jionlp_parser_reason(case: dict) -> str | None:
    text = case["input"]
    e = case["expected"][0]
    explicit = {22: TWO_CURRENCIES, 23: TWO_CURRENCIES, 17: GE_YI}
    explicit |= {49: PAIR, 50: PAIR, 51: PAIR}
    if case["case_index"] in explicit:
        return explicit[case["case_index"]]
    if isinstance(e["value"], list) and re.search("[多几幾数數]", text):
        return FUZZY
    if _SUBUNIT.search(text):
        return SUBUNIT
    common = _common_reason(case)
    if common is not None:
        return common
    if not _CURRENCY_WORD.search(text) and not any(u in text for u in ("美元", "欧元", "港元")):
        return NO_CURRENCY
    return None


def _jionlp_extractor_reason(case: dict) -> str | None:
    if any(_SUBUNIT.search(s) for s in _slices(case)):
        return SUBUNIT
    return _common_reason(case)


# -- projections: our output as each model sees it ------------------------------------------


@dataclass(frozen=True)
class Entity:
    span: tuple[int, int]
    value: Decimal | None = None
    high: Decimal | None = None
    unit: str | None = None
    interval: tuple | None = None  # numberrange: (min, max, min_inclusive, max_inclusive)
    comparator: str | None = None


def _amount_span(q: Quantity) -> tuple[int, int]:
    return (q.amount_start, q.amount_end)


def _interval(q: Quantity) -> tuple | None:
    if q.high is not None:
        return (q.value, q.high, True, True)
    return {
        ">=": (q.value, None, True, None),
        ">": (q.value, None, False, None),
        "<=": (None, q.value, None, True),
        "<": (None, q.value, None, False),
    }.get(q.comparator or "")


def view_numbers(text: str) -> list[Entity]:
    return [Entity((a, b), v) for a, b, v in find_numbers(text)]


def view_percent(text: str) -> list[Entity]:
    # Recognizers gives percentage points and per mille in %: 千分之五 is 0.5%, our 5 ‰
    scale = {"%": Decimal(1), "百分点": Decimal(1), "‰": Decimal("0.1")}
    return [
        Entity(
            _amount_span(q),
            q.value * scale[q.unit],
            q.high * scale[q.unit] if q.high is not None else None,
        )
        for q in find_quantities(text)
        if q.unit in scale
    ]


def view_kind(kinds: set[str]) -> Callable[[str], list[Entity]]:
    def view(text: str) -> list[Entity]:
        return [
            Entity(_amount_span(q), q.value, q.high, q.unit)
            for q in find_quantities(text)
            if q.kind in kinds
        ]

    return view


def view_ranges(text: str) -> list[Entity]:
    out = []
    for q in find_quantities(text):
        interval = _interval(q)
        if interval is not None:
            out.append(Entity((q.start, q.end), interval=interval))
    return out


def view_money_full(text: str) -> list[Entity]:
    return [
        Entity((q.start, q.end), q.value, q.high, q.unit, comparator=q.comparator)
        for q in find_quantities(text)
        if q.kind == "money"
    ]


def view_nothing(text: str) -> list[Entity]:
    find_quantities(text)  # still run: it must not raise
    find_numbers(text)
    return []


# -- matching ----------------------------------------------------------------------------------


def close(
    a: Decimal | None,
    b: Decimal | None,
    rel: Decimal = Decimal("1e-9"),
    absolute: Decimal = Decimal(0),
) -> bool:
    if a is None or b is None:
        return a is b
    diff = abs(a - b)
    return diff <= absolute or diff <= rel * max(abs(a), abs(b))


def _dec(x: object) -> Decimal | None:
    return None if x is None else Decimal(str(x).rstrip("%"))


def match_recognizers(kind: str) -> Callable[[dict, Entity, dict], bool]:
    def match(exp: dict, got: Entity, case: dict) -> bool:
        if kind == "numberrange":
            a, b = tuple(exp["span"]), got.span
            if not (a[0] < b[1] and b[0] < a[1]):
                return False
            r = exp["range"]
            want = (_dec(r["min"]), _dec(r["max"]), r["min_inclusive"], r["max_inclusive"])
            lo, hi, lo_inc, hi_inc = got.interval  # type: ignore[misc]
            return (
                close(lo, want[0])
                and close(hi, want[1])
                and lo_inc == want[2]
                and hi_inc == want[3]
            )
        if tuple(exp["span"]) != got.span:
            return False
        if case["notes"].get("IgnoreResolution"):
            return True
        value = _dec(exp["value"])
        if kind in ("currency", "dimension"):
            canonical, factor = UNIT_MAP.get(exp.get("unit") or "", ("?", Decimal(1)))
            if got.unit != canonical:
                return False
            value = value * factor if value is not None else None
        return got.high is None and close(got.value, value)

    return match


# JioNLP's `definition` → the comparators of ours that agree with it.
COMPARATORS: dict[str, set[str | None]] = {
    "accurate": {None},
    "blur": {"="},
    "blur+": {">=", ">"},
    "blur-": {"<", "<=", "="},  # 近 is = (an approximate level) in our schema
}


def match_jionlp_parser(exp: dict, got: Entity, case: dict) -> bool:
    text = case["input"]
    stripped = (len(text) - len(text.lstrip()), len(text.rstrip()))
    if got.span != stripped or got.unit != exp["unit"]:
        return False
    cents = Decimal("0.005")  # JioNLP rounds to 2 decimals
    if isinstance(exp["value"], list):
        lo, hi = (Decimal(v) for v in exp["value"])
        return close(got.value, lo, absolute=cents) and close(got.high, hi, absolute=cents)
    if got.high is not None or not close(got.value, Decimal(exp["value"]), absolute=cents):
        return False
    return got.comparator in COMPARATORS[exp["definition"]]


def match_span(exp: dict, got: Entity, case: dict) -> bool:
    return tuple(exp["span"]) == got.span


# -- suites ------------------------------------------------------------------------------------


@dataclass
class Suite:
    name: str
    file: str
    view: Callable[[str], list[Entity]]
    match: Callable[[dict, Entity, dict], bool]
    reason: Callable[[dict], str | None]
    cases: list[dict] = field(default_factory=list)


SUITES = [
    Suite(
        "number",
        "recognizers_zh_number.jsonl",
        view_numbers,
        match_recognizers("number"),
        _number_reason,
    ),
    Suite(
        "numberrange",
        "recognizers_zh_numberrange.jsonl",
        view_ranges,
        match_recognizers("numberrange"),
        lambda c: _range_reason(c, True),
    ),
    Suite(
        "numberrange-exp",
        "recognizers_zh_numberrange_experimental.jsonl",
        view_ranges,
        match_recognizers("numberrange"),
        lambda c: _range_reason(c, False),
    ),
    Suite(
        "percent",
        "recognizers_zh_percent.jsonl",
        view_percent,
        match_recognizers("percent"),
        _percent_reason,
    ),
    Suite(
        "currency",
        "recognizers_zh_currency.jsonl",
        view_kind({"money"}),
        match_recognizers("currency"),
        _currency_reason,
    ),
    Suite(
        "dimension",
        "recognizers_zh_dimension.jsonl",
        view_kind(PHYSICAL),
        match_recognizers("dimension"),
        _dimension_reason,
    ),
    Suite(
        "jionlp-money-parser",
        "jionlp_money_parser.jsonl",
        view_money_full,
        match_jionlp_parser,
        _jionlp_parser_reason,
    ),
    Suite(
        "jionlp-money-extractor",
        "jionlp_money_extractor.jsonl",
        view_kind({"money"}),
        match_span,
        _jionlp_extractor_reason,
    ),
    Suite(
        "ordinal", "recognizers_zh_ordinal.jsonl", view_nothing, match_span, lambda c: WHOLE_SUITE
    ),
    Suite("age", "recognizers_zh_age.jsonl", view_nothing, match_span, lambda c: WHOLE_SUITE),
    Suite(
        "temperature",
        "recognizers_zh_temperature.jsonl",
        view_nothing,
        match_span,
        lambda c: WHOLE_SUITE,
    ),
]


_CJK = "\u3000-\u9fff\uff00-\uffef"
_CRUDE_PDF_SPACES = re.compile(rf"(?<=[{_CJK}])[ \t\u3000]+|[ \t\u3000]+(?=[{_CJK}])")


def _despace(text: str) -> tuple[str, list[int]]:
    """The clean stage's rule for PDF text (clean/normalize.PDF_SPACES): delete every
    space that touches a Chinese character. Returns the text and, per character, its
    offset in the input."""
    try:
        from plantrack.clean.normalize import PDF_SPACES as rule
    except ImportError:  # the clean stage is not ours; its rule as of this writing
        rule = _CRUDE_PDF_SPACES
    keep = [True] * len(text)
    for m in rule.finditer(text):
        for i in range(*m.span()):
            keep[i] = False
    offsets = [i for i, k in enumerate(keep) if k]
    return "".join(text[i] for i in offsets), offsets


def _remap(e: Entity, offsets: list[int]) -> Entity:
    a, b = e.span
    span = (offsets[a], offsets[b - 1] + 1) if b > a else (offsets[a], offsets[a])
    return Entity(span, e.value, e.high, e.unit, e.interval, e.comparator)


def passes(suite: Suite, case: dict, despace: bool = False) -> tuple[bool, list[Entity]]:
    if despace:
        text, offsets = _despace(case["input"])
        got = [_remap(e, offsets) for e in suite.view(text)]
    else:
        got = suite.view(case["input"])
    expected = case["expected"]
    if len(got) != len(expected):
        return False, got
    free = list(got)
    for exp in expected:
        hit = next((g for g in free if suite.match(exp, g, case)), None)
        if hit is None:
            return False, got
        free.remove(hit)
    return True, got


@dataclass
class Score:
    cases: int = 0
    passed: int = 0
    domain: int = 0
    domain_passed: int = 0
    supported: int = 0  # in domain and not flagged NotSupported by the source
    supported_passed: int = 0
    spaced: int = 0  # out of domain for spaces inside the expression …
    spaced_passed: int = 0  # … but passing once the clean stage's space rule has run


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}%" if b else "    –"


def run(show_failures: bool, show_out: bool) -> float:
    total = Score()
    rows = []
    for suite in SUITES:
        path = PEERS / suite.file
        suite.cases = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
        score = Score()
        for case in suite.cases:
            ok, got = passes(suite, case)
            reason = suite.reason(case)
            score.cases += 1
            score.passed += ok
            if reason is None:
                score.domain += 1
                score.domain_passed += ok
                if not case["notes"].get("NotSupported"):
                    score.supported += 1
                    score.supported_passed += ok
                if not ok and show_failures:
                    print(f"FAIL {suite.name}#{case['case_index']} {case['input']!r}")
                    print(f"     expected {[_show(e) for e in case['expected']]}")
                    print(f"     got      {[_show_entity(g) for g in got]}")
            else:
                if reason == SPACE:
                    score.spaced += 1
                    score.spaced_passed += passes(suite, case, despace=True)[0]
                if show_out:
                    print(f"OUT  {suite.name}#{case['case_index']} {case['input']!r}: {reason}")
        rows.append((suite.name, score))
        for attr in vars(total):
            setattr(total, attr, getattr(total, attr) + getattr(score, attr))
    print()
    header = (
        f"{'suite':<24}{'cases':>6}{'all':>8}{'in domain':>11}{'pass':>8}"
        f"{'w/o NotSupported':>19}{'spaces, cleaned':>18}"
    )
    print(header)
    print("-" * len(header))
    for name, s in [*rows, ("overall", total)]:
        print(
            f"{name:<24}{s.cases:>6}{_pct(s.passed, s.cases):>8}{s.domain:>11}"
            f"{_pct(s.domain_passed, s.domain):>8}"
            f"{_pct(s.supported_passed, s.supported):>11} of {s.supported:<4}"
            f"{_pct(s.spaced_passed, s.spaced):>11} of {s.spaced:<4}"
        )
    rate = total.domain_passed / total.domain
    print(
        f"\noverall in-domain pass rate: {100 * rate:.1f}% ({total.domain_passed}/{total.domain})"
    )
    print(
        "w/o NotSupported: in-domain cases that no platform of the source flags NotSupported.\n"
        "spaces, cleaned: cases left out for a space inside the expression, run again after\n"
        "the clean stage's rule for PDF text (spaces touching Chinese characters deleted)."
    )
    return rate


def _show(e: dict) -> str:
    v = e.get("range") or e.get("value")
    return f"{e['text']}@{e.get('span')}={v}{' ' + e['unit'] if e.get('unit') else ''}"


def _show_entity(g: Entity) -> str:
    if g.interval is not None:
        return f"{g.span}={g.interval}"
    return f"{g.span}={g.value}{'–' + str(g.high) if g.high is not None else ''} {g.unit or ''}"


def speed() -> None:
    """Throughput of find_quantities on a seed plan (raw PDF text and as cleaned)."""
    path = SEEDS / "004_0a1f08db3fe563dd.txt"
    if not path.is_file():
        print(f"\nspeed: {path} not found")
        return
    raw = path.read_text("utf-8")
    try:
        from plantrack.pipeline import process_bytes

        clean = process_bytes(path.read_bytes(), path.name).text
    except Exception as exc:  # the pipeline is not ours; fall back to a crude clean
        print(f"(pipeline unavailable: {exc}; removing PDF spaces by regex)")
        clean = _CRUDE_PDF_SPACES.sub("", raw)
    print()
    for label, text in (("raw PDF text", raw), ("cleaned text", clean)):
        big = text * max(1, 4_000_000 // len(text.encode("utf-8")))
        find_quantities(text)  # warm the caches
        best = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            found = find_quantities(big)
            best = min(best, time.perf_counter() - t0)
        mb = len(big.encode("utf-8")) / 1e6
        print(
            f"speed, {label}: {mb:.1f} MB ({len(big):,} chars) in {best:.3f} s = "
            f"{mb / best:.1f} MB/s, {len(big) / best / 1e6:.2f} M chars/s, "
            f"{len(found):,} quantities"
        )
    # sentence by sentence, as the statement extractor calls it
    sentences = [s for s in re.split(r"(?<=[。；！？\n])", clean) if s.strip()] * 20
    t0 = time.perf_counter()
    for s in sentences:
        find_quantities(s)
    dt = time.perf_counter() - t0
    mb = sum(len(s.encode("utf-8")) for s in sentences) / 1e6
    print(
        f"speed, cleaned text sentence by sentence ({len(sentences):,} calls): {mb / dt:.1f} MB/s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--failures", action="store_true", help="list failing in-domain cases")
    parser.add_argument("--out-of-domain", action="store_true", help="list cases left out")
    parser.add_argument("--speed", action="store_true", help="measure throughput on a seed")
    args = parser.parse_args()
    if not PEERS.is_dir():
        sys.exit(f"peer suites not found in {PEERS}")
    run(args.failures, args.out_of_domain)
    if args.speed:
        speed()


if __name__ == "__main__":
    main()
